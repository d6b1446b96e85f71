// mlx.nn.init: the initializers of Python's mlx/nn/init.py. Each returns a
// function of an array (its shape is what counts) giving a new array.
import { bindArgs } from '../args';
import { MLXError } from '../errors';
import { tableFunctions } from '../ops';
import { float32, Dtype } from '../dtype';
import { cpu } from '../device';
import type { MxArray } from '../array';

const core = tableFunctions.core;
const random = tableFunctions.random;
const linalg = tableFunctions.linalg;

/** An initializer: `init(a)` is a new array shaped like `a`. */
export type Initializer = (a: MxArray) => MxArray;
/** Glorot initializers take a gain: `init(a, gain = 1.0)` or `init(a, { gain })`. */
export type GainInitializer = (a: MxArray, gain?: number | { gain?: number }) => MxArray;
/** He initializers: `init(a, mode = 'fan_in', gain = 1.0)` or `init(a, { mode, gain })`. */
export type FanInitializer = (a: MxArray, mode?: 'fan_in' | 'fan_out' | { mode?: 'fan_in' | 'fan_out'; gain?: number }, gain?: number | { gain?: number }) => MxArray;

function dtypeArg(label: string, d: unknown): Dtype {
  if (d === undefined || d === null) return float32;
  if (!(d instanceof Dtype)) throw new TypeError(`${label}: 'dtype' must be an mx.Dtype`);
  return d;
}

function num(label: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number') throw new TypeError(`${label}: '${name}' must be a number, got ${v === null ? 'null' : typeof v}`);
  return v;
}

function arrayArg(label: string, a: unknown): MxArray {
  if (a === null || typeof a !== 'object' || !('shape' in (a as object)) || !('ndim' in (a as object)))
    throw new TypeError(`${label}: the argument must be an mx.array`);
  return a as MxArray;
}

function named<F extends Function>(f: F, name: string): F {
  Object.defineProperty(f, 'name', { value: name });
  return f;
}

/** Python's `constant(value, dtype=float32)`: fills with `value`. */
export function constant(...args: unknown[]): Initializer {
  const L = 'nn.init.constant';
  const [value, d] = bindArgs(L, ['value', 'dtype'], 1, args);
  if (typeof value !== 'number' && typeof value !== 'boolean') throw new TypeError(`${L}: 'value' must be a number`);
  const dtype = dtypeArg(L, d);
  return named((...a: unknown[]) => {
    const [x] = bindArgs('initializer', ['a'], 1, a);
    return core.full(arrayArg('initializer', x).shape, value as number, { dtype });
  }, 'initializer');
}

/** Python's `normal(mean=0.0, std=1.0, dtype=float32)`: samples of N(mean, std²). */
export function normal(...args: unknown[]): Initializer {
  const L = 'nn.init.normal';
  const [m, s, d] = bindArgs(L, ['mean', 'std', 'dtype'], 0, args);
  const mean = num(L, 'mean', m, 0), std = num(L, 'std', s, 1), dtype = dtypeArg(L, d);
  return named((...a: unknown[]) => {
    const [x] = bindArgs('initializer', ['a'], 1, a);
    return random.normal({ shape: arrayArg('initializer', x).shape, scale: std, loc: mean, dtype });
  }, 'initializer');
}

/** Python's `uniform(low=0.0, high=1.0, dtype=float32)`: samples of U(low, high). */
export function uniform(...args: unknown[]): Initializer {
  const L = 'nn.init.uniform';
  const [l, h, d] = bindArgs(L, ['low', 'high', 'dtype'], 0, args);
  const low = num(L, 'low', l, 0), high = num(L, 'high', h, 1), dtype = dtypeArg(L, d);
  return named((...a: unknown[]) => {
    const [x] = bindArgs('initializer', ['a'], 1, a);
    return random.uniform(low, high, arrayArg('initializer', x).shape, { dtype });
  }, 'initializer');
}

/** Python's `identity(dtype=float32)`: the identity matrix (square 2-D arrays only). */
export function identity(...args: unknown[]): Initializer {
  const L = 'nn.init.identity';
  const [d] = bindArgs(L, ['dtype'], 0, args);
  const dtype = dtypeArg(L, d);
  return named((...a: unknown[]) => {
    const [x] = bindArgs('initializer', ['arr'], 1, a);
    const arr = arrayArg('initializer', x);
    if (arr.ndim !== 2 || arr.shape[0] !== arr.shape[1])
      throw new MLXError(`nn.init.identity: The input array must be a square matrix but got shape [${arr.shape.join(', ')}].`);
    return core.eye(arr.shape[0], { dtype });
  }, 'initializer');
}

