// Python's mlx.nn convolution layers (convolution.py, convolution_transpose.py): channels last.
import { bindArgs } from '../../args';
import { MxArray } from '../../array';
import { MLXError } from '../../errors';
import { tableFunctions } from '../../ops';
import { Module } from '../module';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const core: any = tableFunctions.core;
const random = tableFunctions.random;

/** @internal Python's repr of a layer attribute (ints, floats, bools, tuples, strings). */
export function pyRepr(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(', ')})`;
  return String(v);
}

/** @internal */
export function intArg(label: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${label}: '${name}' must be an integer, got ${v === null ? 'null' : typeof v === 'number' ? v : typeof v}`);
  return v;
}

/** @internal an int or a list of `n` ints (Python's `(x,) * n if isinstance(x, int) else x`). */
export function intOrTuple(label: string, name: string, v: unknown, n: number): number[] {
  if (typeof v === 'number') return new Array(n).fill(intArg(label, name, v));
  if (Array.isArray(v) && v.length === n) return v.map((x) => intArg(label, name, x));
  throw new TypeError(`${label}: '${name}' must be an integer or a list of ${n} integers`);
}

/** @internal */
export function boolArg(label: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new TypeError(`${label}: '${name}' must be a boolean, got ${v === null ? 'null' : typeof v}`);
  return v;
}

/** @internal */
export function arrayArg(label: string, name: string, v: unknown): MxArray {
  if (!(v instanceof MxArray)) throw new TypeError(`${label}: '${name}' must be an mx.array, got ${v === null ? 'null' : typeof v}`);
  return v;
}

function uniform(scale: number, shape: number[]): MxArray {
  return random.uniform({ low: -scale, high: scale, shape });
}

type ConvKw = { stride?: number | number[]; padding?: number | number[]; dilation?: number | number[]; groups?: number; bias?: boolean };
type ConvTKw = { stride?: number | number[]; padding?: number | number[]; dilation?: number | number[]; outputPadding?: number | number[]; bias?: boolean };

abstract class ConvBase extends Module {
  declare weight: MxArray;
  declare bias?: MxArray;
  declare stride: number | number[];
  declare padding: number | number[];
  declare dilation: number | number[];

  protected addBias(y: MxArray): MxArray {
    return Object.prototype.hasOwnProperty.call(this, 'bias') && this.bias instanceof MxArray ? core.add(y, this.bias) : y;
  }
  protected hasBias(): boolean {
    return Object.prototype.hasOwnProperty.call(this, 'bias') && this.bias instanceof MxArray;
  }
}

function makeConv(n: 1 | 2 | 3) {
  const name = `Conv${n}d`;
  const withGroups = n !== 3;
  const names = ['inChannels', 'outChannels', 'kernelSize', 'stride', 'padding', 'dilation', ...(withGroups ? ['groups'] : []), 'bias'];
  const C = class extends ConvBase {
    declare groups: number;
    constructor(...args: unknown[]) {
      super();
      const L = `nn.${name}`;
      const a = bindArgs(L, names, 3, args);
      const inC = intArg(L, 'inChannels', a[0]), outC = intArg(L, 'outChannels', a[1]);
      const groups = withGroups ? (a[6] === undefined ? 1 : intArg(L, 'groups', a[6])) : 1;
      const bias = boolArg(L, 'bias', a[withGroups ? 7 : 6], true);
      if (withGroups && (groups <= 0 || inC % groups !== 0))
        throw new MLXError(`[${name}] The number of input channels (${inC}) must be divisible by the number of groups (${groups})`);
      const ks = intOrTuple(L, 'kernelSize', a[2], n);
      const stride = a[3] === undefined ? 1 : a[3], padding = a[4] === undefined ? 0 : a[4], dilation = a[5] === undefined ? 1 : a[5];
      if (n === 1) { intArg(L, 'stride', stride); intArg(L, 'padding', padding); intArg(L, 'dilation', dilation); }
      else { intOrTuple(L, 'stride', stride, n); intOrTuple(L, 'padding', padding, n); if (typeof dilation !== 'number') intOrTuple(L, 'dilation', dilation, n); }
      const scale = Math.sqrt(1 / (Math.floor(inC / groups) * ks.reduce((p, k) => p * k, 1)));
      this.weight = uniform(scale, [outC, ...ks, inC / groups]);
      if (bias) this.bias = core.zeros([outC]);
      // Python's attribute order: padding, dilation, stride (1-d) or padding, stride, dilation
      this.padding = n === 1 ? (padding as number) : intOrTuple(L, 'padding', padding, n);
      this.stride = n === 1 ? (stride as number) : intOrTuple(L, 'stride', stride, n);
      this.dilation = dilation as number | number[];
      if (withGroups) this.groups = groups;
      else Object.defineProperty(this, 'groups', { value: 1, writable: true, enumerable: false });
    }
    protected extraRepr(): string {
      const s = this.weight.shape;
      const g = withGroups ? this.groups : 1;
      const ks = n === 1 ? String(s[1]) : pyRepr(s.slice(1, 1 + n));
      return `${s[s.length - 1] * g}, ${s[0]}, kernel_size=${ks}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}, dilation=${pyRepr(this.dilation)}, ` +
        (withGroups ? `groups=${g}, ` : '') + `bias=${pyRepr(this.hasBias())}`;
    }
    forward(...args: unknown[]): MxArray {
      const [x] = bindArgs(`${name}.forward`, ['x'], 1, args);
      const f = n === 1 ? core.conv1d : n === 2 ? core.conv2d : core.conv3d;
      const y = withGroups ? f(x, this.weight, this.stride, this.padding, this.dilation, this.groups) : f(x, this.weight, this.stride, this.padding, this.dilation);
      return this.addBias(y);
    }
  };
  Object.defineProperty(C, 'name', { value: name });
  return C;
}

