// mlx.utils: the tree helpers of Python's mlx/utils.py, in TypeScript.
//
// A tree is a JS array (Python's list or tuple) or a plain object (Python's
// dict) of trees; anything else (an mx.array, a number, a string, null, a
// class instance) is a leaf. Paths are Python's dotted strings: `layers.0.weight`.
import { bindArgs, isKwargs } from './args';
import { MLXError } from './errors';

type Fn = (...a: any[]) => any;
/** A tree of leaves of type `L`: `L`, arrays of trees, or plain objects of trees. */
export type TreeOf<L = unknown> = L | TreeOf<L>[] | { [key: string]: TreeOf<L> };
/** Python's `is_leaf`: a predicate that makes a node a leaf. */
export type IsLeaf = ((node: any) => boolean) | null;

const isList = (x: unknown): x is unknown[] => Array.isArray(x);
const isDict = (x: unknown): x is Record<string, unknown> => isKwargs(x);

function checkFn(label: string, name: string, f: unknown, optional = false): void {
  if (optional && (f === undefined || f === null)) return;
  if (typeof f !== 'function') throw new TypeError(`${label}: '${name}' must be a function, got ${f === null ? 'null' : typeof f}`);
}

// The trailing keyword object of the variadic tree functions: only it may hold these keys.
function splitRest(label: string, rest: unknown[], keys: readonly string[]): [unknown[], Record<string, unknown>] {
  if (rest.length > 0 && isKwargs(rest[rest.length - 1])) {
    const kw = rest[rest.length - 1] as Record<string, unknown>;
    const ks = Object.keys(kw);
    // A plain object of trees (an extra tree) has keys other than the keyword names.
    // ... and values of the keywords' types (isLeaf a function, path a string), else it is a tree too.
    const fits = (k: string) => {
      const v = kw[k];
      if (v === undefined || v === null) return true;
      return k === 'isLeaf' ? typeof v === 'function' : typeof v === 'string' || typeof v === 'number';
    };
    if (ks.length > 0 && ks.every((k) => keys.includes(k) && fits(k))) return [rest.slice(0, -1), kw];
  }
  return [rest, {}];
}

/**
 * bindArgs for functions whose arguments are trees (plain objects themselves): a trailing plain object is the
 * keyword object only when it is not empty and every key names a parameter not already given positionally (and,
 * standing where a required argument is missing, it names that argument); otherwise it is a positional tree.
 */
function bindTree(label: string, names: readonly string[], required: number, args: readonly unknown[]): unknown[] {
  const n = args.length;
  if (n > 0 && isKwargs(args[n - 1])) {
    const keys = Object.keys(args[n - 1] as object);
    const given = n - 1;
    const kw = keys.length > 0 && keys.every((k) => names.indexOf(k) >= given) && (given >= required || keys.includes(names[given]));
    if (!kw) return bindArgs(label, names, required, [...args, {}]);
  }
  return bindArgs(label, names, required, args);
}

function child(label: string, r: unknown, k: string | number): unknown {
  if (r === null || typeof r !== 'object' || !(k in (r as object))) {
    throw new MLXError(`${label}: an additional tree has no entry ${typeof k === 'number' ? k : JSON.stringify(k)} where the first tree has one`);
  }
  return (r as any)[k];
}

function mapImpl(label: string, fn: Fn, tree: unknown, rest: unknown[], isLeaf: IsLeaf, path: string | null, withPath: boolean): unknown {
  const leaf = () => (withPath ? fn(path, tree, ...rest) : fn(tree, ...rest));
  if (isLeaf && isLeaf(tree)) return leaf();
  const prefix = path ? `${path}.` : '';
  if (isList(tree)) {
    return tree.map((c, i) => mapImpl(label, fn, c, rest.map((r) => child(label, r, i)), isLeaf, `${prefix}${i}`, withPath));
  }
  if (isDict(tree)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(tree)) {
      out[k] = mapImpl(label, fn, tree[k], rest.map((r) => child(label, r, k)), isLeaf, `${prefix}${k}`, withPath);
    }
    return out;
  }
  return leaf();
}

/**
 * Python's `tree_map(fn, tree, *rest, is_leaf=None)`: `fn` applied to the leaves of `tree` (with the leaves of the
 * `rest` trees at the same places as extra arguments), in a new tree of the same structure.
 * `utils.treeMap((x) => x.square(), params)`; `utils.treeMap(fn, a, b, { isLeaf })`.
 */
export function treeMap(fn: Fn, tree: unknown, ...rest: unknown[]): any {
  const [trees, kw] = splitRest('utils.treeMap', rest, ['isLeaf']);
  checkFn('utils.treeMap', 'fn', fn);
  checkFn('utils.treeMap', 'isLeaf', kw.isLeaf, true);
  return mapImpl('utils.treeMap', fn, tree, trees, (kw.isLeaf as IsLeaf) ?? null, null, false);
}

