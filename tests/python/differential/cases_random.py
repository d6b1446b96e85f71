"""Differential cases for the random family (see cases.py's docstring for C/E/X/R)."""

from __future__ import annotations

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, D, DTYPES, E, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call, deviation,
    py_equivalent, with_opts,
)

# --------------------------------------------------------------------------
# keys: explicit keys give the same bits in both processes (C cases with
# key=mx.random.key(n)); R cases draw from the global key after seed(n).

K1 = mx.random.key(1)
K7 = mx.random.key(7)
K2 = mx.random.split(mx.random.key(3), 2)  # two keys: a (2, 2) uint32 array

add(
    C("mx.random.key", 0),
    C("mx.random.key", 42),
    C("mx.random.key", 2**40),
    C("mx.random.key", 2**63),
    C("mx.random.key", seed=5),
    E("mx.random.key", -1),
    E("mx.random.key", 2**64),
    E("mx.random.key", 1.5),
    E("mx.random.key", "x"),
    E("mx.random.key"),
    E("mx.random.key", None),
)

add(
    C("mx.random.split", K1),
    C("mx.random.split", K1, 3),
    C("mx.random.split", K7, num=5),
    C("mx.random.split", K7, 1),
    C("mx.random.split", K1, 0),
    C("mx.random.split", K1, 2, stream=mx.cpu),
    C("mx.random.split", key=K1, num=4),
    C("mx.random.split", mx.array([0, 3], dtype=mx.uint32), 3),
    C("mx.random.split", K2[1], 2),
    X("mx.random.split", K1, -1),
    X("mx.random.split", mx.array([1, 2, 3], dtype=mx.uint32)),
    X("mx.random.split", mx.array([1, 2], dtype=mx.int32)),
    E("mx.random.split", K1, 1.5),
    E("mx.random.split", 5),
    E("mx.random.split"),
)

# uniform/normal with explicit keys (seed/normal/uniform's main cases live in cases.py)
add(
    C("mx.random.uniform", shape=(3,), key=K1),
    C("mx.random.normal", (3,), key=K7),
)

# --------------------------------------------------------------------------
# randint

for s in (0, 1, 2):
    add(
        R(s, "mx.random.randint", 0, 10),
        R(s, "mx.random.randint", 0, 10, (3, 4)),
        R(s, "mx.random.randint", -5, 5, [6]),
    )
for d in INT_DTYPES + ["bool", "float32", "float16", "bfloat16", "float64", "complex64"]:
    add(X("mx.random.randint", 0, 7, (5,), D(d), K1))
add(
    C("mx.random.randint", 0, 100, (10,), key=K7),
    C("mx.random.randint", 0, 100, (0,), key=K7),
    C("mx.random.randint", 3, 3, (4,), key=K7),
    C("mx.random.randint", 5, 2, (4,), key=K7),
    C("mx.random.randint", A((3,), "int32"), 30, (2, 3), key=K1),
    C("mx.random.randint", 0, A((2, 1), "int32", kind="pos"), (2, 3), key=K1),
    C("mx.random.randint", 0, B(A((3,), "int32", kind="pos"), (2, 3)), (2, 3), key=K1),
    C("mx.random.randint", 0.5, 10.5, (4,), key=K1),
    C("mx.random.randint", -2**31, 2**31 - 1, (4,), key=K1),
    C("mx.random.randint", low=1, high=5, shape=(3,), dtype=mx.int16, key=K1),
    C("mx.random.randint", 0, 5, (3,), None, K1),
    C("mx.random.randint", 0, 5, (3,), key=K1, stream=mx.cpu),
    C("mx.random.randint", 0, 2**40, (3,), mx.int64, K1),
    R(4, "mx.random.randint", 0, 5, (3,), mx.uint8),
    E("mx.random.randint", 0),
    E("mx.random.randint", 0, 5, (-1,)),
    E("mx.random.randint", 0, A((3,), "int32"), (2,)),
    E("mx.random.randint", 0, 5, (2,), "int32"),
    E("mx.random.randint", 0, 5, (2,), key=A((2,))),
    E("mx.random.randint", "a", 5),
    E("mx.random.randint", 0, 5, 3),
)

# --------------------------------------------------------------------------
# bernoulli

