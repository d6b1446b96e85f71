// Array lifetimes: mx.tidy scopes and mx.dispose. An async tidy's scope is
// found through AsyncLocalStorage, so it only captures arrays created in its
// own async context, never another concurrent request's. While no async
// scope is pending, the innermost synchronous scope is a plain variable:
// every op asks for the current scope, so that lookup must cost nothing.
import { AsyncLocalStorage } from 'node:async_hooks';
import { native } from './native';
import type { MxArray } from './array';

export interface Scope {
  arrays: MxArray[];
  parent: Scope | undefined;
}

const storage = new AsyncLocalStorage<Scope>();
let syncScope: Scope | undefined; // the scope whose fn is running right now (synchronously)
let pendingAsync = 0; // async scopes whose promise has not settled

/** @internal the scope new arrays belong to, if any */
export function currentScope(): Scope | undefined {
  return pendingAsync === 0 ? syncScope : storage.getStore();
}

/** Visits every array in a tree of arrays, plain objects, Maps and Sets. */
export function forEachArray(tree: unknown, visit: (a: MxArray) => void, isArray: (x: unknown) => x is MxArray, seen = new Set<unknown>()): void {
  if (isArray(tree)) return visit(tree);
  if (tree === null || typeof tree !== 'object' || seen.has(tree)) return;
  seen.add(tree);
  if (Array.isArray(tree)) {
    // A sparse list can claim 2**32 - 1 elements: its own indices only, not
    // billions of holes (a dense list's keys are its indices, in order).
    if (tree.length > 1 << 24) for (const k of Object.keys(tree)) forEachArray((tree as unknown as Record<string, unknown>)[k], visit, isArray, seen);
    else for (const x of tree) forEachArray(x, visit, isArray, seen);
  }
  else if (tree instanceof Map) for (const x of tree.values()) forEachArray(x, visit, isArray, seen);
  else if (tree instanceof Set) for (const x of tree) forEachArray(x, visit, isArray, seen);
  else {
    const proto = Object.getPrototypeOf(tree);
    if (proto === Object.prototype || proto === null) for (const k of Object.keys(tree)) forEachArray((tree as Record<string, unknown>)[k], visit, isArray, seen);
  }
}

export function runScoped<T>(fn: () => T, isArray: (x: unknown) => x is MxArray): T {
  const scope: Scope = { arrays: [], parent: currentScope() };
  const outer = syncScope;
  syncScope = scope;
  let result: T;
  try {
    result = storage.run(scope, fn);
  } catch (e) {
    syncScope = outer;
    release(scope, undefined, isArray);
    throw e;
  }
  syncScope = outer;
  if (result instanceof Promise) {
    pendingAsync++;
    return result.then(
      (value) => {
        pendingAsync--;
        release(scope, value, isArray);
        return value;
      },
      (err) => {
        pendingAsync--;
        release(scope, undefined, isArray);
        throw err;
      },
    ) as T;
  }
  release(scope, result, isArray);
  return result;
}

let freeBuffer = new Int32Array(1024); // handles to free, reused across scopes

// Frees the scope's arrays in one native call. Returned arrays go to the
// enclosing scope, or get their finalizers when no scope encloses them.
function release(scope: Scope, keep: unknown, isArray: (x: unknown) => x is MxArray): void {
  const arrays = scope.arrays;
  scope.arrays = [];
  let kept: Set<MxArray> | undefined;
  if (keep !== undefined && keep !== null) {
    kept = new Set<MxArray>();
    forEachArray(keep, (a) => kept!.add(a), isArray);
    if (kept.size === 0) kept = undefined;
  }
  if (freeBuffer.length < arrays.length) freeBuffer = new Int32Array(Math.max(arrays.length, 2 * freeBuffer.length));
  const freed = freeBuffer;
  let nFreed = 0;
  const escaped: MxArray[] = [];
  for (let k = 0; k < arrays.length; k++) {
    const a = arrays[k];
    if (kept !== undefined && kept.has(a)) {
      if (scope.parent !== undefined) scope.parent.arrays.push(a);
      else escaped.push(a);
    } else if (a._i !== -1) {
      freed[nFreed++] = a._i;
      a._i = -1;
    }
  }
  if (nFreed > 0) native.disposeMany(freed, nFreed);
  if (escaped.length > 0) native.adopt(escaped, escaped.map((a) => a._i));
}
