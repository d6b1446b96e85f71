// Evaluation, lifetimes and memory: mx.eval, mx.asyncEval, mx.tidy,
// mx.dispose and Python's memory functions under the names docs/python-to-js.md gives them.
import { native } from './native';
import { MxArray } from './array';
import { forEachArray, runScoped } from './scope';

const isArray = (x: unknown): x is MxArray => x instanceof MxArray;

function handles(trees: unknown[]): number[] {
  const out: number[] = [];
  // The common call, mx.eval(a, b, ...) on arrays only, without the tree walk.
  for (let k = 0; k < trees.length; k++) {
    const t = trees[k];
    if (!isArray(t)) {
      out.length = 0;
      forEachArray(trees, (a) => out.push(a._i), isArray);
      return out;
    }
    out.push(t._i);
  }
  return out;
}

/** Evaluates every array in the given trees (arrays, objects, Maps); other leaves are ignored, as in Python. */
export function evaluate(...trees: unknown[]): void {
  native.eval(handles(trees));
}

/**
 * Starts evaluation and resolves once every array is ready; the event loop
 * keeps running meanwhile. Completion is polled on this thread: a few
 * immediate checks (short graphs finish within microseconds), then a 1 ms
 * timer, so a long computation costs the loop almost nothing.
 */
export function asyncEval(...trees: unknown[]): Promise<void> {
  let pending: object;
  try {
    pending = native.asyncEvalStart(handles(trees));
  } catch (e) {
    return Promise.reject(e);
  }
  return new Promise((resolve, reject) => {
    let polls = 0;
    const poll = () => {
      try {
        if (native.asyncEvalPoll(pending)) return resolve();
      } catch (e) {
        return reject(e);
      }
      if (++polls < 4) setImmediate(poll);
      else setTimeout(poll, 1);
    };
    setImmediate(poll);
  });
}

/**
 * Runs `fn` and disposes every array created during it except those in its
 * result (a tree). An async `fn` is scoped to its own async context.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`mx.tidy: parameter 'fn' expected a function`);
  return runScoped(fn, isArray);
}

/** Disposes every array in the given trees. */
export function dispose(...trees: unknown[]): void {
  forEachArray(trees, (a) => a.dispose(), isArray);
}
