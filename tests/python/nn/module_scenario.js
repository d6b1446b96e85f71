// The nn.Module scenario of tests/python/nn/test_module.py, in JS: prints one JSON object.
const path = require('node:path');
const fs = require('node:fs');
const ROOT = path.resolve(__dirname, '..', '..', '..');
const mx = require(ROOT);
const { Module, valueAndGrad } = require('mlx-node/nn');
const out = {};
const tmp = process.argv[2];

class Lin extends Module {
  constructor(i, o, seed) {
    super();
    this.weight = mx.random.normal([o, i], { key: mx.random.key(seed) });
    this.bias = mx.zeros([o]);
    this.name = 'lin';
  }
  forward(x) {
    return mx.add(mx.matmul(x, this.weight.T), this.bias);
  }
}
class Net extends Module {
  constructor() {
    super();
    this.layers = [new Lin(3, 4, 1), new Lin(4, 2, 2)];
    this.extra = { a: new Lin(2, 2, 3), b: [mx.ones([2])] };
    this._hidden = mx.ones([1]);
    this.scale = mx.array(2.0, mx.float32);
  }
  forward(x) {
    for (const l of this.layers) x = l.forward(x);
    return mx.multiply(mx.add(this.extra.a.forward(x), this.extra.b[0]), this.scale);
  }
}
const flat = (tree, prefix = '') => {
  if (tree instanceof mx.array) return [[prefix.slice(1), tree]];
  if (Array.isArray(tree)) return tree.flatMap((v, i) => flat(v, `${prefix}.${i}`));
  if (tree && typeof tree === 'object') {
    // a Module's items are its arrays, modules, lists and plain objects (Python's dict items)
    const item = (v) => v instanceof mx.array || Array.isArray(v) || v instanceof Module || (v && v.constructor === Object);
    const entries = Object.entries(tree).filter(([, v]) => !(tree instanceof Module) || item(v));
    return entries.flatMap(([k, v]) => flat(v, `${prefix}.${k}`));
  }
  return [[prefix.slice(1), tree]];
};
const show = (tree) => flat(tree).map(([k, v]) => [k, v instanceof mx.array ? [v.dtype.name, v.shape, v.tolist()] : String(v)]);
const err = (f) => { try { f(); return 'ok'; } catch (e) { return `${e.constructor.name === 'MLXError' ? 'ValueError' : e.constructor.name}: ${e.message}`; } };

const m = new Net();
out.parameters = show(m.parameters());
out.trainable0 = show(m.trainableParameters()).map(([k]) => k);
m.freeze({ keys: 'bias' });
out.trainableBiasFrozen = show(m.trainableParameters()).map(([k]) => k);
m.freeze();
out.trainableAllFrozen = show(m.trainableParameters()).map(([k]) => k);
m.unfreeze({ keys: ['weight'] });
out.trainableWeightUnfrozen = show(m.trainableParameters()).map(([k]) => k);
m.unfreeze({ recurse: false });
out.trainableTopUnfrozen = show(m.trainableParameters()).map(([k]) => k);
m.unfreeze();
out.children = flat(m.children()).map(([k]) => k);
out.leafModules = Object.keys(m.leafModules());
out.namedModules = m.namedModules().map(([k, v]) => [k, v.constructor.name]);
out.modules = m.modules().length;
out.repr = String(m);
const x = mx.reshape(mx.arange(6, { dtype: mx.float32 }), [2, 3]);
out.forward = m.forward(x).tolist();
const lossFn = (xx, y) => mx.mean(mx.square(mx.subtract(m.forward(xx), y)));
const [v, g] = valueAndGrad(m, lossFn)(x, mx.ones([2, 2]));
out.loss = v.item();
out.grads = show(g);
m.freeze({ keys: 'weight' });
out.gradsFrozenWeights = show(valueAndGrad(m, lossFn)(x, mx.ones([2, 2]))[1]).map(([k]) => k);
m.unfreeze();
m.update({ layers: [{ bias: mx.full([4], 3, mx.float32) }], scale: mx.array(0.5, mx.float32) });
out.updated = show(m.parameters()).filter(([k]) => k === 'layers.0.bias' || k === 'scale');
out.updateErrors = [
  err(() => m.update({ nope: mx.ones([1]) })),
  err(() => m.update({ scale: 3 })),
  err(() => m.update(5)),
];
m.update({ nope: mx.ones([1]), scale: 3 }, { strict: false });
out.afterLooseUpdate = show(m.parameters()).filter(([k]) => k === 'scale');
m.scale = mx.array(2.0, mx.float32);
m.apply((a) => mx.multiply(a, 2));
out.applied = show(m.parameters()).filter(([k]) => k === 'extra.b.0' || k === '_hidden');
m.updateModules({ extra: { a: new Lin(2, 2, 9) } });
out.updatedModules = show(m.extra.a.parameters());
out.updateModulesError = err(() => m.updateModules({ missing: new Lin(1, 1, 1) }));
const w = flat(m.parameters());
out.loadStrictMissing = err(() => m.loadWeights(w.slice(1)));
out.loadStrictExtra = err(() => m.loadWeights([...w, ['zz', mx.ones([1])]]));
out.loadStrictShape = err(() => m.loadWeights(w.map(([k, a]) => [k, k === 'scale' ? mx.ones([3]) : a])));
m.loadWeights([['layers.1.bias', mx.full([2], 7, mx.float32)]], false);
out.loadedLoose = show(m.layers[1].parameters()).filter(([k]) => k === 'bias');
m.saveWeights(path.join(tmp, 'js.safetensors'));
m.saveWeights(path.join(tmp, 'js.npz'));
out.saveError = err(() => m.saveWeights(path.join(tmp, 'x.bin')));
const m2 = new Net();
m2.loadWeights(path.join(tmp, 'js.safetensors'));
out.reloaded = show(m2.parameters());
m2.setDtype(mx.float16);
out.dtypes = flat(m2.parameters()).map(([k, a]) => [k, a.dtype.name]);
m2.train(false);
out.training = [m2.training, m2.layers[0].training];
m2.train();
out.training2 = [m2.training, m2.extra.a.training];
console.log(JSON.stringify(out));
