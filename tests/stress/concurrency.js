// Concurrency and lifetimes under load (run: node tests/stress/concurrency.js [seconds=60] [workers=8];
// tests/js/concurrency.test.ts runs a short version). Exits 0 and prints a JSON summary when every
// check holds; a watchdog exits 2 on a deadlock.
//
// 1. `workers` worker_threads run mixed op / eval / asyncEval / grad / error loops for `seconds`
//    while the main thread computes too; each checks its results against values computed
//    synchronously and reports its live arrays at the end (back to its baseline).
// 2. 1,000 concurrent asyncEval chains on the main thread, each in its own async mx.tidy, one in
//    ten throwing on purpose: every result is bit-identical to the same chain run synchronously,
//    every planned error arrives unchanged, and live arrays and MLX's active memory come back.
// 3. An mx.array posted to a worker is refused (DataCloneError).
// 4. Environment teardown while evaluations are pending: workers terminated mid-asyncEval, and a
//    process exiting mid-asyncEval. MLX cannot cancel work it has started: a thread that ends
//    waits for its pending evaluation to finish, then returns its streams.
'use strict';
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { execFileSync } = require('node:child_process');
const ROOT = path.resolve(__dirname, '..', '..');
const mx = require(ROOT);
const { native } = require(path.join(ROOT, 'dist', 'cjs', 'native.js'));

const SECONDS = Number(process.argv[2] ?? 60);
const WORKERS = Number(process.argv[3] ?? 8);
const MiB = 2 ** 20;
const summary = {};

const watchdog = setTimeout(() => {
  console.error(`DEADLOCK: no progress within ${SECONDS + 90} s`);
  process.exit(2);
}, (SECONDS + 90) * 1000);

function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
}

