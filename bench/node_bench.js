'use strict';
// Node side of bench/run.py. Usage: node [--expose-gc] bench/node_bench.js '<json config>'
// Prints one JSON object on stdout; run.py owns the reporting.
//
// Config: { root, seed, matmul: [{n, warmup, reps}], overhead: {iters, repeats} }

const fs = require('fs');
const path = require('path');

const cfg = JSON.parse(process.argv[2] || '{}');
const mx = require(cfg.root || path.resolve(__dirname, '..'));

const { nowNs, gc, stats } = require('./benchlib');
const secSince = (t0) => Number(nowNs() - t0) / 1e9;

function benchMatmul({ n, warmup, reps }) {
  const a = mx.random.normal([n, n]);
  const b = mx.random.normal([n, n]);
  mx.eval(a, b); // inputs materialised up front: only the matmul is timed
  const once = () => {
    const t0 = nowNs();
    const c = mx.matmul(a, b);
    mx.eval(c);
    const dt = secSince(t0);
    c.dispose(); // free the n*n output now rather than at some later GC
    return dt;
  };
  for (let i = 0; i < warmup; i++) once();
  const times = [];
  for (let i = 0; i < reps; i++) times.push(once());
  a.dispose();
  b.dispose();
  return { n, warmup, reps, seconds: stats(times) };
}

// Best-of-`repeats` ns/call of a tight loop of `iters` calls of fn.
function perCall(fn, { iters, repeats }) {
  let sink;
  for (let i = 0; i < Math.min(iters, 10000); i++) sink = fn(); // let the JIT settle
  const ns = [];
  for (let r = 0; r < repeats; r++) {
    gc();
    const t0 = nowNs();
    for (let i = 0; i < iters; i++) sink = fn();
    ns.push(Number(nowNs() - t0) / iters);
  }
  void sink;
  return stats(ns);
}

function benchOverhead(opts) {
  // 0-d float32 operands, like mx.array(1.0) in Python.
  const a = mx.array(1.0, mx.float32);
  const b = mx.array(2.0, mx.float32);
  mx.eval(a, b);
  return {
    iters: opts.iters,
    repeats: opts.repeats,
    ns_per_call: {
      'a.add(b)': perCall(() => a.add(b), opts),
      'mx.add(a, b)': perCall(() => mx.add(a, b), opts),
      // Diagnostic: same op but freed eagerly, separating the cost of GC
      // finalisation of the result from the call itself.
      'a.add(b) + dispose()': perCall(() => a.add(b).dispose(), opts),
      'a.ndim': perCall(() => a.ndim, opts),
    },
  };
}

// Shared objects mapped into this process that look like BLAS/MLX, to show
// which BLAS the addon actually loaded.
function loadedLibs() {
  try {
    const seen = new Set();
    for (const line of fs.readFileSync('/proc/self/maps', 'utf8').split('\n')) {
      const p = line.trim().split(/\s+/)[5];
      if (p && /blas|lapack|mlx/i.test(path.basename(p))) seen.add(p);
    }
    return [...seen].sort();
  } catch {
    return [];
  }
}

const out = {
  node: process.version,
  mlx: mx.__version__,
  gc_between_repeats: typeof global.gc === 'function',
  env: Object.fromEntries(
    ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE', 'OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS']
      .map((k) => [k, process.env[k] ?? null])),
};
if (cfg.seed !== undefined) mx.random.seed(cfg.seed);
out.matmul = (cfg.matmul || []).map(benchMatmul);
out.loaded_libs = loadedLibs(); // after a matmul, so BLAS has surely been used
if (cfg.overhead) out.overhead = benchOverhead(cfg.overhead);

process.stdout.write(JSON.stringify(out) + '\n');
