// Typed exports of the op tables. The functions themselves are built from
// the native tables by binder.ts; this file only gives them TypeScript types.
import { functionsOf, installMethods } from './binder';
import type { MxArray, Scalar } from './array';
import type { Dtype } from './dtype';
import type { Device, DeviceType, Stream, StreamOrDevice } from './device';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type Operand = MxArray | Scalar;
export type Axes = number | readonly number[] | null;
export type ShapeLike = number | readonly number[];
type S = { stream?: StreamOrDevice };
type Binary = (a: Operand, b: Operand, kw?: S) => MxArray;
type Unary = (a: MxArray, kw?: S) => MxArray;
type ReduceKw = { axis?: Axes; keepdims?: boolean } & S;
type Reduce = (a: MxArray, axis?: Axes | ReduceKw, keepdims?: boolean | ReduceKw, kw?: ReduceKw) => MxArray;
type DtypeKw = { dtype?: Dtype | null } & S;
type Creator = (shape: ShapeLike, dtype?: Dtype | null | DtypeKw, kw?: DtypeKw) => MxArray;
type Like = (a: MxArray, dtype?: Dtype | null | DtypeKw, kw?: DtypeKw) => MxArray;

const core = functionsOf('core');
const random = functionsOf('random');
const linalgFns = functionsOf('linalg');
installMethods();

// Every function of each module's tables (index.ts puts them on `mx`, typed
// or not); the typed exports below are views of the same functions.
export const tableFunctions = {
  core,
  random,
  linalg: linalgFns,
  fft: functionsOf('fft'),
  fast: functionsOf('fast'),
  cuda: functionsOf('cuda'),
  metal: functionsOf('metal'),
};

export const add = core.add as Binary;
export const subtract = core.subtract as Binary;
export const multiply = core.multiply as Binary;
export const divide = core.divide as Binary;
export const floorDivide = core.floorDivide as Binary;
export const remainder = core.remainder as Binary;
export const power = core.power as (a: Operand, b: Operand, kw?: S) => MxArray;
export const equal = core.equal as Binary;
export const notEqual = core.notEqual as Binary;
export const less = core.less as Binary;
export const lessEqual = core.lessEqual as Binary;
export const greater = core.greater as Binary;
export const greaterEqual = core.greaterEqual as Binary;
export const negative = core.negative as (a: Operand, kw?: S) => MxArray;
export const matmul = core.matmul as (a: MxArray, b: MxArray, kw?: S) => MxArray;
export const reshape = core.reshape as (a: MxArray, shape: readonly number[] | ({ shape: readonly number[] } & S), kw?: S) => MxArray;
type FlattenKw = { startAxis?: number; endAxis?: number } & S;
export const flatten = core.flatten as (a: MxArray, startAxis?: number | FlattenKw, endAxis?: number | FlattenKw, kw?: FlattenKw) => MxArray;
export const squeeze = core.squeeze as (a: MxArray, axis?: Axes | ({ axis?: Axes } & S), kw?: S) => MxArray;
export const expandDims = core.expandDims as (a: MxArray, axis: number | readonly number[] | ({ axis: Axes } & S), kw?: S) => MxArray;
export const transpose = core.transpose as (a: MxArray, axes?: readonly number[] | null | ({ axes?: readonly number[] | null } & S), kw?: S) => MxArray;
type AxisPairKw<A extends string, B extends string> = { [K in A | B]?: number } & S;
export const swapaxes = core.swapaxes as (a: MxArray, axis1: number | AxisPairKw<'axis1', 'axis2'>, axis2?: number | AxisPairKw<'axis1', 'axis2'>, kw?: S) => MxArray;
export const moveaxis = core.moveaxis as (a: MxArray, source: number | AxisPairKw<'source', 'destination'>, destination?: number | AxisPairKw<'source', 'destination'>, kw?: S) => MxArray;
export const broadcastTo = core.broadcastTo as (a: Operand, shape: readonly number[] | ({ shape: readonly number[] } & S), kw?: S) => MxArray;
export const astype = core.astype as (a: MxArray, dtype: Dtype | ({ dtype: Dtype } & S), kw?: S) => MxArray;
export const zeros = core.zeros as Creator;
export const ones = core.ones as Creator;
type FullKw = { vals?: Operand; dtype?: Dtype | null } & S;
export const full = core.full as (shape: ShapeLike, vals: Operand | FullKw, dtype?: Dtype | null | FullKw, kw?: FullKw) => MxArray;
type ArangeKw = { start?: number | null; stop?: number | null; step?: number | null; dtype?: Dtype | null } & S;
export const arange = core.arange as (start?: number | null | ArangeKw, stop?: number | null | ArangeKw, step?: number | null | ArangeKw, dtype?: Dtype | null | ArangeKw, kw?: ArangeKw) => MxArray;
type LinspaceKw = { num?: number; endpoint?: boolean; dtype?: Dtype | null } & S;
export const linspace = core.linspace as (start: number, stop: number, num?: number | LinspaceKw, endpoint?: boolean | LinspaceKw, dtype?: Dtype | null | LinspaceKw, stream?: StreamOrDevice | LinspaceKw, kw?: LinspaceKw) => MxArray;
type EyeKw = { m?: number | null; k?: number; dtype?: Dtype | null } & S;
export const eye = core.eye as (n: number, m?: number | null | EyeKw, k?: number | EyeKw, dtype?: Dtype | null | EyeKw, kw?: EyeKw) => MxArray;
export const identity = core.identity as (n: number, dtype?: Dtype | null | DtypeKw, kw?: DtypeKw) => MxArray;
export const zerosLike = core.zerosLike as Like;
export const onesLike = core.onesLike as Like;
export const sum = core.sum as Reduce;

