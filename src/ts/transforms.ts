// Function transforms: grad, value_and_grad, vjp, jvp, vmap, compile, custom_function, checkpoint, stop_gradient: the parts written in TypeScript.
// `transformsApi` is spread into the mx namespace by index.ts; named exports of this
// file are re-exported from the package.
//
// Trees (JS arrays and plain objects of arrays) are flattened and rebuilt
// here; the natives (src/native/ops/transforms.cc) see flat lists of array
// handles and call back a *trampoline* made by `trampoline()`: it wraps the
// handles MLX passes, runs the user's function in a scope that records every
// array made during the call, and hands back the output handles plus the
// handles to free once MLX has read them. Arrays made inside a transformed
// function therefore never outlive the call (keep a value by returning it).
import { native, OpDescription } from './native';
import { MxArray, adoptTree, scratch, DISPOSED } from './array';
import { bindArgs, isKwargs } from './args';
import { MLXError } from './errors';
import { currentScope, runScoped } from './scope';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Fn = (...args: any[]) => any;

/** A tree of arrays: an array, or JS arrays and plain objects of trees. Other leaves are constants. */
export type Tree = MxArray | readonly Tree[] | { readonly [key: string]: Tree } | number | boolean | string | null | undefined;

const nativeFns: Record<string, Fn> = {};
for (const op of native.tables.core as OpDescription[]) if (!op.function && op.name.startsWith('tf_')) nativeFns[op.name.slice(3)] = op.fn;
const nat = (name: string, ...args: any[]): any => nativeFns[name](undefined, 0, ...args);

const isArray = (x: unknown): x is MxArray => x instanceof MxArray;
const isNode = (x: unknown): x is object => Array.isArray(x) || isKwargs(x);

function typeName(x: unknown): string {
  if (x === null || x === undefined) return 'NoneType';
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float';
  if (typeof x === 'boolean') return 'bool';
  if (typeof x === 'string') return 'str';
  if (Array.isArray(x)) return 'list';
  if (isKwargs(x)) return 'dict';
  if (typeof x === 'function') return 'function';
  return (x as object).constructor?.name ?? typeof x;
}

/** Appends the array leaves of `tree` to `out`; other leaves are skipped, or refused when `strict`. */
function flatten(tree: unknown, out: MxArray[], strict: boolean, msg = '[tree_flatten] The argument should contain only arrays'): MxArray[] {
  if (isArray(tree)) out.push(tree);
  else if (Array.isArray(tree)) for (const x of tree) flatten(x, out, strict, msg);
  else if (isKwargs(tree)) for (const k of Object.keys(tree)) flatten((tree as any)[k], out, strict, msg);
  else if (strict) throw new MLXError(msg);
  return out;
}

/** `tree` with its array leaves replaced, in order, by `values[pos.i++]` (Python's tree_unflatten). */
function fill(tree: unknown, values: readonly unknown[], pos: { i: number }): any {
  if (isArray(tree)) return values[pos.i++];
  if (Array.isArray(tree)) return tree.map((x) => fill(x, values, pos));
  if (isKwargs(tree)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(tree)) o[k] = fill((tree as any)[k], values, pos);
    return o;
  }
  return tree;
}

/** Replaces, in place, the array leaves of the containers of `tree` by `values` (Python's tree_fill on captured state). */
function fillInPlace(tree: unknown, values: readonly MxArray[], pos: { i: number }): void {
  if (Array.isArray(tree)) {
    for (let k = 0; k < tree.length; k++) {
      if (isArray(tree[k])) tree[k] = values[pos.i++];
      else fillInPlace(tree[k], values, pos);
    }
  } else if (isKwargs(tree)) {
    const o = tree as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (isArray(o[k])) o[k] = values[pos.i++];
      else fillInPlace(o[k], values, pos);
    }
  }
}

