import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import mx from '../../src/ts/index';

describe('mx.array construction (CONVENTIONS number rules)', () => {
  const cases: Array<[string, unknown, string, number[]]> = [
    ['int scalar', 1, 'int32', []],
    ['float scalar', 1.5, 'float32', []],
    ['int beyond int32', 2 ** 40, 'int64', []],
    ['negative int beyond int32', -(2 ** 31) - 1, 'int64', []],
    ['int32 min stays int32', -(2 ** 31), 'int32', []],
    ['bool', true, 'bool', []],
    ['bigint', 5n, 'int64', []],
    ['bigint beyond int64', 2n ** 64n - 1n, 'uint64', []],
    ['mixed list', [1, 2.5], 'float32', [2]],
    ['bool and int list', [true, 2], 'int32', [2]],
    ['bool list', [true, false], 'bool', [2]],
    ['nested', [[1, 2], [3, 4], [5, 6]], 'int32', [3, 2]],
    ['wide list', [2 ** 40, 1], 'int64', [2]],
    ['empty list', [], 'float32', [0]],
    ['empty nested', [[]], 'float32', [1, 0]],
    ['NaN is a float', NaN, 'float32', []],
    ['Infinity is a float', -Infinity, 'float32', []],
  ];
  for (const [name, value, dtype, shape] of cases) {
    it(name, () => {
      const a = mx.array(value as never);
      assert.equal(a.dtype.name, dtype);
      assert.deepEqual(a.shape, shape);
    });
  }

  it('typed arrays give their own dtype', () => {
    const t: Array<[ArrayBufferView, string]> = [
      [new Float32Array([1, 2]), 'float32'],
      [new Float64Array([1, 2]), 'float32'],
      [new Int8Array([1]), 'int8'],
      [new Uint8Array([1]), 'uint8'],
      [new Uint8ClampedArray([1]), 'uint8'],
      [new Int16Array([1]), 'int16'],
      [new Uint16Array([1]), 'uint16'],
      [new Int32Array([1]), 'int32'],
      [new Uint32Array([1]), 'uint32'],
      [new BigInt64Array([1n]), 'int64'],
      [new BigUint64Array([1n]), 'uint64'],
    ];
    for (const [v, d] of t) assert.equal(mx.array(v as never).dtype.name, d, v.constructor.name);
  });

  it('an explicit dtype wins, with Python casting semantics', () => {
    assert.deepEqual(mx.array([1.5, -2.7], mx.int32).tolist(), [1, -2]);
    assert.deepEqual(mx.array(300, mx.uint8).item(), 44);
    assert.equal(mx.array(new Float64Array([0.1]), mx.float64).item(), 0.1);
    assert.equal(mx.array([0.1], mx.float64).item(), 0.1);
    assert.equal(mx.array(1, mx.float16).dtype, mx.float16);
  });

  it('works with and without new, and instanceof holds', () => {
    const a = mx.array([1, 2]);
    const b = new mx.array([1, 2]);
    assert.ok(a instanceof mx.array);
    assert.ok(b instanceof mx.array);
    assert.deepEqual(mx.array(a).tolist(), [1, 2]);
    assert.equal(mx.array(a, mx.float32).dtype, mx.float32);
  });

  it('stacks lists of arrays as Python does', () => {
    const a = mx.array([mx.array([1, 2]), mx.array([3, 4])]);
    assert.deepEqual(a.tolist(), [[1, 2], [3, 4]]);
    assert.deepEqual(mx.array([1, mx.array(2)]).tolist(), [1, 2]);
  });
});

