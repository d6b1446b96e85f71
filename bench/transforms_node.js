'use strict';
// Node side of bench/transforms.py: node --expose-gc bench/transforms_node.js '<json config>'
// Config: { root, chainIters, overheadIters, repeats, steps, N, D, lr }. Runs the
// same programs as the Python side and prints one JSON object (times in ms,
// overheads in us; every entry is the best of `repeats`).
const path = require('path');

const cfg = JSON.parse(process.argv[2] || '{}');
const mx = require(cfg.root || path.resolve(__dirname, '..'));
const gc = typeof global.gc === 'function' ? global.gc : () => {};
const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

function best(repeats, f) {
  let b = Infinity;
  for (let r = 0; r < repeats; r++) {
    gc();
    b = Math.min(b, f());
  }
  return b;
}

// (a) 10-op elementwise chains: arithmetic only (what compile fuses), and
// five (x * 1.01 + 0.5, sin) rounds (sin: ~20 ns an element in MLX's CPU build).
function arith(x) {
  let y = x.multiply(1.01).add(0.5);
  y = y.multiply(y).subtract(x);
  y = mx.maximum(y, 0).multiply(0.5).add(x);
  return mx.minimum(mx.abs(y), 3).subtract(1);
}
function sinChain(x) {
  let y = x;
  for (let i = 0; i < 10; i++) y = i % 2 ? mx.sin(y) : y.multiply(1.01).add(0.5);
  return y;
}

function chainBench() {
  const x = mx.random.normal([1_000_000]);
  mx.eval(x);
  const perCall = (f) => {
    for (let i = 0; i < 3; i++) mx.tidy(() => mx.eval(f(x)));
    return best(cfg.repeats, () => {
      const t0 = now();
      for (let i = 0; i < cfg.chainIters; i++) mx.tidy(() => mx.eval(f(x)));
      return (now() - t0) / cfg.chainIters;
    });
  };
  const out = {};
  for (const [name, f] of [['arith', arith], ['sin', sinChain]]) {
    out[`${name}_uncompiled_ms`] = perCall(f);
    out[`${name}_compiled_ms`] = perCall(mx.compile(f));
  }
  // the compiled call's own cost: 4-element input, no eval (graph building only)
  const s = mx.ones([4]);
  const cs = mx.compile(arith);
  mx.eval(cs(s));
  let sink;
  for (let i = 0; i < 5000; i++) sink = cs(s);
  out.compiled_call_overhead_us = best(Math.max(cfg.repeats, 5), () => {
    const t0 = now();
    for (let i = 0; i < cfg.overheadIters; i++) sink = cs(s);
    return ((now() - t0) / cfg.overheadIters) * 1e3;
  });
  void sink;
  return out;
}

// (b) least squares by gradient descent
function lstsqBench() {
  const { N, D, steps, lr } = cfg;
  mx.random.seed(0);
  const A = mx.random.normal([N, D]);
  const wTrue = mx.random.normal([D, 1]);
  const b = A.matmul(wTrue);
  const At = A.T;
  mx.eval(A, b, At);
  const out = {};

  // grad + compile, as a user would write it
  const loss = (w) => mx.mean(mx.square(A.matmul(w).subtract(b)));
  const vg = mx.valueAndGrad(loss);
  const state = { w: mx.zeros([D, 1]) };
  const step = mx.compile(() => {
    const [l, g] = vg(state.w);
    state.w = state.w.subtract(g.multiply(lr));
    return l;
  }, { inputs: state, outputs: state });
  let l;
  let callMs = 0;
  let evalMs = 0;
  const runCompiled = () => {
    state.w = mx.zeros([D, 1]);
    callMs = 0;
    evalMs = 0;
    const t0 = now();
    for (let i = 0; i < steps; i++) {
      const t1 = now();
      l = step();
      const t2 = now();
      mx.eval(l, state.w);
      const t3 = now();
      callMs += t2 - t1;
      evalMs += t3 - t2;
    }
    return now() - t0;
  };
  runCompiled(); // warm-up (traces once)
  let bestTotal = Infinity;
  for (let r = 0; r < cfg.repeats; r++) {
    gc();
    const t = runCompiled();
    if (t < bestTotal) {
      bestTotal = t;
      out.grad_compiled_call_ms = callMs / steps;
      out.grad_compiled_eval_ms = evalMs / steps;
    }
  }
  out.grad_compiled_ms = bestTotal / steps;
  out.grad_compiled_final_loss = l.item();

  // hand-written gradients, no compile (the new user's first try)
  const runHand = () => {
    let w = mx.zeros([D, 1]);
    const t0 = now();
    for (let i = 0; i < steps; i++) {
      const r = A.matmul(w).subtract(b);
      l = mx.mean(mx.square(r));
      const g = At.matmul(r).multiply(2 / N);
      w = w.subtract(g.multiply(lr));
      mx.eval(l, w);
    }
    return now() - t0;
  };
  runHand();
  out.hand_ms = best(cfg.repeats, runHand) / steps;
  out.hand_final_loss = l.item();

  // where the time goes: the step's two matrix-vector products alone, evaluated each step
  const r0 = mx.random.normal([N, 1]);
  const w0 = mx.random.normal([D, 1]);
  mx.eval(r0, w0);
  const runMatmuls = () => {
    const t0 = now();
    for (let i = 0; i < steps; i++) mx.eval(A.matmul(w0), At.matmul(r0));
    return now() - t0;
  };
  runMatmuls();
  out.matmuls_ms = best(cfg.repeats, runMatmuls) / steps;
  // the floor of one mx.eval: a one-op graph on a 100-element array
  const runEvalFloor = () => {
    const t0 = now();
    for (let i = 0; i < steps; i++) mx.eval(w0.add(1));
    return now() - t0;
  };
  runEvalFloor();
  out.eval_floor_ms = best(cfg.repeats, runEvalFloor) / steps;
  return out;
}

function overheadOnly() {
  const s = mx.ones([4]);
  const cs = mx.compile(arith);
  mx.eval(cs(s));
  let sink;
  for (let i = 0; i < 5000; i++) sink = cs(s);
  const us = best(Math.max(cfg.repeats, 5), () => {
    const t0 = now();
    for (let i = 0; i < cfg.overheadIters; i++) sink = cs(s);
    return ((now() - t0) / cfg.overheadIters) * 1e3;
  });
  void sink;
  return { compiled_call_overhead_us: us };
}

const res = cfg.overheadOnly ? overheadOnly() : { ...chainBench(), ...lstsqBench() };
console.log(JSON.stringify(res));