/** Puts `originals` back where the containers of `tree` still hold the tracers (Python's tree_replace). */
function restoreTracers(tree: unknown, tracers: readonly MxArray[], originals: readonly MxArray[], pos: { i: number }): void {
  const visit = (get: () => unknown, set: (v: unknown) => void) => {
    const v = get();
    if (isArray(v)) {
      const k = pos.i++;
      if (v === tracers[k]) set(originals[k]);
    } else restoreTracers(v, tracers, originals, pos);
  };
  if (Array.isArray(tree)) for (let k = 0; k < tree.length; k++) visit(() => tree[k], (v) => (tree[k] = v));
  else if (isKwargs(tree)) {
    const o = tree as Record<string, unknown>;
    for (const k of Object.keys(o)) visit(() => o[k], (v) => (o[k] = v));
  }
}

// `rest` ends with `wrapIn(handles)`: wraps more handles MLX passed (cotangents,
// outputs), freed with the inputs once the outputs are read.
type Body = (ins: MxArray[], ...rest: any[]) => { outs: MxArray[]; extra?: number[] };

/**
 * The JS side of a native callback: `handles` are slots MLX made for this
 * call; returns [outputHandles, handlesToFree, extra].
 */
function trampoline(body: Body): Fn {
  return function (handles: number[], ...rest: any[]) {
    const ins = handles.map((h) => new MxArray(h));
    const wrapIn = (hs: number[]) => {
      const w = hs.map((h) => new MxArray(h));
      ins.push(...w);
      return w;
    };
    let created: MxArray[] = [];
    let r: { outs: MxArray[]; extra?: number[] };
    try {
      runScoped(() => {
        try {
          r = body(ins.slice(), ...rest, wrapIn);
        } finally {
          created = currentScope()!.arrays.splice(0);
        }
        return undefined;
      }, isArray);
    } catch (e) {
      for (const a of created) a.dispose();
      for (const a of ins) a.dispose();
      throw e;
    }
    const outs = r!.outs.map((a) => {
      if (a._i === -1) throw new TypeError('mx transforms: the function returned a disposed array');
      return a._i;
    });
    const free: number[] = [];
    for (const a of ins) if (a._i !== -1) (free.push(a._i), (a._i = -1));
    for (const a of created) if (a._i !== -1) (free.push(a._i), (a._i = -1));
    return [outs, free, r!.extra];
  };
}

/**
 * bindArgs, except that a trailing plain object is the keyword object only
 * when its keys are parameter names: `mx.vmap(f, { a: 0 })` passes an axes tree.
 */
function bindLoose(label: string, names: string[], required: number, args: unknown[]): unknown[] {
  const last = args[args.length - 1];
  if (isKwargs(last) && !Object.keys(last).every((k) => names.includes(k)))
    return bindArgs(label, names, required, [...args, {}]);
  return bindArgs(label, names, required, args);
}

const handlesOf = (arrays: readonly MxArray[]): number[] => arrays.map((a) => a._i);
const wrap = (handles: number[]): MxArray[] => adoptTree(handles) as MxArray[];

function checkFunction(label: string, fun: unknown): asserts fun is Fn {
  if (typeof fun !== 'function') throw new TypeError(`${label}: parameter 'fun' expected a function`);
}

function arrayList(label: string, name: string, v: unknown): MxArray[] {
  if (!Array.isArray(v) || !v.every(isArray)) throw new TypeError(`${label}: parameter '${name}' expected a list of mx.array`);
  return v as MxArray[];
}

/** Output of fun for vjp/jvp: an array or a list of arrays. */
function arrayOutputs(label: string, out: unknown): MxArray[] {
  if (isArray(out)) return [out];
  if (Array.isArray(out) && out.every(isArray)) return out;
  throw new TypeError(`${label}: the function must return an mx.array or a list of mx.array (got ${typeName(out)})`);
}

/** Python's `mx.vjp(fun, primals, cotangents)`: [outputs, vjps], both lists. */
export function vjp(fun: (...primals: MxArray[]) => MxArray | MxArray[], primals: MxArray[], cotangents: MxArray[]): [MxArray[], MxArray[]];
export function vjp(...args: unknown[]): [MxArray[], MxArray[]] {
  const [fun, p, c] = bindArgs('mx.vjp', ['fun', 'primals', 'cotangents'], 3, args);
  checkFunction('mx.vjp', fun);
  const primals = arrayList('mx.vjp', 'primals', p);
  const cots = arrayList('mx.vjp', 'cotangents', c);
  const t = trampoline((ins) => ({ outs: arrayOutputs('mx.vjp', fun(...ins)) }));
  const [o, v] = nat('vjp', t, handlesOf(primals), handlesOf(cots));
  return [wrap(o), wrap(v)];
}

