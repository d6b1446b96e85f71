// The activation functions of Python's mlx/nn/layers/activations.py (the
// function forms; the layer classes come with nn.Module).
import { bindArgs } from '../args';
import { MxArray } from '../array';
import { tableFunctions } from '../ops';
import { issubdtype, inexact, float32 } from '../dtype';

const core = tableFunctions.core;
type A = MxArray;

function arr(label: string, x: unknown): MxArray {
  if (!(x instanceof MxArray)) throw new TypeError(`${label}: 'x' must be an mx.array, got ${x === null ? 'null' : typeof x}`);
  return x;
}

function num(label: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number') throw new TypeError(`${label}: '${name}' must be a number, got ${v === null ? 'null' : typeof v}`);
  return v;
}

// A one-argument activation f(x).
function unary(name: string, f: (x: A) => A): (x: A) => A {
  const label = `nn.${name}`;
  const g = (...args: unknown[]) => {
    const [x] = bindArgs(label, ['x'], 1, args);
    return f(arr(label, x));
  };
  Object.defineProperty(g, 'name', { value: name });
  return g as (x: A) => A;
}

// f(x, p = dflt) with one number parameter.
function withParam<K extends string>(name: string, param: K, dflt: number, f: (x: A, p: number) => A, integral = false) {
  const label = `nn.${name}`;
  const g = (...args: unknown[]) => {
    const [x, p] = bindArgs(label, ['x', param], 1, args);
    const v = num(label, param, p, dflt);
    if (integral && !Number.isInteger(v)) throw new TypeError(`${label}: '${param}' must be an integer, got ${v}`);
    return f(arr(label, x), v);
  };
  Object.defineProperty(g, 'name', { value: name });
  return g as { (x: A, kw?: { [P in K]?: number }): A; (x: A, p?: number): A };
}

// Python's float literals (6.0, the default -1.0) promote an integer array to float32 as weak scalars; a JS
// number that is a whole number is an int, so where Python's literal is a float the array is made float first.
const asFloat = (x: A) => (issubdtype(x.dtype, inexact) ? x : x.astype(float32));

const softplusF = (x: A) => core.logaddexp(x, 0);
const eluF = (x: A, alpha: number) => core.where(core.greater(x, 0), x, core.multiply(alpha, core.subtract(core.exp(x), 1)));

export const sigmoid = unary('sigmoid', (x) => core.sigmoid(x));
export const relu = unary('relu', (x) => core.maximum(x, 0));
export const relu2 = unary('relu2', (x) => core.square(core.maximum(x, 0)));
export const relu6 = unary('relu6', (x) => core.minimum(asFloat(core.maximum(x, 0)), 6.0));
export const leakyRelu = withParam('leakyRelu', 'negativeSlope', 0.01, (x, s) => core.maximum(core.multiply(s, x), x));
export const logSoftmax = withParam('logSoftmax', 'axis', -1, (x, axis) => {
  const y = core.subtract(x, core.stopGradient(core.max(x, { axis, keepdims: true })));
  return core.subtract(y, core.logsumexp(y, { axis, keepdims: true }));
}, true);
export const elu = withParam('elu', 'alpha', 1.0, eluF);
export const softmax = withParam('softmax', 'axis', -1, (x, axis) => core.softmax(x, { axis }), true);
export const softplus = unary('softplus', softplusF);
export const softsign = unary('softsign', (x) => core.divide(x, core.add(1, core.abs(x))));
export const softshrink = withParam('softshrink', 'lambd', 0.5, (x, l) =>
  core.where(core.greater(core.abs(x), l), core.subtract(x, core.multiply(core.sign(x), l)), 0));
export const celu = withParam('celu', 'alpha', 1.0, (x, alpha) =>
  core.add(core.maximum(x, 0.0), core.multiply(alpha, core.subtract(core.exp(core.divide(core.minimum(x, 0.0), alpha)), 1))));
export const silu = unary('silu', (x) => core.multiply(x, core.sigmoid(x)));
export const logSigmoid = unary('logSigmoid', (x) => core.negative(softplusF(core.negative(x))));
export const gelu = unary('gelu', (x) => core.divide(core.multiply(x, core.add(1, core.erf(core.divide(x, Math.sqrt(2))))), 2));
export const geluApprox = unary('geluApprox', (x) =>
  core.multiply(core.multiply(0.5, x), core.add(1, core.tanh(core.multiply(Math.sqrt(2 / Math.PI),
    core.add(x, core.multiply(0.044715, core.power(x, 3))))))));
export const geluFastApprox = unary('geluFastApprox', (x) => core.multiply(x, core.sigmoid(core.multiply(1.702, x))));
export const glu = withParam('glu', 'axis', -1, (x, axis) => {
  const [a, b] = core.split(x, 2, { axis });
  return core.multiply(a, core.sigmoid(b));
}, true);
export const step = withParam('step', 'threshold', 0.0, (x, t) => core.where(core.greaterEqual(x, t), 1, 0));
export const selu = unary('selu', (x) => core.multiply(eluF(x, 1.67326), 1.0507));
export const mish = unary('mish', (x) => core.multiply(x, core.tanh(softplusF(x))));
export const hardswish = unary('hardswish', (x) => core.divide(core.multiply(x, core.minimum(core.maximum(core.add(x, 3), 0), 6)), 6));
export const hardShrink = withParam('hardShrink', 'lambd', 0.5, (x, l) => core.where(core.greater(core.abs(x), l), x, 0));
export const softmin = withParam('softmin', 'axis', -1, (x, axis) => core.softmax(core.negative(x), { axis }), true);
export const tanh = unary('tanh', (x) => core.tanh(x));

/** Python's `prelu(x, alpha)`: max(0, x) + alpha·min(0, x). */
export function prelu(...args: unknown[]): A {
  const [x, alpha] = bindArgs('nn.prelu', ['x', 'alpha'], 2, args);
  const a = arr('nn.prelu', x);
  if (!(alpha instanceof MxArray)) throw new TypeError(`nn.prelu: 'alpha' must be an mx.array`);
  return core.add(core.maximum(0, a), core.multiply(alpha, core.minimum(0, a)));
}

/** Python's `hard_tanh(x, min_val=-1.0, max_val=1.0)`: x clipped to [minVal, maxVal]. */
export function hardTanh(...args: unknown[]): A {
  const L = 'nn.hardTanh';
  const [x, lo, hi] = bindArgs(L, ['x', 'minVal', 'maxVal'], 1, args);
  const a = arr(L, x);
  const y = core.maximum(lo === undefined ? asFloat(a) : a, num(L, 'minVal', lo, -1.0));
  return core.minimum(hi === undefined ? asFloat(y) : y, num(L, 'maxVal', hi, 1.0));
}

/** The activation functions of `mlx.nn`. */
export const activations = {
  sigmoid, relu, relu2, relu6, leakyRelu, logSoftmax, elu, softmax, softplus, softsign, softshrink, celu, silu,
  logSigmoid, gelu, geluApprox, geluFastApprox, glu, step, selu, prelu: prelu as (x: A, alpha: A) => A, mish,
  hardswish, hardTanh: hardTanh as (x: A, minVal?: number | { minVal?: number; maxVal?: number }, maxVal?: number) => A,
  hardShrink, softmin, tanh,
};
