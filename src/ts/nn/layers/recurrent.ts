// Python's mlx.nn recurrent layers (recurrent.py): RNN, GRU, LSTM over inputs `NLD` or `LD`.
import { bindArgs } from '../../args';
import { MxArray } from '../../array';
import { MLXError } from '../../errors';
import { tableFunctions } from '../../ops';
import { indexingApi } from '../../indexing';
import { Module } from '../module';
import { tanh } from '../activations';
import { boolArg, intArg } from './convolution';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const core: any = tableFunctions.core;
const random = tableFunctions.random;
const { Ellipsis, slice } = indexingApi;

const uniform = (scale: number, shape: number[]): MxArray => random.uniform({ low: -scale, high: scale, shape });
/** x[..., i, :] */
const step = (x: MxArray, i: number): MxArray => (x as any).index(Ellipsis, i, slice());
/** x[..., a:b] */
const cols = (x: MxArray, a: number | null, b: number | null): MxArray => (x as any).index(Ellipsis, slice(a, b));

function optArray(label: string, name: string, v: unknown): MxArray | null {
  if (v === undefined || v === null) return null;
  if (!(v instanceof MxArray)) throw new TypeError(`${label}: '${name}' must be an mx.array or null`);
  return v;
}

function input(label: string, x: unknown): MxArray {
  if (!(x instanceof MxArray)) throw new TypeError(`${label}: 'x' must be an mx.array`);
  return x;
}