/** Python's `mx.jvp(fun, primals, tangents)`: [outputs, jvps], both lists. */
export function jvp(fun: (...primals: MxArray[]) => MxArray | MxArray[], primals: MxArray[], tangents: MxArray[]): [MxArray[], MxArray[]];
export function jvp(...args: unknown[]): [MxArray[], MxArray[]] {
  const [fun, p, t0] = bindArgs('mx.jvp', ['fun', 'primals', 'tangents'], 3, args);
  checkFunction('mx.jvp', fun);
  const primals = arrayList('mx.jvp', 'primals', p);
  const tans = arrayList('mx.jvp', 'tangents', t0);
  const t = trampoline((ins) => ({ outs: arrayOutputs('mx.jvp', fun(...ins)) }));
  const [o, v] = nat('jvp', t, handlesOf(primals), handlesOf(tans));
  return [wrap(o), wrap(v)];
}

function argSpec(label: string, argnums: unknown, argnames: unknown): [number[], string[]] {
  let names: string[];
  if (argnames === undefined || argnames === null) names = [];
  else if (typeof argnames === 'string') names = [argnames];
  else if (Array.isArray(argnames) && argnames.every((s) => typeof s === 'string')) names = [...new Set(argnames as string[])];
  else throw new TypeError(`${label}: parameter 'argnames' expected a string or a list of strings`);
  let nums: number[];
  if (argnums === undefined || argnums === null) nums = names.length > 0 ? [] : [0];
  else if (typeof argnums === 'number' && Number.isInteger(argnums)) nums = [argnums];
  else if (Array.isArray(argnums) && argnums.every((n) => typeof n === 'number' && Number.isInteger(n))) nums = [...argnums];
  else throw new TypeError(`${label}: parameter 'argnums' expected an integer or a list of integers`);
  const tag = label === 'mx.grad' ? '[grad]' : '[value_and_grad]';
  if (nums.length === 0 && names.length === 0) throw new MLXError(`${tag} Gradient wrt no argument requested`);
  nums.sort((a, b) => a - b);
  if (nums.length > 0 && nums[0] < 0) throw new MLXError(`${tag} Can't compute the gradient of negative argument index ${nums[0]}`);
  for (let i = 1; i < nums.length; i++)
    if (nums[i] === nums[i - 1]) throw new MLXError(`${tag} Duplicate argument index ${nums[0]} is not allowed.`);
  return [nums, names];
}

