// Python's context managers as JS scopes. `with mx.stream(s): ...` is
// `mx.stream(s, () => ...)` (runs the callback, returns its result), or, for
// code that cannot be a callback, `using _ = mx.stream(s).enter()`; the same
// for `mx.printoptions(...)`. Defaults are per thread, so a callback that
// returns a Promise is refused: its awaited part would run on whatever
// defaults are current when it resumes.
import { bindArgs } from './args';
import { Device, DeviceType, Stream, StreamOrDevice, ThreadLocalStream } from './device';
import { tableFunctions } from './ops';

/* eslint-disable @typescript-eslint/no-explicit-any */
const core = tableFunctions.core as unknown as Record<string, (...a: any[]) => any>;

function refuseAsync(label: string, r: unknown): void {
  if (r !== null && (typeof r === 'object' || typeof r === 'function') && typeof (r as any).then === 'function')
    throw new TypeError(
      `${label}: the callback returned a Promise; the default stream and print options are per thread and cannot ` +
        `follow an await: keep the callback synchronous, or pass { stream } to each op`,
    );
}

/** Runs `fn` between `ctx.enter()` and `ctx.exit()`, exiting even when it throws. */
function within<T>(ctx: { enter(): unknown; exit(): void }, label: string, fn: () => T): T {
  ctx.enter();
  let r: T;
  try {
    r = fn();
  } catch (e) {
    ctx.exit();
    throw e;
  }
  ctx.exit();
  refuseAsync(label, r);
  return r;
}

/** Sets the default device and stream until `exit()` (Python's StreamContext). */
export class StreamContext {
  private readonly target: Stream | ThreadLocalStream | Device | DeviceType;
  private saved: Stream[] = [];
  constructor(s: Stream | ThreadLocalStream | Device | DeviceType) {
    const [v] = bindArgs('mx.StreamContext', ['s'], 1, [s]);
    if (!(v instanceof Stream || v instanceof ThreadLocalStream || v instanceof Device || v instanceof DeviceType))
      throw new TypeError(`mx.StreamContext: parameter 's' expected an mx.Stream, mx.Device or mx.cpu/mx.gpu`);
    this.target = v;
  }
  /** Makes the stream (or the device's default stream) the default; returns this. */
  enter(): this {
    const t = this.target;
    // A device stands for its default stream; a ThreadLocalStream is resolved
    // to this thread's stream by the native side.
    const stream = t instanceof Stream || t instanceof ThreadLocalStream ? t : (core.defaultStream(t) as Stream);
    this.saved.push(core.defaultStream(core.defaultDevice()) as Stream);
    core.setDefaultDevice(stream.device);
    core.setDefaultStream(stream);
    return this;
  }
  /** Restores the device and stream that were the defaults at `enter()`. */
  exit(): void {
    const prev = this.saved.pop();
    if (!prev) return;
    core.setDefaultDevice(prev.device);
    core.setDefaultStream(prev);
  }
  [Symbol.dispose](): void {
    this.exit();
  }
}

/**
 * `mx.stream(s, fn)`: runs `fn` with `s` (a stream, or a device's default
 * stream) as the default, and returns its result. `mx.stream(s)` alone returns
 * the StreamContext (`using _ = mx.stream(s).enter()`).
 */
export function stream<T>(s: Stream | ThreadLocalStream | Device | DeviceType, fn: () => T): T;
export function stream(s: Stream | ThreadLocalStream | Device | DeviceType): StreamContext;
export function stream(...args: unknown[]): unknown {
  const fn = typeof args[args.length - 1] === 'function' ? (args.pop() as () => unknown) : undefined;
  const [s] = bindArgs('mx.stream', ['s'], 1, args);
  const ctx = new StreamContext(s as Stream);
  return fn ? within(ctx, 'mx.stream', fn) : ctx;
}

/** Global print options (Python's mx.PrintOptions). */
export class PrintOptions {
  precision: number;
  constructor(precision = -1) {
    const [p] = bindArgs('mx.PrintOptions', ['precision'], 0, [precision]);
    this.precision = checkPrecision('mx.PrintOptions', p);
  }
}

function checkPrecision(label: string, p: unknown): number {
  if (p === undefined) return -1;
  if (typeof p !== 'number' || !Number.isInteger(p))
    throw new TypeError(`${label}: parameter 'precision' expected an integer`);
  // printing with millions of decimals crashes the printer (src/native/ops/runtime.cc)
  if (p > 10000) throw new RangeError(`${label}: precision ${p} is out of range (at most 10000)`);
  return p;
}

export function getPrintoptions(...args: never[]): PrintOptions {
  bindArgs('mx.getPrintoptions', [], 0, args);
  return new PrintOptions(core.getPrintoptions());
}

export function setPrintoptions(precision?: number | { precision?: number }): void;
export function setPrintoptions(...args: unknown[]): void {
  const [p] = bindArgs('mx.setPrintoptions', ['precision'], 0, args);
  core.setPrintoptions(checkPrecision('mx.setPrintoptions', p));
}

/** Print options until `exit()` (Python's `with mx.printoptions(...)`). */
export class PrintOptionsContext {
  private saved: number[] = [];
  constructor(readonly options: PrintOptions) {}
  enter(): this {
    this.saved.push(core.getPrintoptions());
    core.setPrintoptions(this.options.precision);
    return this;
  }
  exit(): void {
    const p = this.saved.pop();
    if (p !== undefined) core.setPrintoptions(p);
  }
  [Symbol.dispose](): void {
    this.exit();
  }
}

/**
 * `mx.printoptions(precision, fn)` / `mx.printoptions({ precision }, fn)`: runs
 * `fn` with those options and returns its result; without `fn`, returns the
 * context (`using _ = mx.printoptions({ precision: 3 }).enter()`).
 */
export function printoptions<T>(precision: number | { precision?: number }, fn: () => T): T;
export function printoptions<T>(fn: () => T): T;
export function printoptions(precision?: number | { precision?: number }): PrintOptionsContext;
export function printoptions(...args: unknown[]): unknown {
  const fn = typeof args[args.length - 1] === 'function' ? (args.pop() as () => unknown) : undefined;
  const [p] = bindArgs('mx.printoptions', ['precision'], 0, args);
  const ctx = new PrintOptionsContext(new PrintOptions(checkPrecision('mx.printoptions', p)));
  return fn ? within(ctx, 'mx.printoptions', fn) : ctx;
}

export type { StreamOrDevice };
