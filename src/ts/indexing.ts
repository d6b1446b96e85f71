// Indexing: a[items] (index), a[items] = v (indexPut_), a.at[items] updates: the parts written in TypeScript.
// `indexingApi` is spread into the mx namespace by index.ts; named exports of this
// file are re-exported from the package.
//
// The items are encoded as int32 codes into the shared scratch (see
// src/native/ops/indexing.cc for the codes) and one internal native entry
// does the analysis (NumPy's rules, as Python mlx applies them) and the ops.
import { native, ERR, failed } from './native';
import { MxArray, DISPOSED, result, scratch, Scalar } from './array';
import { currentScope } from './scope';
import { MLXError } from './errors';
import { tableFunctions } from './ops';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Python's `...` (`Ellipsis`) as an index item; the string `'...'` works too. */
export const Ellipsis: { readonly toString: () => string } = Object.freeze({ toString: () => 'Ellipsis' });

/** Python's `slice(start, stop, step)` as an index item (made by `mx.slice(start, stop, step)`). */
export class Slice {
  readonly start: number | null;
  readonly stop: number | null;
  readonly step: number | null;
  constructor(start: number | null = null, stop: number | null = null, step: number | null = null) {
    this.start = start;
    this.stop = stop;
    this.step = step;
  }
  toString(): string {
    return `slice(${this.start}, ${this.stop}, ${this.step})`;
  }
}

/** One index item: see `MxArray.index`. */
export type IndexItem = number | bigint | null | string | Slice | typeof Ellipsis | MxArray | readonly unknown[];

const fnIndexRaw: (...a: any[]) => any = native.tables.core.find((o) => o.name === 'array_index')!.raw;
const opSlice = tableFunctions.core.slice as (...a: any[]) => MxArray;

const ITEMS_AT = 64; // where the native side reads the codes (kItemsAt)
const INT = 0, NONE = 1, ELLIPSIS = 2, SLICE = 3, ARRAY = 4, EXTRA = 5, HUGE = 6;
const INT32_MAX = 2147483647, INT32_MIN = -2147483648;
const OP_GET = 0, OP_PUT = 1;
const AT_OPS = { add: 2, subtract: 3, multiply: 4, divide: 5, maximum: 6, minimum: 7 } as const;

// Encoding state of one call (module-level: calls are synchronous).
let top = ITEMS_AT;
let count = 0;
let extras: unknown[] | undefined;
let tuple = false; // Python would see a tuple (several items, or a string with a comma)

function room(n: number, label: string): void {
  if (top + n > scratch.length) throw new RangeError(`${label}: too many index items`);
}

function sliceBound(v: unknown, label: string): number {
  if (typeof v === 'bigint') v = Number(v);
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new MLXError('Slice indices must be integers or None.');
  if (v > INT32_MAX || v < INT32_MIN) throw new MLXError('Slice indices must be 32-bit integers.');
  void label;
  return v;
}

function putSlice(start: unknown, stop: unknown, step: unknown, label: string): void {
  room(5, label);
  let f = 0;
  scratch[top] = SLICE;
  scratch[top + 2] = start == null ? 0 : ((f |= 1), sliceBound(start, label));
  scratch[top + 3] = stop == null ? 0 : ((f |= 2), sliceBound(stop, label));
  scratch[top + 4] = step == null ? 0 : ((f |= 4), sliceBound(step, label));
  scratch[top + 1] = f;
  top += 5;
  count++;
}

function putInt(v: number): void {
  if (v >= INT32_MIN && v <= INT32_MAX) {
    scratch[top] = INT;
    scratch[top + 1] = v;
    top += 2;
  } else {
    scratch[top++] = HUGE;
  }
  count++;
}

function putItem(x: unknown, label: string): void {
  room(5, label);
  if (typeof x === 'number') {
    if (!Number.isInteger(x)) throw new MLXError(`${label}: Cannot index mlx array using the given type (a non-integer number ${x}).`);
    putInt(x);
  } else if (x === null) {
    scratch[top++] = NONE;
    count++;
  } else if (x instanceof MxArray) {
    if (x._i === DISPOSED) throw new TypeError(`${label}: an index array was disposed`);
    scratch[top] = ARRAY;
    scratch[top + 1] = x._i;
    top += 2;
    count++;
  } else if (x === Ellipsis) {
    scratch[top++] = ELLIPSIS;
    count++;
  } else if (x instanceof Slice) {
    putSlice(x.start, x.stop, x.step, label);
  } else if (typeof x === 'string') {
    parse(x, label);
  } else if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    if (extras === undefined) extras = [];
    scratch[top] = EXTRA;
    scratch[top + 1] = extras.length;
    extras.push(x);
    top += 2;
    count++;
  } else if (typeof x === 'bigint') {
    putInt(x >= BigInt(INT32_MIN) && x <= BigInt(INT32_MAX) ? Number(x) : 2 ** 40);
  } else if (x === undefined) {
    throw new TypeError(`${label}: an index item is undefined (use null for newaxis)`);
  } else {
    // booleans and other objects, as Python's "Cannot index mlx array using the given type."
    throw new MLXError(`${label}: Cannot index mlx array using the given type (${typeof x}).`);
  }
}