/**
 * Python's `tree_map_with_path(fn, tree, *rest, is_leaf=None, path=None)`: as treeMap, with the leaf's dotted path
 * (`model.0.w`; `path` is a prefix, null at the root) as `fn`'s first argument.
 */
export function treeMapWithPath(fn: Fn, tree: unknown, ...rest: unknown[]): any {
  const [trees, kw] = splitRest('utils.treeMapWithPath', rest, ['isLeaf', 'path']);
  checkFn('utils.treeMapWithPath', 'fn', fn);
  checkFn('utils.treeMapWithPath', 'isLeaf', kw.isLeaf, true);
  const path = kw.path ?? null;
  if (path !== null && typeof path !== 'string' && typeof path !== 'number')
    throw new TypeError(`utils.treeMapWithPath: 'path' must be a string or null`);
  return mapImpl('utils.treeMapWithPath', fn, tree, trees, (kw.isLeaf as IsLeaf) ?? null, path === null ? null : String(path), true);
}

/**
 * Python's `tree_flatten(tree, prefix="", is_leaf=None, destination=None)`: the leaves as `[path, leaf]` pairs
 * (`[['a.b', 1]]`), or into `destination` (an array of pairs, or a plain object `{ 'a.b': 1 }`). As in Python, the
 * first character of `prefix` is dropped (`{ prefix: '.hello' }` gives `hello.0`).
 */
export function treeFlatten(...args: unknown[]): any {
  const [tree, prefix = '', isLeaf, destination] = bindTree('utils.treeFlatten', ['tree', 'prefix', 'isLeaf', 'destination'], 1, args);
  if (typeof prefix !== 'string') throw new TypeError(`utils.treeFlatten: 'prefix' must be a string`);
  checkFn('utils.treeFlatten', 'isLeaf', isLeaf, true);
  let dest = destination ?? [];
  if (!isList(dest) && !isDict(dest)) throw new MLXError('utils.treeFlatten: Destination should be either a list or a dictionary or None');
  const add = isList(dest)
    ? (k: string, v: unknown) => { (dest as unknown[]).push([k, v]); }
    : (k: string, v: unknown) => { (dest as Record<string, unknown>)[k] = v; };
  const walk = (t: unknown, p: string): void => {
    if (isLeaf && (isLeaf as Fn)(t)) return add(p.slice(1), t);
    if (isList(t)) t.forEach((x, i) => walk(x, `${p}.${i}`));
    else if (isDict(t)) for (const k of Object.keys(t)) walk(t[k], `${p}.${k}`);
    else add(p.slice(1), t);
  };
  walk(tree, prefix);
  return dest;
}

/**
 * Python's `tree_unflatten(tree)`: the tree from its flat form (an array of `[path, value]` pairs or a plain
 * object `{ path: value }`). A level whose keys are all integers is a JS array (missing indices are `{}`, as in
 * Python); otherwise a plain object.
 */
export function treeUnflatten(...args: unknown[]): any {
  const [tree] = bindTree('utils.treeUnflatten', ['tree'], 1, args);
  let items: [string, unknown][];
  if (isList(tree)) {
    items = tree.map((p, i) => {
      if (!isList(p) || p.length !== 2) throw new TypeError(`utils.treeUnflatten: item ${i} is not a [key, value] pair`);
      if (typeof p[0] !== 'string') throw new TypeError(`utils.treeUnflatten: the key of item ${i} is not a string`);
      return [p[0], p[1]];
    });
  } else if (isDict(tree)) {
    items = Object.entries(tree);
  } else {
    throw new TypeError('utils.treeUnflatten: the flat tree must be an array of [key, value] pairs or a plain object');
  }
  return unflatten(items);
}

const INT_RE = /^\s*[-+]?\d+(_\d+)*\s*$/; // what Python's int() accepts (decimal)

