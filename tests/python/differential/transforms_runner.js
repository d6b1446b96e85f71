// Runs the transforms catalogue (transforms_catalogue.js) in Node for
// test_transforms.py: reads [{name, inputs, nd, checks}] as JSON on stdin,
// writes {name: {check: [leaf, ...] | {error}}} on stdout. Inputs and leaves
// are {dtype, shape, data} with data a flat list.
'use strict';
const path = require('node:path');
const repo = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', '..'));
const mx = require(repo);
const F = require('./transforms_catalogue.js')(mx);

const isArr = (x) => x instanceof mx.array;
function leaves(t, out = []) {
  if (isArr(t)) out.push(t);
  else if (Array.isArray(t)) for (const x of t) leaves(x, out);
  else if (t && typeof t === 'object') for (const k of Object.keys(t)) leaves(t[k], out);
  return out;
}
function fromSpec(s) {
  if (s.tree) {
    const o = {};
    for (const [k, v] of Object.entries(s.tree)) o[k] = fromSpec(v);
    return o;
  }
  return mx.array(s.data, mx[s.dtype]).reshape(s.shape);
}
const toSpec = (a) => ({ dtype: a.dtype.name, shape: a.shape, data: a.astype(mx.float32).reshape(-1).tolist() });
// The same deterministic "random" direction on both sides.
const direction = (a, k) => mx.cos(mx.arange(a.size).astype(mx.float32).multiply(0.37).add(k)).reshape(a.shape).astype(a.dtype);
const total = (t) => leaves(t).map((l) => mx.sum(l)).reduce((p, q) => p.add(q));

function run(entry) {
  const f = F[entry.name];
  const xs = entry.inputs.map(fromSpec);
  const nd = entry.nd;
  const diff = xs.slice(0, nd);
  const rest = xs.slice(nd);
  const fd = (...a) => f(...a, ...rest);
  const flat = (...a) => leaves(fd(...a));
  const s = (...a) => total(fd(...a));
  const argnums = [...Array(nd).keys()];
  const checks = {
    value: () => f(...xs),
    grad: () => mx.grad(s, argnums)(...diff),
    value_and_grad: () => mx.valueAndGrad((...a) => [s(...a), fd(...a)], argnums)(...diff),
    vjp: () => {
      const outs = flat(...diff);
      return mx.vjp(flat, diff, outs.map((o, k) => direction(o, k)));
    },
    jvp: () => mx.jvp(flat, diff, diff.map((d, k) => direction(d, k + 1))),
    vmap: () => {
      const b = mx.stack([xs[0], xs[0].multiply(0.5), xs[0].multiply(-1.5)]);
      return mx.vmap(f, [0, ...xs.slice(1).map(() => null)])(b, ...xs.slice(1));
    },
    vmap_grad: () => {
      const b = mx.stack([diff[0], diff[0].multiply(0.5)]);
      return mx.vmap(mx.grad((a0, ...a) => s(a0, ...a)), [0, ...diff.slice(1).map(() => null)])(b, ...diff.slice(1));
    },
    compile: () => mx.compile(f)(...xs),
    compile_vag: () => mx.compile(mx.valueAndGrad(s, argnums))(...diff),
    grad2: () => mx.grad((...a) => total(mx.grad(s, argnums)(...a)), argnums)(...diff),
  };
  const out = {};
  for (const c of entry.checks) {
    try {
      const r = mx.tidy(() => {
        const v = checks[c]();
        return leaves(v).map(toSpec);
      });
      out[c] = r;
    } catch (e) {
      out[c] = { error: `${e.name}: ${e.message}` };
    }
  }
  return out;
}

let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  if (process.argv[3] === '--scenarios') {
    const S = require('./transforms_scenarios.js')(mx);
    const result = {};
    for (const [name, fn] of Object.entries(S)) {
      try {
        result[name] = mx.tidy(() => leaves(fn()).map(toSpec));
      } catch (e) {
        result[name] = { error: `${e.name}: ${e.message}` };
      }
    }
    process.stdout.write(JSON.stringify(result));
    return;
  }
  const entries = JSON.parse(input);
  const result = {};
  for (const e of entries) result[e.name] = run(e);
  process.stdout.write(JSON.stringify(result));
});
