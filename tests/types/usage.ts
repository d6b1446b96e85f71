// Compiled by tests/js/types.test.ts with `tsc --noEmit -p tests/types` (strict,
// no @types/node): the public declarations type-check real calls, and every
// `@ts-expect-error` line must really be an error (tsc fails on an unused one).
import mx, { type MxArray, type Mx, type Dtype, nn, utils } from 'mlx-node';
import nnSub, { relu as reluSub } from 'mlx-node/nn';
import { treeFlatten as treeFlattenSub } from 'mlx-node/utils';

const a: MxArray = mx.array([[1, 2], [3, 4]], mx.float32);
const b = mx.ones([2, 2]);

// positional, keyword object, and both (docs/python-to-js.md, Arguments)
mx.sum(a);
mx.sum(a, 1);
mx.sum(a, 1, true);
mx.sum(a, [0, 1]);
mx.sum(a, null);
mx.sum(a, { axis: 1, keepdims: true });
mx.sum(a, 1, { keepdims: true, stream: mx.cpu });
mx.sum(a, { stream: mx.newStream(mx.cpu) });
// @ts-expect-error misspelt keyword
mx.sum(a, { keepdim: true });
// @ts-expect-error keepdims given twice (positionally and by keyword)
mx.sum(a, 1, true, { keepdims: true });
// @ts-expect-error the keyword object goes last, once
mx.sum(a, { axis: 1 }, { keepdims: true });
// @ts-expect-error an axis is a number
mx.sum(a, '1');
// @ts-expect-error stream is keyword-only
mx.add(a, b, mx.cpu);

// scalars and complex operands
mx.add(a, 2);
mx.multiply(2.5, a);
a.multiply({ re: 0, im: 1 });
mx.where(mx.greater(a, 2), a, 0);
// @ts-expect-error a string is not an operand
mx.add(a, 'x');

// methods, rest shapes, properties
const r: MxArray = a.reshape(4, 1).reshape([2, 2]).reshape(2, 2, { stream: mx.cpu });
a.transpose(1, 0);
a.sum({ axis: 0 }).mean();
a.astype(mx.int32);
const t: MxArray = a.T.mT;
const re: MxArray = a.real;
a.abs().sqrt().exp().log();
a.bitwiseAnd === undefined;
// @ts-expect-error no such method
a.frobnicate();
// @ts-expect-error a.T is read-only
a.T = b;

// list results are arrays
const [q, rr]: MxArray[] = mx.linalg.qr(a, { stream: mx.cpu });
const parts: MxArray[] = mx.split(a, 2);
const [u, s, vt] = mx.linalg.svd(a, { stream: mx.cpu });

// creation and dtypes
const z = mx.zeros([2, 3], mx.float16);
mx.zeros([2, 3], { dtype: mx.int8 });
mx.full([2], 2.5);
mx.arange(10);
mx.arange(0, 10, 2, { dtype: mx.float32 });
const dt: Dtype = z.dtype;
// @ts-expect-error a dtype is an mx.Dtype, not a string
mx.zeros([2], 'float32');

// submodules
mx.random.normal([2, 2], { key: mx.random.key(0) });
mx.random.uniform({ shape: [3] });
const key0: MxArray = mx.random.state[0];
mx.fft.fft(a);
mx.fft.rfft2(a, { axes: [0, 1] });
mx.fast.rmsNorm(a, null, 1e-5);
mx.linalg.norm(a, 'fro');

// protocols
const n: number | undefined = a.length;
for (const row of a) row.sum();
const asNumber: number = Number(mx.array(3));
const json: string = JSON.stringify(a);

// the namespace's type; internals are not part of it
const m: Mx = mx;
m.eval(a, [b]);
// @ts-expect-error the parity tool's internals are not public
m._opTables;
// @ts-expect-error nor is an array's handle
a._i;
mx.tidy(() => mx.add(a, b));
const f: bigint = new mx.iinfo(mx.int8).max + BigInt(mx.finfo(mx.float16).bits);
mx.stream(mx.cpu, () => mx.add(a, 1));
mx.printoptions({ precision: 3 }, () => String(a));

export { r, t, re, q, rr, parts, u, s, vt, dt, key0, n, asNumber, json, f };

