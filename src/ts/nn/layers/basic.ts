// Python's mlx.nn basic layers (mlx 0.32.4: layers/linear.py, embedding.py, containers.py, dropout.py).
import { MxArray } from '../../array';
import { MLXError } from '../../errors';
import { Module } from '../module';
import { QuantizedEmbedding, QuantizedLinear } from './quantized';
import { arr, bind, core, has, int, bool, num, pyBool, pyFloat, random } from './util';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** A placeholder that returns its input; any constructor arguments are ignored. */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  forward(x: MxArray): MxArray {
    return x;
  }
}

/** y = x Wᵀ + b, W of shape [outputDims, inputDims] and b, both U(-1/√inputDims, 1/√inputDims). */
export class Linear extends Module {
  declare weight: MxArray;
  declare bias?: MxArray;
  constructor(inputDims: number, outputDims: number, kw?: { bias?: boolean });
  constructor(inputDims: number, outputDims: number, bias?: boolean);
  constructor(...args: unknown[]) {
    super();
    const L = 'nn.Linear';
    const [i, o, b] = bind(L, ['inputDims', 'outputDims', 'bias'], 2, args);
    const inputDims = int(L, 'inputDims', i), outputDims = int(L, 'outputDims', o);
    const scale = Math.sqrt(1.0 / inputDims);
    this.weight = random.uniform(-scale, scale, [outputDims, inputDims]);
    if (bool(L, 'bias', b, true)) this.bias = random.uniform(-scale, scale, [outputDims]);
  }
  protected extraRepr(): string {
    return `input_dims=${this.weight.shape[1]}, output_dims=${this.weight.shape[0]}, bias=${pyBool(has(this, 'bias'))}`;
  }
  /** Python's `Linear.to_quantized(group_size=None, bits=None, mode='affine', quantize_input=False)` (nn.quantize calls it; no QQLinear yet). */
  toQuantized(kw: { groupSize?: number | null; bits?: number | null; mode?: string; quantizeInput?: boolean } = {}): Module {
    if (kw.quantizeInput) throw new MLXError('Linear.toQuantized: quantizeInput (QQLinear) is not supported yet');
    return QuantizedLinear.fromLinear(this, kw.groupSize ?? null, kw.bits ?? null, kw.mode ?? 'affine');
  }
  forward(x: MxArray): MxArray {
    arr('nn.Linear.forward', 'x', x);
    if (has(this, 'bias')) return core.addmm(this.bias!, x, this.weight.T);
    return core.matmul(x, this.weight.T);
  }
}

/** y_i = x2ᵀ W_i x1 + b_i, W of shape [outputDims, input2Dims, input1Dims], U(-1/√input1Dims, 1/√input1Dims). */
export class Bilinear extends Module {
  declare weight: MxArray;
  declare bias?: MxArray;
  constructor(input1Dims: number, input2Dims: number, outputDims: number, kw?: { bias?: boolean });
  constructor(input1Dims: number, input2Dims: number, outputDims: number, bias?: boolean);
  constructor(...args: unknown[]) {
    super();
    const L = 'nn.Bilinear';
    const [a, b, c, bi] = bind(L, ['input1Dims', 'input2Dims', 'outputDims', 'bias'], 3, args);
    const in1 = int(L, 'input1Dims', a), in2 = int(L, 'input2Dims', b), out = int(L, 'outputDims', c);
    const scale = Math.sqrt(1.0 / in1);
    this.weight = random.uniform(-scale, scale, [out, in2, in1]);
    if (bool(L, 'bias', bi, true)) this.bias = random.uniform(-scale, scale, [out]);
  }
  protected extraRepr(): string {
    const [out, in2, in1] = this.weight.shape;
    return `input1_dims=${in1}, input2_dims=${in2}, output_dims=${out}, bias=${pyBool(has(this, 'bias'))}`;
  }
  forward(x1: MxArray, x2: MxArray): MxArray {
    arr('nn.Bilinear.forward', 'x1', x1);
    arr('nn.Bilinear.forward', 'x2', x2);
    const [out, in2, in1] = this.weight.shape;
    const xshape = x1.shape.slice(0, -1);
    const a = core.reshape(x1, [-1, in1]);
    const b = core.reshape(x2, [-1, 1, in2]);
    const w = core.reshape(this.weight, [out * in2, in1]);
    let y = core.matmul(a, w.T);
    y = core.swapaxes(core.reshape(y, [-1, out, in2]), -2, -1);
    y = core.matmul(b, y);
    y = core.squeeze(y, 1);
    y = core.reshape(y, [...xshape, out]);
    if (has(this, 'bias')) y = core.add(y, this.bias!);
    return y;
  }
}