/** Python's `nn.RNN(input_size, hidden_size, bias=True, nonlinearity=None)` (tanh by default). */
export class RNN extends Module {
  declare nonlinearity: (x: MxArray) => MxArray;
  declare hiddenSize: number;
  declare Wxh: MxArray;
  declare Whh: MxArray;
  declare bias: MxArray | null;
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    super();
    const L = 'nn.RNN';
    const a = bindArgs(L, ['inputSize', 'hiddenSize', 'bias', 'nonlinearity'], 2, [inputSize, hiddenSize, ...rest]);
    const inS = intArg(L, 'inputSize', a[0]), hid = intArg(L, 'hiddenSize', a[1]);
    const bias = boolArg(L, 'bias', a[2], true);
    const nl = a[3] === undefined || a[3] === null ? tanh : a[3];
    if (typeof nl !== 'function') throw new MLXError(`[RNN] Nonlinearity must be callable. Current value: ${String(a[3])}.`);
    this.nonlinearity = nl as (x: MxArray) => MxArray;
    const scale = 1.0 / Math.sqrt(hid);
    this.hiddenSize = hid;
    this.Wxh = uniform(scale, [hid, inS]);
    this.Whh = uniform(scale, [hid, hid]);
    this.bias = bias ? uniform(scale, [hid]) : null;
  }
  protected extraRepr(): string {
    return `input_dims=${this.Wxh.shape[1]}, hidden_size=${this.hiddenSize}, nonlinearity=${this.nonlinearity.name || 'function'}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
  /** `forward(x, hidden = null)`: every step's hidden state, shape `[..., L, hidden_size]`. */
  forward(...args: unknown[]): MxArray {
    const [xa, ha] = bindArgs('RNN.forward', ['x', 'hidden'], 1, args);
    let x = input('RNN.forward', xa);
    let hidden = optArray('RNN.forward', 'hidden', ha);
    x = this.bias !== null ? core.addmm(this.bias, x, core.transpose(this.Wxh)) : core.matmul(x, core.transpose(this.Wxh));
    const all: MxArray[] = [];
    const L = x.shape[x.ndim - 2];
    for (let i = 0; i < L; i++) {
      hidden = hidden !== null ? core.addmm(step(x, i), hidden, core.transpose(this.Whh)) : step(x, i);
      hidden = this.nonlinearity(hidden as MxArray);
      all.push(hidden as MxArray);
    }
    return core.stack(all, { axis: -2 });
  }
}

/** Python's `nn.GRU(input_size, hidden_size, bias=True)`. */
export class GRU extends Module {
  declare hiddenSize: number;
  declare Wx: MxArray;
  declare Wh: MxArray;
  declare b: MxArray | null;
  declare bhn: MxArray | null;
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    super();
    const L = 'nn.GRU';
    const a = bindArgs(L, ['inputSize', 'hiddenSize', 'bias'], 2, [inputSize, hiddenSize, ...rest]);
    const inS = intArg(L, 'inputSize', a[0]), hid = intArg(L, 'hiddenSize', a[1]);
    const bias = boolArg(L, 'bias', a[2], true);
    this.hiddenSize = hid;
    const scale = 1.0 / Math.sqrt(hid);
    this.Wx = uniform(scale, [3 * hid, inS]);
    this.Wh = uniform(scale, [3 * hid, hid]);
    this.b = bias ? uniform(scale, [3 * hid]) : null;
    this.bhn = bias ? uniform(scale, [hid]) : null;
  }
  protected extraRepr(): string {
    return `input_dims=${this.Wx.shape[1]}, hidden_size=${this.hiddenSize}, bias=${this.b !== null ? 'True' : 'False'}`;
  }
  /** `forward(x, hidden = null)`. */
  forward(...args: unknown[]): MxArray {
    const [xa, ha] = bindArgs('GRU.forward', ['x', 'hidden'], 1, args);
    let x = input('GRU.forward', xa);
    let hidden = optArray('GRU.forward', 'hidden', ha);
    const H = this.hiddenSize;
    x = this.b !== null ? core.addmm(this.b, x, core.transpose(this.Wx)) : core.matmul(x, core.transpose(this.Wx));
    const xrz = cols(x, null, -H), xn = cols(x, -H, null);
    const all: MxArray[] = [];
    const L = x.shape[x.ndim - 2];
    for (let i = 0; i < L; i++) {
      let rz = step(xrz, i);
      let hpn: MxArray | null = null;
      if (hidden !== null) {
        const hp = core.matmul(hidden, core.transpose(this.Wh));
        const hprz = cols(hp, null, -H);
        hpn = cols(hp, -H, null);
        if (this.bhn !== null) hpn = core.add(hpn, this.bhn);
        rz = core.add(rz, hprz);
      }
      rz = core.sigmoid(rz);
      const [r, z] = core.split(rz, 2, { axis: -1 }) as MxArray[];
      let n = step(xn, i);
      if (hidden !== null) n = core.add(n, core.multiply(r, hpn!));
      else if (this.bhn !== null) n = core.add(n, core.multiply(r, this.bhn));
      n = core.tanh(n);
      hidden = hidden !== null ? core.add(core.multiply(core.subtract(1, z), n), core.multiply(z, hidden)) : core.multiply(core.subtract(1, z), n);
      all.push(hidden as MxArray);
    }
    return core.stack(all, { axis: -2 });
  }
}

/** Python's `nn.LSTM(input_size, hidden_size, bias=True)`. */
export class LSTM extends Module {
  declare hiddenSize: number;
  declare Wx: MxArray;
  declare Wh: MxArray;
  declare bias: MxArray | null;
  constructor(inputSize: number, hiddenSize: number, ...rest: unknown[]) {
    super();
    const L = 'nn.LSTM';
    const a = bindArgs(L, ['inputSize', 'hiddenSize', 'bias'], 2, [inputSize, hiddenSize, ...rest]);
    const inS = intArg(L, 'inputSize', a[0]), hid = intArg(L, 'hiddenSize', a[1]);
    const bias = boolArg(L, 'bias', a[2], true);
    this.hiddenSize = hid;
    const scale = 1.0 / Math.sqrt(hid);
    this.Wx = uniform(scale, [4 * hid, inS]);
    this.Wh = uniform(scale, [4 * hid, hid]);
    this.bias = bias ? uniform(scale, [4 * hid]) : null;
  }
  protected extraRepr(): string {
    return `input_dims=${this.Wx.shape[1]}, hidden_size=${this.hiddenSize}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
  /** `forward(x, hidden = null, cell = null)`: `[hiddens, cells]`, each `[..., L, hidden_size]`. */
  forward(...args: unknown[]): [MxArray, MxArray] {
    const [xa, ha, ca] = bindArgs('LSTM.forward', ['x', 'hidden', 'cell'], 1, args);
    let x = input('LSTM.forward', xa);
    let hidden = optArray('LSTM.forward', 'hidden', ha);
    let cell = optArray('LSTM.forward', 'cell', ca);
    x = this.bias !== null ? core.addmm(this.bias, x, core.transpose(this.Wx)) : core.matmul(x, core.transpose(this.Wx));
    const allH: MxArray[] = [], allC: MxArray[] = [];
    const L = x.shape[x.ndim - 2];
    for (let t = 0; t < L; t++) {
      let ifgo = step(x, t);
      if (hidden !== null) ifgo = core.addmm(ifgo, hidden, core.transpose(this.Wh));
      let [i, f, g, o] = core.split(ifgo, 4, { axis: -1 }) as MxArray[];
      i = core.sigmoid(i);
      f = core.sigmoid(f);
      g = core.tanh(g);
      o = core.sigmoid(o);
      cell = cell !== null ? core.add(core.multiply(f, cell), core.multiply(i, g)) : core.multiply(i, g);
      hidden = core.multiply(o, core.tanh(cell));
      allC.push(cell as MxArray);
      allH.push(hidden as MxArray);
    }
    return [core.stack(allH, { axis: -2 }), core.stack(allC, { axis: -2 })];
  }
}

export const recurrent = { RNN, GRU, LSTM };