function makeValueAndGrad(label: string, fun: Fn, argnums: number[], argnames: string[], scalarOnly: boolean) {
  const tag = scalarOnly ? '[grad]' : '[value_and_grad]';
  return function (...callArgs: unknown[]): [unknown, unknown] {
    let args = callArgs;
    let kw: Record<string, unknown> | undefined;
    if (argnames.length > 0 && args.length > 0 && isKwargs(args[args.length - 1])) {
      kw = args[args.length - 1] as Record<string, unknown>;
      args = args.slice(0, -1);
    }
    if (argnums.length > 0 && argnums[argnums.length - 1] >= args.length)
      throw new MLXError(`${tag} Can't compute the gradient of argument index ${argnums[argnums.length - 1]} because the function is called with only ${args.length} positional arguments.`);
    for (const k of argnames)
      if (kw === undefined || !Object.prototype.hasOwnProperty.call(kw, k))
        throw new MLXError(`${tag} Can't compute the gradient of keyword argument '${k}' because the function is called with the following keyword arguments {${Object.keys(kw ?? {}).map((s) => s + ',').join('')}}`);
    const flat: MxArray[] = [];
    const counts: number[] = [0];
    for (const i of argnums) counts.push(flatten(args[i], flat, true).length);
    const kwKeys = kw ? Object.keys(kw).filter((k) => argnames.includes(k)) : [];
    for (const k of kwKeys) counts.push(flatten(kw![k], flat, true).length);
    let valueOut: unknown;
    const t = trampoline((ins) => {
      const pos = { i: 0 };
      const newArgs = args.slice();
      for (const i of argnums) newArgs[i] = fill(args[i], ins, pos);
      let newKw = kw;
      if (kw) {
        newKw = { ...kw };
        for (const k of kwKeys) newKw[k] = fill(kw[k], ins, pos);
      }
      const out = newKw ? fun(...newArgs, newKw) : fun(...newArgs);
      valueOut = out;
      if (!isArray(out)) {
        if (scalarOnly)
          throw new MLXError(`${tag} The return value of the function whose gradient we want to compute should be a scalar array; but ${typeName(out)} was returned.`);
        if (!Array.isArray(out))
          throw new MLXError(`${tag} The return value of the function whose gradient we want to compute should be either a scalar array or a tuple with the first value being a scalar array (Union[array, tuple[array, Any, ...]]); but ${typeName(out)} was returned.`);
        if (out.length === 0)
          throw new MLXError(`${tag} The return value of the function whose gradient we want to compute should be either a scalar array or a non-empty tuple. The first value should be a scalar array and the rest can be anything. Instead, we got an empty tuple.`);
        if (!isArray(out[0]))
          throw new MLXError(`${tag} The return value of the function whose gradient we want to compute should be either a scalar array or a tuple with the first value being a scalar array (Union[array, tuple[array, Any, ...]]); but it was a tuple with the first value being of type ${typeName(out[0])} .`);
      }
      return { outs: flatten(out, [], false) };
    });
    const [vh, gh] = nat('value_and_grad', t, handlesOf(flat));
    const vals = wrap(vh);
    const grads = wrap(gh);
    const value = fill(valueOut, vals, { i: 0 });
    const pos = { i: 0 };
    let positional: unknown = null;
    if (argnums.length === 1) positional = fill(args[argnums[0]], grads, pos);
    else if (argnums.length > 1) positional = argnums.map((i) => fill(args[i], grads, pos));
    if (argnames.length === 0) return [value, positional];
    const kwGrads: Record<string, unknown> = {};
    for (const k of kwKeys) kwGrads[k] = fill(kw![k], grads, pos);
    return [value, [positional, kwGrads]];
  };
}

type ArgSpec = { argnums?: number | number[] | null; argnames?: string | string[] };

/**
 * Python's `mx.value_and_grad(fun, argnums=None, argnames=[])`: a function
 * returning [value, grads]. With `argnames`, keyword arguments of `fun` are
 * its trailing plain object, and grads is [positionalGrads, {name: grad}].
 */
export function valueAndGrad(fun: Fn, argnums?: number | number[] | null | ArgSpec, argnames?: string | string[] | ArgSpec): (...args: any[]) => [any, any];
export function valueAndGrad(...args: unknown[]): Fn {
  const [fun, nums, names] = bindArgs('mx.valueAndGrad', ['fun', 'argnums', 'argnames'], 1, args);
  checkFunction('mx.valueAndGrad', fun);
  const [n, a] = argSpec('mx.valueAndGrad', nums, names);
  return makeValueAndGrad('mx.valueAndGrad', fun, n, a, false);
}

/** Python's `mx.grad(fun, argnums=None, argnames=[])`: a function returning the gradients. */
export function grad(fun: Fn, argnums?: number | number[] | null | ArgSpec, argnames?: string | string[] | ArgSpec): (...args: any[]) => any;
export function grad(...args: unknown[]): Fn {
  const [fun, nums, names] = bindArgs('mx.grad', ['fun', 'argnums', 'argnames'], 1, args);
  checkFunction('mx.grad', fun);
  const [n, a] = argSpec('mx.grad', nums, names);
  const vg = makeValueAndGrad('mx.grad', fun, n, a, true);
  return (...callArgs: unknown[]) => vg(...callArgs)[1];
}

const seenTuple = { hit: false };
const PREFIX_MSG = '[tree_map] Additional input tree is not a valid prefix of the first tree.';

/** Flat vmap axes for `tree` (the argument list, or the single argument) from `axes`. */
function axesOf(tree: unknown, axes: unknown, output: boolean): number[] {
  seenTuple.hit = false;
  const out: number[] = [];
  flatAxes(tree, axes, output, out);
  if (seenTuple.hit && !isArray(tree)) throw new MLXError('[vmap] axis must be int or None.');
  return out;
}