// Memory, devices and streams (mlx.core's runtime functions).
type Bytes = number | bigint;
export const getActiveMemory = core.getActiveMemory as () => number;
export const getPeakMemory = core.getPeakMemory as () => number;
export const getCacheMemory = core.getCacheMemory as () => number;
export const getMemoryLimit = core.getMemoryLimit as () => number;
export const resetPeakMemory = core.resetPeakMemory as () => void;
export const clearCache = core.clearCache as () => void;
/** Sets the memory limit in bytes; returns the previous one. */
export const setMemoryLimit = core.setMemoryLimit as (limit: Bytes | { limit: Bytes }) => number;
export const setCacheLimit = core.setCacheLimit as (limit: Bytes | { limit: Bytes }) => number;
export const setWiredLimit = core.setWiredLimit as (limit: Bytes | { limit: Bytes }) => number;
type DeviceArg = Device | DeviceType;
export const defaultDevice = core.defaultDevice as () => Device;
export const setDefaultDevice = core.setDefaultDevice as (device: DeviceArg | { device: DeviceArg }) => void;
export const defaultStream = core.defaultStream as (device: DeviceArg | { device: DeviceArg }) => Stream;
export const newStream = core.newStream as (device: DeviceArg | { device: DeviceArg }) => Stream;
export const isAvailable = core.isAvailable as (device: DeviceArg | { device: DeviceArg }) => boolean;
/** Waits for the work on `stream` (a Stream, or a device's default stream; default: the default stream). */
export const synchronize = core.synchronize as (stream?: StreamOrDevice | { stream?: StreamOrDevice }) => void;
export const mean = core.mean as Reduce;

type NormalKw = { shape?: ShapeLike; dtype?: Dtype | null; loc?: Operand | null; scale?: Operand | null; key?: MxArray | null } & S;
type UniformKw = { low?: Operand; high?: Operand; shape?: ShapeLike; dtype?: Dtype | null; key?: MxArray | null } & S;
export const randomOps = {
  seed: random.seed as (seed: number | bigint) => void,
  normal: random.normal as (...args: Array<ShapeLike | Dtype | Operand | null | NormalKw | StreamOrDevice>) => MxArray,
  uniform: random.uniform as (...args: Array<Operand | ShapeLike | Dtype | null | UniformKw | StreamOrDevice>) => MxArray,
};