// ---- the index-string scanner: one pass, no backtracking

function syntax(label: string, s: string, at: number, what: string): never {
  throw new TypeError(`${label}: malformed index string '${s}' at position ${at}: ${what}`);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function skipWs(s: string, i: number): number {
  while (i < s.length && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  return i;
}

// An optional integer at i: returns [value | null, next position].
let numEnd = 0;
function scanInt(s: string, i: number, label: string): number | null {
  let j = i;
  let neg = false;
  const c = s.charCodeAt(j);
  if (c === 45 || c === 43) {
    neg = c === 45;
    j = skipWs(s, j + 1);
    if (!isDigit(s.charCodeAt(j))) syntax(label, s, j, 'expected digits after the sign');
  }
  if (!isDigit(s.charCodeAt(j))) {
    numEnd = i;
    return null;
  }
  let v = 0;
  while (j < s.length) {
    const d = s.charCodeAt(j);
    if (isDigit(d)) v = v * 10 + (d - 48);
    else if (d !== 95) break; // Python allows 1_000
    j++;
  }
  numEnd = j;
  return neg ? -v : v;
}

function parse(s: string, label: string): void {
  let i = skipWs(s, 0);
  if (i === s.length) syntax(label, s, i, 'empty index');
  let items = 0;
  for (;;) {
    i = skipWs(s, i);
    const c = s.charCodeAt(i);
    room(5, label);
    if (c === 46) {
      if (s.startsWith('...', i)) {
        scratch[top++] = ELLIPSIS;
        count++;
        i += 3;
      } else syntax(label, s, i, "expected '...'");
    } else if (c === 78 && s.startsWith('None', i) && !isWord(s.charCodeAt(i + 4))) {
      scratch[top++] = NONE;
      count++;
      i += 4;
    } else {
      const a = scanInt(s, i, label);
      i = skipWs(s, numEnd);
      if (s.charCodeAt(i) === 58) {
        // a slice: a? : b? (: c?)?
        i = skipWs(s, i + 1);
        const b = scanInt(s, i, label);
        i = skipWs(s, numEnd);
        let st: number | null = null;
        if (s.charCodeAt(i) === 58) {
          i = skipWs(s, i + 1);
          st = scanInt(s, i, label);
          i = skipWs(s, numEnd);
        }
        putSlice(a, b, st, label);
      } else if (a !== null) {
        if (!Number.isSafeInteger(a)) putInt(2 ** 40);
        else putInt(a);
      } else {
        syntax(label, s, i, i < s.length ? `unexpected '${s[i]}'` : 'expected an index');
      }
    }
    items++;
    i = skipWs(s, i);
    if (i === s.length) break;
    if (s.charCodeAt(i) !== 44) syntax(label, s, i, `expected ',' but found '${s[i]}'`);
    tuple = true;
    i = skipWs(s, i + 1);
    if (i === s.length) break; // a trailing comma: Python's one-element tuple
  }
  void items;
}

function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function begin(): void {
  top = ITEMS_AT;
  count = 0;
  extras = undefined;
  tuple = false;
}

function encodeItems(items: ArrayLike<unknown>, label: string): void {
  begin();
  for (let k = 0; k < items.length; k++) putItem(items[k], label);
  if (items.length !== 1) tuple = true;
}

function valueArgs(v: unknown, label: string): [number, unknown] {
  if (v instanceof MxArray) {
    if (v._i === DISPOSED) throw new TypeError(`${label}: parameter 'value' was disposed`);
    return [8, v._i];
  }
  if (v === undefined) throw new TypeError(`${label}: missing required argument 'value'`);
  return [0, v];
}

function run(a: MxArray, op: number, value: unknown, label: string): MxArray {
  let m = 0;
  let v: unknown;
  if (op !== OP_GET) [m, v] = valueArgs(value, label);
  const s = currentScope();
  const o = new MxArray(DISPOSED);
  return result(s, o, fnIndexRaw(s === undefined ? o : undefined, m, a._i, count, extras, v, op, !tuple));
}

/** Python's `a.at[items]`: `add`, `subtract`, `multiply`, `divide`, `maximum`, `minimum` return new arrays. */
export class ArrayAt {
  /** @internal */
  readonly _a: MxArray;
  /** @internal */
  readonly _items: unknown[];
  /** @internal */
  constructor(a: MxArray, items: unknown[]) {
    this._a = a;
    this._items = items;
  }
  /** @internal */
  _run(op: number, v: Operand): MxArray {
    encodeItems(this._items, 'mx.array.at');
    return run(this._a, op, v, 'mx.array.at');
  }
  /** `a.at[items].add(v)`: repeated indices accumulate. */
  add(v: Operand): MxArray {
    return this._run(AT_OPS.add, v);
  }
  subtract(v: Operand): MxArray {
    return this._run(AT_OPS.subtract, v);
  }
  multiply(v: Operand): MxArray {
    return this._run(AT_OPS.multiply, v);
  }
  divide(v: Operand): MxArray {
    return this._run(AT_OPS.divide, v);
  }
  maximum(v: Operand): MxArray {
    return this._run(AT_OPS.maximum, v);
  }
  minimum(v: Operand): MxArray {
    return this._run(AT_OPS.minimum, v);
  }
}

type Operand = MxArray | Scalar | readonly unknown[] | ArrayBufferView;

declare module './array' {
  interface MxArray {
    /**
     * Python's `a[items]`. An item is an integer, `null` (newaxis), `mx.Ellipsis` or `'...'`,
     * `mx.slice(start, stop, step)`, an integer mx.array or JS array of integers, or a string in
     * Python's index syntax holding one or several comma-separated items (`a.index(':, 1, ::-1')`).
     */
    index(...items: IndexItem[]): MxArray;
    /**
     * Python's `a[items] = value`: `a` then refers to the updated array (other arrays that shared
     * the old value keep it). `items` is one item or an array of items; returns `a`.
     */
    indexPut_(items: IndexItem | readonly IndexItem[], value: Operand): MxArray;
    /** Python's `a.at[items]`: `a.at(0, idx).add(v)` returns a new array (repeated indices accumulate). */
    at(...items: IndexItem[]): ArrayAt;
  }
}

const proto = MxArray.prototype as any;

proto.index = function index(this: MxArray, a?: unknown): MxArray {
  begin();
  const n = arguments.length;
  if (n === 1) {
    // the common single-item calls without building anything
    if (typeof a === 'number' && (a | 0) === a) {
      scratch[ITEMS_AT] = INT;
      scratch[ITEMS_AT + 1] = a;
      count = 1;
    } else {
      putItem(a, 'mx.array.index');
    }
  } else {
    for (let k = 0; k < n; k++) putItem(arguments[k], 'mx.array.index');
    if (n !== 1) tuple = true;
  }
  return run(this, OP_GET, undefined, 'mx.array.index');
};

proto.indexPut_ = function indexPut_(this: MxArray, items: unknown, value: unknown): MxArray {
  if (arguments.length < 2) throw new TypeError('mx.array.indexPut_: expected (items, value)');
  // an array of items (a JS list index goes inside one: [[0, 2]])
  if (Array.isArray(items)) encodeItems(items, 'mx.array.indexPut_');
  else {
    begin();
    putItem(items, 'mx.array.indexPut_');
  }
  const [m, v] = valueArgs(value, 'mx.array.indexPut_');
  if (fnIndexRaw(undefined, m, this._i, count, extras, v, OP_PUT, !tuple) === ERR) failed(); // replaces the array in this wrapper's slot
  return this;
};

proto.at = function at(this: MxArray, ...items: unknown[]): ArrayAt {
  return new ArrayAt(this, items);
};

function bound(v: unknown): number | null {
  if (v == null) return null;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  throw new TypeError('mx.slice: start, stop and step must be integers or null');
}

type SliceOp = typeof tableFunctions.core.slice;
type SliceFn = SliceOp & ((start?: number | null, stop?: number | null, step?: number | null) => Slice);

/**
 * `mx.slice(a, startIndices, axes, sliceSize)` is Python's op; `mx.slice(start, stop, step)`
 * (any of them null) makes Python's `slice(start, stop, step)` for indexing.
 */
const slice = function slice(a?: unknown, b?: unknown, c?: unknown): unknown {
  if (a instanceof MxArray) return opSlice.apply(undefined, arguments as unknown as unknown[]);
  const n = arguments.length;
  if (n > 3) throw new TypeError(`mx.slice: takes at most 3 arguments for a slice object (${n} given)`);
  // Python's slice(stop) has one argument: the stop
  if (n === 1) return new Slice(null, bound(a), null);
  return new Slice(bound(a), bound(b), bound(c));
} as SliceFn;

Object.defineProperty(slice, 'name', { value: 'slice' });
// The named export `slice` (generated/exports.ts) and mx.slice both read
// tableFunctions.core, after this module has run: they get the dispatcher.
(tableFunctions.core as unknown as { slice: SliceFn }).slice = slice;

/** @internal */
export const indexingApi = { slice, Ellipsis, Slice, ArrayAt };