/** Flat vmap axes for `tree` from the axes tree `axes` (a prefix of it). */
function flatAxes(tree: unknown, axes: unknown, output: boolean, out: number[]): void {
  if (isArray(tree)) {
    if (axes === null || axes === undefined) return void out.push(-1);
    if (typeof axes === 'number' && Number.isInteger(axes)) {
      const nd = tree.ndim + (output ? 1 : 0);
      let ax = axes;
      if (ax < 0) ax += nd;
      if (ax < 0 || ax >= nd)
        throw new RangeError(`[vmap] Invalid${output ? ' output ' : ' '}vectorization axis ${ax} for array with shape (${tree.shape.join(',')})`);
      return void out.push(ax);
    }
    if (Array.isArray(axes) && axes.length === 1 && (axes[0] === null || Number.isInteger(axes[0]))) {
      // Python's one-element tuple at an array leaf
      seenTuple.hit = true;
      return flatAxes(tree, axes[0], output, out);
    }
    throw new MLXError('[vmap] axis must be int or None.');
  }
  if (isNode(tree)) {
    if (axes === null || axes === undefined || typeof axes === 'number') {
      for (const leaf of flatten(tree, [], true, '[vmap] The arguments should contain only arrays')) flatAxes(leaf, axes, output, out);
      return;
    }
    if (Array.isArray(tree)) {
      if (!Array.isArray(axes) || axes.length !== tree.length)
        throw new MLXError(PREFIX_MSG);
      tree.forEach((x, k) => flatAxes(x, axes[k], output, out));
      return;
    }
    if (!isKwargs(axes)) throw new MLXError(PREFIX_MSG);
    for (const k of Object.keys(tree)) {
      if (!Object.prototype.hasOwnProperty.call(axes, k))
        throw new MLXError(PREFIX_MSG);
      flatAxes((tree as any)[k], (axes as any)[k], output, out);
    }
    return;
  }
  throw new MLXError('[vmap] The arguments should contain only arrays');
}

/**
 * Python's `mx.vmap(fun, in_axes=0, out_axes=0)`: in/out axes are an int,
 * null, or a tree matching the arguments (a list, one entry per argument) /
 * the outputs.
 */
export function vmap(fun: Fn, inAxes?: unknown, outAxes?: unknown): Fn;
export function vmap(...args: unknown[]): Fn {
  const [fun, inA, outA] = bindLoose('mx.vmap', ['fun', 'inAxes', 'outAxes'], 1, args);
  checkFunction('mx.vmap', fun);
  const inAxes = inA === undefined ? 0 : inA;
  const outAxes = outA === undefined ? 0 : outA;
  return function (...callArgs: unknown[]) {
    const inputs = flatten(callArgs, [], true);
    const flatIn = axesOf(callArgs.length === 1 ? callArgs[0] : callArgs, inAxes, false);
    let outTree: unknown;
    const t = trampoline((ins) => {
      const out = fun(...fill(callArgs, ins, { i: 0 }));
      outTree = out;
      return { outs: flatten(out, [], true, '[vmap] The arguments should contain only arrays') };
    });
    const [ti, to] = nat('vmap_trace', t, handlesOf(inputs), flatIn);
    const traceIn = wrap(ti);
    const traceOut = wrap(to);
    try {
      const flatOut = axesOf(fill(outTree, traceOut, { i: 0 }), outAxes, true);
      const outs = wrap(nat('vmap_replace', handlesOf(inputs), handlesOf(traceIn), handlesOf(traceOut), flatIn, flatOut));
      return fill(outTree, outs, { i: 0 });
    } finally {
      for (const a of traceIn) a.dispose();
      for (const a of traceOut) a.dispose();
    }
  };
}

