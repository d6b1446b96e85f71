// Function transforms (src/ts/transforms.ts, src/native/ops/transforms.cc):
// JS callbacks, exceptions crossing MLX unchanged, nesting, and lifetimes of
// the arrays that cross (no leaks over many calls). Values are checked
// against Python by tests/python/differential/test_transforms.py.
import assert from 'node:assert/strict';
import mx from '../../src/ts/index';
import { native } from '../../src/ts/native';

type Arr = ReturnType<typeof mx.ones>;
const live = (): number => native.liveArrays();
const list = (a: Arr): unknown => a.tolist();
const close = (a: Arr, expected: number[], tol = 1e-5) => {
  const got = a.tolist() as number[];
  assert.equal(got.length, expected.length);
  got.forEach((g, k) => assert.ok(Math.abs(g - expected[k]) <= tol * (1 + Math.abs(expected[k])), `${got} vs ${expected}`));
};

describe('transforms', () => {
  const x = mx.array([0.5, -1.25, 2.5]);
  const cube = (a: Arr) => mx.sum(a.power(3));

  describe('exceptions thrown in callbacks', () => {
    class Boom extends Error {}
    const cases: Record<string, (f: (a: Arr) => Arr) => unknown> = {
      grad: (f) => mx.grad((a: Arr) => mx.sum(f(a)))(x),
      valueAndGrad: (f) => mx.valueAndGrad((a: Arr) => mx.sum(f(a)))(x),
      vjp: (f) => mx.vjp(f, [x], [x]),
      jvp: (f) => mx.jvp(f, [x], [x]),
      vmap: (f) => mx.vmap(f)(mx.ones([2, 3])),
      compile: (f) => mx.compile(f)(x),
      checkpoint: (f) => mx.grad((a: Arr) => mx.sum(mx.checkpoint(f)(a)))(x),
      'grad of grad': (f) => mx.grad(mx.grad((a: Arr) => mx.sum(f(a))))(mx.array(1.5)),
      'vmap of grad': (f) => mx.vmap(mx.grad((a: Arr) => mx.sum(f(a))))(mx.ones([2, 3])),
    };
    for (const [name, run] of Object.entries(cases)) {
      it(`${name}: the same error object reaches the caller, and MLX stays usable`, () => {
        const err = new Boom('inside');
        const before = live();
        for (let k = 0; k < 3; k++) {
          let caught: unknown;
          try {
            mx.tidy(() => run((a) => {
              a.multiply(2); // an intermediate made before the throw
              throw err;
            }));
          } catch (e) {
            caught = e;
          }
          assert.equal(caught, err);
        }
        assert.ok(live() <= before, `${live() - before} arrays leaked`); // <=: earlier garbage may be collected meanwhile
        // the same transform works afterwards
        mx.tidy(() => {
          const r = run((a) => mx.sin(a));
          mx.eval(r as any);
        });
        close(mx.grad(cube)(x), [0.75, 4.6875, 18.75]);
      });
    }

    it('non-Error values and errors thrown during the backward pass of a custom vjp', () => {
      assert.throws(() => mx.grad((a: Arr) => {
        throw 'a string';
      })(x), (e: unknown) => e === 'a string');
      const f = mx.customFunction((a: Arr) => mx.sin(a));
      const err = new RangeError('backward');
      f.vjp(() => {
        throw err;
      });
      mx.tidy(() => mx.eval(f(x))); // the forward pass does not call it
      const errV = new Error('custom vmap');
      const fv = mx.customFunction((a: Arr) => a).vmap(() => {
        throw errV;
      });
      assert.throws(() => mx.vmap(fv)(mx.ones([2, 2])), (e: unknown) => e === errV);
      assert.throws(() => mx.grad((a: Arr) => mx.sum(f(a)))(x), (e: unknown) => e === err);
      const ck = mx.compile((a: Arr) => {
        if (a.shape[0] > 3) throw err;
        return a.add(1);
      });
      assert.throws(() => ck(mx.ones([4])), (e: unknown) => e === err);
      assert.deepEqual(list(ck(mx.ones([2]))), [2, 2]); // the same compiled function, traced again
    });

    it('bad arguments are TypeErrors, MLX rejections MLXErrors', () => {
      assert.throws(() => mx.grad(1 as any), TypeError);
      assert.throws(() => mx.vjp(cube as any, [1 as any], [x]), TypeError);
      assert.throws(() => mx.grad((a: Arr) => a)(x), mx.MLXError);
      assert.throws(() => mx.vmap((a: Arr) => a, 5)(x), RangeError);
      assert.throws(() => mx.compile((a: Arr) => a)(x, () => 1), mx.MLXError);
    });
  });

  describe('nesting', () => {
    it('grad of grad of grad', () => {
      assert.equal((mx.grad(mx.grad(mx.grad((a: Arr) => mx.sum(a.power(4)))))(mx.array(1.5)) as Arr).item(), 36);
    });
    it('vmap of grad', () => {
      const g = mx.vmap(mx.grad((a: Arr) => mx.sum(a.multiply(a))));
      assert.deepEqual(list(g(mx.array([[1, 2], [3, 4]], mx.float32))), [[2, 4], [6, 8]]);
    });
    it('compile of valueAndGrad', () => {
      const f = mx.compile(mx.valueAndGrad((w: Arr, xx: Arr) => mx.sum(mx.square(xx.matmul(w)))));
      const [v, g] = f(mx.ones([2, 1]), mx.ones([3, 2])) as [Arr, Arr];
      assert.equal(v.item(), 12);
      assert.deepEqual(list(g), [[12], [12]]);
    });
    it('grad through customFunction, and jvp / vmap of it', () => {
      const f = mx.customFunction((a: Arr) => mx.exp(a));
      f.vjp((_p: Arr, cot: Arr) => cot.multiply(7)).jvp((_p: Arr, t: Arr) => t.multiply(3));
      f.vmap((a: Arr, ax: number | null) => [a.add(100), ax]);
      close(mx.grad((a: Arr) => mx.sum(f(a)))(x), [7, 7, 7]);
      close(mx.jvp(f, [x], [mx.ones([3])])[1][0], [3, 3, 3]);
      close(mx.vmap(f)(mx.zeros([1, 3])).reshape(-1), [100, 100, 100]);
    });
    it('a custom vjp may return the cotangent itself', () => {
      const f = mx.customFunction((a: Arr) => mx.sin(a)).vjp((_p: Arr, c: Arr) => c);
      assert.deepEqual(list(mx.grad((a: Arr) => mx.sum(f(a)))(x)), [1, 1, 1]);
    });
    it('workers that compile and keep custom-function graphs exit cleanly', async () => {
      const { Worker } = await import('node:worker_threads');
      const path = await import('node:path');
      const index = path.resolve(__dirname, '..', '..'); // the built package (dist/)
      const code = `const mx = require(${JSON.stringify(index)});
        const f = mx.compile((a) => a.add(1)); mx.eval(f(mx.ones([3])));
        const cf = mx.customFunction((a) => mx.sin(a)).vjp((p, c) => c);
        globalThis.keep = [cf(mx.ones([2])), mx.grad((a) => mx.sum(cf(a)))(mx.ones([2]))];
        require('node:worker_threads').parentPort.postMessage(globalThis.keep[1].tolist());`;
      for (let k = 0; k < 2; k++) {
        const w = new Worker(code, { eval: true });
        // Both listeners first: a worker that exits before its message is read delivers the
        // message and 'exit' in one go, before a later listener could be attached.
        const exited = new Promise((resolve) => w.on('exit', resolve));
        const msg = await new Promise((resolve, reject) => {
          w.on('message', resolve);
          w.on('error', reject);
        });
        assert.deepEqual(msg, [1, 1]);
        assert.equal(await exited, 0);
      }
    });
    it('compile with captured state, and with compilation disabled', () => {
      const state = { w: mx.array(1, mx.float32) };
      const step = mx.compile((a: Arr) => {
        state.w = state.w.multiply(a);
        return state.w;
      }, { inputs: state, outputs: state });
      step(mx.array(2, mx.float32));
      step(mx.array(3, mx.float32));
      assert.equal(state.w.item(), 6);
      mx.disableCompile();
      try {
        step(mx.array(0.5));
        assert.equal(state.w.item(), 3);
      } finally {
        mx.enableCompile();
      }
      step(mx.array(2, mx.float32));
      assert.equal(state.w.item(), 6);
    });
  });

  describe('compiled calls', () => {
    it('output structures that change with shapes, long output lists, and disabled compilation', () => {
      const f = mx.compile((a: Arr) => (a.shape[0] > 2 ? [a, { s: mx.sum(a) }] : mx.sum(a)));
      const big = f(mx.ones([3])) as [Arr, { s: Arr }];
      assert.deepEqual(list(big[0]), [1, 1, 1]);
      assert.equal(big[1].s.item(), 3);
      assert.equal((f(mx.ones([2])) as Arr).item(), 2);
      assert.equal(((f(mx.ones([4])) as [Arr, { s: Arr }])[1].s).item(), 4); // a new trace, same structure
      assert.equal((f(mx.ones([2])) as Arr).item(), 2); // cache hit of the second structure
      const many = mx.compile((a: Arr) => Array.from({ length: 70 }, (_, k) => a.add(k)));
      const outs = many(mx.array(1)) as Arr[];
      assert.equal(outs.length, 70);
      assert.equal(outs[69].item(), 70);
      const g = mx.compile((a: Arr, b: Arr) => [a.add(b), { p: a.multiply(b) }]);
      mx.disableCompile();
      try {
        for (let k = 0; k < 3; k++) {
          const [s, o] = g(mx.array(2), mx.array(k)) as [Arr, { p: Arr }];
          assert.equal(s.item(), 2 + k);
          assert.equal(o.p.item(), 2 * k);
        }
      } finally {
        mx.enableCompile();
      }
      const [s2, o2] = g(mx.array(2), mx.array(5)) as [Arr, { p: Arr }];
      assert.equal(s2.item(), 7);
      assert.equal(o2.p.item(), 10);
    });
  });

  describe('lifetimes', () => {
    it('no arrays leak over many calls, inside mx.tidy', () => {
      const f = mx.compile(mx.valueAndGrad((w: Arr, xx: Arr) => mx.sum(mx.tanh(xx.matmul(w)))));
      const cf = mx.customFunction((a: Arr) => mx.sin(a)).vjp((_p: Arr, c: Arr) => c.multiply(2));
      const ck = mx.checkpoint((a: Arr) => mx.exp(a).multiply(a));
      const W = mx.ones([3, 2]);
      const X = mx.ones([4, 3]);
      mx.tidy(() => mx.eval(f(W, X) as any)); // warm-up: the compile cache
      const before = live();
      for (let k = 0; k < 200; k++) {
        mx.tidy(() => {
          mx.eval(f(W, X) as any);
          mx.eval(mx.vmap(mx.grad((a: Arr) => mx.sum(mx.exp(a))))(X));
          mx.eval(mx.grad((a: Arr) => mx.sum(cf(a)).add(mx.sum(ck(a))))(X));
          mx.eval(mx.jvp((a: Arr) => [a.multiply(a)], [X], [X])[1]);
        });
      }
      // garbage of earlier tests may be collected meanwhile: the count never grows
      assert.ok(live() <= before, `${live() - before} arrays more than before`);
    });

    it('results escape mx.tidy and get finalizers outside it; intermediates do not outlive the call', () => {
      const before = live();
      let inner: Arr | undefined;
      const g = mx.tidy(() => mx.grad((a: Arr) => {
        inner = a.multiply(2);
        return mx.sum(inner.multiply(a));
      })(x));
      assert.ok(live() <= before + 1); // <=: garbage of earlier tests may be collected meanwhile
      assert.ok(inner!.disposed); // made inside the transformed function: freed with the call
      assert.deepEqual(list(g), [2, -5, 10]);
      const withG = live();
      g.dispose();
      assert.equal(live(), withG - 1);
      const [v, grads] = mx.valueAndGrad((a: Arr, b: Arr) => mx.sum(a.multiply(b)), [0, 1])(x, x);
      assert.equal((v as Arr).item(), 0.25 + 1.5625 + 6.25);
      assert.equal((grads as Arr[]).length, 2);
      const withVG = live();
      mx.dispose(v, grads);
      assert.ok(live() <= withVG - 3);
    });
  });
});
