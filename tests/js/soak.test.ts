// The short version of the soak test (bench/soak.js runs 10 minutes with a 1 MiB/min limit):
// 25 seconds of training steps, data reads, byte round trips and caught errors in a child
// process; RSS and MLX active memory must stay flat after a 10 s warm-up. The limit here is
// loose (a 15-second slope is noisy); it catches a per-step leak, which grows by hundreds of
// MiB a minute.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

describe('soak (short)', () => {
  it('25 s of a realistic loop: memory flat after warm-up, errors caught, no crash', async function () {
    this.timeout(120000);
    const script = path.join(__dirname, '..', '..', 'bench', 'soak.js');
    const svg = path.join(os.tmpdir(), `mlx-node-soak-${process.pid}.svg`);
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [script, String(25 / 60), svg, '30'], { timeout: 100000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`exit ${err.code ?? err.signal}: ${stdout.slice(-500)} ${stderr.slice(-1000)}`)) : resolve(stdout)),
    );
    const s = JSON.parse(out.trim().split('\n').pop()!);
    assert.ok(s.steps > 100, `only ${s.steps} steps`);
    assert.equal(s.errorsCaught, 3 * s.steps);
    assert.ok(s.finalLoss < 1, `the MLP did not train (loss ${s.finalLoss})`);
    assert.ok(Math.abs(s.rssMiB.slopePerMin) <= 30 && Math.abs(s.activeMiB.slopePerMin) <= 30);
  });
});
