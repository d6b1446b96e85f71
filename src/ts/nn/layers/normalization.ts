// Python's mlx.nn normalization layers (mlx 0.32.4: layers/normalization.py).
import { MxArray } from '../../array';
import { MLXError } from '../../errors';
import { Module } from '../module';
import { persist } from '../../optimizers/tree';
import { arr, bind, bool, core, fast, has, int, num, pyBool, pyFloat } from './util';

function positiveEps(label: string, v: unknown): number {
  const eps = num(`nn.${label}`, 'eps', v, 1e-5);
  if (eps <= 0.0) throw new MLXError(`[${label}] 'eps' must be positive but got ${pyFloat(eps)}.`);
  return eps;
}

const affineOut = (m: Module & { weight?: MxArray; bias?: MxArray }, x: MxArray): MxArray =>
  has(m, 'weight') ? core.add(core.multiply(m.weight!, x), m.bias!) : x;

/** Instance normalization over the spatial axes of (N, ..., C) inputs; `affine` (default false) adds weight and bias. */
export class InstanceNorm extends Module {
  declare weight?: MxArray;
  declare bias?: MxArray;
  declare dims: number;
  declare eps: number;
  constructor(dims: number, kw?: { eps?: number; affine?: boolean });
  constructor(dims: number, eps?: number, affine?: boolean);
  constructor(...args: unknown[]) {
    super();
    const [d, e, a] = bind('nn.InstanceNorm', ['dims', 'eps', 'affine'], 1, args);
    const dims = int('nn.InstanceNorm', 'dims', d);
    const eps = positiveEps('InstanceNorm', e);
    if (bool('nn.InstanceNorm', 'affine', a, false)) {
      this.weight = core.ones([dims]);
      this.bias = core.zeros([dims]);
    }
    this.dims = dims;
    this.eps = eps;
  }
  protected extraRepr(): string {
    return `${this.dims}, eps=${pyFloat(this.eps)}, affine=${pyBool(has(this, 'weight'))}`;
  }
  forward(x: MxArray): MxArray {
    arr('nn.InstanceNorm.forward', 'x', x);
    if (x.ndim < 3)
      throw new MLXError(`InstanceNorm expects inputs with at least 3 dimensions (N, ..., C) but the input has ${x.ndim} dimensions.`);
    const n = x.shape[0], c = x.shape[x.ndim - 1];
    const spatial = x.shape.slice(1, -1);
    const middle = spatial.map((_, i) => i + 1);
    const channelsFirst = core.transpose(x, [0, x.ndim - 1, ...middle]);
    let y = fast.layerNorm(core.reshape(channelsFirst, [n, c, -1]), null, null, this.eps);
    y = core.transpose(core.reshape(y, [n, c, ...spatial]), [0, ...spatial.map((_, i) => i + 2), 1]);
    return affineOut(this, y);
  }
}

/** Layer normalization over the last axis; `affine` adds a weight (ones) and, with `bias`, a bias (zeros). */
export class LayerNorm extends Module {
  declare weight?: MxArray;
  declare bias?: MxArray;
  declare eps: number;
  declare dims: number;
  constructor(dims: number, kw?: { eps?: number; affine?: boolean; bias?: boolean });
  constructor(dims: number, eps?: number, affine?: boolean, bias?: boolean);
  constructor(...args: unknown[]) {
    super();
    const L = 'nn.LayerNorm';
    const [d, e, a, b] = bind(L, ['dims', 'eps', 'affine', 'bias'], 1, args);
    const dims = int(L, 'dims', d);
    const eps = positiveEps('LayerNorm', e);
    const bias = bool(L, 'bias', b, true);
    if (bool(L, 'affine', a, true)) {
      this.weight = core.ones([dims]);
      if (bias) this.bias = core.zeros([dims]);
    }
    this.eps = eps;
    this.dims = dims;
  }
  protected extraRepr(): string {
    return `${this.dims}, eps=${pyFloat(this.eps)}, affine=${pyBool(has(this, 'weight'))}`;
  }
  forward(x: MxArray): MxArray {
    arr('nn.LayerNorm.forward', 'x', x);
    return fast.layerNorm(x, has(this, 'weight') ? this.weight! : null, has(this, 'bias') ? this.bias! : null, this.eps);
  }
}

