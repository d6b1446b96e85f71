// File I/O: load/save (npy, npz, safetensors, GGUF): the parts written in TypeScript.
// `ioApi` is spread into the mx namespace by index.ts; named exports of this
// file are re-exported from the package.
//
// The native table (src/native/ops/io.cc) reads and writes npy, safetensors
// and GGUF from paths and, for npy and safetensors, from bytes through MLX's
// Reader/Writer interfaces (no JS copy of the data). Here: the results become
// arrays and plain objects, npz (a zip of npy files, as numpy and Python mlx
// write it) is read and written with Node's zlib, and GGUF bytes go through a
// temporary file (MLX reads and writes GGUF by path only).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { MxArray, adoptTree } from './array';
import { bindArgs, isKwargs } from './args';
import { MLXError } from './errors';
import { tableFunctions } from './ops';
import type { Stream, Device, DeviceType } from './device';
import type { Dtype } from './dtype';
import { makeBuilder, fillBuilder, type ArrayBuilder } from './io_into';

export type { ArrayBuilder, BuilderView } from './io_into';
import { evaluate, tidy } from './runtime';
import { forEachArray } from './scope';

/* eslint-disable @typescript-eslint/no-explicit-any */
const core = tableFunctions.core as unknown as Record<string, (...a: any[]) => any>;

/** A path, or the bytes of a file (a Node Buffer, any typed array or DataView, an ArrayBuffer). */
export type FileSource = string | ArrayBufferView | ArrayBuffer;
/** What `mx.load` returns for npz, safetensors and GGUF: names to arrays. */
export type ArrayDict = Record<string, MxArray>;
/** GGUF metadata values: an array (scalar or 1-D), a string, or a list of strings. */
export type GGUFMetadataValue = MxArray | string | string[];
type StreamArg = Stream | Device | DeviceType | null;

function isBytes(x: unknown): x is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(x) || x instanceof ArrayBuffer;
}
function asBuffer(x: ArrayBufferView | ArrayBuffer): Buffer {
  return x instanceof ArrayBuffer ? Buffer.from(x) : Buffer.from(x.buffer, x.byteOffset, x.byteLength);
}

function fileError(fn: string, what: string, p: string, e: unknown): MLXError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const msg = (e as Error)?.message ?? String(e);
  return new MLXError(`[${fn}] ${what} '${p}': ${code ? `${code} ${msg.replace(/^[A-Z]+: /, '')}` : msg}`);
}

// npz is read by the native load (src/native/ops/io.cc): member by member,
// each decompressed straight into its array.

// ---- npz: zip writing ----------------------------------------------------------

