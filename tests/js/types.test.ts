// The public TypeScript declarations: generated from the op tables (never
// stale), and strict enough that tests/types/usage.ts type-checks its real
// calls and fails on each `@ts-expect-error` line, with the pinned compiler
// and with the newest one on npm (devDependency typescript-latest), without
// @types/node.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

function run(args: string[]): { ok: boolean; out: string } {
  try {
    return { ok: true, out: execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

describe('types', function () {
  this.timeout(180_000);

  it('src/ts/generated/ matches the op tables (npm run types)', () => {
    const r = run(['tools/gen_types.mjs', '--check']);
    assert.ok(r.ok, r.out);
  });

  for (const [label, tsc] of [
    ['the pinned TypeScript', 'node_modules/typescript/bin/tsc'],
    ['the newest TypeScript', 'node_modules/typescript-latest/bin/tsc'],
  ]) {
    it(`tests/types/usage.ts type-checks under --strict with ${label}, each @ts-expect-error an error`, () => {
      const r = run([tsc, '-p', 'tests/types']);
      assert.ok(r.ok, r.out);
    });
  }

  it('a misspelt keyword, a wrong type and a second keyword object fail tsc', () => {
    // The same fixture without its @ts-expect-error comments must report an
    // error on each of those lines: the expectations are not vacuous.
    const fs = require('node:fs') as typeof import('node:fs');
    const os = require('node:os') as typeof import('node:os');
    const src = fs.readFileSync(path.join(root, 'tests/types/usage.ts'), 'utf8');
    const expected = src.split('\n').filter((l) => l.trimStart().startsWith('// @ts-expect-error')).length;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx-types-'));
    fs.writeFileSync(path.join(dir, 'usage.ts'), src.replace(/\/\/ @ts-expect-error.*\n/g, '\n'));
    const cfg = JSON.parse(fs.readFileSync(path.join(root, 'tests/types/tsconfig.json'), 'utf8'));
    // The fixture's paths ('mlx-node', 'mlx-node/optimizers', ...), made absolute for the copy.
    cfg.compilerOptions.paths = Object.fromEntries(Object.entries(cfg.compilerOptions.paths as Record<string, string[]>)
      .map(([k, v]) => [k, v.map((p) => path.join(root, 'tests/types', p))]));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(cfg));
    const r = run(['node_modules/typescript/bin/tsc', '-p', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.ok(!r.ok);
    const errors = r.out.split('\n').filter((l) => /usage\.ts\(\d+,\d+\): error/.test(l));
    const lines = new Set(errors.map((l) => /usage\.ts\((\d+),/.exec(l)![1]));
    assert.equal(lines.size, expected, r.out);
  });
});
