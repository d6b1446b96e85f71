// Python's mlx.optimizers (mlx 0.32.4) in TypeScript over mlx-node's core:
// the same update rules, the same state tree (keys `step`, `learning_rate` and
// each optimizer's per-parameter entries), so a state saved by either side
// loads in the other. Options follow Python's signatures: positional or in a
// trailing keyword object with camelCase names.
import { MxArray, array } from '../array';
import { bindArgs } from '../args';
import { uint64, float16, float32, floating, issubdtype } from '../dtype';
import { tableFunctions } from '../ops';
import { isDict, persist, treeFlatten, treeMap, treeMerge, treeReduce, treeUnflatten } from './tree';

const mx = tableFunctions.core;
const linalg = tableFunctions.linalg;

/** A value as a function of the step (an uint64 array in an optimizer), Python's schedulers. */
export type Schedule = (step: MxArray | number) => MxArray | number;
/** A number, an array, or a schedule: where Python takes `float | Callable`. */
export type LearningRate = number | MxArray | Schedule;
/** A tree of parameters or gradients: plain objects and JS arrays with arrays at the leaves. */
export type Tree = { [key: string]: any } | any[];
/** The optimizer state: `step`, `learning_rate`, the scheduled values and one entry per parameter. */
export type OptimizerState = Record<string, any>;
/** What `update` needs of a model (nn.Module has both). */
export interface Updatable {
  update(parameters: Tree): unknown;
  trainableParameters?(): Tree;
  parameters?(): Tree;
}

