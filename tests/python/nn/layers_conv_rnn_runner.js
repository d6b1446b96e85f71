// JS side of tests/python/nn/test_layers_conv_rnn.py. argv: spec.json, dir.
// For each case: seed, build the layer (its initial parameters are saved, to compare with Python's
// same-seed ones), load Python's weights, run forward and nn.valueAndGrad / mx.grad, save them.
const path = require('node:path');
const fs = require('node:fs');
const ROOT = path.resolve(__dirname, '..', '..', '..');
const mx = require(ROOT);
const { nn, utils } = mx;

const [specFile, dir] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specFile, 'utf8'));
const flat = (tree) => utils.treeFlatten(tree);
const cot = (o) => mx.sin(mx.reshape(mx.arange(o.size), o.shape));
const lossOf = (out) => {
  const outs = Array.isArray(out) ? out : [out];
  let s = mx.array(0.0, mx.float32);
  for (const o of outs) s = mx.add(s, mx.sum(mx.multiply(o, cot(o))));
  return s;
};
const quantized = (m, ...a) => { nn.quantize(m, ...a); return m; };
const result = {};
for (const c of spec.cases) {
  const r = {};
  try {
    mx.random.seed(c.seed);
    const m = new Function('nn', 'mx', 'quantized', `return ${c.js};`)(nn, mx, quantized);
    const call = new Function('nn', 'mx', `return ${c.jscall};`)(nn, mx);
    const inputs = mx.load(path.join(dir, `${c.name}.inputs.safetensors`));
    const xs = c.inputs.map((k) => inputs[k]);
    const out = {};
    for (const [k, v] of flat(m.parameters())) out[`init.${k}`] = v;
    r.keys = flat(m.parameters()).map(([k]) => k);
    r.repr = String(m);
    if (r.keys.length > 0) m.loadWeights(path.join(dir, `${c.name}.params.safetensors`));
    const y = call(m, ...xs);
    (Array.isArray(y) ? y : [y]).forEach((o, i) => { out[`out.${i}`] = o; });
    if (c.grad) {
      if (flat(m.trainableParameters()).length > 0) {
        const [, g] = nn.valueAndGrad(m, (...a) => lossOf(call(m, ...a)))(...xs);
        for (const [k, v] of flat(g)) out[`grad.${k}`] = v;
      }
      out.gx = mx.grad((x0) => lossOf(call(m, x0, ...xs.slice(1))))(xs[0]);
    }
    mx.saveSafetensors(path.join(dir, `${c.name}.js.safetensors`), out);
  } catch (e) {
    r.error = `${e.constructor.name}: ${e.message}\n${e.stack}`;
  }
  result[c.name] = r;
}
const errors = {};
for (const [name, code] of Object.entries(spec.errors)) {
  try {
    new Function('nn', 'mx', code)(nn, mx);
    errors[name] = 'ok';
  } catch (e) {
    errors[name] = `${e.constructor.name}: ${e.message}`;
  }
}
mx.random.seed(0);
const mask = nn.MultiHeadAttention.createAdditiveCausalMask(4);
const mask16 = nn.MultiHeadAttention.createAdditiveCausalMask(3, mx.float16);
mx.saveSafetensors(path.join(dir, 'masks.js.safetensors'), { mask, mask16 });
console.log(JSON.stringify({ result, errors }));
