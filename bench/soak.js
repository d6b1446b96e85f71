// Soak test: a realistic training-and-serving loop run for a long time while RSS and MLX's active
// memory are sampled every second; both must stay flat after warm-up.
//
//   node bench/soak.js [minutes=10] [svg=bench/results/soak.svg] [maxSlopeMiBPerMin=1]
//
// The loop: forward and backward of a small MLP (mx.valueAndGrad, SGD steps), data reads (item,
// tolist, toTypedArray with and without copies), random ops, weights saved to bytes and loaded
// back (safetensors), and errors thrown and caught (MLX rejections, bad arguments, a throwing
// function under mx.grad). Every sample after the warm-up (the first fifth of the run, at least
// 10 s) goes into a least-squares slope; the script exits 1 when either slope exceeds the limit.
// It prints a JSON summary and writes an SVG plot of both series. tests/js/soak.test.ts runs a
// 20-second version.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const mx = require('..');

const MINUTES = Number(process.argv[2] ?? 10);
const SVG = process.argv[3] ?? path.join(__dirname, 'results', 'soak.svg');
const MAX_SLOPE = Number(process.argv[4] ?? 1);
const MiB = 2 ** 20;

// A 2-layer MLP on a fixed synthetic classification problem.
mx.random.seed(0);
const X = mx.random.normal([256, 32]);
const Y = mx.argmax(mx.matmul(X, mx.random.normal([32, 10])), 1);
let params = {
  w1: mx.multiply(mx.random.normal([32, 64]), 0.1),
  b1: mx.zeros([64]),
  w2: mx.multiply(mx.random.normal([64, 10]), 0.1),
  b2: mx.zeros([10]),
};
function loss(p, x, y) {
  const h = mx.maximum(mx.add(mx.matmul(x, p.w1), p.b1), 0);
  const logits = mx.add(mx.matmul(h, p.w2), p.b2);
  const lse = mx.logsumexp(logits, 1);
  const picked = mx.takeAlongAxis(logits, mx.expandDims(y, 1), 1).squeeze(1);
  return mx.mean(mx.subtract(lse, picked));
}
const lossAndGrad = mx.valueAndGrad(loss);
const throwing = mx.grad((x) => {
  mx.sum(x);
  throw new RangeError('planned');
});

let steps = 0, errors = 0, lastLoss = NaN;
function step() {
  const [l, g] = mx.tidy(() => {
    const idx = mx.random.randint(0, 256, [64]);
    const [lv, grads] = lossAndGrad(params, mx.take(X, idx, 0), mx.take(Y, idx, 0));
    const next = {};
    for (const k of Object.keys(params)) next[k] = mx.subtract(params[k], mx.multiply(grads[k], 0.05));
    mx.eval(lv, next);
    return [lv, next];
  });
  mx.dispose(params);
  params = g;
  lastLoss = l.item();
  l.dispose();
  steps++;
  mx.tidy(() => {
    // data reads
    const a = mx.random.uniform({ shape: [128] });
    a.tolist();
    a.toTypedArray();
    a.toTypedArray({ copy: false });
    mx.sum(a).item();
    mx.sort(mx.random.permutation(100));
    // weights through bytes
    if (steps % 10 === 0) {
      const bytes = mx.saveSafetensors(null, params);
      const back = mx.load(bytes, { format: 'safetensors' });
      if (!mx.arrayEqual(back.w1, params.w1).item()) throw new Error('safetensors round trip changed the weights');
    }
  });
  // errors thrown and caught
  for (const bad of [
    () => mx.reshape(mx.ones([3]), [2, 2]),
    () => mx.add(mx.ones([2]), 'x'),
    () => throwing(mx.ones([2])),
  ]) {
    try {
      bad();
    } catch (e) {
      if (!(e instanceof Error)) throw e;
      errors++;
    }
  }
  // garbage left to the GC's finalizers, as careless code does
  for (let i = 0; i < 10; i++) mx.multiply(mx.arange(16), i);
}

