// Private tree helpers for the optimizers (Python's mlx.utils tree_map,
// tree_flatten, tree_unflatten, tree_reduce, tree_merge over plain objects and
// JS arrays). Kept here so this folder stands alone; the shared versions live
// in mlx-node's utils.
import { MxArray } from '../array';
import { native } from '../native';
import { currentScope, forEachArray } from '../scope';

/** @internal a plain object (a Python dict in a tree) */
export function isDict(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

const isNode = (x: unknown): boolean => Array.isArray(x) || isDict(x);

/** @internal Python's tree_map: `rest` are supersets of `tree`, indexed by its keys. */
export function treeMap(fn: (...leaves: any[]) => unknown, tree: unknown, ...rest: any[]): unknown {
  if (Array.isArray(tree)) return tree.map((child, i) => treeMap(fn, child, ...rest.map((r) => r[i])));
  if (isDict(tree)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(tree)) out[k] = treeMap(fn, tree[k], ...rest.map((r) => r[k]));
    return out;
  }
  return fn(tree, ...rest);
}

/** @internal Python's tree_flatten: [path, leaf] pairs with dotted paths. */
export function treeFlatten(tree: unknown, prefix = '', out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(tree)) tree.forEach((x, i) => treeFlatten(x, `${prefix}.${i}`, out));
  else if (isDict(tree)) for (const k of Object.keys(tree)) treeFlatten(tree[k], `${prefix}.${k}`, out);
  else out.push([prefix.slice(1), tree]);
  return out;
}

/** @internal Python's tree_unflatten: keys that are all integers make a list. */
export function treeUnflatten(items: [string, unknown][]): unknown {
  if (items.length === 1 && items[0][0] === '') return items[0][1];
  const children = new Map<string, [string, unknown][]>();
  for (const [key, value] of items) {
    const dot = key.indexOf('.');
    const head = dot < 0 ? key : key.slice(0, dot);
    const tail = dot < 0 ? '' : key.slice(dot + 1);
    if (!children.has(head)) children.set(head, []);
    children.get(head)!.push([tail, value]);
  }
  const heads = [...children.keys()];
  if (heads.length > 0 && heads.every((h) => /^-?\d+$/.test(h.trim()))) {
    const list: unknown[] = [];
    for (const h of heads.sort((a, b) => Number(a) - Number(b))) {
      while (list.length < Number(h)) list.push({});
      list.push(treeUnflatten(children.get(h)!));
    }
    return list;
  }
  const out: Record<string, unknown> = {};
  for (const h of heads) out[h] = treeUnflatten(children.get(h)!);
  return out;
}

/** @internal Python's tree_reduce with an initializer. */
export function treeReduce<T>(fn: (acc: T, leaf: any) => T, tree: unknown, acc: T): T {
  if (Array.isArray(tree)) for (const x of tree) acc = treeReduce(fn, x, acc);
  else if (isDict(tree)) for (const k of Object.keys(tree)) acc = treeReduce(fn, tree[k], acc);
  else acc = fn(acc, tree);
  return acc;
}

/** @internal Python's tree_merge without a merge function. */
export function treeMerge(a: unknown, b: unknown): unknown {
  const emptyA = isNode(a) && Object.keys(a as object).length === 0;
  const emptyB = isNode(b) && Object.keys(b as object).length === 0;
  if (emptyA && emptyB) {
    if (Array.isArray(a) !== Array.isArray(b)) throw new TypeError('Cannot merge a list with a dict');
    return Array.isArray(a) ? [] : {};
  }
  if (emptyA) a = undefined;
  if (emptyB) b = undefined;
  if (a == null && b != null) return b;
  if (a != null && b == null) return a;
  if (Array.isArray(a) && Array.isArray(b))
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => treeMerge(a[i], b[i]));
  if (isDict(a) && isDict(b)) {
    const out: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) out[k] = treeMerge(a[k], b[k]);
    return out;
  }
  throw new TypeError('Trees contain elements at the same locations but no merge function was provided');
}

const isArray = (x: unknown): x is MxArray => x instanceof MxArray;

/**
 * @internal The arrays of `tree` made inside the current mx.tidy scope leave it
 * (they get finalizers): optimizer state and updated parameters outlive the
 * step that made them, as in Python.
 */
export function persist(tree: unknown): void {
  const scope = currentScope();
  if (scope === undefined) return;
  const keep = new Set<MxArray>();
  forEachArray(tree, (a) => keep.add(a), isArray);
  if (keep.size === 0) return;
  const escaped: MxArray[] = [];
  const rest: MxArray[] = [];
  for (const a of scope.arrays) (keep.has(a) ? escaped : rest).push(a);
  if (escaped.length === 0) return;
  scope.arrays = rest;
  native.adopt(escaped, escaped.map((a) => a._i));
}
