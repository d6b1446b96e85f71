// Python's mlx.nn transformer layers (transformer.py): MultiHeadAttention, TransformerEncoder(Layer),
// TransformerDecoder(Layer), Transformer.
//
// The projections, norms and dropouts use small private layers with Python's parameter names and
// initialisation (Linear: weight, bias ~ U(-1/sqrt(in), 1/sqrt(in)); LayerNorm: weight ones, bias zeros),
// so the parameter trees match Python's; they can become nn.Linear / nn.LayerNorm / nn.Dropout.
import { bindArgs } from '../../args';
import { MxArray } from '../../array';
import { MLXError } from '../../errors';
import { tableFunctions } from '../../ops';
import { Dtype, float32, finfo } from '../../dtype';
import { Module } from '../module';
import { checkpoint as mxCheckpoint } from '../../transforms';
import { relu } from '../activations';
import { boolArg, intArg } from './convolution';
import { Dropout, Linear } from './basic';
import { LayerNorm } from './normalization';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const core: any = tableFunctions.core;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const random: any = tableFunctions.random;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fast: any = tableFunctions.fast;

/**
 * Python's `nn.utils.checkpoint(module)` for a layer's forward: the layer's trainable parameters go through
 * mx.checkpoint as an argument, so their gradients flow; the layer's own arrays are put back afterwards.
 */
function checkpointed<A extends unknown[]>(layer: Module, fn: (...a: A) => MxArray): (...a: A) => MxArray {
  const inner = mxCheckpoint((params: Record<string, unknown>, ...a: unknown[]) => {
    layer.update(params);
    return fn(...(a as A));
  });
  return (...a: A) => {
    const params = layer.trainableParameters();
    try {
      return inner(params, ...a) as MxArray;
    } finally {
      layer.update(params);
    }
  };
}

type Act = (x: MxArray) => MxArray;
const optInt = (L: string, n: string, v: unknown): number | null => (v === undefined || v === null || v === 0 ? null : intArg(L, n, v));

/** Python's `nn.MultiHeadAttention(dims, num_heads, query_input_dims=None, key_input_dims=None, value_input_dims=None, value_dims=None, value_output_dims=None, bias=False)`. */
export class MultiHeadAttention extends Module {
  declare numHeads: number;
  declare query_proj: Linear;
  declare key_proj: Linear;
  declare value_proj: Linear;
  declare out_proj: Linear;
  constructor(dims: number, numHeads: number, ...rest: unknown[]) {
    super();
    const L = 'nn.MultiHeadAttention';
    const a = bindArgs(L, ['dims', 'numHeads', 'queryInputDims', 'keyInputDims', 'valueInputDims', 'valueDims', 'valueOutputDims', 'bias'], 2, [dims, numHeads, ...rest]);
    const d = intArg(L, 'dims', a[0]), h = intArg(L, 'numHeads', a[1]);
    if (h === 0 || d % h !== 0)
      throw new MLXError(`[MultiHeadAttention] The input feature dimensions should be divisible by the number of heads (${d} % ${h}) != 0`);
    const q = optInt(L, 'queryInputDims', a[2]) ?? d;
    const k = optInt(L, 'keyInputDims', a[3]) ?? d;
    const v = optInt(L, 'valueInputDims', a[4]) ?? k;
    const vd = optInt(L, 'valueDims', a[5]) ?? d;
    const vo = optInt(L, 'valueOutputDims', a[6]) ?? d;
    const bias = boolArg(L, 'bias', a[7], false);
    this.numHeads = h;
    this.query_proj = new Linear(q, d, bias);
    this.key_proj = new Linear(k, d, bias);
    this.value_proj = new Linear(v, vd, bias);
    this.out_proj = new Linear(vd, vo, bias);
  }
  /** `forward(queries, keys, values, mask = null)`; `mask` an additive or boolean array, or `'causal'`. */
  forward(...args: unknown[]): MxArray {
    const [qa, ka, va, mask] = bindArgs('MultiHeadAttention.forward', ['queries', 'keys', 'values', 'mask'], 3, args);
    for (const [n, x] of [['queries', qa], ['keys', ka], ['values', va]] as const)
      if (!(x instanceof MxArray)) throw new TypeError(`MultiHeadAttention.forward: '${n}' must be an mx.array`);
    const split = (x: MxArray) => core.transpose(core.unflatten(x, -1, [this.numHeads, -1]), [0, 2, 1, 3]);
    const q = split(this.query_proj.forward(qa as MxArray));
    const k = split(this.key_proj.forward(ka as MxArray));
    const v = split(this.value_proj.forward(va as MxArray));
    const scale = Math.sqrt(1 / q.shape[q.ndim - 1]);
    const o = fast.scaledDotProductAttention(q, k, v, { scale, mask: mask === undefined ? null : mask });
    return this.out_proj.forward(core.flatten(core.transpose(o, [0, 2, 1, 3]), -2, -1));
  }
  /** Python's `MultiHeadAttention.create_additive_causal_mask(N, dtype=mx.float32)`. */
  static createAdditiveCausalMask(...args: unknown[]): MxArray {
    const L = 'MultiHeadAttention.createAdditiveCausalMask';
    const [n, d] = bindArgs(L, ['N', 'dtype'], 1, args);
    const N = intArg(L, 'N', n);
    const dtype = d === undefined || d === null ? float32 : d;
    if (!(dtype instanceof Dtype)) throw new TypeError(`${L}: 'dtype' must be an mx.Dtype`);
    const idx = core.arange(N);
    const mask = core.less(core.expandDims(idx, 1), core.expandDims(idx, 0));
    return core.multiply(core.astype(mask, dtype), finfo(dtype).min);
  }
}

