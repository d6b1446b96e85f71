'use strict';
// Node side of bench/indexing.py: node --expose-gc bench/indexing_node.js '<json config>'
// Config: { root, iters, repeats, warmup, shapes: [{ id, node }] }. Each
// expression is compiled into its own loop (new Function), results dropped
// (freed by V8's GC inside the loop), gc() between repeats. Prints one JSON
// object: { id: { best, median } } in ns per call.
const path = require('path');

const cfg = JSON.parse(process.argv[2] || '{}');
const mx = require(cfg.root || path.resolve(__dirname, '..'));
const gc = typeof global.gc === 'function' ? global.gc : () => {};

const a = mx.ones([4, 4]);
const b = mx.ones([4, 4]);
const v = mx.full([4], 2.5);
const idx = mx.array([0, 2, 1]);
mx.eval(a, b, v, idx);

const out = {};
for (const s of cfg.shapes) {
  const loop = new Function('mx', 'a', 'b', 'v', 'idx', 'iters',
    `let sink; for (let i = 0; i < iters; i++) sink = ${s.node}; return sink;`);
  loop(mx, a, b, v, idx, cfg.warmup);
  const ns = [];
  for (let r = 0; r < cfg.repeats; r++) {
    gc();
    const t0 = process.hrtime.bigint();
    loop(mx, a, b, v, idx, cfg.iters);
    ns.push(Number(process.hrtime.bigint() - t0) / cfg.iters);
  }
  ns.sort((x, y) => x - y);
  out[s.id] = { best: ns[0], median: ns[ns.length >> 1] };
}
console.log(JSON.stringify(out));