type LKw = S & { upper?: boolean };
type Tuple2 = [MxArray, MxArray];
export const linalgOps = {
  norm: linalgFns.norm as (a: MxArray, ord?: number | 'fro' | 'nuc' | null | ({ ord?: number | string | null; axis?: Axes; keepdims?: boolean } & S), axis?: Axes | ({ axis?: Axes; keepdims?: boolean } & S), keepdims?: boolean | ({ keepdims?: boolean } & S), kw?: S) => MxArray,
  qr: linalgFns.qr as (a: MxArray, kw?: S) => Tuple2,
  svd: linalgFns.svd as {
    (a: MxArray, computeUv?: true | (S & { computeUv?: true }), kw?: S): [MxArray, MxArray, MxArray];
    (a: MxArray, computeUv: false | (S & { computeUv: false }), kw?: S): MxArray;
  },
  inv: linalgFns.inv as (a: MxArray, kw?: S) => MxArray,
  triInv: linalgFns.triInv as (a: MxArray, upper?: boolean | LKw, kw?: LKw) => MxArray,
  cholesky: linalgFns.cholesky as (a: MxArray, upper?: boolean | LKw, kw?: LKw) => MxArray,
  choleskyInv: linalgFns.choleskyInv as (a: MxArray, upper?: boolean | LKw, kw?: LKw) => MxArray,
  pinv: linalgFns.pinv as (a: MxArray, kw?: S) => MxArray,
  lu: linalgFns.lu as (a: MxArray, kw?: S) => [MxArray, MxArray, MxArray],
  luFactor: linalgFns.luFactor as (a: MxArray, kw?: S) => Tuple2,
  solve: linalgFns.solve as (a: MxArray, b: MxArray, kw?: S) => MxArray,
  solveTriangular: linalgFns.solveTriangular as (a: MxArray, b: MxArray, kw?: LKw) => MxArray,
  cross: linalgFns.cross as (a: MxArray, b: MxArray, axis?: number | (S & { axis?: number }), kw?: S) => MxArray,
  eig: linalgFns.eig as (a: MxArray, kw?: S) => Tuple2,
  eigvals: linalgFns.eigvals as (a: MxArray, kw?: S) => MxArray,
  eigh: linalgFns.eigh as (a: MxArray, UPLO?: 'L' | 'U' | (S & { UPLO?: 'L' | 'U' }), kw?: S) => Tuple2,
  eigvalsh: linalgFns.eigvalsh as (a: MxArray, UPLO?: 'L' | 'U' | (S & { UPLO?: 'L' | 'U' }), kw?: S) => MxArray,
  det: linalgFns.det as (a: MxArray, kw?: S) => MxArray,
  slogdet: linalgFns.slogdet as (a: MxArray, kw?: S) => Tuple2,
};

// Method types for the array class (declaration merging).
declare module './array' {
  interface MxArray {
    add(b: Operand, kw?: S): MxArray;
    subtract(b: Operand, kw?: S): MxArray;
    multiply(b: Operand, kw?: S): MxArray;
    divide(b: Operand, kw?: S): MxArray;
    floorDivide(b: Operand, kw?: S): MxArray;
    remainder(b: Operand, kw?: S): MxArray;
    power(b: Operand, kw?: S): MxArray;
    equal(b: Operand, kw?: S): MxArray;
    notEqual(b: Operand, kw?: S): MxArray;
    less(b: Operand, kw?: S): MxArray;
    lessEqual(b: Operand, kw?: S): MxArray;
    greater(b: Operand, kw?: S): MxArray;
    greaterEqual(b: Operand, kw?: S): MxArray;
    negative(kw?: S): MxArray;
    matmul(b: MxArray, kw?: S): MxArray;
    reshape(...shape: Array<number | readonly number[] | S>): MxArray;
    flatten(startAxis?: number | FlattenKw, endAxis?: number | FlattenKw, kw?: FlattenKw): MxArray;
    squeeze(axis?: Axes | ({ axis?: Axes } & S), kw?: S): MxArray;
    transpose(...axes: Array<number | readonly number[] | S>): MxArray;
    swapaxes(axis1: number, axis2: number, kw?: S): MxArray;
    moveaxis(source: number, destination: number, kw?: S): MxArray;
    astype(dtype: Dtype, stream?: StreamOrDevice | S): MxArray;
    sum(axis?: Axes | ReduceKw, keepdims?: boolean | ReduceKw, kw?: ReduceKw): MxArray;
    mean(axis?: Axes | ReduceKw, keepdims?: boolean | ReduceKw, kw?: ReduceKw): MxArray;
    /** The transpose (Python's `a.T`). */
    readonly T: MxArray;
  }
}
