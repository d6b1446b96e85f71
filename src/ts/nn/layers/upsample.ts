// Python's mlx.nn.Upsample (mlx 0.32.4: layers/upsample.py): nearest, linear and cubic
// interpolation of channels-last inputs (N, spatial..., C), with align_corners and antialiasing.
import { MxArray } from '../../array';
import { float32, uint32 } from '../../dtype';
import { MLXError } from '../../errors';
import { Module } from '../module';
import { arr, bind, bool, core, pyBool, pyFloat } from './util';

type Tap = [MxArray, MxArray]; // indices (uint32) and weights
type IndicesFn = (n: number, scale: number, alignCorners: boolean, dim: number, ndims: number) => Tap[];

function toShape(a: MxArray, dim: number, ndims: number): MxArray {
  const shape = new Array<number>(ndims).fill(1);
  shape[dim] = -1;
  return core.reshape(a, shape);
}

function scaledIndices(n: number, scale: number, alignCorners: boolean, dim: number, ndims: number): MxArray {
  const m = Math.trunc(scale * n);
  let idx: MxArray;
  if (alignCorners) idx = core.multiply(core.arange(m, { dtype: float32 }), (n - 1) / Math.max(m - 1, 1));
  else {
    const step = 1 / scale;
    const start = ((m - 1) * step - n + 1) / 2;
    idx = core.subtract(core.multiply(core.arange(m, { dtype: float32 }), step), start);
  }
  return toShape(idx, dim, ndims);
}

function nearestIndices(n: number, scale: number, dim: number, ndims: number): MxArray {
  const m = Math.trunc(scale * n);
  let idx = core.arange(m, { dtype: float32 });
  if (m > n) idx = core.round(core.subtract(core.multiply(core.add(idx, 0.5), n / m), 0.5));
  else idx = core.multiply(idx, n / m);
  return toShape(idx.astype(uint32), dim, ndims);
}

const linearIndices: IndicesFn = (n, scale, ac, dim, ndims) => {
  const idx = core.clip(scaledIndices(n, scale, ac, dim, ndims), 0, n - 1);
  const l = core.floor(idx), r = core.ceil(idx);
  const w = core.expandDims(core.subtract(idx, l), -1);
  return [[l.astype(uint32), core.subtract(1, w)], [r.astype(uint32), w]];
};

function aaIndices(n: number, scale: number, ac: boolean, dim: number, ndims: number, kernel: (x: MxArray) => MxArray, radius: number): Tap[] {
  const idx = scaledIndices(n, scale, ac, dim, ndims);
  const inv = scale < 1 ? 1.0 / scale : 1.0;
  const taps = Math.ceil(radius * inv) + 1;
  const allIdx: MxArray[] = [], allW: MxArray[] = [];
  for (let k = -taps + 1; k < taps; k++) {
    const i = core.add(core.floor(idx), k);
    const dist = core.divide(core.abs(core.subtract(idx, i)), inv);
    const w = core.where(core.logicalAnd(core.greaterEqual(i, 0), core.less(i, n)), kernel(dist), 0.0);
    allIdx.push(i);
    allW.push(w);
  }
  let wsum: MxArray | number = 0;
  for (const w of allW) wsum = core.add(wsum, w);
  const ws = core.where(core.greater(wsum, 0), wsum, 1.0);
  return allIdx.map((i, j) => [core.clip(i, 0, n - 1).astype(uint32), core.expandDims(core.divide(allW[j], ws), -1)]);
}

const triangle = (x: MxArray) => core.maximum(core.subtract(1.0, x), 0.0);
function cubicKernel(x: MxArray): MxArray {
  const a = -0.5;
  const inner = core.add(core.multiply(core.multiply(core.subtract(core.multiply(a + 2.0, x), a + 3.0), x), x), 1);
  const outer = core.multiply(core.subtract(core.multiply(core.add(core.multiply(core.subtract(x, 5), x), 8), x), 4), a);
  return core.where(core.lessEqual(x, 1.0), inner, core.where(core.lessEqual(x, 2.0), outer, 0.0));
}
const linearAaIndices: IndicesFn = (n, s, ac, d, nd) => aaIndices(n, s, ac, d, nd, triangle, 1.0);
const cubicAaIndices: IndicesFn = (n, s, ac, d, nd) => aaIndices(n, s, ac, d, nd, cubicKernel, 2.0);

