// nn.Module: Python's mlx.nn.Module (python/mlx/nn/layers/base.py in mlx 0.32.4) in TypeScript.
//
// Python's Module is a dict: assigning an array, a list, a tuple or a dict (a Module is one) to an
// attribute stores it as a dict item, and parameters(), children(), update() and the rest walk
// those items. Here the items are the module's own enumerable properties whose values are
// mx.arrays, Modules, JS arrays or plain objects, in the order they were first assigned (JS keeps
// string keys in insertion order, as Python's dict does). Other properties (numbers, strings,
// functions) are ordinary attributes, as in Python. The module's own bookkeeping (frozen keys,
// training flag) is non-enumerable, so it never shows up as an item.
import { MxArray } from '../array';
import { isKwargs } from '../args';
import { Dtype, floating, issubdtype } from '../dtype';
import { MLXError } from '../errors';
import { ioApi } from '../io';
import { treeUnflatten } from '../utils';
import { valueAndGrad as mxValueAndGrad } from '../transforms';
import { persist } from '../optimizers/tree';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Filter = (module: Module, key: string, value: unknown) => boolean;
type MapFn = (value: any) => any;

const isModule = (v: unknown): v is Module => v instanceof Module;
const isDict = (v: unknown): v is Record<string, unknown> => isModule(v) || (isKwargs(v) && !(v instanceof MxArray));
const isList = (v: unknown): v is unknown[] => Array.isArray(v);
/** A value Python's Module would keep as a dict item. */
const isItem = (v: unknown): boolean => v instanceof MxArray || isList(v) || isDict(v);

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (isList(v)) return 'list';
  if (v instanceof MxArray) return 'array';
  if (isModule(v)) return v.constructor.name;
  if (isKwargs(v)) return 'dict';
  return (v as object).constructor?.name ?? typeof v;
}

/** The (key, value) items of a module, a plain object or a list, as Python iterates them. */
function items(v: Module | Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (!isModule(v) || isItem(x)) out.push([k, x]);
  }
  return out;
}

/** Python's tree_flatten (prefix, is_leaf), over modules, plain objects and lists. */
function flatten(tree: unknown, prefix = '', isLeaf?: (x: unknown) => boolean, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (!(isLeaf && isLeaf(tree))) {
    if (isList(tree)) {
      tree.forEach((x, i) => flatten(x, `${prefix}.${i}`, isLeaf, out));
      return out;
    }
    if (isDict(tree)) {
      for (const [k, x] of items(tree)) flatten(x, `${prefix}.${k}`, isLeaf, out);
      return out;
    }
  }
  out.push([prefix.slice(1), tree]);
  return out;
}

function unwrap(model: Module, key: string, value: unknown, filter: Filter, map: MapFn, isLeaf: Filter): unknown {
  if (isLeaf(model, key, value)) return map(value);
  if (isModule(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of items(value)) if (filter(value, k, v)) out[k] = unwrap(value, k, v, filter, map, isLeaf);
    return out;
  }
  if (isDict(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of items(value)) {
      const tk = `${key}.${k}`;
      out[k] = filter(model, tk, v) ? unwrap(model, tk, v, filter, map, isLeaf) : {};
    }
    return out;
  }
  if (isList(value))
    return value.map((v, i) => {
      const tk = `${key}.${i}`;
      return filter(model, tk, v) ? unwrap(model, tk, v, filter, map, isLeaf) : {};
    });
  throw new MLXError('Unexpected leaf found while traversing the module');
}

function opts<T extends Record<string, unknown>>(label: string, kw: unknown, names: readonly string[]): Partial<T> {
  if (kw === undefined) return {};
  if (!isKwargs(kw)) throw new TypeError(`${label}: takes keyword arguments only, in a plain object`);
  for (const k of Object.keys(kw)) if (!names.includes(k)) throw new TypeError(`${label}: unknown keyword argument '${k}'`);
  return kw as Partial<T>;
}