function unflatten(items: [string, unknown][]): unknown {
  if (items.length === 1 && items[0][0] === '') return items[0][1];
  const children = new Map<string, [string, unknown][]>();
  for (const [key, value] of items) {
    const dot = key.indexOf('.');
    const cur = dot < 0 ? key : key.slice(0, dot);
    const next = dot < 0 ? '' : key.slice(dot + 1);
    let list = children.get(cur);
    if (!list) children.set(cur, (list = []));
    list.push([next, value]);
  }
  const keys = new Map<number, string>();
  let isListLevel = true;
  for (const idx of children.keys()) {
    if (!INT_RE.test(idx)) { isListLevel = false; break; }
    keys.set(Number(idx.replace(/_/g, '')), idx);
  }
  if (isListLevel && keys.size === children.size) {
    const out: unknown[] = [];
    for (const [i, k] of [...keys.entries()].sort((a, b) => a[0] - b[0])) {
      while (out.length < i) out.push({});
      out.push(unflatten(children.get(k)!));
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of children) out[k] = unflatten(v);
  return out;
}

/**
 * Python's `tree_reduce(fn, tree, initializer=None, is_leaf=None)`: `fn(acc, leaf)` over the leaves in order,
 * starting from `initializer` (or the first leaf when it is null/undefined).
 */
export function treeReduce(...args: unknown[]): any {
  const [fn, tree, initializer, isLeaf] = bindTree('utils.treeReduce', ['fn', 'tree', 'initializer', 'isLeaf'], 2, args);
  checkFn('utils.treeReduce', 'fn', fn);
  checkFn('utils.treeReduce', 'isLeaf', isLeaf, true);
  const f = fn as Fn;
  const leafP = (isLeaf as Fn | null | undefined) ?? null;
  const none = (x: unknown) => x === undefined || x === null;
  const reduce = (t: unknown, acc: unknown): unknown => {
    if (leafP && leafP(t)) return none(acc) ? t : f(acc, t);
    if (isList(t)) { for (const x of t) acc = reduce(x, acc); return acc; }
    if (isDict(t)) { for (const k of Object.keys(t)) acc = reduce(t[k], acc); return acc; }
    return none(acc) ? t : f(acc, t);
  };
  return reduce(tree, initializer ?? null);
}

/**
 * Python's `tree_merge(tree_a, tree_b, merge_fn=None)`: a deep merge of two trees (empty containers count as
 * absent); leaves present in both are combined by `mergeFn(a, b)`, an error without it.
 */
export function treeMerge(...args: unknown[]): any {
  const [a, b, mergeFn] = bindTree('utils.treeMerge', ['treeA', 'treeB', 'mergeFn'], 2, args);
  checkFn('utils.treeMerge', 'mergeFn', mergeFn, true);
  return merge(a, b, (mergeFn as Fn | null | undefined) ?? null);
}

function merge(a: unknown, b: unknown, mergeFn: Fn | null): unknown {
  const empty = (x: unknown) => (isList(x) && x.length === 0) || (isDict(x) && Object.keys(x).length === 0);
  const kind = (x: unknown) => (isList(x) ? 'list' : 'dict');
  const ea = empty(a), eb = empty(b);
  if (ea && eb) {
    if (kind(a) !== kind(b)) throw new MLXError(`utils.treeMerge: Cannot merge ${kind(a)} with ${kind(b)}`);
    return isList(a) ? [] : {};
  }
  if (ea) a = null;
  if (eb) b = null;
  const none = (x: unknown) => x === null || x === undefined;
  if (none(a) && !none(b)) return b;
  if (!none(a) && none(b)) return a;
  if (isList(a) && isList(b)) {
    const n = Math.max(a.length, b.length);
    return Array.from({ length: n }, (_, i) => merge(a[i] ?? null, b[i] ?? null, mergeFn));
  }
  if (isDict(a) && isDict(b)) {
    const out: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) out[k] = merge(a[k] ?? null, b[k] ?? null, mergeFn);
    return out;
  }
  if (mergeFn === null) throw new MLXError('utils.treeMerge: Trees contain elements at the same locations but no merge function was provided');
  return mergeFn(a, b);
}

type Pairs = [string, any][];
type Flat = Record<string, any>;
/** The typed face of the tree helpers (the implementations bind Python's arguments at run time). */
export interface UtilsFunctions {
  treeFlatten: {
    (tree: unknown, kw?: { prefix?: string; isLeaf?: IsLeaf; destination?: Pairs | null }): Pairs;
    (tree: unknown, kw: { prefix?: string; isLeaf?: IsLeaf; destination: Flat }): Flat;
    (tree: unknown, prefix?: string, isLeaf?: IsLeaf, destination?: Pairs | null): Pairs;
    (tree: unknown, prefix: string, isLeaf: IsLeaf | undefined, destination: Flat): Flat;
  };
  treeUnflatten: (tree: Pairs | Flat) => any;
  /** `treeMap(fn, tree, ...rest, { isLeaf })`: the trailing keyword object is optional. */
  treeMap: (fn: (leaf: any, ...rest: any[]) => unknown, tree: unknown, ...rest: unknown[]) => any;
  /** `treeMapWithPath(fn, tree, ...rest, { isLeaf, path })`. */
  treeMapWithPath: (fn: (path: string | null, leaf: any, ...rest: any[]) => unknown, tree: unknown, ...rest: unknown[]) => any;
  treeReduce: {
    <T>(fn: (acc: T, leaf: any) => T, tree: unknown, initializer: T, isLeaf?: IsLeaf): T;
    <T>(fn: (acc: T, leaf: any) => T, tree: unknown, kw?: { initializer?: T | null; isLeaf?: IsLeaf }): T;
  };
  treeMerge: (treeA: unknown, treeB: unknown, mergeFn?: ((a: any, b: any) => unknown) | null | { mergeFn?: ((a: any, b: any) => unknown) | null }) => any;
}

/** Python's `mlx.utils` (the tree helpers). */
export const utils: Readonly<UtilsFunctions> = Object.freeze({
  treeFlatten, treeUnflatten, treeMap, treeMapWithPath, treeReduce, treeMerge,
} as unknown as UtilsFunctions);
export type Utils = typeof utils;
