// The addon refuses a libmlx other than the one it was compiled against.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ADDON = path.resolve(__dirname, '..', '..', 'build', 'Release', 'mlx_node.node');

describe('loader', function () {
  this.timeout(60000);
  it('refuses an MLX runtime version other than the compiled one, with a clear message', () => {
    // A shim that makes mlx::core::version() report 0.31.0, interposed with LD_PRELOAD.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mlx-node-ver-'));
    try {
      const src = path.join(dir, 'shim.cc');
      writeFileSync(src, 'namespace mlx::core { const char* version() { return "0.31.0"; } }\n');
      execFileSync('g++', ['-shared', '-fPIC', '-o', path.join(dir, 'shim.so'), src]);
      let stderr = '';
      try {
        execFileSync(process.execPath, ['-e', `require(${JSON.stringify(ADDON)})`], {
          env: { ...process.env, LD_PRELOAD: path.join(dir, 'shim.so') },
          stdio: 'pipe',
          encoding: 'utf8',
        });
      } catch (e) {
        stderr = String((e as { stderr: string }).stderr);
      }
      assert.match(stderr, /built against MLX 0\.32\.4 but loaded MLX 0\.31\.0 from \S+shim\.so; rebuild/);
      assert.match(stderr, /ERR_MLX_VERSION_MISMATCH/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports the versions it runs with', () => {
    const out = execFileSync(process.execPath, ['-e', `const n = require(${JSON.stringify(ADDON)}); console.log(n.version, n.compiledVersion, n.libmlxPath)`], { encoding: 'utf8' });
    const [runtime, compiled, lib] = out.trim().split(' ');
    assert.equal(runtime, '0.32.4');
    assert.equal(compiled, '0.32.4');
    assert.match(lib, /runtime\/site\/mlx\/lib\/libmlx\.so$/);
  });
});