// ----- argument checks (the message names the class and the option) -----
function num(label: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${label}: parameter '${name}' expected a number, got ${describe(v)}`);
  return v;
}
function int(label: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${label}: parameter '${name}' expected an integer, got ${describe(v)}`);
  return v;
}
function bool(label: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${label}: parameter '${name}' expected a boolean, got ${describe(v)}`);
  return v;
}
function pair(label: string, name: string, v: unknown): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'number' || typeof v[1] !== 'number')
    throw new TypeError(`${label}: parameter '${name}' expected two numbers [a, b], got ${describe(v)}`);
  return [v[0], v[1]];
}
function rate(label: string, name: string, v: unknown): LearningRate {
  if (typeof v === 'number' || typeof v === 'function' || v instanceof MxArray) return v as LearningRate;
  throw new TypeError(`${label}: parameter '${name}' expected a number, an array or a schedule function, got ${describe(v)}`);
}
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an Array';
  if (v instanceof MxArray) return 'an mx.array';
  return typeof v;
}
const dflt = <T>(v: unknown, d: T): unknown => (v === undefined ? d : v);
const asArray = (v: unknown): MxArray => (v instanceof MxArray ? v : array(v as number));

/**
 * The base class of all optimizers (Python's `mlx.optimizers.Optimizer`).
 * Subclasses implement `initSingle(parameter, state)` and
 * `applySingle(gradient, parameter, state)`.
 */
export class Optimizer {
  /** @internal */ _initialized = false;
  /** @internal */ _state: OptimizerState;
  /** @internal */ _schedulers: Record<string, Schedule>;

  constructor(schedulers?: Record<string, Schedule> | null | { schedulers?: Record<string, Schedule> | null }) {
    // `{ schedulers: {...} }` is the keyword form; any other plain object is the schedulers themselves.
    let s = schedulers as Record<string, unknown> | null | undefined;
    if (isDict(s) && Object.keys(s).length === 1 && 'schedulers' in s && (s.schedulers === null || isDict(s.schedulers)))
      s = s.schedulers as Record<string, unknown> | null;
    if (s != null && (!isDict(s) || !Object.values(s).every((f) => typeof f === 'function')))
      throw new TypeError(`optim.Optimizer: parameter 'schedulers' expected an object of schedule functions`);
    this._state = { step: array(0, uint64) };
    this._schedulers = { ...((s ?? {}) as Record<string, Schedule>) };
  }

  /** Applies the gradients to the model's parameters and updates the model with the result. */
  update(model: Updatable, gradients: Tree): void {
    if (model === null || typeof model !== 'object' || typeof model.update !== 'function')
      throw new TypeError(`${this.constructor.name}.update: parameter 'model' expected an object with an update() method (an nn.Module)`);
    const params = typeof model.parameters === 'function' ? model.parameters()
      : typeof model.trainableParameters === 'function' ? model.trainableParameters() : model;
    const updated = this.applyGradients(gradients, params);
    persist(updated);
    model.update(updated);
  }

  /** Initialises the state for `parameters` (optional: the first update does it). */
  init(parameters: Tree): void {
    const updateState = (params: any, state: any): any => {
      if (Array.isArray(params)) {
        // A sparse JS list can claim 2**32 - 1 elements (tools/fuzz: minutes, then out of memory): not a tree.
        if (params.length > 1 << 24 && Object.keys(params).length < params.length)
          throw new RangeError(`Optimizer.init: a sparse list of length ${params.length} is not a parameter tree`);
        const s = Array.isArray(state) ? [...state] : [];
        for (let i = 0; i < s.length; i++) s[i] = updateState(params[i], s[i]);
        for (let i = s.length; i < params.length; i++) s.push(treeMap(() => ({}), params[i]));
        return s;
      }
      if (isDict(params)) {
        for (const k of Object.keys(params)) {
          if (!(k in state)) state[k] = treeMap(() => ({}), params[k]);
          else state[k] = updateState(params[k], state[k]);
        }
        return state;
      }
      return state;
    };
    updateState(parameters, this._state);
    treeMap((p: MxArray, s: Record<string, unknown>) => {
      if (s && typeof s === 'object' && Object.keys(s).length === 0) this.initSingle(p, s);
    }, parameters, this._state);
    persist(this._state);
    this._initialized = true;
  }

  /** Fills `state` for one parameter (subclasses). */
  initSingle(_parameter: MxArray, _state: Record<string, any>): void {
    throw new TypeError(`${this.constructor.name}: initSingle is not implemented`);
  }

  /**
   * Applies the gradients to the parameters and returns the updated
   * parameters, a tree shaped like `gradients` (`parameters` may hold more).
   */
  applyGradients(gradients: Tree, parameters: Tree): Tree {
    if (!this._initialized) this.init(gradients);
    for (const [param, scheduler] of Object.entries(this._schedulers)) this.state[param] = asArray(scheduler(this.step));
    this.state.step = mx.add(this.step, 1);
    const out = treeMap((g, p, s) => this.applySingle(g, p, s), gradients, parameters, this.state) as Tree;
    persist(this._state);
    return out;
  }

  /** The update of one parameter (subclasses). */
  applySingle(_gradient: MxArray, _parameter: MxArray, _state: Record<string, any>): MxArray {
    throw new TypeError(`${this.constructor.name}: applySingle is not implemented`);
  }

  /** The state tree (assign a saved one to resume). */
  get state(): OptimizerState {
    return this._state;
  }
  set state(state: OptimizerState) {
    if (!isDict(state)) throw new TypeError(`${this.constructor.name}.state: expected a plain object`);
    this._initialized = false;
    this._state = state;
    persist(state);
  }

  /** The step count, a uint64 array. */
  get step(): MxArray {
    return this.state.step;
  }

  /** The current learning rate, an array. */
  get learningRate(): MxArray {
    return this.state.learning_rate;
  }
  set learningRate(learningRate: number | MxArray) {
    this.state.learning_rate = array(learningRate as number);
    persist(this.state.learning_rate);
  }

  /** For subclasses (Python's `_maybe_schedule`): `state[name]` from a number or array, or from a schedule of the step. */
  protected _maybeSchedule(name: string, param: LearningRate): void {
    let value: MxArray;
    if (typeof param === 'function') {
      this._schedulers[name] = param;
      value = asArray(param(this.step));
    } else {
      value = array(param as number);
    }
    this.state[name] = value;
    persist(value);
  }

  /** @internal the learning rate in the dtype of `g` */
  _lr(g: MxArray): MxArray {
    return this.learningRate.astype(g.dtype);
  }
}

/** SGD with optional momentum, weight decay, dampening and Nesterov momentum. */
export class SGD extends Optimizer {
  momentum: number;
  weightDecay: number;
  dampening: number;
  nesterov: boolean;
  constructor(learningRate: LearningRate | SGDOptions, momentum?: number | SGDOptions, weightDecay?: number | SGDOptions,
    dampening?: number | SGDOptions, nesterov?: boolean | SGDOptions, kw?: SGDOptions);
  constructor(...args: unknown[]) {
    const L = 'optim.SGD';
    const [lr, momentum, wd, damp, nest] = bindArgs(L, ['learningRate', 'momentum', 'weightDecay', 'dampening', 'nesterov'], 1, args);
    const m = num(L, 'momentum', dflt(momentum, 0));
    const d = num(L, 'dampening', dflt(damp, 0));
    const n = bool(L, 'nesterov', dflt(nest, false));
    const w = num(L, 'weightDecay', dflt(wd, 0));
    const r = rate(L, 'learningRate', lr);
    if (n && (m <= 0 || d !== 0)) throw new RangeError(`${L}: Nesterov momentum requires a momentum and zero dampening.`);
    super();
    this._maybeSchedule('learning_rate', r);
    this.momentum = m;
    this.weightDecay = w;
    this.dampening = d;
    this.nesterov = n;
  }
  initSingle(parameter: MxArray, state: Record<string, any>): void {
    state.v = mx.zerosLike(parameter);
  }
  applySingle(gradient: MxArray, parameter: MxArray, state: Record<string, any>): MxArray {
    if (this.weightDecay !== 0) gradient = mx.add(gradient, mx.multiply(this.weightDecay, parameter));
    if (this.momentum <= 0) return mx.subtract(parameter, mx.multiply(this._lr(gradient), gradient));
    let v = mx.multiply(this.momentum, state.v);
    v = this.dampening > 0 ? mx.add(v, mx.multiply(1 - this.dampening, gradient)) : mx.add(v, gradient);
    const update = this.nesterov ? mx.add(gradient, mx.multiply(this.momentum, v)) : v;
    state.v = v;
    return mx.subtract(parameter, mx.multiply(this._lr(gradient), update));
  }
}
export interface SGDOptions { learningRate?: LearningRate; momentum?: number; weightDecay?: number; dampening?: number; nesterov?: boolean }

/** RMSprop. */
export class RMSprop extends Optimizer {
  alpha: number;
  eps: number;
  constructor(learningRate: LearningRate | RMSpropOptions, alpha?: number | RMSpropOptions, eps?: number | RMSpropOptions, kw?: RMSpropOptions);
  constructor(...args: unknown[]) {
    const L = 'optim.RMSprop';
    const [lr, alpha, eps] = bindArgs(L, ['learningRate', 'alpha', 'eps'], 1, args);
    const r = rate(L, 'learningRate', lr);
    const a = num(L, 'alpha', dflt(alpha, 0.99));
    const e = num(L, 'eps', dflt(eps, 1e-8));
    if (a < 0) throw new RangeError(`${L}: RMSprop alpha should be >=0, ${a} was provided instead`);
    if (e <= 0) throw new RangeError(`${L}: RMSprop epsilon should be >0, ${e} was provided instead`);
    super();
    this._maybeSchedule('learning_rate', r);
    this.alpha = a;
    this.eps = e;
  }
  initSingle(parameter: MxArray, state: Record<string, any>): void {
    state.v = mx.zerosLike(parameter);
  }
  applySingle(gradient: MxArray, parameter: MxArray, state: Record<string, any>): MxArray {
    const lr = this._lr(gradient);
    const v = mx.add(mx.multiply(this.alpha, state.v), mx.multiply(1 - this.alpha, mx.square(gradient)));
    state.v = v;
    return mx.subtract(parameter, mx.divide(mx.multiply(lr, gradient), mx.add(mx.sqrt(v), this.eps)));
  }
}
export interface RMSpropOptions { learningRate?: LearningRate; alpha?: number; eps?: number }

/** Adagrad. */
export class Adagrad extends Optimizer {
  eps: number;
  constructor(learningRate: LearningRate | AdagradOptions, eps?: number | AdagradOptions, kw?: AdagradOptions);
  constructor(...args: unknown[]) {
    const L = 'optim.Adagrad';
    const [lr, eps] = bindArgs(L, ['learningRate', 'eps'], 1, args);
    const r = rate(L, 'learningRate', lr);
    const e = num(L, 'eps', dflt(eps, 1e-8));
    if (e <= 0) throw new RangeError(`${L}: Adagrad epsilon should be >0, ${e} was provided instead`);
    super();
    this._maybeSchedule('learning_rate', r);
    this.eps = e;
  }
  initSingle(parameter: MxArray, state: Record<string, any>): void {
    state.v = mx.zerosLike(parameter);
  }
  applySingle(gradient: MxArray, parameter: MxArray, state: Record<string, any>): MxArray {
    const lr = this._lr(gradient);
    const v = mx.add(state.v, mx.square(gradient));
    state.v = v;
    return mx.subtract(parameter, mx.divide(mx.multiply(lr, gradient), mx.add(mx.sqrt(v), this.eps)));
  }
}
export interface AdagradOptions { learningRate?: LearningRate; eps?: number }

/** AdaDelta (with a learning rate). */
export class AdaDelta extends Optimizer {
  rho: number;
  eps: number;
  constructor(learningRate: LearningRate | AdaDeltaOptions, rho?: number | AdaDeltaOptions, eps?: number | AdaDeltaOptions, kw?: AdaDeltaOptions);
  constructor(...args: unknown[]) {
    const L = 'optim.AdaDelta';
    const [lr, rho, eps] = bindArgs(L, ['learningRate', 'rho', 'eps'], 1, args);
    const r = rate(L, 'learningRate', lr);
    const p = num(L, 'rho', dflt(rho, 0.9));
    const e = num(L, 'eps', dflt(eps, 1e-6));
    if (p < 0) throw new RangeError(`${L}: AdaDelta rho should be >=0, ${p} was provided instead`);
    if (e <= 0) throw new RangeError(`${L}: AdaDelta epsilon should be >0, ${e} was provided instead`);
    super();
    this._maybeSchedule('learning_rate', r);
    this.rho = p;
    this.eps = e;
  }
  initSingle(parameter: MxArray, state: Record<string, any>): void {
    state.v = mx.zerosLike(parameter);
    state.u = mx.zerosLike(parameter);
  }
  applySingle(gradient: MxArray, parameter: MxArray, state: Record<string, any>): MxArray {
    const lr = this._lr(gradient);
    const { rho, eps } = this;
    const v = mx.add(mx.multiply(rho, state.v), mx.multiply(1 - rho, mx.square(gradient)));
    const d = mx.multiply(mx.divide(mx.sqrt(mx.add(state.u, eps)), mx.sqrt(mx.add(v, eps))), gradient);
    const u = mx.add(mx.multiply(rho, state.u), mx.multiply(1 - rho, mx.square(d)));
    state.v = v;
    state.u = u;
    return mx.subtract(parameter, mx.multiply(lr, d));
  }
}
export interface AdaDeltaOptions { learningRate?: LearningRate; rho?: number; eps?: number }

/** Adam (optionally with bias correction). */
export class Adam extends Optimizer {
  betas: [number, number];
  eps: number;
  biasCorrection: boolean;
  constructor(learningRate: LearningRate | AdamOptions, betas?: [number, number] | AdamOptions, eps?: number | AdamOptions,
    biasCorrection?: boolean | AdamOptions, kw?: AdamOptions);
  constructor(...args: unknown[]) {
    const L = 'optim.Adam';
    const [lr, betas, eps, bc] = bindArgs(L, ['learningRate', 'betas', 'eps', 'biasCorrection'], 1, args);
    const [b, e, c, r] = adamArgs(L, lr, betas, eps, bc, [0.9, 0.999]);
    super();
    this._maybeSchedule('learning_rate', r);
    this.betas = b;
    this.eps = e;
    this.biasCorrection = c;
  }
  initSingle(parameter: MxArray, state: Record<string, any>): void {
    state.m = mx.zerosLike(parameter);
    state.v = mx.zerosLike(parameter);
  }
  applySingle(gradient: MxArray, parameter: MxArray, state: Record<string, any>): MxArray {
    const lr = this._lr(gradient);
    const [b1, b2] = this.betas;
    const step = this.step;
    const m = mx.add(mx.multiply(b1, state.m), mx.multiply(1 - b1, gradient));
    const v = mx.add(mx.multiply(b2, state.v), mx.multiply(1 - b2, mx.square(gradient)));
    state.m = m;
    state.v = v;
    if (this.biasCorrection) {
      const c1 = mx.divide(lr, mx.subtract(1, mx.power(b1, step))).astype(gradient.dtype);
      const c2 = mx.rsqrt(mx.subtract(1, mx.power(b2, step))).astype(gradient.dtype);
      return mx.subtract(parameter, mx.divide(mx.multiply(c1, m), mx.add(mx.multiply(mx.sqrt(v), c2), this.eps)));
    }
    return mx.subtract(parameter, mx.divide(mx.multiply(lr, m), mx.add(mx.sqrt(v), this.eps)));
  }
}
export interface AdamOptions { learningRate?: LearningRate; betas?: [number, number]; eps?: number; biasCorrection?: boolean }

function adamArgs(L: string, lr: unknown, betas: unknown, eps: unknown, bc: unknown, defBetas: [number, number]):
  [[number, number], number, boolean, LearningRate] {
  const r = rate(L, 'learningRate', lr);
  const b = pair(L, 'betas', dflt(betas, defBetas));
  const e = num(L, 'eps', dflt(eps, 1e-8));
  const c = bool(L, 'biasCorrection', dflt(bc, false));
  b.forEach((beta, i) => {
    if (!(beta >= 0 && beta < 1)) throw new RangeError(`${L}: Adam beta${i + 1} should be in [0, 1), ${beta} was provided instead`);
  });
  if (!(e >= 0)) throw new RangeError(`${L}: Adam epsilon should be >=0, ${e} was provided instead`);
  return [b, e, c, r];
}

/** AdamW: Adam with decoupled weight decay. */
export class AdamW extends Adam {
  weightDecay: number;
  constructor(learningRate: LearningRate | AdamWOptions, betas?: [number, number] | AdamWOptions, eps?: number | AdamWOptions,
    weightDecay?: number | AdamWOptions, biasCorrection?: boolean | AdamWOptions, kw?: AdamWOptions);
  constructor(...args: unknown[]) {
    const L = 'optim.AdamW';
    const [lr, betas, eps, wd, bc] = bindArgs(L, ['learningRate', 'betas', 'eps', 'weightDecay', 'biasCorrection'], 1, args);
    const w = num(L, 'weightDecay', dflt(wd, 0.01));
    const [b, e, c, r] = adamArgs(L, lr, betas, eps, bc, [0.9, 0.999]);
    super({ learningRate: r, betas: b, eps: e, biasCorrection: c });
    this.weightDecay = w;
  }
  applySingle(gradient: MxArray, parameter: MxArray, state: Record<string, any>): MxArray {
    const lr = this._lr(gradient);
    return super.applySingle(gradient, mx.multiply(parameter, mx.subtract(1, mx.multiply(lr, this.weightDecay))), state);
  }
}
export interface AdamWOptions extends AdamOptions { weightDecay?: number }

/** Adamax: Adam with the infinity norm. */
export class Adamax extends Adam {
  constructor(learningRate: LearningRate | AdamaxOptions, betas?: [number, number] | AdamaxOptions, eps?: number | AdamaxOptions, kw?: AdamaxOptions);
  constructor(...args: unknown[]) {
    const L = 'optim.Adamax';
    const [lr, betas, eps] = bindArgs(L, ['learningRate', 'betas', 'eps'], 1, args);
    const [b, e, , r] = adamArgs(L, lr, betas, eps, undefined, [0.9, 0.999]);
    super(r, b, e);
  }
  applySingle(gradient: MxArray, parameter: MxArray, state: Record<string, any>): MxArray {
    const lr = this._lr(gradient);
    const [b1, b2] = this.betas;
    const m = mx.add(mx.multiply(b1, state.m), mx.multiply(1 - b1, gradient));
    const v = mx.maximum(mx.multiply(b2, state.v), mx.abs(gradient));
    state.m = m;
    state.v = v;
    return mx.subtract(parameter, mx.divide(mx.multiply(lr, m), mx.add(v, this.eps)));
  }
}
export interface AdamaxOptions { learningRate?: LearningRate; betas?: [number, number]; eps?: number }

/** Lion. */
export class Lion extends Optimizer {
  betas: [number, number];
  weightDecay: number;
  constructor(learningRate: LearningRate | LionOptions, betas?: [number, number] | LionOptions, weightDecay?: number | LionOptions, kw?: LionOptions);
  constructor(...args: unknown[]) {
    const L = 'optim.Lion';
    const [lr, betas, wd] = bindArgs(L, ['learningRate', 'betas', 'weightDecay'], 1, args);
    const r = rate(L, 'learningRate', lr);
    const b = pair(L, 'betas', dflt(betas, [0.9, 0.99]));
    const w = num(L, 'weightDecay', dflt(wd, 0));
    b.forEach((beta, i) => {
      if (!(beta >= 0 && beta < 1)) throw new RangeError(`${L}: Lion beta${i + 1} should be in [0, 1), ${beta} was provided instead`);
    });
    super();
    this._maybeSchedule('learning_rate', r);
    this.betas = b;
    this.weightDecay = w;
  }
  initSingle(parameter: MxArray, state: Record<string, any>): void {
    state.m = mx.zerosLike(parameter);
  }
  applySingle(gradient: MxArray, parameter: MxArray, state: Record<string, any>): MxArray {
    const lr = this._lr(gradient);
    const [b1, b2] = this.betas;
    const m = state.m;
    const c = mx.add(mx.multiply(b1, m), mx.multiply(1 - b1, gradient));
    state.m = mx.add(mx.multiply(b2, m), mx.multiply(1 - b2, gradient));
    if (this.weightDecay > 0) parameter = mx.multiply(mx.subtract(1, mx.multiply(lr, this.weightDecay)), parameter);
    return mx.subtract(parameter, mx.multiply(lr, mx.sign(c)));
  }
}
export interface LionOptions { learningRate?: LearningRate; betas?: [number, number]; weightDecay?: number }

/** Adafactor. */
export class Adafactor extends Optimizer {
  eps: [number, number];
  clipThreshold: number;
  decayRate: number;
  beta1: number | null;
  weightDecay: number;
  scaleParameter: boolean;
  relativeStep: boolean;
  warmupInit: boolean;
  constructor(learningRate?: LearningRate | null | AdafactorOptions, eps?: [number, number] | AdafactorOptions,
    clipThreshold?: number | AdafactorOptions, decayRate?: number | AdafactorOptions, beta1?: number | null | AdafactorOptions,
    weightDecay?: number | AdafactorOptions, scaleParameter?: boolean | AdafactorOptions, relativeStep?: boolean | AdafactorOptions,
    warmupInit?: boolean | AdafactorOptions, kw?: AdafactorOptions);
  constructor(...args: unknown[]) {
    const L = 'optim.Adafactor';
    const [lr, eps, ct, dr, b1, wd, sp, rs, wi] = bindArgs(L, ['learningRate', 'eps', 'clipThreshold', 'decayRate', 'beta1',
      'weightDecay', 'scaleParameter', 'relativeStep', 'warmupInit'], 0, args);
    const r = lr == null ? null : rate(L, 'learningRate', lr);
    const e = pair(L, 'eps', dflt(eps, [1e-30, 1e-3]));
    const c = num(L, 'clipThreshold', dflt(ct, 1.0));
    const d = num(L, 'decayRate', dflt(dr, -0.8));
    const beta = b1 == null ? null : num(L, 'beta1', b1);
    const w = num(L, 'weightDecay', dflt(wd, 0));
    const s = bool(L, 'scaleParameter', dflt(sp, true));
    const rel = bool(L, 'relativeStep', dflt(rs, true));
    const warm = bool(L, 'warmupInit', dflt(wi, false));
    if (!rel && r === null) throw new TypeError(`${L}: parameter 'learningRate' is required when relativeStep is false`);
    super();
    if (r !== null) this._maybeSchedule('learning_rate', r);
    this.eps = e;
    this.clipThreshold = c;
    this.decayRate = d;
    this.beta1 = beta;
    this.weightDecay = w;
    this.scaleParameter = s;
    this.relativeStep = rel;
    this.warmupInit = warm;
  }
  initSingle(parameter: MxArray, state: Record<string, any>): void {
    if (parameter.ndim >= 2) {
      const shape = parameter.shape;
      state.exp_avg_sq_row = mx.zeros(shape.slice(0, -1), parameter.dtype);
      state.exp_avg_sq_col = mx.zeros([...shape.slice(0, -2), shape[shape.length - 1]], parameter.dtype);
    } else {
      state.exp_avg_sq = mx.zerosLike(parameter);
    }
    if (this.beta1 !== null) state.exp_avg = mx.zerosLike(parameter);
  }
  private rms(x: MxArray): MxArray {
    return mx.sqrt(mx.mean(mx.square(x)));
  }
  private computeLearningRate(step: MxArray, parameterRms: MxArray): MxArray {
    let rel: MxArray;
    if (this.relativeStep) {
      const minStep = this.warmupInit ? mx.multiply(1e-6, step) : 1e-2;
      rel = mx.minimum(minStep, mx.rsqrt(step));
    } else {
      rel = this.learningRate;
    }
    rel = rel.astype(parameterRms.dtype);
    return this.scaleParameter ? mx.multiply(mx.maximum(this.eps[1], parameterRms), rel) : mx.multiply(1.0, rel);
  }
  applySingle(gradient: MxArray, parameter: MxArray, state: Record<string, any>): MxArray {
    const factored = gradient.ndim >= 2;
    const step = this.step;
    const parameterRms = this.rms(parameter);
    const lr = this.computeLearningRate(step, parameterRms);
    const beta2 = mx.subtract(1.0, mx.power(step, this.decayRate).astype(parameterRms.dtype));
    let update = mx.add(mx.square(gradient), this.eps[0]);
    const oneMinus = mx.subtract(1, beta2);
    if (factored) {
      const row = mx.add(mx.multiply(beta2, state.exp_avg_sq_row), mx.multiply(oneMinus, mx.mean(update, { axis: -1 })));
      const col = mx.add(mx.multiply(beta2, state.exp_avg_sq_col), mx.multiply(oneMinus, mx.mean(update, { axis: -2 })));
      state.exp_avg_sq_row = row;
      state.exp_avg_sq_col = col;
      const rFactor = mx.rsqrt(mx.divide(row, mx.mean(row, { axis: -1, keepdims: true })));
      const cFactor = mx.rsqrt(col);
      update = mx.multiply(mx.multiply(mx.expandDims(rFactor, -1), mx.expandDims(cFactor, -2)), gradient);
    } else {
      const sq = mx.add(mx.multiply(beta2, state.exp_avg_sq), mx.multiply(oneMinus, update));
      state.exp_avg_sq = sq;
      update = mx.multiply(mx.rsqrt(sq), gradient);
    }
    update = mx.divide(update, mx.maximum(1.0, mx.divide(this.rms(update), this.clipThreshold)));
    update = mx.multiply(lr, update);
    if (this.beta1 !== null) {
      const avg = mx.add(mx.multiply(this.beta1, state.exp_avg), mx.multiply(1 - this.beta1, update));
      state.exp_avg = avg;
      update = avg;
    }
    if (this.weightDecay !== 0) parameter = mx.add(parameter, mx.multiply(parameter, mx.multiply(-this.weightDecay, lr)));
    return mx.subtract(parameter, update);
  }
}
export interface AdafactorOptions {
  learningRate?: LearningRate | null; eps?: [number, number]; clipThreshold?: number; decayRate?: number; beta1?: number | null;
  weightDecay?: number; scaleParameter?: boolean; relativeStep?: boolean; warmupInit?: boolean;
}

/** Muon: momentum orthogonalised by Newton-Schulz iterations. */
const MAX_NS_STEPS = 10000;

export class Muon extends Optimizer {
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
  nsSteps: number;
  constructor(learningRate: LearningRate | MuonOptions, momentum?: number | MuonOptions, weightDecay?: number | MuonOptions,
    nesterov?: boolean | MuonOptions, nsSteps?: number | MuonOptions, kw?: MuonOptions);
  constructor(...args: unknown[]) {
    const L = 'optim.Muon';
    const [lr, momentum, wd, nest, ns] = bindArgs(L, ['learningRate', 'momentum', 'weightDecay', 'nesterov', 'nsSteps'], 1, args);
    const r = rate(L, 'learningRate', lr);
    const m = num(L, 'momentum', dflt(momentum, 0.95));
    const w = num(L, 'weightDecay', dflt(wd, 0.01));
    const n = bool(L, 'nesterov', dflt(nest, true));
    const s = int(L, 'nsSteps', dflt(ns, 5));
    // each step adds three matrix products to every update's graph: a count in the millions
    // would build graphs for minutes (the fuzzer's hang) instead of failing
    if (s < 0 || s > MAX_NS_STEPS) throw new RangeError(`${L}: nsSteps must be between 0 and ${MAX_NS_STEPS}, got ${s}`);
    super();
    this._maybeSchedule('learning_rate', r);
    this.momentum = m;
    this.weightDecay = w;
    this.nesterov = n;
    this.nsSteps = s;
  }
  initSingle(parameter: MxArray, state: Record<string, any>): void {
    state.v = mx.zerosLike(parameter);
  }
  private newtonSchulz(X: MxArray, steps: number): MxArray {
    if (!Number.isInteger(steps) || steps < 0 || steps > MAX_NS_STEPS)
      throw new RangeError(`Muon: nsSteps must be an integer between 0 and ${MAX_NS_STEPS}, got ${String(steps)}`);
    const [a, b, c] = [3.4445, -4.775, 2.0315];
    const transpose = X.shape[0] > X.shape[1];
    if (transpose) X = mx.transpose(X);
    X = mx.divide(X, mx.add(linalg.norm(X, { keepdims: true }), 1e-7));
    for (let i = 0; i < steps; i++) {
      const A = mx.matmul(X, mx.transpose(X));
      const B = mx.addmm(mx.multiply(b, A), A, A, { beta: 1.0, alpha: c });
      X = mx.addmm(mx.multiply(a, X), B, X, { beta: 1.0, alpha: 1.0 });
    }
    return transpose ? mx.transpose(X) : X;
  }
  applySingle(gradient: MxArray, parameter: MxArray, state: Record<string, any>): MxArray {
    if (this.weightDecay !== 0) gradient = mx.add(gradient, mx.multiply(this.weightDecay, parameter));
    const v = mx.add(mx.multiply(this.momentum, state.v), mx.multiply(1 - this.momentum, gradient));
    state.v = v;
    let update = this.nesterov ? mx.add(mx.multiply(gradient, 1 - this.momentum), mx.multiply(v, this.momentum)) : v;
    let lr = this._lr(gradient);
    if (update.ndim >= 2) {
      const shape = update.shape;
      const reshape = update.ndim > 2;
      if (reshape) update = mx.reshape(update, [shape[0], -1]);
      update = this.newtonSchulz(update, this.nsSteps);
      if (reshape) update = mx.reshape(update, shape);
      const us = update.shape;
      lr = mx.multiply(lr, Math.max(1, us[us.length - 2] / us[us.length - 1]) ** 0.5);
    }
    return mx.subtract(parameter, mx.multiply(lr, update));
  }
}
export interface MuonOptions { learningRate?: LearningRate; momentum?: number; weightDecay?: number; nesterov?: boolean; nsSteps?: number }

/** A predicate on a parameter's path (`layers.0.weight`) and its gradient. */
export type ParameterFilter = (path: string, gradient: MxArray) => boolean;

/**
 * Several optimizers, each for the parameters its filter accepts (the last
 * one takes the rest and has no filter).
 */
export class MultiOptimizer extends Optimizer {
  optimizers: Optimizer[];
  filters: ParameterFilter[];
  constructor(optimizers: Optimizer[] | { optimizers: Optimizer[]; filters?: ParameterFilter[] }, filters?: ParameterFilter[] | { filters?: ParameterFilter[] }, kw?: { filters?: ParameterFilter[] });
  constructor(...args: unknown[]) {
    const L = 'optim.MultiOptimizer';
    const [opts, filt] = bindArgs(L, ['optimizers', 'filters'], 1, args);
    if (!Array.isArray(opts) || opts.length === 0 || !opts.every((o) => o instanceof Optimizer))
      throw new TypeError(`${L}: parameter 'optimizers' expected a non-empty array of optimizers`);
    const f = dflt(filt, []);
    if (!Array.isArray(f) || !f.every((x) => typeof x === 'function'))
      throw new TypeError(`${L}: parameter 'filters' expected an array of functions`);
    if (f.length !== opts.length - 1) throw new TypeError(`${L}: Given ${f.length} filters but ${opts.length - 1} needed.`);
    super();
    this._state = {};
    this.optimizers = opts as Optimizer[];
    this.filters = [...(f as ParameterFilter[]), () => true];
  }
  private split(gradients: Tree): Tree[] {
    if (this.optimizers.length === 1) return [gradients];
    const parts: [string, unknown][][] = this.optimizers.map(() => []);
    for (const [k, g] of treeFlatten(gradients)) {
      for (let i = 0; i < this.filters.length; i++) {
        if (this.filters[i](k, g as MxArray)) {
          parts[i].push([k, g]);
          break;
        }
      }
    }
    return parts.map((p) => (p.length > 0 ? treeUnflatten(p) : {}) as Tree);
  }
  init(parameters: Tree): void {
    const parts = this.split(parameters);
    this.optimizers.forEach((o, i) => o.init(parts[i]));
  }
  applyGradients(gradients: Tree, parameters: Tree): Tree {
    let tree: unknown = {};
    const parts = this.split(gradients);
    this.optimizers.forEach((o, i) => {
      tree = treeMerge(tree, o.applyGradients(parts[i], parameters));
    });
    return tree as Tree;
  }
  get state(): OptimizerState {
    return { states: this.optimizers.map((o) => o.state) };
  }
  set state(state: OptimizerState) {
    if (!isDict(state) || !Array.isArray(state.states) || state.states.length !== this.optimizers.length)
      throw new TypeError('optim.MultiOptimizer.state: Invalid state provided');
    this.optimizers.forEach((o, i) => {
      o.state = (state.states as OptimizerState[])[i];
    });
  }
  get learningRate(): MxArray {
    return this.optimizers[0].learningRate;
  }
  set learningRate(learningRate: number | MxArray) {
    for (const o of this.optimizers) o.learningRate = learningRate;
  }
}

/**
 * Scales the gradients down so that their global norm is at most `maxNorm`;
 * returns `[clipped, norm]` (the norm before clipping).
 */
export function clipGradNorm<T extends Tree>(grads: T | { grads: T; maxNorm: number }, maxNorm?: number | { maxNorm: number }): [T, MxArray];
export function clipGradNorm(...args: unknown[]): [Tree, MxArray] {
  const L = 'optim.clipGradNorm';
  const [grads, maxNormArg] = bindArgs(L, ['grads', 'maxNorm'], 2, args);
  const maxNorm = num(L, 'maxNorm', maxNormArg);
  if (maxNorm < 0) throw new RangeError(`${L}: max_norm should be >=0, ${maxNorm} was provided instead`);
  const squaredNorm = (g: MxArray): MxArray => {
    if (g.dtype === float16) g = g.astype(float32);
    return mx.sum(mx.square(g));
  };
  const normSquared = treeReduce((acc: MxArray | number, g: MxArray) => mx.add(acc, squaredNorm(g)), grads, 0.0 as MxArray | number);
  const totalNorm = mx.sqrt(normSquared as MxArray);
  const normalizer = mx.minimum(mx.divide(maxNorm, mx.add(totalNorm, 1e-6)), 1.0);
  const clipped = treeMap((g: MxArray) => (issubdtype(g.dtype, floating) ? mx.multiply(g, normalizer).astype(g.dtype) : mx.multiply(g, normalizer)), grads) as Tree;
  return [clipped, totalNorm];
}