function fans(label: string, x: MxArray): [number, number] {
  if (x.ndim < 2)
    throw new MLXError(`${label}: Glorot / He initialization requires at least 2 dimensional input but input with ${x.ndim} dimensions.`);
  let fanIn = x.shape[x.ndim - 1];
  let fanOut = x.shape[0];
  if (x.ndim > 2) {
    let rf = 1;
    for (const d of x.shape.slice(1, -1)) rf *= d;
    fanIn *= rf;
    fanOut *= rf;
  }
  return [fanIn, fanOut];
}

function glorot(L: string, args: unknown[], sample: (shape: readonly number[], fanIn: number, fanOut: number, gain: number, dtype: Dtype) => MxArray): GainInitializer {
  const [d] = bindArgs(L, ['dtype'], 0, args);
  const dtype = dtypeArg(L, d);
  return named(((...a: unknown[]) => {
    const [x, g] = bindArgs('initializer', ['a', 'gain'], 1, a);
    const arr = arrayArg('initializer', x);
    const gain = num('initializer', 'gain', g, 1);
    const [fi, fo] = fans(L, arr);
    return sample(arr.shape, fi, fo, gain, dtype);
  }) as GainInitializer, 'initializer');
}

/** Python's `glorot_normal(dtype=float32)`: `init(a, gain=1.0)` samples N(0, σ²), σ = gain·√(2 / (fan_in + fan_out)). */
export function glorotNormal(...args: unknown[]): GainInitializer {
  return glorot('nn.init.glorotNormal', args, (shape, fi, fo, gain, dtype) =>
    random.normal({ shape, scale: gain * Math.sqrt(2.0 / (fi + fo)), dtype }));
}

/** Python's `glorot_uniform(dtype=float32)`: `init(a, gain=1.0)` samples U(-l, l), l = gain·√(6 / (fan_in + fan_out)). */
export function glorotUniform(...args: unknown[]): GainInitializer {
  return glorot('nn.init.glorotUniform', args, (shape, fi, fo, gain, dtype) => {
    const limit = gain * Math.sqrt(6.0 / (fi + fo));
    return random.uniform(-limit, limit, shape, { dtype });
  });
}

function he(L: string, args: unknown[], sample: (shape: readonly number[], fan: number, gain: number, dtype: Dtype) => MxArray): FanInitializer {
  const [d] = bindArgs(L, ['dtype'], 0, args);
  const dtype = dtypeArg(L, d);
  return named(((...a: unknown[]) => {
    const [x, m, g] = bindArgs('initializer', ['a', 'mode', 'gain'], 1, a);
    const arr = arrayArg('initializer', x);
    const mode = m === undefined ? 'fan_in' : m;
    const gain = num('initializer', 'gain', g, 1);
    const [fi, fo] = fans(L, arr);
    let fan: number;
    if (mode === 'fan_in') fan = fi;
    else if (mode === 'fan_out') fan = fo;
    else throw new MLXError(`${L}: Invalid mode: ${String(mode)}. Valid modes are: fan_in, fan_out`);
    return sample(arr.shape, fan, gain, dtype);
  }) as FanInitializer, 'initializer');
}

/** Python's `he_normal(dtype=float32)`: `init(a, mode='fan_in', gain=1.0)` samples N(0, σ²), σ = gain / √fan. */
export function heNormal(...args: unknown[]): FanInitializer {
  return he('nn.init.heNormal', args, (shape, fan, gain, dtype) => random.normal({ shape, scale: gain / Math.sqrt(fan), dtype }));
}

/** Python's `he_uniform(dtype=float32)`: `init(a, mode='fan_in', gain=1.0)` samples U(-l, l), l = gain·√(3 / fan). */
export function heUniform(...args: unknown[]): FanInitializer {
  return he('nn.init.heUniform', args, (shape, fan, gain, dtype) => {
    const limit = gain * Math.sqrt(3.0 / fan);
    return random.uniform(-limit, limit, shape, { dtype });
  });
}

