'use strict';
// JSON-lines server for the differential conformance suite (harness.py).
//
// One request per line on stdin, one response per line on stdout:
//   {"id": 1, "fn": "mx.sum" | "mx.random.normal" | "method:sum" | "$opTables" | "$exports" | "$ping",
//    "args": [...encoded...], "kwargs": {...encoded, keys already camelCase...}, "seed": 3?,
//    "pre": [<$call>, ...]?, "apply": {"args": [...], "kwargs": {...}}?}
//   -> {"id": 1, "ok": true, "result": <encoded>}
//   -> {"id": 1, "ok": false, "error": {"type": "TypeError", "message": "..."}}
// "method:NAME" calls args[0].NAME(...args[1:]). "seed" (optional) runs
// mx.random.seed(seed) immediately before the call. "pre" (optional) calls run
// first, in order. "apply" (optional) calls the result (a function) with those
// arguments; what that returns is the result. A JS class (mx.finfo, mx.Device) is called with `new`. A
// Promise result (mx.asyncEval) is awaited; requests are handled one at a time.
// "$exports" lists the function-valued own enumerable properties of mx,
// mx.random, mx.linalg, mx.nn, mx.nn.losses, mx.nn.init and mx.utils, each {name, isClass}.
// fn names start with "mx.", "nn." (mx.nn) or "utils." (mx.utils).
//
// Encoded values (both directions):
//   {"$array": {"dtype", "shape", "data": base64 of raw little-endian row-major bytes,
//               "dataDtype"?: storage dtype of `data` when it differs from dtype}}
//   {"$view": {"base": <$array>, "op": "transpose", "axes": [...] | null}}
//   {"$view": {"base": <$array>, "op": "broadcast", "shape": [...]}}
//   {"$dtype": "float32"}, {"$category": "floating"} (DtypeCategory),
//   {"$device": "cpu"} (DeviceType), {"$device": "cpu", "index": 0} (Device),
//   {"$bigint": "123"}, {"$float": "nan" | "inf" | "-inf"}, null, numbers,
//   booleans, strings, lists, plain objects;
//   {"$call": {"fn": "mx.defaultStream", "args": [...], "kwargs": {...}}}: the
//   value of that call (arguments only);
//   {"$fn": "poly3"}: the function of that name in transforms_catalogue.js or
//   nn_catalogue.js (arguments only);
//   results only: {"$stream": {"device": <Device>, "index": 1}},
//   {"$finfo": {bits, dtype, eps, max, min, smallestNormal}}, {"$iinfo": {dtype, max, min}}.
// The server must never die on a bad request: everything is caught.

const path = require('path');

// Anything the library prints must not corrupt the protocol on stdout.
console.log = (...a) => process.stderr.write(a.map(String).join(' ') + '\n');
console.info = console.log;

let mx = null;
let loadError = null;
try {
  mx = require(path.resolve(__dirname, '../../..'));
} catch (e) {
  loadError = e;
}
let catalogue = null; // transforms_catalogue.js, loaded on first use

const TYPED = {
  bool: Uint8Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  float32: Float32Array,
  float64: Float64Array,
  // read back as raw bits / interleaved pairs
  float16: Uint16Array,
  bfloat16: Uint16Array,
  complex64: Float32Array,
};

function dtypeByName(name) {
  const table = { bool: mx.bool_ };
  const d = table[name] || mx[name];
  if (!d || typeof d !== 'object' || typeof d.name !== 'string' || d.name !== name) {
    throw new Error(`harness: unknown dtype ${JSON.stringify(name)}`);
  }
  return d;
}

// Everything created while decoding or calling is disposed after the reply.
let created = [];
function keep(a) {
  if (a && typeof a === 'object' && typeof a.dispose === 'function') created.push(a);
  return a;
}

function keepTree(x) {
  if (Array.isArray(x)) x.forEach(keepTree);
  else if (x && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) Object.values(x).forEach(keepTree);
  else keep(x);
}

