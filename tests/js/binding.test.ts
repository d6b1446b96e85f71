// The argument rules of docs/python-to-js.md, applied by one binder to every op.
import assert from 'node:assert/strict';
import mx from '../../src/ts/index';

const a = mx.array([[1, 2], [3, 4]]);

describe('argument binding', () => {
  it('positional, keyword object and mixed calls are the same call', () => {
    const want = [[3], [7]];
    assert.deepEqual(mx.sum(a, 1, true).tolist(), want);
    assert.deepEqual(mx.sum(a, { axis: 1, keepdims: true }).tolist(), want);
    assert.deepEqual(mx.sum(a, 1, { keepdims: true, stream: mx.cpu }).tolist(), want);
    assert.deepEqual(a.sum(1, true).tolist(), want);
    assert.deepEqual(a.sum({ axis: 1, keepdims: true }).tolist(), want);
  });

  it('null and undefined mean None; omitted params take Python defaults', () => {
    assert.equal(mx.sum(a, null).item(), 10);
    assert.equal(mx.sum(a, undefined, false).item(), 10);
    assert.deepEqual(mx.zeros([2]).dtype, mx.float32);
    assert.deepEqual(mx.zeros([2], null).dtype, mx.float32);
    assert.equal(mx.newaxis, null);
  });

  it('a null-prototype object is a keyword object too', () => {
    const kw = Object.assign(Object.create(null), { axis: 0 });
    assert.deepEqual(mx.sum(a, kw).tolist(), [4, 6]);
  });

  it('stream accepts DeviceType, Device and Stream', () => {
    const s = mx.newStream(mx.cpu);
    for (const st of [mx.cpu, new mx.Device(mx.cpu), s, mx.defaultStream(mx.cpu)]) {
      assert.deepEqual(mx.add(a, 1, { stream: st }).tolist(), [[2, 3], [4, 5]]);
      assert.deepEqual(mx.linspace(0, 1, 3, true, mx.float32, st).tolist(), [0, 0.5, 1]); // positional where Python allows it
    }
    assert.ok(mx.defaultDevice().equals(new mx.Device(mx.cpu, 0)));
  });

  it('shapes accept numbers, arrays and typed arrays', () => {
    assert.deepEqual(mx.zeros(3).shape, [3]);
    assert.deepEqual(mx.zeros([2, 3]).shape, [2, 3]);
    assert.deepEqual(mx.zeros(new Int32Array([2, 3])).shape, [2, 3]);
  });

  it('array methods follow Python: reshape(*shape), transpose(*axes), astype', () => {
    assert.deepEqual(a.reshape(4).shape, [4]);
    assert.deepEqual(a.reshape(1, 4).shape, [1, 4]);
    assert.deepEqual(a.reshape([4, 1]).shape, [4, 1]);
    assert.deepEqual(a.reshape([4, 1], { stream: mx.cpu }).shape, [4, 1]);
    assert.deepEqual(a.transpose().tolist(), [[1, 3], [2, 4]]);
    assert.deepEqual(a.transpose(1, 0).tolist(), [[1, 3], [2, 4]]);
    assert.deepEqual(a.transpose([1, 0]).tolist(), [[1, 3], [2, 4]]);
    assert.equal(a.astype(mx.float16).dtype, mx.float16);
    assert.equal(a.astype(mx.float16, mx.cpu).dtype, mx.float16);
    assert.deepEqual(a.flatten().shape, [4]);
    assert.deepEqual(mx.expandDims(a, [0, 3]).shape, [1, 2, 2, 1]);
    assert.deepEqual(a.swapaxes(0, 1).tolist(), [[1, 3], [2, 4]]);
    assert.deepEqual(a.moveaxis(0, 1).tolist(), [[1, 3], [2, 4]]);
    assert.deepEqual(a.squeeze().shape, [2, 2]);
  });

  it('dunder operators are methods named after their mx function', () => {
    const x = mx.array([1, 2, 3]);
    assert.deepEqual(x.add(1).tolist(), [2, 3, 4]);
    assert.deepEqual(x.subtract(1).tolist(), [0, 1, 2]);
    assert.deepEqual(x.multiply(2).tolist(), [2, 4, 6]);
    assert.deepEqual(x.divide(2).tolist(), [0.5, 1, 1.5]);
    assert.deepEqual(x.floorDivide(2).tolist(), [0, 1, 1]);
    assert.deepEqual(x.remainder(2).tolist(), [1, 0, 1]);
    assert.deepEqual(x.power(2).tolist(), [1, 4, 9]);
    assert.deepEqual(x.negative().tolist(), [-1, -2, -3]);
    assert.deepEqual(x.equal(2).tolist(), [false, true, false]);
    assert.deepEqual(x.notEqual(2).tolist(), [true, false, true]);
    assert.deepEqual(x.less(2).tolist(), [true, false, false]);
    assert.deepEqual(x.lessEqual(2).tolist(), [true, true, false]);
    assert.deepEqual(x.greater(2).tolist(), [false, false, true]);
    assert.deepEqual(x.greaterEqual(2).tolist(), [false, true, true]);
    assert.deepEqual(mx.subtract(10, x).tolist(), [9, 8, 7]); // Python's 10 - x
    const af = a.astype(mx.float32);
    assert.deepEqual(af.matmul(af).tolist(), [[7, 10], [15, 22]]);
  });

  it('creation ops', () => {
    assert.deepEqual(mx.arange(3).tolist(), [0, 1, 2]);
    assert.equal(mx.arange(3).dtype, mx.int32);
    assert.equal(mx.arange(0, 1, 0.5).dtype, mx.float32);
    assert.deepEqual(mx.arange(1, 7, 2).tolist(), [1, 3, 5]);
    assert.equal(mx.arange(3, { dtype: mx.float16 }).dtype, mx.float16);
    assert.deepEqual(mx.linspace(0, 1, 5).tolist(), [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(mx.linspace(0, 1, { num: 4, endpoint: false }).tolist(), [0, 0.25, 0.5, 0.75]);
    assert.deepEqual(mx.eye(2, 3, 1).tolist(), [[0, 1, 0], [0, 0, 1]]);
    assert.deepEqual(mx.identity(2, mx.int32).tolist(), [[1, 0], [0, 1]]);
    assert.deepEqual(mx.full([2], 7).tolist(), [7, 7]);
    assert.equal(mx.full([2], 7, mx.float16).dtype, mx.float16);
    assert.deepEqual(mx.onesLike(a).tolist(), [[1, 1], [1, 1]]);
    assert.equal(mx.zerosLike(a, mx.float32).dtype, mx.float32);
    assert.deepEqual(mx.broadcastTo(1, [2]).tolist(), [1, 1]);
  });

  it('random with seeds is reproducible', () => {
    mx.random.seed(3);
    const x = mx.random.normal([4]).tolist();
    mx.random.seed(3);
    assert.deepEqual(mx.random.normal([4]).tolist(), x);
    const u = mx.random.uniform(-1, 1, [1000]);
    assert.ok((mx.greaterEqual(u, -1).tolist() as boolean[]).every(Boolean));
    assert.ok((mx.less(u, 1).tolist() as boolean[]).every(Boolean));
    assert.equal(mx.random.normal({ shape: [2], dtype: mx.float16 }).dtype, mx.float16);
    assert.deepEqual(mx.random.normal([2], { loc: 5, scale: 0 }).tolist(), [5, 5]);
  });

  it('a function thrown into by JS gets a JS TypeError before reaching C++', () => {
    assert.throws(() => mx.sum(a, { axis: 0, bogus: 1 } as never), /unknown keyword argument 'bogus'/);
  });
});