type LayerKw = { mlpDims?: number | null; dropout?: number; activation?: Act; normFirst?: boolean };
function layerArgs(L: string, a: unknown[]) {
  const dims = intArg(L, 'dims', a[0]), heads = intArg(L, 'numHeads', a[1]);
  const mlp = optInt(L, 'mlpDims', a[2]) ?? dims * 4;
  const dropout = a[3] === undefined ? 0.0 : a[3];
  if (typeof dropout !== 'number') throw new TypeError(`${L}: 'dropout' must be a number`);
  const activation = a[4] === undefined || a[4] === null ? relu : a[4];
  if (typeof activation !== 'function') throw new TypeError(`${L}: 'activation' must be a function`);
  const normFirst = boolArg(L, 'normFirst', a[5], true);
  return { dims, heads, mlp, dropout, activation: activation as Act, normFirst };
}
const LAYER_NAMES = ['dims', 'numHeads', 'mlpDims', 'dropout', 'activation', 'normFirst'];

/** Python's `nn.TransformerEncoderLayer(dims, num_heads, mlp_dims=None, dropout=0.0, activation=relu, norm_first=True)`. */
export class TransformerEncoderLayer extends Module {
  declare attention: MultiHeadAttention;
  declare ln1: LayerNorm;
  declare ln2: LayerNorm;
  declare linear1: Linear;
  declare linear2: Linear;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare activation: Act;
  declare normFirst: boolean;
  constructor(dims: number, numHeads: number, ...rest: Array<number | null | Act | boolean | LayerKw>) {
    super();
    const L = 'nn.TransformerEncoderLayer';
    const o = layerArgs(L, bindArgs(L, LAYER_NAMES, 2, [dims, numHeads, ...rest]));
    this.attention = new MultiHeadAttention(o.dims, o.heads);
    this.ln1 = new LayerNorm(o.dims);
    this.ln2 = new LayerNorm(o.dims);
    this.linear1 = new Linear(o.dims, o.mlp);
    this.linear2 = new Linear(o.mlp, o.dims);
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
    this.activation = o.activation;
    this.normFirst = o.normFirst;
  }
  /** `forward(x, mask)`. */
  forward(x: MxArray, mask: MxArray | string | null): MxArray {
    let y: MxArray;
    if (this.normFirst) {
      y = this.ln1.forward(x);
      y = this.attention.forward(y, y, y, mask);
      x = core.add(x, this.dropout1.forward(y));
      y = this.linear1.forward(this.ln2.forward(x));
      y = this.linear2.forward(this.dropout2.forward(this.activation(y)));
      return core.add(x, y);
    }
    y = this.dropout1.forward(this.attention.forward(x, x, x, mask));
    x = this.ln1.forward(core.add(x, y));
    y = this.linear2.forward(this.dropout2.forward(this.activation(this.linear1.forward(x))));
    return this.ln2.forward(core.add(x, y));
  }
}