function decodeArray(spec) {
  const { dtype, shape, data } = spec;
  const storage = spec.dataDtype || dtype;
  const Ctor = TYPED[storage];
  if (!Ctor || storage === 'float16' || storage === 'bfloat16' || storage === 'complex64') {
    throw new Error(`harness: cannot build from storage dtype ${storage}`);
  }
  const buf = Buffer.from(data, 'base64');
  // Copy into a fresh, aligned ArrayBuffer.
  const ab = new ArrayBuffer(buf.length);
  new Uint8Array(ab).set(buf);
  const typed = new Ctor(ab, 0, buf.length / Ctor.BYTES_PER_ELEMENT);
  let a;
  if (storage === dtype) {
    a = keep(mx.array(typed, dtypeByName(dtype)));
  } else {
    // float16/bfloat16/complex64 come as float32 values (exactly representable)
    const tmp = keep(mx.array(typed, dtypeByName(storage)));
    a = keep(tmp.astype(dtypeByName(dtype)));
  }
  // Evaluated, as Python's inputs (built from NumPy data) are.
  const out = keep(mx.reshape(a, shape));
  mx.eval(out);
  return out;
}

function decode(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decode);
  if ('$array' in v) return decodeArray(v.$array);
  if ('$view' in v) {
    const spec = v.$view;
    const base = decode(spec.base);
    if (spec.op === 'transpose') {
      return keep(spec.axes == null ? mx.transpose(base) : mx.transpose(base, spec.axes));
    }
    if (spec.op === 'broadcast') return keep(mx.broadcastTo(base, spec.shape));
    throw new Error(`harness: unknown view op ${spec.op}`);
  }
  if ('$dtype' in v) return dtypeByName(v.$dtype);
  if ('$category' in v) {
    const c = mx[v.$category];
    if (!c || !(c instanceof mx.DtypeCategory)) throw new Error(`harness: unknown category ${v.$category}`);
    return c;
  }
  if ('$device' in v) {
    const d = mx[v.$device];
    if (!(d instanceof mx.DeviceType)) throw new Error(`harness: unknown device ${v.$device}`);
    return 'index' in v ? new mx.Device(d, v.index) : d;
  }
  if ('$call' in v) {
    const spec = v.$call;
    const args = (spec.args || []).map(decode);
    const kwargs = spec.kwargs ? decode(spec.kwargs) : null;
    return keep(invoke(spec.fn, kwargs && Object.keys(kwargs).length > 0 ? [...args, kwargs] : args));
  }
  if ('$fn' in v) {
    if (catalogue === null) catalogue = { ...require('./transforms_catalogue.js')(mx), ...require('./nn_catalogue.js')(mx) };
    const f = Object.prototype.hasOwnProperty.call(catalogue, v.$fn) ? catalogue[v.$fn] : undefined;
    if (f === undefined) throw new Error(`harness: ${v.$fn} is not in transforms_catalogue.js or nn_catalogue.js`);
    return f;
  }
  if ('$bigint' in v) return BigInt(v.$bigint);
  if ('$slice' in v) return mx.slice(...v.$slice.map(decode));
  if ('$ellipsis' in v) return mx.Ellipsis;
  if ('$float' in v) {
    const f = { nan: NaN, inf: Infinity, '-inf': -Infinity }[v.$float];
    if (f === undefined) throw new Error(`harness: bad $float ${v.$float}`);
    return f;
  }
  // a plain object (dict / tree)
  const out = {};
  for (const [k, x] of Object.entries(v)) out[k] = decode(x);
  return out;
}

function isMxArray(x) {
  return x instanceof mx.array;
}