function dosDateTime(d: Date): [number, number] {
  const time = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
  const date = (Math.max(0, d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  return [time, date];
}

function zipBytes(entries: { name: string; data: Buffer }[], compressed: boolean): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const [time, date] = dosDateTime(new Date());
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const body = compressed ? zlib.deflateRawSync(data) : data;
    const crc = zlib.crc32(data) >>> 0;
    const big = data.length >= 0xffffffff || body.length >= 0xffffffff || offset >= 0xffffffff;
    const flags = /[^\x20-\x7e]/.test(name) ? 0x800 : 0;
    const method = compressed ? 8 : 0;
    // Local header (with a zip64 extra holding both sizes when needed).
    const localExtra = big ? Buffer.alloc(20) : Buffer.alloc(0);
    if (big) {
      localExtra.writeUInt16LE(1, 0);
      localExtra.writeUInt16LE(16, 2);
      localExtra.writeBigUInt64LE(BigInt(data.length), 4);
      localExtra.writeBigUInt64LE(BigInt(body.length), 12);
    }
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(big ? 45 : 20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(method, 8);
    lh.writeUInt16LE(time, 10);
    lh.writeUInt16LE(date, 12);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(big ? 0xffffffff : body.length, 18);
    lh.writeUInt32LE(big ? 0xffffffff : data.length, 22);
    lh.writeUInt16LE(nameBytes.length, 26);
    lh.writeUInt16LE(localExtra.length, 28);
    parts.push(lh, nameBytes, localExtra, body);
    // Central directory entry.
    const cdExtra = big ? Buffer.alloc(28) : Buffer.alloc(0);
    if (big) {
      cdExtra.writeUInt16LE(1, 0);
      cdExtra.writeUInt16LE(24, 2);
      cdExtra.writeBigUInt64LE(BigInt(data.length), 4);
      cdExtra.writeBigUInt64LE(BigInt(body.length), 12);
      cdExtra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(big ? 45 : 20, 4);
    ch.writeUInt16LE(big ? 45 : 20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt16LE(time, 12);
    ch.writeUInt16LE(date, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(big ? 0xffffffff : body.length, 20);
    ch.writeUInt32LE(big ? 0xffffffff : data.length, 24);
    ch.writeUInt16LE(nameBytes.length, 28);
    ch.writeUInt16LE(cdExtra.length, 30);
    ch.writeUInt32LE(0o100644 * 65536, 38); // external attributes: a regular file, rw-r--r--
    ch.writeUInt32LE(big ? 0xffffffff : offset, 42);
    central.push(ch, nameBytes, cdExtra);
    offset += lh.length + nameBytes.length + localExtra.length + body.length;
  }
  const cdSize = central.reduce((s, x) => s + x.length, 0);
  const cdOffset = offset;
  const tail: Buffer[] = [];
  const big = entries.length >= 0xffff || cdOffset >= 0xffffffff || cdSize >= 0xffffffff;
  if (big) {
    const z = Buffer.alloc(56);
    z.writeUInt32LE(0x06064b50, 0);
    z.writeBigUInt64LE(44n, 4);
    z.writeUInt16LE(45, 12);
    z.writeUInt16LE(45, 14);
    z.writeBigUInt64LE(BigInt(entries.length), 24);
    z.writeBigUInt64LE(BigInt(entries.length), 32);
    z.writeBigUInt64LE(BigInt(cdSize), 40);
    z.writeBigUInt64LE(BigInt(cdOffset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(cdOffset + cdSize), 8);
    loc.writeUInt32LE(1, 16);
    tail.push(z, loc);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(big ? 0xffff : entries.length, 8);
  end.writeUInt16LE(big ? 0xffff : entries.length, 10);
  end.writeUInt32LE(big ? 0xffffffff : cdSize, 12);
  end.writeUInt32LE(big ? 0xffffffff : cdOffset, 16);
  return Buffer.concat([...parts, ...central, ...tail, end]);
}

// Writes `data` to `p` through a temporary file beside it, renamed over it.
function writeAtomically(fn: string, p: string, data: Buffer): void {
  const tmp = path.join(path.dirname(p), `.${path.basename(p)}.tmp${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    fs.writeFileSync(tmp, data, { flag: 'wx' });
    fs.renameSync(tmp, p);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* not created */
    }
    throw fileError(fn, 'cannot write', p, e);
  }
}

function savezImpl(fn: string, compressed: boolean, args: unknown[]): Buffer | undefined {
  const label = `mx.${fn}`;
  if (args.length === 0) throw new TypeError(`${label}: missing required argument 'file'`);
  const file = args[0];
  if (file !== null && typeof file !== 'string')
    throw new TypeError(`${label}: parameter 'file' expected a path (string), or null to get the bytes back`);
  const rest = args.slice(1);
  const named: Record<string, unknown> = rest.length > 0 && isKwargs(rest[rest.length - 1]) ? (rest.pop() as Record<string, unknown>) : {};
  const entries = new Map<string, MxArray>();
  for (const [k, v] of Object.entries(named)) {
    if (!(v instanceof MxArray)) throw new TypeError(`${label}: keyword argument '${k}' expected an mx.array`);
    entries.set(k, v);
  }
  rest.forEach((v, i) => {
    if (!(v instanceof MxArray)) throw new TypeError(`${label}: argument ${i + 1} expected an mx.array`);
    const k = `arr_${i}`;
    if (entries.has(k)) throw new MLXError(`[savez] Cannot use un-named variables and keyword ${k}`);
    entries.set(k, v);
  });
  const files = [...entries].map(([k, a]) => ({ name: `${k}.npy`, data: core.save(null, a) as Buffer }));
  const bytes = zipBytes(files, compressed);
  if (file === null) return bytes;
  const p = file.endsWith('.npz') ? file : `${file}.npz`;
  writeAtomically(fn, p, bytes);
  return undefined;
}

// ---- load ----------------------------------------------------------------------

// The native result [names | null, handles, metaKeys | null, metaValues | null].
function wrapLoad(r: [string[] | null, number[], string[] | null, unknown[] | null], returnMetadata = false): unknown {
  const [arrays, metaValues] = adoptTree([r[1], r[3] ?? []]) as [MxArray[], unknown[]];
  if (r[0] === null) return arrays[0];
  const dict: ArrayDict = {};
  r[0].forEach((k, i) => Object.defineProperty(dict, k, { value: arrays[i], enumerable: true, writable: true, configurable: true }));
  if (!returnMetadata) return dict;
  const meta: Record<string, unknown> = {};
  (r[2] ?? []).forEach((k, i) => Object.defineProperty(meta, k, { value: metaValues[i], enumerable: true, writable: true, configurable: true }));
  return [dict, meta];
}

function withTempDir<T>(f: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx-node-io-'));
  try {
    return f(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function inferFormat(file: unknown, format: unknown): string | undefined {
  if (typeof format === 'string') return format;
  if (typeof file === 'string') {
    const base = path.basename(file);
    const dot = base.lastIndexOf('.');
    return dot >= 0 ? base.slice(dot + 1) : undefined;
  }
  return undefined;
}

function loadImpl(...args: unknown[]): unknown {
  const [file, format, returnMetadata, stream] = bindArgs('mx.load', ['file', 'format', 'returnMetadata', 'stream'], 1, args, 1);
  const positional = args.length > 0 && isKwargs(args[args.length - 1]) ? args.length - 1 : args.length;
  if (positional > 3) throw new TypeError(`mx.load: takes at most 3 positional arguments (${positional} given)`);
  const fmt = inferFormat(file, format);
  if (fmt === 'gguf' && isBytes(file)) {
    return withTempDir((dir) => {
      const p = path.join(dir, 'bytes.gguf');
      fs.writeFileSync(p, asBuffer(file));
      const r = wrapLoad(core.load(p, 'gguf', !!returnMetadata, { stream: stream ?? null }), !!returnMetadata);
      const arrays: MxArray[] = [];
      const dict = (returnMetadata ? (r as unknown[])[0] : r) as ArrayDict;
      for (const k of Object.keys(dict)) arrays.push(dict[k]);
      evaluate(...arrays);
      return r;
    });
  }
  return wrapLoad(core.load(...args), !!returnMetadata);
}

// save_safetensors / save_gguf take dicts (plain objects) positionally, so a
// trailing plain object is the keyword object only when all its keys name
// parameters not given positionally and its values are objects or null (what
// `arrays` and `metadata` are); otherwise it is the positional dict itself.
const DICT_PARAMS = ['file', 'arrays', 'metadata'];
function dictArgs(label: string, args: unknown[]): [unknown, unknown, unknown] {
  let a = args;
  const n = a.length;
  if (n > 0 && isKwargs(a[n - 1])) {
    const last = a[n - 1] as Record<string, unknown>;
    const rest = DICT_PARAMS.slice(n - 1);
    const keys = Object.keys(last);
    const isKw = n - 1 >= 1 && keys.length > 0 && keys.every((k) => rest.includes(k) && (k === 'file' || last[k] == null || isKwargs(last[k])));
    if (!isKw && !(n === 1)) a = [...a, {}];
  }
  const [file, arrays, metadata] = bindArgs(label, DICT_PARAMS, 2, a);
  return [file, arrays, metadata];
}

function saveSafetensorsImpl(...args: unknown[]): Buffer | undefined {
  const [file, arrays, metadata] = dictArgs('mx.saveSafetensors', args);
  return core.saveSafetensors({ file, arrays, metadata: metadata ?? null });
}

function saveGgufImpl(...args: unknown[]): Buffer | undefined {
  const [file, arrays, metadata] = dictArgs('mx.saveGguf', args);
  if (file !== null) {
    core.saveGguf({ file, arrays, metadata: metadata ?? null });
    return undefined;
  }
  return withTempDir((dir) => {
    const p = path.join(dir, 'bytes.gguf');
    core.saveGguf({ file: p, arrays, metadata: metadata ?? null });
    return fs.readFileSync(p);
  });
}

// export_to_dot(file, *args, **kwargs): the trees of arrays flattened, keyword
// names passed to the native side as [name, array] pairs.
function exportToDotImpl(...args: unknown[]): string | undefined {
  if (args.length === 0) throw new TypeError(`mx.exportToDot: missing required argument 'file'`);
  const rest = args.slice(1);
  const names = rest.length > 0 && isKwargs(rest[rest.length - 1]) ? (rest.pop() as Record<string, unknown>) : {};
  const flat: unknown[] = [];
  for (const t of rest) {
    const before = flat.length;
    forEachArray(t, (a) => flat.push(a), (x): x is MxArray => x instanceof MxArray);
    if (flat.length === before && !(t !== null && typeof t === 'object'))
      throw new TypeError(`mx.exportToDot: expected arrays or trees of arrays, got ${typeof t}`);
  }
  for (const [k, v] of Object.entries(names)) {
    if (!(v instanceof MxArray)) throw new TypeError(`mx.exportToDot: keyword argument '${k}' expected an mx.array`);
    flat.push([k, v]);
  }
  return core.exportToDot(args[0], ...flat);
}

// ---- export_function / import_function / exporter ------------------------------

type ExportFn = (...args: any[]) => MxArray | MxArray[] | readonly MxArray[];
const EXPORT_OPTIONS = new Set(['shapeless', 'metadata']);

// Python's validate_and_extract_inputs: arrays as *args and **kwargs, or a
// list of arrays and/or an object of arrays.
function exampleInputs(label: string, positional: unknown[], named: Record<string, unknown>): [MxArray[], [string, MxArray][]] {
  let args: unknown[] = positional;
  const kw: [string, MxArray][] = [];
  if (positional.length >= 1 && positional.length <= 2 && (Array.isArray(positional[0]) || isKwargs(positional[0]))) {
    args = [];
    for (const p of positional) {
      // element by element, checked as it goes: a sparse list of length 2**32 - 1 is refused at its
      // first hole instead of spread into billions of arguments (a fatal out-of-memory)
      if (Array.isArray(p)) for (const a of p) {
        if (!(a instanceof MxArray)) throw new TypeError(`${label}: inputs must be arrays, got ${typeof a}`);
        args.push(a);
      }
      else if (isKwargs(p)) for (const [k, v] of Object.entries(p)) named = { ...named, [k]: v };
      else throw new TypeError(`${label}: inputs must be arrays, or a list of arrays and/or an object of arrays`);
    }
  }
  for (const a of args) if (!(a instanceof MxArray)) throw new TypeError(`${label}: inputs must be arrays, got ${typeof a}`);
  for (const [k, v] of Object.entries(named)) {
    if (!(v instanceof MxArray)) throw new TypeError(`${label}: keyword input '${k}' must be an array`);
    kw.push([k, v]);
  }
  return [args as MxArray[], kw];
}

// The adapter the native side calls while tracing: tracer handles in, the
// user's outputs (an array or a list of arrays) out.
function adapter(label: string, fun: ExportFn) {
  return (handles: number[], names: string[], kwHandles: number[]): MxArray[] =>
    tidy(() => {
      const [args, kwArrays] = adoptTree([handles, kwHandles]) as [MxArray[], MxArray[]];
      const kwargs: Record<string, MxArray> = {};
      names.forEach((n, i) => Object.defineProperty(kwargs, n, { value: kwArrays[i], enumerable: true }));
      const out = names.length > 0 ? fun(...args, kwargs) : fun(...args);
      const list = out instanceof MxArray ? [out] : Array.isArray(out) ? [...out] : undefined;
      if (!list || !list.every((x) => x instanceof MxArray))
        throw new TypeError(`${label}: the function must return an array or a list of arrays`);
      return list;
    });
}

function splitKw(args: unknown[]): [unknown[], Record<string, unknown>] {
  const rest = [...args];
  const kw = rest.length > 0 && isKwargs(rest[rest.length - 1]) ? (rest.pop() as Record<string, unknown>) : {};
  return [rest, kw];
}

function exportFunctionImpl(...all: unknown[]): void {
  const label = 'mx.exportFunction';
  if (all.length < 2) throw new TypeError(`${label}: missing required argument '${all.length === 0 ? 'fileOrCallback' : 'fun'}'`);
  const [file, fun, ...rest] = all;
  if (typeof fun !== 'function') throw new TypeError(`${label}: parameter 'fun' expected a function`);
  const [positional, kw] = splitKw(rest);
  const named: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kw)) if (!EXPORT_OPTIONS.has(k)) named[k] = v;
  const [args, kwPairs] = exampleInputs(label, positional, named);
  core.exportFunction(file, adapter(label, fun as ExportFn), ...args, ...kwPairs,
    { shapeless: kw.shapeless ?? false, metadata: kw.metadata ?? null });
}

/** A function imported by `mx.importFunction`: call it like the exported one; it returns a list of arrays. */
export type ImportedFunction = (...args: unknown[]) => MxArray[];

function importFunctionImpl(...all: unknown[]): ImportedFunction | [ImportedFunction, string] {
  const [file, returnMetadata] = bindArgs('mx.importFunction', ['file', 'returnMetadata'], 1, all);
  const [caller, metadata] = core.importFunction(file, !!returnMetadata) as [(...a: unknown[]) => unknown, string];
  const f: ImportedFunction = (...a: unknown[]) => {
    const [positional, kw] = splitKw(a);
    const [args, kwPairs] = exampleInputs('imported function', positional, kw);
    return adoptTree(caller(args, kwPairs.map((p) => p[0]), kwPairs.map((p) => p[1]))) as MxArray[];
  };
  return returnMetadata ? [f, metadata] : f;
}

/**
 * Python's FunctionExporter (from `mx.exporter`): call it with example inputs to add a trace of the
 * function; `close()` (or `using`, or the `enter`/`exit` pair) writes the file.
 */
export interface FunctionExporter {
  (...args: unknown[]): void;
  close(): void;
  enter(): FunctionExporter;
  exit(): void;
  [Symbol.dispose](): void;
}

function exporterImpl(...all: unknown[]): FunctionExporter {
  const label = 'mx.exporter';
  const [file, fun, kw] = all;
  if (all.length > 3 || (all.length === 3 && !isKwargs(kw)))
    throw new TypeError(`${label}: takes 2 positional arguments; shapeless and metadata are keyword-only`);
  if (typeof fun !== 'function') throw new TypeError(`${label}: parameter 'fun' expected a function`);
  const opts = (isKwargs(kw) ? kw : {}) as { shapeless?: boolean; metadata?: string | null };
  for (const k of Object.keys(opts))
    if (!EXPORT_OPTIONS.has(k)) throw new TypeError(`${label}: unknown keyword argument '${k}'`);
  const op = core.exporter(file, adapter(label, fun as ExportFn), { shapeless: opts.shapeless ?? false, metadata: opts.metadata ?? null }) as (
    ...a: unknown[]) => void;
  const ex = ((...a: unknown[]) => {
    const [positional, named] = splitKw(a);
    const [args, kwPairs] = exampleInputs(label, positional, named);
    op(0, args, kwPairs.map((p) => p[0]), kwPairs.map((p) => p[1]));
  }) as FunctionExporter;
  ex.close = () => op(1);
  ex.enter = () => ex;
  ex.exit = () => op(1);
  ex[Symbol.dispose] = () => op(1);
  return ex;
}

async function fromStreamImpl(...args: unknown[]): Promise<MxArray> {
  const label = 'mx.fromStream';
  const [source, shape, dtype] = bindArgs(label, ['source', 'shape', 'dtype'], 1, args);
  if (shape === undefined) throw new TypeError(`${label}: missing required argument 'shape'`);
  const b = makeBuilder(label, dtype === undefined ? [shape] : [shape, dtype], 1);
  return fillBuilder('mx.fromStream', b, source);
}

/** @internal */
export const ioApi = {
  /**
   * Python's `mx.load(file, format=None, return_metadata=False, *, stream=None)`.
   * `file` is a path or the bytes of a file (a Uint8Array, typed array or ArrayUint8Array; then `format` is
   * required). Returns an array (npy), or a plain object of arrays (npz, safetensors, gguf); with
   * `{ returnMetadata: true }` the pair `[arrays, metadata]` (safetensors, gguf).
   */
  load: loadImpl as {
    (file: FileSource, format?: string | null | { format?: string | null; returnMetadata?: false; stream?: StreamArg }): MxArray | ArrayDict;
    (file: FileSource, format: string | null, returnMetadata: true, kw?: { stream?: StreamArg }): [ArrayDict, Record<string, string | GGUFMetadataValue>];
    (file: FileSource, kw: { format?: string | null; returnMetadata: true; stream?: StreamArg }): [ArrayDict, Record<string, string | GGUFMetadataValue>];
    (file: FileSource, ...rest: unknown[]): MxArray | ArrayDict | [ArrayDict, Record<string, string | GGUFMetadataValue>];
  },
  /** Python's `mx.save(file, arr)` (.npy, appended when missing). `file` null returns the bytes (a Node Buffer, typed as Uint8Array). */
  save: ((...a: unknown[]) => core.save(...a)) as {
    (file: string, arr: MxArray): void;
    (file: null, arr: MxArray): Uint8Array;
    (kw: { file: string | null; arr: MxArray }): Uint8Array | undefined;
  },
  /** Python's `mx.savez(file, *args, **kwargs)`: `mx.savez(file, a, b, { name: c })`; `file` null returns the bytes. */
  savez: ((...a: unknown[]) => savezImpl('savez', false, a)) as {
    (file: string, ...arrays: (MxArray | Record<string, MxArray>)[]): void;
    (file: null, ...arrays: (MxArray | Record<string, MxArray>)[]): Uint8Array;
  },
  /** Python's `mx.savez_compressed(file, *args, **kwargs)` (deflate); `file` null returns the bytes. */
  savezCompressed: ((...a: unknown[]) => savezImpl('savez_compressed', true, a)) as {
    (file: string, ...arrays: (MxArray | Record<string, MxArray>)[]): void;
    (file: null, ...arrays: (MxArray | Record<string, MxArray>)[]): Uint8Array;
  },
  /** Python's `mx.save_safetensors(file, arrays, metadata=None)`; `file` null returns the bytes. */
  saveSafetensors: saveSafetensorsImpl as {
    (file: string, arrays: Record<string, MxArray>, metadata?: Record<string, string> | null): void;
    (file: null, arrays: Record<string, MxArray>, metadata?: Record<string, string> | null): Uint8Array;
  },
  /**
   * Python's `mx.export_to_dot(file, *args, **kwargs)`: the graph of the given arrays (or trees of arrays) in DOT
   * format; a trailing plain object names arrays (`{ x, y }`, Python's keywords). `file` null returns the text.
   */
  exportToDot: exportToDotImpl as {
    (file: string, ...args: unknown[]): void;
    (file: null, ...args: unknown[]): string;
  },
  /**
   * Python's `mx.export_function(file, fun, *args, shapeless=False, metadata=None, **kwargs)`: traces `fun` (called
   * synchronously with the example inputs) and writes it to `file` (`.mlxfn` appended when missing). Inputs are
   * arrays, or a list of arrays and/or an object of arrays; a trailing plain object holds `shapeless`, `metadata`
   * and named inputs. The callback form is not supported.
   */
  exportFunction: exportFunctionImpl as (file: string, fun: ExportFn, ...args: unknown[]) => void,
  /** Python's `mx.import_function(file, return_metadata=False)`: a function returning a list of arrays. */
  importFunction: importFunctionImpl as {
    (file: string, returnMetadata?: false | { returnMetadata?: false }): ImportedFunction;
    (file: string, returnMetadata: true | { returnMetadata: true }): [ImportedFunction, string];
  },
  /** Python's `mx.exporter(file, fun, *, shapeless=False, metadata=None)`. */
  exporter: exporterImpl as (file: string, fun: ExportFn, kw?: { shapeless?: boolean; metadata?: string | null }) => FunctionExporter,
  /**
   * JS-only: an array of `shape` and `dtype` (default float32) whose memory MLX allocates and JS fills through
   * `builder.bytes` / `builder.view` (views over that memory: a stream's chunks go into MLX with one copy);
   * `builder.finish()` detaches the views and returns the array. See docs/io.md.
   */
  allocate: ((...a: unknown[]) => makeBuilder('mx.allocate', a, 1)) as (shape: number | number[], dtype?: Dtype | null | { dtype?: Dtype | null }) => ArrayBuilder,
  /**
   * JS-only: reads a Node Readable, a web ReadableStream or an (async) iterable of byte chunks into a new array
   * of `shape` and `dtype` (default float32), one copy from each chunk into MLX memory. The stream must hold
   * exactly the array's bytes (row-major, little-endian) or the promise rejects with an `mx.MLXError`.
   */
  fromStream: fromStreamImpl as (source: AsyncIterable<unknown> | Iterable<unknown>, shape: number | number[] | { shape: number | number[]; dtype?: Dtype | null }, dtype?: Dtype | null | { dtype?: Dtype | null }) => Promise<MxArray>,
  /** Python's `mx.save_gguf(file, arrays, metadata)`; `file` null returns the bytes. */
  saveGguf: saveGgufImpl as {
    (file: string, arrays: Record<string, MxArray>, metadata?: Record<string, GGUFMetadataValue> | null): void;
    (file: null, arrays: Record<string, MxArray>, metadata?: Record<string, GGUFMetadataValue> | null): Uint8Array;
  },
};

// Named exports (`import { load } from 'mlx-node'`), the same functions as mx.*.
// (tools/gen_types.mjs must list core.load, core.save, core.save_safetensors and
// core.save_gguf, core.export_to_dot, core.export_function, core.import_function, core.exporter and core.allocate in TS_OWNED, so that the generated exports do not shadow these.)
export const {
  load, save, savez, savezCompressed, saveSafetensors, saveGguf, exportToDot, exportFunction, importFunction, exporter,
  allocate, fromStream,
} = ioApi;