/**
 * The base class of every layer and model (Python's `mlx.nn.Module`). Subclass it, assign arrays,
 * modules, and arrays or plain objects of them to fields in the constructor (after `super()`), and
 * write `forward(...)`: `model.forward(x)` is Python's `model(x)`.
 */
export class Module {
  /** @internal keys whose parameters get no gradient (Python's `_no_grad`) */
  declare _noGrad: Set<string>;
  /** @internal */
  declare _training: boolean;

  constructor() {
    Object.defineProperty(this, '_noGrad', { value: new Set<string>(), writable: true, enumerable: false });
    Object.defineProperty(this, '_training', { value: true, writable: true, enumerable: false });
  }

  /** Python's `model(x)`: subclasses define it. */
  forward(..._args: unknown[]): any {
    throw new TypeError(`${this.constructor.name}.forward is not implemented`);
  }

  /** Whether the module is in training mode. */
  get training(): boolean {
    return this._training;
  }

  /** The module's state: the module itself, as in Python (its items are its state). */
  get state(): this {
    return this;
  }

  static isModule(value: unknown): value is Module {
    return isModule(value);
  }
  static validChildFilter(_m: Module, _k: string, v: unknown): boolean {
    return isDict(v) || isList(v);
  }
  static validParameterFilter(_m: Module, k: string, v: unknown): boolean {
    return (isDict(v) || isList(v) || v instanceof MxArray) && !k.startsWith('_');
  }
  static trainableParameterFilter(m: Module, k: string, v: unknown): boolean {
    return Module.validParameterFilter(m, k, v) && !m._noGrad.has(k);
  }

  /** Python's `filter_and_map(filter_fn, map_fn=None, is_leaf_fn=None)`. */
  filterAndMap(filterFn: Filter, mapFn?: MapFn | null, isLeafFn?: Filter | null): Record<string, any> {
    const map = mapFn ?? ((x: unknown) => x);
    const isLeaf = isLeafFn ?? ((_m: Module, _k: string, v: unknown) => !(isModule(v) || isDict(v) || isList(v)));
    const out: Record<string, unknown> = {};
    for (const [k, v] of items(this)) if (filterFn(this, k, v)) out[k] = unwrap(this, k, v, filterFn, map, isLeaf);
    return out;
  }

  /** Every array of the module, recursively, as plain objects and lists. */
  parameters(): Record<string, any> {
    return this.filterAndMap(Module.validParameterFilter);
  }

  /** The arrays that are not frozen. */
  trainableParameters(): Record<string, any> {
    return this.filterAndMap(Module.trainableParameterFilter);
  }

  /** The direct submodules. */
  children(): Record<string, any> {
    return this.filterAndMap(Module.validChildFilter, null, (_m, _k, v) => isModule(v));
  }

  /** The submodules that contain no other modules. */
  leafModules(): Record<string, any> {
    return this.filterAndMap(Module.validChildFilter, null, (_m, _k, v) => isModule(v) && flatten(v.children()).length === 0);
  }

  /**
   * Replaces parameters with those of `parameters` (a complete or partial tree like `parameters()`);
   * `{ strict: true }` (the default) refuses keys the module does not have and non-array values.
   */
  update(parameters: Record<string, any> | unknown[], kw?: { strict?: boolean }): this {
    const strict = opts<{ strict: boolean }>('Module.update', kw, ['strict']).strict ?? true;
    const apply = (dst: any, params: unknown): void => {
      if (isDict(params)) {
        for (const [k, nv] of items(params)) {
          if (isItem(dst[k]) && (isModule(dst) ? Object.prototype.hasOwnProperty.call(dst, k) : k in dst)) {
            const cur = dst[k];
            if (cur instanceof MxArray) {
              if (strict && !(nv instanceof MxArray)) throw new MLXError(`Received invalid type: ${typeName(nv)}.`);
              dst[k] = nv;
            } else apply(cur, nv);
          } else if (strict) throw new MLXError(`Module does not have parameter named "${k}".`);
        }
      } else if (isList(params)) {
        for (let i = 0; i < params.length; i++) {
          const cur = dst[i];
          const nv = params[i];
          if (cur instanceof MxArray) {
            if (strict && !(nv instanceof MxArray)) throw new MLXError(`Received invalid type: ${typeName(nv)}.`);
            dst[i] = nv;
          } else apply(cur, nv);
        }
      } else if (strict) throw new MLXError(`Received invalid type: ${typeName(params)}.`);
    };
    apply(this, parameters);
    return this;
  }

