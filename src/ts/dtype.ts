// Dtypes and dtype categories: singletons made once from the native table, so
// `mx.float32 === mx.float32` and `a.dtype === mx.float32` hold.
import { native } from './native';
import { bindArgs } from './args';

export class Dtype {
  /** @internal code shared with the native side (mx::Dtype::Val). */
  readonly _dtypeCode: number;
  readonly name: string;
  /** Size of one element in bytes. */
  readonly size: number;
  /** @internal */
  constructor(code: number, name: string, size: number) {
    this._dtypeCode = code;
    this.name = name;
    this.size = size;
    Object.freeze(this);
  }
  toString(): string {
    return `mlx.core.${this.name}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

const CATEGORY_NAMES = [
  'complexfloating', 'floating', 'inexact', 'signedinteger', 'unsignedinteger', 'integer', 'number', 'generic',
] as const;

export class DtypeCategory {
  /** @internal code shared with the native side (100 + mx::Dtype::Category). */
  readonly _categoryCode: number;
  readonly name: string;
  /** @internal */
  constructor(code: number, name: string) {
    this._categoryCode = code;
    this.name = name;
    Object.freeze(this);
  }
  toString(): string {
    return `DtypeCategory.${this.name}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Every dtype, indexed by its native code. */
export const DTYPES: readonly Dtype[] = (native.dtypeTable() as Array<[string, number, string]>).map(
  ([name, size], code) => new Dtype(code, name, size),
);

function byName(name: string): Dtype {
  const d = DTYPES.find((t) => t.name === name);
  if (!d) throw new Error(`mlx-node: native dtype table lacks ${name}`);
  return d;
}

export const bool_ = byName('bool');
export const uint8 = byName('uint8');
export const uint16 = byName('uint16');
export const uint32 = byName('uint32');
export const uint64 = byName('uint64');
export const int8 = byName('int8');
export const int16 = byName('int16');
export const int32 = byName('int32');
export const int64 = byName('int64');
export const float16 = byName('float16');
export const float32 = byName('float32');
export const float64 = byName('float64');
export const bfloat16 = byName('bfloat16');
export const complex64 = byName('complex64');

const CATEGORIES = CATEGORY_NAMES.map((n, i) => new DtypeCategory(100 + i, n));
export const complexfloating = CATEGORIES[0];
export const floating = CATEGORIES[1];
export const inexact = CATEGORIES[2];
export const signedinteger = CATEGORIES[3];
export const unsignedinteger = CATEGORIES[4];
export const integer = CATEGORIES[5];
export const number = CATEGORIES[6];
export const generic = CATEGORIES[7];

function code(x: unknown, fn: string, param: string): number {
  if (x instanceof Dtype) return x._dtypeCode;
  if (x instanceof DtypeCategory) return x._categoryCode;
  throw new TypeError(`${fn}: parameter '${param}' expected an mx.Dtype or mx.DtypeCategory, got ${describe(x)}`);
}

export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'Array';
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object';
  return typeof x === 'number' ? `number ${x}` : typeof x;
}

/** True when `arg1` is `arg2` or a subtype of it (dtypes and categories alike). */
export function issubdtype(arg1: Dtype | DtypeCategory, arg2: Dtype | DtypeCategory): boolean;
export function issubdtype(...args: unknown[]): boolean {
  const [a, b] = bindArgs('mx.issubdtype', ['arg1', 'arg2'], 2, args, 2);
  return native.issubdtype(code(a, 'mx.issubdtype', 'arg1'), code(b, 'mx.issubdtype', 'arg2'));
}

export function toDtype(x: unknown, fn: string, param: string): Dtype {
  if (x instanceof Dtype) return x;
  throw new TypeError(`${fn}: parameter '${param}' expected an mx.Dtype (such as mx.float32), got ${describe(x)}`);
}

/** The dtype both operands are promoted to (Python's promotion lattice, from MLX itself). */
export function promoteTypes(a: Dtype, b: Dtype): Dtype;
export function promoteTypes(...args: unknown[]): Dtype {
  const [a, b] = bindArgs('mx.promoteTypes', ['a', 'b'], 2, args);
  return DTYPES[native.promoteTypes(toDtype(a, 'mx.promoteTypes', 'a')._dtypeCode, toDtype(b, 'mx.promoteTypes', 'b')._dtypeCode)];
}

/** Machine limits for floating-point types: `mx.finfo(mx.float16).max`. */
export class finfo {
  readonly dtype: Dtype;
  readonly bits: number;
  readonly min: number;
  readonly max: number;
  readonly eps: number;
  readonly smallestNormal: number;
  constructor(dtype: Dtype, ...rest: never[]) {
    bindArgs('mx.finfo', ['arg'], 1, [dtype, ...rest], 1);
    const f = native.finfo(toDtype(dtype, 'mx.finfo', 'arg')._dtypeCode);
    this.dtype = DTYPES[f.dtype];
    this.bits = f.bits;
    this.min = f.min;
    this.max = f.max;
    this.eps = f.eps;
    this.smallestNormal = f.smallestNormal;
  }
  toString(): string {
    return `finfo(min=${this.min.toPrecision(6)}, max=${this.max.toPrecision(6)}, dtype=${this.dtype.name})`;
  }
}

/** Machine limits for integer types; min and max are bigints (exact for 64-bit types). */
export class iinfo {
  readonly dtype: Dtype;
  readonly min: bigint;
  readonly max: bigint;
  constructor(dtype: Dtype, ...rest: never[]) {
    bindArgs('mx.iinfo', ['arg'], 1, [dtype, ...rest], 1);
    const f = native.iinfo(toDtype(dtype, 'mx.iinfo', 'arg')._dtypeCode);
    this.dtype = DTYPES[f.dtype];
    this.min = f.min;
    this.max = f.max;
  }
  toString(): string {
    return `iinfo(min=${this.min}, max=${this.max}, dtype=${this.dtype.name})`;
  }
}