/** A lookup table of `numEmbeddings` vectors of size `dims`, initialised N(0, 1/dims). */
export class Embedding extends Module {
  declare weight: MxArray;
  constructor(numEmbeddings: number, dims: number);
  constructor(...args: unknown[]) {
    super();
    const L = 'nn.Embedding';
    const [n, d] = bind(L, ['numEmbeddings', 'dims'], 2, args);
    const numEmbeddings = int(L, 'numEmbeddings', n), dims = int(L, 'dims', d);
    const scale = Math.sqrt(1 / dims);
    this.weight = random.normal({ shape: [numEmbeddings, dims], scale });
  }
  protected extraRepr(): string {
    return `${this.weight.shape[0]}, ${this.weight.shape[1]}`;
  }
  /** Python's `embedding(x)`: the rows of the table at the (integer) indices `x`. */
  forward(x: MxArray): MxArray {
    return core.take(this.weight, arr('nn.Embedding.forward', 'x', x), 0);
  }
  /** Python's `Embedding.to_quantized(group_size=None, bits=None, mode='affine')` (nn.quantize calls it). */
  toQuantized(kw: { groupSize?: number | null; bits?: number | null; mode?: string } = {}): Module {
    return QuantizedEmbedding.fromEmbedding(this, kw.groupSize ?? null, kw.bits ?? null, kw.mode ?? 'affine');
  }
  /** `x @ weight.T`: the embedding used as an output projection (tied weights). */
  asLinear(x: MxArray): MxArray {
    return core.matmul(arr('nn.Embedding.asLinear', 'x', x), this.weight.T);
  }
}

type Layer = Module | ((x: any) => any);

/** Calls its modules (or plain functions) in order. */
export class Sequential extends Module {
  declare layers: Layer[];
  constructor(...modules: Layer[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module) && typeof m !== 'function')
        throw new TypeError(`nn.Sequential: argument ${i} must be an nn.Module or a function, got ${m === null ? 'null' : typeof m}`);
    });
    this.layers = [...modules];
  }
  forward(x: any): any {
    for (const m of this.layers) x = m instanceof Module ? m.forward(x) : m(x);
    return x;
  }
}

function dropoutP(label: string, args: unknown[]): number {
  const [pv] = bind(label, ['p'], 0, args);
  const p = num(label, 'p', pv, 0.5);
  if (p < 0 || p >= 1) throw new MLXError(`The dropout probability ${pyFloat(p)} is not in [0, 1)`);
  return p;
}

abstract class DropoutBase extends Module {
  declare _p1: number;
  constructor(label: string, args: unknown[]) {
    super();
    this._p1 = 1 - dropoutP(label, args);
  }
  protected extraRepr(): string {
    return `p=${pyFloat(1 - this._p1)}`;
  }
  protected drop(x: MxArray, maskShape: number[]): MxArray {
    const mask = random.bernoulli(this._p1, maskShape);
    return core.multiply(core.multiply(mask, x), 1 / this._p1);
  }
}

/** Zeroes elements with probability `p` in training mode, scaling the rest by 1/(1-p). */
export class Dropout extends DropoutBase {
  constructor(p?: number | { p?: number });
  constructor(...args: unknown[]) {
    super('nn.Dropout', args);
  }
  forward(x: MxArray): MxArray {
    arr('nn.Dropout.forward', 'x', x);
    if (this._p1 === 1 || !this.training) return x;
    return this.drop(x, x.shape);
  }
}

/** Zeroes whole channels (the last axis) of NHWC or HWC inputs with probability `p` in training mode. */
export class Dropout2d extends DropoutBase {
  constructor(p?: number | { p?: number });
  constructor(...args: unknown[]) {
    super('nn.Dropout2d', args);
  }
  forward(x: MxArray): MxArray {
    arr('nn.Dropout2d.forward', 'x', x);
    if (x.ndim !== 3 && x.ndim !== 4) throw new MLXError(`Received input with ${x.ndim} dimensions. Expected 3 or 4 dimensions.`);
    if (this._p1 === 1 || !this.training) return x;
    const s = [...x.shape];
    s[s.length - 2] = s[s.length - 3] = 1;
    return this.drop(x, s);
  }
}

/** Zeroes whole channels (the last axis) of NDHWC or DHWC inputs with probability `p` in training mode. */
export class Dropout3d extends DropoutBase {
  constructor(p?: number | { p?: number });
  constructor(...args: unknown[]) {
    super('nn.Dropout3d', args);
  }
  forward(x: MxArray): MxArray {
    arr('nn.Dropout3d.forward', 'x', x);
    if (x.ndim !== 4 && x.ndim !== 5) throw new MLXError(`Received input with ${x.ndim} dimensions. Expected 4 or 5 dimensions.`);
    if (this._p1 === 1 || !this.training) return x;
    const s = [...x.shape];
    s[s.length - 2] = s[s.length - 3] = s[s.length - 4] = 1;
    return this.drop(x, s);
  }
}

export const basicLayers = { Identity, Linear, Bilinear, Embedding, Sequential, Dropout, Dropout2d, Dropout3d };