  /** Maps every parameter (those `filterFn` selects) through `mapFn` and updates the module. */
  apply(mapFn: MapFn, filterFn?: Filter | null): this {
    this.update(this.filterAndMap(filterFn ?? Module.validParameterFilter, mapFn));
    return this;
  }

  /** Replaces submodules with those of `modules` (a complete or partial tree like `children()`). */
  updateModules(modules: Record<string, any> | unknown[], kw?: { strict?: boolean }): this {
    const strict = opts<{ strict: boolean }>('Module.updateModules', kw, ['strict']).strict ?? true;
    const apply = (dst: any, mods: unknown): void => {
      if (isDict(mods)) {
        for (const [k, nv] of items(mods)) {
          if (isItem(dst[k]) && (isModule(dst) ? Object.prototype.hasOwnProperty.call(dst, k) : k in dst)) {
            const cur = dst[k];
            if (isModule(cur) && isModule(nv)) dst[k] = nv;
            else if (isDict(cur) || isList(cur)) apply(cur, nv);
            else if (strict) throw new MLXError(`Received invalid type: ${typeName(nv)}.`);
          } else if (strict) throw new MLXError(`Module does not have sub-module named "${k}".`);
        }
      } else if (isList(mods)) {
        for (let i = 0; i < dst.length; i++) {
          const cur = dst[i];
          const nv = mods[i];
          if (isModule(cur) && isModule(nv)) dst[i] = nv;
          else if (isDict(cur) || isList(cur)) apply(cur, nv);
          else if (strict) throw new MLXError(`Received invalid type: ${typeName(nv)}.`);
        }
      } else if (strict) throw new MLXError(`Received invalid type: ${typeName(mods)}.`);
    };
    apply(this, modules);
    return this;
  }

  /** Calls `applyFn(name, module)` for this module and every submodule (dotted names, "" for this one). */
  applyToModules(applyFn: (name: string, module: Module) => unknown): this {
    const stack: Array<[string, unknown]> = [['', this]];
    while (stack.length > 0) {
      const [prefix, mod] = stack.pop()! as [string, Module];
      applyFn(prefix, mod);
      stack.push(...flatten(mod.children(), prefix ? '.' + prefix : '', isModule));
    }
    return this;
  }

  /** Every module in this one, itself included. */
  modules(): Module[] {
    const out: Module[] = [];
    this.applyToModules((_k, m) => out.push(m));
    return out;
  }

  /** Every module with its dotted name. */
  namedModules(): Array<[string, Module]> {
    const out: Array<[string, Module]> = [];
    this.applyToModules((k, m) => out.push([k, m]));
    return out;
  }

  private validateKeys(keys: string | string[], strict: boolean): string[] {
    const list = Array.isArray(keys) ? keys : [keys];
    if (strict) for (const k of list) if (!(Object.prototype.hasOwnProperty.call(this, k) && isItem((this as any)[k]))) throw new RangeError(`Module doesn't contain member ${k}.`);
    return list;
  }

