// mlx.nn.losses: the loss functions of Python's mlx/nn/losses.py.
import { bindArgs } from '../args';
import { MLXError } from '../errors';
import { MxArray } from '../array';
import { tableFunctions } from '../ops';
import { gpu } from '../device';
import { issubdtype, floating, integer, inexact, float32 } from '../dtype';

const core = tableFunctions.core;
const linalg = tableFunctions.linalg;
const fast = tableFunctions.fast;

/** How a loss is reduced: `'none'`, `'mean'` or `'sum'`. */
export type Reduction = 'none' | 'mean' | 'sum';
const REDUCTIONS: readonly string[] = ['none', 'mean', 'sum'];

function reduce(label: string, loss: MxArray, reduction: unknown): MxArray {
  if (typeof reduction !== 'string' || !REDUCTIONS.includes(reduction))
    throw new MLXError(`${label}: Invalid reduction. Must be one of ('none', 'mean', 'sum').`);
  if (reduction === 'mean') return core.mean(loss);
  if (reduction === 'sum') return core.sum(loss);
  return loss;
}

function arr(label: string, name: string, x: unknown): MxArray {
  if (!(x instanceof MxArray)) throw new TypeError(`${label}: '${name}' must be an mx.array, got ${x === null ? 'null' : typeof x}`);
  return x;
}

function num(label: string, name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number') throw new TypeError(`${label}: '${name}' must be a number, got ${v === null ? 'null' : typeof v}`);
  return v;
}

function int(label: string, name: string, v: unknown, dflt: number): number {
  const n = num(label, name, v, dflt);
  if (!Number.isInteger(n)) throw new TypeError(`${label}: '${name}' must be an integer, got ${n}`);
  return n;
}

const shapeText = (s: readonly number[]) => `(${s.join(', ')}${s.length === 1 ? ',' : ''})`;
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

function checkShapes(label: string, what: [string, string], a: MxArray, b: MxArray): void {
  if (!sameShape(a.shape, b.shape)) {
    const [na, nb] = what;
    throw new MLXError(`${label}: ${na[0].toUpperCase()}${na.slice(1)} shape ${shapeText(a.shape)} does not match ${nb} shape ${shapeText(b.shape)}.`);
  }
}

function applyWeights(label: string, loss: MxArray, weights: unknown): MxArray {
  if (weights === undefined || weights === null) return loss;
  const w = arr(label, 'weights', weights);
  if (!sameShape(w.shape, loss.shape))
    throw new MLXError(`${label}: Weights with shape ${shapeText(w.shape)} is not the same as output loss with shape ${shapeText(loss.shape)}.`);
  return core.multiply(loss, w);
}

/**
 * Python's `cross_entropy(logits, targets, weights=None, axis=-1, label_smoothing=0.0, reduction='none')`.
 * `targets` are class indices (one dimension fewer than `logits`) or probabilities (the shape of `logits`).
 */
export function crossEntropy(...args: unknown[]): MxArray {
  const L = 'nn.losses.crossEntropy';
  const [lg, tg, weights, ax, ls, reduction = 'none'] =
    bindArgs(L, ['logits', 'targets', 'weights', 'axis', 'labelSmoothing', 'reduction'], 2, args);
  let logits = arr(L, 'logits', lg);
  const targets = arr(L, 'targets', tg);
  const axis = int(L, 'axis', ax, -1);
  const labelSmoothing = num(L, 'labelSmoothing', ls, 0);
  if (labelSmoothing < 0 || labelSmoothing >= 1) throw new MLXError(`${L}: Label smoothing must be in [0, 1), got ${labelSmoothing}.`);
  const asProbs = targets.ndim === logits.ndim;
  let expected: readonly number[] = logits.shape;
  if (!asProbs) {
    const s = [...logits.shape];
    const i = axis < 0 ? s.length + axis : axis;
    if (i < 0 || i >= s.length) throw new RangeError(`${L}: axis ${axis} is out of bounds for logits with ${s.length} dimensions`);
    s.splice(i, 1);
    expected = s;
  }
  if (!sameShape(targets.shape, expected))
    throw new MLXError(`${L}: Targets shape ${shapeText(targets.shape)} does not match logits shape ${shapeText(logits.shape)}.`);
  const useFast = (core.defaultDevice() as { type?: unknown }).type === gpu && !asProbs && labelSmoothing === 0 &&
    (axis === -1 || axis === logits.ndim - 1) && issubdtype(logits.dtype, floating) && issubdtype(targets.dtype, integer);
  let loss: MxArray;
  if (useFast) {
    loss = fast.crossEntropy(logits, targets).astype(logits.dtype);
  } else {
    logits = core.subtract(logits, core.stopGradient(core.max(logits, { axis, keepdims: true })));
    const score = asProbs
      ? core.sum(core.multiply(logits, targets), { axis })
      : core.squeeze(core.takeAlongAxis(logits, core.expandDims(targets, axis), axis), axis);
    const lse = core.logsumexp(logits, { axis });
    if (labelSmoothing > 0) {
      const adjusted = core.multiply(1 - labelSmoothing, score);
      const smoothed = core.multiply(core.negative(core.mean(logits, { axis })), labelSmoothing);
      loss = core.add(core.subtract(lse, adjusted), smoothed);
    } else {
      loss = core.subtract(lse, score);
    }
  }
  return reduce(L, applyWeights(L, loss, weights), reduction);
}

