"""Differential catalogue of function transforms: each function of CATALOGUE is
written in Python (transforms_catalogue.py) and in JS (transforms_catalogue.js); grad, value_and_grad,
vjp, jvp, vmap, vmap of grad, compile, compile of value_and_grad and second
derivatives of it are computed in Python mlx and in mlx-node (one Node process
per batch, transforms_runner.js) and compared with NumPy at float32 rtol 1e-5."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import mlx.core as mx

from transforms_catalogue import PY

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
RTOL, ATOL = 1e-5, 1e-6


ALL = ["value", "grad", "value_and_grad", "vjp", "jvp", "vmap", "vmap_grad", "compile", "compile_vag"]
G2 = ALL + ["grad2"]


def I(shape, k):  # noqa: E743 - integer input in [0, k)
    return ("int", shape, k)


def P(shape):  # positive input
    return ("pos", shape)


# name: (input specs (a shape is a normal float32 input), number of leading differentiable args, checks)
CATALOGUE = {
    "poly3": ([(5,)], 1, G2),
    "poly2var": ([(4,), (4,)], 2, G2),
    "sin_exp": ([(2, 3)], 1, G2),
    "tanh_log": ([(6,)], 1, G2),
    "softmax": ([(3, 5)], 1, G2),
    "logsumexp": ([(3, 5)], 1, ALL),
    "log_softmax": ([(2, 4)], 1, ALL),
    "softmax_ce": ([(4, 5), I((4,), 5)], 1, G2),
    "mlp": ([(3, 4), (4, 6), (6,), (6, 2)], 4, G2),
    "attention": ([(3, 4), (5, 4), (5, 2)], 3, ALL),
    "rnn_scan": ([(4, 3), (3,)], 2, G2),
    "cumsum_scan": ([(3, 4)], 1, ALL),
    "two_outputs": ([(3,), (3,)], 2, ALL),
    "tree_out": ([(2, 2), (2, 2)], 2, ALL),
    "shape_branch_small": ([(2, 3)], 1, ALL),
    "shape_branch_big": ([(4, 3)], 1, ALL),
    "gather_take": ([(5, 3), I((4,), 5)], 1, ALL),
    "gather_flat": ([(3, 4), I((2, 3), 12)], 1, ALL),
    "gather_along": ([(3, 4), I((3, 2), 4)], 1, ALL),
    "matmul_chain": ([(2, 3), (3, 3)], 2, G2),
    "l2norm": ([(3, 4)], 1, G2),
    "layernorm": ([(2, 5), (5,), (5,)], 3, ALL),
    "swish": ([(7,)], 1, G2),
    "max_reduce": ([(3, 4)], 1, ALL),
    "leaky_relu": ([(8,)], 1, ALL),
    "abs_times": ([(6,)], 1, ALL),
    "reshape_transpose": ([(12,), (4, 3)], 2, ALL),
    "concat_split": ([(2, 3), (2, 3)], 2, ALL),
    "outer": ([(3,), (4,)], 2, ALL),
    "erf": ([(5,)], 1, G2),
    "power_pos": ([P((4,)), (4,)], 2, ALL),
    "rational": ([(4,), (4,)], 2, G2),
    "variance": ([(4, 3)], 1, ALL),
    "clip": ([(8,)], 1, ALL),
    "sort": ([(3, 4)], 1, ALL),
    "rbf": ([(3,), (4,)], 2, ALL),
    "scatter_put": ([(3, 4), (3, 1), I((3, 1), 4)], 2, ALL),
    "scatter_slice_update": ([(4, 5), (2, 3)], 2, ALL),
    "dict_params": ([{"w": (3, 2), "b": (2,)}, (4, 3)], 1, ["value", "grad", "value_and_grad", "compile", "compile_vag"]),
    "index_gather": ([(5, 3), I((4,), 5)], 1, G2),
    "index_put": ([(5, 3), (3, 3)], 2, G2),
    "index_put_column": ([(4, 3)], 1, G2),
    "at_add": ([(5, 3), (4, 3), I((4,), 5)], 2, G2),
    "mse": ([(4,), (6, 4), (6,)], 1, G2),
    "dot_tanh": ([(5,), (5,)], 2, G2),
    "custom_sin": ([(5,)], 1, G2),
    "custom_mul": ([(4,), (4,)], 2, G2),
}


def make_input(spec, seed):
    rs = np.random.RandomState(seed)
    if isinstance(spec, dict):
        return {k: make_input(v, seed + 7 * i) for i, (k, v) in enumerate(spec.items())}
    if isinstance(spec, tuple) and spec and spec[0] == "int":
        return mx.array(rs.randint(0, spec[2], size=spec[1]).astype(np.int32))
    if isinstance(spec, tuple) and spec and spec[0] == "pos":
        return mx.array((rs.rand(*spec[1]) + 0.5).astype(np.float32))
    return mx.array(rs.randn(*spec).astype(np.float32))


def to_spec(x):
    if isinstance(x, dict):
        return {"tree": {k: to_spec(v) for k, v in x.items()}}
    a = np.array(x)
    return {"dtype": str(x.dtype).split(".")[-1], "shape": list(a.shape), "data": a.reshape(-1).tolist()}


def leaves(t, out=None):
    out = [] if out is None else out
    if isinstance(t, mx.array):
        out.append(t)
    elif isinstance(t, (list, tuple)):
        for x in t:
            leaves(x, out)
    elif isinstance(t, dict):
        for x in t.values():
            leaves(x, out)
    return out


def direction(a, k):
    return mx.cos(mx.arange(a.size).astype(mx.float32) * 0.37 + k).reshape(a.shape).astype(a.dtype)


def total(t):
    ls = [mx.sum(x) for x in leaves(t)]
    s = ls[0]
    for x in ls[1:]:
        s = s + x
    return s


def run_python(name, xs, nd, checks):
    f = PY[name]
    diff, rest = xs[:nd], xs[nd:]

    def fd(*a):
        return f(*a, *rest)

    def flat(*a):
        return leaves(fd(*a))

    def s(*a):
        return total(fd(*a))

    argnums = list(range(nd))
    fns = {
        "value": lambda: f(*xs),
        "grad": lambda: mx.grad(s, argnums)(*diff),
        "value_and_grad": lambda: mx.value_and_grad(lambda *a: (s(*a), fd(*a)), argnums)(*diff),
        "vjp": lambda: mx.vjp(flat, diff, [direction(o, k) for k, o in enumerate(flat(*diff))]),
        "jvp": lambda: mx.jvp(flat, diff, [direction(d, k + 1) for k, d in enumerate(diff)]),
        "vmap": lambda: mx.vmap(f, in_axes=(0, *[None] * (len(xs) - 1)))(
            mx.stack([xs[0], xs[0] * 0.5, xs[0] * -1.5]), *xs[1:]),
        "vmap_grad": lambda: mx.vmap(mx.grad(lambda a0, *a: s(a0, *a)), in_axes=(0, *[None] * (nd - 1)))(
            mx.stack([diff[0], diff[0] * 0.5]), *diff[1:]),
        "compile": lambda: mx.compile(f)(*xs),
        "compile_vag": lambda: mx.compile(mx.value_and_grad(s, argnums))(*diff),
        "grad2": lambda: mx.grad(lambda *a: total(mx.grad(s, argnums)(*a)), argnums)(*diff),
    }
    out = {}
    for c in checks:
        try:
            out[c] = [np.array(x.astype(mx.float32)) for x in leaves(fns[c]())]
        except Exception as e:  # noqa: BLE001
            out[c] = {"error": f"{type(e).__name__}: {e}"}
    return out


def run_node(entries):
    proc = subprocess.run(["node", str(HERE / "transforms_runner.js"), str(REPO)], input=json.dumps(entries),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def results():
    entries, py = [], {}
    for i, (name, (specs, nd, checks)) in enumerate(CATALOGUE.items()):
        xs = [make_input(s, 100 * i + k) for k, s in enumerate(specs)]
        entries.append({"name": name, "inputs": [to_spec(x) for x in xs], "nd": nd, "checks": checks})
        py[name] = run_python(name, xs, nd, checks)
    return py, run_node(entries)


def test_catalogue_size():
    assert len(CATALOGUE) >= 30
    assert set(CATALOGUE) == set(PY)
    src = (HERE / "transforms_catalogue.js").read_text()
    for name in CATALOGUE:
        assert f"  {name}: (" in src, f"{name} missing from transforms_catalogue.js"


@pytest.mark.parametrize("name", list(CATALOGUE))
def test_catalogue(results, name):
    py, node = results
    for check, pv in py[name].items():
        nv = node[name][check]
        where = f"{name}/{check}"
        if isinstance(pv, dict):
            assert isinstance(nv, dict), f"{where}: Python raised {pv['error']} but Node returned a value"
            continue
        assert not isinstance(nv, dict), f"{where}: Node raised {nv.get('error')}"
        assert len(pv) == len(nv), f"{where}: {len(pv)} leaves in Python, {len(nv)} in Node"
        for k, (p, n) in enumerate(zip(pv, nv)):
            na = np.array(n["data"], dtype=np.float32).reshape(n["shape"])
            assert list(p.shape) == list(na.shape), f"{where}[{k}]: shape {p.shape} vs {na.shape}"
            np.testing.assert_allclose(na, p, rtol=RTOL, atol=ATOL, equal_nan=True, err_msg=f"{where}[{k}]")


# --------------------------------------------------------------------------
# semantics scenarios: the same in transforms_scenarios.js; each returns a tree
# of arrays or raises, and Node must do the same.

_x = mx.array([0.5, -1.25, 2.5])
_y = mx.array([1.5, 0.25, -0.75])
_m = mx.array([[1.5, -0.5, 0.25], [2.25, 1.75, -1.5]])


def _compile_recompile():
    f = mx.compile(lambda a: mx.exp(a) * 2)
    return [f(_x), f(_m), f(_x.astype(mx.float16)), f(mx.array(3))]


def _compile_constants():
    f = mx.compile(lambda a, k, opt: a * k + opt["shift"])
    return [f(_x, 2, {"shift": 1}), f(_x, 3, {"shift": 1}), f(_x, 2, {"shift": 0.5})]


def _compile_shapeless():
    f = mx.compile(lambda a: mx.sin(a) + 1, shapeless=True)
    return [f(_x), f(_m), f(mx.ones((4,)))]


def _compile_capture():
    state = [mx.array(1.25)]

    def step(a):
        state[0] = state[0] * a
        return state[0] + 1

    f = mx.compile(step, inputs=state, outputs=state)
    r = [f(mx.array(2)), f(mx.array(2)), f(mx.array(0.5))]
    return [r, state[0]]


def _custom_vjp():
    @mx.custom_function
    def f(a, b):
        return a * b

    @f.vjp
    def f_vjp(primals, cot, out):
        return cot * primals[1] * 10, cot * primals[0]

    return [f(_x, _y), mx.grad(lambda a, b: mx.sum(f(a, b)), [0, 1])(_x, _y)]


def _custom_jvp():
    @mx.custom_function
    def f(a):
        return mx.exp(a)

    @f.jvp
    def f_jvp(primals, tangents):
        return tangents * 3

    return mx.jvp(f, [_x], [_y])


def _custom_vmap():
    @mx.custom_function
    def f(a):
        return mx.sum(a)

    @f.vmap
    def f_vmap(a, axis):
        return mx.sum(a, None if axis is None else 1 - axis) * 100, 0

    return mx.vmap(f)(_m)


def _custom_tree():
    @mx.custom_function
    def f(p):
        return {"s": p["a"] * p["b"]}

    @f.vjp
    def f_vjp(p, cot, out):
        return {"a": cot["s"] * 2, "b": cot["s"] * 3}

    return mx.grad(lambda p: mx.sum(f(p)["s"]))({"a": _x, "b": _y})


def _checkpoint_grad():
    f = mx.checkpoint(lambda a, b: mx.sin(a) * b * a)
    return [f(_x, _y), mx.grad(lambda a, b: mx.sum(f(a, b)), [0, 1])(_x, _y)]


def _checkpoint_tree():
    f = mx.checkpoint(lambda p: [mx.tanh(p["a"]), p["a"] * p["b"]])
    return mx.grad(lambda p: mx.sum(f(p)[0]) + mx.sum(f(p)[1]))({"a": _x, "b": _y})


SCENARIOS = {
    "argnums_int": lambda: mx.grad(lambda a, b: mx.sum(a * b), 1)(_x, _y),
    "argnums_list": lambda: mx.grad(lambda a, b: mx.sum(a * b * a), [0, 1])(_x, _y),
    "argnums_single_list": lambda: mx.grad(lambda a, b: mx.sum(mx.sin(a) * b), [0])(_x, _y),
    "argnames_only": lambda: mx.grad(lambda a, b, c: mx.sum(a * b * c), argnames=["b"])(_x, b=_y, c=_x),
    "argnames_and_nums": lambda: mx.value_and_grad(lambda a, b: mx.sum(mx.exp(a) * b), 0, "b")(_x, b=_y),
    "tree_arg": lambda: mx.grad(lambda p: mx.sum(p["w"] * p["v"][0]) + mx.sum(p["v"][1]))(
        {"w": _x, "v": [_y, _m]}),
    "tree_with_constants": lambda: mx.grad(lambda p: mx.sum(p["w"] * p["scale"]))({"w": _x, "scale": 3, "name": "abc"}),
    "aux_tuple": lambda: mx.value_and_grad(lambda a: (mx.sum(a * a), {"aux": a * 2, "n": 7}))(_x),
    "aux_list_of_arrays": lambda: mx.value_and_grad(lambda a, b: (mx.sum(a * b), a + b, [b]), [0, 1])(_x, _y),
    "grad_non_scalar": lambda: mx.grad(lambda a: a * 2)(_x),
    "grad_tuple_return": lambda: mx.grad(lambda a: (mx.sum(a), a))(_x),
    "vag_empty_tuple": lambda: mx.value_and_grad(lambda a: ())(_x),
    "vag_first_not_array": lambda: mx.value_and_grad(lambda a: (3, a))(_x),
    "grad_bad_argnum": lambda: mx.grad(lambda a, b: mx.sum(a), 2)(_x, _y),
    "grad_negative_argnum": lambda: mx.grad(lambda a: mx.sum(a), -1)(_x),
    "grad_dup_argnum": lambda: mx.grad(lambda a, b: mx.sum(a), [0, 0])(_x, _y),
    "grad_missing_argname": lambda: mx.grad(lambda a, b=None: mx.sum(a), argnames="q")(_x, b=_y),
    "grad_nonarray_strict": lambda: mx.grad(lambda a: mx.sum(a[0]))([_x, "str"]),
    "grad_of_grad_of_grad": lambda: mx.grad(mx.grad(mx.grad(lambda a: mx.sum(a ** 4))))(mx.array(1.5)),
    "vjp_multi": lambda: mx.vjp(lambda a, b: [a * b, mx.sin(a)], [_x, _y], [_y, _x]),
    "jvp_multi": lambda: mx.jvp(lambda a, b: [a * b, mx.exp(b)], [_x, _y], [_y, _x]),
    "vjp_bad_cotangents": lambda: mx.vjp(lambda a: a * 2, [_x], [_x, _y]),
    "vmap_in_axes_tree": lambda: mx.vmap(lambda a, b: a * b, in_axes=(1, None))(_m, _x),
    "vmap_out_axes": lambda: mx.vmap(lambda a: (a * 2, mx.sum(a)), 0, (1, 0))(_m),
    "vmap_dict": lambda: mx.vmap(lambda d: d["a"] + d["b"], in_axes={"a": 0, "b": None})({"a": _m, "b": _x}),
    "vmap_dict_in_list": lambda: mx.vmap(lambda d: d["a"] + d["b"], in_axes=({"a": 0, "b": None},))(
        {"a": _m, "b": _x}),
    "vmap_two_dicts": lambda: mx.vmap(lambda d, e: d["a"] + e["b"], in_axes=({"a": 0}, {"b": None}))(
        {"a": _m}, {"b": _x}),
    "vmap_dict_prefix": lambda: mx.vmap(lambda d: {"s": d["a"] + d["b"]}, 1, {"s": 0})({"a": _m, "b": _m}),
    "vmap_negative_axis": lambda: mx.vmap(lambda a: a * a, -1, -1)(_m),
    "vmap_bad_axis": lambda: mx.vmap(lambda a: a, 3)(_m),
    "vmap_bad_out_axis": lambda: mx.vmap(lambda a: a, 0, 5)(_m),
    "vmap_nonarray_arg": lambda: mx.vmap(lambda a, s: a, (0, None))(_m, 3),
    "vmap_size_mismatch": lambda: mx.vmap(lambda a, b: a + b)(_m, _x),
    "vmap_of_vmap": lambda: mx.vmap(mx.vmap(lambda a: a * mx.sum(a)))(
        mx.reshape(mx.arange(12).astype(mx.float32), (2, 3, 2))),
    "compile_recompile_shapes": _compile_recompile,
    "compile_constants": _compile_constants,
    "compile_shapeless": _compile_shapeless,
    "compile_capture": _compile_capture,
    "compile_bad_arg": lambda: mx.compile(lambda a, f: a)(_x, lambda: 1),
    "compile_tree_out": lambda: mx.compile(lambda a, b: {"p": a + b, "q": [a * b, "tag", 5]})(_x, _y),
    "compile_of_grad": lambda: mx.compile(mx.grad(lambda a: mx.sum(mx.sin(a) * a)))(_x),
    "custom_vjp": _custom_vjp,
    "custom_jvp": _custom_jvp,
    "custom_vmap": _custom_vmap,
    "custom_tree": _custom_tree,
    "custom_no_transforms": lambda: mx.grad(lambda a: mx.sum(mx.custom_function(lambda b: mx.sin(b))(a)))(_x),
    "checkpoint_grad": _checkpoint_grad,
    "checkpoint_tree": _checkpoint_tree,
    "stop_gradient": lambda: mx.grad(lambda a: mx.sum(a * mx.stop_gradient(a)))(_x),
    "vmap_of_grad_tree": lambda: mx.vmap(mx.grad(lambda p: mx.sum(mx.sin(p["w"]))), in_axes=({"w": 0},))({"w": _m}),
}


def _py_scenario(name):
    try:
        return [np.array(x.astype(mx.float32)) for x in leaves(SCENARIOS[name]())]
    except Exception as e:  # noqa: BLE001
        return {"error": f"{type(e).__name__}: {e}"}


@pytest.fixture(scope="module")
def scenario_results():
    proc = subprocess.run(["node", str(HERE / "transforms_runner.js"), str(REPO), "--scenarios"],
                          input="[]", capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_scenarios_match():
    src = (HERE / "transforms_scenarios.js").read_text()
    for name in SCENARIOS:
        assert f"    {name}: () =>" in src, f"{name} missing from transforms_scenarios.js"


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_scenario(scenario_results, name):
    pv, nv = _py_scenario(name), scenario_results[name]
    if isinstance(pv, dict):
        assert isinstance(nv, dict), f"{name}: Python raised {pv['error']} but Node returned a value"
        return
    assert not isinstance(nv, dict), f"{name}: Node raised {nv.get('error')} (Python: ok)"
    assert len(pv) == len(nv), f"{name}: {len(pv)} leaves in Python, {len(nv)} in Node"
    for k, (p, n) in enumerate(zip(pv, nv)):
        na = np.array(n["data"], dtype=np.float32).reshape(n["shape"])
        assert list(p.shape) == list(na.shape), f"{name}[{k}]: shape {p.shape} vs {na.shape}"
        np.testing.assert_allclose(na, p, rtol=RTOL, atol=ATOL, equal_nan=True, err_msg=f"{name}[{k}]")
