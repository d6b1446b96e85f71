// mx.optimizers: options and their errors, state save/load, update() on a
// model-like object, mx.tidy, subclassing, the 'mlx-node/optimizers' entry.
// Values against Python's mlx.optimizers are tests/python/test_optimizers.py.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mx, { optimizers as optim } from '../../src/ts/index';

type A = ReturnType<typeof mx.ones>;
const ROOT = path.resolve(__dirname, '..', '..');

function params() {
  return { w: mx.array([[1, 2], [3, 4]], mx.float32), layers: [{ b: mx.array([0.5, -0.5], mx.float32) }] };
}
function grads() {
  return { w: mx.array([[0.1, -0.2], [0.3, 0.4]], mx.float32), layers: [{ b: mx.array([1, -1], mx.float32) }] };
}
const list = (a: A) => a.tolist() as unknown;

describe('optimizers', () => {
  it('exposes every optimizer, schedule and clipGradNorm on mx.optimizers', () => {
    for (const n of ['Optimizer', 'SGD', 'RMSprop', 'Adagrad', 'AdaDelta', 'Adam', 'AdamW', 'Adamax', 'Lion', 'Adafactor', 'Muon',
      'MultiOptimizer', 'clipGradNorm', 'exponentialDecay', 'stepDecay', 'cosineDecay', 'joinSchedules', 'linearSchedule'])
      assert.equal(typeof (optim as Record<string, unknown>)[n], 'function', n);
    assert.equal(mx.optimizers, optim);
  });

  it('takes the learning rate positionally or by keyword, and keeps Python state keys', () => {
    const a = new optim.SGD(0.1, { momentum: 0.9 });
    const b = new optim.SGD({ learningRate: 0.1, momentum: 0.9 });
    a.init(params());
    assert.deepEqual(Object.keys(a.state), ['step', 'learning_rate', 'w', 'layers']);
    assert.deepEqual(Object.keys(a.state.layers[0].b), ['v']);
    assert.equal(a.step.dtype, mx.uint64);
    assert.ok(Math.abs(a.learningRate.item() as number - 0.1) < 1e-7);
    assert.ok(Math.abs(b.learningRate.item() as number - 0.1) < 1e-7);
    assert.equal(b.momentum, 0.9);
    b.learningRate = 0.5;
    assert.equal(b.learningRate.item(), 0.5);
    assert.equal(b.state.learning_rate.dtype, mx.float32);
  });

  it('names the option in its errors', () => {
    assert.throws(() => new optim.SGD({ learningRate: 0.1, momentum: '0.9' as unknown as number }), /optim\.SGD: parameter 'momentum' expected a number/);
    assert.throws(() => new optim.Adam({ learningRate: 0.1, betas: [0.9] as unknown as [number, number] }), { name: 'TypeError', message: /'betas'/ });
    assert.throws(() => new optim.Adam({ learningRate: 0.1, beta: [0.9, 0.9] } as never), /unknown keyword argument 'beta' \(did you mean 'betas'\?\)/);
    assert.throws(() => new (optim.SGD as unknown as new () => unknown)(), /missing required argument 'learningRate'/);
    assert.throws(() => new optim.SGD('fast' as never), { name: 'TypeError', message: /'learningRate'/ });
    assert.throws(() => new optim.SGD(0.1, { nesterov: true }), { name: 'RangeError', message: /Nesterov momentum requires a momentum/ });
    assert.throws(() => new optim.Adam(0.1, [1.0, 0.9]), { name: 'RangeError', message: /beta1 should be in \[0, 1\)/ });
    assert.throws(() => new optim.Lion(0.1, [0.9, -0.1]), { name: 'RangeError', message: /beta2/ });
    assert.throws(() => new optim.RMSprop(0.1, { eps: 0 }), { name: 'RangeError', message: /epsilon should be >0/ });
    assert.throws(() => new optim.AdaDelta(0.1, { rho: -1 }), { name: 'RangeError', message: /rho should be >=0/ });
    assert.throws(() => new optim.Muon(0.1, { nsSteps: 2.5 }), /parameter 'nsSteps' expected an integer/);
    assert.throws(() => new optim.Adafactor({ relativeStep: false }), /'learningRate' is required when relativeStep is false/);
    assert.throws(() => new optim.MultiOptimizer([new optim.SGD(0.1), new optim.Adam(0.1)]), /Given 0 filters but 1 needed/);
    assert.throws(() => optim.stepDecay(0.1, 0.9, 0), { name: 'RangeError', message: /step_size must be greater than 0/ });
    assert.throws(() => optim.cosineDecay(0.1, 0), { name: 'RangeError' });
    assert.throws(() => optim.linearSchedule(0, 1, 0), { name: 'RangeError' });
    assert.throws(() => optim.joinSchedules([], []), /at least 1 schedule/);
    assert.throws(() => optim.joinSchedules([optim.exponentialDecay(1, 0.5)], [3]), /Received 1 boundaries but expected 0/);
    assert.throws(() => optim.clipGradNorm({ w: mx.ones([2]) }, -1), { name: 'RangeError', message: /max_norm should be >=0/ });
    assert.throws(() => optim.clipGradNorm({ w: mx.ones([2]) }, '1' as never), /parameter 'maxNorm' expected a number/);
    assert.throws(() => new optim.SGD(0.1).update({} as never, grads()), /'model' expected an object with an update\(\) method/);
  });

  it('applyGradients returns a tree shaped like the gradients and steps the state', () => {
    const opt = new optim.SGD(0.5);
    const p = params();
    const out = opt.applyGradients({ w: grads().w }, p) as { w: A };
    assert.deepEqual(Object.keys(out), ['w']);
    assert.deepEqual(list(out.w), [[0.949999988079071, 2.0999999046325684], [2.8499999046325684, 3.799999952316284]]);
    assert.equal(opt.step.item(), 1n);
  });

  it('update(model, grads) works with any object that has update() and parameters()', () => {
    let current = params();
    const model = {
      parameters: () => current,
      update(p: { w: A }) { current = { ...current, ...p }; },
    };
    const opt = new optim.Adam({ learningRate: 0.1 });
    opt.update(model, { w: grads().w });
    assert.notDeepEqual(list(current.w), list(params().w));
    assert.deepEqual(list(current.layers[0].b), list(params().layers[0].b));
    const onlyTrainable = { trainableParameters: () => current, update(p: { w: A }) { current = { ...current, ...p }; } };
    new optim.SGD(0.1).update(onlyTrainable, { w: grads().w });
  });

  it('saves its state with saveSafetensors and resumes from it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx-optim-'));
    const run = (opt: InstanceType<typeof optim.Adam>, p: ReturnType<typeof params>, n: number) => {
      for (let i = 0; i < n; i++) p = opt.applyGradients(grads(), p) as ReturnType<typeof params>;
      return p;
    };
    const straight = run(new optim.Adam(0.1, { biasCorrection: true }), params(), 6);
    const first = new optim.Adam(0.1, { biasCorrection: true });
    const half = run(first, params(), 3);
    const flat = (t: unknown, pre = '', out: Record<string, A> = {}): Record<string, A> => {
      if (Array.isArray(t)) t.forEach((x, i) => flat(x, `${pre}${i}.`, out));
      else if (t instanceof mx.array) out[pre.slice(0, -1)] = t;
      else for (const [k, v] of Object.entries(t as object)) flat(v, `${pre}${k}.`, out);
      return out;
    };
    const file = path.join(dir, 'state.safetensors');
    mx.saveSafetensors(file, flat(first.state));
    const loaded = mx.load(file) as Record<string, A>;
    assert.equal(loaded.step.dtype, mx.uint64);
    const second = new optim.Adam(0.1, { biasCorrection: true });
    second.state = {
      step: loaded.step, learning_rate: loaded.learning_rate, w: { m: loaded['w.m'], v: loaded['w.v'] },
      layers: [{ b: { m: loaded['layers.0.b.m'], v: loaded['layers.0.b.v'] } }],
    };
    const resumed = run(second, half, 3);
    assert.deepEqual(list(resumed.w), list(straight.w));
    assert.deepEqual(list(resumed.layers[0].b), list(straight.layers[0].b));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('state survives mx.tidy: the step keeps only what it returns, the optimizer keeps its state', () => {
    const opt = new optim.Adam(0.1);
    let p = params();
    for (let i = 0; i < 3; i++) p = mx.tidy(() => opt.applyGradients(grads(), p)) as ReturnType<typeof params>;
    assert.equal(opt.step.item(), 3n);
    assert.equal(opt.state.w.m.disposed, false);
    assert.equal(opt.learningRate.disposed, false);
    mx.eval(p, opt.state);
    let current = params();
    const model = { parameters: () => current, update(q: ReturnType<typeof params>) { current = q; } };
    mx.tidy(() => { opt.update(model, grads()); });
    assert.equal(current.w.disposed, false);
    const fresh = new optim.Adam(0.1);
    mx.tidy(() => { fresh.state = { step: mx.array(3, mx.uint64), learning_rate: mx.array(0.5, mx.float32) }; });
    assert.equal(fresh.step.disposed, false);
    mx.eval(current);
  });

  it('a schedule as learning rate is evaluated at each step, as in Python', () => {
    const opt = new optim.SGD(optim.exponentialDecay(0.1, 0.9));
    assert.ok(Math.abs(opt.learningRate.item() as number - 0.1) < 1e-7);
    for (let i = 0; i < 5; i++) opt.update({ parameters: () => ({}), update() {} }, {});
    assert.ok(Math.abs(opt.learningRate.item() as number - 0.06561) < 1e-6);
    const lin = optim.linearSchedule(0, 10, 10);
    assert.equal((lin(mx.array(3, mx.uint64)) as A).dtype, mx.float32); // Python's (end - init) / steps is a float
    assert.equal(optim.exponentialDecay(2, 0.5)(3), 0.25);
  });

  it('MultiOptimizer splits by path and saves both states', () => {
    const opt = new optim.MultiOptimizer([new optim.Adam(0.1), new optim.SGD(0.1)], [(p: string) => p.startsWith('layers')]);
    const out = opt.applyGradients(grads(), params()) as ReturnType<typeof params>;
    assert.deepEqual(Object.keys(out).sort(), ['layers', 'w']);
    assert.deepEqual(Object.keys(opt.state), ['states']);
    assert.ok('m' in opt.state.states[0].layers[0].b);
    assert.ok('w' in opt.state.states[1] && !('layers' in opt.state.states[1]));
    assert.throws(() => { opt.state = { states: [] }; }, /Invalid state provided/);
    opt.learningRate = 0.01;
    assert.ok(Math.abs(opt.optimizers[1].learningRate.item() as number - 0.01) < 1e-9);
  });

  it('clipGradNorm returns [clipped, norm]', () => {
    const [c, n] = optim.clipGradNorm({ w1: mx.array([2, 3], mx.float32), w2: mx.array([1], mx.float32) }, 2.0);
    assert.ok(Math.abs(n.item() as number - Math.sqrt(14)) < 1e-5);
    const total = Math.hypot(...(c.w1.tolist() as number[]), ...(c.w2.tolist() as number[]));
    assert.ok(Math.abs(total - 2) < 1e-5);
  });

  it('a TypeScript subclass of Optimizer works as a Python one does', () => {
    class SignSGD extends optim.Optimizer {
      constructor(lr: number) { super(); this._maybeSchedule('learning_rate', lr); }
      initSingle(): void {}
      applySingle(g: A, p: A): A { return mx.subtract(p, mx.multiply(this.learningRate, mx.sign(g))); }
    }
    const out = new SignSGD(0.5).applyGradients({ w: grads().w }, params()) as { w: A };
    assert.deepEqual(list(out.w), [[0.5, 2.5], [2.5, 3.5]]);
    class Scheduled extends optim.Optimizer {
      initSingle(): void {}
      applySingle(_g: A, p: A): A { return mx.multiply(p, this.state.scale); }
    }
    for (const opt of [new Scheduled({ scale: optim.exponentialDecay(1, 0.5) }), new Scheduled({ schedulers: { scale: optim.exponentialDecay(1, 0.5) } })]) {
      let p = { w: mx.array([8], mx.float32) };
      for (let i = 0; i < 3; i++) p = opt.applyGradients(p, p) as { w: A };
      assert.deepEqual(list(p.w), [1]); // 8 * 1 * 0.5 * 0.25: the schedule sees the step before the increment
    }
    assert.throws(() => new Scheduled({ scale: 2 } as never), /'schedulers' expected an object of schedule functions/);
  });

  it('leaks no arrays over many steps, with or without mx.tidy (a fresh process with --expose-gc)', function () {
    this.timeout(120000);
    const INDEX = path.join(ROOT, 'src', 'ts', 'index.ts');
    const script = `const mx = require(${JSON.stringify(INDEX)});
      const native = require(${JSON.stringify(path.join(ROOT, 'src', 'ts', 'native.ts'))}).native;
      const optim = mx.optimizers;
      const x = mx.ones([8, 4]);
      const lossGrad = mx.valueAndGrad((p) => mx.sum(mx.square(mx.add(mx.matmul(x, p.w), p.b))));
      const counts = [];
      for (const make of [() => new optim.AdamW(1e-2, { biasCorrection: true }), () => new optim.Adafactor(),
        () => new optim.Muon(1e-2), () => new optim.SGD(optim.cosineDecay(0.1, 50), { momentum: 0.9 })]) {
        for (const tidy of [true, false]) {
          const opt = make();
          let params = { w: mx.ones([4, 3]), b: mx.zeros([3]) };
          const step = () => { const [, g] = lossGrad(params); const [c] = optim.clipGradNorm(g, 1.0); const n = opt.applyGradients(c, params); mx.eval(n, opt.state); return n; };
          for (let i = 0; i < 20; i++) params = tidy ? mx.tidy(step) : step();
          global.gc(); global.gc();
          const before = native.liveArrays();
          for (let i = 0; i < 300; i++) params = tidy ? mx.tidy(step) : step();
          global.gc(); global.gc();
          counts.push(native.liveArrays() - before);
        }
      }
      console.log(JSON.stringify(counts));`;
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const counts = JSON.parse(out.trim().split('\n').pop()!) as number[];
    for (const c of counts) assert.ok(c <= 8, `arrays more after 300 steps: ${counts}`);
  });

  it("loads as 'mlx-node/optimizers' from CommonJS and ESM, the same module as mx.optimizers", function () {
    if (!fs.existsSync(path.join(ROOT, 'dist', 'esm', 'optimizers.mjs'))) this.skip();
    const cjs = execFileSync(process.execPath, ['-e',
      "const o = require('mlx-node/optimizers'); const mx = require('mlx-node'); console.log(o === mx.optimizers, typeof o.AdamW)"],
    { cwd: ROOT, encoding: 'utf8' });
    assert.equal(cjs.trim(), 'true function');
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e',
      "import * as o from 'mlx-node/optimizers'; import optim from 'mlx-node/optimizers'; import { optimizers } from 'mlx-node'; console.log(optim === optimizers, o.SGD === optimizers.SGD)"],
    { cwd: ROOT, encoding: 'utf8' });
    assert.equal(esm.trim(), 'true true');
  });
});
