// The JS side of tests/python/nn/test_layers_basic.py: reads the cases (JSON) and, for each, builds the
// layer under the same seed (saving its initial parameters), loads Python's parameters, runs forward and
// gradients on Python's inputs and saves everything to safetensors files for Python to compare.
const path = require('node:path');
const fs = require('node:fs');
const ROOT = path.resolve(__dirname, '..', '..', '..');
const mx = require(ROOT);
const { nn } = mx;
const [, , tmp] = process.argv;
const cases = JSON.parse(fs.readFileSync(path.join(tmp, 'cases.json'), 'utf8'));
const results = {};

const flat = (tree, prefix = '', out = {}) => {
  if (tree instanceof mx.array) out[prefix.slice(1)] = tree;
  else if (Array.isArray(tree)) tree.forEach((v, i) => flat(v, `${prefix}.${i}`, out));
  else if (tree && typeof tree === 'object') for (const [k, v] of Object.entries(tree)) flat(v, `${prefix}.${k}`, out);
  return out;
};
const err = (f) => {
  try { f(); return 'ok'; } catch (e) { return `${e.constructor.name === 'MLXError' ? 'ValueError' : e.constructor.name}: ${e.message}`; }
};

for (const c of cases) {
  try {
    runCase(c);
  } catch (e) {
    results[c.name] = { crash: String(e && e.stack) };
  }
}
process.stdout.write(JSON.stringify(results));

function runCase(c) {
  const res = {};
  const build = new Function('nn', 'mx', `return ${c.js};`);
  if (c.error) {
    res.error = err(() => build(nn, mx));
    results[c.name] = res;
    return;
  }
  mx.random.seed(c.seed);
  const m = build(nn, mx);
  res.repr = String(m);
  res.trainable = Object.keys(flat(m.trainableParameters()));
  const isMod = (v) => v instanceof nn.Module;
  const keys = (tree, prefix = '') => (isMod(tree) ? [prefix.slice(1)]
    : Array.isArray(tree) ? tree.flatMap((v, i) => keys(v, `${prefix}.${i}`))
      : tree && typeof tree === 'object' ? Object.entries(tree).flatMap(([k, v]) => keys(v, `${prefix}.${k}`)) : [prefix.slice(1)]);
  res.children = keys(m.children());
  m.freeze();
  m.unfreeze();
  res.trainableAfterUnfreeze = Object.keys(flat(m.trainableParameters()));
  const save = {};
  for (const [k, v] of Object.entries(flat(m.parameters()))) save[`init.${k}`] = v;
  m.loadWeights(path.join(tmp, `${c.name}.params.safetensors`));
  if (c.eval) m.eval();
  const xs = mx.load(path.join(tmp, `${c.name}.inputs.safetensors`));
  const inputs = Object.keys(xs).sort().map((k) => xs[k]);
  const call0 = new Function('m', 'mx', 'nn', 'x0', 'x1', `return ${c.jscall ?? 'm.forward(x0)'};`);
  const call = (mm, mxx, ...a) => call0(mm, mxx, nn, ...a);
  const loss = (...a) => mx.sum(mx.square(call(m, mx, ...a)));
  mx.random.seed(c.seed + 1);
  save.out = call(m, mx, ...inputs);
  for (const [k, v] of Object.entries(flat(m.parameters()))) save[`after.${k}`] = v;
  const noParams = Object.keys(flat(m.trainableParameters())).length === 0;
  if (!c.nograd && noParams && c.xgrad) {
    mx.random.seed(c.seed + 1);
    save.xgrad = mx.grad((x0, ...rest) => loss(x0, ...rest))(...inputs);
  }
  if (!c.nograd && !noParams) {
    m.loadWeights(path.join(tmp, `${c.name}.params.safetensors`));
    mx.random.seed(c.seed + 1);
    const [v, g] = nn.valueAndGrad(m, loss)(...inputs);
    save.loss = v;
    for (const [k, a] of Object.entries(flat(g))) save[`grad.${k}`] = a;
    for (const [k, a] of Object.entries(flat(m.parameters()))) save[`aftergrad.${k}`] = a;
    if (c.xgrad) {
      m.loadWeights(path.join(tmp, `${c.name}.params.safetensors`));
      mx.random.seed(c.seed + 1);
      save.xgrad = mx.grad((x0, ...rest) => loss(x0, ...rest))(...inputs);
    }
  }
  mx.eval(save);
  mx.saveSafetensors(path.join(tmp, `${c.name}.js.safetensors`), save);
  results[c.name] = res;
}
