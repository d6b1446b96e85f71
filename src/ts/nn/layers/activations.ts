// The activation layer classes of Python's mlx/nn/layers/activations.py (mlx 0.32.4): each calls
// the matching function of nn (src/ts/nn/activations.ts).
import { MxArray } from '../../array';
import { float32 } from '../../dtype';
import { MLXError } from '../../errors';
import * as F from '../activations';
import { Module } from '../module';
import { arr, bind, core, int, num } from './util';

type Fn = (x: MxArray) => MxArray;

// A class whose forward is f(x) and whose constructor takes no arguments.
function simple(name: string, f: Fn): new () => Module & { forward(x: MxArray): MxArray } {
  const C = class extends Module {
    constructor(...args: unknown[]) {
      super();
      bind(`nn.${name}`, [], 0, args);
    }
    forward(x: MxArray): MxArray {
      return f(arr(`nn.${name}.forward`, 'x', x));
    }
  };
  Object.defineProperty(C, 'name', { value: name });
  return C;
}

export const Sigmoid = simple('Sigmoid', F.sigmoid);
export const Mish = simple('Mish', F.mish);
export const ReLU = simple('ReLU', F.relu);
export const ReLU2 = simple('ReLU2', F.relu2);
export const ReLU6 = simple('ReLU6', F.relu6);
export const Softmax = simple('Softmax', (x) => F.softmax(x));
export const Softplus = simple('Softplus', F.softplus);
export const Softsign = simple('Softsign', F.softsign);
export const SiLU = simple('SiLU', F.silu);
export const LogSoftmax = simple('LogSoftmax', (x) => F.logSoftmax(x));
export const LogSigmoid = simple('LogSigmoid', F.logSigmoid);
export const Tanh = simple('Tanh', F.tanh);
export const Hardswish = simple('Hardswish', F.hardswish);
export const SELU = simple('SELU', F.selu);
export const HardTanh = simple('HardTanh', (x) => F.hardTanh(x));
export const Softmin = simple('Softmin', (x) => F.softmin(x));

/** Gated linear unit: splits `axis` in halves a, b and returns a·σ(b). */
export class GLU extends Module {
  declare axis: number;
  constructor(axis?: number | { axis?: number });
  constructor(...args: unknown[]) {
    super();
    const [a] = bind('nn.GLU', ['axis'], 0, args);
    this.axis = int('nn.GLU', 'axis', a, -1);
  }
  forward(x: MxArray): MxArray {
    return F.glu(arr('nn.GLU.forward', 'x', x), this.axis);
  }
}

/** max(negativeSlope·x, x). */
export class LeakyReLU extends Module {
  declare _negativeSlope: number;
  constructor(negativeSlope?: number | { negativeSlope?: number });
  constructor(...args: unknown[]) {
    super();
    const [s] = bind('nn.LeakyReLU', ['negativeSlope'], 0, args);
    this._negativeSlope = num('nn.LeakyReLU', 'negativeSlope', s, 1e-2);
  }
  forward(x: MxArray): MxArray {
    return F.leakyRelu(arr('nn.LeakyReLU.forward', 'x', x), this._negativeSlope);
  }
}

/** Exponential linear unit with `alpha` (default 1). */
export class ELU extends Module {
  declare _alpha: number;
  constructor(alpha?: number | { alpha?: number });
  constructor(...args: unknown[]) {
    super();
    const [a] = bind('nn.ELU', ['alpha'], 0, args);
    this._alpha = num('nn.ELU', 'alpha', a, 1.0);
  }
  forward(x: MxArray): MxArray {
    return F.elu(arr('nn.ELU.forward', 'x', x), this._alpha);
  }
}

/** Continuously differentiable ELU with `alpha` (default 1). */
export class CELU extends Module {
  declare _alpha: number;
  constructor(alpha?: number | { alpha?: number });
  constructor(...args: unknown[]) {
    super();
    const [a] = bind('nn.CELU', ['alpha'], 0, args);
    this._alpha = num('nn.CELU', 'alpha', a, 1.0);
  }
  forward(x: MxArray): MxArray {
    return F.celu(arr('nn.CELU.forward', 'x', x), this._alpha);
  }
}

