'use strict';
// Node side of bench/lstsq.py: node --expose-gc bench/lstsq_node.js '<json config>'
// Config: { root, steps, N, D, lr }. Sets up the least-squares problem once, then
// reads one variant name a line on stdin ("grad_compiled", "grad_compiled_dispose",
// "hand", "matmuls", "tiny_grad_compiled") and answers one JSON line per run:
//   { wall_us, cpu_us: { main, worker, other } }   (per step)
// cpu_us comes from /proc/self/task/*/schedstat (time on a CPU, per thread).
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { nowNs, gc } = require('./benchlib');

const cfg = JSON.parse(process.argv[2] || '{}');
const mx = require(cfg.root || path.resolve(__dirname, '..'));
const { N, D, steps, lr } = cfg;

function threadCpu() {
  const out = {};
  for (const t of fs.readdirSync('/proc/self/task')) {
    try {
      out[t] = Number(fs.readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    } catch (_) {
      /* thread gone */
    }
  }
  return out;
}

function problem(n, d) {
  mx.random.seed(0);
  const A = mx.random.normal([n, d]);
  const b = A.matmul(mx.random.normal([d, 1]));
  const At = A.T;
  mx.eval(A, b, At);
  // grad + compile, as a user would write it
  const vg = mx.valueAndGrad((w) => mx.mean(mx.square(A.matmul(w).subtract(b))));
  const state = { w: mx.zeros([d, 1]) };
  const step = mx.compile(() => {
    const [l, g] = vg(state.w);
    state.w = state.w.subtract(g.multiply(lr));
    return l;
  }, { inputs: state, outputs: state });
  const r0 = mx.random.normal([n, 1]);
  const w0 = mx.random.normal([d, 1]);
  mx.eval(r0, w0);
  return {
    grad_compiled() {
      state.w = mx.zeros([d, 1]);
      let l;
      for (let i = 0; i < steps; i++) {
        l = step();
        mx.eval(l, state.w);
      }
      return l;
    },
    // the same, each step's previous loss and weights disposed at once (as
    // Python's reference counting frees them) instead of by the GC
    grad_compiled_dispose() {
      state.w = mx.zeros([d, 1]);
      let l;
      for (let i = 0; i < steps; i++) {
        const prevW = state.w;
        const prevL = l;
        l = step();
        mx.eval(l, state.w);
        prevW.dispose();
        if (prevL) prevL.dispose();
      }
      return l;
    },
    hand() {
      let w = mx.zeros([d, 1]);
      let l;
      for (let i = 0; i < steps; i++) {
        const r = A.matmul(w).subtract(b);
        l = mx.mean(mx.square(r));
        w = w.subtract(At.matmul(r).multiply(2 / n).multiply(lr));
        mx.eval(l, w);
      }
      return l;
    },
    matmuls() {
      for (let i = 0; i < steps; i++) mx.eval(A.matmul(w0), At.matmul(r0));
    },
  };
}

const big = problem(N, D);
const tiny = problem(100, 10);
const runs = { ...big, tiny_grad_compiled: tiny.grad_compiled };
for (const f of Object.values(runs)) f(); // warm-up (traces, JIT)

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (name) => {
  name = name.trim();
  if (!name) return;
  if (!(name in runs)) {
    process.stdout.write(JSON.stringify({ error: `unknown variant ${name}` }) + '\n');
    return;
  }
  gc();
  const c0 = threadCpu();
  const t0 = nowNs();
  const l = runs[name]();
  const wall = Number(nowNs() - t0) / 1e3 / steps;
  const c1 = threadCpu();
  const cpu = { main: 0, worker: 0, other: 0 };
  const per = [];
  for (const t of Object.keys(c1)) {
    const us = (c1[t] - (c0[t] || 0)) / 1e3 / steps;
    if (t === String(process.pid)) cpu.main = us;
    else per.push(us);
  }
  per.sort((a, b) => b - a);
  cpu.worker = per[0] || 0; // the stream's worker thread: the busiest one but main
  cpu.other = per.slice(1).reduce((s, x) => s + x, 0);
  const out = { wall_us: wall, cpu_us: cpu };
  if (l) out.final_loss = l.item();
  process.stdout.write(JSON.stringify(out) + '\n');
});
