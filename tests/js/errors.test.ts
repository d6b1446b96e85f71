// Bad input gets a clear JS exception of the right class naming the problem;
// the process survives every one of them.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import mx from '../../src/ts/index';

type ErrClass = typeof TypeError | typeof RangeError | typeof mx.MLXError;
const a = mx.array([[1, 2], [3, 4]]);
const f = mx.array([1.5, 2.5]);

const disposed = mx.array([1, 2]);
disposed.dispose();

const bad: Array<[string, () => unknown, ErrClass, RegExp]> = [
  // construction
  ['ragged list', () => mx.array([[1, 2], [3]]), mx.MLXError, /non-uniform length/],
  ['extra dimension', () => mx.array([1, [2]]), mx.MLXError, /extra dimension/],
  ['string element', () => mx.array(['a'] as never), TypeError, /cannot convert string/],
  ['object value', () => mx.array(new Map() as never), TypeError, /cannot make an array from object/],
  ['empty keyword object', () => mx.array({} as never), TypeError, /missing required argument 'val'/],
  ['undefined value', () => (mx.array as unknown as () => unknown)(), TypeError, /missing required argument 'val'/],
  ['bad dtype object', () => mx.array([1], 'float32' as never), TypeError, /dtype.*mx.Dtype/],
  ['complex where a real number is needed', () => mx.arange({ re: 1, im: 2 } as never), TypeError, /mx.arange: parameter 'start' expected a number/],
  ['bigint too large', () => mx.array(2n ** 70n), RangeError, /bigint out of the int64\/uint64 range/],
  // wrong types
  ['string operand', () => mx.add(a, 'x' as never), TypeError, /mx.add: parameter 'b' expected an mx.array or a scalar, got string/],
  ['list operand', () => mx.add(a, [1, 2] as never), TypeError, /parameter 'b'/],
  ['matmul with a scalar', () => mx.matmul(a, 2 as never), TypeError, /mx.matmul: parameter 'b' expected an mx.array/],
  ['reshape a list', () => mx.reshape([1, 2] as never, [2]), TypeError, /parameter 'a' expected an mx.array/],
  ['shape of strings', () => mx.zeros(['a'] as never), TypeError, /sequence of integers, got string at index 0/],
  ['shape as string', () => mx.zeros('3' as never), TypeError, /parameter 'shape'/],
  ['axis as float', () => mx.sum(a, 1.5), TypeError, /parameter 'axis'/],
  ['NaN as an integer', () => mx.eye(NaN), TypeError, /mx.eye: parameter 'n' expected an integer, got number NaN/],
  ['NaN in a shape', () => mx.ones([2, NaN]), TypeError, /sequence of integers/],
  ['keepdims as number', () => mx.sum(a, 0, 1 as never), TypeError, /parameter 'keepdims' expected a boolean/],
  ['dtype as string', () => mx.zeros([2], 'float32' as never), TypeError, /parameter 'dtype' expected an mx.Dtype/],
  ['astype to null', () => mx.astype(a, null as never), TypeError, /parameter 'dtype'/],
  ['stream as string', () => mx.add(a, a, { stream: 'cpu' as never }), TypeError, /parameter 'stream'/],
  ['stream passed positionally where Python forbids it', () => mx.add(a, a, mx.cpu as never), TypeError, /takes at most 2 positional arguments \(3 given\)/],
  ['operands by keyword where Python forbids it', () => mx.add({ a, b: a } as never), TypeError, /'a' is positional-only/],
  ['bad seed', () => mx.random.seed('1' as never), TypeError, /mx.random.seed: parameter 'seed' expected an integer/],
  ['negative seed', () => mx.random.seed(-1), RangeError, /non-negative/],
  ['issubdtype of string', () => mx.issubdtype(mx.float32, 'x' as never), TypeError, /arg2/],
  ['finfo of a non-dtype', () => new mx.finfo(3 as never), TypeError, /mx.finfo/],
  // out-of-range axes
  ['sum axis out of range', () => mx.sum(a, 5), RangeError, /Invalid axis 5/],
  ['swapaxes out of range', () => mx.swapaxes(a, 0, 5), RangeError, /swapaxes/],
  ['expandDims out of range', () => mx.expandDims(a, 5), RangeError, /expand_dims/],
  ['moveaxis out of range', () => mx.moveaxis(a, 0, 3), RangeError, /moveaxis/],
  // shapes MLX rejects
  ['incompatible shapes', () => mx.add(mx.ones([2, 3]), mx.ones([4])), mx.MLXError, /cannot be broadcast/],
  ['bad reshape', () => mx.reshape(a, [3]), mx.MLXError, /Cannot reshape array of size 4/],
  ['matmul shapes', () => mx.matmul(mx.ones([2, 3]), mx.ones([2, 3])), mx.MLXError, /matmul/],
  ['squeeze non-1 axis', () => mx.squeeze(a, 0), mx.MLXError, /Cannot squeeze axis 0/],
  ['repeated transpose axes', () => mx.transpose(a, [0, 0]), mx.MLXError, /Repeat axes/],
  ['duplicate reduction axes', () => mx.mean(a, [0, 0]), mx.MLXError, /Duplicate axes/],
  ['broadcast to smaller', () => mx.broadcastTo(mx.ones([2, 3]), [4, 3]), mx.MLXError, /cannot be broadcast/],
  ['flatten start > end', () => mx.flatten(a, 1, 0), mx.MLXError, /start_axis/],
  ['uint8 + 300 overflows', () => mx.array([1], mx.uint8).add(300), mx.MLXError, /Converting 300 to uint8 would result in overflow/],
  ['normal of ints', () => mx.random.normal([2], mx.int32), mx.MLXError, /floating point/],
  ['linalg inv of non-square', () => mx.linalg.inv(mx.ones([2, 3])), mx.MLXError, /square/],
  // sizes
  ['negative size', () => mx.zeros([-1]), mx.MLXError, /Negative dimensions/],
  ['absurd size', () => mx.zeros([2 ** 31]), RangeError, /outside the supported range/],
  ['absurd arange', () => mx.arange(1e10), mx.MLXError, /Maximum size exceeded/],
  ['zero step', () => mx.arange(0, 10, 0), mx.MLXError, /step must be nonzero/],
  ['negative linspace num', () => mx.linspace(0, 1, -1), mx.MLXError, /must be non-negative/],
  ['negative eye', () => mx.eye(-2), mx.MLXError, /N and M must be positive/],
  // keywords and arity
  ['unknown keyword with hint', () => mx.sum(a, { keepdim: true } as never), TypeError, /unknown keyword argument 'keepdim' \(did you mean 'keepdims'\?\)/],
  ['snake_case keyword hint', () => mx.flatten(a, { start_axis: 0 } as never), TypeError, /did you mean 'startAxis'/],
  ['duplicated parameter', () => mx.sum(a, 0, { axis: 1 }), TypeError, /multiple values for argument 'axis'/],
  ['positional-only by keyword', () => mx.sum({ a } as never), TypeError, /'a' is positional-only/],
  ['too many positional', () => mx.sum(a, 0, true, 4 as never), TypeError, /takes at most 3 positional arguments \(4 given\)/],
  ['shape as a number where Python wants a sequence', () => mx.reshape(a, 4 as never), TypeError, /parameter 'shape' expected a sequence of integers/],
  ['missing required', () => (mx.add as unknown as (x: unknown) => unknown)(a), TypeError, /missing required argument 'b'/],
  ['missing via keywords', () => (mx.reshape as unknown as (x: unknown, k: unknown) => unknown)(a, { stream: null }), TypeError, /missing required argument 'shape'/],
  // disposed arrays
  ['disposed operand', () => mx.add(disposed, 1), TypeError, /disposed/],
  ['disposed method receiver', () => disposed.sum(), TypeError, /disposed/],
  ['disposed item', () => disposed.item(), TypeError, /disposed/],
  ['disposed shape', () => disposed.shape, TypeError, /disposed/],
  ['disposed in mx.eval', () => mx.eval([disposed]), TypeError, /disposed/],
  ['disposed in a list', () => mx.array([disposed]), TypeError, /disposed/],
  // misc
  ['tidy needs a function', () => mx.tidy(3 as never), TypeError, /parameter 'fn' expected a function/],
  ['bad memory limit', () => mx.setMemoryLimit(-1), TypeError, /parameter 'limit' expected a non-negative integer/],
  ['fractional memory limit', () => mx.setMemoryLimit(1.5), TypeError, /parameter 'limit'/],
  ['extra argument to a runtime function', () => (mx.getActiveMemory as unknown as (x: number) => number)(1), TypeError, /takes at most 0 positional arguments/],
  ['list value that does not fit the dtype', () => mx.array([2 ** 31], mx.int32), mx.MLXError, /2147483648 does not fit int32/],
  ['bad device', () => new mx.Device('cpu' as never), TypeError, /mx.cpu or mx.gpu/],
  ['foreign external', () => mx.add({ _h: {} } as never, 1), TypeError, /expected an mx.array or a scalar/],
];

