// Into MLX with one copy (docs/io.md, "Into MLX"): mx.allocate's ArrayBuilder,
// writable views over memory MLX allocated for an array, detached by finish()
// before the array is returned; and the loop that fills one from a stream.
// The native side is the `allocate` entry of src/native/ops/io.cc (not a
// module function: Python has no counterpart). Exported for io.ts and tests;
// not re-exported from the package.
import { MxArray, adoptTree } from './array';
import { bindArgs } from './args';
import { makeCaller } from './binder';
import { Dtype, float32 } from './dtype';
import { MLXError } from './errors';
import { constants as bufferConstants } from 'node:buffer';
import { totalmem } from 'node:os';
import { native } from './native';

/* eslint-disable @typescript-eslint/no-explicit-any */
const allocateNative = makeCaller(native.tables.core.find((o) => o.name === 'allocate')!).func as (
  shape: unknown, dtype: unknown, mode: number) => [ArrayBuffer, (op: number) => number, boolean];

/** The typed array an `ArrayBuilder`'s `view` is, by dtype (see `mx.allocate`). */
export type BuilderView =
  | Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array
  | BigUint64Array | BigInt64Array | Float32Array | Float64Array;

/**
 * An array being filled (from `mx.allocate`): `bytes` and `view` are writable views over memory MLX
 * allocated for it. `finish()` seals it and returns the `mx.array`: the views are detached then (their
 * length becomes 0), so the array cannot change once code can use it.
 */
export interface ArrayBuilder {
  readonly shape: number[];
  readonly dtype: Dtype;
  /** The array's size in bytes (`bytes.length` until finish). */
  readonly nbytes: number;
  /** The array's memory, byte by byte, in row-major order. */
  readonly bytes: Uint8Array;
  /**
   * The same memory as the dtype's typed array: Float32Array for float32, BigInt64Array for int64,
   * Uint8Array for bool (non-zero bytes become true), Uint16Array of the bits for float16 and bfloat16,
   * Float32Array of interleaved (re, im) for complex64.
   */
  readonly view: BuilderView;
  /** true when the views are MLX's own memory; false where the runtime forbids external buffers (finish copies). */
  readonly zeroCopy: boolean;
  /** true once finish() or abandon() ran. */
  readonly done: boolean;
  /** Seals the builder: detaches `bytes`, `view` and every other view of their ArrayBuffer, and returns the array. */
  finish(): MxArray;
  /** Frees the memory without making an array (no-op when done). */
  abandon(): void;
  /** abandon(): `using b = mx.allocate(...)` frees an unfinished builder at the end of the block. */
  [Symbol.dispose](): void;
}

const VIEWS: Record<string, new (b: ArrayBuffer) => BuilderView> = {
  bool: Uint8Array, uint8: Uint8Array, uint16: Uint16Array, uint32: Uint32Array, uint64: BigUint64Array,
  int8: Int8Array, int16: Int16Array, int32: Int32Array, int64: BigInt64Array, float16: Uint16Array,
  bfloat16: Uint16Array, float32: Float32Array, float64: Float64Array, complex64: Float32Array,
};

// The largest ArrayBuffer this runtime makes (4 GiB under Node 20, 2**53 - 1 from Node 22):
// Node 20 crashes creating a larger external buffer, so such a builder is refused first.
function checkBufferLimit(label: string, shape: unknown, dtype: unknown): void {
  const dims = typeof shape === 'number' ? [shape] : Array.isArray(shape) ? shape : null;
  if (!dims || !dims.every((d) => typeof d === 'number' && d >= 0)) return; // the native side names the problem
  const bytes = dims.reduce((n: number, d: number) => n * d, 1) * (dtype instanceof Dtype ? dtype.size : 4);
  if (bytes > BUFFER_MAX && bytes <= totalmem()) // larger than the machine: the native side says so
    throw new RangeError(
      `${label}: the array (${bytes} bytes) is larger than the largest ArrayBuffer of this Node.js (${BUFFER_MAX} bytes; ` +
        'Node 22 and later allow 2**53 - 1)',
    );
}
const BUFFER_MAX = bufferConstants.MAX_LENGTH;

/** @internal mode 1: a view over MLX memory (a copy where the runtime forbids it); 2: the copying fallback, forced. */
export function makeBuilder(label: string, args: unknown[], mode: 1 | 2): ArrayBuilder {
  const [shape, dtype] = bindArgs(label, ['shape', 'dtype'], 1, args);
  checkBufferLimit(label, shape, dtype);
  const [ab, op, zeroCopy] = allocateNative(shape, dtype ?? null, mode);
  const dt = (dtype ?? float32) as Dtype;
  const shp = typeof shape === 'number' ? [shape] : [...(shape as number[])];
  const bytes = new Uint8Array(ab);
  const view = new VIEWS[dt.name](ab);
  let done = false;
  const b: ArrayBuilder = {
    shape: shp,
    dtype: dt,
    nbytes: ab.byteLength,
    bytes,
    view,
    zeroCopy,
    get done() {
      return done;
    },
    finish() {
      const h = op(0);
      done = true;
      return adoptTree(h) as MxArray;
    },
    abandon() {
      done = true;
      op(1);
    },
    [Symbol.dispose]() {
      done = true;
      op(1);
    },
  };
  return b;
}

function toChunk(label: string, c: unknown): Uint8Array {
  if (c instanceof Uint8Array) return c;
  if (ArrayBuffer.isView(c)) return new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
  if (c instanceof ArrayBuffer) return new Uint8Array(c);
  throw new TypeError(
    `${label}: the stream must yield bytes (Buffer, Uint8Array, any typed array, DataView or ArrayBuffer), got ${
      typeof c === 'string' ? 'a string (read it without an encoding)' : c === null ? 'null' : typeof c}`);
}

/** @internal fills a builder from chunks and finishes it; abandons it on any error. */
export async function fillBuilder(label: string, b: ArrayBuilder, source: unknown): Promise<MxArray> {
  const src = source as AsyncIterable<unknown> | Iterable<unknown>;
  if (src === null || typeof src !== 'object' ||
      (typeof (src as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function' &&
       typeof (src as Iterable<unknown>)[Symbol.iterator] !== 'function')) {
    b.abandon();
    throw new TypeError(`${label}: parameter 'source' expected a Node Readable, a web ReadableStream or an (async) iterable of byte chunks`);
  }
  let off = 0;
  try {
    for await (const chunk of src as AsyncIterable<unknown>) {
      const c = toChunk(label, chunk);
      if (c.length > b.nbytes - off)
        throw new MLXError(`[${label}] the stream has more than the ${b.nbytes} bytes of a ${b.dtype.name} array of shape ` +
          `[${b.shape.join(', ')}] (at least ${off + c.length})`);
      if (b.done) throw new MLXError(`[${label}] the array was abandoned while reading`);
      b.bytes.set(c, off);
      off += c.length;
    }
    if (off !== b.nbytes)
      throw new MLXError(`[${label}] the stream ended after ${off} bytes; a ${b.dtype.name} array of shape ` +
        `[${b.shape.join(', ')}] needs ${b.nbytes}`);
    return b.finish();
  } catch (e) {
    b.abandon();
    throw e;
  }
}

