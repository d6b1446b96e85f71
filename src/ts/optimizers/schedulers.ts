// Python's mlx.optimizers schedulers: functions of the step giving a value
// (an optimizer passes its uint64 `step` array). Same arithmetic as Python's,
// so the same dtypes and values come out.
import { MxArray } from '../array';
import { bindArgs } from '../args';
import { float32, integer, issubdtype } from '../dtype';
import { tableFunctions } from '../ops';
import type { Schedule } from './optimizers';

const mx = tableFunctions.core;

function num(label: string, name: string, v: unknown): number {
  if (typeof v !== 'number') throw new TypeError(`${label}: parameter '${name}' expected a number, got ${v === null ? 'null' : typeof v}`);
  return v;
}
function int(label: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new TypeError(`${label}: parameter '${name}' expected an integer, got ${v === null ? 'null' : typeof v}`);
  return v;
}
function stepArg(label: string, step: unknown): MxArray | number {
  if (typeof step === 'number' || step instanceof MxArray) return step;
  throw new TypeError(`${label}: parameter 'step' expected a number or an array, got ${step === null ? 'null' : typeof step}`);
}
function named(name: string, f: Schedule): Schedule {
  Object.defineProperty(f, 'name', { value: name });
  return f;
}

/** `init * decayRate ** step`. */
export function exponentialDecay(init: number | { init: number; decayRate: number }, decayRate?: number | { decayRate: number }): Schedule;
export function exponentialDecay(...args: unknown[]): Schedule {
  const L = 'optim.exponentialDecay';
  const [i, d] = bindArgs(L, ['init', 'decayRate'], 2, args);
  const init = num(L, 'init', i);
  const rate = num(L, 'decayRate', d);
  return named('exponentialDecay', (s) => {
    const step = stepArg('exponentialDecay schedule', s);
    return typeof step === 'number' ? init * rate ** step : mx.multiply(init, mx.power(rate, step));
  });
}

/** `init * decayRate ** floor(step / stepSize)`. */
export function stepDecay(init: number | { init: number; decayRate: number; stepSize: number }, decayRate?: number | { decayRate: number; stepSize: number },
  stepSize?: number | { stepSize: number }): Schedule;
export function stepDecay(...args: unknown[]): Schedule {
  const L = 'optim.stepDecay';
  const [i, d, s] = bindArgs(L, ['init', 'decayRate', 'stepSize'], 3, args);
  const init = num(L, 'init', i);
  const rate = num(L, 'decayRate', d);
  const size = int(L, 'stepSize', s);
  if (size < 1) throw new RangeError(`${L}: step_size must be greater than 0, but got ${size}.`);
  return named('stepDecay', (st) => {
    const step = stepArg('stepDecay schedule', st);
    return typeof step === 'number' ? init * rate ** Math.floor(step / size) : mx.multiply(init, mx.power(rate, mx.floorDivide(step, size)));
  });
}

/** A cosine from `init` down to `end` over `decaySteps` steps, then `end`. */
export function cosineDecay(init: number | { init: number; decaySteps: number; end?: number }, decaySteps?: number | { decaySteps: number; end?: number },
  end?: number | { end?: number }): Schedule;
export function cosineDecay(...args: unknown[]): Schedule {
  const L = 'optim.cosineDecay';
  const [i, d, e] = bindArgs(L, ['init', 'decaySteps', 'end'], 2, args);
  const init = num(L, 'init', i);
  const steps = int(L, 'decaySteps', d);
  const end = num(L, 'end', e === undefined ? 0 : e);
  if (steps < 1) throw new RangeError(`${L}: decay_steps must be greater than 0, but got ${steps}.`);
  return named('cosineDecay', (st) => {
    const s = mx.minimum(stepArg('cosineDecay schedule', st), steps);
    const decay = mx.multiply(0.5, mx.add(1.0, mx.cos(mx.multiply(Math.PI / steps, s))));
    return mx.add(end, mx.multiply(decay, init - end));
  });
}

/** `schedules[i + 1]` from `boundaries[i]` on, given the steps since that boundary. */
export function joinSchedules(schedules: Schedule[] | { schedules: Schedule[]; boundaries: number[] }, boundaries?: number[] | { boundaries: number[] }): Schedule;
export function joinSchedules(...args: unknown[]): Schedule {
  const L = 'optim.joinSchedules';
  const [sc, bd] = bindArgs(L, ['schedules', 'boundaries'], 2, args);
  if (!Array.isArray(sc) || !sc.every((f) => typeof f === 'function'))
    throw new TypeError(`${L}: parameter 'schedules' expected an array of functions`);
  if (!Array.isArray(bd) || !bd.every((b) => typeof b === 'number' && Number.isInteger(b)))
    throw new TypeError(`${L}: parameter 'boundaries' expected an array of integers`);
  if (sc.length === 0) throw new RangeError(`${L}: Must provide at least 1 schedule to join.`);
  if (sc.length !== bd.length + 1) throw new RangeError(`${L}: Received ${bd.length} boundaries but expected ${sc.length - 1}.`);
  const schedules = [...sc] as Schedule[];
  const boundaries = [...bd] as number[];
  return named('joinSchedules', (st) => {
    const step = stepArg('joinSchedules schedule', st);
    let output = schedules[0](step);
    boundaries.forEach((b, k) => {
      const before = typeof step === 'number' ? step < b : mx.less(step, b);
      const next = schedules[k + 1](typeof step === 'number' ? step - b : mx.subtract(step, b));
      output = mx.where(before, output, next);
    });
    return output;
  });
}

/** A line from `init` to `end` over `steps` steps, then `end`. */
export function linearSchedule(init: number | { init: number; end: number; steps: number }, end?: number | { end: number; steps: number },
  steps?: number | { steps: number }): Schedule;
export function linearSchedule(...args: unknown[]): Schedule {
  const L = 'optim.linearSchedule';
  const [i, e, s] = bindArgs(L, ['init', 'end', 'steps'], 3, args);
  const init = num(L, 'init', i);
  const end = num(L, 'end', e);
  const steps = int(L, 'steps', s);
  if (steps < 1) throw new RangeError(`${L}: steps must be greater than 0, but got ${steps}.`);
  return named('linearSchedule', (st) => {
    let step = mx.minimum(stepArg('linearSchedule schedule', st), steps);
    // Python's (end - init) / steps is a float even when whole: an integer step becomes float32 as it would there.
    if (issubdtype(step.dtype, integer)) step = step.astype(float32);
    return mx.add(mx.multiply(step, (end - init) / steps), init);
  });
}
