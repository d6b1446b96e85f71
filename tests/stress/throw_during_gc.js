// Throws tens of thousands of JS exceptions from native calls while V8 collects garbage
// holding mlx-node arrays (run: node tests/stress/throw_during_gc.js; tests/js/errors.test.ts
// runs it in child processes).
//
// It guards a fixed process abort. Node-API records an exception thrown from a native
// callback and rethrows it after the callback returns; a garbage collection in between
// runs the addon's GC-time finalizers with the exception still recorded and Node aborts
// ("Check failed: AllowJavascriptExecution::IsAllowed(isolate)"). Native calls now return
// their error as a value (a per-environment sentinel carrying it) and JS throws it
// (src/native/napi_util.h, src/ts/native.ts). Before that change this script aborted in
// about one run of four, on Node 20 and 24.
const mx = require('../..');
const g = mx.grad((x) => { mx.add(x, 1); throw new RangeError('inside'); });
const evil = new Proxy({}, { has() { throw new Error('trap'); } });
let n = 0;
for (let i = 0; i < 20000; i++) {
  mx.add(mx.array(1), 2); // garbage with GC-time finalizers
  try { g(mx.array(1.5)); } catch (e) { if (e.message === 'inside') n++; }
  try { mx.array(evil); } catch (e) { n++; }
}
console.log(`${n} exceptions caught, process alive`);