describe('array properties and data out', () => {
  it('shape, ndim, size, itemsize, nbytes, dtype, T', () => {
    const a = mx.zeros([2, 3, 4], mx.float16);
    assert.deepEqual(a.shape, [2, 3, 4]);
    assert.equal(a.ndim, 3);
    assert.equal(a.size, 24);
    assert.equal(a.itemsize, 2);
    assert.equal(a.nbytes, 48);
    assert.equal(a.dtype, mx.float16);
    assert.deepEqual(a.T.shape, [4, 3, 2]);
    const s = a.shape;
    s.push(9); // a copy: mutating it changes nothing
    assert.deepEqual(a.shape, [2, 3, 4]);
  });

  it('item() returns number, bigint, boolean or {re, im}', () => {
    assert.equal(mx.array(3).item(), 3);
    assert.equal(mx.array(2.5).item(), 2.5);
    assert.equal(mx.array(true).item(), true);
    assert.equal(mx.array(7n).item(), 7n);
    assert.equal(mx.array(1, mx.uint64).item(), 1n);
    assert.equal(mx.array(1.5, mx.bfloat16).item(), 1.5);
    assert.equal(mx.array(0.5, mx.float16).item(), 0.5);
    assert.deepEqual(mx.array(2, mx.complex64).item(), { re: 2, im: 0 });
    assert.throws(() => mx.array([1, 2]).item(), mx.MLXError);
  });

  it('tolist() nests and reads every dtype exactly', () => {
    assert.deepEqual(mx.array([[1, 2], [3, 4]]).tolist(), [[1, 2], [3, 4]]);
    assert.deepEqual(mx.array([2 ** 40]).tolist(), [2n ** 40n]);
    assert.deepEqual(mx.array([true, false]).tolist(), [true, false]);
    assert.deepEqual(mx.array([[1, 2], [3, 4]]).T.tolist(), [[1, 3], [2, 4]]); // non-contiguous
    assert.deepEqual(mx.broadcastTo(mx.array([1, 2]), [2, 2]).tolist(), [[1, 2], [1, 2]]); // broadcast
    assert.equal(mx.array(5).tolist(), 5);
    assert.deepEqual(mx.zeros([2, 0]).tolist(), [[], []]);
    const dts = [mx.bool_, mx.uint8, mx.uint16, mx.uint32, mx.uint64, mx.int8, mx.int16, mx.int32, mx.int64,
      mx.float16, mx.float32, mx.float64, mx.bfloat16, mx.complex64];
    for (const d of dts) {
      const l = mx.array([0, 1], d).tolist() as unknown[];
      const one = d === mx.bool_ ? true : d === mx.uint64 || d === mx.int64 ? 1n : d === mx.complex64 ? { re: 1, im: 0 } : 1;
      assert.deepEqual(l[1], one, d.name);
    }
  });

  it('toTypedArray() returns an owned typed array of the natural type', () => {
    const kinds: Array<[unknown, string]> = [
      [mx.bool_, 'Uint8Array'], [mx.uint8, 'Uint8Array'], [mx.uint16, 'Uint16Array'], [mx.uint32, 'Uint32Array'],
      [mx.uint64, 'BigUint64Array'], [mx.int8, 'Int8Array'], [mx.int16, 'Int16Array'], [mx.int32, 'Int32Array'],
      [mx.int64, 'BigInt64Array'], [mx.float16, 'Float32Array'], [mx.bfloat16, 'Float32Array'],
      [mx.float32, 'Float32Array'], [mx.float64, 'Float64Array'], [mx.complex64, 'Float32Array'],
    ];
    for (const [d, name] of kinds) {
      const t = mx.array([1, 2, 3], d as never).toTypedArray();
      assert.equal(t.constructor.name, name, String(d));
    }
    assert.deepEqual(Array.from(mx.array([1, 2], mx.complex64).toTypedArray() as Float32Array), [1, 0, 2, 0]);
    const raw = mx.array([1], mx.float16).toTypedArray({ raw: true }) as Uint16Array;
    assert.equal(raw.constructor.name, 'Uint16Array');
    assert.equal(raw[0], 0x3c00);
    assert.equal((mx.array([1], mx.bfloat16).toTypedArray({ raw: true }) as Uint16Array)[0], 0x3f80);
    const t = mx.array([[1, 2], [3, 4]]).T.toTypedArray() as Int32Array;
    assert.deepEqual(Array.from(t), [1, 3, 2, 4]);
    t[0] = 100; // owned by the caller
    assert.deepEqual(mx.array([[1, 2], [3, 4]]).T.tolist(), [[1, 3], [2, 4]]);
  });

  it('prints like Python', () => {
    assert.equal(mx.array([1, 2]).toString(), 'array([1, 2], dtype=int32)');
    assert.equal(inspect(mx.array(1.5)), 'array(1.5, dtype=float32)');
    assert.equal(String(mx.float32), 'mlx.core.float32');
    assert.equal(`${mx.cpu}`, 'DeviceType.cpu');
  });
});

