// Turns the native op tables into JS functions and array methods, applying
// the argument rules of docs/python-to-js.md once for every op: positional arguments in
// Python's order, a trailing plain object as keyword arguments (camelCase
// names), rest parameters for Python's *args, and clear TypeErrors.
import { native, OpDescription, ERR, failed, checked } from './native';
import { MxArray, DISPOSED, result, adoptTree, scratch } from './array';
import { Dtype } from './dtype';
import { currentScope } from './scope';
import { Device, DeviceType, Stream, ThreadLocalStream, deviceFromSd, streamFromSd } from './device';
import { editDistance, isKwargs } from './args';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Fn = (...args: any[]) => any;

function hint(key: string, op: OpDescription): string {
  const lower = key.toLowerCase().replace(/_/g, '');
  let best: string | undefined;
  let bestD = Infinity;
  for (const p of op.params) {
    if (p.kind === 'var_positional') continue;
    const d = Math.min(editDistance(key, p.jsName), editDistance(lower, p.jsName.toLowerCase()));
    if (d < bestD) [best, bestD] = [p.jsName, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean '${best}'?)` : '';
}

// Native functions a call returns (an imported function, a kernel, a
// builder's operation), alone or in a returned list, get the ERR check.
function checkFunctions(r: any): any {
  if (typeof r === 'function') return checked(r);
  if (Array.isArray(r)) for (let i = 0; i < r.length; i++) if (typeof r[i] === 'function') r[i] = checked(r[i]);
  return r;
}

const RETURNS: Record<Exclude<OpDescription['returns'], 'array'>, (r: any) => any> = {
  list: adoptTree,
  value: checkFunctions,
  device: deviceFromSd,
  stream: streamFromSd,
};

// Argument i of a native table function is marked in the mask when the
// binder replaced it by a number: an mx.array's handle (bit i), an mx.Dtype's
// code (bit 16 + i), a stream/device code (bit 32 + i) or a scratch list code
// (bit 48 + i). Call in src/native/op_table.h reads them.
const DTYPE_BIT = 16;

// One native call with a fixed number of arguments, returning one array.
// `s` is the current tidy scope: inside one the result gets no finalizer.
function run1(fn: Fn, m: number, a: any): MxArray {
  const s = currentScope();
  const o = new MxArray(DISPOSED);
  return result(s, o, fn(s === undefined ? o : undefined, m, a));
}
function run2(fn: Fn, m: number, a: any, b: any): MxArray {
  const s = currentScope();
  const o = new MxArray(DISPOSED);
  return result(s, o, fn(s === undefined ? o : undefined, m, a, b));
}
function run3(fn: Fn, m: number, a: any, b: any, c: any): MxArray {
  const s = currentScope();
  const o = new MxArray(DISPOSED);
  return result(s, o, fn(s === undefined ? o : undefined, m, a, b, c));
}
// An array handle and a JS list, through the scratch when it takes one.
function run2List(fn: Fn, scratchList: boolean, h: number, list: any[]): MxArray {
  const code = scratchList ? listCode(list, LIST_START) : -1;
  return code >= 0 ? run2(fn, 1 + 2 * LIST_BIT, h, code) : run2(fn, 1, h, list);
}
function runN(fn: Fn, m: number, args: any[]): MxArray {
  const s = currentScope();
  const o = new MxArray(DISPOSED);
  return result(s, o, fn(s === undefined ? o : undefined, m, ...args));
}

// A JS list of small integers for a shape/axis parameter (index < 5) travels
// in the shared scratch Int32Array: the argument becomes `offset | length <<
// 16` and mask bit 48 + i says so (Call::coded_ints).
const LIST_BIT = 2 ** 48;
const LIST_ARGS = 5;
const LIST_START = 64;

/** Writes `v` (or arguments `from`.. of `v`) at `top`; returns its code, or -1 when it is not a list of small integers. */
function listCode(v: ArrayLike<any>, top: number, from = 0): number {
  const n = v.length - from;
  if (top + n > scratch.length) return -1;
  for (let k = 0; k < n; k++) {
    const x = v[from + k];
    if (typeof x !== 'number' || (x | 0) !== x) return -1; // bigints and the rest: the native path
    scratch[top + k] = x;
  }
  return top | (n << 16);
}

/**
 * Replaces arrays, dtypes and streams/devices in `args` (in place) by
 * handles and codes; returns the mask (stream bits above bit 32, so the mask
 * is a plain number, not an int32).
 */
function encode(args: any[], intList: boolean[]): number {
  let m = 0;
  let ms = 0;
  let ml = 0;
  let top = LIST_START;
  for (let i = 0; i < args.length; i++) {
    const v = args[i];
    if (intList[i] && i < LIST_ARGS && Array.isArray(v)) {
      const code = listCode(v, top);
      if (code >= 0) {
        args[i] = code;
        ml += LIST_BIT * 2 ** i;
        top += v.length;
      }
    } else if (v instanceof MxArray) {
      args[i] = v._i;
      m |= 1 << i;
    } else if (v instanceof Dtype) {
      args[i] = v._dtypeCode;
      m |= 1 << (DTYPE_BIT + i);
    } else if (v instanceof Stream || v instanceof Device || v instanceof DeviceType || v instanceof ThreadLocalStream) {
      args[i] = v._code;
      ms |= 1 << i;
    }
  }
  return ms === 0 && ml === 0 ? m : (m >>> 0) + ms * 4294967296 + ml;
}

/**
 * Builds the JS function and the array method for one op. A method passes
 * its array as the op's first argument (Python's `self`).
 */
export function makeCaller(op: OpDescription): { func: Fn; method: Fn } {
  const params = op.params;
  const varIdx = params.findIndex((p) => p.kind === 'var_positional');
  const nPos = (varIdx >= 0 ? params.slice(0, varIdx) : params).filter(
    (p) => p.kind === 'positional_only' || p.kind === 'positional_or_keyword',
  ).length;
  // Keyword names and their parameter indices: a linear scan over a few
  // interned strings beats a hashed lookup.
  const kwNames: string[] = [];
  const kwIndex: number[] = [];
  params.forEach((p, i) => {
    if (p.kind === 'positional_or_keyword' || p.kind === 'keyword_only') {
      kwNames.push(p.jsName);
      kwIndex.push(i);
    }
  });
  const keywordIndex = (key: string): number => {
    for (let k = 0; k < kwNames.length; k++) if (kwNames[k] === key) return kwIndex[k];
    return -1;
  };
  const takesKwargs = kwNames.length > 0;
  const required = params.flatMap((p, i) => (p.required ? [i] : []));
  const intList = params.map((p) => p.intList);
  const il0 = intList[0], il1 = intList[1];
  const fn = op.raw; // results checked against ERR in result() and finish()
  const returnsArray = op.returns === 'array';
  const ret = returnsArray ? undefined : RETURNS[op.returns as Exclude<OpDescription['returns'], 'array'>];

  function unknownKeyword(key: string): never {
    const posOnly = params.find((p) => p.jsName === key && p.kind === 'positional_only');
    if (posOnly) throw new TypeError(`${op.label}: '${key}' is positional-only and cannot be passed by keyword`);
    throw new TypeError(`${op.label}: unknown keyword argument '${key}'${hint(key, op)}`);
  }

  // Positional and keyword arguments -> one value per parameter.
  function bind(args: any[]): any[] {
    const n = args.length;
    if (takesKwargs && n > 0 && isKwargs(args[n - 1])) return bindKw(args, n - 1, args[n - 1]);
    return bindKw(args, n, undefined);
  }

  // The first `n` of `args` are positional; `kw` the keyword object, if any.
  function bindKw(args: any[], n: number, kw: Record<string, unknown> | undefined): any[] {
    const out: any[] = [];
    if (varIdx < 0) {
      if (n > nPos)
        throw new TypeError(`${op.label}: takes at most ${nPos} positional argument${nPos === 1 ? '' : 's'} (${n} given)`);
      for (let i = 0; i < n; i++) out.push(args[i]);
    } else {
      for (let i = 0; i < Math.min(n, varIdx); i++) out.push(args[i]);
      while (out.length < varIdx) out.push(undefined);
      out.push(args.slice(varIdx, n)); // a list: its arrays stay objects
    }
    if (kw) {
      for (const key in kw) {
        const i = keywordIndex(key);
        if (i < 0) {
          if (Object.prototype.hasOwnProperty.call(kw, key)) unknownKeyword(key);
          continue;
        }
        if (i < out.length && out[i] !== undefined)
          throw new TypeError(`${op.label}: got multiple values for argument '${key}'`);
        while (out.length < i) out.push(undefined);
        out[i] = kw[key];
      }
    }
    for (let k = 0; k < required.length; k++)
      if (out[required[k]] === undefined)
        throw new TypeError(`${op.label}: missing required argument '${params[required[k]].jsName}'`);
    return out;
  }

  // Encodes bound arguments and runs; fixed-arity calls avoid a spread.
  function finish(bound: any[]): any {
    const m = encode(bound, intList);
    if (returnsArray) {
      switch (bound.length) {
        case 1:
          return run1(fn, m, bound[0]);
        case 2:
          return run2(fn, m, bound[0], bound[1]);
        case 3:
          return run3(fn, m, bound[0], bound[1], bound[2]);
        default:
          return runN(fn, m, bound);
      }
    }
    const r = fn(undefined, m, ...bound);
    if (r === ERR) failed();
    return ret!(r);
  }

  // Any call: bind, encode, run. `args` is a fresh array the caller owns.
  function call(args: any[]): any {
    const n = args.length;
    return finish(varIdx < 0 && n <= nPos && (n === 0 || !isKwargs(args[n - 1])) ? args : bind(args));
  }

  // Allocation-free entry points for the common short calls (a.add(b),
  // mx.sum(v, 0), v.astype(t)): per-op overhead is what hot loops pay.
  const fast = returnsArray && varIdx < 0;
  const f1 = fast && nPos >= 1;
  const f2 = fast && nPos >= 2;
  const f3 = fast && nPos >= 3;
  const func = function (a?: any, b?: any, c?: any): any {
    switch (arguments.length) {
      case 1:
        if (f1) {
          if (a instanceof MxArray) return run1(fn, 1, a._i);
          if (typeof a !== 'object') return run1(fn, 0, a);
          if (Array.isArray(a)) {
            const code = il0 ? listCode(a, LIST_START) : -1;
            return code >= 0 ? run1(fn, LIST_BIT, code) : run1(fn, 0, a);
          }
        }
        break;
      case 2:
        if (f2 && a instanceof MxArray) {
          if (b instanceof MxArray) return run2(fn, 3, a._i, b._i);
          if (typeof b !== 'object' || b === null) return run2(fn, 1, a._i, b);
          if (Array.isArray(b)) return run2List(fn, il1, a._i, b);
          if (b instanceof Dtype) return run2(fn, 1 | (1 << (DTYPE_BIT + 1)), a._i, b._dtypeCode);
        }
        if (takesKwargs && isKwargs(b)) return finish(bindKw([a], 1, b)); // mx.sum(v, { axis: 0 })
        break;
      case 3:
        if (f3 && a instanceof MxArray && typeof b !== 'object' && typeof c !== 'object') return run3(fn, 1, a._i, b, c);
        if (takesKwargs && isKwargs(c)) return finish(bindKw([a, b], 2, c));
        break;
    }
    const args: any[] = [];
    for (let i = 0; i < arguments.length; i++) args.push(arguments[i]);
    return call(args);
  };
  // `a.reshape(4, 4)`, `a.transpose(1, 0)`: Python's `self, *rest` methods.
  const restMethod = returnsArray && varIdx === 1;
  const method = function (this: MxArray, a?: any, b?: any): any {
    if (restMethod && this instanceof MxArray) {
      const n = arguments.length;
      if (n === 0 || typeof arguments[n - 1] !== 'object') {
        const code = il1 ? listCode(arguments, LIST_START) : -1;
        if (code >= 0) return run2(fn, 1 + 2 * LIST_BIT, this._i, code);
        const rest: any[] = [];
        for (let i = 0; i < n; i++) rest.push(arguments[i]);
        return run2(fn, 1, this._i, rest);
      }
    }
    if (this instanceof MxArray) {
      switch (arguments.length) {
        case 0:
          if (f1) return run1(fn, 1, this._i);
          break;
        case 1:
          if (f2) {
            if (a instanceof MxArray) return run2(fn, 3, this._i, a._i);
            if (typeof a !== 'object' || a === null) return run2(fn, 1, this._i, a);
            if (Array.isArray(a)) return run2List(fn, il1, this._i, a);
            if (a instanceof Dtype) return run2(fn, 1 | (1 << (DTYPE_BIT + 1)), this._i, a._dtypeCode);
          }
          break;
        case 2:
          if (f3 && typeof a !== 'object' && typeof b !== 'object') return run3(fn, 1, this._i, a, b);
          break;
      }
    }
    const args: any[] = [this];
    for (let i = 0; i < arguments.length; i++) args.push(arguments[i]);
    return call(args);
  };
  return { func, method };
}

/** The module functions of one native table, keyed by camelCase name. */
export function functionsOf(module: string): Record<string, Fn> {
  const out: Record<string, Fn> = {};
  for (const op of native.tables[module]) {
    if (!op.function) continue;
    const { func } = makeCaller(op);
    Object.defineProperty(func, 'name', { value: op.jsName });
    out[op.jsName] = func;
  }
  return out;
}

/** Installs ops flagged as methods (and the array-only table) on MxArray. */
export function installMethods(): void {
  const proto = MxArray.prototype as unknown as Record<string, Fn>;
  const tables = [...Object.values(native.tables).filter((t) => t !== native.tables.array), native.tables.array];
  for (const table of tables) {
    for (const op of table) {
      if (!op.method) continue;
      // Method-only entries carry `self` in their signature; shared ops take
      // the array as their first argument: either way `this` goes first.
      const { method } = makeCaller(op);
      Object.defineProperty(method, 'name', { value: op.jsName });
      proto[op.jsName] = method;
    }
  }
}

/** Every op description, for the parity report and tests. */
export function opTables(): Record<string, ReadonlyArray<Omit<OpDescription, 'fn'>>> {
  const out: Record<string, Array<Omit<OpDescription, 'fn'>>> = {};
  for (const [m, t] of Object.entries(native.tables)) out[m] = t.map(({ fn: _fn, ...rest }) => rest);
  return out;
}
