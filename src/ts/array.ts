// The JS mx.array: a thin object holding the native handle in `_h`.
import { inspect } from 'node:util';
import { native, NativeHandle } from './native';
import { DTYPES, Dtype, toDtype } from './dtype';
import { track } from './scope';
import { bindArgs } from './args';

/** @internal marks construction from a native handle */
export const FROM_HANDLE: unique symbol = Symbol('mlx-node.fromHandle');

export type Scalar = number | boolean | bigint;
export type NestedArray = Scalar | MxArray | ArrayLike<Scalar> | NestedArray[];
export type ArrayInput = NestedArray | ArrayBufferView;

export class MxArray {
  /** @internal the native handle (a type-tagged External) */
  _h: NativeHandle;

  constructor(value: ArrayInput | typeof FROM_HANDLE, dtype?: Dtype | null | NativeHandle) {
    if (value === FROM_HANDLE) {
      this._h = dtype as NativeHandle;
    } else {
      const code = dtype == null ? null : toDtype(dtype, 'mx.array', 'dtype')._dtypeCode;
      this._h = native.fromValue(value instanceof MxArray ? value._h : value, code);
    }
    track(this);
  }

  /** The array's dimensions, as a new plain array. */
  get shape(): number[] {
    return native.shape(this._h);
  }
  get dtype(): Dtype {
    return DTYPES[native.meta(this._h, 0)];
  }
  get ndim(): number {
    return native.meta(this._h, 1);
  }
  get size(): number {
    return native.meta(this._h, 2);
  }
  get itemsize(): number {
    return native.meta(this._h, 3);
  }
  get nbytes(): number {
    return native.meta(this._h, 4);
  }

  /** The value of a one-element array: number, bigint (int64/uint64), boolean, or {re, im}. */
  item(): number | bigint | boolean | { re: number; im: number } {
    return native.item(this._h);
  }
  /** Nested JS arrays of item() values. */
  tolist(): unknown {
    return native.tolist(this._h);
  }
  /**
   * A new typed array the caller owns: Float32Array for float16/bfloat16/
   * float32 (complex64 interleaved), BigInt64Array for int64, Uint8Array for
   * bool, ...; `{ raw: true }` keeps float16/bfloat16 bits as Uint16Array.
   */
  toTypedArray(options?: { raw?: boolean }): ArrayBufferView {
    return native.toTypedArray(this._h, options?.raw === true);
  }

  /** Frees the native array now; any later use throws. Safe to call twice. */
  dispose(): void {
    native.dispose(this._h);
  }
  [Symbol.dispose](): void {
    native.dispose(this._h);
  }
  get disposed(): boolean {
    return native.isDisposed(this._h);
  }

  toString(): string {
    if (native.isDisposed(this._h)) return 'array(<disposed>)';
    return native.repr(this._h);
  }
  [inspect.custom](): string {
    return this.toString();
  }
  get [Symbol.toStringTag](): string {
    return 'mx.array';
  }
}

// Symbol.dispose is missing before Node 22 / TS's esnext lib polyfill.
if (!(Symbol as { dispose?: symbol }).dispose) {
  Object.defineProperty(Symbol, 'dispose', { value: Symbol.for('nodejs.dispose') });
  (MxArray.prototype as unknown as Record<symbol, unknown>)[Symbol.dispose] = MxArray.prototype.dispose;
}

/** @internal wraps a native handle */
export function wrap(h: NativeHandle): MxArray {
  return new MxArray(FROM_HANDLE, h);
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
function construct(target: typeof MxArray, args: unknown[]): MxArray {
  const [val, dtype] = bindArgs('mx.array', ['val', 'dtype'], 1, args);
  return new target(val as ArrayInput, dtype as Dtype | null);
}

export const array: ArrayConstructor = new Proxy(MxArray, {
  apply: (target, _this, args: unknown[]) => construct(target, args),
  construct: (target, args: unknown[]) => construct(target, args),
}) as unknown as ArrayConstructor;