/** Softshrink with `lambd` (default 0.5). */
export class Softshrink extends Module {
  declare lambd: number;
  constructor(lambd?: number | { lambd?: number });
  constructor(...args: unknown[]) {
    super();
    const [l] = bind('nn.Softshrink', ['lambd'], 0, args);
    this.lambd = num('nn.Softshrink', 'lambd', l, 0.5);
  }
  forward(x: MxArray): MxArray {
    return F.softshrink(arr('nn.Softshrink.forward', 'x', x), this.lambd);
  }
}

/** HardShrink with `lambd` (default 0.5). */
export class HardShrink extends Module {
  declare lambd: number;
  constructor(lambd?: number | { lambd?: number });
  constructor(...args: unknown[]) {
    super();
    const [l] = bind('nn.HardShrink', ['lambd'], 0, args);
    this.lambd = num('nn.HardShrink', 'lambd', l, 0.5);
  }
  forward(x: MxArray): MxArray {
    return F.hardShrink(arr('nn.HardShrink.forward', 'x', x), this.lambd);
  }
}

/** 1 where x ≥ threshold, else 0. */
export class Step extends Module {
  declare threshold: number;
  constructor(threshold?: number | { threshold?: number });
  constructor(...args: unknown[]) {
    super();
    const [t] = bind('nn.Step', ['threshold'], 0, args);
    this.threshold = num('nn.Step', 'threshold', t, 0.0);
  }
  forward(x: MxArray): MxArray {
    return F.step(arr('nn.Step.forward', 'x', x), this.threshold);
  }
}

/**
 * Parametric ReLU with a learnt `weight` of `numParameters` values, all `init` (default 0.25).
 * The weight is float32 (Python's mx.full of an int `init` would make it int32; a JS number cannot say which).
 */
export class PReLU extends Module {
  declare weight: MxArray;
  constructor(numParameters?: number, init?: number);
  constructor(kw: { numParameters?: number; init?: number });
  constructor(...args: unknown[]) {
    super();
    const [n, i] = bind('nn.PReLU', ['numParameters', 'init'], 0, args);
    this.weight = core.full([int('nn.PReLU', 'numParameters', n, 1)], num('nn.PReLU', 'init', i, 0.25), float32);
  }
  forward(x: MxArray): MxArray {
    return F.prelu(arr('nn.PReLU.forward', 'x', x), this.weight);
  }
}

/** GELU: `approx` 'none' (exact, the default), 'precise' or 'tanh' (tanh approximation), 'fast' (sigmoid approximation). */
export class GELU extends Module {
  declare _approx: string;
  constructor(approx?: 'none' | 'precise' | 'tanh' | 'fast' | { approx?: 'none' | 'precise' | 'tanh' | 'fast' });
  constructor(...args: unknown[]) {
    super();
    const [a] = bind('nn.GELU', ['approx'], 0, args);
    const approx = a === undefined ? 'none' : a;
    if (typeof approx !== 'string') throw new TypeError(`nn.GELU: 'approx' must be a string, got ${approx === null ? 'null' : typeof approx}`);
    this._approx = approx;
    const allowed = ['none', 'precise', 'tanh', 'fast'];
    if (!allowed.includes(approx))
      throw new MLXError(`The approximation should be in [${allowed.map((s) => `'${s}'`).join(', ')}] but '${approx}' was given`);
  }
  forward(x: MxArray): MxArray {
    arr('nn.GELU.forward', 'x', x);
    if (this._approx === 'none') return F.gelu(x);
    if (this._approx === 'precise' || this._approx === 'tanh') return F.geluApprox(x);
    return F.geluFastApprox(x);
  }
}

export const activationLayers = {
  GLU, Sigmoid, Mish, ReLU, ReLU2, ReLU6, LeakyReLU, ELU, Softmax, Softplus, Softsign, Softshrink, CELU, SiLU,
  LogSoftmax, LogSigmoid, PReLU, GELU, Tanh, Hardswish, Step, SELU, HardTanh, HardShrink, Softmin,
};