for s in (0, 1, 2):
    add(
        R(s, "mx.random.bernoulli"),
        R(s, "mx.random.bernoulli", 0.25, (3, 4)),
        R(s, "mx.random.bernoulli", A((5,), kind="small")),
    )
add(
    C("mx.random.bernoulli", key=K1),
    C("mx.random.bernoulli", 0.5, (10,), K1),
    C("mx.random.bernoulli", 0.5, None, K1),
    C("mx.random.bernoulli", 0.5, (0,), K1),
    E("mx.random.bernoulli", 0, (4,), K1),
    E("mx.random.bernoulli", 1, (4,), K1),
    E("mx.random.bernoulli", True, (4,), K1),
    C("mx.random.bernoulli", A((3,), kind="small"), (2, 3), K1),
    C("mx.random.bernoulli", T(A((3, 2), kind="small")), key=K1),
    C("mx.random.bernoulli", A((3,), "float16", kind="small"), key=K1),
    C("mx.random.bernoulli", A((3,), "bfloat16", kind="small"), key=K1),
    C("mx.random.bernoulli", A((), kind="small"), key=K1),
    C("mx.random.bernoulli", 0.0625, (4,), K1),
    C("mx.random.bernoulli", 0.9375, (4,), K1),
    C("mx.random.bernoulli", p=0.75, shape=(2, 2), key=K7, stream=mx.cpu),
    X("mx.random.bernoulli", A((3,), "int32", kind="small"), key=K1),
    X("mx.random.bernoulli", A((3,), "float64", kind="small"), key=K1),
    X("mx.random.bernoulli", A((3,), "complex64", kind="small"), key=K1),
    E("mx.random.bernoulli", A((3,), kind="small"), (2,), K1),
    E("mx.random.bernoulli", 0.5, (-1,)),
    E("mx.random.bernoulli", "x"),
    E("mx.random.bernoulli", 0.5, 3),
    E("mx.random.bernoulli", 0.5, (2,), A((2,))),
)

# --------------------------------------------------------------------------
# truncated_normal

for s in (0, 1, 2):
    add(
        R(s, "mx.random.truncated_normal", -1, 1),
        R(s, "mx.random.truncated_normal", -1.5, 2.5, (3, 4)),
        R(s, "mx.random.truncated_normal", A((4,)), 10, (4,)),
    )
add(
    C("mx.random.truncated_normal", -1, 1, (5,), key=K1),
    C("mx.random.truncated_normal", -1, 1, None, key=K1),
    C("mx.random.truncated_normal", -1, 1, (0,), key=K1),
    C("mx.random.truncated_normal", -5, A((2, 1), kind="pos"), (2, 3), key=K1),
    C("mx.random.truncated_normal", A((3,)), 20, key=K1),
    C("mx.random.truncated_normal", -2, 2, (3,), mx.float16, K1),
    C("mx.random.truncated_normal", -2, 2, (3,), mx.bfloat16, K1),
    C("mx.random.truncated_normal", lower=-0.5, upper=0.5, shape=(2, 2), dtype=None, key=K7, stream=mx.cpu),
    C("mx.random.truncated_normal", 1, -1, (3,), key=K1),
    C("mx.random.truncated_normal", B(A((1,), seed=3), (3,)), 5, key=K1),
    X("mx.random.truncated_normal", -2, 2, (3,), mx.float64, K1),
    X("mx.random.truncated_normal", -2, 2, (3,), mx.int32, K1),
    X("mx.random.truncated_normal", -2, 2, (3,), mx.complex64, K1),
    E("mx.random.truncated_normal", -1),
    E("mx.random.truncated_normal", A((3,)), 1, (2,)),
    E("mx.random.truncated_normal", -1, 1, (-1,)),
    E("mx.random.truncated_normal", -1, 1, (2,), "float32"),
    E("mx.random.truncated_normal", "a", 1),
)

# --------------------------------------------------------------------------
# gumbel, laplace

