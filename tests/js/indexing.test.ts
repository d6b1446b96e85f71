// Indexing (src/ts/indexing.ts, src/native/ops/indexing.cc): what the differential
// cases (tests/python/differential/cases_indexing.py) cannot show: the wrapper
// rebinding of indexPut_, tidy scopes, the index-string scanner's errors, the
// mx.slice dispatch, and updates where Node follows NumPy rather than Python mlx.
import assert from 'node:assert/strict';
import mx from '../../src/ts/index';
import { native } from '../../src/ts/native';

type Arr = ReturnType<typeof mx.ones>;
const list = (a: Arr): unknown => a.tolist();

describe('indexing', () => {
  describe('a.index', () => {
    const a = mx.arange(24).reshape(2, 3, 4);

    it('takes numbers, null, Ellipsis, slices, arrays and strings', () => {
      assert.deepEqual(a.index(1, -1).tolist(), [20, 21, 22, 23]);
      assert.deepEqual(a.index(null).shape, [1, 2, 3, 4]);
      assert.deepEqual(a.index(mx.Ellipsis, 0).shape, [2, 3]);
      assert.deepEqual(a.index('...', 0).shape, [2, 3]);
      assert.deepEqual(a.index(mx.slice(null, null, -1), 0, 0).tolist(), [12, 0]);
      assert.deepEqual(a.index(':, 1, ::-2').tolist(), [[7, 5], [19, 17]]);
      assert.deepEqual(a.index('..., None').shape, [2, 3, 4, 1]);
      assert.deepEqual(a.index('1:', [0, 2]).shape, [1, 2, 4]);
      assert.deepEqual(a.index(mx.array([1, 0])).shape, [2, 3, 4]);
      assert.deepEqual(a.index(0n, 1n, 2n).item(), 6);
      assert.deepEqual(a.index(' 1 , - 1 ').tolist(), [20, 21, 22, 23]);
      assert.deepEqual(a.index('1_0:').shape, [0, 3, 4]);
    });

    it('places advanced dimensions as NumPy does', () => {
      const i = mx.array([[0, 1]]);
      assert.deepEqual(a.index(':', i, i).shape, [2, 1, 2]); // adjacent: in place
      assert.deepEqual(a.index(i, ':', i).shape, [1, 2, 3]); // separated: first
      assert.deepEqual(a.index(0, ':', i).shape, [1, 2, 3]); // an int counts as advanced
    });

    it('mx.slice(start, stop, step) is a slice object; with an array first, the op', () => {
      const s = mx.slice(1, null, 2);
      assert.ok(s instanceof mx.Slice);
      assert.deepEqual([s.start, s.stop, s.step], [1, null, 2]);
      assert.equal(mx.slice(3).stop, 3); // Python's slice(stop)
      const r = mx.slice(mx.arange(6), mx.array([2]), [0], [3]);
      assert.deepEqual(r.tolist(), [2, 3, 4]);
      assert.throws(() => mx.slice(1.5), TypeError);
    });

    it('rejects malformed strings clearly', () => {
      for (const s of ['', ' ', 'x', '1::2:3', '1,,', ',', 'None1', '1 2', '..', '--1', '1:2:3:', '[1]', '1.5']) {
        assert.throws(() => a.index(s), (e: Error) => e instanceof TypeError && /malformed index string/.test(e.message), s);
      }
    });

    it('throws RangeError for out-of-bounds integers and index values', () => {
      assert.throws(() => a.index(2), RangeError);
      assert.throws(() => a.index(0, -4), RangeError);
      assert.throws(() => a.index(0, 0, 2 ** 40), RangeError);
      assert.throws(() => mx.arange(8).reshape(1, 4, 2).index(0, -5, mx.array([0, -1])), RangeError);
      assert.throws(() => a.index(mx.array([0, 2])), RangeError);
      assert.throws(() => a.index(':', [3]), RangeError);
    });

    it('clips lazy index arrays instead of evaluating them', () => {
      const lazy = mx.add(mx.array([5, -9]), 0); // not evaluated: clipped, never read
      assert.deepEqual(mx.arange(4).index(lazy).tolist(), [3, 0]);
    });

    it('errors as Python for the rest', () => {
      assert.throws(() => a.index(0, 0, 0, 0), mx.MLXError);
      assert.throws(() => a.index(0.5), mx.MLXError);
      assert.throws(() => a.index(true as unknown as number), mx.MLXError);
      assert.throws(() => a.index(mx.array([true, false])), /boolean indices/);
      assert.throws(() => a.index(mx.Ellipsis, '...'), /single ellipsis/);
      assert.throws(() => a.index('::0'), /step cannot be zero/); // Python mlx crashes
      assert.throws(() => a.index(undefined as unknown as number), TypeError);
      const d = mx.array([0]);
      d.dispose();
      assert.throws(() => a.index(d), TypeError);
    });
  });

  describe('a.indexPut_', () => {
    it('rebinds the wrapper; other wrappers keep the old value', () => {
      const a = mx.arange(6);
      const before = a._i;
      const alias = mx.asarray(a); // a second wrapper sharing the value
      const view = a.index('1:3'); // a result computed from the old value
      const r = a.indexPut_(mx.slice(1, 3), 9);
      assert.equal(r, a);
      assert.equal(a._i, before); // the same slot, holding the new array
      assert.deepEqual(a.tolist(), [0, 9, 9, 3, 4, 5]);
      assert.deepEqual(alias.tolist(), [0, 1, 2, 3, 4, 5]);
      assert.deepEqual(view.tolist(), [1, 2]);
    });

    it('broadcasts and casts the value as Python does', () => {
      const a = mx.zeros([2, 3], mx.int32);
      a.indexPut_([':', 1], 2.7);
      assert.deepEqual(a.tolist(), [[0, 2, 0], [0, 2, 0]]);
      assert.equal(a.dtype, mx.int32);
      a.indexPut_(0, mx.array([[1, 2, 3]]));
      assert.deepEqual(a.tolist(), [[1, 2, 3], [0, 2, 0]]);
      a.indexPut_([[[1, 0]]], mx.array([7, 8, 9]));
      assert.deepEqual(a.tolist(), [[7, 8, 9], [7, 8, 9]]);
      a.indexPut_(mx.array([[true, false, true], [false, false, false]]), 5); // masked_scatter
      assert.deepEqual(a.tolist(), [[5, 8, 5], [7, 8, 9]]);
      assert.throws(() => a.indexPut_(':', mx.ones([3, 3])), mx.MLXError);
      assert.throws(() => a.indexPut_(2, 1), RangeError);
      assert.throws(() => a.indexPut_(0, undefined as unknown as number), TypeError);
    });

    it('places the update as NumPy does next to a negative step', () => {
      // a negative step next to an index array
      const a = mx.arange(6).reshape(3, 2).astype(mx.float32);
      a.indexPut_([mx.slice(null, null, -1), [1]], mx.array([[10], [20], [30]]));
      assert.deepEqual(a.tolist(), [[0, 30], [2, 20], [4, 10]]);
    });

    it('updates nothing on an empty selection (Python mlx may crash there)', () => {
      const a = mx.zeros([3, 0]);
      a.indexPut_([[[0, 1]]], 1);
      assert.deepEqual(a.shape, [3, 0]);
      const b = mx.zeros([4, 4, 1, 2, 3]);
      b.indexPut_([null, mx.array(2, mx.uint32), null, ':-6'], mx.array([1], mx.uint8));
      assert.equal(b.sum().item(), 0);
    });

    it('inside mx.tidy: the rebound array survives when its wrapper does', () => {
      const a = mx.zeros([4]);
      const live = native.liveArrays();
      mx.tidy(() => {
        a.indexPut_(0, 1);
        a.indexPut_(mx.array([1, 2]), mx.array([2, 3]));
      });
      assert.deepEqual(a.tolist(), [1, 2, 3, 0]);
      assert.ok(native.liveArrays() <= live); // temporaries freed, a's slot reused (the GC may free others')
      const made = mx.tidy(() => {
        const b = mx.zeros([3]);
        b.indexPut_(1, 5);
        return b;
      });
      assert.deepEqual(made.tolist(), [0, 5, 0]);
    });

    it('does not grow memory in a loop', () => {
      const a = mx.zeros([16]);
      const live = native.liveArrays();
      for (let k = 0; k < 2000; k++) a.indexPut_(k % 16, k);
      mx.eval(a);
      // no growth (the GC may free other tests' garbage meanwhile, so not equality)
      assert.ok(native.liveArrays() <= live, `${native.liveArrays()} live after, ${live} before`);
    });
  });

  describe('a.at', () => {
    it('accumulates repeated indices and returns a new array', () => {
      const a = mx.zeros([4]);
      const r = a.at(mx.array([0, 0, 2, 0])).add(1);
      assert.deepEqual(r.tolist(), [3, 0, 1, 0]);
      assert.deepEqual(a.tolist(), [0, 0, 0, 0]);
      assert.deepEqual(mx.ones([3]).at([[1, 1]]).multiply(3).tolist(), [1, 9, 1]);
      assert.deepEqual(mx.ones([3]).at('1:').subtract(1).tolist(), [1, 0, 0]);
      assert.deepEqual(mx.full([3], 8, mx.float32).at(0).divide(2).tolist(), [4, 8, 8]);
      assert.deepEqual(mx.full([3], 8).at(0).divide(2).tolist(), [0, 8, 8]); // Python: int(1 / 2) = 0
      assert.deepEqual(mx.zeros([3]).at([[0, 0]]).maximum(mx.array([2, 5])).tolist(), [5, 0, 0]);
      assert.deepEqual(mx.zeros([3]).at([[0, 0]]).minimum(mx.array([-2, -5])).tolist(), [-5, 0, 0]);
    });

    it('matches NumPy ufunc.at where Python mlx does not', () => {
      // np.add.at(x, (-1, slice(None, None, -1), [-2, -1, 0]), v), x = 1..6 as (1, 3, 2), v = arange(9) % 4 as (3, 3)
      const x = mx.arange(1, 7).reshape(1, 3, 2).astype(mx.float32);
      const v = mx.remainder(mx.arange(9).reshape(3, 3), 4).astype(mx.float32);
      assert.deepEqual(x.at(-1, '::-1', [-2, -1, 0]).add(v).tolist(), [[[3, 3], [7, 4], [7, 9]]]);
      assert.deepEqual(x.at(-1, '::-1', [-2, -1, 0]).minimum(v).tolist(), [[[0, 1], [1, 0], [0, 3]]]);
    });

    it('throws RangeError where Python mlx silently drops the update', () => {
      assert.throws(() => mx.arange(18).reshape(2, 3, 3).at(-3).multiply(3), RangeError);
      assert.throws(() => mx.arange(4).at([[0, 4]]).add(1), RangeError);
    });
  });
});
