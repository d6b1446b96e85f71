// Python's mlx.nn quantized layers (quantized.py): QuantizedLinear, QuantizedEmbedding and nn.quantize.
// (QQLinear, which quantizes the activations too through mx.qqmm, is not here.)
import { bindArgs, isKwargs } from '../../args';
import { MxArray } from '../../array';
import { MLXError } from '../../errors';
import { tableFunctions } from '../../ops';
import { treeMapWithPath } from '../../utils';
import { Module } from '../module';
import { boolArg, intArg } from './convolution';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const core: any = tableFunctions.core;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const random: any = tableFunctions.random;

const MODE_DEFAULTS: Record<string, [number, number]> = { affine: [64, 4], mxfp4: [32, 4], nvfp4: [16, 4], mxfp8: [32, 8] };

function defaultsForMode(mode: unknown, groupSize: number | null, bits: number | null): [number, number] {
  if (typeof mode !== 'string' || !(mode in MODE_DEFAULTS))
    throw new MLXError(`Invalid quantization mode '${String(mode)}'. Valid modes are: ${Object.keys(MODE_DEFAULTS).join(', ')}.`);
  const [g, b] = MODE_DEFAULTS[mode];
  return [groupSize || g, bits || b];
}
const optInt = (L: string, n: string, v: unknown): number | null => (v === undefined || v === null ? null : intArg(L, n, v));
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k) && (o as Record<string, unknown>)[k] instanceof MxArray;

/** Stores mx.quantize's [weight, scales, biases?] on `m` (biases null when the mode has none). */
function setQuantized(m: QuantizedLinear | QuantizedEmbedding, w: MxArray, groupSize: number | null, bits: number | null, mode: string): void {
  const [q, scales, biases] = core.quantize(w, groupSize, bits, { mode }) as MxArray[];
  m.weight = q;
  m.scales = scales;
  m.biases = biases ?? null;
}

type QKw = { groupSize?: number | null; bits?: number | null; mode?: string };

/** Python's `nn.QuantizedEmbedding(num_embeddings, dims, group_size=None, bits=None, mode='affine')` (frozen). */
export class QuantizedEmbedding extends Module {
  declare groupSize: number;
  declare bits: number;
  declare mode: string;
  declare weight: MxArray;
  declare scales: MxArray;
  declare biases: MxArray | null;
  declare numEmbeddings: number;
  declare dims: number;
  constructor(numEmbeddings: number, dims: number, ...rest: Array<number | null | string | QKw>) {
    super();
    const L = 'nn.QuantizedEmbedding';
    const a = bindArgs(L, ['numEmbeddings', 'dims', 'groupSize', 'bits', 'mode'], 2, [numEmbeddings, dims, ...rest]);
    const n = intArg(L, 'numEmbeddings', a[0]), d = intArg(L, 'dims', a[1]);
    const gs = optInt(L, 'groupSize', a[2]), bits = optInt(L, 'bits', a[3]);
    const mode = a[4] === undefined ? 'affine' : (a[4] as string);
    [this.groupSize, this.bits] = defaultsForMode(mode, gs, bits);
    this.mode = mode;
    const w = random.normal({ shape: [n, d], scale: Math.sqrt(1 / d) });
    setQuantized(this, w, gs, bits, mode);
    this.numEmbeddings = n;
    this.dims = d;
    this.freeze();
  }
  /** `forward(x)`: the (dequantized) embeddings of the integer indices `x`. */
  forward(x: MxArray): MxArray {
    const take = (a: MxArray) => core.take(a, x, { axis: 0 });
    return core.dequantize(take(this.weight), {
      scales: take(this.scales), biases: this.biases instanceof MxArray ? take(this.biases) : null,
      groupSize: this.groupSize, bits: this.bits, mode: this.mode,
    });
  }
  /** Python's `as_linear(x)`: `x` times the transposed embedding matrix. */
  asLinear(x: MxArray): MxArray {
    return core.quantizedMatmul(x, this.weight, {
      scales: this.scales, biases: this.biases, transpose: true, groupSize: this.groupSize, bits: this.bits, mode: this.mode,
    });
  }
  protected extraRepr(): string {
    return `${this.numEmbeddings}, ${this.dims}, group_size=${this.groupSize}, bits=${this.bits}, mode=${this.mode}`;
  }
  /** Python's `QuantizedEmbedding.from_embedding(embedding_layer, group_size=None, bits=None, mode='affine')`. */
  static fromEmbedding(embeddingLayer: Module & { weight: MxArray }, ...rest: Array<number | null | string | QKw>): QuantizedEmbedding {
    const L = 'QuantizedEmbedding.fromEmbedding';
    const a = bindArgs(L, ['embeddingLayer', 'groupSize', 'bits', 'mode'], 1, [embeddingLayer, ...rest]);
    const w = (a[0] as { weight?: unknown }).weight;
    if (!(w instanceof MxArray)) throw new TypeError(`${L}: 'embeddingLayer' must be a module with a weight array`);
    const gs = optInt(L, 'groupSize', a[1]), bits = optInt(L, 'bits', a[2]);
    const mode = a[3] === undefined ? 'affine' : (a[3] as string);
    const ql = new QuantizedEmbedding(w.shape[0], w.shape[1], gs, bits, mode);
    setQuantized(ql, w, gs, bits, mode);
    return ql;
  }
}