  /** Freezes parameters (no gradients): `{ recurse = true, keys = all, strict = false }`. */
  freeze(kw?: { recurse?: boolean; keys?: string | string[] | null; strict?: boolean }): this {
    const o = opts<{ recurse: boolean; keys: string | string[] | null; strict: boolean }>('Module.freeze', kw, ['recurse', 'keys', 'strict']);
    const impl = (_: string, m: Module): void => {
      let keys = o.keys ?? null;
      if (keys === null)
        keys = flatten(m.filterAndMap((mm, k, v) => !isModule(v) && Module.validParameterFilter(mm, k, v))).map(([k]) => k);
      for (const k of m.validateKeys(keys, o.strict ?? false)) m._noGrad.add(k);
    };
    if (o.recurse ?? true) this.applyToModules(impl);
    else impl('', this);
    return this;
  }

  /** Unfreezes parameters: `{ recurse = true, keys = all, strict = false }`. */
  unfreeze(kw?: { recurse?: boolean; keys?: string | string[] | null; strict?: boolean }): this {
    const o = opts<{ recurse: boolean; keys: string | string[] | null; strict: boolean }>('Module.unfreeze', kw, ['recurse', 'keys', 'strict']);
    const impl = (_: string, m: Module): void => {
      if (o.keys === undefined || o.keys === null) m._noGrad.clear();
      else for (const k of m.validateKeys(o.keys, o.strict ?? false)) m._noGrad.delete(k);
    };
    if (o.recurse ?? true) this.applyToModules(impl);
    else impl('', this);
    return this;
  }