/**
 * Python's `binary_cross_entropy(inputs, targets, weights=None, with_logits=True, reduction='mean')`:
 * `inputs` are logits (`withLogits`, the default) or probabilities.
 */
export function binaryCrossEntropy(...args: unknown[]): MxArray {
  const L = 'nn.losses.binaryCrossEntropy';
  const [i, t, weights, wl = true, reduction = 'mean'] =
    bindArgs(L, ['inputs', 'targets', 'weights', 'withLogits', 'reduction'], 2, args);
  const inputs = arr(L, 'inputs', i), targets = arr(L, 'targets', t);
  checkShapes(L, ['inputs', 'targets'], inputs, targets);
  let loss: MxArray;
  if (wl) {
    loss = core.subtract(core.logaddexp(0.0, inputs), core.multiply(inputs, targets));
  } else {
    const logIn = core.clip(core.log(inputs), -100, null);
    const logInv = core.clip(core.log(core.subtract(1, inputs)), -100, null);
    loss = core.negative(core.add(core.multiply(targets, logIn), core.multiply(core.subtract(1, targets), logInv)));
  }
  return reduce(L, applyWeights(L, loss, weights), reduction);
}

function pointwise(L: string, args: unknown[], dflt: Reduction, f: (p: MxArray, t: MxArray) => MxArray): MxArray {
  const [p, t, reduction = dflt] = bindArgs(L, ['predictions', 'targets', 'reduction'], 2, args);
  const predictions = arr(L, 'predictions', p), targets = arr(L, 'targets', t);
  checkShapes(L, ['predictions', 'targets'], predictions, targets);
  return reduce(L, f(predictions, targets), reduction);
}

/** Python's `l1_loss(predictions, targets, reduction='mean')`: |predictions − targets|. */
export function l1Loss(...args: unknown[]): MxArray {
  return pointwise('nn.losses.l1Loss', args, 'mean', (p, t) => core.abs(core.subtract(p, t)));
}

/** Python's `mse_loss(predictions, targets, reduction='mean')`: (predictions − targets)². */
export function mseLoss(...args: unknown[]): MxArray {
  return pointwise('nn.losses.mseLoss', args, 'mean', (p, t) => core.square(core.subtract(p, t)));
}

/** Python's `nll_loss(inputs, targets, axis=-1, reduction='none')`: −inputs[targets] along `axis`. */
export function nllLoss(...args: unknown[]): MxArray {
  const L = 'nn.losses.nllLoss';
  const [i, t, ax, reduction = 'none'] = bindArgs(L, ['inputs', 'targets', 'axis', 'reduction'], 2, args);
  const inputs = arr(L, 'inputs', i), targets = arr(L, 'targets', t);
  const axis = int(L, 'axis', ax, -1);
  const loss = core.negative(core.squeeze(core.takeAlongAxis(inputs, core.expandDims(targets, axis), axis), axis));
  return reduce(L, loss, reduction);
}

/** Python's `gaussian_nll_loss(inputs, targets, vars, full=False, eps=1e-6, reduction='mean')`. */
export function gaussianNllLoss(...args: unknown[]): MxArray {
  const L = 'nn.losses.gaussianNllLoss';
  const [i, t, v, full = false, e, reduction = 'mean'] =
    bindArgs(L, ['inputs', 'targets', 'vars', 'full', 'eps', 'reduction'], 3, args);
  const inputs = arr(L, 'inputs', i), targets = arr(L, 'targets', t);
  let vars = arr(L, 'vars', v);
  const eps = num(L, 'eps', e, 1e-6);
  checkShapes(L, ['inputs', 'targets'], inputs, targets);
  checkShapes(L, ['inputs', 'vars'], inputs, vars);
  vars = core.maximum(vars, eps);
  let loss = core.multiply(0.5, core.add(core.log(vars), core.divide(core.square(core.subtract(targets, inputs)), vars)));
  if (full) loss = core.add(loss, 0.5 * Math.log(2 * Math.PI));
  return reduce(L, loss, reduction);
}

