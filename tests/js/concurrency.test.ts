// Concurrency and lifetimes under load: the short version of tests/stress/concurrency.js
// (8 workers for 5 s, 1,000 concurrent asyncEval chains, cloning refused, teardown while
// evaluations are pending). It runs in a child process: a crash or a deadlock fails this test
// instead of killing mocha. The long version: node --expose-gc tests/stress/concurrency.js 60 8
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';

describe('concurrency and lifetimes under load', () => {
  it('8 workers, 1,000 async chains, teardown mid-evaluation: no crash, no deadlock, no leak', async function () {
    this.timeout(240000);
    const script = path.join(__dirname, '..', 'stress', 'concurrency.js');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--expose-gc', script, '5', '8'], { timeout: 200000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`exit ${err.code ?? err.signal}: ${stderr.slice(-2000)}`)) : resolve(stdout)),
    );
    const summary = JSON.parse(out.trim().split('\n').pop()!);
    assert.equal(summary.workers.workers, 8);
    assert.ok(summary.workers.iterations > 0 && summary.workers.errorsCaught === summary.workers.iterations);
    assert.equal(summary.chains.chains, 1000);
    assert.equal(summary.chains.plannedErrors, 100);
    assert.ok(summary.chains.liveGrowth <= 0);
    assert.match(summary.clone, /DataCloneError/);
    assert.deepEqual(summary.teardown, { workersTerminatedMidEval: 10, processesExitedMidEval: 4 });
  });
});