// Compile cache keys: the structure and constant leaves of a call's
// arguments, interned to small integers (MLX keys its cache on them).
const keyIds = new Map<string, number>();
const arrayKeyIds: number[] = []; // calls whose arguments are all arrays, by count
function internKey(key: string): number {
  let kid = keyIds.get(key);
  if (kid === undefined) keyIds.set(key, (kid = keyIds.size + 1));
  return kid;
}
function structureKey(tree: unknown, parts: string[]): void {
  if (isArray(tree)) parts.push('A');
  else if (Array.isArray(tree)) {
    parts.push('[');
    for (const x of tree) structureKey(x, parts);
    parts.push(']');
  } else if (isKwargs(tree)) {
    parts.push('{');
    for (const k of Object.keys(tree)) {
      parts.push(JSON.stringify(k));
      structureKey((tree as any)[k], parts);
    }
    parts.push('}');
  } else if (typeof tree === 'number') parts.push(Object.is(tree, -0) ? 'n-0' : 'n' + String(tree));
  else if (typeof tree === 'string') parts.push('s' + JSON.stringify(tree));
  else if (typeof tree === 'boolean') parts.push('b' + String(tree));
  else if (tree === null || tree === undefined) parts.push('N');
  else
    throw new MLXError(`[compile] Function arguments must be trees of arrays or constants (floats, ints, strings, or None), but received type ${typeName(tree)}.`);
}

let nextCompileId = 1;
const compiledCall = nativeFns.compiled_call;
const STRUCTURE_SLOT = 1023; // where tf_compiled_call leaves the output structure's index
const erase = new FinalizationRegistry<number>((id) => {
  try {
    nat('compile_erase', id);
  } catch {
    // environment shutting down
  }
});

/**
 * Python's `mx.compile(fun, inputs=None, outputs=None, shapeless=False)`.
 * `inputs`/`outputs` are trees (objects/arrays) of implicit state the
 * function reads/writes; after each call the arrays in `outputs`' containers
 * are replaced by the new values, as in Python.
 */
export function compile<F extends Fn>(fun: F, inputs?: unknown, outputs?: unknown, shapeless?: boolean | { inputs?: unknown; outputs?: unknown; shapeless?: boolean }): F;
export function compile(...args: unknown[]): Fn {
  const [fun, capIn, capOut, shapeless] = bindLoose('mx.compile', ['fun', 'inputs', 'outputs', 'shapeless'], 1, args);
  checkFunction('mx.compile', fun);
  if (shapeless !== undefined && shapeless !== null && typeof shapeless !== 'boolean')
    throw new TypeError(`mx.compile: parameter 'shapeless' expected a boolean`);
  const id = nextCompileId++;
  // One trampoline per compiled function; the call being traced is in
  // curArgs/curN/curCap. Each trace records its output structure in
  // `structures`; MLX keeps the index (and the output count) with the graph.
  let curArgs: unknown[] = [];
  let curN = 0;
  let curCap: MxArray[] = [];
  const structures: { tree: unknown; n: number; single: boolean }[] = [];
  const structureIds = new Map<string, number>();
  const t = trampoline((ins) => {
    const callArgs = curArgs, nArgs = curN, capInFlat = curCap;
    const tracers = ins.slice(nArgs);
    if (capIn != null) fillInPlace(capIn, tracers, { i: 0 });
    try {
      const out = fun(...fill(callArgs, ins.slice(0, nArgs), { i: 0 }));
      const outs = flatten(out, [], false);
      const n = outs.length;
      // equal structures share an entry (with compile disabled, every call traces)
      let key: string | undefined;
      try {
        const parts: string[] = [];
        structureKey(out, parts);
        key = parts.join(',');
      } catch {
        key = undefined;
      }
      let idx = key === undefined ? undefined : structureIds.get(key);
      if (idx === undefined) {
        idx = structures.push({ tree: out, n, single: isArray(out) }) - 1;
        if (key !== undefined) structureIds.set(key, idx);
      }
      if (capOut != null) outs.push(...flatten(capOut, [], false));
      return { outs, extra: [n, idx] };
    } finally {
      if (capIn != null) restoreTracers(capIn, tracers, capInFlat, { i: 0 });
    }
  });
  const noCapture: MxArray[] = [];
  const isShapeless = shapeless === true;
  let lastSeveral = false;
  const compiled = function (...callArgs: unknown[]) {
    const nCall = callArgs.length;
    let allArrays = true;
    for (let k = 0; k < nCall; k++) if (!isArray(callArgs[k])) (allArrays = false);
    let kid: number;
    let inputs: MxArray[];
    if (allArrays) {
      kid = arrayKeyIds[nCall] ?? (arrayKeyIds[nCall] = internKey('A,'.repeat(nCall)));
      inputs = callArgs as MxArray[];
    } else {
      const parts: string[] = [];
      structureKey(callArgs, parts);
      kid = internKey(parts.join(','));
      inputs = flatten(callArgs, [], false);
    }
    const nArgs = inputs.length;
    const capInFlat = capIn == null ? noCapture : flatten(capIn, [], false);
    const handles: number[] = new Array(nArgs + capInFlat.length);
    for (let k = 0; k < nArgs; k++) handles[k] = inputs[k]._i;
    for (let k = 0; k < capInFlat.length; k++) handles[nArgs + k] = capInFlat[k]._i;
    const savedArgs = curArgs, savedN = curN, savedCap = curCap;
    curArgs = callArgs;
    curN = nArgs;
    curCap = capInFlat;
    // A single output comes back as a handle owned by `owner` (outside
    // mx.tidy: it gets its finalizer in the same native call, as ops do).
    // Several come back as a list, which has no use for one: none is made
    // while the last call returned several (a guess; either way is correct).
    const scope = currentScope();
    const owner = scope === undefined && !lastSeveral ? new MxArray(DISPOSED) : undefined;
    let r: unknown;
    try {
      r = compiledCall(owner, 0, t, id, isShapeless, kid, handles);
    } finally {
      curArgs = savedArgs;
      curN = savedN;
      curCap = savedCap;
    }
    const st = structures[scratch[STRUCTURE_SLOT]];
    let outs: MxArray[];
    lastSeveral = !(typeof r === 'number' && r >= 0);
    if (!lastSeveral) {
      let a: MxArray;
      if (owner !== undefined) (a = owner)._i = r as number;
      else if (scope !== undefined) scope.arrays.push((a = new MxArray(r as number)));
      else a = wrap([r as number])[0]; // the guess missed: a finalizer still
      if (st.single && st.n === 1) return a;
      outs = [a];
    } else outs = wrap(r as number[]);
    if (capOut != null) fillInPlace(capOut, outs.slice(st.n), { i: 0 });
    if (st.single && st.n === 1) return outs[0];
    return fill(st.tree, st.n === outs.length ? outs : outs.slice(0, st.n), { i: 0 });
  };
  erase.register(compiled, id);
  return compiled;
}

