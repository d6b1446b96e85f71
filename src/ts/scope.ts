// Array lifetimes: mx.tidy scopes and mx.dispose. A scope is found through
// AsyncLocalStorage, so an async tidy only captures arrays created in its own
// async context, never another concurrent request's.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MxArray } from './array';

interface Scope {
  arrays: MxArray[];
  parent: Scope | undefined;
}

const storage = new AsyncLocalStorage<Scope>();
let openScopes = 0; // skip the storage lookup entirely when no tidy is running

/** @internal called for every new array */
export function track(a: MxArray): void {
  if (openScopes === 0) return;
  const s = storage.getStore();
  if (s) s.arrays.push(a);
}

/** Visits every array in a tree of arrays, plain objects, Maps and Sets. */
export function forEachArray(tree: unknown, visit: (a: MxArray) => void, isArray: (x: unknown) => x is MxArray, seen = new Set<unknown>()): void {
  if (isArray(tree)) return visit(tree);
  if (tree === null || typeof tree !== 'object' || seen.has(tree)) return;
  seen.add(tree);
  if (Array.isArray(tree)) for (const x of tree) forEachArray(x, visit, isArray, seen);
  else if (tree instanceof Map) for (const x of tree.values()) forEachArray(x, visit, isArray, seen);
  else if (tree instanceof Set) for (const x of tree) forEachArray(x, visit, isArray, seen);
  else {
    const proto = Object.getPrototypeOf(tree);
    if (proto === Object.prototype || proto === null) for (const k of Object.keys(tree)) forEachArray((tree as Record<string, unknown>)[k], visit, isArray, seen);
  }
}

export function runScoped<T>(fn: () => T, isArray: (x: unknown) => x is MxArray): T {
  const scope: Scope = { arrays: [], parent: storage.getStore() };
  openScopes++;
  let result: T;
  try {
    result = storage.run(scope, fn);
  } catch (e) {
    openScopes--;
    release(scope, undefined, isArray);
    throw e;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        openScopes--;
        release(scope, value, isArray);
        return value;
      },
      (err) => {
        openScopes--;
        release(scope, undefined, isArray);
        throw err;
      },
    ) as T;
  }
  openScopes--;
  release(scope, result, isArray);
  return result;
}

function release(scope: Scope, keep: unknown, isArray: (x: unknown) => x is MxArray): void {
  const kept = new Set<MxArray>();
  forEachArray(keep, (a) => kept.add(a), isArray);
  for (const a of scope.arrays) {
    if (kept.has(a)) scope.parent?.arrays.push(a); // returned arrays belong to the enclosing scope
    else a.dispose();
  }
  scope.arrays.length = 0;
}
