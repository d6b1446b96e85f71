// Python's mlx.nn pooling layers (pooling.py): MaxPool1d/2d/3d, AvgPool1d/2d/3d over sliding windows, channels last.
import { bindArgs } from '../../args';
import { MxArray } from '../../array';
import { MLXError } from '../../errors';
import { tableFunctions } from '../../ops';
import { Module } from '../module';
import { pyRepr } from './convolution';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const core: any = tableFunctions.core;

function valueOrList(x: unknown, n: number, msg: string): number[] {
  if (Array.isArray(x)) {
    if (x.length !== n || !x.every((v) => Number.isInteger(v))) throw new MLXError(msg);
    return [...x];
  }
  if (typeof x !== 'number' || !Number.isInteger(x)) throw new MLXError(msg);
  return new Array(n).fill(x);
}

function slidingWindows(x: MxArray, window: number[], strides: number[]): MxArray {
  if (x.ndim < 3)
    throw new MLXError(`To extract sliding windows at least 1 spatial dimension (3 total) is needed but the input only has ${x.ndim} dimensions.`);
  const shape = x.shape;
  const spatial = shape.slice(1, -1);
  if (spatial.length !== window.length)
    throw new MLXError(`To extract sliding windows the window shapes and strides must have the same number of spatial dimensions as the signal but the signal has ${spatial.length} dims and the window shape has ${window.length} and strides have ${strides.length}.`);
  if (spatial.every((s, i) => window[i] === strides[i] && s % window[i] === 0)) {
    const ns = [shape[0]];
    spatial.forEach((s, i) => ns.push(s / window[i], window[i]));
    ns.push(shape[shape.length - 1]);
    const last = ns.length - 1;
    const order = [0];
    for (let i = 1; i < last; i += 2) order.push(i);
    for (let i = 2; i < last; i += 2) order.push(i);
    order.push(last);
    return core.transpose(core.reshape(x, ns), order);
  }
  const st: number[] = new Array(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) st[i] = st[i + 1] * shape[i + 1];
  const fshape = [shape[0], ...spatial.map((s, i) => Math.floor((s - window[i]) / strides[i]) + 1), ...window, shape[shape.length - 1]];
  const fstr = [st[0], ...st.slice(1, -1).map((s, i) => s * strides[i]), ...st.slice(1, -1), st[st.length - 1]];
  return core.asStrided(x, fshape, fstr);
}

function makePool(n: 1 | 2 | 3, kind: 'Max' | 'Avg') {
  const name = `${kind}Pool${n}d`;
  const C = class extends Module {
    declare _kernelSize: number[];
    declare _stride: number[];
    declare _padding: number[];
    constructor(...args: unknown[]) {
      super();
      const a = bindArgs(`nn.${name}`, ['kernelSize', 'stride', 'padding'], 1, args);
      const msg = (p: string) => `[${name}] '${p}' must be an integer or a tuple containing ${n} integer${n === 1 ? '' : 's'}`;
      const ks = valueOrList(a[0], n, msg('kernel_size'));
      const stride = a[1] === undefined || a[1] === null ? ks : valueOrList(a[1], n, msg('stride'));
      const padding = valueOrList(a[2] === undefined ? 0 : a[2], n, msg('padding'));
      for (const [nm, vs] of [['kernel_size', ks], ['stride', stride]] as const)
        if (vs.some((v) => v <= 0)) throw new MLXError(`[${name}] '${nm}' must be positive but got ${pyRepr(vs)}.`);
      if (padding.some((p) => p < 0)) throw new MLXError(`[${name}] 'padding' must be non-negative but got ${pyRepr(padding)}.`);
      // Python keeps these as private attributes (not parameters)
      for (const [k, v] of [['_kernelSize', ks], ['_stride', stride], ['_padding', padding]] as const)
        Object.defineProperty(this, k, { value: v, writable: true, enumerable: false });
    }
    protected extraRepr(): string {
      return `kernel_size=${pyRepr(this._kernelSize)}, stride=${pyRepr(this._stride)}, padding=${pyRepr(this._padding)}`;
    }
    forward(...args: unknown[]): MxArray {
      let [x] = bindArgs(`${name}.forward`, ['x'], 1, args) as [MxArray];
      if (this._padding.some((p) => p > 0))
        x = core.pad(x, [[0, 0], ...this._padding.map((p) => [p, p]), [0, 0]], { constantValues: kind === 'Max' ? -Infinity : 0 });
      const w = slidingWindows(x, this._kernelSize, this._stride);
      const axes: number[] = [];
      for (let i = -n - 1; i < -1; i++) axes.push(i);
      return kind === 'Max' ? core.max(w, axes) : core.mean(w, axes);
    }
  };
  Object.defineProperty(C, 'name', { value: name });
  return C;
}

type PoolKw = { stride?: number | number[] | null; padding?: number | number[] };
type PoolCtor = new (kernelSize: number | number[], ...rest: Array<number | number[] | null | PoolKw>) => Module & { forward(x: MxArray): MxArray };

/** Python's `nn.MaxPool1d(kernel_size, stride=None, padding=0)`: input `NLC`. */
export const MaxPool1d = makePool(1, 'Max') as unknown as PoolCtor;
/** Python's `nn.MaxPool2d`: input `NHWC`. */
export const MaxPool2d = makePool(2, 'Max') as unknown as PoolCtor;
/** Python's `nn.MaxPool3d`: input `NDHWC`. */
export const MaxPool3d = makePool(3, 'Max') as unknown as PoolCtor;
/** Python's `nn.AvgPool1d(kernel_size, stride=None, padding=0)`. */
export const AvgPool1d = makePool(1, 'Avg') as unknown as PoolCtor;
/** Python's `nn.AvgPool2d`. */
export const AvgPool2d = makePool(2, 'Avg') as unknown as PoolCtor;
/** Python's `nn.AvgPool3d`. */
export const AvgPool3d = makePool(3, 'Avg') as unknown as PoolCtor;

export const pooling = { MaxPool1d, MaxPool2d, MaxPool3d, AvgPool1d, AvgPool2d, AvgPool3d };