  /** Training mode on (default) or off, for this module and every submodule. */
  train(mode = true): this {
    this.applyToModules((_k, m) => {
      m._training = mode;
    });
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Casts the parameters whose dtype `predicate` accepts (by default floating types) to `dtype`. */
  setDtype(dtype: Dtype, predicate?: ((d: Dtype) => boolean) | null): void {
    const p = predicate === null ? () => true : predicate ?? ((d: Dtype) => issubdtype(d, floating));
    this.apply((x: MxArray) => (p(x.dtype) ? x.astype(dtype) : x));
  }

  /**
   * Loads weights from a `.npz` or `.safetensors` path or from `[name, array]` pairs;
   * `{ strict: true }` (the default) requires exactly the model's parameters with their shapes.
   */
  loadWeights(fileOrWeights: string | Array<[string, MxArray]>, kw?: { strict?: boolean } | boolean): this {
    const strict = typeof kw === 'boolean' ? kw : opts<{ strict: boolean }>('Module.loadWeights', kw, ['strict']).strict ?? true;
    let weights: Array<[string, unknown]>;
    if (typeof fileOrWeights === 'string') weights = Object.entries(ioApi.load(fileOrWeights) as Record<string, MxArray>);
    else if (Array.isArray(fileOrWeights)) weights = fileOrWeights;
    else throw new TypeError(`Module.loadWeights: parameter 'fileOrWeights' expected a path or a list of [name, array] pairs, got ${typeName(fileOrWeights)}`);
    if (strict) {
      const given = new Map(weights);
      const current = new Map(flatten(this.parameters()));
      const extras = [...given.keys()].filter((k) => !current.has(k)).sort();
      if (extras.length > 0) throw new MLXError(`Received ${extras.length} parameters not in model: \n${extras.join(',\n')}.`);
      const missing = [...current.keys()].filter((k) => !given.has(k)).sort();
      if (missing.length > 0) throw new MLXError(`Missing ${missing.length} parameters: \n${missing.join(',\n')}.`);
      for (const [k, v] of current) {
        const nv = given.get(k);
        if (!(nv instanceof MxArray)) throw new MLXError(`Expected mx.array but received ${typeName(nv)} for parameter ${k}`);
        const a = (v as MxArray).shape, b = nv.shape;
        if (a.length !== b.length || a.some((d, i) => d !== b[i]))
          throw new MLXError(`Expected shape (${a.join(', ')}${a.length === 1 ? ',' : ''}) but received shape (${b.join(', ')}${b.length === 1 ? ',' : ''}) for parameter ${k}`);
      }
    }
    if (weights.length !== 0) this.update(treeUnflatten(weights) as Record<string, unknown>, { strict: false });
    return this;
  }

  /** Saves the parameters to a `.npz` or `.safetensors` file (by its extension), keyed by their dotted names. */
  saveWeights(file: string): void {
    if (typeof file !== 'string') throw new TypeError(`Module.saveWeights: parameter 'file' expected a path, got ${typeName(file)}`);
    const params = Object.fromEntries(flatten(this.parameters())) as Record<string, MxArray>;
    if (file.endsWith('.npz')) ioApi.savez(file, params);
    else if (file.endsWith('.safetensors')) ioApi.saveSafetensors(file, params);
    else throw new MLXError(`Unsupported file extension for ${file}. Use '.npz' or '.safetensors'.`);
  }

  /** Python's repr: the class name and the children, indented. */
  toString(): string {
    const children = flatten(this.children(), '', isModule);
    let s = `${this.constructor.name}(${this.extraRepr()}`;
    for (const [k, v] of children) s += '\n' + `(${k}): ${String(v)}`.split('\n').map((l) => '  ' + l).join('\n');
    if (children.length > 0) s += '\n';
    return s + ')';
  }

  /** Python's `_extra_repr`: what a layer prints between its parentheses. */
  protected extraRepr(): string {
    return '';
  }
}

/**
 * Python's `nn.value_and_grad(model, fn)`: a function of `fn`'s arguments returning
 * `[value, grads]`, the gradients with respect to the model's trainable parameters.
 */
export function valueAndGrad<A extends unknown[], R>(model: Module, fn: (...args: A) => R): (...args: A) => [R, Record<string, any>] {
  if (!isModule(model)) throw new TypeError(`nn.valueAndGrad: parameter 'model' expected an nn.Module, got ${typeName(model)}`);
  if (typeof fn !== 'function') throw new TypeError(`nn.valueAndGrad: parameter 'fn' expected a function, got ${typeName(fn)}`);
  // Arrays the call assigns to the model outside the trainable parameters (BatchNorm's running
  // statistics) are made inside the transform, which frees what the function does not return:
  // they are returned beside the value and put back into the model afterwards (Python keeps them).
  let before = new Map<string, unknown>();
  let changedKeys: string[] = [];
  let wasList = false;
  const inner = (params: Record<string, unknown>, ...args: A): unknown => {
    model.update(params);
    const r = fn(...args) as unknown;
    changedKeys = [];
    const state: MxArray[] = [];
    for (const [k, v] of flatten(model.parameters()))
      if (before.has(k) && before.get(k) !== v && v instanceof MxArray) (changedKeys.push(k), state.push(v));
    if (state.length === 0) return r;
    wasList = Array.isArray(r);
    return Array.isArray(r) ? [...r, state] : [r, state];
  };
  const vg = mxValueAndGrad(inner as any) as (...a: unknown[]) => [any, Record<string, any>];
  return (...args: A) => {
    const params = model.trainableParameters();
    const trainable = new Set(flatten(params).map(([k]) => k));
    before = new Map(flatten(model.parameters()).filter(([k]) => !trainable.has(k)));
    changedKeys = [];
    try {
      const [out, grads] = vg(params, ...args);
      if (changedKeys.length === 0) return [out as R, grads];
      const state = (out as unknown[])[(out as unknown[]).length - 1] as MxArray[];
      const keys = changedKeys;
      persist(state);
      model.update(treeUnflatten(keys.map((k, i) => [k, state[i]])) as Record<string, unknown>, { strict: false });
      const rest = (out as unknown[]).slice(0, -1);
      return [(wasList ? rest : rest[0]) as R, grads];
    } finally {
      // The traced call left the transform's tracers in the model, and the transform frees
      // them when it returns; put the (equal) arrays back.
      model.update(params);
    }
  };
}
