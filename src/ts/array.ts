// The JS mx.array: a plain JS-made object whose `_i` is a handle, a small
// integer naming a slot of the native per-environment slab (see
// src/native/array_handle.h). No External per result: creating the object in
// JS and a slab insert in C++ is what keeps per-op cost near Python's.
import { native, ERR, failed } from './native';
import { DTYPES, Dtype, toDtype } from './dtype';
import { currentScope, Scope } from './scope';
import { bindArgs, isKwargs } from './args';
import { MLXError } from './errors';

/** Handle of a disposed array (the native side refuses it with "disposed"). */
export const DISPOSED = -1;

/** A complex scalar (docs/python-to-js.md): exactly these two keys. */
export type Complex = { re: number; im: number };
export type Scalar = number | boolean | bigint | Complex;
export type NestedArray = Scalar | MxArray | ArrayLike<Scalar> | NestedArray[];
export type ArrayInput = NestedArray | ArrayBufferView;

// One shared Int32Array carries integers across the boundary without
// per-element Node-API calls: shapes coming back (elements 0-63) and lists
// of small integers going in (shape/axis arguments, from element 64; see
// binder.ts).
/** @internal */
export const scratch = new Int32Array(1024);
native.setScratch(scratch);

// An array's memory belongs to its thread's MLX environment, so an mx.array
// must not travel to a worker: a Symbol-valued own property makes
// postMessage/structuredClone refuse it (DataCloneError) with this text.
const NOT_SENDABLE = Symbol(
  'mx.array cannot be sent to another thread (its memory belongs to this one): send a.toTypedArray() or a.tolist() and build the array there',
);

export class MxArray {
  /** @internal slab handle; DISPOSED (-1) once disposed */
  _i: number;
  /** @internal makes structured cloning (postMessage) refuse the array */
  readonly _t: symbol = NOT_SENDABLE;

  /** @internal use mx.array(...) to make arrays */
  constructor(handle: number) {
    this._i = handle;
  }

  /** The array's dimensions, as a new plain array. */
  get shape(): number[] {
    const n: number | number[] = native.shapeInto(this._i);
    if (typeof n !== 'number') return n; // longer than the scratch
    const out: number[] = [];
    for (let k = 0; k < n; k++) out.push(scratch[k]);
    return out;
  }
  get dtype(): Dtype {
    return DTYPES[native.meta(this._i, 0)];
  }
  get ndim(): number {
    return native.meta(this._i, 1);
  }
  get size(): number {
    return native.meta(this._i, 2);
  }
  get itemsize(): number {
    return native.meta(this._i, 3);
  }
  get nbytes(): number {
    return native.meta(this._i, 4);
  }

  /** The value of a one-element array: number, bigint (int64/uint64), boolean, or {re, im}. */
  item(): number | bigint | boolean | { re: number; im: number } {
    return native.item(this._i);
  }
  /** Nested JS arrays of item() values. */
  tolist(): unknown {
    return native.tolist(this._i);
  }
  /**
   * A new typed array the caller owns: Float32Array for float16/bfloat16/
   * float32 (complex64 interleaved), BigInt64Array for int64, Uint8Array for
   * bool, ...; `{ raw: true }` keeps float16/bfloat16 bits as Uint16Array.
   * `{ copy: false }`: no copy, a view over the evaluated array's own memory
   * (made row-contiguous first if it is not), valid after the array is
   * disposed or collected; writes through it change the array. float16 and
   * bfloat16 need `raw: true` with it. Where the runtime forbids external
   * buffers, a copy as with `copy: true`. See docs/io.md.
   */
  toTypedArray(options?: { raw?: boolean; copy?: boolean }): ArrayBufferView {
    return native.toTypedArray(this._i, options?.raw === true, options?.copy === false ? 1 : 0);
  }

  /** Frees the native array now; any later use throws. Safe to call twice. */
  dispose(): void {
    const h = this._i;
    if (h !== DISPOSED) {
      this._i = DISPOSED;
      native.dispose(h);
    }
  }
  [Symbol.dispose](): void {
    this.dispose();
  }
  get disposed(): boolean {
    return native.isDisposed(this._i);
  }

  toString(): string {
    if (native.isDisposed(this._i)) return 'array(<disposed>)';
    return native.repr(this._i);
  }

  /** Python's `len(a)`: the first dimension; undefined for a 0-d array. */
  get length(): number | undefined {
    return this.ndim === 0 ? undefined : this.shape[0];
  }

  /**
   * `Number(a)` / `+a` (Python's `float(a)`/`int(a)`): the value of a
   * one-element array; `String(a)` the repr. JS operators (`a + 1`, `a == b`)
   * would silently work on a string or a number instead: they throw.
   */
  [Symbol.toPrimitive](hint: 'number' | 'string' | 'default'): number | string {
    if (hint === 'string') return this.toString();
    if (hint === 'number') {
      if (this.size !== 1) throw new RangeError('[convert] Only length-1 arrays can be converted to Python scalars.');
      const v = this.item();
      if (typeof v === 'object') throw new TypeError("mx.array: a complex value cannot be converted to a number (read a.item().re / .im)");
      return Number(v);
    }
    throw new TypeError(
      'mx.array: JS operators do not apply to arrays: call the method instead (a + b is a.add(b), a - b a.subtract(b), ' +
        'a * b a.multiply(b), a / b a.divide(b), a == b a.equal(b), a < b a.less(b)); Number(a) reads a one-element array',
    );
  }

