// Devices and streams. Each carries `_sd`, the descriptor the native side
// reads: [kind (0 DeviceType, 1 Device, 2 Stream), type, deviceIndex, streamIndex].

/**
 * @internal The descriptor as one integer, which the binder passes instead
 * of the object (src/native/op_table.h, Call): kind in bits 0-1, device type
 * bit 2, device index bits 3-10, stream index bits 11-30.
 */
export function sdCode(sd: readonly number[]): number {
  return sd[0] | (sd[1] << 2) | ((sd[2] & 0xff) << 3) | ((sd[3] & 0xfffff) << 11);
}

export class DeviceType {
  static readonly cpu = new DeviceType('cpu', 0);
  static readonly gpu = new DeviceType('gpu', 1);
  /** @internal */
  readonly _sd: readonly number[];
  /** @internal */
  readonly _code: number;
  private constructor(readonly name: 'cpu' | 'gpu', readonly value: number) {
    this._sd = Object.freeze([0, value, 0, 0]);
    this._code = sdCode(this._sd);
    Object.freeze(this);
  }
  toString(): string {
    return `DeviceType.${this.name}`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export const cpu = DeviceType.cpu;
export const gpu = DeviceType.gpu;

export class Device {
  readonly type: DeviceType;
  readonly index: number;
  /** @internal */
  readonly _sd: readonly number[];
  /** @internal */
  readonly _code: number;
  constructor(type: DeviceType, index = 0) {
    if (!(type instanceof DeviceType)) throw new TypeError('mx.Device: parameter \'type\' expected mx.cpu or mx.gpu');
    if (!Number.isInteger(index) || index < 0) throw new RangeError('mx.Device: parameter \'index\' expected a non-negative integer');
    this.type = type;
    this.index = index;
    this._sd = Object.freeze([1, type.value, index, 0]);
    this._code = sdCode(this._sd);
  }
  equals(other: unknown): boolean {
    return other instanceof Device && other.type === this.type && other.index === this.index;
  }
  toString(): string {
    return `Device(${this.type.name}, ${this.index})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export class Stream {
  readonly device: Device;
  readonly index: number;
  /** @internal */
  readonly _sd: readonly number[];
  /** @internal */
  readonly _code: number;
  /** @internal streams come from mx.newStream / mx.defaultStream */
  constructor(sd: readonly number[]) {
    this.device = new Device(sd[1] === 1 ? DeviceType.gpu : DeviceType.cpu, sd[2]);
    this.index = sd[3];
    this._sd = Object.freeze([2, sd[1], sd[2], sd[3]]);
    this._code = sdCode(this._sd);
  }
  equals(other: unknown): boolean {
    return other instanceof Stream && other.index === this.index && other.device.equals(this.device);
  }
  toString(): string {
    return `Stream(${this.device}, ${this.index})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * A stream that is unique per thread (mx.newThreadLocalStream): passed to an
 * op, it stands for the calling thread's own stream on its device.
 */
export class ThreadLocalStream {
  readonly device: Device;
  /** @internal */
  readonly _sd: readonly number[];
  /** @internal */
  readonly _code: number;
  /** @internal made by mx.newThreadLocalStream */
  constructor(sd: readonly number[]) {
    this.device = new Device(sd[1] === 1 ? DeviceType.gpu : DeviceType.cpu, sd[2]);
    this._sd = Object.freeze([3, sd[1], sd[2], sd[3]]);
    this._code = sdCode(this._sd);
  }
  equals(other: unknown): boolean {
    return other instanceof ThreadLocalStream && other._sd[3] === this._sd[3] && other.device.equals(this.device);
  }
  toString(): string {
    return `ThreadLocalStream(${this.device}, ${this._sd[3]})`;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export type StreamOrDevice = Stream | ThreadLocalStream | Device | DeviceType | null | undefined;

const DEVICES = new Map<number, Device>();

/** @internal sdCode's inverse: [kind, type, deviceIndex, streamIndex] */
function sdOf(code: number): number[] {
  return [code & 3, (code >> 2) & 1, (code >> 3) & 0xff, (code >>> 11) & 0xfffff];
}

/** @internal a device returned by the native side (its sdCode) */
export function deviceFromSd(code: number): Device {
  // Devices are immutable values: one object per (type, index), as Python's
  // default_device() is cheap to call repeatedly.
  const key = (code >> 2) & 0x1ff;
  let d = DEVICES.get(key);
  if (d === undefined) {
    const sd = sdOf(code);
    DEVICES.set(key, (d = Object.freeze(new Device(sd[1] === 1 ? DeviceType.gpu : DeviceType.cpu, sd[2]))));
  }
  return d;
}
/** @internal a stream returned by the native side (its sdCode) */
export function streamFromSd(code: number): Stream | ThreadLocalStream {
  const sd = sdOf(code);
  return sd[0] === 3 ? new ThreadLocalStream(sd) : new Stream(sd);
}