const cubicIndices: IndicesFn = (n, scale, ac, dim, ndims) => {
  const idx = scaledIndices(n, scale, ac, dim, ndims);
  const l1 = core.floor(idx), r1 = core.floor(core.add(idx, 1));
  const l2 = core.subtract(l1, 1), r2 = core.add(r1, 1);
  const weight = (grid: MxArray, dist: number) => {
    const a = -0.75;
    const x = core.abs(core.subtract(idx, grid));
    const w = dist === 1
      ? core.add(core.multiply(core.multiply(core.subtract(core.multiply(a + 2.0, x), a + 3.0), x), x), 1)
      : core.multiply(core.subtract(core.multiply(core.add(core.multiply(core.subtract(x, 5), x), 8), x), 4), a);
    return core.expandDims(w, -1);
  };
  const c = (i: MxArray) => core.clip(i, 0, n - 1).astype(uint32);
  return [[c(l1), weight(l1, 1)], [c(r1), weight(r1, 1)], [c(l2), weight(l2, 2)], [c(r2), weight(r2, 2)]];
};

// x[:, i_0, i_1, ...] for index arrays shaped along their own axis: one take per spatial axis.
function gather(x: MxArray, idx: MxArray[]): MxArray {
  let out = x;
  idx.forEach((i, d) => (out = core.take(out, core.reshape(i, [-1]), d + 1)));
  return out;
}

function upsampleNearest(x: MxArray, scale: number[]): MxArray {
  const dims = x.ndim - 2;
  if (scale.every((s) => Number.isInteger(s))) {
    const shape = [...x.shape];
    for (let d = 0; d < dims; d++) shape.splice(2 + 2 * d, 0, 1);
    let y = core.reshape(x, shape);
    for (let d = 0; d < dims; d++) shape[2 + 2 * d] = scale[d];
    y = core.broadcastTo(y, shape);
    for (let d = 0; d < dims; d++) {
      shape[d + 1] *= shape[d + 2];
      shape.splice(d + 2, 1);
    }
    return core.reshape(y, shape);
  }
  const n = x.shape.slice(1, -1);
  return gather(x, n.map((k, i) => nearestIndices(k, scale[i], i, dims)));
}

function interpolate(x: MxArray, scale: number[], fn: IndicesFn, ac: boolean): MxArray {
  const dims = x.ndim - 2;
  const n = x.shape.slice(1, -1);
  const indices = n.map((k, i) => fn(k, scale[i], ac, i, dims));
  // itertools.product over the taps of each axis, the last axis fastest
  let combos: Tap[][] = [[]];
  for (const taps of indices) combos = combos.flatMap((c) => taps.map((t) => [...c, t]));
  let out: MxArray | number = 0;
  for (const combo of combos) {
    const sample = gather(x, combo.map(([i]) => i));
    let w = combo[0][1];
    for (let j = 1; j < combo.length; j++) w = core.multiply(w, combo[j][1]);
    out = core.add(out, core.multiply(w, sample));
  }
  return out as MxArray;
}

function interpolateSeparable(x: MxArray, scale: number[], fn: IndicesFn, ac: boolean): MxArray {
  const dims = x.ndim - 2;
  const n = x.shape.slice(1, -1);
  let out = x;
  n.forEach((k, i) => {
    let acc: MxArray | number = 0;
    for (const [idx, w] of fn(k, scale[i], ac, i, dims)) acc = core.add(acc, core.multiply(core.take(out, core.reshape(idx, [-1]), i + 1), w));
    out = acc as MxArray;
  });
  return out;
}

const AA_ALIGN = '[Upsample] antialias=True with align_corners=True is not supported. Use align_corners=False for antialiased interpolation.';

