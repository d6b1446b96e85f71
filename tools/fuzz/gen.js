'use strict';
// The fuzzer's generator: the entry points (found by walking the package's
// exports, the array prototype and the classes, with parameter names from the
// native op tables; nothing here names a function) and a call for each
// (seed, index) pair, as a JS source string over `mx` and `H` (hostile.js).
// The same (seed, index) always gives the same call text: a failure is its
// seed and index, or the printed text.

/* eslint-disable no-new-func */

// ---- a seeded PRNG per call ------------------------------------------------

function hash32(x) {
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}

function rngFor(seed, index) {
  let s = hash32((hash32(seed >>> 0) ^ Math.imul(index >>> 0, 0x9e3779b1)) >>> 0) || 1;
  const next = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

// ---- the vocabulary of values (JS source text) ----------------------------

const DTYPES = ['bool_', 'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64', 'float16',
  'float32', 'float64', 'bfloat16', 'complex64'];

const ARRAYS = [
  // 0-d, empty, size-1 axes
  'mx.array(1.5)', 'mx.array(true)', 'mx.array(-0)', 'mx.array(NaN)', 'mx.array(7)', 'mx.array(-3, mx.int64)',
  'mx.array([])', 'mx.zeros([0])', 'mx.zeros([0, 3])', 'mx.ones([2, 0, 2])', 'mx.zeros([0, 0])', 'mx.ones([2, 0, 0])',
  'mx.ones([3, 0])', 'mx.ones([1])', 'mx.ones([1, 1, 1])', 'mx.ones([1, 3, 1])', 'mx.ones([1, 1, 1, 1, 1, 1, 1, 1])',
  // plain, batched, square, special values
  'mx.arange(6)', 'mx.arange(6).reshape(2, 3)', 'mx.arange(24).reshape(2, 3, 4)', 'mx.arange(-4, 4)',
  'mx.array([[2, 1], [1, 3]])', 'mx.array([[4, 1, 0], [1, 3, 1], [0, 1, 2]])', 'mx.eye(3)', 'mx.ones([3, 3])',
  'mx.zeros([2, 2])', 'mx.ones([2, 3, 3])', 'mx.full([2, 2], Infinity)', 'mx.full([2, 2], NaN)',
  'mx.full([3, 3], -Infinity)', 'mx.array([[1e38, -1e38], [1e-38, 0]])',
  'mx.array([Infinity, -Infinity, NaN, -0, 0, 1])', 'mx.array([1e38, -1e38, 3e-39])',
  'mx.arange(16).reshape(1, 4, 4).astype(mx.float32)', 'mx.arange(32).reshape(2, 4, 4)',
  'mx.arange(8).reshape(1, 8, 1)', 'mx.arange(27).reshape(1, 3, 3, 3)', 'mx.ones([2, 5, 4])',
  // integer extremes
  'mx.array([-2147483648, 2147483647, -1, 0], mx.int32)', 'mx.array([-(2n ** 63n), 2n ** 63n - 1n, -1n, 0n], mx.int64)',
  'mx.array([2n ** 64n - 1n, 0n], mx.uint64)', 'mx.array([-128, 127, -1], mx.int8)', 'mx.array([255, 0], mx.uint8)',
  'mx.array([-32768, -1], mx.int16)', 'mx.array([4294967295, 0], mx.uint32)', 'mx.array(-2147483648, mx.int32)',
  'mx.array(-(2n ** 63n), mx.int64)', 'mx.array([0, 0], mx.int32)', 'mx.array([-1], mx.int32)',
  // non-contiguous views
  'mx.arange(12).reshape(3, 4).T', 'mx.arange(24).reshape(2, 3, 4).transpose(2, 0, 1)',
  'mx.arange(10).index(mx.slice(null, null, 2))', 'mx.arange(20).reshape(4, 5).index(mx.slice(null, null, -1))',
  'mx.arange(12).reshape(3, 4).index(mx.Ellipsis, mx.slice(1, 3))', 'mx.broadcastTo(mx.array([1, 2, 3]), [4, 3])',
  'mx.broadcastTo(mx.array(1), [0, 2147483647])', 'mx.broadcastTo(mx.array(2.5), [256, 256])',
  'mx.asStrided(mx.arange(8), [3, 3], [1, 1])', 'mx.arange(9).reshape(3, 3).mT',
  // complex, random
  'mx.array([1, 2]).astype(mx.complex64)', 'mx.array([[1, 2], [3, 4]]).astype(mx.complex64)',
  'mx.random.normal([3, 3], { key: mx.random.key(1) })', 'mx.random.uniform({ shape: [4], key: mx.random.key(2) })',
  'mx.random.key(3)',
  // hostile arrays
  'H.disposed(mx.ones([2]))', 'H.disposed(mx.ones([2, 2]))', 'H.poisoned(mx.ones([2]))',
];
for (const d of DTYPES) {
  ARRAYS.push(`mx.array([1, -2, 3]).astype(mx.${d})`, `mx.arange(6).reshape(2, 3).astype(mx.${d})`,
    `mx.zeros([0, 2], mx.${d})`, `mx.array(-1).astype(mx.${d})`, `mx.array([[2, 1], [1, 3]]).astype(mx.${d})`);
}

const NUMBERS = ['0', '1', '-1', '2', '3', '-2', '0.5', '-0', 'NaN', 'Infinity', '-Infinity', '2147483647', '2147483648',
  '-2147483648', '4294967296', '2 ** 53', '-(2 ** 53)', '1e308', '5e-324', '65536', '1e20', '-1e20', '7', '1.5'];
const BIGINTS = ['0n', '-1n', '1n', '2n ** 63n', '-(2n ** 63n)', '2n ** 64n', '-(2n ** 100n)', '2n ** 200n'];
const STRINGS = ["''", "'a'", "'float32'", "'fro'", "'nuc'", "'L'", "'U'", "'ij'", "'xy'", "'cpu'", "'gpu'", "'ii->i'",
  "'ij,jk->ik'", "'x'.repeat(100000)", "'\\u0000'", "'🙂'", "'a.npy'", "'a.safetensors'", "'a.gguf'", "'a.npz'",
  "'/nonexistent/x.npy'", "'.'", "'int32'", "'constant'", "'edge'", "'mean'", "'right'", "'left'", "'same'", "'nearest'",
  "'float16'", "'mxfp4'", "'affine'", "'C'"];
const LISTS = ['[]', '[0]', '[1]', '[-1]', '[2]', '[1, 2]', '[2, 3]', '[0, 1]', '[1, 0]', '[0, 1, 2]', '[-1, -2]', '[1, 1]',
  '[0, 0]', '[3, 3]', '[2, 2, 2]', '[2147483648, 1]', '[65536, 65536, 65536]', '[2147483647, 2147483647]',
  '[0, 2147483647]', '[-2147483648]', '[1e20]', '[[1, 2], [3, 4]]', '[[0, 1], [1, 0]]', '[1.5]', '[NaN]', '[Infinity]',
  '[null]', '[undefined]', "['a']", '[[]]', '[1, [2]]', '[mx.ones([2])]', '[mx.array(1), mx.array(2)]',
  '[mx.ones([2, 2]), mx.zeros([2, 2])]', '[mx.ones([0]), mx.ones([3])]', '[2n ** 70n]', '[true, false]',
  'Object.freeze([1, 2])', 'H.sparse(2 ** 32 - 1)', 'H.sparse(70000, 1)', 'H.sparse(3)', 'H.holey()',
  'H.cyclicArr()', 'H.deep(100000)', 'H.deep(40)', 'new Array(3)', 'H.lyingArray()', '[1, 2, 3, 4, 5, 6, 7, 8, 9]',
  '[{ re: 1, im: 2 }]', '[Symbol("s")]', '[1n, 2n]', '[[1, 2], [3]]'];
const TYPED = ['new Float32Array([1, 2, 3])', 'new Int32Array([1, -2])', 'new BigInt64Array([1n, -(2n ** 63n)])',
  'new Uint8Array(0)', 'new Float64Array([NaN, Infinity])', 'H.detached()', 'H.detached(Int32Array, 0)',
  'new Float32Array(new SharedArrayBuffer(16))', 'new DataView(new ArrayBuffer(8))', 'Buffer.from("abc")',
  'new Uint8ClampedArray([300])', 'new Float32Array(new ArrayBuffer(16), 4, 2)', 'new BigUint64Array([2n ** 64n - 1n])',
  'new Int16Array(3)', 'new ArrayBuffer(8)'];
const OBJECTS = ['{}', 'Object.create(null)', 'H.throwingGetter()', 'H.proxy()', 'H.proxy([1, 2])', 'H.revoked()',
  'H.cyclicObj()', 'H.badPrimitive()', 'new Date(0)', '/x/', 'new Map([[1, 2]])', 'new Set([1])', 'Promise.resolve(1)',
  '{ length: 2 ** 32 }', '{ length: -1 }', '{ shape: [2], dtype: mx.float32 }', 'new Error("e")', '{ re: 1, im: 2 }',
  '{ re: NaN, im: Infinity }', '{ re: "a", im: 1 }', '{ start: 0, stop: 2 }', 'new WeakMap()', 'Math', 'JSON',
  'Object.freeze({ axis: 0 })', '{ __proto__: mx.array.prototype }', 'Object.create(mx.ones([2]))', 'new Proxy(mx.ones([2]), {})'];
const FUNCTIONS = ['(x) => x', '(...a) => a[0]', '() => mx.array(1)', '(x) => mx.sum(x)', '(x) => x.add(1)',
  'H.throwsError', 'H.throwsValue', '() => ({ a: mx.ones([2]) })', "() => [1, 'a']", 'async () => mx.ones([1])',
  'function* g() { yield 1; }', '(x, y) => mx.multiply(x, y)', '() => H.cyclicArr()', '() => undefined',
  '(x) => [x, x]', '(x) => mx.eval(x)', '(x) => { x.dispose(); return x; }', 'class K {}', 'Math.max',
  '(x) => mx.grad(mx.sum)(x)', '(x) => mx.linalg.inv(x)', '(...a) => mx.stack(a)', '() => { while (false); return 1; }'];
const SPECIALS = ['null', 'undefined', 'true', 'false', 'Symbol("s")', 'Symbol.iterator', 'mx.Ellipsis', 'mx.newaxis',
  'mx.slice(null, null, -1)', 'mx.slice(0, 2147483647, 2)', 'mx.slice(1)', 'mx'];

// Parameter names -> the kinds of value that usually fit them (a heuristic on
// names only; any parameter still gets any value part of the time).
const NAME_KINDS = [
  [/^(dtype|dtypes?|type|arg[12]?|to_type|from_)$/i, ['dtype']],
  [/stream|device/i, ['stream']],
  [/^(axis|axes|axis[12]|source|destination|start_axis|end_axis|k|dim|ndim|n|m|num|decimals|offset|group_size|bits|groups|shift|kth|indices_or_sections|index|precision|ord|repeats|reps|seed|num_samples|s|retain_graph)$/i, ['int', 'list', 'small']],
  [/shape|size|pad|stride|padding|dilation|window|sections|reps|kernel/i, ['list', 'int']],
  [/^(keepdims|upper|stable|inclusive|reverse|compute_uv|transpose|right|equal_nan|copy|flip|sorted|endpoint|return_indices|return_inverse|return_counts|tiled|stop_gradient|shapeless)$/i, ['bool']],
  [/key/i, ['key']],
  [/^(file|path|name|UPLO|mode|subscripts|indexing|mode|dtype_str|fmt|format|uplo|side|method|reduce|kind)$/i, ['str']],
  [/^(fun|fn|f|func|callback|vjp|jvp|vmap)$/i, ['fn']],
  [/^(start|stop|step|val|value|low|high|loc|scale|alpha|beta|lower|upper|a_min|a_max|nan|posinf|neginf|rtol|atol|p|mean|std|eps|temp|base|theta)$/i, ['num', 'arr']],
];

function kindsFor(name) {
  for (const [re, kinds] of NAME_KINDS) if (re.test(name)) return kinds;
  return ['arr'];
}

function valueOf(rng, kind, ctx) {
  switch (kind) {
    case 'arr': return rng.pick(ARRAYS);
    case 'num': return rng.pick(NUMBERS);
    case 'small': return String(rng.int(5) - 1);
    case 'int': return rng.chance(0.7) ? String(rng.int(5) - 2) : rng.pick(NUMBERS);
    case 'big': return rng.pick(BIGINTS);
    case 'str': return rng.pick(STRINGS);
    case 'list': return rng.chance(0.5) ? `[${Array.from({ length: rng.int(4) }, () => rng.int(5) - 1).join(', ')}]` : rng.pick(LISTS);
    case 'typed': return rng.pick(TYPED);
    case 'obj': return rng.pick(OBJECTS);
    case 'fn': return rng.pick(FUNCTIONS);
    case 'special': return rng.pick(SPECIALS);
    case 'bool': return rng.pick(['true', 'false']);
    case 'dtype': return rng.chance(0.9) ? `mx.${rng.pick(DTYPES)}` : rng.pick(ctx.categories.length ? ctx.categories : ['mx.float32']);
    case 'stream': return ctx.streams.length ? rng.pick(ctx.streams) : 'mx.cpu';
    case 'key': return rng.pick(['mx.random.key(0)', 'mx.random.key(2n ** 63n)', 'mx.array([1, 2], mx.uint32)', 'mx.zeros([0], mx.uint32)', 'mx.random.split(mx.random.key(1), 3)']);
    default: return anyValue(rng, ctx);
  }
}

const ANY_KINDS = [['arr', 30], ['num', 12], ['big', 3], ['str', 5], ['list', 12], ['typed', 4], ['obj', 7], ['fn', 3],
  ['special', 6], ['bool', 3], ['dtype', 5], ['stream', 3], ['int', 7]];
const ANY_TOTAL = ANY_KINDS.reduce((s, [, w]) => s + w, 0);

function anyValue(rng, ctx) {
  let r = rng.int(ANY_TOTAL);
  for (const [k, w] of ANY_KINDS) {
    if (r < w) return valueOf(rng, k, ctx);
    r -= w;
  }
  return 'null';
}

function paramValue(rng, name, ctx) {
  if (name === undefined || rng.chance(0.25)) return anyValue(rng, ctx);
  return valueOf(rng, rng.pick(kindsFor(name)), ctx);
}

// ---- the entry points ------------------------------------------------------

function isClass(f) {
  if (typeof f !== 'function' || !f.prototype) return false;
  if (/^class\b/.test(Function.prototype.toString.call(f))) return true;
  return Object.getOwnPropertyNames(f.prototype).length > 1;
}

function jsKey(path, key) {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Every entry point of the package: functions of `mx` and its namespaces
 * (random, linalg, ...), constructors (`new`), the static and prototype
 * members of its classes, mx.array methods and getters. Each is
 * { kind, path, name, params? }; sorted, so every process sees the same list.
 */
function enumerate(mx, H) {
  const tables = mx._opTables();
  const byJsName = new Map();  // 'linalg.inv' / 'core.sum' -> params
  for (const [mod, ops] of Object.entries(tables))
    for (const op of ops) byJsName.set(`${mod}.${op.jsName}`, op.params);
  const paramsFor = (mod, name) => byJsName.get(`${mod}.${name}`) || (mod === 'core' ? undefined : byJsName.get(`core.${name}`));

  const targets = [];
  const seenFn = new Set();
  const seenObj = new Set([mx.default]);
  const classes = [];
  const values = [];  // [path, value] of non-function exports (witnesses)

  const walk = (obj, path, mod, depth) => {
    seenObj.add(obj);
    for (const key of Object.keys(obj).sort()) {
      if (key === 'default' || key.startsWith('_')) continue;
      let v;
      try { v = obj[key]; } catch { continue; }
      const p = jsKey(path, key);
      if (typeof v === 'function') {
        if (seenFn.has(v)) continue;
        seenFn.add(v);
        const params = paramsFor(mod, key) || (key === 'array' ? [{ jsName: 'val', name: 'val' }, { jsName: 'dtype', name: 'dtype' }] : undefined);
        targets.push({ kind: 'call', path: p, name: key, params });
        if (isClass(v)) {
          targets.push({ kind: 'new', path: p, name: key, params });
          classes.push([p, v]);
          for (const s of Object.getOwnPropertyNames(v).sort()) {
            if (['length', 'name', 'prototype', 'caller', 'arguments'].includes(s)) continue;
            const d = Object.getOwnPropertyDescriptor(v, s);
            if (d && typeof d.value === 'function' && !seenFn.has(d.value)) {
              seenFn.add(d.value);
              targets.push({ kind: 'call', path: jsKey(p, s), name: s });
            }
          }
        }
      } else if (v && typeof v === 'object' && !seenObj.has(v) && depth < 2 &&
                 (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
        walk(v, p, Object.prototype.hasOwnProperty.call(tables, key) ? key : mod, depth + 1);
      } else if (v && typeof v === 'object') {
        values.push([p, v]);
      }
    }
  };
  walk(mx, 'mx', 'core', 0);

  // mx.array's prototype: methods (the array is `this`, Python's self) and getters.
  const proto = mx.array.prototype;
  const arrayParams = new Map();
  for (const [mod, ops] of Object.entries(tables))
    for (const op of ops) if (op.method && (!arrayParams.has(op.jsName) || mod === 'array')) arrayParams.set(op.jsName, op.params.slice(1));
  for (const key of [...Object.getOwnPropertyNames(proto).sort(), Symbol.iterator]) {
    if (key === 'constructor') continue;
    const d = Object.getOwnPropertyDescriptor(proto, key);
    const name = typeof key === 'symbol' ? '[Symbol.iterator]' : key;
    if (d.get) targets.push({ kind: 'getter', cls: 'mx.array', name });
    else if (typeof d.value === 'function') targets.push({ kind: 'method', cls: 'mx.array', name, params: arrayParams.get(name) });
  }

  // Witnesses (instances) of the other classes: exported values, results of
  // calling each exported function with mx.cpu, array getters, `new C()`.
  const witnesses = [...values];
  const tryExpr = (expr) => {
    try {
      const v = new Function('mx', 'H', `return ${expr}`)(mx, H);
      if (v && typeof v.then === 'function') {
        v.then(() => {}, () => {});  // an async entry point: not a witness, and its rejection is handled
        return;
      }
      if (v && typeof v === 'object' && !(v instanceof mx.array)) witnesses.push([expr, v]);
    } catch { /* not a witness */ }
  };
  for (const t of targets) {
    const quiet = !/^mx\.(eval|asyncEval|tidy|dispose|save|load|export|import|set|clear|reset|disable|enable|metal|cuda|random\.seed|synchronize)/.test(t.path);
    if (t.kind === 'call' && quiet) {
      tryExpr(`${t.path}(mx.cpu)`);
      if (t.params === undefined || t.params.every((p) => !p.required)) tryExpr(`${t.path}()`);
    }
    if (t.kind === 'new') for (const a of ['', 'mx.cpu', 'mx.float32', '0, 2', 'mx.cpu, 0']) tryExpr(`new ${t.path}(${a})`);
    if (t.kind === 'getter') tryExpr(`mx.arange(4).${t.name}`);
  }
  for (const [p, C] of classes) {
    if (C === mx.array) continue;
    const wit = witnesses.filter(([, v]) => v instanceof C).map(([e]) => e);
    const cproto = C.prototype;
    for (const key of Object.getOwnPropertyNames(cproto).sort()) {
      if (key === 'constructor') continue;
      const d = Object.getOwnPropertyDescriptor(cproto, key);
      if (d.get) targets.push({ kind: 'getter', cls: p, name: key, witnesses: wit });
      else if (typeof d.value === 'function' && !seenFn.has(d.value)) targets.push({ kind: 'method', cls: p, name: key, witnesses: wit });
    }
  }
  const streams = witnesses.filter(([, v]) => v instanceof mx.Stream || v instanceof mx.Device || v instanceof mx.DeviceType).map(([e]) => e);
  const categories = witnesses.filter(([, v]) => v instanceof mx.DtypeCategory).map(([e]) => e);
  return { targets, streams: [...new Set(streams)], categories: [...new Set(categories)] };
}

// ---- one call --------------------------------------------------------------

function argList(rng, params, ctx, extra = 0) {
  const named = (params || []).filter((p) => p.kind !== 'var_positional');
  const positional = named.filter((p) => p.kind !== 'keyword_only');
  const hasRest = (params || []).some((p) => p.kind === 'var_positional');
  const args = [];
  let n;
  if (params) {
    const required = named.filter((p) => p.required).length;
    n = rng.chance(0.7) ? Math.min(positional.length, required + rng.int(2)) : rng.int(positional.length + 2 + (hasRest ? 3 : 0));
  } else {
    n = rng.int(4 + extra);
  }
  for (let i = 0; i < n; i++) args.push(paramValue(rng, positional[i] && positional[i].name, ctx));
  // A keyword object: names from the op's parameters, sometimes a stranger.
  if (rng.chance(params ? 0.35 : 0.15)) {
    const names = named.length ? named.map((p) => p.jsName) : ['axis', 'dtype', 'stream', 'shape', 'key', 'keepdims'];
    const kw = [];
    const k = 1 + rng.int(Math.min(3, names.length));
    for (let i = 0; i < k; i++) {
      const nm = rng.chance(0.85) ? rng.pick(names) : rng.pick(['axis', 'dtype', 'stream', 'bogus', '__proto__', 'constructor']);
      const p = named.find((q) => q.jsName === nm);
      kw.push(`${nm === '__proto__' ? '["__proto__"]' : JSON.stringify(nm)}: ${paramValue(rng, p ? p.name : nm, ctx)}`);
    }
    args.push(rng.chance(0.05) ? rng.pick(['H.throwingGetter()', 'H.cyclicObj()', 'Object.create(null)']) : `{ ${kw.join(', ')} }`);
  }
  return args;
}

/**
 * The call for (seed, index): { target, code, follow } where `code` is the
 * body of a function of (mx, H) returning the call's result, and `follow(r)`
 * the source of a second call on a result that is a function or an object
 * with methods (so the functions returned by grad/compile/vmap/... and
 * objects such as an exporter are fuzzed too).
 */
function makeCall(world, seed, index) {
  const rng = rngFor(seed, index);
  const t = world.targets[rng.int(world.targets.length)];
  const args = argList(rng, t.params, world);
  let expr;
  if (t.kind === 'call') expr = `${t.path}(${args.join(', ')})`;
  else if (t.kind === 'new') expr = `new ${t.path}(${args.join(', ')})`;
  else {
    // The receiver: an instance of the class mostly, else any value (then
    // through .call, so that the class's own member runs on it).
    let recv;
    let own = true;
    if (t.cls === 'mx.array') own = rng.chance(0.9), recv = own ? rng.pick(ARRAYS) : anyValue(rng, world);
    else if (t.witnesses.length && rng.chance(0.8)) recv = rng.pick(t.witnesses);
    else own = false, recv = anyValue(rng, world);
    const member = t.name === '[Symbol.iterator]' ? '[Symbol.iterator]' : `.${t.name}`;
    const owner = t.cls === 'mx.array' ? 'mx.array.prototype' : `${t.cls}.prototype`;
    if (t.kind === 'getter') {
      expr = own && rng.chance(0.9) ? `(${recv})${member}` : `Object.getOwnPropertyDescriptor(${owner}, ${JSON.stringify(t.name)}).get.call(${recv})`;
    } else if (own && rng.chance(0.9)) {
      expr = `(${recv})${member}(${args.join(', ')})`;
    } else {
      expr = `${owner}${member}.call(${[recv, ...args].join(', ')})`;  // a hostile `this`
    }
  }
  const frng = rngFor(seed ^ 0x5bd1e995, index);
  const followArgs = argList(frng, undefined, world, 1);
  const followPick = frng.next();
  return {
    target: targetName(t),
    code: `return ${expr};`,
    expr,
    followArgs: `[${followArgs.join(', ')}]`,
    followPick,
  };
}

function targetName(t) {
  if (t.kind === 'call') return t.path;
  if (t.kind === 'new') return `new ${t.path}`;
  return `${t.cls}#${t.name}`;
}

module.exports = { enumerate, makeCall, rngFor, targetName };
