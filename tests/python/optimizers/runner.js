// The Node side of tests/python/test_optimizers.py: reads the problem and the
// configurations the test wrote to a folder, runs them with mlx-node's
// optimizers and writes the results there as safetensors files.
'use strict';
const fs = require('fs');
const path = require('path');
const mx = require(path.resolve(__dirname, '../../..'));
const optim = require(path.resolve(__dirname, '../../..', 'dist/cjs/optimizers/index.js'));

const dir = process.argv[2];
const spec = JSON.parse(fs.readFileSync(path.join(dir, 'spec.json'), 'utf8'));

function flatten(tree, prefix = '', out = {}) {
  if (Array.isArray(tree)) tree.forEach((x, i) => flatten(x, `${prefix}.${i}`, out));
  else if (tree !== null && typeof tree === 'object' && !(tree instanceof mx.array)) for (const k of Object.keys(tree)) flatten(tree[k], `${prefix}.${k}`, out);
  else out[prefix.slice(1)] = tree;
  return out;
}
function unflatten(flat) {
  const entries = Object.entries(flat);
  if (entries.length === 1 && entries[0][0] === '') return entries[0][1];
  const children = new Map();
  for (const [key, v] of entries) {
    const dot = key.indexOf('.');
    const head = dot < 0 ? key : key.slice(0, dot);
    if (!children.has(head)) children.set(head, {});
    children.get(head)[dot < 0 ? '' : key.slice(dot + 1)] = v;
  }
  const heads = [...children.keys()];
  if (heads.every((h) => /^\d+$/.test(h))) {
    const out = [];
    for (const h of heads.sort((a, b) => a - b)) { while (out.length < +h) out.push({}); out.push(unflatten(children.get(h))); }
    return out;
  }
  return Object.fromEntries(heads.map((h) => [h, unflatten(children.get(h))]));
}
const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const camelKeys = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));

function schedule(s) {
  if (s === null || typeof s !== 'object') return s;
  const fn = optim[camel(s.schedule)];
  const args = s.args.map((a) => (Array.isArray(a) && a.length && typeof a[0] === 'object' ? a.map(schedule) : a));
  return fn(...args, ...(s.kwargs ? [camelKeys(s.kwargs)] : []));
}
function make(cfg) {
  if (cfg.cls === 'MultiOptimizer') {
    const opts = cfg.parts.map(make);
    const filters = cfg.prefixes.map((p) => (pathStr) => pathStr.startsWith(p));
    return new optim.MultiOptimizer(opts, filters);
  }
  const kw = camelKeys(cfg.kwargs || {});
  if (cfg.lr !== undefined) kw.learningRate = schedule(cfg.lr);
  return new optim[cfg.cls](kw);
}

const data = mx.load(path.join(dir, 'problem.safetensors'));
const x = data.x, y = data.y, kscale = data.kscale;
const init = unflatten(Object.fromEntries(Object.entries(data).filter(([k]) => k.startsWith('p.')).map(([k, v]) => [k.slice(2), v])));

// A product without BLAS, as the Python side's (test_optimizers.py says why).
const mm = (a, b) => mx.sum(mx.multiply(mx.expandDims(a, -1), b), { axis: -2 });
function loss(p) {
  const h = mx.tanh(mx.add(mm(x, p.w1), p.b1));
  const out = mx.add(mm(h, p.layers[0].w), p.layers[0].b);
  const l = mx.mean(mx.square(mx.subtract(out, y)));
  return mx.add(l, mx.mean(mx.square(mx.subtract(mx.multiply(p.k, kscale), 0.5))));
}
const gradFn = mx.grad(loss);

function train(opt, params, steps) {
  for (let i = 0; i < steps; i++) {
    mx.tidy(() => {
      const g = gradFn(params);
      params = opt.applyGradients(g, params);
      mx.eval(params, opt.state);
      return params;
    });
  }
  return params;
}
function dump(file, params, state) {
  const out = {};
  for (const [k, v] of Object.entries(flatten(params))) out[`p.${k}`] = v;
  for (const [k, v] of Object.entries(flatten(state))) out[`s.${k}`] = v;
  mx.saveSafetensors(path.join(dir, file), out);
}

for (const cfg of spec.configs) {
  const opt = make(cfg);
  const params = train(opt, init, spec.steps);
  dump(`js_${cfg.name}.safetensors`, params, opt.state);
  if (cfg.roundtrip) {
    // Resume from the state and parameters Python saved half way.
    const saved = mx.load(path.join(dir, `py_half_${cfg.name}.safetensors`));
    const pick = (prefix) => unflatten(Object.fromEntries(Object.entries(saved).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v])));
    const opt2 = make(cfg);
    opt2.state = pick('s.');
    const p2 = train(opt2, pick('p.'), spec.steps - spec.half);
    dump(`js_resumed_${cfg.name}.safetensors`, p2, opt2.state);
  }
}

// Schedules over a range of steps (a uint64 vector of steps) and at one scalar step.
const sched = {};
spec.schedules.forEach((s, i) => {
  const f = schedule(s);
  sched[`v${i}`] = f(mx.arange(0, spec.schedule_steps, 1, mx.uint64));
  sched[`s${i}`] = mx.array(f(mx.array(7, mx.uint64)));
});
mx.saveSafetensors(path.join(dir, 'js_schedules.safetensors'), sched);

// clipGradNorm on the first gradients, in float32 and float16.
const g0 = gradFn(init);
const clip = {};
spec.max_norms.forEach((m, i) => {
  for (const [tag, g] of [['f32', g0], ['f16', flatten(g0)]]) {
    const tree = tag === 'f16' ? Object.fromEntries(Object.entries(g).map(([k, v]) => [k, v.astype(mx.float16)])) : g;
    const [c, n] = optim.clipGradNorm(tree, m);
    for (const [k, v] of Object.entries(flatten(c))) clip[`${tag}.${i}.${k}`] = v;
    clip[`${tag}.${i}.norm`] = n;
  }
});
mx.saveSafetensors(path.join(dir, 'js_clip.safetensors'), clip);
// Options Python rejects: the error each one gives here.
const bad = spec.bad.map((b) => {
  try {
    if (b.cls) make(b);
    else if (b.schedule) schedule(b.schedule);
    else optim.clipGradNorm({ w: mx.ones([2]) }, b.clip);
    return { name: null, message: 'no error' };
  } catch (e) {
    return { name: e.name, message: e.message };
  }
});
fs.writeFileSync(path.join(dir, 'js_bad.json'), JSON.stringify(bad));
console.log('ok');