/**
 * Python's `sparse(sparsity, mean=0.0, std=1.0, dtype=float32)`: N(mean, std²) samples with
 * ceil(sparsity·cols) random entries of each row set to zero (2-D arrays only).
 */
export function sparse(...args: unknown[]): Initializer {
  const L = 'nn.init.sparse';
  const [sp, m, s, d] = bindArgs(L, ['sparsity', 'mean', 'std', 'dtype'], 1, args);
  const sparsity = num(L, 'sparsity', sp, 0), mean = num(L, 'mean', m, 0), std = num(L, 'std', s, 1);
  const dtype = dtypeArg(L, d);
  return named((...a: unknown[]) => {
    const [x] = bindArgs('initializer', ['a'], 1, a);
    const arr = arrayArg('initializer', x);
    if (arr.ndim !== 2) throw new MLXError(`${L}: Only tensors with 2 dimensions are supported`);
    const [rows, cols] = arr.shape;
    const numZeros = Math.ceil(sparsity * cols);
    const order = core.argsort(random.uniform({ shape: arr.shape }), { axis: 1 });
    const out = random.normal({ shape: arr.shape, scale: std, loc: mean, dtype });
    // Python's order[:, :num_zeros]: a negative count drops columns from the end, as a slice does.
    const k = numZeros < 0 ? Math.max(0, cols + numZeros) : Math.min(numZeros, cols);
    const idx = core.take(order, core.arange(k), { axis: 1 });
    return core.putAlongAxis(out, idx, core.zeros([rows, k], dtype), { axis: 1 });
  }, 'initializer');
}

/** Python's `orthogonal(gain=1.0, dtype=float32)`: a (semi-)orthogonal matrix scaled by `gain` (2-D arrays only). */
export function orthogonal(...args: unknown[]): Initializer {
  const L = 'nn.init.orthogonal';
  const [g, d] = bindArgs(L, ['gain', 'dtype'], 0, args);
  const gain = num(L, 'gain', g, 1), dtype = dtypeArg(L, d);
  return named((...a: unknown[]) => {
    const [x] = bindArgs('initializer', ['a'], 1, a);
    const arr = arrayArg('initializer', x);
    if (arr.ndim !== 2) throw new MLXError(`${L}: Orthogonal initialization requires a 2D array but got a ${arr.ndim}D array.`);
    const [rows, cols] = arr.shape;
    const n = Math.max(rows, cols);
    const rmat = random.normal({ shape: [n, n] });
    const [q0, r] = linalg.qr(rmat, { stream: cpu });
    let q = core.multiply(q0, core.sign(core.diag(r)));
    q = core.take(core.take(q, core.arange(rows), { axis: 0 }), core.arange(cols), { axis: 1 });
    return core.multiply(q, gain).astype(dtype);
  }, 'initializer');
}

type D = { dtype?: Dtype };
/** The typed face of the initializers (the implementations bind Python's arguments at run time). */
export interface InitFunctions {
  constant: (value: number, dtype?: Dtype | D) => Initializer;
  normal: { (kw?: { mean?: number; std?: number } & D): Initializer; (mean?: number, std?: number | { std?: number } & D, dtype?: Dtype | D): Initializer };
  uniform: { (kw?: { low?: number; high?: number } & D): Initializer; (low?: number, high?: number | { high?: number } & D, dtype?: Dtype | D): Initializer };
  identity: (dtype?: Dtype | D) => Initializer;
  glorotNormal: (dtype?: Dtype | D) => GainInitializer;
  glorotUniform: (dtype?: Dtype | D) => GainInitializer;
  heNormal: (dtype?: Dtype | D) => FanInitializer;
  heUniform: (dtype?: Dtype | D) => FanInitializer;
  sparse: { (sparsity: number, kw?: { mean?: number; std?: number } & D): Initializer; (sparsity: number, mean?: number, std?: number, dtype?: Dtype | D): Initializer };
  orthogonal: { (kw?: { gain?: number } & D): Initializer; (gain?: number, dtype?: Dtype | D): Initializer };
}

/** Python's `mlx.nn.init`. */
export const init: Readonly<InitFunctions> = Object.freeze({
  constant, normal, uniform, identity, glorotNormal, glorotUniform, heNormal, heUniform, sparse, orthogonal,
} as unknown as InitFunctions);