for fn in ("mx.random.gumbel", "mx.random.laplace"):
    for s in (0, 1, 2):
        add(R(s, fn), R(s, fn, (3, 4)), R(s, fn, [7]))
    add(
        C(fn, (5,), key=K1),
        C(fn, (0,), key=K1),
        C(fn, (2, 0, 3), key=K1),
        C(fn, (), key=K1),
        C(fn, (4,), mx.float16, key=K1),
        C(fn, (4,), mx.bfloat16, key=K1),
        C(fn, (4,), None, key=K1),
        C(fn, shape=(2, 2), dtype=mx.float32, key=K7, stream=mx.cpu),
        X(fn, (4,), mx.float64, key=K1),
        X(fn, (4,), mx.complex64, key=K1),
        X(fn, (4,), mx.int32, key=K1),
        E(fn, (-1,)),
        E(fn, 3),
        E(fn, (2,), "float32"),
        E(fn, (2,), key=A((2,))),
        E(fn, (2,), shapes=(2,)),
    )
add(
    C("mx.random.laplace", (5,), mx.float32, 1.5, 0.5, K1),
    C("mx.random.laplace", (5,), loc=-2.5, key=K1),
    C("mx.random.laplace", (5,), scale=3, key=K1),
    C("mx.random.laplace", (5,), loc=True, key=K1),
    R(9, "mx.random.laplace", (3,), loc=0.25, scale=0.75),
    E("mx.random.laplace", (5,), loc=A((5,))),
    E("mx.random.laplace", (5,), scale="x"),
)

# --------------------------------------------------------------------------
# categorical

lg = A((3, 5), seed=11)
add(
    R(0, "mx.random.categorical", lg),
    R(1, "mx.random.categorical", lg, 0),
    R(2, "mx.random.categorical", lg, num_samples=4),
    R(3, "mx.random.categorical", lg, shape=(2, 3)),
    C("mx.random.categorical", lg, key=K1),
    C("mx.random.categorical", lg, -1, None, 6, K1),
    C("mx.random.categorical", lg, axis=0, num_samples=2, key=K1),
    C("mx.random.categorical", lg, 0, (4, 5), key=K1),
    E("mx.random.categorical", lg, num_samples=0, key=K1),
    C("mx.random.categorical", A((5,), seed=2), key=K1),
    C("mx.random.categorical", T(lg), key=K7),
    C("mx.random.categorical", B(A((1, 4), seed=3), (3, 4)), key=K7),
    C("mx.random.categorical", A((2, 3, 4), seed=4), 1, key=K7),
    C("mx.random.categorical", A((3, 5), "float16", seed=5), key=K7),
    C("mx.random.categorical", A((3, 5), "bfloat16", seed=5), key=K7),
    C("mx.random.categorical", lg, key=K7, stream=mx.cpu),
    X("mx.random.categorical", A((3, 5), "int32", seed=6), key=K7),
    X("mx.random.categorical", A((3, 0)), key=K7),
    X("mx.random.categorical", A((0, 3)), key=K7),
    X("mx.random.categorical", A(()), key=K7),
    X("mx.random.categorical", A((3, 5), "float64", seed=5), key=K7),
    E("mx.random.categorical", lg, 0, (2,), 2),
    E("mx.random.categorical", lg, shape=(2, 3), num_samples=2),
    E("mx.random.categorical", lg, 2),
    E("mx.random.categorical", lg, shape=(4,)),
    E("mx.random.categorical", lg, num_samples=-1),
    E("mx.random.categorical", lg, 1.5),
    E("mx.random.categorical", 3),
    E("mx.random.categorical"),
)

# --------------------------------------------------------------------------
# permutation

for s in (0, 1, 2):
    add(
        R(s, "mx.random.permutation", 10),
        R(s, "mx.random.permutation", A((6,), "int32")),
        R(s, "mx.random.permutation", A((3, 4)), 1),
    )
add(
    C("mx.random.permutation", 5, key=K1),
    C("mx.random.permutation", 0, key=K1),
    C("mx.random.permutation", 1, key=K1),
    C("mx.random.permutation", 100, key=K7),
    C("mx.random.permutation", 5, 3, K1),
    C("mx.random.permutation", A((4, 3)), key=K1),
    C("mx.random.permutation", A((4, 3)), -1, K1),
    C("mx.random.permutation", T(A((4, 3))), 0, K1),
    C("mx.random.permutation", B(A((3,)), (2, 3)), 1, K1),
    C("mx.random.permutation", A((0,)), key=K1),
    C("mx.random.permutation", x=A((5,), "int64"), axis=0, key=K1, stream=mx.cpu),
    X("mx.random.permutation", A(()), key=K1),
    X("mx.random.permutation", -1, key=K1),
    X("mx.random.permutation", True, key=K1),
    X("mx.random.permutation", 2**31, key=K1),
    E("mx.random.permutation", A((4, 3)), 2),
    E("mx.random.permutation", 2.5),
    E("mx.random.permutation", "x"),
    E("mx.random.permutation", [1, 2, 3]),
    E("mx.random.permutation"),
)
for d in DTYPES:
    add(X("mx.random.permutation", A((6,), d, seed=3), key=K1))

