// Into MLX with one copy: mx.allocate (an ArrayBuilder whose views are MLX
// memory until finish() detaches them) and mx.fromStream (a stream's chunks
// copied straight into such an array). docs/io.md, "Into MLX".
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import mx from '../../src/ts/index';
import { makeBuilder, fillBuilder } from '../../src/ts/io_into';
import { native } from '../../src/ts/native';
import { fullGc } from './gc';

type A = ReturnType<typeof mx.ones>;
const ROOT = path.resolve(__dirname, '..', '..');
const INDEX = path.join(ROOT, 'src', 'ts', 'index.ts');

const DTYPES = ['bool', 'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64', 'float16', 'bfloat16',
  'float32', 'float64', 'complex64'] as const;
const dt = (n: string) => (mx as unknown as Record<string, A['dtype']>)[n === 'bool' ? 'bool_' : n] ?? (mx as any)[n];

// A reference array of each dtype with varied values, and its raw bytes.
function reference(name: string): [A, Uint8Array] {
  const base = mx.subtract(mx.arange(24), 11).reshape(2, 3, 4);
  const a = name === 'bool' ? mx.greater(base, 0) : name === 'complex64'
    ? mx.add(base.astype(mx.complex64), mx.multiply(mx.array({ re: 0, im: 1 } as any), 0.5))
    : mx.multiply(base, name.startsWith('float') || name === 'bfloat16' ? 0.75 : 1).astype(dt(name));
  const t = a.toTypedArray({ raw: true });
  return [a, new Uint8Array(t.buffer, t.byteOffset, t.byteLength).slice()];
}

function same(a: A, b: A): void {
  assert.equal(b.dtype, a.dtype);
  assert.deepEqual(b.shape, a.shape);
  assert.ok(mx.arrayEqual(a, b, { equalNan: true }).item(), `${a.dtype}: ${a} vs ${b}`);
}

function chunks(bytes: Uint8Array, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let o = 0; o < bytes.length; o += size) out.push(Buffer.from(bytes.subarray(o, o + size)));
  return out;
}

function child(script: string): any {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!);
}

