// The parts of the mlx.core surface the differential suite cannot reach:
// scopes that take JS callbacks, the array's JS protocols, complex scalars,
// host-side construction, and inputs on which Python mlx itself dies.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import mx from '../../src/ts/index';
import { native } from '../../src/ts/native';

const root = path.resolve(__dirname, '..', '..');

describe('streams and print options as scopes', () => {
  it('mx.stream(s, fn) runs fn with s as the default stream, returns its result and restores the default', () => {
    const before = mx.defaultStream(mx.cpu);
    const s = mx.newStream(mx.cpu);
    const seen = mx.stream(s, () => mx.defaultStream(mx.cpu));
    assert.ok(seen.equals(s));
    assert.ok(mx.defaultStream(mx.cpu).equals(before));
    assert.equal(mx.stream(mx.cpu, () => mx.add(1, 2).item()), 3);
  });

  it('restores the default stream when the callback throws, and rethrows the same error', () => {
    const before = mx.defaultStream(mx.cpu);
    const boom = new Error('boom');
    assert.throws(() => mx.stream(mx.newStream(mx.cpu), () => { throw boom; }), (e) => e === boom);
    assert.ok(mx.defaultStream(mx.cpu).equals(before));
  });

  it('refuses an async callback (the default stream is per thread and cannot follow an await)', () => {
    const before = mx.defaultStream(mx.cpu);
    assert.throws(() => mx.stream(mx.cpu, async () => 1), TypeError);
    assert.ok(mx.defaultStream(mx.cpu).equals(before));
    assert.throws(() => mx.printoptions(3, async () => 1), TypeError);
    assert.equal(mx.getPrintoptions().precision, -1);
  });

  it('StreamContext nests with enter()/exit() and Symbol.dispose', () => {
    const before = mx.defaultStream(mx.cpu);
    const s1 = mx.newStream(mx.cpu);
    const s2 = mx.newStream(mx.cpu);
    const outer = mx.stream(s1).enter();
    {
      const inner = mx.stream(s2).enter();
      assert.ok(mx.defaultStream(mx.cpu).equals(s2));
      inner[Symbol.dispose]();
    }
    assert.ok(mx.defaultStream(mx.cpu).equals(s1));
    outer.exit();
    assert.ok(mx.defaultStream(mx.cpu).equals(before));
    assert.ok(mx.stream(mx.cpu) instanceof mx.StreamContext);
  });

  it('a thread-local stream runs ops and is usable as a scope', () => {
    const t = mx.newThreadLocalStream(mx.cpu);
    assert.ok(t instanceof mx.ThreadLocalStream);
    assert.equal(String(t).startsWith('ThreadLocalStream(Device(cpu, 0), '), true);
    assert.equal(mx.add(1, 2, { stream: t }).item(), 3);
    assert.equal(mx.stream(t, () => mx.multiply(2, 3).item()), 6);
  });

  it('forged thread-local stream descriptors are refused', () => {
    const add = native.tables.core.find((o) => o.name === 'add')!.fn;
    const x = mx.array(1);
    for (const code of [3 | (999 << 11), 3 | (5 << 3)])
      assert.throws(() => add(undefined, 3 + 2 ** 34, x._i, x._i, code), TypeError);
  });

  it('printoptions(precision, fn) formats inside and restores after', () => {
    const x = mx.array([1.23456]);
    assert.equal(mx.printoptions(2, () => String(x)), 'array([1.23], dtype=float32)');
    assert.equal(mx.printoptions({ precision: 3 }, () => String(x)), 'array([1.235], dtype=float32)');
    assert.equal(String(x), 'array([1.23456], dtype=float32)');
    using _ = mx.printoptions(1).enter();
    assert.equal(String(x), 'array([1.2], dtype=float32)');
  });

  it('work goes on after mx.clearStreams() (the default streams come from the addon\'s pool)', () => {
    mx.clearStreams();
    assert.equal(mx.add(mx.array(1), 2).item(), 3);
    assert.deepEqual(mx.matmul(mx.ones([2, 2]), mx.ones([2, 2])).tolist(), [[2, 2], [2, 2]]);
  });
});