// The worker body: mixed work until the deadline, self-checked.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const mx = require(workerData.root);
const { native } = require(workerData.root + '/dist/cjs/native.js');
const base = native.liveArrays();
const grad = mx.grad((x) => mx.sum(mx.square(x)));
(async () => {
  const stats = { iterations: 0, asyncEvals: 0, errorsCaught: 0, mismatches: 0 };
  const deadline = Date.now() + workerData.ms;
  let k = 0;
  while (Date.now() < deadline) {
    k++;
    mx.tidy(() => {
      const key = mx.random.key(workerData.id * 100003 + k);
      const a = mx.random.normal([24, 24], { key });
      const b = mx.tanh(mx.matmul(a, a.T)).sum(1);
      const sync = b.tolist();
      const again = mx.tanh(mx.matmul(a, a.T)).sum(1);
      mx.eval(again);
      if (JSON.stringify(again.tolist()) !== JSON.stringify(sync)) stats.mismatches++;
      const g = grad(a);
      if (!mx.arrayEqual(g, mx.multiply(a, 2)).item()) stats.mismatches++;
    });
    try {
      mx.add(mx.ones([2]), mx.ones([3]));
    } catch (e) {
      if (e instanceof mx.MLXError) stats.errorsCaught++;
    }
    for (let j = 0; j < 20; j++) mx.multiply(mx.arange(j + 1), 2); // garbage for the GC's finalizers
    const r = await mx.tidy(async () => {
      const x = mx.full([64, 64], (k % 7) / 7, mx.float32);
      const y = mx.sum(mx.matmul(x, x));
      await mx.asyncEval(y);
      stats.asyncEvals++;
      return y;
    });
    const expected = mx.sum(mx.matmul(mx.full([64, 64], (k % 7) / 7, mx.float32), mx.full([64, 64], (k % 7) / 7, mx.float32))).item();
    if (r.item() !== expected) stats.mismatches++;
    r.dispose();
    stats.iterations++;
  }
  if (global.gc) global.gc();
  await new Promise((r) => setTimeout(r, 50));
  if (global.gc) global.gc();
  stats.liveGrowth = native.liveArrays() - base;
  parentPort.postMessage(stats);
})().catch((e) => parentPort.postMessage({ failure: String(e && e.stack) }));
`;

function runWorker(id, ms) {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, { eval: true, workerData: { root: ROOT, id, ms } });
    let result;
    w.on('message', (m) => (result = m));
    w.on('error', reject);
    w.on('exit', (code) => (code === 0 && result && !result.failure ? resolve(result) : reject(new Error(`worker ${id}: exit ${code} ${result && result.failure}`))));
  });
}

async function workersUnderLoad() {
  const before = mx.getActiveMemory();
  const t0 = Date.now();
  const running = Array.from({ length: WORKERS }, (_, i) => runWorker(i + 1, SECONDS * 1000));
  // The main thread keeps computing meanwhile.
  let mainIterations = 0;
  let done = false;
  Promise.all(running).then(() => (done = true), () => (done = true));
  while (!done) {
    mx.tidy(() => {
      const x = mx.random.uniform({ shape: [32, 32] });
      check(mx.allclose(mx.matmul(x, mx.eye(32)), x).item(), 'main thread matmul by identity');
    });
    mainIterations++;
    await new Promise((r) => setImmediate(r));
  }
  const stats = await Promise.all(running);
  const total = (f) => stats.reduce((s, x) => s + x[f], 0);
  check(total('mismatches') === 0, `workers saw ${total('mismatches')} wrong results`);
  for (const s of stats) check(s.liveGrowth <= 0, `a worker ended with ${s.liveGrowth} more live arrays than it started with`);
  check(total('errorsCaught') === total('iterations'), 'every planned MLXError was caught as one');
  summary.workers = {
    workers: WORKERS,
    seconds: (Date.now() - t0) / 1000,
    iterations: total('iterations'),
    asyncEvals: total('asyncEvals'),
    errorsCaught: total('errorsCaught'),
    mainIterations,
    activeMemoryGrowth: mx.getActiveMemory() - before,
  };
  check(summary.workers.activeMemoryGrowth < 16 * MiB, `MLX active memory grew by ${summary.workers.activeMemoryGrowth} bytes`);
}

async function thousandChains() {
  const N = 1000;
  global.gc && global.gc();
  const liveBefore = native.liveArrays();
  const memBefore = mx.getActiveMemory();
  const chain = (i, x) => {
    let y = mx.add(mx.multiply(x, 1.5), i);
    y = mx.tanh(y);
    return mx.sum(mx.matmul(mx.reshape(y, [8, 8]), mx.reshape(y, [8, 8])));
  };
  // The expected values, synchronously.
  const expected = mx.tidy(() => Array.from({ length: N }, (_, i) => chain(i, mx.full([64], i / N, mx.float32)).item()));
  let planned = 0;
  const results = await Promise.allSettled(
    Array.from({ length: N }, (_, i) =>
      mx.tidy(async () => {
        const x = mx.full([64], i / N, mx.float32);
        await mx.asyncEval(x);
        let y = mx.add(mx.multiply(x, 1.5), i);
        await new Promise((r) => setTimeout(r, i % 5));
        y = mx.tanh(y);
        await mx.asyncEval(y);
        if (i % 10 === 3) throw new RangeError(`planned ${i}`);
        const s = mx.sum(mx.matmul(mx.reshape(y, [8, 8]), mx.reshape(y, [8, 8])));
        await mx.asyncEval(s);
        return s;
      }),
    ),
  );
  results.forEach((r, i) => {
    if (i % 10 === 3) {
      check(r.status === 'rejected' && r.reason instanceof RangeError && r.reason.message === `planned ${i}`, `chain ${i} rejects with its own error`);
      planned++;
    } else {
      check(r.status === 'fulfilled', `chain ${i} fulfilled (${r.reason})`);
      check(r.value.item() === expected[i], `chain ${i}: ${r.value.item()} !== ${expected[i]}`);
      r.value.dispose();
    }
  });
  global.gc && global.gc();
  await new Promise((r) => setTimeout(r, 20));
  global.gc && global.gc();
  summary.chains = { chains: N, plannedErrors: planned, liveGrowth: native.liveArrays() - liveBefore, activeMemoryGrowth: mx.getActiveMemory() - memBefore };
  check(summary.chains.liveGrowth <= 0, `live arrays grew by ${summary.chains.liveGrowth}`);
}

function refusedClone() {
  const { port1, port2 } = new (require('node:worker_threads').MessageChannel)();
  let message = '';
  try {
    port1.postMessage({ weights: [mx.ones([2])] });
  } catch (e) {
    message = `${e.name}: ${e.message}`;
  }
  port1.close();
  port2.close();
  check(/DataCloneError: .*mx\.array cannot be sent to another thread/.test(message), `posting an array is refused (${message})`);
  summary.clone = message;
}

async function teardownWhilePending() {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const mx = require(workerData.root);
    const w = mx.random.normal([256, 256]).multiply(1 / 16);
    let x = mx.ones([256, 256]);
    for (let i = 0; i < 40; i++) x = x.matmul(w);
    mx.asyncEval(x).then(() => parentPort.postMessage('finished'));
    parentPort.postMessage('started');`;
  let terminated = 0;
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { root: ROOT } });
      w.on('message', (m) => m === 'started' && w.terminate());
      w.on('error', reject);
      w.on('exit', () => {
        terminated++;
        resolve();
      });
    });
  }
  // Processes that exit while an evaluation is running (before the addon drained its streams at
  // exit, this deadlocked in OpenBLAS's exit handler about one time in two).
  let exits = 0;
  for (const delay of [1, 3, 6, 12]) {
    const out = execFileSync(process.execPath, ['-e', `
      const mx = require(${JSON.stringify(ROOT)});
      let x = mx.ones([256, 256]);
      for (let i = 0; i < 40; i++) x = x.matmul(mx.eye(256));
      mx.asyncEval(x);
      setTimeout(() => { console.log('exiting'); process.exit(0); }, ${delay});`], { encoding: 'utf8', timeout: 30000 });
    check(out.trim() === 'exiting', 'a process exiting mid-evaluation exits cleanly');
    exits++;
  }
  check(mx.add(mx.array([1]), 1).item() === 2, 'the main thread still computes');
  summary.teardown = { workersTerminatedMidEval: terminated, processesExitedMidEval: exits };
}

const phase = (name) => process.env.MLX_STRESS_VERBOSE && console.error(`[${new Date().toISOString()}] ${name}`);
(async () => {
  phase('workers');
  await workersUnderLoad();
  phase('chains');
  await thousandChains();
  phase('clone');
  refusedClone();
  phase('teardown');
  await teardownWhilePending();
  clearTimeout(watchdog);
  console.log(JSON.stringify(summary));
})().catch((e) => {
  console.error(e && e.stack);
  process.exit(1);
});