/** Root-mean-square normalization over the last axis with a weight (ones). */
export class RMSNorm extends Module {
  declare weight: MxArray;
  declare eps: number;
  constructor(dims: number, kw?: { eps?: number });
  constructor(dims: number, eps?: number);
  constructor(...args: unknown[]) {
    super();
    const [d, e] = bind('nn.RMSNorm', ['dims', 'eps'], 1, args);
    const dims = int('nn.RMSNorm', 'dims', d);
    const eps = positiveEps('RMSNorm', e);
    this.weight = core.ones([dims]);
    this.eps = eps;
  }
  protected extraRepr(): string {
    return `${this.weight.shape[0]}, eps=${pyFloat(this.eps)}`;
  }
  forward(x: MxArray): MxArray {
    return fast.rmsNorm(arr('nn.RMSNorm.forward', 'x', x), this.weight, this.eps);
  }
}

/** Group normalization of the last axis split in `numGroups` groups; `pytorchCompatible` groups contiguous features. */
export class GroupNorm extends Module {
  declare bias?: MxArray;
  declare weight?: MxArray;
  declare numGroups: number;
  declare dims: number;
  declare eps: number;
  declare pytorchCompatible: boolean;
  constructor(numGroups: number, dims: number, kw?: { eps?: number; affine?: boolean; pytorchCompatible?: boolean });
  constructor(numGroups: number, dims: number, eps?: number, affine?: boolean, pytorchCompatible?: boolean);
  constructor(...args: unknown[]) {
    super();
    const L = 'nn.GroupNorm';
    const [g, d, e, a, p] = bind(L, ['numGroups', 'dims', 'eps', 'affine', 'pytorchCompatible'], 2, args);
    const numGroups = int(L, 'numGroups', g), dims = int(L, 'dims', d);
    const eps = positiveEps('GroupNorm', e);
    const affine = bool(L, 'affine', a, true), pc = bool(L, 'pytorchCompatible', p, false);
    if (numGroups <= 0) throw new MLXError(`The number of groups (${numGroups}) must be a positive integer.`);
    if (dims <= 0) throw new MLXError(`The number of features (${dims}) must be a positive integer.`);
    if (dims % numGroups !== 0)
      throw new MLXError(`The number of features (${dims}) must be evenly divisible by the number of groups (${numGroups}).`);
    if (affine) {
      this.bias = core.zeros([dims]);
      this.weight = core.ones([dims]);
    }
    this.numGroups = numGroups;
    this.dims = dims;
    this.eps = eps;
    this.pytorchCompatible = pc;
  }
  protected extraRepr(): string {
    return `${this.numGroups}, ${this.dims}, eps=${pyFloat(this.eps)}, affine=${pyBool(has(this, 'weight'))}, pytorch_compatible=${pyBool(this.pytorchCompatible)}`;
  }
  private pytorchGroupNorm(x: MxArray): MxArray {
    const g = this.numGroups;
    const [batch, ...rest] = x.shape;
    const dims = rest.pop()!;
    const gs = Math.floor(dims / g);
    let y = core.reshape(x, [batch, -1, g, gs]);
    y = core.reshape(core.transpose(y, [0, 2, 1, 3]), [batch, g, -1]);
    y = fast.layerNorm(y, null, null, this.eps);
    y = core.reshape(y, [batch, g, -1, gs]);
    return core.reshape(core.transpose(y, [0, 2, 1, 3]), [batch, ...rest, dims]);
  }
  private groupNorm(x: MxArray): MxArray {
    const shape = x.shape;
    let y = core.reshape(x, [shape[0], -1, this.numGroups]);
    const means = core.mean(y, { axis: 1, keepdims: true });
    const v = core.var(y, { axis: 1, keepdims: true });
    y = core.multiply(core.subtract(y, means), core.rsqrt(core.add(v, this.eps)));
    return core.reshape(y, shape);
  }
  forward(x: MxArray): MxArray {
    arr('nn.GroupNorm.forward', 'x', x);
    return affineOut(this, this.pytorchCompatible ? this.pytorchGroupNorm(x) : this.groupNorm(x));
  }
}

