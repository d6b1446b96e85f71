import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import mx from '../../src/ts/index';

const ROOT = path.resolve(__dirname, '..', '..');

describe('memory', () => {
  it('dispose(), Symbol.dispose and mx.dispose(tree)', () => {
    const a = mx.ones([4]);
    assert.equal(a.disposed, false);
    a.dispose();
    assert.equal(a.disposed, true);
    a.dispose(); // idempotent
    assert.equal(String(a), 'array(<disposed>)');
    const b = mx.ones([2]);
    b[Symbol.dispose]();
    assert.equal(b.disposed, true);
    const tree = { x: mx.ones([1]), y: [mx.ones([1]), { z: mx.ones([1]) }], n: 3 };
    mx.dispose(tree);
    assert.ok(tree.x.disposed && tree.y[0] instanceof mx.array && (tree.y[0] as { disposed: boolean }).disposed);
  });

  it('a disposed input does not break arrays computed from it', () => {
    const a = mx.array([1, 2]);
    const b = a.add(1);
    a.dispose();
    assert.deepEqual(b.tolist(), [2, 3]);
  });

  it('mx.tidy disposes what it created, except the result', () => {
    const outside = mx.ones([2]);
    let inner: ReturnType<typeof mx.ones> | undefined;
    const r = mx.tidy(() => {
      inner = outside.add(1);
      return { out: inner.multiply(2), other: [outside] };
    });
    assert.equal(inner!.disposed, true);
    assert.equal(r.out.disposed, false);
    assert.equal(outside.disposed, false);
    assert.deepEqual(r.out.tolist(), [4, 4]);
  });

  it('nested tidy hands returned arrays to the outer scope', () => {
    let kept: ReturnType<typeof mx.ones> | undefined;
    mx.tidy(() => {
      kept = mx.tidy(() => mx.ones([1]).add(1));
      assert.equal(kept.disposed, false);
      return null;
    });
    assert.equal(kept!.disposed, true);
  });

  it('tidy disposes on throw and propagates the error unchanged', () => {
    let t: ReturnType<typeof mx.ones> | undefined;
    const err = new Error('boom');
    assert.throws(() => mx.tidy(() => { t = mx.ones([1]); throw err; }), (e) => e === err);
    assert.equal(t!.disposed, true);
  });

  it('async tidy never captures another concurrent request\'s arrays', async () => {
    const tick = () => new Promise((r) => setTimeout(r, 5));
    const fromB: Array<ReturnType<typeof mx.ones>> = [];
    const A = mx.tidy(async () => {
      const x = mx.ones([1]);
      await tick();
      await tick();
      return x.add(1);
    });
    const B = (async () => {
      await tick();
      fromB.push(mx.ones([1])); // created while A's scope is open, in another async context
    })();
    const [ra] = await Promise.all([A, B]);
    assert.equal(ra.disposed, false);
    assert.equal(fromB[0].disposed, false);
  });

  it('Python memory functions under their camelCase names', () => {
    mx.resetPeakMemory();
    const x = mx.ones([1024, 1024]);
    mx.eval(x);
    assert.ok(mx.getActiveMemory() >= 4 * 1024 * 1024);
    assert.ok(mx.getPeakMemory() >= 4 * 1024 * 1024);
    assert.equal(typeof mx.getCacheMemory(), 'number');
    const prevCache = mx.setCacheLimit(0);
    assert.equal(typeof prevCache, 'number');
    mx.setCacheLimit(prevCache);
    const prevMem = mx.setMemoryLimit(mx.getMemoryLimit());
    assert.ok(prevMem > 0);
    assert.equal(typeof mx.setWiredLimit(0), 'number');
    x.dispose();
    mx.clearCache();
    assert.equal(mx.getCacheMemory(), 0);
  });

  it('3000 unreferenced 4 MiB arrays in a tight loop keep peak RSS under 1 GiB', function () {
    this.timeout(120000);
    // A child process, so the measurement is this loop's alone.
    const script = `
      const mx = require(${JSON.stringify(path.join(ROOT, 'src', 'ts', 'index.ts'))});
      for (let i = 0; i < 3000; i++) mx.eval(mx.full([1024, 1024], i, mx.float32));
      console.log(JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const { maxRssKiB } = JSON.parse(out.trim().split('\n').pop()!);
    console.log(`      peak RSS ${(maxRssKiB / 1024).toFixed(0)} MiB`);
    assert.ok(maxRssKiB < 1024 * 1024, `peak RSS ${maxRssKiB} KiB`);
  });
});

describe('evaluations that cannot fit in memory', () => {
  const MiB = 2 ** 20;
  const withLimit = <T>(bytes: number, f: () => T): T => {
    const previous = mx.setMemoryLimit(bytes);
    try {
      return f();
    } finally {
      mx.setMemoryLimit(previous);
    }
  };
  const tooBig = /evaluating this needs at least 512 MiB \(536870912 bytes\) of new memory.*more than is left: .* under the memory limit/;

  it('throw mx.MLXError naming the sizes from eval, item, tolist and toTypedArray; MLX stays usable', () => {
    withLimit(256 * MiB, () => {
      const big = mx.zeros([128 * MiB]); // 512 MiB of float32
      assert.throws(() => mx.eval(big), (e: Error) => e instanceof mx.MLXError && /^mx\.eval: /.test(e.message) && tooBig.test(e.message));
      assert.throws(() => mx.sum(mx.add(big, 1)).item(), (e: Error) => e instanceof mx.MLXError && /^item: /.test(e.message));
      assert.throws(() => mx.ones([128 * MiB]).tolist(), /tolist: evaluating this needs/);
      assert.throws(() => mx.ones([128 * MiB]).toTypedArray(), /toTypedArray: evaluating this needs/);
      assert.throws(() => String(mx.ones([128 * MiB])), /toString: evaluating this needs/);
      assert.equal(mx.getActiveMemory() < 64 * MiB, true);
    });
    assert.deepEqual(mx.add(mx.array([1, 2]), 1).tolist(), [2, 3]);
  });

  it('asyncEval rejects instead of crashing', async () => {
    const previous = mx.setMemoryLimit(256 * MiB);
    try {
      await assert.rejects(() => mx.asyncEval(mx.zeros([128 * MiB])), (e: Error) => e instanceof mx.MLXError && tooBig.test(e.message.replace('mx.asyncEval', 'mx.eval')));
    } finally {
      mx.setMemoryLimit(previous);
    }
    await mx.asyncEval(mx.ones([4]));
  });

  it('count a lower bound only: long chains, views and evaluated inputs are not refused', () => {
    withLimit(96 * MiB, () => {
      // 40 steps on a 16 MiB array: 640 MiB in total, but each step needs 32 MiB at once
      let x = mx.ones([4 * MiB]);
      for (let i = 0; i < 40; i++) x = mx.multiply(x, 1.0001);
      mx.eval(x);
      // a 40 GB broadcast view summed: the view allocates nothing
      assert.equal(mx.sum(mx.broadcastTo(mx.array(1, mx.int8), [100000, 100000]), { axis: 1 }).shape[0], 100000);
    });
  });

  it('a process under `ulimit -v` gets an error instead of a segfault (Python mlx: SIGSEGV)', () => {
    const script = `const mx = require(${JSON.stringify(ROOT)});
      try { mx.eval(mx.zeros([1024, 1024, 1024, 2])); console.log('evaluated'); }
      catch (e) { console.log(e.constructor.name + ': ' + e.message); }
      console.log(mx.add(1, 2).item());`;
    const out = execFileSync('bash', ['-c', `ulimit -v 6000000 && exec "${process.execPath}" -e '${script.replace(/'/g, "'\\''")}'`], { encoding: 'utf8' });
    assert.match(out, /MLXError: mx\.eval: evaluating this needs at least 8 GiB .* left in this process's address-space limit \(ulimit -v\)\n3\n/);
  });
});
