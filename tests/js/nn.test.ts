// nn (activations, losses, init) and utils: what the differential suite cannot see (values are
// checked against Python there: tests/python/differential/cases_nn.py): subpath entries, the
// keyword-object rule for trees, errors, and that intermediates do not outlive mx.tidy.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import mx from '../../src/ts/index';
import { native } from '../../src/ts/native';

const ROOT = path.resolve(__dirname, '..', '..');
const { nn, utils } = mx;

describe('nn and utils', () => {
  it('mlx-node/nn and mlx-node/utils are mx.nn and mx.utils (CommonJS and ESM)', () => {
    const out = execFileSync(process.execPath, ['-e', `
      const mx = require('mlx-node');
      const nn = require('mlx-node/nn'), utils = require('mlx-node/utils');
      console.log(nn === mx.nn, utils === mx.utils, typeof nn.losses.crossEntropy, typeof utils.treeMap);
    `], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(out.trim(), 'true true function function');
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e', `
      import mx, { nn, utils } from 'mlx-node';
      import nnDefault, { relu, losses } from 'mlx-node/nn';
      import { treeFlatten } from 'mlx-node/utils';
      console.log(nnDefault === nn, relu === nn.relu, losses === nn.losses, treeFlatten === utils.treeFlatten, mx.nn === nn);
    `], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(esm.trim(), 'true true true true true');
  });

  it('a trailing plain object is a tree unless its keys are parameters not yet given', () => {
    assert.deepEqual(utils.treeFlatten({ prefix: 'x' }), [['prefix', 'x']]);
    assert.deepEqual(utils.treeFlatten([1], { prefix: '.p' }), [['p.0', 1]]);
    assert.deepEqual(utils.treeFlatten([1, 2], '', null, {}), { 0: 1, 1: 2 });
    assert.deepEqual(utils.treeFlatten({ tree: [1] }), [['0', 1]]); // the keyword form of treeFlatten([1])
    assert.deepEqual(utils.treeMap((a: number, b: number) => a + b, { isLeaf: 1 }, { isLeaf: 2 }), { isLeaf: 3 });
    assert.deepEqual(utils.treeMap((x: any) => (Array.isArray(x) ? x.length : x * 2), { a: [1, 2], b: 3 }, { isLeaf: Array.isArray }), { a: 2, b: 6 });
    assert.deepEqual(utils.treeMerge({ a: 1 }, {}), { a: 1 });
    assert.equal(utils.treeReduce((a: number, x: number) => a + x, [[1, 2], { z: 3 }]), 6);
  });

  it('bad arguments throw TypeError / MLXError naming the function', () => {
    assert.throws(() => utils.treeMap(3 as never, [1]), { name: 'TypeError', message: /utils\.treeMap: 'fn'/ });
    assert.throws(() => (utils.treeFlatten as any)([1], { destination: 3 }), { name: 'MLXError', message: /Destination/ });
    assert.throws(() => (nn.losses.mseLoss as any)([1], [1]), { name: 'TypeError', message: /mseLoss: 'predictions'/ });
    assert.throws(() => nn.losses.mseLoss(mx.ones([2]), mx.ones([2]), { reduction: 'avg' as never }), { name: 'MLXError', message: /Invalid reduction/ });
    assert.throws(() => (nn.losses.crossEntropy as any)(mx.ones([2, 3]), mx.array([0, 1]), { smoothing: 0.1 }),
      { name: 'TypeError', message: /unknown keyword argument 'smoothing'/ });
    assert.throws(() => nn.init.identity()(mx.zeros([2, 3])), { name: 'MLXError', message: /square matrix/ });
    assert.throws(() => (nn.init.constant as any)('x'), { name: 'TypeError' });
    assert.throws(() => (nn.relu as any)([1, 2]), { name: 'TypeError', message: /nn\.relu: 'x'/ });
  });

  it('inside mx.tidy, losses, activations and initializers leave only their results', () => {
    const x = mx.array([[0.5, -1.5, 2.5], [1, 2, -3]]);
    const t = mx.array([2, 0]);
    const before = native.liveArrays();
    const out = mx.tidy(() => ({
      ce: nn.losses.crossEntropy(x, t, { labelSmoothing: 0.1, reduction: 'mean' }),
      bce: nn.losses.binaryCrossEntropy(x, mx.zerosLike(x), { withLogits: false }),
      g: nn.geluApprox(x),
      w: nn.init.sparse(0.5)(mx.zeros([4, 4])),
      q: nn.init.orthogonal()(mx.zeros([3, 3])),
      tree: utils.treeMap((a: typeof x) => a.square(), { x, y: [x] }),
    }));
    mx.eval(out);
    assert.equal(native.liveArrays() - before, 7);
    mx.dispose(out);
    assert.equal(native.liveArrays(), before);
  });
});