function encode(x) {
  if (x === undefined || x === null) return null;
  if (typeof x === 'boolean' || typeof x === 'string') return x;
  if (typeof x === 'number') {
    if (Number.isNaN(x)) return { $float: 'nan' };
    if (x === Infinity) return { $float: 'inf' };
    if (x === -Infinity) return { $float: '-inf' };
    return x;
  }
  if (typeof x === 'bigint') return { $bigint: x.toString() };
  if (Array.isArray(x)) return x.map(encode);
  if (isMxArray(x)) {
    const dtype = x.dtype.name;
    const shape = x.shape;
    const t = x.toTypedArray({ raw: true });
    const bytes = Buffer.from(t.buffer, t.byteOffset, t.byteLength);
    return { $array: { dtype, shape, data: bytes.toString('base64') } };
  }
  if (typeof x === 'object') {
    if (x instanceof mx.Dtype) return { $dtype: x.name };
    if (x instanceof mx.DtypeCategory) return { $category: x.name };
    if (x instanceof mx.DeviceType) return { $device: x.name };
    if (x instanceof mx.Device) return deviceJSON(String(x));
    if (x instanceof mx.Stream) {
      // "Stream(Device(cpu, 0), 1)", the format Python's repr shares
      const m = /^Stream\((Device\(.*\)), (-?\d+)\)$/.exec(String(x));
      if (!m) return { $repr: String(x), $type: 'Stream' };
      return { $stream: { device: deviceJSON(m[1]), index: Number(m[2]) } };
    }
    if (x instanceof mx.ThreadLocalStream) return { $tls: deviceJSON(String(x.device)) };
    if (x instanceof mx.PrintOptions) return { $printoptions: x.precision };
    if (x instanceof mx.StreamContext) return { $context: 'stream' };
    if (x && x.constructor && x.constructor.name === 'PrintOptionsContext') return { $context: 'printoptions' };
    if (x instanceof mx.finfo) {
      const f = {};
      for (const k of ['bits', 'dtype', 'eps', 'max', 'min', 'smallestNormal']) f[k] = encode(x[k]);
      return { $finfo: f };
    }
    if (x instanceof mx.iinfo) {
      const f = {};
      for (const k of ['dtype', 'max', 'min']) f[k] = encode(x[k]);
      return { $iinfo: f };
    }
    if (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null) {
      const out = {};
      for (const [k, v] of Object.entries(x)) out[k] = encode(v);
      return out;
    }
  }
  return { $repr: String(x), $type: (x && x.constructor && x.constructor.name) || typeof x };
}

function deviceJSON(text) {
  // "Device(cpu, 0)", the format Python's repr shares
  const m = /^Device\((\w+), (-?\d+)\)$/.exec(text);
  if (!m) return { $repr: text, $type: 'Device' };
  return { $device: m[1], index: Number(m[2]) };
}

function isClass(f) {
  return typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));
}

// Calls the function named fn ("mx.sum", "mx.random.normal"); `new` for a class.
function invoke(fn, callArgs) {
  // A module attribute (Python's mx.random.state) is read, not called.
  const v = fn.split('.').slice(1).reduce((o, p) => (o == null ? o : o[p]), root(fn));
  if (v !== undefined && v !== null && typeof v !== 'function') {
    if (callArgs.length === 0) return v;
    throw new TypeError(`${fn} is not a function`);
  }
  const [f, owner] = resolveFunction(fn);
  return isClass(f) ? Reflect.construct(f, callArgs) : f.apply(owner, callArgs);
}

// The namespace a fn's first part names: "mx.sum", "nn.losses.mseLoss" (mx.nn), "utils.treeMap" (mx.utils).
function root(fn) {
  const head = fn.split('.')[0];
  if (head === 'mx') return mx;
  if (head === 'nn' || head === 'utils') return mx[head];
  throw new Error(`harness: bad fn ${fn}`);
}

function listExports() {
  const out = {};
  const nn = mx.nn || {};
  for (const [mod, obj] of [['core', mx], ['random', mx.random], ['linalg', mx.linalg], ['nn', nn],
    ['nn.losses', nn.losses || {}], ['nn.init', nn.init || {}], ['utils', mx.utils || {}]]) {
    out[mod] = Object.keys(obj)
      .filter((k) => typeof obj[k] === 'function')
      .sort()
      .map((name) => ({ name, isClass: isClass(obj[name]) }));
  }
  return out;
}

function resolveFunction(fn) {
  // "mx.sum" -> mx.sum, "mx.random.normal" -> mx.random.normal
  const parts = fn.split('.');
  let obj = root(fn);
  let owner = null;
  for (const p of parts.slice(1)) {
    if (obj === null || obj === undefined) break;
    owner = obj;
    obj = obj[p];
  }
  if (typeof obj !== 'function') {
    const err = new Error(`harness: ${fn} is not exported (${typeof obj})`);
    err.name = 'NotExported';
    throw err;
  }
  return [obj, owner];
}

