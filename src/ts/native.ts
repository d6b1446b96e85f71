// Loads the native addon, turning a bare dlopen failure into a message that
// says what is missing and how to fix it.
import * as path from 'node:path';
import * as fs from 'node:fs';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type NativeHandle = object & { readonly __brand?: 'mlx-node handle' };

export interface OpDescription {
  name: string;
  jsName: string;
  label: string;
  signature: string;
  function: boolean;
  method: boolean;
  returns: 'array' | 'list' | 'value' | 'device' | 'stream';
  params: Array<{ name: string; jsName: string; kind: string; required: boolean; intList: boolean }>;
  fn: (...args: any[]) => any;
}

export interface Native {
  tables: Record<string, OpDescription[]>;
  version: string;
  compiledVersion: string;
  libmlxPath: string;
  [name: string]: any;
}

const ROOT = path.resolve(__dirname, '..', '..');
const ADDON = path.join(ROOT, 'build', 'Release', 'mlx_node.node');

function glibcVersion(): string | undefined {
  const report = (process as any).report?.getReport?.();
  return report?.header?.glibcVersionRuntime;
}

function explain(err: Error): Error {
  const lines = [`mlx-node: could not load the native addon (${ADDON}).`, `  cause: ${err.message.split('\n')[0]}`];
  const platform = `${process.platform}-${process.arch}`;
  if (platform !== 'linux-x64' && process.platform !== 'darwin') {
    lines.push(`  this platform (${platform}) has no MLX build; supported: linux-x64 (CPU, CUDA) and macOS (Metal).`);
  }
  const glibc = glibcVersion();
  if (process.platform === 'linux' && glibc) {
    const [maj, min] = glibc.split('.').map(Number);
    if (maj < 2 || (maj === 2 && min < 35)) {
      lines.push(`  glibc ${glibc} is too old: the MLX wheels need glibc >= 2.35 (Debian 12, Ubuntu 22.04 or newer).`);
    }
  }
  if (!fs.existsSync(ADDON)) {
    lines.push('  the addon is not built: run `npm install` (or `npm run setup && npm run build`) in the package folder.');
  } else if (/libmlx|libscipy_openblas|cannot open shared object/.test(err.message)) {
    lines.push('  MLX\'s libraries are missing next to the addon: run `npm run setup` (python3 tools/setup_mlx.py), then `npm run build`.');
  }
  const e = new Error(lines.join('\n'));
  (e as any).cause = err;
  return e;
}

function load(): Native {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(ADDON) as Native;
  } catch (err) {
    throw explain(err as Error);
  }
}

export const native: Native = load();
