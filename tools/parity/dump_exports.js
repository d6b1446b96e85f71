// Prints, as JSON, what the Node package really exports: the names on each
// namespace, the array class's members, and the op tables (the signatures
// the JS binder itself uses). Read by tools/parity/report.py.
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const mx = require(root);

function names(obj) {
  if (obj == null) return null;
  return Object.keys(obj).sort();
}

function tryRequire(sub) {
  try {
    return require(path.join(root, sub));
  } catch {
    return null;
  }
}

const proto = mx.array.prototype;
const members = new Set();
for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p))
  for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor') members.add(k);
if (typeof proto[Symbol.iterator] === 'function') members.add('Symbol.iterator');

const namespaces = {
  'mlx.core': mx,
  'mlx.core.random': mx.random,
  'mlx.core.linalg': mx.linalg,
  'mlx.core.fft': mx.fft,
  'mlx.core.fast': mx.fast,
  'mlx.core.distributed': mx.distributed,
  'mlx.core.cuda': mx.cuda,
  'mlx.core.metal': mx.metal,
  'mlx.nn': mx.nn ?? tryRequire('nn'),
  'mlx.nn.losses': (mx.nn ?? {}).losses,
  'mlx.nn.init': (mx.nn ?? {}).init,
  'mlx.optimizers': mx.optimizers ?? tryRequire('optimizers'),
  'mlx.utils': mx.utils ?? tryRequire('utils'),
};
const out = { modules: {}, arrayMembers: [...members].sort(), tables: mx._opTables() };
for (const [m, ns] of Object.entries(namespaces)) out.modules[m] = names(ns);
process.stdout.write(JSON.stringify(out));
