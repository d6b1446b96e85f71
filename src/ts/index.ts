// mlx-node: `import mx from 'mlx-node'` / `const mx = require('mlx-node')`.
import { native } from './native';
import './errors';
import { MxArray, array, asarray } from './array';
import * as dtypes from './dtype';
import * as devices from './device';
import { tableFunctions } from './ops';
import * as rt from './runtime';
import { MLXError } from './errors';
import { opTables } from './binder';
import * as contexts from './context';
import { forEachArray } from './scope';
import * as indexing from './indexing';
import * as io from './io';
import * as transforms from './transforms';
import * as optimizers from './optimizers';
import { utils } from './utils';
import { nn } from './nn';

const core = tableFunctions.core;

// Python's array properties and protocols that are ops underneath.
Object.defineProperties(MxArray.prototype, {
  T: { get(this: MxArray) { return core.transpose(this); }, configurable: true },
  mT: { get(this: MxArray) { return core.matrixTranspose(this); }, configurable: true },
  real: { get(this: MxArray) { return core.real(this); }, configurable: true },
  imag: { get(this: MxArray) { return core.imag(this); }, configurable: true },
});
/** Python's `iter(a)`: `a[0]`, `a[1]`, ... along the first axis. */
MxArray.prototype[Symbol.iterator] = function* (this: MxArray): Generator<MxArray> {
  if (this.ndim === 0) throw new TypeError('iter() 0-dimensional array.');
  const n = this.shape[0];
  for (let i = 0; i < n; i++) yield core.take(this, i, { axis: 0 });
};

// Python's mx.random.state is a module attribute: [the global key], read when accessed.
const { state: randomState, ...randomFns } = tableFunctions.random as typeof tableFunctions.random & { state: () => [MxArray] };
export const random = Object.freeze(Object.defineProperty({ ...randomFns }, 'state', {
  get: () => randomState(), enumerable: true,
}) as typeof randomFns & { /** The global PRNG key, as `[key]` (Python's `mx.random.state`). */ readonly state: [MxArray] });
export const linalg = Object.freeze({ ...tableFunctions.linalg });
export const fft = Object.freeze({ ...tableFunctions.fft });
export const fast = Object.freeze({ ...tableFunctions.fast });
export const cuda = Object.freeze({ ...tableFunctions.cuda });

// Python prints a deprecation warning for mx.metal's memory functions (aliases of mx.*'s).
const METAL_DEPRECATED = new Set(['clearCache', 'deviceInfo', 'getActiveMemory', 'getCacheMemory', 'getPeakMemory',
  'resetPeakMemory', 'setCacheLimit', 'setMemoryLimit', 'setWiredLimit']);
const warned = new Set<string>();
export const metal = Object.freeze(Object.fromEntries(Object.entries(tableFunctions.metal).map(([name, f]) => {
  if (!METAL_DEPRECATED.has(name)) return [name, f];
  const wrapped = (...args: unknown[]) => {
    if (!warned.has(name)) {
      warned.add(name);
      process.emitWarning(`mx.metal.${name} is deprecated and will be removed in a future version. Use mx.${name} instead.`, 'DeprecationWarning');
    }
    return (f as (...a: unknown[]) => unknown)(...args);
  };
  Object.defineProperty(wrapped, 'name', { value: name });
  return [name, wrapped];
}))) as typeof tableFunctions.metal;

/** The bytes of the buffers behind the arrays of the given trees (each buffer once; arrays must be evaluated). */
export function getArrayBufferSize(...trees: unknown[]): number {
  const arrays: MxArray[] = [];
  forEachArray(trees, (a) => arrays.push(a), (x): x is MxArray => x instanceof MxArray);
  return (native.tables.core.find((o) => o.name === 'get_array_buffer_size')!.fn as (...a: unknown[]) => number)(
    undefined, 0, arrays);
}

const { DTYPES: _dtypes, describe: _describe, toDtype: _toDtype, ...dtypeExports } = dtypes;
const { deviceFromSd: _dfs, streamFromSd: _sfs, sdCode: _sdc, ...deviceExports } = devices;
const { getPrintoptions: _g, setPrintoptions: _s, getArrayBufferSize: _b, ...coreExports } = core as typeof core & {
  getPrintoptions: unknown; setPrintoptions: unknown; getArrayBufferSize: unknown;
};

const mx = {
  array,
  asarray,
  ...dtypeExports,
  bool: dtypes.bool_,
  ...deviceExports,
  ...coreExports,
  stream: contexts.stream,
  StreamContext: contexts.StreamContext,
  PrintOptions: contexts.PrintOptions,
  printoptions: contexts.printoptions,
  getPrintoptions: contexts.getPrintoptions,
  setPrintoptions: contexts.setPrintoptions,
  getArrayBufferSize,
  ...indexing.indexingApi,
  ...io.ioApi,
  ...transforms.transformsApi,
  /** Python's mx.matrix_norm: the same function as mx.linalg.norm. */
  matrixNorm: tableFunctions.linalg.norm,
  eval: rt.evaluate,
  asyncEval: rt.asyncEval,
  tidy: rt.tidy,
  dispose: rt.dispose,
  random,
  linalg,
  fft,
  fast,
  cuda,
  metal,
  /** Python's mlx.optimizers (also 'mlx-node/optimizers'). */
  optimizers,
  /** Python's `mlx.nn` (so far: activations, `nn.init`, `nn.losses`); also `require('mlx-node/nn')`. */
  nn,
  /** Python's `mlx.utils` (tree helpers); also `require('mlx-node/utils')`. */
  utils,
  MLXError,
  newaxis: null,
  pi: Math.PI,
  e: Math.E,
  inf: Infinity,
  nan: NaN,
  eulerGamma: 0.5772156649015329,
  /** MLX's runtime version ("0.32.4"). */
  __version__: native.version as string,
};
// The parity report's view of the op tables: on the object, not in its type.
Object.defineProperty(mx, '_opTables', { value: opTables, enumerable: false });

/** The type of the `mx` namespace (`import mx from 'mlx-node'`). */
export type Mx = typeof mx;
export default mx;
export type { MxArray };
export type { Operand } from './ops';
export type { Scalar, Complex, ArrayInput } from './array';
export type { StreamOrDevice } from './device';
export type * from './generated/api';
export { array, asarray, MLXError };
export { optimizers };
export { Dtype, DtypeCategory, finfo, iinfo } from './dtype';
export { Device, DeviceType, Stream, ThreadLocalStream } from './device';
export { StreamContext, PrintOptions } from './context';
export const {
  issubdtype, promoteTypes, resultType, canCast, isdtype,
  bool_, uint8, uint16, uint32, uint64, int8, int16, int32, int64, float16, float32, float64, bfloat16, complex64,
  complexfloating, floating, inexact, signedinteger, unsignedinteger, integer, number, generic,
} = dtypes;
export const { cpu, gpu } = devices;
export const { stream, printoptions, getPrintoptions, setPrintoptions } = contexts;
export * from './generated/exports';
/** Python's mx.matrix_norm: the same function as mx.linalg.norm. */
export const matrixNorm = tableFunctions.linalg.norm;
export const { asyncEval, tidy, dispose } = rt;
export * from './indexing';
export * from './io';
export * from './transforms';
export { nn, utils };
export type { Nn, Initializer, GainInitializer, FanInitializer, Reduction } from './nn';
export type { Utils, TreeOf, IsLeaf } from './utils';
// `eval` is reserved as a binding name, not as a property: use mx.eval.
module.exports = Object.assign(mx, module.exports, { default: mx });