/** Python's `mx.checkpoint(fun)`: intermediates are recomputed in the backward pass. */
export function checkpoint<F extends Fn>(fun: F): F;
export function checkpoint(...args: unknown[]): Fn {
  const [fun] = bindArgs('mx.checkpoint', ['fun'], 1, args);
  checkFunction('mx.checkpoint', fun);
  return function (...callArgs: unknown[]) {
    const inputs = flatten(callArgs, [], false);
    let outTree: unknown;
    const t = trampoline((ins) => {
      const out = fun(...fill(callArgs, ins, { i: 0 }));
      outTree = out;
      return { outs: flatten(out, [], false) };
    });
    const outs = wrap(nat('checkpoint_call', t, handlesOf(inputs)));
    return fill(outTree, outs, { i: 0 });
  };
}

/** The function made by `mx.customFunction(f)`; `.vjp`, `.jvp`, `.vmap` set the custom transforms (and return it). */
export interface CustomFunction<F extends Fn> {
  (...args: Parameters<F>): ReturnType<F>;
  vjp(f: (primals: any, cotangents: any, outputs: any) => any): CustomFunction<F>;
  jvp(f: (primals: any, tangents: any) => any): CustomFunction<F>;
  vmap(f: (inputs: any, axes: any) => [any, any]): CustomFunction<F>;
}

/**
 * Python's `mx.custom_function`: `const f = mx.customFunction((x, y) => ...);
 * f.vjp((primals, cotangent, output) => ...)` (primals is the single argument
 * or the list of arguments, as in Python).
 */
