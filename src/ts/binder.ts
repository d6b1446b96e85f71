// Turns the native op tables into JS functions and array methods, applying
// CONVENTIONS.md's argument rules once for every op: positional arguments in
// Python's order, a trailing plain object as keyword arguments (camelCase
// names), rest parameters for Python's *args, and clear TypeErrors.
import { native, OpDescription } from './native';
import { MxArray, wrap } from './array';
import { deviceFromSd, streamFromSd } from './device';
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

// Native lists hold handles (Externals); some ops return one handle or a list
// depending on their arguments (svd with computeUv).
const wrapTree = (r: any): any => (Array.isArray(r) ? r.map(wrapTree) : r !== null && typeof r === 'object' ? wrap(r) : r);

const RETURNS: Record<OpDescription['returns'], (r: any) => any> = {
  array: wrap,
  list: wrapTree,
  value: (r) => r,
  device: deviceFromSd,
  stream: streamFromSd,
};

const unwrap = (v: unknown) => (v instanceof MxArray ? v._h : v);

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
  const byKeyword = new Map<string, number>();
  params.forEach((p, i) => {
    if (p.kind === 'positional_or_keyword' || p.kind === 'keyword_only') byKeyword.set(p.jsName, i);
  });
  const takesKwargs = byKeyword.size > 0;
  const fn = op.fn;
  const ret = RETURNS[op.returns];

  function bind(args: any[]): any[] {
    let n = args.length;
    let kw: Record<string, unknown> | undefined;
    if (takesKwargs && n > 0 && isKwargs(args[n - 1])) kw = args[--n];
    const out: any[] = [];
    if (varIdx < 0) {
      if (n > nPos)
        throw new TypeError(`${op.label}: takes at most ${nPos} positional argument${nPos === 1 ? '' : 's'} (${n} given)`);
      for (let i = 0; i < n; i++) out.push(unwrap(args[i]));
    } else {
      for (let i = 0; i < Math.min(n, varIdx); i++) out.push(unwrap(args[i]));
      while (out.length < varIdx) out.push(undefined);
      out.push(args.slice(varIdx, n).map(unwrap));
    }
    if (kw) {
      for (const key of Object.keys(kw)) {
        const i = byKeyword.get(key);
        if (i === undefined) {
          const posOnly = params.find((p) => p.jsName === key && p.kind === 'positional_only');
          if (posOnly) throw new TypeError(`${op.label}: '${key}' is positional-only and cannot be passed by keyword`);
          throw new TypeError(`${op.label}: unknown keyword argument '${key}'${hint(key, op)}`);
        }
        if (i < out.length && out[i] !== undefined)
          throw new TypeError(`${op.label}: got multiple values for argument '${key}'`);
        while (out.length <= i) out.push(undefined);
        out[i] = unwrap(kw[key]);
      }
    }
    for (let i = 0; i < params.length; i++)
      if (params[i].required && out[i] === undefined)
        throw new TypeError(`${op.label}: missing required argument '${params[i].jsName}'`);
    return out;
  }

  function call(args: any[]): any {
    const n = args.length;
    // Fast path: positional arguments only (no trailing keyword object).
    if (varIdx < 0 && n <= nPos && (n === 0 || !isKwargs(args[n - 1]))) {
      for (let i = 0; i < n; i++) {
        const v = args[i];
        if (v instanceof MxArray) args[i] = v._h;
      }
      return ret(fn.apply(undefined, args));
    }
    return ret(fn.apply(undefined, bind(args)));
  }

  // Allocation-free entry points for the common short calls (a.add(b),
  // mx.sum(a, 0)): per-op overhead is what hot loops pay.
  const f1 = varIdx < 0 && nPos >= 1;
  const f2 = varIdx < 0 && nPos >= 2;
  const f3 = varIdx < 0 && nPos >= 3;
  const func = function (a?: any, b?: any, c?: any): any {
    switch (arguments.length) {
      case 0:
        return call([]);
      case 1:
        if (f1 && !isKwargs(a)) return ret(fn(unwrap(a)));
        break;
      case 2:
        if (f2 && !isKwargs(b)) return ret(fn(unwrap(a), unwrap(b)));
        break;
      case 3:
        if (f3 && !isKwargs(c)) return ret(fn(unwrap(a), unwrap(b), unwrap(c)));
        break;
    }
    return call(Array.prototype.slice.call(arguments));
  };
  const method = function (this: MxArray, a?: any, b?: any): any {
    switch (arguments.length) {
      case 0:
        if (f1) return ret(fn(this._h));
        break;
      case 1:
        if (f2 && !isKwargs(a)) return ret(fn(this._h, unwrap(a)));
        break;
      case 2:
        if (f3 && !isKwargs(b)) return ret(fn(this._h, unwrap(a), unwrap(b)));
        break;
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