/** Python's `kl_div_loss(inputs, targets, axis=-1, reduction='none')`: Σ exp(targets)·(targets − inputs) (log-probabilities). */
export function klDivLoss(...args: unknown[]): MxArray {
  const L = 'nn.losses.klDivLoss';
  const [i, t, ax, reduction = 'none'] = bindArgs(L, ['inputs', 'targets', 'axis', 'reduction'], 2, args);
  const inputs = arr(L, 'inputs', i), targets = arr(L, 'targets', t);
  const axis = int(L, 'axis', ax, -1);
  const loss = core.sum(core.multiply(core.exp(targets), core.subtract(targets, inputs)), axis);
  return reduce(L, loss, reduction);
}

/** Python's `smooth_l1_loss(predictions, targets, beta=1.0, reduction='mean')`. */
export function smoothL1Loss(...args: unknown[]): MxArray {
  const L = 'nn.losses.smoothL1Loss';
  const [p, t, b, reduction = 'mean'] = bindArgs(L, ['predictions', 'targets', 'beta', 'reduction'], 2, args);
  const predictions = arr(L, 'predictions', p), targets = arr(L, 'targets', t);
  const beta = num(L, 'beta', b, 1);
  checkShapes(L, ['predictions', 'targets'], predictions, targets);
  const diff = core.abs(core.subtract(predictions, targets));
  const loss = core.where(core.less(diff, beta),
    core.divide(core.multiply(0.5, core.square(diff)), beta), core.subtract(core.abs(diff), 0.5 * beta));
  return reduce(L, loss, reduction);
}

/** Python's `triplet_loss(anchors, positives, negatives, axis=-1, p=2, margin=1.0, eps=1e-6, reduction='none')`. */
export function tripletLoss(...args: unknown[]): MxArray {
  const L = 'nn.losses.tripletLoss';
  const [a, po, ne, ax, pp, mg, e, reduction = 'none'] =
    bindArgs(L, ['anchors', 'positives', 'negatives', 'axis', 'p', 'margin', 'eps', 'reduction'], 3, args);
  const anchors = arr(L, 'anchors', a), positives = arr(L, 'positives', po), negatives = arr(L, 'negatives', ne);
  const axis = int(L, 'axis', ax, -1), p = num(L, 'p', pp, 2), margin = num(L, 'margin', mg, 1), eps = num(L, 'eps', e, 1e-6);
  const dist = (o: MxArray) =>
    core.power(core.add(core.sum(core.power(core.abs(core.subtract(anchors, o)), p), axis), eps), 1.0 / p);
  const loss = core.maximum(core.add(core.subtract(dist(positives), dist(negatives)), margin), 0);
  return reduce(L, loss, reduction);
}

/** Python's `hinge_loss(inputs, targets, reduction='none')`: max(1 − inputs·targets, 0). */
export function hingeLoss(...args: unknown[]): MxArray {
  const L = 'nn.losses.hingeLoss';
  const [i, t, reduction = 'none'] = bindArgs(L, ['inputs', 'targets', 'reduction'], 2, args);
  const inputs = arr(L, 'inputs', i), targets = arr(L, 'targets', t);
  return reduce(L, core.maximum(core.subtract(1, core.multiply(inputs, targets)), 0), reduction);
}

/** Python's `huber_loss(inputs, targets, delta=1.0, reduction='none')`. */
export function huberLoss(...args: unknown[]): MxArray {
  const L = 'nn.losses.huberLoss';
  const [i, t, d, reduction = 'none'] = bindArgs(L, ['inputs', 'targets', 'delta', 'reduction'], 2, args);
  const inputs = arr(L, 'inputs', i), targets = arr(L, 'targets', t);
  const delta = num(L, 'delta', d, 1);
  const absErr = core.abs(core.subtract(inputs, targets));
  const quadratic = core.minimum(absErr, delta);
  const linear = core.subtract(absErr, quadratic);
  const loss = core.add(core.multiply(0.5, core.power(quadratic, 2)), core.multiply(delta, linear));
  return reduce(L, loss, reduction);
}

/** Python's `log_cosh_loss(inputs, targets, reduction='none')`: log(cosh(inputs − targets)). */
export function logCoshLoss(...args: unknown[]): MxArray {
  const L = 'nn.losses.logCoshLoss';
  const [i, t, reduction = 'none'] = bindArgs(L, ['inputs', 'targets', 'reduction'], 2, args);
  const inputs = arr(L, 'inputs', i), targets = arr(L, 'targets', t);
  const errors = core.subtract(inputs, targets);
  return reduce(L, core.subtract(core.logaddexp(errors, core.negative(errors)), Math.log(2)), reduction);
}