export function customFunction<F extends Fn>(fun: F): CustomFunction<F>;
export function customFunction(...args: unknown[]): any {
  const [fun] = bindArgs('mx.customFunction', ['f'], 1, args);
  if (typeof fun !== 'function') throw new TypeError(`mx.customFunction: parameter 'f' expected a function`);
  let vjpFn: Fn | undefined, jvpFn: Fn | undefined, vmapFn: Fn | undefined;
  const cf: any = function (...callArgs: unknown[]) {
    if (!vjpFn && !jvpFn && !vmapFn) return fun(...callArgs);
    const inputs = flatten(callArgs, [], false);
    let outTree: unknown;
    const rebuild = (ins: MxArray[]) => fill(callArgs, ins, { i: 0 }) as unknown[];
    const tf = trampoline((ins) => {
      const out = fun(...rebuild(ins));
      outTree = out;
      return { outs: flatten(out, [], false) };
    });
    const tv = vjpFn && trampoline((primals, cots: number[], outs: number[], wrapIn: (h: number[]) => MxArray[]) => {
      const a = rebuild(primals);
      const cw = wrapIn(cots);
      const ow = wrapIn(outs);
      const r = vjpFn!(a.length === 1 ? a[0] : a, fill(outTree, cw, { i: 0 }), fill(outTree, ow, { i: 0 }));
      return { outs: flatten(r, [], false) };
    });
    const tj = jvpFn && trampoline((primals, tans: number[], argnums: number[], wrapIn: (h: number[]) => MxArray[]) => {
      const a = rebuild(primals);
      const tw = wrapIn(tans);
      const have = new Set(argnums);
      let ai = 0, ti = 0;
      const tanTree = mapLeaves(a, () => (have.has(ai++) ? tw[ti++] : null));
      const r = jvpFn!(a.length === 1 ? a[0] : a, a.length === 1 ? tanTree[0] : tanTree);
      return { outs: flatten(r, [], false) };
    });
    const tm = vmapFn && trampoline((ins, axes: number[]) => {
      const a = rebuild(ins);
      let k = 0;
      const axTree = mapLeaves(a, () => {
        const ax = axes[k++];
        return ax >= 0 ? ax : null;
      });
      const r = vmapFn!(a.length === 1 ? a[0] : a, a.length === 1 ? axTree[0] : axTree);
      if (!Array.isArray(r) || r.length !== 2) throw new MLXError('[custom vmap] Vmap function should return a tuple with 2 items.');
      const outs: MxArray[] = [];
      const outAxes: number[] = [];
      zipLeaves(r[0], r[1], outs, outAxes);
      return { outs, extra: outAxes };
    });
    const outs = wrap(nat('custom_call', tf, tv ?? null, tj ?? null, tm ?? null, handlesOf(inputs)));
    return fill(outTree, outs, { i: 0 });
  };
  cf.vjp = (f: Fn) => ((vjpFn = checked(f, 'vjp')), cf);
  cf.jvp = (f: Fn) => ((jvpFn = checked(f, 'jvp')), cf);
  cf.vmap = (f: Fn) => ((vmapFn = checked(f, 'vmap')), cf);
  return cf;
}

function checked(f: unknown, what: string): Fn {
  if (typeof f !== 'function') throw new TypeError(`mx.customFunction.${what}: expected a function`);
  return f as Fn;
}

function mapLeaves(tree: unknown, f: () => unknown): any {
  if (isArray(tree)) return f();
  if (Array.isArray(tree)) return tree.map((x) => mapLeaves(x, f));
  if (isKwargs(tree)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(tree)) o[k] = mapLeaves((tree as any)[k], f);
    return o;
  }
  return null;
}

function zipLeaves(outs: unknown, axes: unknown, arrays: MxArray[], flatAx: number[]): void {
  if (isArray(outs)) {
    arrays.push(outs);
    flatAx.push(axes === null || axes === undefined ? -1 : Number(axes));
  } else if (Array.isArray(outs)) outs.forEach((x, k) => zipLeaves(x, Array.isArray(axes) ? axes[k] : axes, arrays, flatAx));
  else if (isKwargs(outs)) for (const k of Object.keys(outs)) zipLeaves((outs as any)[k], isKwargs(axes) ? (axes as any)[k] : axes, arrays, flatAx);
}

/** @internal */
export const transformsApi = {
  vjp, jvp, grad, valueAndGrad, vmap, compile, checkpoint, customFunction,
};
