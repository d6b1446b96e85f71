// Shared helpers of the nn layers: argument binding (Python's positional order, keywords in a
// trailing plain object), argument checks and Python's repr of numbers and booleans.
import { bindArgs } from '../../args';
import { MxArray } from '../../array';
import { tableFunctions } from '../../ops';

export const core = tableFunctions.core;
export const random = tableFunctions.random;
export const fast = tableFunctions.fast;

/** Binds a layer constructor's (or method's) arguments: the values in parameter order. */
export function bind(label: string, names: readonly string[], required: number, args: readonly unknown[]): unknown[] {
  const out = bindArgs(label, names, required, args);
  while (out.length < names.length) out.push(undefined);
  return out;
}

const what = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : v instanceof MxArray ? 'mx.array' : typeof v);

export function int(label: string, name: string, v: unknown, dflt?: number): number {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${label}: '${name}' must be an integer, got ${typeof v === 'number' ? v : what(v)}`);
  return v;
}

export function num(label: string, name: string, v: unknown, dflt?: number): number {
  if (v === undefined && dflt !== undefined) return dflt;
  if (typeof v !== 'number') throw new TypeError(`${label}: '${name}' must be a number, got ${what(v)}`);
  return v;
}

export function bool(label: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new TypeError(`${label}: '${name}' must be a boolean, got ${what(v)}`);
  return v;
}

export function arr(label: string, name: string, v: unknown): MxArray {
  if (!(v instanceof MxArray)) throw new TypeError(`${label}: '${name}' must be an mx.array, got ${what(v)}`);
  return v;
}

/** Python's repr of a float: `1e-05`, `0.1`, `1.0`. */
export function pyFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  const [mant, e] = v.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const s = String(v);
  return Number.isInteger(v) ? `${s}.0` : s;
}

/** Python's repr of a bool. */
export const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** Whether the module holds the item `key` (Python's `key in self`). */
export const has = (m: object, key: string): boolean => Object.prototype.hasOwnProperty.call(m, key) && (m as Record<string, unknown>)[key] !== undefined;
