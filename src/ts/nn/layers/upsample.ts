// Python's mlx.nn.Upsample (upsample.py): nearest, linear and cubic interpolation (optionally antialiased), channels last.
import { bindArgs } from '../../args';
import { MxArray } from '../../array';
import { MLXError } from '../../errors';
import { tableFunctions } from '../../ops';
import { float32, uint32 } from '../../dtype';
import { indexingApi } from '../../indexing';
import { Module } from '../module';
import { boolArg } from './convolution';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const core: any = tableFunctions.core;
type IW = [MxArray, MxArray];

function pyFloat(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

function scaledIndices(N: number, scale: number, alignCorners: boolean, dim: number, ndims: number): MxArray {
  const M = Math.trunc(scale * N);
  let idx: MxArray;
  if (alignCorners) idx = core.multiply(core.arange(M, { dtype: float32 }), (N - 1) / Math.max(M - 1, 1));
  else {
    const step = 1 / scale;
    const start = ((M - 1) * step - N + 1) / 2;
    idx = core.subtract(core.multiply(core.arange(M, { dtype: float32 }), step), start);
  }
  const shape = new Array(ndims).fill(1);
  shape[dim] = -1;
  return core.reshape(idx, shape);
}

function nearestIndices(N: number, scale: number, dim: number, ndims: number): MxArray {
  const M = Math.trunc(scale * N);
  let idx = core.arange(M, { dtype: float32 });
  if (M > N) idx = core.round(core.subtract(core.multiply(core.add(idx, 0.5), N / M), 0.5));
  else idx = core.multiply(idx, N / M);
  const shape = new Array(ndims).fill(1);
  shape[dim] = -1;
  return core.reshape(core.astype(idx, uint32), shape);
}

function linearIndices(N: number, scale: number, ac: boolean, dim: number, ndims: number): IW[] {
  const idx = core.clip(scaledIndices(N, scale, ac, dim, ndims), 0, N - 1);
  const l = core.floor(idx), r = core.ceil(idx);
  const w = core.expandDims(core.subtract(idx, l), -1);
  return [[core.astype(l, uint32), core.subtract(1, w)], [core.astype(r, uint32), w]];
}

function cubicIndices(N: number, scale: number, ac: boolean, dim: number, ndims: number): IW[] {
  const idx = scaledIndices(N, scale, ac, dim, ndims);
  const l1 = core.floor(idx), r1 = core.floor(core.add(idx, 1));
  const l2 = core.subtract(l1, 1), r2 = core.add(r1, 1);
  const a = -0.75;
  const weight = (grid: MxArray, dist: number): MxArray => {
    const x = core.abs(core.subtract(idx, grid));
    const w = dist === 1
      ? core.add(core.multiply(core.multiply(core.subtract(core.multiply(a + 2.0, x), a + 3.0), x), x), 1)
      : core.multiply(core.subtract(core.multiply(core.add(core.multiply(core.subtract(x, 5), x), 8), x), 4), a);
    return core.expandDims(w, -1);
  };
  const out: IW[] = [];
  for (const [g, d] of [[l1, 1], [r1, 1], [l2, 2], [r2, 2]] as Array<[MxArray, number]>)
    out.push([core.astype(core.clip(g, 0, N - 1), uint32), weight(g, d)]);
  return out;
}

function aaIndices(kernel: (x: MxArray) => MxArray, radius: number) {
  return (N: number, scale: number, ac: boolean, dim: number, ndims: number): IW[] => {
    const idx = scaledIndices(N, scale, ac, dim, ndims);
    const inv = scale < 1 ? 1.0 / scale : 1.0;
    const taps = Math.ceil(radius * inv) + 1;
    const allIdx: MxArray[] = [], allW: MxArray[] = [];
    for (let k = -taps + 1; k < taps; k++) {
      const i = core.add(core.floor(idx), k);
      const dist = core.divide(core.abs(core.subtract(idx, i)), inv);
      allIdx.push(i);
      allW.push(core.where(core.logicalAnd(core.greaterEqual(i, 0), core.less(i, N)), kernel(dist), 0.0));
    }
    let s: MxArray | number = 0;
    for (const w of allW) s = core.add(s, w);
    const wsum = core.where(core.greater(s, 0), s, 1.0);
    return allIdx.map((i, j) => [core.astype(core.clip(i, 0, N - 1), uint32), core.expandDims(core.divide(allW[j], wsum), -1)] as IW);
  };
}
const triangle = (x: MxArray) => core.maximum(core.subtract(1.0, x), 0.0);
const cubicKernel = (x: MxArray) => {
  const a = -0.5;
  const inner = core.add(core.multiply(core.multiply(core.subtract(core.multiply(a + 2.0, x), a + 3.0), x), x), 1);
  const outer = core.multiply(core.subtract(core.multiply(core.add(core.multiply(core.subtract(x, 5), x), 8), x), 4), a);
  return core.where(core.lessEqual(x, 1.0), inner, core.where(core.lessEqual(x, 2.0), outer, 0.0));
};

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
  const N = x.shape.slice(1, -1);
  const items: unknown[] = [indexingApi.slice()];
  N.forEach((n, i) => items.push(nearestIndices(n, scale[i], i, dims)));
  return (x as any).index(...items);
}

type IndicesFn = (N: number, s: number, ac: boolean, dim: number, ndims: number) => IW[];

