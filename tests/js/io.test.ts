// mx.load / mx.save / savez / savezCompressed / saveSafetensors / saveGguf:
// paths and bytes, metadata, the dict-versus-keyword rule, errors, no leaks.
// Interchange with Python (bit-exact, every dtype) is tests/python/test_io.py.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mx from '../../src/ts/index';
import { native } from '../../src/ts/native';

type A = ReturnType<typeof mx.ones>;

const ROOT = path.resolve(__dirname, '..', '..');
const INDEX = path.join(ROOT, 'src', 'ts', 'index.ts');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function same(a: A, b: A): void {
  assert.equal(b.dtype, a.dtype);
  assert.deepEqual(b.shape, a.shape);
  assert.ok(mx.arrayEqual(a, b, { equalNan: true }).item());
}

describe('io', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlx-node-io-test-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const P = (n: string) => path.join(dir, n);

  it('npy: path round trip, .npy appended, every dtype', () => {
    for (const d of [mx.bool, mx.uint8, mx.uint16, mx.uint32, mx.uint64, mx.int8, mx.int16, mx.int32, mx.int64,
      mx.float16, mx.bfloat16, mx.float32, mx.float64, mx.complex64]) {
      const a = mx.arange(6).reshape(2, 3).astype(d);
      mx.save(P('x'), a);
      same(a, mx.load(P('x.npy')) as A);
    }
  });

  it('npy: bytes out (file null) and bytes in (Buffer, Uint8Array, ArrayBuffer)', () => {
    const a = mx.array([[1.5, -0, NaN], [Infinity, 2, 3]]);
    const b = mx.save(null, a);
    assert.ok(Buffer.isBuffer(b));
    assert.equal(b.subarray(1, 6).toString('latin1'), 'NUMPY');
    same(a, mx.load(b, { format: 'npy' }) as A);
    same(a, mx.load(new Uint8Array(b), 'npy') as A);
    const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    same(a, mx.load(ab, { format: 'npy' }) as A);
    // the file and the bytes are the same
    mx.save(P('b.npy'), a);
    assert.deepEqual(fs.readFileSync(P('b.npy')), b);
    // a view into a larger buffer
    const big = Buffer.concat([Buffer.alloc(7), b, Buffer.alloc(5)]);
    same(a, mx.load(big.subarray(7, 7 + b.length), { format: 'npy' }) as A);
  });

  it('loaded bytes are copied into MLX: changing the Buffer afterwards changes nothing', () => {
    const b = mx.save(null, mx.array([1, 2, 3], mx.int32));
    const a = mx.load(b, { format: 'npy' }) as A;
    b.fill(0);
    assert.deepEqual(a.tolist(), [1, 2, 3]);
  });

  it('npz: savez / savezCompressed with positional and named arrays, paths and bytes', () => {
    const x = mx.arange(10), y = mx.ones([2, 2], mx.float16);
    mx.savez(P('z'), x, { y });
    const r = mx.load(P('z.npz')) as Record<string, A>;
    assert.deepEqual(Object.keys(r).sort(), ['arr_0', 'y']);
    same(x, r.arr_0);
    same(y, r.y);
    const zc = mx.savezCompressed(null, { big: mx.zeros([1000]) });
    assert.ok(zc.length < 1000);
    same(mx.zeros([1000]), (mx.load(zc, { format: 'npz' }) as Record<string, A>).big);
    assert.throws(() => mx.savez(P('c'), x, { arr_0: y }), /Cannot use un-named variables and keyword arr_0/);
    assert.throws(() => mx.savez(P('c'), 3 as unknown as A), TypeError);
    assert.throws(() => mx.load(P('z.npz'), { returnMetadata: true }), /metadata not supported for format npz/);
  });

  it('npz: bad zips are clear errors (not a zip, CRC, truncated, zip bomb)', () => {
    const good = mx.savezCompressed(null, { a: mx.zeros([4096]) });
    assert.throws(() => mx.load(Buffer.from('hello'), { format: 'npz' }), (e: Error) =>
      e instanceof mx.MLXError && /zip/.test(e.message));
    for (let cut = 0; cut < good.length; cut += 7)
      assert.throws(() => mx.load(good.subarray(0, cut), { format: 'npz' }), mx.MLXError);
    // declared size smaller than the data inflates to: stopped at the declared size
    const bomb = Buffer.from(good);
    const cd = bomb.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(10, cd + 24);
    assert.throws(() => mx.load(bomb, { format: 'npz' }), /inflate/);
  });

  it('safetensors: metadata, bytes both ways, dict-vs-keyword rule', () => {
    const w = mx.arange(6).reshape(2, 3).astype(mx.bfloat16);
    const b = mx.saveSafetensors(null, { w }, { format: 'mlx' });
    const [d, m] = mx.load(b, { format: 'safetensors', returnMetadata: true }) as [Record<string, A>, Record<string, string>];
    same(w, d.w);
    assert.deepEqual(m, { format: 'mlx' });
    mx.saveSafetensors(P('s'), { w }); // a trailing object that is the arrays dict, not keywords
    same(w, (mx.load(P('s.safetensors')) as Record<string, A>).w);
    mx.saveSafetensors(P('k'), { arrays: { w } }); // arrays by keyword: values are objects, not arrays
    mx.saveSafetensors({ file: P('k2.safetensors'), arrays: { w }, metadata: { a: 'b' } });
    assert.deepEqual((mx.load(P('k2.safetensors'), null, true) as [unknown, unknown])[1], { a: 'b' });
    mx.saveSafetensors(P('e'), {}); // an empty dict of arrays
    assert.deepEqual(mx.load(P('e.safetensors')), {});
    // a key that is also a parameter name stays a tensor name
    mx.saveSafetensors(P('n'), { metadata: w });
    same(w, (mx.load(P('n.safetensors')) as Record<string, A>).metadata);
    assert.throws(() => mx.saveSafetensors(null, { w }, { k: 1 as unknown as string }), /Metadata must be a dictionary/);
    assert.throws(() => mx.saveSafetensors(null, { w: 1 as unknown as A }), TypeError);
    assert.throws(() => mx.saveSafetensors(null, { w: mx.zeros([2], mx.float64) }), mx.MLXError);
  });

  it('gguf: metadata of each kind, bytes both ways (through a temporary file)', () => {
    const a = mx.arange(8, { dtype: mx.float32 }).reshape(2, 4);
    mx.saveGguf(P('g'), { a }, { s: 'text', l: ['x', 'y'], n: mx.array([1, 2], mx.int32) });
    const [d, m] = mx.load(P('g.gguf'), { returnMetadata: true }) as [Record<string, A>, Record<string, unknown>];
    same(a, d.a);
    assert.equal(m.s, 'text');
    assert.deepEqual(m.l, ['x', 'y']);
    assert.deepEqual((m.n as A).tolist(), [1, 2]);
    const b = mx.saveGguf(null, { a });
    assert.deepEqual(b.subarray(0, 4).toString('latin1'), 'GGUF');
    same(a, (mx.load(b, { format: 'gguf' }) as Record<string, A>).a);
    assert.throws(() => mx.saveGguf(null, { a: mx.zeros([2], mx.bool) }), /not supported/);
    assert.throws(() => mx.load(Buffer.from('GGUF\x03\x00\x00\x00'), { format: 'gguf' }), /invalid GGUF file/);
  });

  it('file errors name the path and are never crashes', () => {
    assert.throws(() => mx.load(P('missing.npy')), (e: Error) =>
      e instanceof mx.MLXError && e.message.includes(P('missing.npy')) && /No such file/.test(e.message));
    assert.throws(() => mx.load(P('missing.npz')), (e: Error) => e.message.includes(P('missing.npz')));
    assert.throws(() => mx.load(dir, { format: 'npy' }), /cannot read/);
    assert.throws(() => mx.load(P('x.unknown')), /Unknown file format unknown/);
    assert.throws(() => mx.load(P('noext')), /Could not infer file format/);
    assert.throws(() => mx.load(Buffer.alloc(3)), TypeError); // bytes need a format
    assert.throws(() => mx.save(P('no/such/dir/x.npy'), mx.ones([1])), (e: Error) =>
      e instanceof mx.MLXError && e.message.includes('no/such/dir/x.npy'));
    assert.throws(() => mx.save(Buffer.alloc(1) as unknown as string, mx.ones([1])), TypeError);
    // truncated files of every format: an error, each time
    const files: [Buffer, string][] = [
      [mx.save(null, mx.arange(100)), 'npy'],
      [mx.savez(null, mx.arange(100)), 'npz'],
      [mx.saveSafetensors(null, { a: mx.arange(100) }), 'safetensors'],
      [mx.saveGguf(null, { a: mx.arange(100).astype(mx.float32) }), 'gguf'],
    ];
    for (const [b, format] of files)
      for (const cut of [0, 1, 8, 20, b.length >> 1, b.length - 1])
        assert.throws(() => mx.eval(mx.load(b.subarray(0, cut), { format })), Error, `${format} cut at ${cut}`);
  });

  it('a failed save leaves the previous file intact (temporary file, then rename)', () => {
    const a = mx.arange(4);
    mx.save(P('keep.npy'), a);
    const before = fs.readFileSync(P('keep.npy'));
    // an array whose evaluation fails: the write fails midway
    const bad = mx.linalg.inv(mx.zeros([2, 2]), { stream: mx.cpu });
    assert.throws(() => mx.save(P('keep.npy'), bad));
    assert.deepEqual(fs.readFileSync(P('keep.npy')), before);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp')), []);
  });

  it('a process killed in the middle of saving 512 MiB over a file leaves the old file intact', async function () {
    this.timeout(60000);
    const target = P('killed.safetensors');
    const old = { a: mx.arange(10).astype(mx.float32), b: mx.array([[1, 2], [3, 4]], mx.int32) };
    mx.saveSafetensors(target, old);
    const oldBytes = fs.readFileSync(target);
    const script = `
      const mx = require(${JSON.stringify(INDEX)});
      const big = mx.full([128 * 1024 * 1024], 7, mx.float32);  // 512 MiB
      mx.eval(big);
      console.log('ready');
      mx.saveSafetensors(${JSON.stringify(target)}, { big });
      console.log('saved');`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, sig) => r(sig)));
    // Wait until the temporary file has data, then kill the child before the rename.
    const isTmp = (f: string) => f.startsWith('.killed.safetensors.tmp');
    let tmpSize = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < 45000 && child.exitCode === null) {
      const tmp = fs.readdirSync(dir).find(isTmp);
      if (tmp) {
        try {
          tmpSize = fs.statSync(path.join(dir, tmp)).size;
        } catch {
          tmpSize = 0;
        }
        if (tmpSize > 0) {
          child.kill('SIGKILL');
          break;
        }
      }
      await sleep(out.includes('ready') ? 0 : 20);
    }
    const sig = await exited;
    assert.equal(sig, 'SIGKILL', `the child was not killed mid-save (stdout: ${out})`);
    assert.ok(!out.includes('saved'));
    assert.ok(tmpSize > 0);
    // The old file is intact and loads; the killed process could not remove its temporary file.
    assert.deepEqual(fs.readFileSync(target), oldBytes);
    const back = mx.load(target) as Record<string, A>;
    same(old.a, back.a);
    same(old.b, back.b);
    for (const f of fs.readdirSync(dir).filter(isTmp)) fs.unlinkSync(path.join(dir, f));
  });

  it('loading a 1 GiB safetensors file keeps peak RSS under 1.3 GiB and the JS heap unchanged', function () {
    this.timeout(120000);
    const file = P('big1g.safetensors');
    // Written by a child too, so this process never holds the 1 GiB.
    execFileSync(process.execPath, ['--import', 'tsx', '-e', `
      const mx = require(${JSON.stringify(INDEX)});
      mx.saveSafetensors(${JSON.stringify(file)}, { x: mx.full([256 * 1024 * 1024], 1.5, mx.float32) });`], { cwd: ROOT });
    assert.equal(fs.statSync(file).size > 2 ** 30, true);
    const script = `
      const fs = require('fs');
      const mx = require(${JSON.stringify(INDEX)});
      const hwm = () => Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
      mx.eval(mx.array(1));
      global.gc();
      const heap0 = process.memoryUsage().heapUsed;
      const rss0 = hwm();
      const d = mx.load(${JSON.stringify(file)});
      mx.eval(d.x);
      const ok = mx.min(d.x).item() === 1.5 && mx.max(d.x).item() === 1.5;  // reductions: no 1 GiB temporaries
      global.gc();
      const heap1 = process.memoryUsage().heapUsed;
      console.log(JSON.stringify({ ok, rss0, peak: hwm(), heap0, heap1, nbytes: d.x.nbytes }));`;
    const res = JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' })
        .trim().split('\n').pop()!);
    fs.unlinkSync(file);
    console.log(`      peak RSS ${(res.peak / 2 ** 20).toFixed(0)} MiB (before the load ${(res.rss0 / 2 ** 20).toFixed(0)} MiB);` +
      ` JS heap ${((res.heap1 - res.heap0) / 2 ** 20).toFixed(2)} MiB change`);
    assert.equal(res.ok, true);
    assert.equal(res.nbytes, 2 ** 30);
    assert.ok(res.peak < 1.3 * 2 ** 30, `peak RSS ${res.peak}`);
    assert.ok(Math.abs(res.heap1 - res.heap0) < 4 * 2 ** 20, `JS heap ${res.heap0} -> ${res.heap1}`);
  });

  it('npz is read member by member: 256 MiB stored or deflated loads with peak RSS near 1x, bad members name the file', function () {
    this.timeout(120000);
    const stored = P('big_stored.npz'), deflated = P('big_deflated.npz');
    execFileSync(process.execPath, ['--import', 'tsx', '-e', `
      const mx = require(${JSON.stringify(INDEX)});
      const M = 2 ** 20;
      mx.savez(${JSON.stringify(stored)}, { a: mx.full([48 * M], 0.5), b: mx.arange(16 * M).astype(mx.float32) });
      mx.savezCompressed(${JSON.stringify(deflated)}, { a: mx.zeros([48 * M]), b: mx.arange(16 * M).astype(mx.float32) });`],
    { cwd: ROOT });
    for (const file of [stored, deflated]) {
      const script = `
        const fs = require('fs');
        const mx = require(${JSON.stringify(INDEX)});
        const hwm = () => Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
        mx.eval(mx.array(1));
        global.gc();
        const rss0 = hwm();
        const d = mx.load(${JSON.stringify(file)});
        const ok = Object.keys(d).join() === 'a,b' && mx.take(d.b, mx.array([0, 12345, 16 * 2 ** 20 - 1])).tolist().join() === '0,12345,16777215' &&
          mx.max(d.a).item() === mx.min(d.a).item();
        console.log(JSON.stringify({ ok, grew: hwm() - rss0, nbytes: d.a.nbytes + d.b.nbytes }));`;
      const res = JSON.parse(
        execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' })
          .trim().split('\n').pop()!);
      console.log(`      ${path.basename(file)}: peak RSS grew ${(res.grew / 2 ** 20).toFixed(0)} MiB for ${res.nbytes / 2 ** 20} MiB of arrays`);
      assert.equal(res.ok, true);
      assert.ok(res.grew < 1.2 * res.nbytes, `peak RSS grew ${res.grew}`);
    }
    // a flipped data byte (stored member): the CRC, naming the member and the file
    const fd = fs.openSync(stored, 'r+');
    fs.writeSync(fd, Buffer.from([0x42]), 0, 1, 4096);
    fs.closeSync(fd);
    assert.throws(() => mx.load(stored), (e: Error) =>
      e instanceof mx.MLXError && /CRC mismatch in 'a.npy'/.test(e.message) && e.message.includes(stored));
    // a deflated member declaring fewer bytes than it inflates to: stopped at the declared size
    const b = fs.readFileSync(deflated);
    const cd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    b.writeUInt32LE(b.readUInt32LE(cd + 24) - 4096, cd + 24);
    fs.writeFileSync(deflated, b);
    assert.throws(() => mx.load(deflated), (e: Error) =>
      e instanceof mx.MLXError && /'b.npy': the npy header declares 67108864 bytes of data but 67104768 follow it/.test(e.message));
    fs.unlinkSync(stored);
    fs.unlinkSync(deflated);
  });

  it('toTypedArray({ copy: false }): a view over the array memory; writes visible; contiguous first', () => {
    const a = mx.arange(6).astype(mx.float32).reshape(2, 3);
    const v = a.toTypedArray({ copy: false }) as Float32Array;
    assert.ok(v instanceof Float32Array);
    assert.deepEqual(Array.from(v), [0, 1, 2, 3, 4, 5]);
    v[0] = 42;
    assert.equal((a.tolist() as number[][])[0][0], 42);  // the same memory
    // a lazy, non-contiguous array: evaluated and made row-contiguous (values in row order)
    const t = mx.transpose(mx.multiply(a, 2));
    assert.deepEqual(Array.from(t.toTypedArray({ copy: false }) as Float32Array), [84, 6, 2, 8, 4, 10]);
    // a row-contiguous slice: the view starts at its offset
    const s = mx.arange(10, undefined, undefined, { dtype: mx.int32 }).index(mx.slice(2, 5));
    assert.deepEqual(Array.from(s.toTypedArray({ copy: false }) as Int32Array), [2, 3, 4]);
    // dtypes: same element types as the copy; half floats only as raw bits
    for (const d of [mx.bool, mx.uint8, mx.int16, mx.uint32, mx.int64, mx.float64, mx.complex64]) {
      const x = mx.arange(4).astype(d);
      assert.deepEqual(x.toTypedArray({ copy: false }), x.toTypedArray());
    }
    const h = mx.array([1, -2], mx.bfloat16);
    assert.deepEqual(h.toTypedArray({ copy: false, raw: true }), h.toTypedArray({ raw: true }));
    assert.throws(() => h.toTypedArray({ copy: false }), TypeError);
    assert.equal(mx.zeros([0]).toTypedArray({ copy: false }).byteLength, 0);
    // the default still copies
    const c = a.toTypedArray() as Float32Array;
    c[1] = -1;
    assert.equal((a.tolist() as number[][])[0][1], 1);
  });

  it('toTypedArray({ copy: false }) where external buffers are forbidden: a copy (forced fallback)', () => {
    const a = mx.arange(4).astype(mx.float32);
    const f = native.toTypedArray((a as any)._i, false, 2) as Float32Array;  // 2: as if napi_no_external_buffers_allowed
    assert.deepEqual(Array.from(f), [0, 1, 2, 3]);
    f[0] = 9;
    assert.equal((a.tolist() as number[])[0], 0);  // a copy: the array is unchanged
  });

  it('toTypedArray({ copy: false }) outlives its array wrapper; the memory goes with the view', function () {
    this.timeout(60000);
    const script = `
      const mx = require(${JSON.stringify(INDEX)});
      const MiB = 2 ** 20;
      const settle = async () => { for (let i = 0; i < 4; i++) { global.gc(); await new Promise((r) => setImmediate(r)); } };
      (async () => {
        const base = mx.getActiveMemory();
        let a = mx.full([16 * MiB], 3, mx.float32);  // 64 MiB
        let v = a.toTypedArray({ copy: false });
        a.dispose();
        a = null;
        await settle();
        const held = mx.getActiveMemory() - base;
        let sum = 0;
        for (let i = 0; i < v.length; i += 4096) sum += v[i];
        const ok = v.length === 16 * MiB && sum === 3 * (16 * MiB / 4096) && v[v.length - 1] === 3;
        v = null;
        await settle();
        const after = mx.getActiveMemory() - base;
        console.log(JSON.stringify({ ok, held, after }));
      })();`;
    const res = JSON.parse(
      execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' })
        .trim().split('\n').pop()!);
    assert.equal(res.ok, true);
    assert.ok(res.held >= 64 * 2 ** 20, `held ${res.held}`);  // kept alive by the view
    assert.ok(res.after < 2 ** 20, `after ${res.after}`);     // freed by the view's finalizer
  });

  it('exportToDot: text (file null) or a file; keyword names; trees', () => {
    const x = mx.array(1), y = mx.array(2);
    const z = x.add(y);
    const t = mx.exportToDot(null, z, { x, y });
    assert.match(t, /^digraph \{/);
    assert.match(t, /"x" -> \d+/);
    assert.match(t, /label ="Add"/);
    assert.match(mx.exportToDot(null, [z, { a: z.multiply(2) }]), /label ="Multiply"/);
    mx.exportToDot(P('g.dot'), { out: z });
    assert.match(fs.readFileSync(P('g.dot'), 'utf8'), /rank=sink; "out"/);
    assert.throws(() => mx.exportToDot(3 as unknown as string, z), TypeError);
    assert.throws(() => mx.exportToDot(P('no/dir/g.dot'), z), /cannot write/);
  });

  it('exportFunction / importFunction: args, keyword inputs, metadata, errors', () => {
    const f32 = (v: number[]) => mx.array(v, mx.float32);
    mx.exportFunction(P('f'), (x: A, y: A) => x.multiply(2).add(y), f32([1, 2, 3]), f32([1, 1, 1]), { metadata: 'cfg' });
    const [f, meta] = mx.importFunction(P('f.mlxfn'), true);
    assert.equal(meta, 'cfg');
    const out = f(f32([1, 2, 3]), f32([10, 10, 10]));
    assert.ok(Array.isArray(out) && out.length === 1);
    assert.deepEqual(out[0].tolist(), [12, 14, 16]);
    // a list of arrays and an object of arrays as the example inputs
    mx.exportFunction(P('k'), (x: A, kw: { b: A }) => [x.add(kw.b), kw.b], [f32([1, 1])], { b: f32([1, 1]) });
    const g = mx.importFunction(P('k.mlxfn'));
    assert.deepEqual(g(f32([0, 1]), { b: f32([5, 5]) }).map((a) => a.tolist()), [[5, 6], [5, 5]]);
    assert.deepEqual(g([f32([0, 1])], { b: f32([5, 5]) })[0].tolist(), [5, 6]);
    assert.throws(() => g(f32([0, 1, 2]), { b: f32([5, 5, 5]) }), /No imported function found/);
    // errors in the function, bad returns, missing files, damaged files
    assert.throws(() => mx.exportFunction(P('bad'), () => { throw new Error('boom'); }, f32([1])), /boom/);
    assert.throws(() => mx.exportFunction(P('bad'), () => 3 as unknown as A, f32([1])), TypeError);
    assert.throws(() => mx.importFunction(P('none.mlxfn')), (e: Error) => e.message.includes(P('none.mlxfn')));
    const bytes = fs.readFileSync(P('f.mlxfn'));
    for (const cut of [0, 4, 16, bytes.length >> 1, bytes.length - 1]) {
      fs.writeFileSync(P('cut.mlxfn'), bytes.subarray(0, cut));
      assert.throws(() => mx.importFunction(P('cut.mlxfn')), Error, `cut at ${cut}`);
    }
  });

  it('exporter: several traces, close / Symbol.dispose; shapeless', () => {
    const f32 = (v: number[]) => mx.array(v, mx.float32);
    const ex = mx.exporter(P('e'), (x: A) => x.square());
    ex(f32([1, 2]));
    ex(f32([1, 2, 3]));
    ex.close();
    assert.throws(() => ex(f32([1])), /closed/);
    const h = mx.importFunction(P('e.mlxfn'));
    assert.deepEqual(h(f32([1, 2, 3]))[0].tolist(), [1, 4, 9]);
    assert.deepEqual(h(f32([4, 5]))[0].tolist(), [16, 25]);
    {
      using ex2 = mx.exporter(P('s'), (x: A) => x.add(1), { shapeless: true });
      ex2(f32([1]));
    }
    assert.deepEqual(mx.importFunction(P('s.mlxfn'))(f32([1, 2, 3, 4]))[0].tolist(), [2, 3, 4, 5]);
  });

  it('loads and saves leak no arrays', () => {
    const a = mx.arange(12).reshape(3, 4);
    mx.saveSafetensors(P('leak'), { a, b: a });
    const st = mx.saveSafetensors(null, { a });
    const npz = mx.savezCompressed(null, a, { b: a });
    mx.eval(a);
    const before = native.liveArrays();
    for (let i = 0; i < 50; i++) {
      mx.dispose(mx.load(P('leak.safetensors')));
      mx.dispose(mx.load(st, { format: 'safetensors', returnMetadata: true }));
      mx.dispose(mx.load(npz, { format: 'npz' }));
      mx.save(null, a);
      try {
        mx.load(npz.subarray(0, 50), { format: 'npz' });
      } catch {
        /* expected */
      }
    }
    // no growth (the GC may free earlier tests' garbage meanwhile, so not equality)
    assert.ok(native.liveArrays() <= before, `${native.liveArrays()} live arrays after, ${before} before`);
    const inTidy = mx.tidy(() => {
      mx.load(P('leak.safetensors'));
      return 1;
    });
    assert.equal(inTidy, 1);
    assert.ok(native.liveArrays() <= before);
  });
});