# --------------------------------------------------------------------------
# multivariate_normal (CPU: the covariance goes through an SVD, so results
# agree to rounding between OpenBLAS and the wheel's LAPACK, not bit for bit)

MVN = dict(rtol=1e-4, atol=1e-5, exact=False)
mean2 = mx.array([1.0, -2.0])
cov2 = mx.array([[2.0, 0.5], [0.5, 1.0]])
add(*[with_opts(c, **MVN) for c in [
    R(0, "mx.random.multivariate_normal", mean2, cov2),
    R(1, "mx.random.multivariate_normal", mean2, cov2, (3,)),
    R(2, "mx.random.multivariate_normal", mean2, cov2, [2, 2]),
    C("mx.random.multivariate_normal", mean2, cov2, (4,), key=K1),
    C("mx.random.multivariate_normal", mean2, cov2, (0,), key=K1),
    C("mx.random.multivariate_normal", mean2, cov2, (3,), None, K1),
    C("mx.random.multivariate_normal", mx.zeros((3, 2)), cov2, key=K1),
    C("mx.random.multivariate_normal", mean=mean2, cov=cov2, shape=(2,), dtype=mx.float32, key=K7, stream=mx.cpu),
    C("mx.random.multivariate_normal", B(mx.array([[0.5, 0.25]]), (2, 2)), T(cov2), key=K7),
]])
add(
    X("mx.random.multivariate_normal", mean2, cov2, (2,), mx.float16, K1),
    X("mx.random.multivariate_normal", mean2, cov2, (2,), mx.float64, K1),
    E("mx.random.multivariate_normal", mx.array([1.0, 2.0, 3.0]), cov2, key=K1),
    E("mx.random.multivariate_normal", mean2, mx.array([1.0, 2.0]), key=K1),
    with_opts(C("mx.random.multivariate_normal", mean2, cov2, (5, 3), key=K1), **MVN),
    E("mx.random.multivariate_normal", mx.zeros((3, 2)), cov2, (4,), key=K1),
    E("mx.random.multivariate_normal", mean2, key=K1),
    E("mx.random.multivariate_normal", [1.5, 2.5], cov2),
    E("mx.random.multivariate_normal", mean2, cov2, (2,), mx.int32, K1),
)

# mx.random.state: Python's is a module attribute (a read-only sequence whose
# [0] is the global key, read live), not a function. The native form is
# mx.random.state() -> [globalKey] (a fresh one-element list), which the JS
# module exposes as a getter (mx.random.state[0] as in Python; the harness reads
# an attribute when a case calls it without arguments). Python's side of each
# case builds the same list:
# mx.broadcast_arrays(mx.random.state[0]) is [state[0]].
STATE_WHY = ("mx.random.state is a Python module attribute; Python runs "
             "mx.broadcast_arrays(mx.random.state[0]), the list [state[0]]")


def STATE(*pre):
    c = C("mx.random.state")
    c = deviation(c, (call("mx.random.state.__getitem__", 0),), STATE_WHY)
    c.py_fn = "mx.broadcast_arrays"
    return with_opts(c, pre=pre, exact=True)


add(
    STATE(call("mx.random.seed", 3)),
    STATE(call("mx.random.seed", 0)),
    STATE(call("mx.random.seed", 2**40)),
    STATE(call("mx.random.seed", 3), call("mx.random.normal", (2,))),
    STATE(call("mx.random.seed", 5), call("mx.random.uniform"), call("mx.random.randint", 0, 4, (3,))),
    STATE(call("mx.random.seed", 5), call("mx.random.normal", (2,), key=K1)),  # an explicit key leaves it
    # an attribute, not a function, on both sides: calling it is a TypeError
    E("mx.random.state", 1),
)