// indexing (docs/indexing.md)
const row: MxArray = a.index(0);
a.index(':, 1').index(mx.slice(null, null, -1));
a.indexPut_([0, mx.Ellipsis], 5);
a.at(mx.array([0, 0])).add(1);
const s2: MxArray = mx.slice(a, mx.array([0]), [0], [1]);
// @ts-expect-error at(...) updates take an operand
a.at(0).add('x');
export { row, s2 };

// optimizers (docs/optimizers.md)
import { optimizers as optim } from 'mlx-node';
import * as optimSub from 'mlx-node/optimizers';
const adamw = new optim.AdamW({ learningRate: 1e-3, weightDecay: 0.01 });
const sgd: optimSub.SGD = new optimSub.SGD(0.1, { momentum: 0.9, nesterov: true });
new optim.Adam(optim.cosineDecay(1e-3, 1000), [0.9, 0.99]);
new optim.Adafactor();
new optim.MultiOptimizer([adamw, sgd], [(path: string) => path.startsWith('layers')]);
const lrNow: MxArray = adamw.learningRate;
adamw.learningRate = 3e-4;
const updated = adamw.applyGradients({ w: a }, { w: b });
sgd.update({ parameters: () => ({ w: b }), update: (_p) => undefined }, { w: a });
const [clipped, gnorm] = optim.clipGradNorm({ w: a }, 1.0);
const warm = optim.joinSchedules([optim.linearSchedule(0, 1e-3, 100), optim.cosineDecay(1e-3, 1000)], [100]);
const stepCount: MxArray = adamw.step;
// @ts-expect-error options are numbers
new optim.SGD(0.1, { momentum: '0.9' });
// @ts-expect-error betas is a pair
new optim.Adam(0.1, { betas: 0.9 });
export { lrNow, updated, clipped, gnorm, warm, stepCount };
// nn and utils (docs/nn.md)
const h: MxArray = nn.relu(a);
nn.leakyRelu(a, { negativeSlope: 0.2 });
nn.softmax(a, 0);
nn.hardTanh(a, { minVal: -2, maxVal: 2 });
const loss: MxArray = nn.losses.crossEntropy(a, mx.array([0, 1]), { reduction: 'mean', labelSmoothing: 0.1 });
nn.losses.mseLoss(a, b);
// @ts-expect-error reduction is 'none' | 'mean' | 'sum'
nn.losses.mseLoss(a, b, { reduction: 'avg' });
// @ts-expect-error misspelt keyword
nn.losses.crossEntropy(a, b, { label_smoothing: 0.1 });
const w0: MxArray = nn.init.heUniform()(a, { mode: 'fan_out' });
nn.init.normal({ std: 0.02 })(a);
nn.init.glorotUniform(mx.float16)(a, 2);
// @ts-expect-error an initializer takes an array
nn.init.constant(1)([2, 2]);
const lin = new nn.Linear(4, 8, { bias: false });
const linOut: MxArray = lin.forward(a);
const linW: MxArray = lin.weight;
const mlp = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Dropout(0.1), new nn.Linear(16, 1), (x: MxArray) => x.square());
const mlpOut = mlp.forward(a);
mlp.eval();
new nn.LayerNorm(8, { eps: 1e-6 }).forward(a);
new nn.GELU('tanh');
// @ts-expect-error misspelt keyword
new nn.Linear(4, 8, { bais: false });
// @ts-expect-error dims are numbers
new nn.Linear('4', 8);
const flat: [string, any][] = utils.treeFlatten({ w: a, layers: [{ b }] });
const flatDict: Record<string, any> = utils.treeFlatten({ w: a }, { destination: {} });
const sq = utils.treeMap((x: MxArray) => x.square(), { w: a });
const total: number = utils.treeReduce((acc: number, x: MxArray) => acc + x.size, { w: a, b }, 0);
utils.treeUnflatten(flat);
utils.treeMerge({ a: 1 }, { b: 2 });
// @ts-expect-error treeUnflatten takes pairs or a flat object
utils.treeUnflatten(5);
reluSub(nnSub.sigmoid(a));
treeFlattenSub([a]);
export { h, loss, w0, flat, flatDict, sq, total, linOut, linW, mlpOut };
