// Seeded fuzz of mx.importFunction on damaged .mlxfn files (bytes flipped, truncated, extended),
// each import + call + eval in a child process with a time limit. NOT part of the test suite:
// MLX's importer trusts the file, and some damaged files corrupt memory (in Python too), so this
// counts crashes rather than asserting none. docs/io.md says why no pre-pass guards against it.
//   node tests/stress/mlxfn_fuzz.js [count=400] [seed=7]
// Last run (mlx 0.32.4): 400 files, 5 crashes (SIGSEGV/SIGABRT), e.g. a flipped byte in a
// Transpose primitive's axes (structurally valid, an out-of-range axis at evaluation).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const [count = 400, seed = 7] = process.argv.slice(2).map(Number);

if (process.env.MLXFN_FUZZ_CHILD) {
  // child: mutations from..to of the seed file; "k K" before each, "r K kind" after
  const mx = require(ROOT);
  const [file, from, to] = [process.env.MLXFN_FUZZ_SEED_FILE, +process.env.MLXFN_FUZZ_FROM, count];
  const orig = fs.readFileSync(file);
  const x = mx.array([0.5, -1.25, 3.0, 2]);
  const y = mx.array([2.0, 0.25, -1.5, 1.0]);
  for (let k = from; k < to; k++) {
    let s = (seed * 1000003 + k) >>> 0 || 1;
    const rnd = (m) => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s % m; };
    let b = Buffer.from(orig);
    const how = rnd(3);
    if (how === 0) for (let j = 0, m = 1 + rnd(4); j < m; j++) b[rnd(b.length)] = rnd(256);
    else if (how === 1) b = b.subarray(0, rnd(b.length));
    else b = Buffer.concat([b, Buffer.alloc(1 + rnd(64), rnd(256))]);
    const p = path.join(path.dirname(file), `m${process.pid}.mlxfn`);
    fs.writeFileSync(p, b);
    fs.writeSync(1, `k ${k}\n`);
    let kind = 'ok';
    try {
      const out = mx.importFunction(p)(x, y);
      mx.eval(out);
    } catch (e) {
      kind = e.constructor.name;
    }
    fs.writeSync(1, `r ${k} ${kind}\n`);
  }
} else {
  const mx = require(ROOT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlxfn-fuzz-'));
  const file = path.join(dir, 'seed.mlxfn');
  mx.exportFunction(file, (a, b) => [mx.sin(a).multiply(b), a.sum(), mx.transpose(mx.reshape(a, [2, 2])), mx.take(b, mx.array([1, 0]))],
    mx.array([0.5, -1.25, 3.0, 2]), mx.array([2.0, 0.25, -1.5, 1.0]));
  const counts = {};
  const crashes = [];
  for (let k = 0; k < count;) {
    const r = spawnSync(process.execPath, [__filename, String(count), String(seed)], {
      env: { ...process.env, MLXFN_FUZZ_CHILD: '1', MLXFN_FUZZ_SEED_FILE: file, MLXFN_FUZZ_FROM: String(k) },
      encoding: 'utf8', timeout: 120000,
    });
    let pending = null;
    for (const line of r.stdout.split('\n')) {
      const t = line.split(' ');
      if (t[0] === 'k') pending = +t[1];
      else if (t[0] === 'r') {
        counts[t[2]] = (counts[t[2]] || 0) + 1;
        pending = null;
        k = +t[1] + 1;
      }
    }
    if (r.status !== 0 || r.signal) {
      if (pending === null) break;
      crashes.push({ k: pending, signal: r.signal, status: r.status });
      counts.crash = (counts.crash || 0) + 1;
      k = pending + 1;
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ count, seed, counts, crashes }));
}
