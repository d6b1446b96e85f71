// Dtypes and dtype categories: singletons made once from the native table, so
// `mx.float32 === mx.float32` and `a.dtype === mx.float32` hold.
import { native } from './native';
import { bindArgs } from './args';
import { MLXError } from './errors';

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
class FInfo {
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
class IInfo {
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

// Python code calls these classes to get a value (`mx.finfo(t).eps`): they
// work with and without `new`, and `instanceof mx.finfo` holds either way.
function callable<C extends new (dtype: Dtype) => object>(impl: C, name: string) {
  const f = function (this: unknown, ...args: unknown[]) {
    return new (impl as any)(...args);
  } as unknown as { new (dtype: Dtype): InstanceType<C>; (dtype: Dtype): InstanceType<C>; prototype: InstanceType<C> };
  Object.defineProperty(f, 'name', { value: name });
  f.prototype = impl.prototype as InstanceType<C>;
  Object.defineProperty(impl.prototype, 'constructor', { value: f });
  return f;
}
export const finfo = callable(FInfo, 'finfo');
export type finfo = FInfo;
export const iinfo = callable(IInfo, 'iinfo');
export type iinfo = IInfo;

function dtypeOf(x: unknown): Dtype | undefined {
  if (x instanceof Dtype) return x;
  // an mx.array (checked by shape, not by import: array.ts imports this file)
  const d = (x as { dtype?: unknown } | null)?.dtype;
  return x !== null && typeof x === 'object' && typeof (x as any)._i === 'number' && d instanceof Dtype ? d : undefined;
}

/** The dtype that promoting all the arrays and dtypes together gives (Python's mx.result_type). */
export function resultType(...arraysAndDtypes: unknown[]): Dtype {
  if (arraysAndDtypes.length === 0) throw new MLXError('[result_type] At least one array or dtype is required.');
  let out: Dtype | undefined;
  for (const x of arraysAndDtypes) {
    const d = dtypeOf(x);
    if (!d) throw new MLXError('[result_type] Inputs must be arrays or dtypes.');
    out = out === undefined ? d : DTYPES[native.promoteTypes(out._dtypeCode, d._dtypeCode)];
  }
  return out!;
}

/** Whether `from` (an array or a dtype) promotes with `to` to `to` itself. */
export function canCast(from: unknown, to?: Dtype | { from?: unknown; to?: Dtype }): boolean;
export function canCast(...args: unknown[]): boolean {
  // Python's `from_` is `from` under the naming rule (a property name may be a reserved word)
  const [from, to] = bindArgs('mx.canCast', ['from', 'to'], 2, args);
  const target = toDtype(to, 'mx.canCast', 'to');
  const source = dtypeOf(from);
  if (!source) throw new MLXError('[can_cast] `from_` must be an array or a dtype.');
  return native.promoteTypes(source._dtypeCode, target._dtypeCode) === target._dtypeCode;
}

const KINDS: Record<string, (d: Dtype) => boolean> = {
  bool: (d) => d === bool_,
  'signed integer': (d) => issubdtype(d, signedinteger),
  'unsigned integer': (d) => issubdtype(d, unsignedinteger),
  integral: (d) => issubdtype(d, integer),
  'real floating': (d) => issubdtype(d, floating),
  'complex floating': (d) => issubdtype(d, complexfloating),
  numeric: (d) => d !== bool_,
};
type Kind = Dtype | 'bool' | 'signed integer' | 'unsigned integer' | 'integral' | 'real floating' | 'complex floating' | 'numeric';

/**
 * Whether `dtype` belongs to `kind`: a dtype, a kind name ('bool', 'signed integer',
 * 'unsigned integer', 'integral', 'real floating', 'complex floating', 'numeric'),
 * or a list of them (Python's tuple).
 */
export function isdtype(dtype: Dtype, kind: Kind | readonly Kind[]): boolean;
export function isdtype(...args: unknown[]): boolean {
  const [dtype, kind] = bindArgs('mx.isdtype', ['dtype', 'kind'], 2, args);
  const d = toDtype(dtype, 'mx.isdtype', 'dtype');
  const bad = () => new MLXError('[isdtype] `kind` must be a dtype, a string, or a tuple of dtypes and strings.');
  const one = (k: unknown): boolean => {
    if (k instanceof Dtype) return k === d;
    if (typeof k === 'string') {
      const f = KINDS[k];
      if (!f) throw new MLXError(`[isdtype] Unknown data type kind: '${k}'.`);
      return f(d);
    }
    throw bad();
  };
  if (Array.isArray(kind)) {
    let hit = false;
    for (const k of kind) if (one(k)) hit = true; // every entry is checked, as Python does
    return hit;
  }
  return one(kind);
}
