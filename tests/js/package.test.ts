// The npm tarball installs into a fresh project and works there, from both
// module systems; a broken install says what is missing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('packaging', function () {
  this.timeout(300000);
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'mlx-node-pack-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('npm pack produces a tarball that installs and runs in a fresh project (CJS and ESM)', () => {
    npm(['pack', '--ignore-scripts', '--pack-destination', tmp], ROOT);
    const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    assert.ok(tgz, 'no tarball');
    const proj = path.join(tmp, 'app');
    mkdirSync(proj);
    writeFileSync(path.join(proj, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    npm(['install', '--offline', '--no-audit', '--no-fund', path.join(tmp, tgz!)], proj);
    writeFileSync(
      path.join(proj, 'cjs.js'),
      `const mx = require('mlx-node');
       const a = mx.array([[1, 2], [3, 4]], mx.float32);
       console.log(JSON.stringify({ v: mx.__version__, m: a.matmul(a).tolist(), inv: mx.linalg.inv(a).tolist() }));`,
    );
    writeFileSync(
      path.join(proj, 'esm.mjs'),
      `import mx, { array, add, float32 } from 'mlx-node';
       console.log(JSON.stringify({ same: float32 === mx.float32, s: add(array([1, 2]), 1).tolist() }));`,
    );
    // No LD_LIBRARY_PATH: libmlx and OpenBLAS are found next to the addon.
    const env = { ...process.env, LD_LIBRARY_PATH: '' };
    const cjs = JSON.parse(execFileSync(process.execPath, ['cjs.js'], { cwd: proj, env, encoding: 'utf8' }));
    assert.equal(cjs.v, '0.32.4');
    assert.deepEqual(cjs.m, [[7, 10], [15, 22]]);
    assert.ok(Math.abs(cjs.inv[0][0] + 2) < 1e-5);
    const esm = JSON.parse(execFileSync(process.execPath, ['esm.mjs'], { cwd: proj, env, encoding: 'utf8' }));
    assert.deepEqual(esm, { same: true, s: [2, 3] });
  });

  it('a missing native build gives a message that says what to run', () => {
    const pkg = path.join(tmp, 'broken');
    cpSync(path.join(ROOT, 'dist'), path.join(pkg, 'dist'), { recursive: true });
    cpSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
    let out = '';
    try {
      execFileSync(process.execPath, ['-e', `require(${JSON.stringify(pkg)})`], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stderr: string }).stderr);
    }
    assert.match(out, /mlx-node: could not load the native addon/);
    assert.match(out, /run `npm install`/);
  });
});