function interpolate(x: MxArray, scale: number[], fn: IndicesFn, ac: boolean): MxArray {
  const dims = x.ndim - 2;
  const N = x.shape.slice(1, -1);
  const per = N.map((n, i) => fn(n, scale[i], ac, i, dims));
  // itertools.product over the dimensions, the last varying fastest
  let combos: IW[][] = [[]];
  for (const opts of per) combos = combos.flatMap((c) => opts.map((o) => [...c, o]));
  let out: MxArray | number = 0;
  for (const c of combos) {
    const sample = (x as any).index(indexingApi.slice(), ...c.map(([i]) => i)) as MxArray;
    let w: MxArray = c[0][1];
    for (let j = 1; j < c.length; j++) w = core.multiply(w, c[j][1]);
    out = core.add(out, core.multiply(w, sample));
  }
  return out as MxArray;
}

function interpolateSeparable(x: MxArray, scale: number[], fn: IndicesFn, ac: boolean): MxArray {
  const dims = x.ndim - 2;
  const N = x.shape.slice(1, -1);
  let out = x;
  N.forEach((n, i) => {
    let acc: MxArray | number = 0;
    for (const [idx, w] of fn(n, scale[i], ac, i, dims)) acc = core.add(acc, core.multiply(core.take(out, core.reshape(idx, [-1]), { axis: i + 1 }), w));
    out = acc as MxArray;
  });
  return out;
}

const MODES = ['nearest', 'linear', 'cubic'];

/** Python's `nn.Upsample(scale_factor, mode='nearest', align_corners=False, antialias=False)`. */
export class Upsample extends Module {
  declare scaleFactor: number | number[];
  declare mode: 'nearest' | 'linear' | 'cubic';
  declare alignCorners: boolean;
  declare antialias: boolean;
  constructor(scaleFactor: number | number[], ...rest: unknown[]) {
    super();
    const L = 'nn.Upsample';
    const [sf, m, acA, aaA] = bindArgs(L, ['scaleFactor', 'mode', 'alignCorners', 'antialias'], 1, [scaleFactor, ...rest]);
    const mode = m === undefined ? 'nearest' : m;
    if (typeof mode !== 'string' || !MODES.includes(mode)) throw new MLXError(`[Upsample] Got unsupported upsampling algorithm: ${mode}`);
    const ac = boolArg(L, 'alignCorners', acA, false), aa = boolArg(L, 'antialias', aaA, false);
    if (aa && mode === 'nearest') throw new MLXError('[Upsample] Antialiasing is not supported for nearest neighbor upsampling');
    if (Array.isArray(sf)) {
      if (!sf.every((v) => typeof v === 'number')) throw new TypeError(`${L}: 'scaleFactor' must be a number or a list of numbers`);
    } else if (typeof sf !== 'number') throw new TypeError(`${L}: 'scaleFactor' must be a number or a list of numbers`);
    if (aa && ac) throw new MLXError('[Upsample] antialias=True with align_corners=True is not supported. Use align_corners=False for antialiased interpolation.');
    // a list is Python's tuple here: an attribute, not a module item
    Object.defineProperty(this, 'scaleFactor', { value: Array.isArray(sf) ? [...sf] : sf, writable: true, enumerable: false });
    this.mode = mode as 'nearest';
    this.alignCorners = ac;
    this.antialias = aa;
  }
  protected extraRepr(): string {
    const sf = Array.isArray(this.scaleFactor)
      ? this.scaleFactor.length === 1 ? `(${pyFloat(this.scaleFactor[0])},)` : `(${this.scaleFactor.map(pyFloat).join(', ')})`
      : pyFloat(this.scaleFactor);
    return `scale_factor=${sf}, mode='${this.mode}', align_corners=${this.alignCorners ? 'True' : 'False'}` + (this.antialias ? ', antialias=True' : '');
  }
  forward(...args: unknown[]): MxArray {
    const [x] = bindArgs('Upsample.forward', ['x'], 1, args) as [MxArray];
    if (!(x instanceof MxArray)) throw new TypeError(`Upsample.forward: 'x' must be an mx.array`);
    const dims = x.ndim - 2;
    if (dims <= 0)
      throw new MLXError(`[Upsample] The input should have at least 1 spatial dimension which means it should be at least 3D but ${x.ndim}D was provided`);
    let sf: number[];
    if (Array.isArray(this.scaleFactor)) {
      if (this.scaleFactor.length !== dims)
        throw new MLXError(`[Upsample] One scale per spatial dimension is required but scale_factor=(${this.scaleFactor.map(pyFloat).join(', ')}) and the number of spatial dimensions were ${dims}`);
      sf = this.scaleFactor;
    } else sf = new Array(dims).fill(this.scaleFactor);
    if (this.mode === 'nearest') return upsampleNearest(x, sf);
    if (this.mode === 'linear')
      return !this.antialias && !this.alignCorners ? interpolateSeparable(x, sf, linearIndices, false)
        : this.antialias ? interpolateSeparable(x, sf, aaIndices(triangle, 1.0), false) : interpolate(x, sf, linearIndices, this.alignCorners);
    return this.antialias ? interpolateSeparable(x, sf, aaIndices(cubicKernel, 2.0), false) : interpolate(x, sf, cubicIndices, this.alignCorners);
  }
}

export const upsample = { Upsample };