describe('the array\'s JS protocols', () => {
  const a = mx.array([[1, 2], [3, 4]]);

  it('length and iteration follow the first axis; a 0-d array has neither', () => {
    assert.equal(a.length, 2);
    assert.equal(mx.array(5).length, undefined);
    assert.deepEqual([...a].map((r) => r.tolist()), [[1, 2], [3, 4]]);
    assert.deepEqual([...mx.zeros([0, 3])], []);
    assert.throws(() => [...mx.array(5)], TypeError);
  });

  it('Number(a) reads a one-element array; a + 1 throws naming the method', () => {
    assert.equal(Number(mx.array([[7]])), 7);
    assert.equal(+mx.array(2.5), 2.5);
    assert.equal(Number(mx.array(true)), 1);
    assert.equal(Number(mx.array(2n ** 40n)), 2 ** 40);
    assert.throws(() => Number(a), RangeError);
    assert.throws(() => Number(mx.array({ re: 1, im: 2 })), TypeError);
    assert.throws(() => (a as unknown as number) + 1, /a\.add\(b\)/);
    assert.equal(`${mx.array(3)}`, 'array(3, dtype=int32)');
  });

  it('JSON.stringify uses toJSON: numbers, big integers as strings, complex as { re, im }', () => {
    assert.equal(JSON.stringify(a), '[[1,2],[3,4]]');
    assert.equal(JSON.stringify(mx.array([2n ** 62n, 3n])), '["4611686018427387904",3]');
    assert.equal(JSON.stringify(mx.array([true, false])), '[true,false]');
    assert.equal(JSON.stringify({ x: mx.array({ re: 1, im: -2 }) }), '{"x":{"re":1,"im":-2}}');
  });

  it('T, mT, real and imag are properties', () => {
    const b = mx.arange(6).reshape(1, 2, 3);
    assert.deepEqual(b.mT.shape, [1, 3, 2]);
    assert.deepEqual(b.T.shape, [3, 2, 1]);
    const c = mx.array([{ re: 1, im: 2 }, { re: 3, im: -4 }]);
    assert.deepEqual(c.real.tolist(), [1, 3]);
    assert.deepEqual(c.imag.tolist(), [2, -4]);
  });

  it('mx.finfo and mx.iinfo work with and without new', () => {
    assert.equal(mx.finfo(mx.float16).max, 65504);
    assert.ok(mx.finfo(mx.float16) instanceof mx.finfo);
    assert.ok(new mx.iinfo(mx.int8) instanceof mx.iinfo);
    assert.equal(mx.iinfo(mx.uint8).max, 255n);
  });

  it('bool reprs print True/False as Python\'s', () => {
    assert.equal(String(mx.array([true, false])), 'array([True, False], dtype=bool)');
  });
});

describe('keyword objects', () => {
  it('a plain object from another realm (vm context) is a keyword object too', () => {
    const vm = require('node:vm') as typeof import('node:vm');
    const a = mx.array([[1, 2], [3, 4]]);
    assert.deepEqual(mx.sum(a, vm.runInNewContext('({ axis: 1 })')).tolist(), [3, 7]);
  });
});

describe('numbers in', () => {
  it('complex scalars { re, im } wherever Python takes a complex', () => {
    assert.deepEqual(mx.array({ re: 1, im: 2 }).item(), { re: 1, im: 2 });
    assert.equal(mx.array([1, { re: 0, im: 1 }]).dtype, mx.complex64);
    assert.deepEqual(mx.array(2).multiply({ re: 0, im: 1 }).item(), { re: 0, im: 2 });
    assert.deepEqual(mx.full([2], { re: 1, im: 1 }).tolist(), [{ re: 1, im: 1 }, { re: 1, im: 1 }]);
    assert.deepEqual(mx.array(mx.array({ re: 3, im: 4 }).item()).item(), { re: 3, im: 4 });
    // never taken for a keyword object; a third key makes it one (and an unknown keyword)
    assert.throws(() => mx.add(mx.array(1), { re: 1, im: 2, x: 3 } as never), /unknown keyword argument 're'/);
  });

  it('integers beyond Number.isSafeInteger are floats; bigints are exact', () => {
    assert.equal(mx.array(1e20).dtype, mx.float32);
    assert.equal(mx.array(2 ** 53).dtype, mx.float32);
    assert.equal(mx.array(2 ** 53 - 1).dtype, mx.int64);
    assert.equal(mx.array(2n ** 53n).dtype, mx.int64);
  });

  it('mx.array(list, dtype) is built on the host in that dtype, without a graph', () => {
    // An op (astype) would leave a lazy array; a host-built one is already evaluated.
    for (const [list, dt, want] of [
      [[0, 1], mx.float64, [0, 1]],
      [[1.5, -2.7, 300], mx.uint8, [1, 254, 44]],
      [[1, 2], mx.float16, [1, 2]],
      [[true, false], mx.int32, [1, 0]],
    ] as const) {
      const x = mx.array(list as unknown as number[], dt);
      assert.equal(x.dtype, dt);
      assert.equal(mx.getArrayBufferSize(x) > 0, true); // throws for an unevaluated array
      assert.deepEqual(x.tolist(), want);
    }
    assert.deepEqual(mx.array([300], mx.int8).tolist(), [44]); // wraps, as Python's C int conversion
    assert.throws(() => mx.array([2 ** 40], mx.int32), /does not fit int32/);
    assert.throws(() => mx.array([-1], mx.uint32), /does not fit uint32/);
  });
});