describe('dtypes', () => {
  const names = ['bool', 'uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64', 'float16',
    'float32', 'float64', 'bfloat16', 'complex64'];
  const sizes = [1, 1, 2, 4, 8, 1, 2, 4, 8, 2, 4, 8, 2, 8];
  it('14 singletons with names and sizes', () => {
    names.forEach((n, i) => {
      const d = (mx as unknown as Record<string, { name: string; size: number }>)[n === 'bool' ? 'bool_' : n];
      assert.equal(d.name, n);
      assert.equal(d.size, sizes[i]);
      assert.ok(d instanceof mx.Dtype);
    });
    assert.equal(mx.bool, mx.bool_);
    assert.equal(mx.array([1.5]).dtype, mx.float32);
    assert.equal(mx.array([1]).astype(mx.float32).dtype, mx.float32);
  });

  it('categories and issubdtype', () => {
    assert.ok(mx.issubdtype(mx.float32, mx.floating));
    assert.ok(mx.issubdtype(mx.float32, mx.inexact));
    assert.ok(mx.issubdtype(mx.complex64, mx.inexact));
    assert.ok(!mx.issubdtype(mx.complex64, mx.floating));
    assert.ok(mx.issubdtype(mx.uint8, mx.unsignedinteger));
    assert.ok(mx.issubdtype(mx.int8, mx.signedinteger));
    assert.ok(mx.issubdtype(mx.int8, mx.integer));
    assert.ok(mx.issubdtype(mx.int8, mx.number));
    assert.ok(mx.issubdtype(mx.bool_, mx.generic));
    assert.ok(!mx.issubdtype(mx.bool_, mx.number));
    assert.ok(mx.issubdtype(mx.floating, mx.inexact));
    assert.ok(mx.issubdtype(mx.int32, mx.int32));
    assert.ok(!mx.issubdtype(mx.int32, mx.int64));
    assert.throws(() => mx.issubdtype('float32' as never, mx.floating), TypeError);
  });

  it('finfo and iinfo', () => {
    const f = new mx.finfo(mx.float16);
    assert.equal(f.max, 65504);
    assert.equal(f.min, -65504);
    assert.equal(f.dtype, mx.float16);
    assert.equal(new mx.finfo(mx.float32).eps, 2 ** -23);
    const i = new mx.iinfo(mx.int8);
    assert.equal(i.min, -128n);
    assert.equal(i.max, 127n);
    assert.equal(new mx.iinfo(mx.uint64).max, 2n ** 64n - 1n);
    assert.throws(() => new mx.finfo(mx.int32), mx.MLXError);
  });

  it('promotion follows MLX: result dtypes of mixed operations', () => {
    assert.equal(mx.promoteTypes(mx.int8, mx.uint8), mx.int16);
    assert.equal(mx.promoteTypes(mx.float16, mx.bfloat16), mx.float32);
    assert.equal(mx.add(mx.array([1], mx.int32), mx.array([1], mx.float16)).dtype, mx.float16);
    assert.equal(mx.array([1], mx.float16).add(2).dtype, mx.float16); // weak scalar
    assert.equal(mx.array([1], mx.int32).add(2.5).dtype, mx.float32);
    assert.equal(mx.array([1], mx.uint8).add(2).dtype, mx.uint8);
    assert.equal(mx.array([true]).add(true).dtype, mx.bool_);
    assert.equal(mx.array([true]).add(1).dtype, mx.int32);
    assert.equal(mx.add(1, 2.5).dtype, mx.float32);
  });
});
