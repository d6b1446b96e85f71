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
  /** The checked function: throws the native error. */
  fn: (...args: any[]) => any;
  /** The bare native function: returns ERR on failure (the binder's hot path checks it itself). */
  raw: (...args: any[]) => any;
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

const loaded = load();

/**
 * What a failed native call returns; its `error` is the JS error to throw.
 * Native calls never throw through Node-API: an exception Node-API holds
 * while a garbage collection runs the addon's finalizers aborts the process
 * (src/native/napi_util.h), so errors come back as a value and JS throws.
 */
export const ERR: { error: unknown } = loaded.errorSentinel;

/** Throws the error of the native call that just returned ERR. */
export function failed(): never {
  const e = ERR.error;
  ERR.error = undefined;
  throw e;
}

/** `f` (a native function) made to throw its error instead of returning ERR. */
export function checked<F extends (...args: any[]) => any>(f: F): F {
  const w = function (this: unknown): unknown {
    // eslint-disable-next-line prefer-rest-params
    const r = f.apply(this, arguments as unknown as any[]);
    if (r === ERR) failed();
    return r;
  };
  Object.defineProperty(w, 'name', { value: f.name });
  return w as unknown as F;
}

for (const key of Object.keys(loaded)) if (typeof loaded[key] === 'function') loaded[key] = checked(loaded[key]);
for (const table of Object.values(loaded.tables))
  for (const op of table) {
    op.raw = op.fn;
    op.fn = checked(op.fn);
  }

export const native: Native = loaded;