describe('io: into MLX (allocate, fromStream)', () => {
  for (const mode of [1, 2] as const) {
    const what = mode === 1 ? 'views over MLX memory' : 'forced copying fallback (no external buffers)';
    it(`allocate: every dtype, through bytes and through the dtype view (${what})`, () => {
      for (const name of DTYPES) {
        const [ref, bytes] = reference(name);
        const b = makeBuilder('mx.allocate', [[2, 3, 4], dt(name)], mode);
        assert.equal(b.zeroCopy, mode === 1);
        assert.equal(b.nbytes, bytes.length);
        assert.equal(b.bytes.length, bytes.length);
        assert.equal(b.view.byteLength, bytes.length);
        assert.equal(b.view.buffer, b.bytes.buffer);
        b.bytes.set(bytes);
        same(ref, b.finish());
        // the same through the dtype view
        const b2 = makeBuilder('mx.allocate', [[2, 3, 4], dt(name)], mode);
        const t = ref.toTypedArray({ raw: true }) as any;
        (b2.view as any).set(name === 'bool' ? t : t);
        same(ref, b2.finish());
      }
    });

    it(`fromStream: every dtype from a Readable in uneven chunks (${what})`, async () => {
      for (const name of DTYPES) {
        const [ref, bytes] = reference(name);
        const b = makeBuilder('mx.fromStream', [[2, 3, 4], dt(name)], mode);
        same(ref, await fillBuilder('mx.fromStream', b, Readable.from(chunks(bytes, 7))));
        assert.equal(b.done, true);
      }
    });
  }

  it('the view is unusable after finish: detached, with every other view of its ArrayBuffer', () => {
    const b = mx.allocate([4], mx.float32);
    const other = new Float32Array(b.view.buffer);
    const buf = Buffer.from(b.bytes.buffer);
    b.view.set([1, 2, 3, 4]);
    const a = b.finish();
    assert.equal(b.view.length, 0);
    assert.equal(b.bytes.length, 0);
    assert.equal(other.length, 0);
    assert.equal(buf.length, 0);
    assert.equal(b.view.buffer.byteLength, 0);
    other[0] = 99; // a write to a detached view is a no-op
    b.view[1] = 99;
    assert.deepEqual(a.tolist(), [1, 2, 3, 4]);
    assert.equal(b.done, true);
    assert.throws(() => b.finish(), (e: any) => e instanceof TypeError && /finished or abandoned already/.test(e.message));
    b.abandon(); // no-op once done
    a.dispose();
  });

  it('abandon, Symbol.dispose and a transferred buffer make no array', () => {
    const b = mx.allocate([8], mx.int32);
    b.abandon();
    assert.equal(b.bytes.length, 0);
    assert.throws(() => b.finish(), TypeError);
    {
      using c = mx.allocate([8], mx.int32);
      c.view.fill(1);
    }
    // The ArrayBuffer of a view over MLX memory is not transferable (postMessage / structuredClone copy it);
    // one detached by other means before finish() makes no array.
    const d = mx.allocate([4], mx.float32);
    const copy = structuredClone(d.view.buffer, { transfer: [d.view.buffer] });
    assert.equal(copy.byteLength, 16);
    assert.equal(d.view.length, 4, 'an external buffer is copied, not transferred');
    const e = makeBuilder('mx.allocate', [[4], mx.float32], 2);
    structuredClone(e.view.buffer, { transfer: [e.view.buffer] }); // a plain ArrayBuffer (fallback) does transfer
    assert.equal(e.view.length, 0);
    assert.throws(() => e.finish(), (err: any) => err instanceof mx.MLXError && /detached or transferred/.test(err.message));
    d.abandon();
  });

  it('bool: any non-zero byte becomes true; empty arrays; defaults and keyword forms', () => {
    const b = mx.allocate([4], mx.bool_);
    b.bytes.set([0, 1, 2, 255]);
    assert.deepEqual(b.finish().tolist(), [false, true, true, true]);
    const e = mx.allocate([0, 3]);
    assert.equal(e.nbytes, 0);
    const ea = e.finish();
    assert.deepEqual(ea.shape, [0, 3]);
    assert.equal(ea.dtype, mx.float32);
    const s = mx.allocate(3, { dtype: mx.int16 });
    assert.deepEqual(s.shape, [3]);
    assert.ok(s.view instanceof Int16Array);
    s.view.set([1, -2, 3]);
    assert.deepEqual(s.finish().tolist(), [1, -2, 3]);
    const z = mx.allocate([]);
    z.view[0] = 2.5;
    assert.equal(z.finish().item(), 2.5);
  });

  it('bad shape, dtype and byte counts are clear errors', async () => {
    assert.throws(() => mx.allocate([-1]), (e: any) => e instanceof RangeError && /mx.allocate.*negative/.test(e.message));
    assert.throws(() => mx.allocate([2], 'float32' as any), (e: any) => e instanceof TypeError && /mx.allocate: parameter 'dtype'/.test(e.message));
    assert.throws(() => mx.allocate('x' as any), (e: any) => e instanceof TypeError && /mx.allocate: parameter 'shape'/.test(e.message));
    assert.throws(() => (mx.allocate as any)(), (e: any) => e instanceof TypeError && /missing required argument 'shape'/.test(e.message));
    assert.throws(() => mx.allocate([2 ** 30, 2 ** 30, 2 ** 10]), (e: any) => e instanceof RangeError && /larger than this machine/.test(e.message));
    // Node 20 crashed making an external ArrayBuffer over 4 GiB (found by the fuzzer): refused first
    if (require('node:buffer').constants.MAX_LENGTH === 2 ** 32)
      assert.throws(() => mx.allocate(2147483647), (e: any) => e instanceof RangeError && /largest ArrayBuffer of this Node.js/.test(e.message));
    fullGc(); // earlier tests' garbage must not be finalized during the count
    const live = native.liveArrays();
    const reject = (p: Promise<unknown>, cls: any, re: RegExp) => assert.rejects(p, (e: any) => e instanceof cls && re.test(e.message));
    await reject(mx.fromStream(Readable.from([Buffer.alloc(5)]), [1], mx.int32), mx.MLXError, /more than the 4 bytes of a int32 array of shape \[1\]/);
    await reject(mx.fromStream(Readable.from([Buffer.alloc(4), Buffer.alloc(1)]), { shape: [1], dtype: mx.int32 }), mx.MLXError, /more than the 4 bytes/);
    await reject(mx.fromStream(Readable.from([Buffer.alloc(3)]), [1], mx.int32), mx.MLXError, /ended after 3 bytes.*needs 4/);
    await reject(mx.fromStream(Readable.from([]), [2, 2]), mx.MLXError, /ended after 0 bytes.*needs 16/);
    await reject(mx.fromStream(Readable.from(['abcd']), [1], mx.int32), TypeError, /must yield bytes.*a string/);
    await reject(mx.fromStream(Readable.from([1, 2]), [1], mx.int32), TypeError, /must yield bytes/);
    await reject(mx.fromStream(42 as any, [1]), TypeError, /parameter 'source'/);
    await reject((mx.fromStream as any)(Readable.from([])), TypeError, /missing required argument 'shape'/);
    await reject(mx.fromStream(Readable.from([]), [-2]), RangeError, /negative/);
    // a stream that fails mid-way: its error, and the builder abandoned
    const failing = new Readable({ read() { this.destroy(new Error('disk on fire')); } });
    await reject(mx.fromStream(failing, [4]), Error, /disk on fire/);
    assert.equal(native.liveArrays(), live);
    // other chunk sources: typed arrays, DataView, ArrayBuffer, sync and async iterables, a web ReadableStream
    const parts = [new Uint16Array([1, 0]), new DataView(new ArrayBuffer(4)), new Uint8Array([3, 0, 0, 0]).buffer];
    assert.deepEqual((await mx.fromStream(parts, [3], mx.int32)).tolist(), [1, 0, 3]);
    async function* gen() {
      yield Buffer.from(new Int32Array([5, 6]).buffer);
    }
    assert.deepEqual((await mx.fromStream(gen(), [2], mx.int32)).tolist(), [5, 6]);
    const web = new ReadableStream({ start(c) { c.enqueue(new Uint8Array(new Float32Array([1.5]).buffer)); c.close(); } });
    assert.deepEqual((await mx.fromStream(web as any, [1])).tolist(), [1.5]);
    // too many bytes stops reading: the Readable is destroyed
    const r = Readable.from([Buffer.alloc(8), Buffer.alloc(8), Buffer.alloc(8)]);
    await reject(mx.fromStream(r, [2]), mx.MLXError, /more than the 8 bytes/);
    assert.equal(r.destroyed, true);
  });

  it('no leak: finished, abandoned and dropped builders give back their memory and arrays', function () {
    this.timeout(60000);
    const res = child(`
      const mx = require(${JSON.stringify(INDEX)});
      const { native } = require(${JSON.stringify(path.join(ROOT, 'src', 'ts', 'native.ts'))});
      const { Readable } = require('stream');
      const settle = async () => { for (let i = 0; i < 6; i++) { global.gc(); await new Promise((r) => setImmediate(r)); } };
      (async () => {
        mx.eval(mx.array(1));
        await settle();
        const mem0 = mx.getActiveMemory(), live0 = native.liveArrays();
        await work();  // a function of its own: a suspended frame would hold its last values
        await settle();
        console.log(JSON.stringify({ mem: mx.getActiveMemory() - mem0, live: native.liveArrays() - live0 }));
      })();
      async function work() {
        const MiB = 2 ** 20;
        for (let i = 0; i < 20; i++) {
          const b = mx.allocate([MiB], mx.float32);           // 4 MiB each
          b.view.fill(i);
          if (i % 4 === 0) b.finish().dispose();
          else if (i % 4 === 1) b.abandon();
          else if (i % 4 === 2) { const a = b.finish(); }      // wrapper dropped: the GC frees it
          // i % 4 === 3: the builder dropped unfinished
          const buf = Buffer.alloc(MiB);
          (await mx.fromStream(Readable.from([buf, buf, buf, buf]), [MiB])).dispose();
          await mx.fromStream(Readable.from([buf, buf]), [MiB]).catch(() => {});   // too few bytes
        }
      }`);
    assert.ok(res.mem <= 0, `active memory ${res.mem} bytes above the baseline`);
    assert.ok(res.live <= 0, `${res.live} live arrays above the baseline`);
  });

  it('a 512 MiB stream goes into MLX with peak RSS near 1x its size (one copy)', function () {
    this.timeout(120000);
    const res = child(`
      const fs = require('fs');
      const mx = require(${JSON.stringify(INDEX)});
      const { Readable } = require('stream');
      const hwm = () => Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
      const MiB = 2 ** 20, N = 512;
      // fresh 1 MiB chunks, as a file or network stream yields them (float32 values k, k+1, ...)
      function* gen() {
        for (let c = 0; c < N; c++) {
          const f = new Float32Array(MiB / 4);
          for (let k = 0; k < f.length; k += 1024) f[k] = c;
          yield Buffer.from(f.buffer);
        }
      }
      (async () => {
        mx.eval(mx.array(1));
        global.gc();
        const rss0 = hwm();
        const a = await mx.fromStream(Readable.from(gen()), [N, MiB / 4]);
        const ok = a.nbytes === N * MiB && mx.sum(mx.take(a, 0, { axis: 1 })).item() === (N * (N - 1)) / 2;
        console.log(JSON.stringify({ ok, rss0, peak: hwm(), size: a.nbytes }));
      })();`);
    const over = (res.peak - res.rss0) / res.size;
    console.log(`      peak RSS ${(res.peak / 2 ** 20).toFixed(0)} MiB, ${(res.rss0 / 2 ** 20).toFixed(0)} MiB before: ` +
      `${over.toFixed(2)}x the 512 MiB tensor`);
    assert.equal(res.ok, true);
    assert.ok(over < 1.2, `peak RSS grew by ${over.toFixed(2)}x the tensor size`);
  });
});
