// Reproduces a process abort that is NOT fixed yet (run: node tests/stress/throw_during_gc.js;
// it aborts in about one run of four on a 2-core machine, under Node 20 and 24 alike).
//
// A JS exception thrown by a native call is recorded by Node-API and rethrown by Node
// after the call returns; Node clears the record only after that rethrow. When V8
// collects garbage during the rethrow (allocating the exception's message), it runs the
// addon's GC-time ("basic") finalizers, Node finds the exception still recorded after
// the finalizer, tries to report it from inside the GC and aborts: "Check failed:
// AllowJavascriptExecution::IsAllowed(isolate)". A basic finalizer cannot clear the
// record (Node forbids the call in GC). The fix to make: native calls return their
// error as a value (a per-environment sentinel, the error kept aside) and JS throws it,
// so no exception is ever recorded by Node-API when a GC can run.
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