function slope(samples, key) {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((s, x) => s + x.t, 0) / n;
  const mv = samples.reduce((s, x) => s + x[key], 0) / n;
  let num = 0, den = 0;
  for (const x of samples) {
    num += (x.t - mt) * (x[key] - mv);
    den += (x.t - mt) ** 2;
  }
  return (num / den) * 60; // MiB per minute (t in seconds)
}

function svg(samples, warm, slopes) {
  const W = 720, H = 360, L = 60, R = 20, T = 30, B = 40;
  const tMax = Math.max(...samples.map((s) => s.t), 1);
  const vMax = Math.max(...samples.map((s) => Math.max(s.rss, s.active)), 1) * 1.1;
  const x = (t) => L + ((W - L - R) * t) / tMax;
  const y = (v) => H - B - ((H - T - B) * v) / vMax;
  const line = (key, color) =>
    `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${samples.map((s) => `${x(s.t).toFixed(1)},${y(s[key]).toFixed(1)}`).join(' ')}"/>`;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = vMax * f;
    return `<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${v.toFixed(0)}</text><line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#eee"/>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif">
<rect width="${W}" height="${H}" fill="white"/>
<text x="${L}" y="18" font-size="13">mlx-node soak: ${MINUTES} min (node bench/soak.js ${MINUTES}); slopes after warm-up: RSS ${slopes.rss.toFixed(3)} MiB/min, MLX active ${slopes.active.toFixed(3)} MiB/min</text>
${ticks.join('\n')}
<line x1="${x(warm)}" x2="${x(warm)}" y1="${T}" y2="${H - B}" stroke="#bbb" stroke-dasharray="4 3"/>
<text x="${x(warm) + 4}" y="${T + 12}" font-size="11" fill="#888">warm-up ends</text>
${line('rss', '#1f77b4')}
${line('active', '#d62728')}
<text x="${W - R}" y="${H - 10}" text-anchor="end" font-size="11">seconds (0 to ${tMax.toFixed(0)})</text>
<text x="14" y="${T + 140}" font-size="11" transform="rotate(-90 14 ${T + 140})">MiB</text>
<text x="${L + 10}" y="${H - B - 10}" font-size="12" fill="#1f77b4">RSS</text>
<text x="${L + 50}" y="${H - B - 10}" font-size="12" fill="#d62728">MLX active memory</text>
</svg>
`;
}

(async () => {
  const t0 = Date.now();
  const end = t0 + MINUTES * 60000;
  const samples = [];
  const sample = () =>
    samples.push({ t: (Date.now() - t0) / 1000, rss: process.memoryUsage.rss() / MiB, active: mx.getActiveMemory() / MiB });
  const timer = setInterval(sample, 1000);
  while (Date.now() < end) {
    const chunk = Date.now() + 50;
    while (Date.now() < chunk) step();
    await new Promise((r) => setImmediate(r));
  }
  clearInterval(timer);
  sample();
  const warm = Math.max(10, (MINUTES * 60) / 5);
  const after = samples.filter((s) => s.t >= warm);
  const slopes = { rss: slope(after, 'rss'), active: slope(after, 'active') };
  fs.mkdirSync(path.dirname(SVG), { recursive: true });
  fs.writeFileSync(SVG, svg(samples, warm, slopes));
  const summary = {
    minutes: MINUTES,
    steps,
    errorsCaught: errors,
    finalLoss: lastLoss,
    samples: samples.length,
    warmupSeconds: warm,
    rssMiB: { start: samples[0].rss, afterWarmup: after[0]?.rss, end: samples[samples.length - 1].rss, slopePerMin: slopes.rss },
    activeMiB: { start: samples[0].active, afterWarmup: after[0]?.active, end: samples[samples.length - 1].active, slopePerMin: slopes.active },
    svg: SVG,
  };
  console.log(JSON.stringify(summary));
  if (Math.abs(slopes.rss) > MAX_SLOPE || Math.abs(slopes.active) > MAX_SLOPE) {
    console.error(`memory not flat: slopes RSS ${slopes.rss.toFixed(3)}, active ${slopes.active.toFixed(3)} MiB/min (limit ${MAX_SLOPE})`);
    process.exit(1);
  }
})();