type StackKw = LayerKw & { checkpoint?: boolean };
function stackArgs(L: string, args: unknown[]) {
  const a = bindArgs(L, ['numLayers', ...LAYER_NAMES, 'checkpoint'], 3, args);
  const n = intArg(L, 'numLayers', a[0]);
  const o = layerArgs(L, a.slice(1));
  return { n, o, checkpoint: boolArg(L, 'checkpoint', a[7], false) };
}

/** Python's `nn.TransformerEncoder(num_layers, dims, num_heads, mlp_dims=None, dropout=0.0, activation=relu, norm_first=True, checkpoint=False)`. */
export class TransformerEncoder extends Module {
  declare layers: TransformerEncoderLayer[];
  declare ln: LayerNorm;
  declare checkpoint: boolean;
  constructor(numLayers: number, dims: number, numHeads: number, ...rest: Array<number | null | Act | boolean | StackKw>) {
    super();
    const { n, o, checkpoint } = stackArgs('nn.TransformerEncoder', [numLayers, dims, numHeads, ...rest]);
    this.layers = Array.from({ length: n }, () => new TransformerEncoderLayer(o.dims, o.heads, o.mlp, o.dropout, o.activation, o.normFirst));
    this.ln = new LayerNorm(o.dims);
    this.checkpoint = checkpoint;
  }
  /** `forward(x, mask)` (with `checkpoint`, each layer's intermediates are recomputed in the backward pass). */
  forward(x: MxArray, mask: MxArray | string | null): MxArray {
    for (const l of this.layers) x = this.checkpoint ? checkpointed(l, (y: MxArray, m: MxArray | string | null) => l.forward(y, m))(x, mask) : l.forward(x, mask);
    return this.ln.forward(x);
  }
}

/** Python's `nn.TransformerDecoderLayer(dims, num_heads, mlp_dims=None, dropout=0.0, activation=relu, norm_first=True)`. */
export class TransformerDecoderLayer extends Module {
  declare self_attention: MultiHeadAttention;
  declare cross_attention: MultiHeadAttention;
  declare ln1: LayerNorm;
  declare ln2: LayerNorm;
  declare ln3: LayerNorm;
  declare linear1: Linear;
  declare linear2: Linear;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;
  declare activation: Act;
  declare normFirst: boolean;
  constructor(dims: number, numHeads: number, ...rest: Array<number | null | Act | boolean | LayerKw>) {
    super();
    const L = 'nn.TransformerDecoderLayer';
    const o = layerArgs(L, bindArgs(L, LAYER_NAMES, 2, [dims, numHeads, ...rest]));
    this.self_attention = new MultiHeadAttention(o.dims, o.heads);
    this.cross_attention = new MultiHeadAttention(o.dims, o.heads);
    this.ln1 = new LayerNorm(o.dims);
    this.ln2 = new LayerNorm(o.dims);
    this.ln3 = new LayerNorm(o.dims);
    this.linear1 = new Linear(o.dims, o.mlp);
    this.linear2 = new Linear(o.mlp, o.dims);
    this.dropout1 = new Dropout(o.dropout);
    this.dropout2 = new Dropout(o.dropout);
    this.dropout3 = new Dropout(o.dropout);
    this.activation = o.activation;
    this.normFirst = o.normFirst;
  }
  /** `forward(x, memory, xMask, memoryMask)`. */
  forward(x: MxArray, memory: MxArray, xMask: MxArray | string | null, memoryMask: MxArray | string | null): MxArray {
    let y: MxArray;
    if (this.normFirst) {
      y = this.ln1.forward(x);
      x = core.add(x, this.dropout1.forward(this.self_attention.forward(y, y, y, xMask)));
      y = this.ln2.forward(x);
      x = core.add(x, this.dropout2.forward(this.cross_attention.forward(y, memory, memory, memoryMask)));
      y = this.linear1.forward(this.ln3.forward(x));
      y = this.linear2.forward(this.dropout3.forward(this.activation(y)));
      return core.add(x, y);
    }
    y = this.dropout1.forward(this.self_attention.forward(x, x, x, xMask));
    x = this.ln1.forward(core.add(x, y));
    y = this.dropout2.forward(this.cross_attention.forward(x, memory, memory, memoryMask));
    x = this.ln2.forward(core.add(x, y));
    y = this.linear2.forward(this.dropout3.forward(this.activation(this.linear1.forward(x))));
    return this.ln3.forward(core.add(x, y));
  }
}