/** Python's `nn.QuantizedLinear(input_dims, output_dims, bias=True, group_size=None, bits=None, mode='affine')` (frozen). */
export class QuantizedLinear extends Module {
  declare groupSize: number;
  declare bits: number;
  declare mode: string;
  declare weight: MxArray;
  declare scales: MxArray;
  declare biases: MxArray | null;
  declare bias?: MxArray;
  constructor(inputDims: number, outputDims: number, ...rest: Array<number | boolean | null | string | (QKw & { bias?: boolean })>) {
    super();
    const L = 'nn.QuantizedLinear';
    const a = bindArgs(L, ['inputDims', 'outputDims', 'bias', 'groupSize', 'bits', 'mode'], 2, [inputDims, outputDims, ...rest]);
    const i = intArg(L, 'inputDims', a[0]), o = intArg(L, 'outputDims', a[1]);
    const bias = boolArg(L, 'bias', a[2], true);
    const gs = optInt(L, 'groupSize', a[3]), bits = optInt(L, 'bits', a[4]);
    const mode = a[5] === undefined ? 'affine' : (a[5] as string);
    [this.groupSize, this.bits] = defaultsForMode(mode, gs, bits);
    this.mode = mode;
    const scale = Math.sqrt(1 / i);
    const w = random.uniform({ low: -scale, high: scale, shape: [o, i] });
    setQuantized(this, w, gs, bits, mode);
    if (bias) this.bias = core.zeros([o]);
    this.freeze();
  }
  protected extraRepr(): string {
    const [o, i] = this.weight.shape;
    return `input_dims=${Math.floor((i * 32) / this.bits)}, output_dims=${o}, bias=${hasOwn(this, 'bias') ? 'True' : 'False'}, ` +
      `group_size=${this.groupSize}, bits=${this.bits}, mode=${this.mode}`;
  }
  /** `forward(x)`: `x @ W.T + bias` with the quantized `W`. */
  forward(x: MxArray): MxArray {
    const y = core.quantizedMatmul(x, this.weight, {
      scales: this.scales, biases: this.biases, transpose: true, groupSize: this.groupSize, bits: this.bits, mode: this.mode,
    });
    return hasOwn(this, 'bias') ? core.add(y, this.bias) : y;
  }
  /** Python's `QuantizedLinear.from_linear(linear_layer, group_size=None, bits=None, mode='affine')`. */
  static fromLinear(linearLayer: Module & { weight: MxArray; bias?: MxArray }, ...rest: Array<number | null | string | QKw>): QuantizedLinear {
    const L = 'QuantizedLinear.fromLinear';
    const a = bindArgs(L, ['linearLayer', 'groupSize', 'bits', 'mode'], 1, [linearLayer, ...rest]);
    const lin = a[0] as { weight?: unknown; bias?: unknown };
    if (!(lin instanceof Module) || !(lin.weight instanceof MxArray)) throw new TypeError(`${L}: 'linearLayer' must be a module with a weight array`);
    const gs = optInt(L, 'groupSize', a[1]), bits = optInt(L, 'bits', a[2]);
    const mode = a[3] === undefined ? 'affine' : (a[3] as string);
    const [o, i] = lin.weight.shape;
    const ql = new QuantizedLinear(i, o, false, gs, bits, mode);
    setQuantized(ql, lin.weight, gs, bits, mode);
    if (hasOwn(lin, 'bias')) ql.bias = lin.bias as MxArray;
    return ql;
  }
}