async function handle(req) {
  if (req.fn === '$ping') return { pid: process.pid };
  if (req.fn === '$opTables') return mx._opTables();
  if (req.fn === '$exports') return listExports();
  if (req.pre !== undefined && req.pre !== null) {
    if (!Array.isArray(req.pre)) throw new Error('harness: pre must be a list');
    for (const c of req.pre) {
      if (!c || typeof c !== 'object' || !('$call' in c)) throw new Error('harness: pre items must be $call');
      const r = decode(c);
      if (Array.isArray(r)) r.forEach(keep);
    }
  }
  const args = (req.args || []).map(decode);
  const kwargs = req.kwargs ? decode(req.kwargs) : null;
  const callArgs = kwargs && Object.keys(kwargs).length > 0 ? [...args, kwargs] : args;
  if (req.seed !== undefined && req.seed !== null) mx.random.seed(decode(req.seed));
  let result;
  if (req.fn.startsWith('index:')) {
    result = runIndex(req.fn, args);
  } else if (req.fn.startsWith('method:')) {
    const name = req.fn.slice('method:'.length);
    const [recv, ...rest] = callArgs;
    if (recv === null || recv === undefined || typeof recv[name] !== 'function') {
      const err = new Error(`harness: receiver has no method ${name}`);
      err.name = 'NotExported';
      throw err;
    }
    result = recv[name](...rest);
  } else {
    if (typeof req.fn !== 'string') throw new Error('harness: fn must be a string');
    result = invoke(req.fn, callArgs);
  }
  if (result && typeof result.then === 'function') result = await result;
  if (req.apply !== undefined && req.apply !== null) {
    const applyArgs = (req.apply.args || []).map(decode);
    const applyKw = req.apply.kwargs ? decode(req.apply.kwargs) : null;
    if (typeof result !== 'function') throw new TypeError(`the result (${typeof result}) is not a function`);
    result = result(...(applyKw && Object.keys(applyKw).length > 0 ? [...applyArgs, applyKw] : applyArgs));
  }
  keepTree(result);
  return encode(result); // reading back evaluates, so lazy errors surface here
}

// "index:get" (a, index, jsItems) -> a.index(...items); "index:put" (a, index,
// jsItems, v) -> a.indexPut_(items, v), then a; "index:at.add" -> a.at(...items).add(v).
// `index` is Python's bracket content (a list for a tuple); jsItems, when not
// null, the JS spelling of the items (strings in Python's index syntax).
function runIndex(fn, args) {
  const [a, index, jsItems, v] = args;
  const items = jsItems; // always given (harness.IX)
  void index;
  if (fn === 'index:get') return a.index(...items);
  if (fn === 'index:put') {
    const r = a.indexPut_(items, v);
    if (r !== a) throw new Error('harness: indexPut_ must return its array');
    return a;
  }
  const op = fn.slice('index:at.'.length);
  return a.at(...items)[op](v);
}

function respond(obj) {
  let line;
  try {
    line = JSON.stringify(obj);
  } catch (e) {
    line = JSON.stringify({
      id: obj.id,
      ok: false,
      error: { type: 'HarnessError', message: `cannot serialise reply: ${e && e.message}` },
    });
  }
  process.stdout.write(line + '\n');
}

function errorInfo(e) {
  if (e instanceof Error || (e && typeof e === 'object')) {
    const type = e.name === 'NotExported' ? 'NotExported' : (e.constructor && e.constructor.name) || 'Error';
    return { type, message: String(e.message), stack: String(e.stack || '').split('\n').slice(0, 6).join('\n') };
  }
  return { type: typeof e, message: String(e) };
}

async function onLine(line) {
  if (!line.trim()) return;
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    respond({ id: null, ok: false, error: { type: 'HarnessError', message: `bad JSON: ${e.message}` } });
    return;
  }
  const id = req && req.id !== undefined ? req.id : null;
  try {
    if (loadError) throw loadError;
    const result = await handle(req);
    respond({ id, ok: true, result });
  } catch (e) {
    respond({ id, ok: false, error: errorInfo(e) });
  } finally {
    for (const a of created) {
      try {
        a.dispose();
      } catch (_) {
        /* already gone */
      }
    }
    created = [];
  }
}

process.on('uncaughtException', (e) => {
  process.stderr.write(`node_server: uncaught ${e && e.stack}\n`);
});
process.on('unhandledRejection', (e) => {
  process.stderr.write(`node_server: unhandled rejection ${e && e.stack}\n`);
});

// Line splitting by hand (readline is fine too, but this keeps it dependency-free and strict).
let pending = '';
// Lines are handled strictly one after another (a request may await a Promise).
let queue = Promise.resolve();
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let nl;
  while ((nl = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    queue = queue.then(() => onLine(line));
  }
});
process.stdin.on('end', () => {
  const last = pending;
  queue = queue.then(() => (last.trim() ? onLine(last) : undefined)).then(() => process.exit(0));
});