function makeConvTranspose(n: 1 | 2 | 3) {
  const name = `ConvTranspose${n}d`;
  const names = ['inChannels', 'outChannels', 'kernelSize', 'stride', 'padding', 'dilation', 'outputPadding', 'bias'];
  const C = class extends ConvBase {
    declare outputPadding: number | number[];
    constructor(...args: unknown[]) {
      super();
      const L = `nn.${name}`;
      const a = bindArgs(L, names, 3, args);
      const inC = intArg(L, 'inChannels', a[0]), outC = intArg(L, 'outChannels', a[1]);
      const bias = boolArg(L, 'bias', a[7], true);
      const ks = intOrTuple(L, 'kernelSize', a[2], n);
      const stride = a[3] === undefined ? 1 : a[3], padding = a[4] === undefined ? 0 : a[4];
      const dilation = a[5] === undefined ? 1 : a[5], outputPadding = a[6] === undefined ? 0 : a[6];
      const norm = (nm: string, v: unknown): number | number[] => (n === 1 ? intArg(L, nm, v) : intOrTuple(L, nm, v, n));
      const st = norm('stride', stride), pd = norm('padding', padding), op = norm('outputPadding', outputPadding);
      if (n === 1 || typeof dilation !== 'number') norm('dilation', dilation);
      const scale = Math.sqrt(1 / (inC * ks.reduce((p, k) => p * k, 1)));
      this.weight = uniform(scale, [outC, ...ks, inC]);
      if (bias) this.bias = core.zeros([outC]);
      this.padding = pd;
      if (n === 1) { this.dilation = dilation as number; this.stride = st; }
      else { this.stride = st; this.dilation = dilation as number | number[]; }
      this.outputPadding = op;
    }
    protected extraRepr(): string {
      const s = this.weight.shape;
      const ks = n === 1 ? String(s[1]) : pyRepr(s.slice(1, 1 + n));
      return `${s[s.length - 1]}, ${s[0]}, kernel_size=${ks}, stride=${pyRepr(this.stride)}, padding=${pyRepr(this.padding)}, dilation=${pyRepr(this.dilation)}, ` +
        `output_padding=${pyRepr(this.outputPadding)}, bias=${pyRepr(this.hasBias())}`;
    }
    forward(...args: unknown[]): MxArray {
      const [x] = bindArgs(`${name}.forward`, ['x'], 1, args);
      const f = n === 1 ? core.convTranspose1d : n === 2 ? core.convTranspose2d : core.convTranspose3d;
      return this.addBias(f(x, this.weight, this.stride, this.padding, this.dilation, this.outputPadding));
    }
  };
  Object.defineProperty(C, 'name', { value: name });
  return C;
}

/** Python's `nn.Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True)`; input `NLC`. */
export const Conv1d = makeConv(1) as unknown as new (inChannels: number, outChannels: number, kernelSize: number, ...rest: Array<number | boolean | ConvKw>) => Module & { weight: MxArray; bias?: MxArray; forward(x: MxArray): MxArray };
/** Python's `nn.Conv2d`; input `NHWC`; `kernelSize`, `stride`, `padding`, `dilation` an int or a pair. */
export const Conv2d = makeConv(2) as unknown as new (inChannels: number, outChannels: number, kernelSize: number | number[], ...rest: Array<number | number[] | boolean | ConvKw>) => Module & { weight: MxArray; bias?: MxArray; forward(x: MxArray): MxArray };
/** Python's `nn.Conv3d` (no groups); input `NDHWC`. */
export const Conv3d = makeConv(3) as unknown as new (inChannels: number, outChannels: number, kernelSize: number | number[], ...rest: Array<number | number[] | boolean | Omit<ConvKw, 'groups'>>) => Module & { weight: MxArray; bias?: MxArray; forward(x: MxArray): MxArray };
/** Python's `nn.ConvTranspose1d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, output_padding=0, bias=True)`. */
export const ConvTranspose1d = makeConvTranspose(1) as unknown as new (inChannels: number, outChannels: number, kernelSize: number, ...rest: Array<number | boolean | ConvTKw>) => Module & { weight: MxArray; bias?: MxArray; forward(x: MxArray): MxArray };
/** Python's `nn.ConvTranspose2d`. */
export const ConvTranspose2d = makeConvTranspose(2) as unknown as new (inChannels: number, outChannels: number, kernelSize: number | number[], ...rest: Array<number | number[] | boolean | ConvTKw>) => Module & { weight: MxArray; bias?: MxArray; forward(x: MxArray): MxArray };
/** Python's `nn.ConvTranspose3d`. */
export const ConvTranspose3d = makeConvTranspose(3) as unknown as new (inChannels: number, outChannels: number, kernelSize: number | number[], ...rest: Array<number | number[] | boolean | ConvTKw>) => Module & { weight: MxArray; bias?: MxArray; forward(x: MxArray): MxArray };

export const convolution = { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d };