/** Python's `nn.TransformerDecoder(num_layers, dims, num_heads, mlp_dims=None, dropout=0.0, activation=relu, norm_first=True, checkpoint=False)`. */
export class TransformerDecoder extends Module {
  declare layers: TransformerDecoderLayer[];
  declare ln: LayerNorm;
  declare checkpoint: boolean;
  constructor(numLayers: number, dims: number, numHeads: number, ...rest: Array<number | null | Act | boolean | StackKw>) {
    super();
    const { n, o, checkpoint } = stackArgs('nn.TransformerDecoder', [numLayers, dims, numHeads, ...rest]);
    this.layers = Array.from({ length: n }, () => new TransformerDecoderLayer(o.dims, o.heads, o.mlp, o.dropout, o.activation, o.normFirst));
    this.ln = new LayerNorm(o.dims);
    this.checkpoint = checkpoint;
  }
  /** `forward(x, memory, xMask, memoryMask)`. */
  forward(x: MxArray, memory: MxArray, xMask: MxArray | string | null, memoryMask: MxArray | string | null): MxArray {
    for (const l of this.layers)
      x = this.checkpoint
        ? checkpointed(l, (y: MxArray, mem: MxArray, a: MxArray | string | null, b: MxArray | string | null) => l.forward(y, mem, a, b))(x, memory, xMask, memoryMask)
        : l.forward(x, memory, xMask, memoryMask);
    return this.ln.forward(x);
  }
}

type TransformerKw = {
  dims?: number; numHeads?: number; numEncoderLayers?: number; numDecoderLayers?: number; mlpDims?: number | null;
  dropout?: number; activation?: Act; customEncoder?: Module | null; customDecoder?: Module | null; normFirst?: boolean; checkpoint?: boolean;
};

/** Python's `nn.Transformer(dims=512, num_heads=8, num_encoder_layers=6, num_decoder_layers=6, mlp_dims=None, dropout=0.0, activation=relu, custom_encoder=None, custom_decoder=None, norm_first=True, checkpoint=False)`. */
export class Transformer extends Module {
  declare encoder: Module;
  declare decoder: Module;
  constructor(...args: Array<number | null | Act | boolean | Module | TransformerKw>) {
    super();
    const L = 'nn.Transformer';
    const a = bindArgs(L, ['dims', 'numHeads', 'numEncoderLayers', 'numDecoderLayers', 'mlpDims', 'dropout', 'activation', 'customEncoder', 'customDecoder', 'normFirst', 'checkpoint'], 0, args);
    const dims = a[0] ?? 512, heads = a[1] ?? 8, ne = a[2] ?? 6, nd = a[3] ?? 6;
    const rest = [a[4] ?? null, a[5] ?? 0.0, a[6] ?? relu];
    const normFirst = boolArg(L, 'normFirst', a[9], true), checkpoint = boolArg(L, 'checkpoint', a[10], false);
    for (const [i, nm] of [[7, 'customEncoder'], [8, 'customDecoder']] as const)
      if (a[i] !== undefined && a[i] !== null && !(a[i] instanceof Module)) throw new TypeError(`${L}: '${nm}' must be an nn.Module or null`);
    this.encoder = (a[7] as Module | null | undefined) ?? new TransformerEncoder(ne as number, dims as number, heads as number, ...(rest as Array<number>), normFirst, checkpoint);
    this.decoder = (a[8] as Module | null | undefined) ?? new TransformerDecoder(nd as number, dims as number, heads as number, ...(rest as Array<number>), normFirst, checkpoint);
  }
  /** `forward(src, tgt, srcMask, tgtMask, memoryMask)`. */
  forward(src: MxArray, tgt: MxArray, srcMask: MxArray | string | null, tgtMask: MxArray | string | null, memoryMask: MxArray | string | null): MxArray {
    const memory = this.encoder.forward(src, srcMask);
    return this.decoder.forward(tgt, memory, tgtMask, memoryMask);
  }
}

export const transformer = { MultiHeadAttention, TransformerEncoderLayer, TransformerEncoder, TransformerDecoderLayer, TransformerDecoder, Transformer };
