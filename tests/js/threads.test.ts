import assert from 'node:assert/strict';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import mx from '../../src/ts/index';

const INDEX = path.resolve(__dirname, '..', '..', 'src', 'ts', 'index.ts');

// x·w·w·…: w scaled so the values stay finite along the chain.
function chain(n: number, size: number) {
  mx.random.seed(0);
  const w = mx.random.normal([size, size]).multiply(1 / Math.sqrt(size));
  let x = mx.ones([size, size]);
  for (let i = 0; i < n; i++) x = x.matmul(w);
  return x;
}

describe('evaluation and threads', () => {
  it('mx.asyncEval keeps the event loop running while MLX computes', async function () {
    this.timeout(120000);
    const y = chain(16, 1024);
    let ticks = 0;
    let running = true;
    const spin = () => {
      if (!running) return;
      ticks++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const t0 = performance.now();
    await mx.asyncEval(y);
    const ms = performance.now() - t0;
    running = false;
    console.log(`      ${ticks} event-loop ticks during a ${ms.toFixed(0)} ms async matmul chain`);
    assert.ok(ticks >= 10, `only ${ticks} ticks`);
    // Evaluated: reading it needs no more computation and matches a sync run.
    const z = chain(16, 1024);
    mx.eval(z);
    assert.deepEqual(y.shape, z.shape);
    const diff = mx.sum(mx.equal(y, z)).item();
    assert.equal(diff, 1024 * 1024);
  });

  it('mx.asyncEval of evaluated or non-array trees resolves', async () => {
    const a = mx.ones([2]);
    mx.eval(a);
    await mx.asyncEval(a, { n: 1 }, [a]);
    await mx.asyncEval();
  });

  it('mx.eval takes trees and ignores non-array leaves, as Python does', () => {
    const t = { a: mx.ones([2]).add(1), b: [mx.zeros([1]), 5, 'x'], c: new Map([['k', mx.ones([1])]]) };
    mx.eval(t);
    mx.eval(1, null, undefined);
    assert.deepEqual(t.a.tolist(), [2, 2]);
  });

  it('loads in worker_threads and computes in two workers at once', async function () {
    this.timeout(120000);
    const run = (seed: number) =>
      new Promise<{ sum: number; shape: number[]; dtype: string }>((resolve, reject) => {
        const w = new Worker(path.join(__dirname, 'fixtures', 'matmul_worker.js'), { workerData: { index: INDEX, seed } });
        w.once('message', resolve);
        w.once('error', reject);
        w.once('exit', (c) => c !== 0 && reject(new Error(`worker exited with ${c}`)));
      });
    const [r1, r2] = await Promise.all([run(1), run(2)]);
    assert.deepEqual(r1.shape, [512, 512]);
    assert.equal(r2.dtype, 'float32');
    assert.ok(Number.isFinite(r1.sum) && Number.isFinite(r2.sum));
    // Same seed, same result on the main thread: the workers computed correctly.
    mx.random.seed(1);
    const w = mx.random.normal([512, 512]).multiply(1 / Math.sqrt(512));
    let x = mx.ones([512, 512]);
    for (let i = 0; i < 8; i++) x = x.matmul(w);
    assert.ok(Math.abs((mx.sum(x).item() as number) - r1.sum) <= 1e-3 * Math.max(1, Math.abs(r1.sum)));
    // Main-thread arrays are unaffected by workers coming and going.
    assert.deepEqual(mx.ones([2]).add(1).tolist(), [2, 2]);
  });

  it('workers that come and go do not leak MLX stream threads', async function () {
    this.timeout(120000);
    const fs = await import('node:fs');
    const threads = () => fs.readdirSync('/proc/self/task').length;
    const once = () =>
      new Promise<void>((resolve, reject) => {
        const w = new Worker(path.join(__dirname, 'fixtures', 'matmul_worker.js'), { workerData: { index: INDEX, seed: 0 } });
        w.once('error', reject);
        w.once('exit', () => resolve());
      });
    await once(); // the first may add a pooled stream
    const before = threads();
    for (let i = 0; i < 8; i++) await once();
    const after = threads();
    assert.ok(after - before <= 1, `threads grew from ${before} to ${after} over 8 workers`);
  });

  it('repeated evaluation errors do not wedge later evaluations', function () {
    this.timeout(60000);
    // A child process with a time limit, since the failure mode is a hang.
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    const script = `
      const mx = require(${JSON.stringify(INDEX)});
      (async () => {
        let errors = 0;
        for (let i = 0; i < 200; i++) {
          const bad = mx.linalg.inv(mx.zeros([2, 2]));
          try { if (i % 2) mx.eval(bad); else await mx.asyncEval(bad); } catch { errors++; }
        }
        const ok = mx.add(mx.ones([2]), 1).tolist();
        console.log(JSON.stringify({ errors, ok }));
      })();`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 30000 });
    assert.deepEqual(JSON.parse(out.trim().split('\n').pop()!), { errors: 200, ok: [2, 2] });
  });
});