/**
 * Upsamples the spatial axes of (N, spatial..., C) inputs by `scaleFactor` (one number, or one per
 * spatial axis) with `mode` 'nearest' (default), 'linear' or 'cubic'; `alignCorners` and
 * `antialias` as in Python.
 */
export class Upsample extends Module {
  declare scaleFactor: number | number[];
  declare mode: 'nearest' | 'linear' | 'cubic';
  declare alignCorners: boolean;
  declare antialias: boolean;
  constructor(scaleFactor: number | number[], kw?: { mode?: 'nearest' | 'linear' | 'cubic'; alignCorners?: boolean; antialias?: boolean });
  constructor(scaleFactor: number | number[], mode?: 'nearest' | 'linear' | 'cubic', alignCorners?: boolean, antialias?: boolean);
  constructor(...args: unknown[]) {
    super();
    const L = 'nn.Upsample';
    const [sf, md, ac, aa] = bind(L, ['scaleFactor', 'mode', 'alignCorners', 'antialias'], 1, args);
    const mode = md === undefined ? 'nearest' : md;
    if (typeof mode !== 'string') throw new TypeError(`${L}: 'mode' must be a string, got ${mode === null ? 'null' : typeof mode}`);
    const alignCorners = bool(L, 'alignCorners', ac, false), antialias = bool(L, 'antialias', aa, false);
    if (!['nearest', 'linear', 'cubic'].includes(mode)) throw new MLXError(`[Upsample] Got unsupported upsampling algorithm: ${mode}`);
    if (antialias && mode === 'nearest') throw new MLXError('[Upsample] Antialiasing is not supported for nearest neighbor upsampling');
    const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
    if (Array.isArray(sf)) {
      if (!sf.every(isNum)) throw new TypeError(`${L}: 'scaleFactor' must be a number or an array of numbers`);
      this.scaleFactor = [...sf];
    } else if (isNum(sf)) this.scaleFactor = sf as number;
    else throw new TypeError(`${L}: 'scaleFactor' must be a number or an array of numbers`);
    if (antialias && alignCorners) throw new MLXError(AA_ALIGN);
    this.mode = mode as 'nearest' | 'linear' | 'cubic';
    this.alignCorners = alignCorners;
    this.antialias = antialias;
  }
  protected extraRepr(): string {
    const sf = Array.isArray(this.scaleFactor)
      ? `(${this.scaleFactor.map(pyFloat).join(', ')}${this.scaleFactor.length === 1 ? ',' : ''})`
      : pyFloat(this.scaleFactor);
    return `scale_factor=${sf}, mode='${this.mode}', align_corners=${pyBool(this.alignCorners)}${this.antialias ? ', antialias=True' : ''}`;
  }
  forward(x: MxArray): MxArray {
    arr('nn.Upsample.forward', 'x', x);
    const dims = x.ndim - 2;
    if (dims <= 0)
      throw new MLXError(`[Upsample] The input should have at least 1 spatial dimension which means it should be at least 3D but ${x.ndim}D was provided`);
    let scale: number[];
    if (Array.isArray(this.scaleFactor)) {
      if (this.scaleFactor.length !== dims)
        throw new MLXError(`[Upsample] One scale per spatial dimension is required but scale_factor=(${this.scaleFactor.map(pyFloat).join(', ')}${this.scaleFactor.length === 1 ? ',' : ''}) and the number of spatial dimensions were ${dims}`);
      scale = this.scaleFactor;
    } else scale = new Array<number>(dims).fill(this.scaleFactor);
    if (this.mode === 'nearest') return upsampleNearest(x, scale);
    if (this.mode === 'linear') {
      if (this.antialias) return interpolateSeparable(x, scale, linearAaIndices, this.alignCorners);
      if (!this.alignCorners) return interpolateSeparable(x, scale, linearIndices, false);
      return interpolate(x, scale, linearIndices, true);
    }
    if (this.antialias) return interpolateSeparable(x, scale, cubicAaIndices, this.alignCorners);
    return interpolate(x, scale, cubicIndices, this.alignCorners);
  }
}

export const upsampleLayers = { Upsample };
