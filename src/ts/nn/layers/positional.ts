// Python's mlx.nn positional encodings (mlx 0.32.4: layers/positional_encoding.py).
import { MxArray, array } from '../../array';
import { Dtype, float32 } from '../../dtype';
import { MLXError } from '../../errors';
import { Module } from '../module';
import { arr, bind, bool, core, fast, int, num, pyBool } from './util';

/** Rotary positional encoding of the first `dims` features (mx.fast.rope). */
export class RoPE extends Module {
  declare dims: number;
  declare traditional: boolean;
  declare base: number;
  declare scale: number;
  constructor(dims: number, kw?: { traditional?: boolean; base?: number; scale?: number });
  constructor(dims: number, traditional?: boolean, base?: number, scale?: number);
  constructor(...args: unknown[]) {
    super();
    const L = 'nn.RoPE';
    const [d, t, b, s] = bind(L, ['dims', 'traditional', 'base', 'scale'], 1, args);
    this.dims = int(L, 'dims', d);
    this.traditional = bool(L, 'traditional', t, false);
    this.base = num(L, 'base', b, 10000);
    this.scale = num(L, 'scale', s, 1.0);
  }
  protected extraRepr(): string {
    return `${this.dims}, traditional=${pyBool(this.traditional)}`;
  }
  /** `offset` (default 0): the position of the first row. */
  forward(x: MxArray, offset?: number | MxArray | { offset?: number | MxArray }): MxArray {
    const [xv, o] = bind('nn.RoPE.forward', ['x', 'offset'], 1, offset === undefined ? [x] : [x, offset]);
    return fast.rope(arr('nn.RoPE.forward', 'x', xv), this.dims, {
      traditional: this.traditional, base: this.base, scale: this.scale, offset: o ?? 0,
    } as never);
  }
}

/** Sinusoidal positional encoding: sin and cos of x times frequencies from `maxFreq` down to `minFreq`. */
export class SinusoidalPositionalEncoding extends Module {
  declare _sigmas: MxArray;
  declare scale: number;
  declare cosFirst: boolean;
  constructor(dims: number, kw?: { minFreq?: number; maxFreq?: number; scale?: number | null; cosFirst?: boolean; fullTurns?: boolean });
  constructor(dims: number, minFreq?: number, maxFreq?: number, scale?: number | null, cosFirst?: boolean, fullTurns?: boolean);
  constructor(...args: unknown[]) {
    super();
    const L = 'nn.SinusoidalPositionalEncoding';
    const [d, mn, mx, sc, cf, ft] = bind(L, ['dims', 'minFreq', 'maxFreq', 'scale', 'cosFirst', 'fullTurns'], 1, args);
    const dims = int(L, 'dims', d);
    const minFreq = num(L, 'minFreq', mn, 0.0001), maxFreq = num(L, 'maxFreq', mx, 1);
    const fullTurns = bool(L, 'fullTurns', ft, false);
    if (dims <= 0 || dims % 2 !== 0)
      throw new MLXError(`[SinusoidalPositionalEncoding] dims must be positive and even but got ${dims}.`);
    const half = Math.floor(dims / 2);
    const oneZero = dims === 2 ? array([1.0], float32) : core.subtract(1, core.divide(core.arange(0, half), half - 1));
    const lmin = Math.log(minFreq), lmax = Math.log(maxFreq);
    this._sigmas = core.exp(core.add(core.multiply(oneZero, lmax - lmin), lmin));
    if (fullTurns) this._sigmas = core.multiply(this._sigmas, 2 * Math.PI);
    this.scale = sc === undefined || sc === null ? (2 / dims) ** 0.5 : num(L, 'scale', sc);
    this.cosFirst = bool(L, 'cosFirst', cf, false);
  }
  forward(x: MxArray): MxArray {
    arr('nn.SinusoidalPositionalEncoding.forward', 'x', x);
    let y = core.multiply(core.expandDims(x, -1), this._sigmas);
    const c = core.cos(y), s = core.sin(y);
    y = core.concatenate(this.cosFirst ? [c, s] : [s, c], -1);
    if (this.scale !== 1) y = core.multiply(y, this.scale);
    return y;
  }
}

function slopes(n: number): number[] {
  const l = Math.log2(n);
  if (Number.isInteger(l)) {
    const start = 2 ** -(2 ** -(l - 3));
    return Array.from({ length: n }, (_, i) => start * start ** i);
  }
  const p = 2 ** Math.floor(l);
  return [...slopes(p), ...slopes(2 * p).filter((_, i) => i % 2 === 0).slice(0, n - p)];
}

/** Attention with linear biases: adds -|i - j|·slope(head) to attention scores of shape (B, heads, Lq, Lk). */
export class ALiBi extends Module {
  constructor(...args: unknown[]) {
    super();
    bind('nn.ALiBi', [], 0, args);
  }
  /** The bias matrix of shape (1, numHeads, qSequenceLength - offset, kSequenceLength). */
  static createAlibiMatrix(...args: unknown[]): MxArray {
    const L = 'nn.ALiBi.createAlibiMatrix';
    const [q, k, h, o, dt] = bind(L, ['qSequenceLength', 'kSequenceLength', 'numHeads', 'offset', 'dtype'], 3, args);
    const dtype = (dt ?? float32) as Dtype;
    const x1 = core.arange(int(L, 'offset', o, 0), int(L, 'qSequenceLength', q));
    const x2 = core.arange(0, int(L, 'kSequenceLength', k));
    const diff = core.subtract(core.expandDims(x1, 1), core.expandDims(x2, 0));
    const distance = core.negative(core.abs(core.expandDims(diff, [0, 1])));
    const slope = ALiBi.createAlibiSlope(int(L, 'numHeads', h), { dtype });
    return core.multiply(distance, slope).astype(dtype);
  }
  /** The slopes, of shape (numHeads, 1, 1). */
  static createAlibiSlope(...args: unknown[]): MxArray {
    const L = 'nn.ALiBi.createAlibiSlope';
    const [h, dt] = bind(L, ['numHeads', 'dtype'], 1, args);
    const n = int(L, 'numHeads', h);
    if (n <= 0) throw new MLXError(`${L}: 'numHeads' must be positive, got ${n}`);
    return core.expandDims(array(slopes(n), (dt ?? float32) as Dtype), [-1, -2]);
  }
  /** `attentionScores` + the ALiBi bias (+ `mask`); `offset` (default 0) is the first query position. */
  forward(attentionScores: MxArray, ...rest: unknown[]): MxArray {
    const L = 'nn.ALiBi.forward';
    const [s, o, m] = bind(L, ['attentionScores', 'offset', 'mask'], 1, [attentionScores, ...rest]);
    const scores = arr(L, 'attentionScores', s);
    const offset = int(L, 'offset', o, 0);
    const sh = scores.shape;
    let mask = ALiBi.createAlibiMatrix(sh[sh.length - 2] + offset, sh[sh.length - 1], sh[1], offset, scores.dtype);
    if (m !== undefined && m !== null) mask = core.add(mask, arr(L, 'mask', m));
    return core.add(scores, mask);
  }
}

export const positionalLayers = { RoPE, SinusoidalPositionalEncoding, ALiBi };