type Predicate = (path: string, m: Module) => boolean | Record<string, unknown>;

/**
 * Python's `nn.quantize(model, group_size=None, bits=None, *, mode='affine', quantize_input=False, class_predicate=None)`:
 * replaces (in place) every leaf module that `classPredicate(path, module)` selects (by default, those with a
 * `toQuantized` method) with `module.toQuantized({ groupSize, bits, mode })`; a predicate may return an object
 * of keyword arguments for `toQuantized` instead of `true`.
 */
export function quantize(model: Module, ...rest: unknown[]): void {
  const L = 'nn.quantize';
  const a = bindArgs(L, ['model', 'groupSize', 'bits', 'mode', 'quantizeInput', 'classPredicate'], 1, [model, ...rest]);
  if (rest.length > 3 || (rest.length === 3 && !isKwargs(rest[2])))
    throw new TypeError(`${L}: takes at most 3 positional arguments (model, groupSize, bits); 'mode', 'quantizeInput' and 'classPredicate' are keyword-only`);
  if (!(a[0] instanceof Module)) throw new TypeError(`${L}: 'model' must be an nn.Module`);
  const groupSize = optInt(L, 'groupSize', a[1]), bits = optInt(L, 'bits', a[2]);
  const mode = a[3] === undefined ? 'affine' : a[3];
  const quantizeInput = boolArg(L, 'quantizeInput', a[4], false);
  const hasTo = (m: unknown): m is { toQuantized: (kw: Record<string, unknown>) => Module } =>
    typeof (m as { toQuantized?: unknown }).toQuantized === 'function';
  const pred = (a[5] ?? ((_p: string, m: Module) => hasTo(m))) as Predicate;
  if (typeof pred !== 'function') throw new TypeError(`${L}: 'classPredicate' must be a function or null`);
  const maybe = (path: string, m: Module): Module => {
    const r = pred(path, m);
    if (!r) return m;
    if (!hasTo(m)) throw new MLXError(`Unable to quantize model of type ${m.constructor.name}`);
    if (typeof r === 'boolean') {
      const kw: Record<string, unknown> = { groupSize, bits, mode };
      if (quantizeInput) kw.quantizeInput = quantizeInput;
      return m.toQuantized(kw);
    }
    if (isKwargs(r)) {
      const kw = { ...r };
      if ('quantizeInput' in kw && !kw.quantizeInput) delete kw.quantizeInput;
      return m.toQuantized(kw);
    }
    throw new MLXError('``class_predicate`` must return a bool or a dict of parameters to pass to ``to_quantized``');
  };
  const leaves = treeMapWithPath(maybe, (a[0] as Module).leafModules(), { isLeaf: (x: unknown) => x instanceof Module });
  (a[0] as Module).updateModules(leaves);
}

export const quantized = { QuantizedLinear, QuantizedEmbedding, quantize };
