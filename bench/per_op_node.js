'use strict';
// Node side of bench/per_op.py. Usage:
//   node --expose-gc bench/per_op_node.js '<json config>'
// Prints one JSON object on stdout; per_op.py owns the call shapes and the
// reporting.
//
// Config: { root, iters, repeats, warmup, tidy_chunk,
//           operands: { v: [16 numbers], m: [[4 numbers] x 4] },
//           shapes: [{ id, node, kind: 'array'|'list'|'value', needs? }] }
//
// Each shape's `node` expression is compiled into its own loop function with
// new Function (as timeit compiles the Python statement into its loop), so
// every loop has its own monomorphic call site and type feedback, and no
// closure call sits between the loop and the measured expression.
//
// Modes, each timed best/median of `repeats` runs of `iters` calls:
//   gc       sink = EXPR               results left to V8's GC (collected,
//                                      finalized inside the loop as it runs)
//   tidy     mx.tidy(() => { for (tidy_chunk times) sink = EXPR })
//                                      the tidy's disposal is inside the timing
//   dispose  EXPR.dispose()            (array results; each element for lists;
//                                      not applicable to plain values)

const path = require('path');

const cfg = JSON.parse(process.argv[2] || '{}');
const mx = require(cfg.root || path.resolve(__dirname, '..'));

const { nowNs, gc, turn, stats } = require('./benchlib');

const PARAMS = ['mx', 'a', 'b', 'v', 'm', 'iters', 'chunk'];

function loopSource(mode, expr, kind) {
  switch (mode) {
    case 'gc':
      return `let sink; for (let i = 0; i < iters; i++) { sink = ${expr}; } return sink;`;
    case 'tidy':
      return `let sink;
        for (let done = 0; done < iters; done += chunk) {
          const n = Math.min(chunk, iters - done);
          mx.tidy(() => { for (let i = 0; i < n; i++) { sink = ${expr}; } });
        }
        return sink;`;
    case 'dispose':
      if (kind === 'array') return `for (let i = 0; i < iters; i++) { (${expr}).dispose(); }`;
      if (kind === 'list')
        return `for (let i = 0; i < iters; i++) {
          const r = ${expr};
          for (let k = 0; k < r.length; k++) r[k].dispose();
        }`;
      return null; // a plain value has nothing to dispose
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

function describeError(e) {
  return `${(e && e.name) || 'Error'}: ${(e && e.message) || e}`.slice(0, 300);
}

async function timeLoop(loop, env, { iters, repeats, warmup, tidy_chunk: chunk }) {
  loop(...env, Math.min(warmup, iters), chunk); // JIT settles, caches warm
  const ns = [];
  for (let r = 0; r < repeats; r++) {
    // Garbage of the previous repeat is collected (and any finalizer that
    // Node defers to the event loop gets to run) before the clock starts.
    gc();
    await turn();
    gc();
    const t0 = nowNs();
    loop(...env, iters, chunk);
    ns.push(Number(nowNs() - t0) / iters);
  }
  return stats(ns);
}

async function main() {
  const a = mx.array(1.0, mx.float32);
  const b = mx.array(2.0, mx.float32);
  const v = mx.array(cfg.operands.v, mx.float32);
  const m = mx.array(cfg.operands.m, mx.float32);
  mx.eval(a, b, v, m);
  const env = [mx, a, b, v, m];

  const results = {};
  for (const shape of cfg.shapes) {
    const row = (results[shape.id] = { node: shape.node, kind: shape.kind, modes: {} });
    if (shape.needs) {
      // e.g. 'mx.split': the row lights up once the binding exports it.
      const f = new Function('mx', `return ${shape.needs};`)(mx);
      if (typeof f !== 'function') {
        row.na = `${shape.needs} is not available (${typeof f})`;
        continue;
      }
    }
    for (const mode of cfg.modes || ['gc', 'tidy', 'dispose']) {
      const src = loopSource(mode, shape.node, shape.kind);
      if (src === null) {
        row.modes[mode] = { na: 'result is not an array' };
        continue;
      }
      try {
        const loop = new Function(...PARAMS, src);
        loop(...env, 1, 1); // fail fast (and outside the timing) if the call throws
        row.modes[mode] = await timeLoop(loop, env, cfg);
      } catch (e) {
        row.modes[mode] = { error: describeError(e) };
      }
    }
  }

  const out = {
    node: process.version,
    v8: process.versions.v8,
    napi: process.versions.napi,
    execPath: process.execPath,
    mlx: mx.__version__,
    gc_between_repeats: typeof global.gc === 'function',
    has_split: typeof mx.split === 'function',
    results,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${(e && e.stack) || e}\n`);
  process.exit(1);
});