/**
 * Batch normalization over every axis but the last of 2-4 dimensional inputs. In training mode the
 * batch statistics are used and (with `trackRunningStats`) the running statistics updated with
 * `momentum`; in eval mode the running statistics are used. The running statistics (items `running_mean` and `running_var`,
 * Python's names, so that weight files are interchangeable) are frozen.
 */
export class BatchNorm extends Module {
  declare weight?: MxArray;
  declare bias?: MxArray;
  // Python's item names, so that weight files are interchangeable with Python's.
  declare running_mean?: MxArray;
  declare running_var?: MxArray;
  declare numFeatures: number;
  declare eps: number;
  declare momentum: number;
  declare trackRunningStats: boolean;
  constructor(numFeatures: number, kw?: { eps?: number; momentum?: number; affine?: boolean; trackRunningStats?: boolean });
  constructor(numFeatures: number, eps?: number, momentum?: number, affine?: boolean, trackRunningStats?: boolean);
  constructor(...args: unknown[]) {
    super();
    const L = 'nn.BatchNorm';
    const [n, e, m, a, t] = bind(L, ['numFeatures', 'eps', 'momentum', 'affine', 'trackRunningStats'], 1, args);
    const nf = int(L, 'numFeatures', n);
    const eps = positiveEps('BatchNorm', e);
    const momentum = num(L, 'momentum', m, 0.1);
    const affine = bool(L, 'affine', a, true), track = bool(L, 'trackRunningStats', t, true);
    this.numFeatures = nf;
    this.eps = eps;
    this.momentum = momentum;
    this.trackRunningStats = track;
    if (affine) {
      this.weight = core.ones([nf]);
      this.bias = core.zeros([nf]);
    }
    if (track) {
      this.running_mean = core.zeros([nf]);
      this.running_var = core.ones([nf]);
      this.freeze({ keys: ['running_mean', 'running_var'], recurse: false });
    }
  }
  /** As Module.unfreeze, but the running statistics stay frozen. */
  unfreeze(kw?: { recurse?: boolean; keys?: string | string[] | null; strict?: boolean }): this {
    super.unfreeze(kw);
    this.freeze({ keys: ['running_mean', 'running_var'], recurse: false });
    return this;
  }
  protected extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${pyFloat(this.momentum)}, affine=${pyBool(has(this, 'weight'))}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
  private stats(x: MxArray, ddof = 0): [MxArray, MxArray] {
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    return [core.mean(x, { axis: axes }), core.var(x, { axis: axes, ddof })];
  }
  forward(x: MxArray): MxArray {
    arr('nn.BatchNorm.forward', 'x', x);
    if (x.ndim < 2 || x.ndim > 4) throw new MLXError(`Expected input tensor to have 2, 3 or 4 dimensions, but got ${x.ndim}`);
    if (this.training && x.shape.slice(0, -1).reduce((p, s) => p * s, 1) === 1)
      throw new MLXError('BatchNorm training requires more than one value per channel.');
    let [mean, v] = this.stats(x);
    if (this.training && this.trackRunningStats) {
      const mu = this.momentum;
      const [, rv] = this.stats(x, 1);
      this.running_mean = core.add(core.multiply(1 - mu, this.running_mean!), core.multiply(mu, mean));
      this.running_var = core.add(core.multiply(1 - mu, this.running_var!), core.multiply(mu, rv));
      // module state outlives an mx.tidy (or a transform) around the call, as in Python
      persist([this.running_mean, this.running_var]);
    } else if (this.trackRunningStats) {
      mean = this.running_mean!;
      v = this.running_var!;
    }
    const y = core.multiply(core.subtract(x, mean), core.rsqrt(core.add(v, this.eps)));
    return affineOut(this, y);
  }
}

export const normalizationLayers = { InstanceNorm, LayerNorm, RMSNorm, GroupNorm, BatchNorm };