  /** `JSON.stringify(a)`: the tolist() value; 64-bit integers beyond 2**53 as decimal strings. */
  toJSON(): unknown {
    return jsonable(this.tolist());
  }
  get [Symbol.toStringTag](): string {
    return 'mx.array';
  }
}

function jsonable(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(jsonable);
  return v;
}

// util.inspect / console.log show the repr (set outside the class so the
// public declarations need no Node types).
Object.defineProperty(MxArray.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: MxArray) {
    return this.toString();
  },
});

native.setArrayClass(MxArray); // lets the native side recognise arrays inside lists

// Symbol.dispose is missing before Node 22 / TS's esnext lib polyfill.
if (!(Symbol as { dispose?: symbol }).dispose) {
  Object.defineProperty(Symbol, 'dispose', { value: Symbol.for('nodejs.dispose') });
  (MxArray.prototype as unknown as Record<symbol, unknown>)[Symbol.dispose] = MxArray.prototype.dispose;
}

/**
 * @internal Finishes a native call that returned one array handle `h` for
 * wrapper `o`. The caller passed `o` to the native side as the owner (which
 * attaches the finalizer) only outside mx.tidy (`s` undefined); inside, the
 * scope frees the array, so it gets no finalizer unless it escapes.
 */
export function result(s: Scope | undefined, o: MxArray, h: number): MxArray {
  if ((h as unknown) === ERR) failed();
  o._i = h;
  if (s !== undefined) s.arrays.push(o);
  return o;
}

/** @internal wraps handles returned without an owner (lists, trees) and adopts them. */
export function adoptTree(r: unknown): unknown {
  const made: MxArray[] = [];
  let wrapped: unknown;
  if (typeof r === 'number' && r < 0) {
    // A list whose handles the native side left in the scratch (Call::ret).
    for (let k = 0, n = -r - 1; k < n; k++) made.push(new MxArray(scratch[k]));
    wrapped = made.slice();
  } else {
    wrapped = wrapHandles(r, made);
  }
  if (made.length > 0) {
    const s = currentScope();
    if (s !== undefined) for (const a of made) s.arrays.push(a);
    else native.adopt(made, made.map((a) => a._i));
  }
  return wrapped;
}

function wrapHandles(r: unknown, made: MxArray[]): unknown {
  if (typeof r === 'number') {
    const a = new MxArray(r);
    made.push(a);
    return a;
  }
  if (Array.isArray(r)) {
    const out: unknown[] = [];
    for (let k = 0; k < r.length; k++) out.push(wrapHandles(r[k], made));
    return out;
  }
  return r;
}

type ArrayKw = { val?: ArrayInput; dtype?: Dtype | null };
export interface ArrayConstructor {
  (value: ArrayInput | ArrayKw, dtype?: Dtype | null | ArrayKw): MxArray;
  new (value: ArrayInput | ArrayKw, dtype?: Dtype | null | ArrayKw): MxArray;
  readonly prototype: MxArray;
}

/**
 * `mx.array(value, dtype?)`, with or without `new`: scalars, nested arrays,
 * typed arrays or another array; `x instanceof mx.array` works.
 */
function construct(args: unknown[]): MxArray {
  // mx.array(x) and mx.array(x, dtype) need no keyword binding
  const plain = (args.length === 1 || (args.length === 2 && args[1] instanceof Dtype)) && !isKwargs(args[0]);
  const [val, dtype] = plain ? args : bindArgs('mx.array', ['val', 'dtype'], 1, args);
  const code = dtype == null ? null : toDtype(dtype, 'mx.array', 'dtype')._dtypeCode;
  const s = currentScope();
  const o = new MxArray(DISPOSED);
  return result(s, o, native.fromValue(s === undefined ? o : undefined, val, code));
}

// A plain function rather than a Proxy of the class (a Proxy call costs
// ~0.5 µs): called with `new` it returns the object construct() made, and its
// prototype is the class's, so `x instanceof mx.array` holds.
export const array = function array(...args: unknown[]): MxArray {
  return construct(args);
} as unknown as ArrayConstructor;
(array as unknown as { prototype: MxArray }).prototype = MxArray.prototype;

/**
 * `mx.asarray(a, dtype?, { copy })`: `a` as an array. An mx.array of that dtype
 * is not copied (a new wrapper shares it, as Python's result does); `copy: false`
 * is refused as Python refuses it for anything but a DLPack import.
 */
export function asarray(a: ArrayInput | { a: ArrayInput; dtype?: Dtype | null; copy?: boolean | null },
  dtype?: Dtype | null | { dtype?: Dtype | null; copy?: boolean | null },
  kw?: { copy?: boolean | null }): MxArray;
export function asarray(...args: unknown[]): MxArray {
  if (args.length === 1 && args[0] instanceof MxArray) return construct(args); // the common call, no binding
  const [a, dtype, copy] = bindArgs('mx.asarray', ['a', 'dtype', 'copy'], 1, args);
  const dt = dtype == null ? undefined : toDtype(dtype, 'mx.asarray', 'dtype');
  if (copy != null && typeof copy !== 'boolean')
    throw new TypeError(`mx.asarray: parameter 'copy' expected a boolean or null`);
  // As Python's: only a zero-copy DLPack import can honour copy=False (mx.array
  // input too is refused there), and Node has none.
  if (copy === false) throw new MLXError('Unable to avoid copy while creating an array as requested.');
  return construct(dt === undefined ? [a] : [a, dt]);
}
