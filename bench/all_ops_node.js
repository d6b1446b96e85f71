'use strict';
// Node side of bench/all_ops.py. Usage:
//   node --expose-gc bench/all_ops_node.js '<json config>'
// Prints one JSON object on stdout; all_ops.py owns the call table and the
// reporting.
//
// Config: { root, iters, repeats, warmup, tidy_chunk, budget_s, modes,
//           operands: [[name, python expr, js expr], ...],
//           rows: [{ id, op, node, iters? }] }
//
// As bench/per_op_node.js: each row's expression is compiled into its own
// loop (new Function) with the operands as parameters. A row runs `iters`
// calls a loop: at most cfg.iters, fewer when its warm-up says a loop would
// pass budget_s (Python's rule), and never more than Python ran for the row. The loop's own variables end in $ so that no operand name
// (a, v, i, m, ...) is shadowed. Modes:
//   gc    sink = EXPR                   results left to V8's GC
//   tidy  mx.tidy(() => { chunk calls }) the tidy's disposal inside the timing

const path = require('path');

const cfg = JSON.parse(process.argv[2] || '{}');
const mx = require(cfg.root || path.resolve(__dirname, '..'));

const { nowNs, gc, turn, stats } = require('./benchlib');

function loopSource(mode, expr) {
  switch (mode) {
    case 'gc':
      return `let sink$; for (let k$ = 0; k$ < iters; k$++) { sink$ = ${expr}; } return sink$;`;
    case 'tidy':
      return `let sink$;
        for (let done$ = 0; done$ < iters; done$ += chunk) {
          const n$ = Math.min(chunk, iters - done$);
          mx.tidy(() => { for (let k$ = 0; k$ < n$; k$++) { sink$ = ${expr}; } });
        }
        return sink$;`;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

function describeError(e) {
  return `${(e && e.name) || 'Error'}: ${(e && e.message) || e}`.slice(0, 300);
}

function resolveName(op) {
  // 'linalg.lu_factor' -> mx.linalg.luFactor
  const parts = op.split('.');
  const name = parts.pop().replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
  let o = mx;
  for (const p of parts) o = o && o[p];
  return o && o[name];
}

async function timeLoop(loop, env, iters, chunk) {
  const ns = [];
  for (let r = 0; r < cfg.repeats; r++) {
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
  const names = cfg.operands.map((o) => o[0]);
  const env = [];
  for (const [name, , js] of cfg.operands) {
    env.push(new Function('mx', ...names.slice(0, env.length), `return ${js};`)(mx, ...env));
  }
  mx.eval(...env);
  const params = ['mx', ...names, 'iters', 'chunk'];
  const args = [mx, ...env];

  const results = {};
  for (const row of cfg.rows) {
    const out = (results[row.id] = { node: row.node, modes: {} });
    if (typeof resolveName(row.op) !== 'function') {
      out.na = `${row.op} is not exported`;
      continue;
    }
    for (const mode of cfg.modes) {
      try {
        const loop = new Function(...params, loopSource(mode, row.node));
        loop(...args, 1, 1); // fail fast (and outside the timing) if the call throws
        const warm = Math.max(1, Math.min(cfg.warmup, row.iters || cfg.iters));
        const t0 = nowNs();
        loop(...args, warm, cfg.tidy_chunk); // warm-up, and the estimate when Python had none
        // The same rule as Python's calibration, on this side's own warm-up;
        // never more calls than Python ran (an op much slower here gets fewer).
        const perCall = Math.max(Number(nowNs() - t0) / warm, 1) / 1e9;
        let iters = Math.max(Math.min(cfg.iters, Math.floor(cfg.budget_s / perCall)), Math.min(50, cfg.iters));
        if (row.iters) iters = Math.min(iters, row.iters);
        out.modes[mode] = { ...(await timeLoop(loop, args, iters, cfg.tidy_chunk)), iters };
      } catch (e) {
        out.modes[mode] = { error: describeError(e) };
      }
    }
  }

  process.stdout.write(JSON.stringify({
    node: process.version,
    v8: process.versions.v8,
    napi: process.versions.napi,
    execPath: process.execPath,
    mlx: mx.__version__,
    gc_between_repeats: typeof global.gc === 'function',
    results,
  }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${(e && e.stack) || e}\n`);
  process.exit(1);
});