describe('inputs on which Python mlx dies', () => {
  // Each in a child process: if a guard regressed, the child dies, not mocha.
  const cases: Array<[string, string]> = [
    ['int32 floorDivide(min, -1)', 'mx.array([-2147483648], mx.int32).floorDivide(-1).tolist()'],
    ['int64 remainder(min, -1)', 'mx.array([-(2n ** 63n)]).remainder(-1).tolist()'],
    ['divmod by zero', 'mx.divmod(mx.array([5, 7]), mx.array([0, 0])).map((x) => x.tolist())'],
    ['conv with groups 0', 'mx.conv1d(mx.ones([1, 4, 2]), mx.ones([2, 3, 2]), { groups: 0 })'],
    ['quantize with group size 0', 'mx.quantize(mx.ones([4, 64]), 0)'],
    ['quantizedMatmul with an empty x', 'mx.eval(mx.quantizedMatmul(mx.ones([0, 64]), ...mx.quantize(mx.ones([8, 64]))))'],
    ['hadamardTransform of size 60', 'mx.eval(mx.hadamardTransform(mx.ones([60])))'],
    ['fast.crossEntropy with a target far outside', 'mx.eval(mx.fast.crossEntropy(mx.ones([2, 3]), mx.array([0, 1000000000])))'],
  ];
  for (const [label, expr] of cases) {
    it(`${label}: throws or returns NumPy's value, the process lives`, () => {
      const script = `const mx = require(${JSON.stringify(root)}); try { const r = ${expr}; console.log('value', JSON.stringify(r)); } catch (e) { console.log('threw', e.constructor.name); }`;
      const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      assert.match(out, /^(value|threw) /);
    });
  }
  it('gather indices and slice starts are checked without evaluating: host values throw, lazy ones are clipped', () => {
    const v = mx.arange(5);
    assert.throws(() => mx.take(v, mx.array([100])), RangeError);
    assert.throws(() => mx.slice(v, mx.array([4]), [0], [2]), RangeError);
    // a lazy index cannot be read without a graph evaluation: it is clipped into range
    const lazy = mx.add(mx.array([100, -100, 2]), 0);
    assert.deepEqual(mx.take(v, lazy).tolist(), [4, 0, 2]);
    assert.deepEqual(mx.slice(v, mx.add(mx.array([10]), 0), [0], [2]).tolist(), [3, 4]);
  });

  it('creation ops refuse a result larger than the machine\'s memory (MLX would crash evaluating it)', () => {
    for (const f of [
      () => mx.zeros([100000, 100000]),
      () => mx.ones([65536, 65536, 65536]),
      () => mx.full([100000, 100000], 1),
      () => mx.eye(200000),
      () => mx.random.uniform({ shape: [100000, 100000] }),
      () => mx.random.normal([100000, 100000]),
    ])
      assert.throws(f, /larger than this machine's memory/);
    // views allocate nothing and stay lazy, as in Python
    assert.deepEqual(mx.broadcastTo(mx.array(1), [100000, 100000]).shape, [100000, 100000]);
  });

  it('returns NumPy\'s values for integer minimum // -1 and % -1', () => {
    assert.deepEqual(mx.array([-2147483648], mx.int32).floorDivide(-1).tolist(), [-2147483648]);
    assert.deepEqual(mx.array([-2147483648], mx.int32).remainder(-1).tolist(), [0]);
  });
});

describe('the op tables', () => {
  it('bind each Python name once per module', () => {
    for (const [module, ops] of Object.entries(native.tables)) {
      const seen = new Set<string>();
      for (const op of ops) {
        assert.ok(!seen.has(op.name), `${module}.${op.name} is bound twice`);
        seen.add(op.name);
      }
    }
  });
});
