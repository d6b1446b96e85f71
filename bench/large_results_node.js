'use strict';
// Node side of bench/large_results.py: one variant of the large-result loop
// per process, so that peak RSS (process.resourceUsage().maxRSS) belongs to
// that variant alone. Usage:
//   node --expose-gc bench/large_results_node.js '<json config>'
// Config: { root, seed, n, count, warmup, variant: 'gc' | 'dispose' | 'tidy' }
// Prints one JSON object on stdout.
//
// Variants, one iteration each:
//   gc       const c = mx.matmul(a, b); mx.eval(c);          c left to V8's GC
//   dispose  const c = mx.matmul(a, b); mx.eval(c); c.dispose();
//   tidy     mx.tidy(() => { const c = mx.matmul(a, b); mx.eval(c); });
//
// V8 collections during the timed loop are counted with a PerformanceObserver
// on 'gc' entries (kind: major / minor / incremental / weakcb), whose
// startTime is on the same clock as performance.now().

const path = require('path');
const { performance, PerformanceObserver, constants } = require('perf_hooks');

const cfg = JSON.parse(process.argv[2] || '{}');
const mx = require(cfg.root || path.resolve(__dirname, '..'));

const turn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const GC_KINDS = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};

const VARIANTS = {
  gc(a, b) {
    const c = mx.matmul(a, b);
    mx.eval(c);
  },
  dispose(a, b) {
    const c = mx.matmul(a, b);
    mx.eval(c);
    c.dispose();
  },
  tidy(a, b) {
    mx.tidy(() => {
      const c = mx.matmul(a, b);
      mx.eval(c);
    });
  },
};

async function main() {
  const { n, count, warmup = 1, variant } = cfg;
  const step = VARIANTS[variant];
  if (!step) throw new Error(`unknown variant ${variant}`);

  if (cfg.seed !== undefined) mx.random.seed(cfg.seed);
  const a = mx.random.normal([n, n]);
  const b = mx.random.normal([n, n]);
  mx.eval(a, b);

  for (let i = 0; i < warmup; i++) step(a, b); // BLAS threads up, pages touched
  if (typeof global.gc === 'function') global.gc(); // the loop starts from a clean heap
  await turn();

  const entries = [];
  const obs = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  obs.observe({ entryTypes: ['gc'] });
  await turn();

  const iterMs = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const s = performance.now();
    step(a, b);
    iterMs.push(performance.now() - s);
  }
  const t1 = performance.now();

  // GC entries are delivered from the event loop after the (synchronous) loop.
  await sleep(50);
  await turn();
  obs.disconnect();

  const gc = { major: 0, minor: 0, incremental: 0, weakcb: 0, other: 0, total: 0, pause_ms: 0 };
  for (const e of entries) {
    if (e.startTime < t0 || e.startTime > t1) continue;
    const kind = GC_KINDS[(e.detail && e.detail.kind) ?? e.kind] || 'other';
    gc[kind]++;
    gc.total++;
    gc.pause_ms += e.duration;
  }

  const mem = process.memoryUsage();
  process.stdout.write(JSON.stringify({
    node: process.version,
    execPath: process.execPath,
    mlx: mx.__version__,
    variant,
    n,
    count,
    warmup,
    total_s: (t1 - t0) / 1000,
    iter_ms: iterMs,
    gc,
    max_rss_kib: process.resourceUsage().maxRSS,
    end_memory: { rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external },
  }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${(e && e.stack) || e}\n`);
  process.exit(1);
});