describe(`${bad.length} bad calls throw the right error and the process survives`, () => {
  it('has at least 40 cases', () => assert.ok(bad.length >= 40));
  for (const [name, call, cls, message] of bad) {
    it(name, () => {
      let thrown: unknown;
      try {
        call();
      } catch (e) {
        thrown = e;
      }
      assert.ok(thrown instanceof Error, `${name}: nothing thrown`);
      assert.equal((thrown as Error).constructor, cls, `${name}: ${(thrown as Error).constructor.name}: ${(thrown as Error).message}`);
      assert.match((thrown as Error).message, message);
      assert.ok((thrown as Error).stack?.includes('errors.test'), 'has a JS stack through the caller');
    });
  }
  it('still computes afterwards', () => {
    assert.deepEqual(mx.add(a, 1).tolist(), [[2, 3], [4, 5]]);
  });
  it('errors in async evaluation reject, not crash', async () => {
    await assert.rejects(() => mx.asyncEval(disposed), TypeError);
  });
});

describe('errors thrown while V8 collects garbage', () => {
  // Before native calls returned their errors as values, this script aborted Node in
  // about one run of four (tests/stress/throw_during_gc.js says why). Four runs, two at a time.
  it('tens of thousands of exceptions during collections never abort the process', async function () {
    this.timeout(120000);
    const script = path.join(__dirname, '..', 'stress', 'throw_during_gc.js');
    const once = () =>
      new Promise<string>((resolve, reject) => {
        execFile(process.execPath, [script], { timeout: 60000 }, (err, stdout, stderr) =>
          err ? reject(new Error(`exit ${err.code ?? err.signal}: ${stderr.slice(-500)}`)) : resolve(stdout));
      });
    for (let round = 0; round < 2; round++) {
      for (const out of await Promise.all([once(), once()])) assert.match(out, /40000 exceptions caught, process alive/);
    }
  });
});