/** Python's `cosine_similarity_loss(x1, x2, axis=1, eps=1e-8, reduction='none')`. */
export function cosineSimilarityLoss(...args: unknown[]): MxArray {
  const L = 'nn.losses.cosineSimilarityLoss';
  const [a, b, ax, e, reduction = 'none'] = bindArgs(L, ['x1', 'x2', 'axis', 'eps', 'reduction'], 2, args);
  const x1 = arr(L, 'x1', a), x2 = arr(L, 'x2', b);
  const axis = int(L, 'axis', ax, 1), eps = num(L, 'eps', e, 1e-8);
  const n1 = linalg.norm(x1, { axis }), n2 = linalg.norm(x2, { axis });
  const loss = core.divide(core.sum(core.multiply(x1, x2), { axis }), core.maximum(core.multiply(n1, n2), eps));
  return reduce(L, loss, reduction);
}

/** Python's `margin_ranking_loss(inputs1, inputs2, targets, margin=0.0, reduction='none')`. */
export function marginRankingLoss(...args: unknown[]): MxArray {
  const L = 'nn.losses.marginRankingLoss';
  const [a, b, t, m, reduction = 'none'] = bindArgs(L, ['inputs1', 'inputs2', 'targets', 'margin', 'reduction'], 3, args);
  const inputs1 = arr(L, 'inputs1', a), inputs2 = arr(L, 'inputs2', b), targets = arr(L, 'targets', t);
  const margin = num(L, 'margin', m, 0);
  if (!sameShape(inputs1.shape, inputs2.shape) || !sameShape(inputs1.shape, targets.shape))
    throw new MLXError(`${L}: The shapes of the arguments do not match. The provided shapes are inputs1.shape=${shapeText(inputs1.shape)}, inputs2.shape=${shapeText(inputs2.shape)}, and targets.shape=${shapeText(targets.shape)}.`);
  let scaled = core.multiply(core.negative(targets), core.subtract(inputs1, inputs2));
  // Python's default margin is the float 0.0: it makes an integer difference float32.
  if (m === undefined && !issubdtype(scaled.dtype, inexact)) scaled = scaled.astype(float32);
  const loss = core.maximum(0, core.add(scaled, margin));
  return reduce(L, loss, reduction);
}

type Loss<A extends unknown[]> = (...args: A) => MxArray;
type R = { reduction?: Reduction };
/** Python's `mlx.nn.losses` (keyword arguments in a trailing object, camelCased). */
export const losses = Object.freeze({
  crossEntropy: crossEntropy as Loss<[logits: MxArray, targets: MxArray, kw?: R & { weights?: MxArray | null; axis?: number; labelSmoothing?: number }]>,
  binaryCrossEntropy: binaryCrossEntropy as Loss<[inputs: MxArray, targets: MxArray, kw?: R & { weights?: MxArray | null; withLogits?: boolean }]>,
  l1Loss: l1Loss as Loss<[predictions: MxArray, targets: MxArray, kw?: R]>,
  mseLoss: mseLoss as Loss<[predictions: MxArray, targets: MxArray, kw?: R]>,
  nllLoss: nllLoss as Loss<[inputs: MxArray, targets: MxArray, kw?: R & { axis?: number }]>,
  gaussianNllLoss: gaussianNllLoss as Loss<[inputs: MxArray, targets: MxArray, vars: MxArray, kw?: R & { full?: boolean; eps?: number }]>,
  klDivLoss: klDivLoss as Loss<[inputs: MxArray, targets: MxArray, kw?: R & { axis?: number }]>,
  smoothL1Loss: smoothL1Loss as Loss<[predictions: MxArray, targets: MxArray, kw?: R & { beta?: number }]>,
  tripletLoss: tripletLoss as Loss<[anchors: MxArray, positives: MxArray, negatives: MxArray, kw?: R & { axis?: number; p?: number; margin?: number; eps?: number }]>,
  hingeLoss: hingeLoss as Loss<[inputs: MxArray, targets: MxArray, kw?: R]>,
  huberLoss: huberLoss as Loss<[inputs: MxArray, targets: MxArray, kw?: R & { delta?: number }]>,
  logCoshLoss: logCoshLoss as Loss<[inputs: MxArray, targets: MxArray, kw?: R]>,
  cosineSimilarityLoss: cosineSimilarityLoss as Loss<[x1: MxArray, x2: MxArray, kw?: R & { axis?: number; eps?: number }]>,
  marginRankingLoss: marginRankingLoss as Loss<[inputs1: MxArray, inputs2: MxArray, targets: MxArray, kw?: R & { margin?: number }]>,
});
