// nn layers: what the differential test (tests/python/nn/test_layers_basic.py) cannot see: module
// state (BatchNorm's running statistics) made inside mx.tidy, nn.valueAndGrad or mx.grad outlives
// them, nothing leaks over training steps, train/eval switches, and the Python-style reprs.
import assert from 'node:assert/strict';
import mx from '../../src/ts/index';
import { native } from '../../src/ts/native';
import { fullGc } from './gc';

const { nn, optimizers: optim } = mx;
type Arr = InstanceType<typeof mx.array>;

const sameList = (a: Arr, b: Arr) => assert.deepEqual(a.tolist(), b.tolist());

describe('nn layers', () => {
  it('BatchNorm running statistics survive mx.tidy, nn.valueAndGrad and mx.grad', () => {
    mx.random.seed(1);
    const x = mx.random.normal([8, 4]);
    const bn = new nn.BatchNorm(4);
    mx.tidy(() => {
      bn.forward(x);
    });
    const rm1 = bn.running_mean!.tolist() as number[];
    assert.ok(rm1.some((v) => v !== 0));
    const step = nn.valueAndGrad(bn, (a: Arr) => mx.sum(bn.forward(a)));
    mx.tidy(() => {
      step(x);
    });
    const rm2 = bn.running_mean!.tolist() as number[];
    assert.notDeepEqual(rm2, rm1);
    mx.grad((a: Arr) => mx.sum(bn.forward(a)))(x);
    assert.notDeepEqual(bn.running_mean!.tolist(), rm2);
    assert.deepEqual(Object.keys(bn.trainableParameters()), ['weight', 'bias']);
    bn.unfreeze();
    assert.deepEqual(Object.keys(bn.trainableParameters()), ['weight', 'bias']);
  });

  it('training steps in mx.tidy leak no arrays (Sequential with BatchNorm and Dropout, Adam)', () => {
    mx.random.seed(0);
    const model = new nn.Sequential(new nn.Linear(3, 8), new nn.ReLU(), new nn.BatchNorm(8), new nn.Dropout(0.2), new nn.Linear(8, 1));
    const opt = new optim.Adam(0.01);
    const x = mx.random.normal([16, 3]);
    const y = mx.random.normal([16, 1]);
    const step = nn.valueAndGrad(model, (a: Arr, b: Arr) => nn.losses.mseLoss(model.forward(a), b));
    const run = () =>
      mx.tidy(() => {
        const [, g] = step(x, y);
        opt.update(model, g);
        mx.eval(model.parameters(), opt.state);
      });
    for (let i = 0; i < 3; i++) run();
    fullGc();
    const before = native.liveArrays();
    for (let i = 0; i < 50; i++) run();
    fullGc();
    assert.ok(native.liveArrays() - before <= 2, `${native.liveArrays() - before} arrays more`);
  });

  it('Dropout and BatchNorm follow train() and eval()', () => {
    const x = mx.ones([4, 8]);
    const d = new nn.Sequential(new nn.Dropout(0.5));
    const y = d.forward(x);
    assert.ok((y.tolist() as number[][]).flat().every((v) => v === 0 || v === 2));
    d.eval();
    assert.equal(d.layers[0].training, false);
    sameList(d.forward(x), x);
    const bn = new nn.BatchNorm(8);
    bn.eval();
    sameList(bn.forward(x), mx.multiply(x, 1 / Math.sqrt(1 + 1e-5)));
    sameList(bn.running_mean!, mx.zeros([8]));
    bn.train();
    assert.throws(() => bn.forward(mx.ones([1, 8])), /more than one value per channel/);
  });

  it('reprs and errors in forward', () => {
    assert.equal(String(new nn.Dropout(0.25)), 'Dropout(p=0.25)');
    assert.equal(String(new nn.Embedding(10, 4)), 'Embedding(10, 4)');
    assert.equal(String(new nn.InstanceNorm(3, { affine: true })), 'InstanceNorm(3, eps=1e-05, affine=True)');
    assert.equal(String(new nn.RMSNorm(3, 1e-6)), 'RMSNorm(3, eps=1e-06)');
    assert.throws(() => new nn.Dropout2d().forward(mx.ones([2, 3])), /Expected 3 or 4 dimensions/);
    assert.throws(() => new nn.Linear(2, 2).forward(3 as never), /nn.Linear.forward: 'x' must be an mx.array/);
    assert.throws(() => new nn.ALiBi().forward(mx.ones([1, 2, 2, 2]), { offset: 1.5 }), /'offset' must be an integer/);
  });
});
