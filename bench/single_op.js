'use strict';
// One call shape in a process of its own: ns per call, best of 5 loops of
// 200,000 calls, results left to the GC or freed by mx.tidy every 1,000.
// For A/B checks of a single change (bench/per_op.py is the full race
// against Python).
//   node bench/single_op.js 'a.add(b)' [gc|tidy]     (no name: every shape)
const path = require('path');
const mx = require(path.resolve(__dirname, '..'));

const a = mx.array(1.0, mx.float32);
const b = mx.array(2.0, mx.float32);
const v = mx.ones([16]);
const m = mx.eye(4).multiply(2);
mx.eval(a, b, v, m);
const shapes = {
  'a.add(b)': () => a.add(b),
  'a.multiply(2)': () => a.multiply(2),
  'mx.sum(v,0)': () => mx.sum(v, 0),
  'mx.sum(v,{axis:0})': () => mx.sum(v, { axis: 0 }),
  'v.reshape(4,4)': () => v.reshape(4, 4),
  'v.astype(int32)': () => v.astype(mx.int32),
  'm.T': () => m.T,
  'mx.transpose(m,[1,0])': () => mx.transpose(m, [1, 0]),
  'mx.zeros([4])': () => mx.zeros([4]),
  'qr': () => mx.linalg.qr(m, { stream: mx.cpu }),
  'a.ndim': () => a.ndim,
};
const [only, mode = 'gc'] = process.argv.slice(2);
if (only && !(only in shapes)) {
  console.error(`unknown shape ${only}; one of: ${Object.keys(shapes).join(', ')}`);
  process.exit(2);
}
const n = 200000;
for (const [name, f] of Object.entries(shapes)) {
  if (only && name !== only) continue;
  const loop = mode === 'tidy'
    ? () => { for (let k = 0; k < n; k += 1000) mx.tidy(() => { for (let i = 0; i < 1000; i++) f(); }); }
    : () => { for (let i = 0; i < n; i++) f(); };
  loop();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    loop();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / n);
  }
  console.log(`${name.padEnd(24)} ${mode} ${best.toFixed(0)} ns`);
}
