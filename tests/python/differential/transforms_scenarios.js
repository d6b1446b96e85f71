// Semantics scenarios of the transforms (argnums/argnames, trees, non-array
// leaves, aux outputs, vmap axes trees, compile recompilation and captured
// state, custom functions, checkpoint, errors), JS side of SCENARIOS in
// test_transforms.py: each returns a tree of arrays or throws.
'use strict';

module.exports = (mx) => {
  const x = mx.array([0.5, -1.25, 2.5]);
  const y = mx.array([1.5, 0.25, -0.75]);
  const m = mx.array([[1.5, -0.5, 0.25], [2.25, 1.75, -1.5]]);
  const sum = (a) => mx.sum(a);
  return {
    argnums_int: () => mx.grad((a, b) => sum(a.multiply(b)), 1)(x, y),
    argnums_list: () => mx.grad((a, b) => sum(a.multiply(b).multiply(a)), [0, 1])(x, y),
    argnums_single_list: () => mx.grad((a, b) => sum(mx.sin(a).multiply(b)), [0])(x, y),
    argnames_only: () => mx.grad((a, kw) => sum(a.multiply(kw.b).multiply(kw.c)), { argnames: ['b'] })(x, { b: y, c: x }),
    argnames_and_nums: () => mx.valueAndGrad((a, kw) => sum(mx.exp(a).multiply(kw.b)), 0, 'b')(x, { b: y }),
    tree_arg: () => mx.grad((p) => sum(p.w.multiply(p.v[0])).add(sum(p.v[1])))({ w: x, v: [y, m] }),
    tree_with_constants: () => mx.grad((p) => sum(p.w.multiply(p.scale)))({ w: x, scale: 3, name: 'abc' }),
    aux_tuple: () => mx.valueAndGrad((a) => [sum(sq(a)), { aux: a.multiply(2), n: 7 }])(x),
    aux_list_of_arrays: () => mx.valueAndGrad((a, b) => [sum(a.multiply(b)), a.add(b), [b]], [0, 1])(x, y),
    grad_non_scalar: () => mx.grad((a) => a.multiply(2))(x),
    grad_tuple_return: () => mx.grad((a) => [sum(a), a])(x),
    vag_empty_tuple: () => mx.valueAndGrad(() => [])(x),
    vag_first_not_array: () => mx.valueAndGrad((a) => [3, a])(x),
    grad_bad_argnum: () => mx.grad((a, b) => sum(a), 2)(x, y),
    grad_negative_argnum: () => mx.grad((a) => sum(a), -1)(x),
    grad_dup_argnum: () => mx.grad((a, b) => sum(a), [0, 0])(x, y),
    grad_missing_argname: () => mx.grad((a, kw) => sum(a), { argnames: 'q' })(x, { b: y }),
    grad_nonarray_strict: () => mx.grad((a) => sum(a[0]))([x, 'str']),
    grad_of_grad_of_grad: () => mx.grad(mx.grad(mx.grad((a) => sum(a.power(4)))))(mx.array(1.5)),
    vjp_multi: () => mx.vjp((a, b) => [a.multiply(b), mx.sin(a)], [x, y], [y, x]),
    jvp_multi: () => mx.jvp((a, b) => [a.multiply(b), mx.exp(b)], [x, y], [y, x]),
    vjp_bad_cotangents: () => mx.vjp((a) => a.multiply(2), [x], [x, y]),
    vmap_in_axes_tree: () => mx.vmap((a, b) => a.multiply(b), [1, null])(m, x),
    vmap_out_axes: () => mx.vmap((a) => [a.multiply(2), sum(a)], 0, [1, 0])(m),
    vmap_dict: () => mx.vmap((d) => d.a.add(d.b), { a: 0, b: null })({ a: m, b: x }),
    vmap_dict_in_list: () => mx.vmap((d) => d.a.add(d.b), [{ a: 0, b: null }])({ a: m, b: x }),
    vmap_two_dicts: () => mx.vmap((d, e) => d.a.add(e.b), [{ a: 0 }, { b: null }])({ a: m }, { b: x }),
    vmap_dict_prefix: () => mx.vmap((d) => ({ s: d.a.add(d.b) }), 1, { s: 0 })({ a: m, b: m }),
    vmap_negative_axis: () => mx.vmap((a) => a.multiply(a), -1, -1)(m),
    vmap_bad_axis: () => mx.vmap((a) => a, 3)(m),
    vmap_bad_out_axis: () => mx.vmap((a) => a, 0, 5)(m),
    vmap_nonarray_arg: () => mx.vmap((a, s) => a, [0, null])(m, 3),
    vmap_size_mismatch: () => mx.vmap((a, b) => a.add(b))(m, x),
    vmap_of_vmap: () => mx.vmap(mx.vmap((a) => a.multiply(mx.sum(a))))(mx.reshape(mx.arange(12).astype(mx.float32), [2, 3, 2])),
    compile_recompile_shapes: () => {
      const f = mx.compile((a) => mx.exp(a).multiply(2));
      return [f(x), f(m), f(x.astype(mx.float16)), f(mx.array(3))];
    },
    compile_constants: () => {
      const f = mx.compile((a, k, opt) => a.multiply(k).add(opt.shift));
      return [f(x, 2, { shift: 1 }), f(x, 3, { shift: 1 }), f(x, 2, { shift: 0.5 })];
    },
    compile_shapeless: () => {
      const f = mx.compile((a) => mx.sin(a).add(1), { shapeless: true });
      return [f(x), f(m), f(mx.ones([4]))];
    },
    compile_capture: () => {
      const state = [mx.array(1.25)];
      const f = mx.compile((a) => {
        state[0] = state[0].multiply(a);
        return state[0].add(1);
      }, { inputs: state, outputs: state });
      const r = [f(mx.array(2)), f(mx.array(2)), f(mx.array(0.5))];
      return [r, state[0]];
    },
    compile_bad_arg: () => mx.compile((a, f) => a)(x, () => 1),
    compile_tree_out: () => mx.compile((a, b) => ({ p: a.add(b), q: [a.multiply(b), 'tag', 5] }))(x, y),
    compile_of_grad: () => mx.compile(mx.grad((a) => sum(mx.sin(a).multiply(a))))(x),
    custom_vjp: () => {
      const f = mx.customFunction((a, b) => a.multiply(b));
      f.vjp((primals, cot, out) => [cot.multiply(primals[1]).multiply(10), cot.multiply(primals[0])]);
      return [f(x, y), mx.grad((a, b) => sum(f(a, b)), [0, 1])(x, y)];
    },
    custom_jvp: () => {
      const f = mx.customFunction((a) => mx.exp(a));
      f.jvp((primals, tangents) => tangents.multiply(3));
      return mx.jvp(f, [x], [y]);
    },
    custom_vmap: () => {
      const f = mx.customFunction((a) => mx.sum(a));
      f.vmap((a, axis) => [mx.sum(a, axis === null ? null : 1 - axis).multiply(100), 0]);
      return mx.vmap(f)(m);
    },
    custom_tree: () => {
      const f = mx.customFunction((p) => ({ s: p.a.multiply(p.b) }));
      f.vjp((p, cot, out) => ({ a: cot.s.multiply(2), b: cot.s.multiply(3) }));
      return mx.grad((p) => sum(f(p).s))({ a: x, b: y });
    },
    custom_no_transforms: () => mx.grad((a) => sum(mx.customFunction((b) => mx.sin(b))(a)))(x),
    checkpoint_grad: () => {
      const f = mx.checkpoint((a, b) => mx.sin(a).multiply(b).multiply(a));
      return [f(x, y), mx.grad((a, b) => sum(f(a, b)), [0, 1])(x, y)];
    },
    checkpoint_tree: () => {
      const f = mx.checkpoint((p) => [mx.tanh(p.a), p.a.multiply(p.b)]);
      return mx.grad((p) => sum(f(p)[0]).add(sum(f(p)[1])))({ a: x, b: y });
    },
    stop_gradient: () => mx.grad((a) => sum(a.multiply(mx.stopGradient(a))))(x),
    vmap_of_grad_tree: () => mx.vmap(mx.grad((p) => sum(mx.sin(p.w))), [{ w: 0 }])({ w: m }),
  };
  function sq(a) {
    return a.multiply(a);
  }
};
