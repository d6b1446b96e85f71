"""Differential cases for the reductions family (see cases.py's docstring for C/E/X/R)."""

from __future__ import annotations

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, D, DTYPES, E, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call, deviation,
    py_equivalent, with_opts,
)

# Reductions, scans, sorting and selection. Python mlx 0.32.4 checks every input found
# to be dangerous here itself (empty axes for argmax/argmin/max/min/median/logsumexp,
# kth/k out of range, a 2-D sorted sequence, unique of an empty array with no fill
# value), and no dtype crashes any of these ops (a subprocess sweep of every op over
# every dtype ran clean), so the cases below compare both sides directly.

r234 = A((2, 3, 4), seed=4)
r23 = A((2, 3))
r32 = A((3, 2), seed=1)
r3 = A((3,), seed=2)
r0 = A((), seed=3)  # 0-d
re0 = A((0,))  # empty
re20 = A((2, 0))  # empty 2-d
ri23 = A((2, 3), "int32", seed=6)
rsp = A((10,), kind="special")

# --------------------------------------------------------------------------
# axis reductions: a, /, axis=None (int | list), keepdims=False, *, stream=None

AXIS_REDUCTIONS = ["all", "any", "max", "min", "prod", "logsumexp", "median", "std", "var"]
ARRAY_METHODS = {"all", "any", "max", "min", "prod", "logsumexp", "std", "var"}
for name in AXIS_REDUCTIONS:
    fns = [f"mx.{name}"] + ([f"method:{name}"] if name in ARRAY_METHODS else [])
    for fn in fns:
        for i, d in enumerate(DTYPES):
            add(X(fn, A((3, 4), d, seed=i)), X(fn, A((3, 4), d, seed=i), 1))
        add(
            C(fn, r234),
            C(fn, r234, 0),
            C(fn, r234, -1),
            C(fn, r234, (0, 2)),
            C(fn, r234, [2, 0]),
            C(fn, r234, None),
            C(fn, r234, 1, True),
            C(fn, r234, (0, 1), keepdims=True),
            C(fn, r234, axis=1),
            C(fn, r234, axis=[-1, 0], keepdims=True),
            C(fn, r234, keepdims=True),
            C(fn, r0),
            C(fn, r0, keepdims=True),
            C(fn, T(r234)),
            C(fn, T(r234, (1, 2, 0)), 0),
            C(fn, B(r3, (4, 3)), 0),
            C(fn, rsp),
            C(fn, A((100,), seed=9)),
            C(fn, A((16, 16), "float16", seed=9), 0),
            C(fn, A((5, 7), "int32", seed=7), 1),
            C(fn, r234, stream=mx.cpu),
            X(fn, r234, ()),  # median of no axes: Python raises (a flatten error)
            X(fn, re0),
            X(fn, re20, 1),
            X(fn, re20, 0),
            X(fn, re20, 1, True),
            E(fn, r234, 3),
            E(fn, r234, -4),
            E(fn, r234, (0, 0)),
            E(fn, r234, 1.5),
            E(fn, r234, axes=1),
            E(fn, r234, 1, True, mx.cpu) if name not in ("std", "var") else E(fn, r234, 1, True, 0, mx.cpu),
            E(fn, r234, keepdim=True),
        )
        if not fn.startswith("method:"):
            add(E(fn, 3), E(fn, [1, 2]), E(fn), E(fn, a=r234))
        for seed in (31, 32, 33):
            add(C(fn, A((5, 7), seed=seed), 1))

# empty inputs along the reduced axis: Python raises for max/min/logsumexp/median,
# returns the identity for all/any/prod and NaN for std/var
add(
    E("mx.max", re0), E("mx.min", re20, 1), E("mx.logsumexp", re0), E("mx.median", re0),
    E("mx.median", re20, 1), C("mx.median", re20, 0), C("mx.prod", re0), C("mx.all", re0),
    C("mx.any", re20, 1), C("mx.std", re0), C("mx.var", re20, 1),
)

# ddof and correction (std, var; function and method)
for fn in ("mx.std", "mx.var", "method:std", "method:var"):
    add(
        C(fn, r234, None, False, 1),
        C(fn, r234, 1, True, 2),
        C(fn, r234, ddof=1),
        C(fn, r234, 0, ddof=2),
        C(fn, r234, -1, ddof=-1),
        C(fn, r234, ddof=24),  # N - ddof == 0: inf
        C(fn, r234, ddof=30),
        C(fn, r234, correction=1),
        C(fn, r234, 1, ddof=2, correction=0),  # correction wins
        C(fn, r234, correction=None),
        C(fn, A((4, 5), "int32", seed=2), 0, ddof=1),
        C(fn, A((6,), "complex64", seed=2), ddof=1),
        E(fn, r234, ddof=1.5),
        E(fn, r234, ddof=2**40),
        E(fn, r234, correction=1.5),
        E(fn, r234, ddof=None),
    )

# minmax: a tuple (min, max)
add(*(X("mx.minmax", A((3, 4), d, seed=i)) for i, d in enumerate(DTYPES)))
add(
    C("mx.minmax", r234),
    C("mx.minmax", r234, 1),
    C("mx.minmax", r234, (0, 2), True),
    C("mx.minmax", r234, axis=-1, keepdims=True),
    C("mx.minmax", r234, []),
    C("mx.minmax", r0),
    C("mx.minmax", T(r234), 0),
    C("mx.minmax", rsp),
    C("mx.minmax", A((3,), "complex64", seed=5)),
    C("mx.minmax", re20, 0),
    C("mx.minmax", r234, stream=mx.cpu),
    E("mx.minmax", re0),
    E("mx.minmax", re20, 1),
    E("mx.minmax", r234, 3),
    E("mx.minmax", r234, 1.5),
    E("mx.minmax", 3),
)

# count_nonzero: the runtime takes axis positionally (the stub says keyword-only) but
# keepdims by keyword only
add(*(X("mx.count_nonzero", A((3, 4), d, seed=i, kind="small")) for i, d in enumerate(DTYPES)))
add(
    C("mx.count_nonzero", ri23),
    C("mx.count_nonzero", ri23, 1),
    C("mx.count_nonzero", ri23, axis=0),
    C("mx.count_nonzero", ri23, [0, 1]),
    C("mx.count_nonzero", ri23, None),
    C("mx.count_nonzero", ri23, axis=[], keepdims=True),
    C("mx.count_nonzero", A((2, 3, 4), "int8", kind="small"), (0, 2), keepdims=True),
    C("mx.count_nonzero", r0),
    C("mx.count_nonzero", re0),
    C("mx.count_nonzero", re20, 1),
    C("mx.count_nonzero", rsp),
    C("mx.count_nonzero", T(A((3, 4), "int32", kind="small")), 0),
    C("mx.count_nonzero", ri23, 0, stream=mx.cpu),
    E("mx.count_nonzero", ri23, 1, True),
    E("mx.count_nonzero", ri23, 0, mx.cpu),
    E("mx.count_nonzero", ri23, 2),
    E("mx.count_nonzero", ri23, 1.5),
    E("mx.count_nonzero", a=ri23),
    E("mx.count_nonzero", 3),
)

# --------------------------------------------------------------------------
# argmax / argmin: axis is an int or None

for name in ("argmax", "argmin"):
    for fn in (f"mx.{name}", f"method:{name}"):
        for i, d in enumerate(DTYPES):
            add(X(fn, A((3, 4), d, seed=i)), X(fn, A((3, 4), d, seed=i), 0))
        add(
            C(fn, r234),
            C(fn, r234, 0),
            C(fn, r234, -1),
            C(fn, r234, 1, True),
            C(fn, r234, None, True),
            C(fn, r234, axis=2, keepdims=True),
            C(fn, r234, keepdims=True),
            C(fn, r0),
            C(fn, T(r234), 1),
            C(fn, B(r3, (4, 3)), 1),
            C(fn, rsp),
            C(fn, A((4, 4), "int32", kind="small"), 1),  # ties: the first index
            C(fn, A((50,), seed=5)),
            C(fn, r234, 1, stream=mx.cpu),
            X(fn, re20, 0),
            E(fn, re0),
            E(fn, re20, 1),
            E(fn, A((0, 3)), 0),
            E(fn, r0, 0),
            E(fn, r234, 3),
            E(fn, r234, [0]),
            E(fn, r234, (0, 1)),
            E(fn, r234, 1.5),
            E(fn, r234, 1, True, mx.cpu),
            E(fn, r234, axes=1),
        )
        if not fn.startswith("method:"):
            add(E(fn, 3), E(fn))

# --------------------------------------------------------------------------
# scans: a, /, axis=None, *, reverse=False, inclusive=True[, dtype=None], stream=None

SCANS = ["cumsum", "cumprod", "cummax", "cummin", "logcumsumexp", "cumulative_sum", "cumulative_prod"]
SCAN_METHODS = {"cumsum", "cumprod", "cummax", "cummin", "logcumsumexp"}
for name in SCANS:
    fns = [f"mx.{name}"] + ([f"method:{name}"] if name in SCAN_METHODS else [])
    for fn in fns:
        for i, d in enumerate(DTYPES):
            add(X(fn, A((3, 4), d, seed=i, kind="small")), X(fn, A((3, 4), d, seed=i, kind="small"), 1))
        add(
            C(fn, r234),
            C(fn, r234, 0),
            C(fn, r234, -1),
            C(fn, r234, None),
            C(fn, r234, axis=1),
            C(fn, r234, 1, reverse=True),
            C(fn, r234, 1, inclusive=False),
            C(fn, r234, 2, reverse=True, inclusive=False),
            C(fn, r234, reverse=True),
            C(fn, r0),
            C(fn, re0),
            C(fn, re20, 1),
            C(fn, re20, 0),
            C(fn, T(r234), 0),
            C(fn, B(r3, (4, 3)), 0),
            C(fn, rsp),
            C(fn, A((64,), seed=3, kind="small")),
            C(fn, A((5, 6), "int32", seed=3, kind="small"), 1),
            C(fn, A((5, 6), "float16", seed=3, kind="small"), 0),
            C(fn, r234, 1, stream=mx.cpu),
            E(fn, r234, 3),
            E(fn, r234, -4),
            E(fn, r0, 0),
            E(fn, r234, [0]),
            E(fn, r234, 1.5),
            E(fn, r234, 0, True),  # reverse is keyword-only
            E(fn, r234, reversed=True),
            E(fn, r234, reverse=1),
        )
        if not fn.startswith("method:"):
            add(E(fn, 3), E(fn))
        if name in ("cumsum", "cumprod", "cumulative_sum", "cumulative_prod") and not fn.startswith("method:"):
            for d in ("int8", "int64", "uint8", "float16", "float32", "complex64", "bool"):
                add(X(fn, A((3, 4), "int8", kind="small"), 1, dtype=D(d)))
            add(
                C(fn, A((3, 4), "int8", kind="small"), dtype=mx.int64),
                C(fn, r234, 1, dtype=mx.float16),
                C(fn, r234, dtype=None),
                C(fn, A((6,), "bool"), reverse=True, dtype=mx.int32),
                E(fn, r234, dtype="float32"),
            )
        if fn in ("method:cumsum", "method:cumprod"):
            add(E(fn, r234, dtype=mx.int32))  # the methods take no dtype

# --------------------------------------------------------------------------
# softmax: axis None (all axes) | int | list, precise keyword-only

add(*(X("mx.softmax", A((3, 4), d, seed=i)) for i, d in enumerate(DTYPES)))
add(*(X("mx.softmax", A((3, 4), d, seed=i), 0, precise=True) for i, d in enumerate(DTYPES)))
add(
    C("mx.softmax", r234),
    C("mx.softmax", r234, 0),
    C("mx.softmax", r234, -1),
    C("mx.softmax", r234, (0, 2)),
    C("mx.softmax", r234, []),
    C("mx.softmax", r234, axis=1, precise=True),
    C("mx.softmax", r234, precise=True),
    C("mx.softmax", r0),
    C("mx.softmax", re0),
    C("mx.softmax", re20, 1),
    C("mx.softmax", T(r234), 1),
    C("mx.softmax", B(r3, (4, 3)), 0),
    C("mx.softmax", rsp),
    C("mx.softmax", A((4, 8), "float16", seed=2), -1),
    C("mx.softmax", A((4, 8), "float16", seed=2), -1, precise=True),
    C("mx.softmax", A((4, 8), "bfloat16", seed=2), -1, precise=True),
    C("mx.softmax", ri23, 1),
    C("mx.softmax", r234, 1, stream=mx.cpu),
    E("mx.softmax", r234, 3),
    E("mx.softmax", r234, (0, 0)),
    E("mx.softmax", r234, 0, True),
    E("mx.softmax", r234, 1.5),
    E("mx.softmax", r234, axes=1),
    E("mx.softmax", 3),
)

# --------------------------------------------------------------------------
# sort / argsort: axis=-1, None sorts the flattened array

for name in ("sort", "argsort"):
    fn = f"mx.{name}"
    add(*(X(fn, A((3, 4), d, seed=i)) for i, d in enumerate(DTYPES)))
    add(*(X(fn, A((3, 4), d, seed=i), None) for i, d in enumerate(DTYPES)))
    add(
        C(fn, r234),
        C(fn, r234, 0),
        C(fn, r234, 1),
        C(fn, r234, -3),
        C(fn, r234, None),
        C(fn, r234, axis=0),
        C(fn, r234, axis=None),
        C(fn, re0),
        C(fn, re20),
        C(fn, re20, 0),
        C(fn, T(r234), 1),
        C(fn, B(r3, (4, 3)), 0),
        C(fn, rsp),  # NaN last
        C(fn, A((40,), "int32", kind="small")),  # stable with ties
        C(fn, A((6,), "complex64", seed=4)),
        C(fn, r234, 0, stream=mx.cpu),
        E(fn, r0),
        E(fn, r0, 0),
        E(fn, r234, 3),
        E(fn, r234, [0]),
        E(fn, r234, 1.5),
        E(fn, r234, 0, mx.cpu),
        E(fn, [3, 1]),
        E(fn),
    )

# --------------------------------------------------------------------------
# partition / argpartition (kth) and topk (k): axis=-1, None for the flattened array

for name in ("partition", "argpartition", "topk"):
    fn = f"mx.{name}"
    kw = "k" if name == "topk" else "kth"
    add(*(X(fn, A((3, 4), d, seed=i), 2) for i, d in enumerate(DTYPES)))
    add(
        C(fn, r234, 2),
        C(fn, r234, 1, 0),
        C(fn, r234, 0, 1),
        C(fn, r234, 3, -1),
        C(fn, r234, 2, None),
        C(fn, r234, 5, axis=None),
        C(fn, r234, **{kw: 1}),
        C(fn, r234, **{kw: 1, "axis": 0}),
        C(fn, T(r234), 1, 0),
        C(fn, B(r3, (4, 3)), 2, 0),
        C(fn, rsp, 4),
        C(fn, A((20,), "int32", kind="small"), 7),
        C(fn, r234, 2, stream=mx.cpu),
        E(fn, r234, 5),
        E(fn, r234, -6 if name != "topk" else -1),
        E(fn, r234, 100),
        E(fn, r234, 2**31),
        E(fn, r234, 2.5),
        E(fn, r234, 1, 3),
        E(fn, r234, 1, [0]),
        E(fn, r0, 0),
        E(fn, re0, 1),
        E(fn, r234, 1, 0, mx.cpu),
        E(fn, r234),
        E(fn, 3, 0),
    )
    if name == "topk":
        add(C(fn, r234, 0), C(fn, r234, 4), C(fn, re0, 0), C(fn, re20, 0), E(fn, r234, 0, 3))
    else:
        add(C(fn, r234, -1), C(fn, r234, -4), C(fn, A((5,), seed=2), -5), E(fn, re0, 0), E(fn, re20, 0))

# --------------------------------------------------------------------------
# searchsorted: sorted_sequence, values (arrays), /, side='left'

SEQ = mx.array(np.array([-2.5, -1.0, 0.0, 0.0, 1.5, 3.0, 3.0, 7.25], np.float32))
VALS = A((3, 4), seed=12)
add(
    C("mx.searchsorted", SEQ, VALS),
    C("mx.searchsorted", SEQ, VALS, "right"),
    C("mx.searchsorted", SEQ, VALS, side="right"),
    C("mx.searchsorted", SEQ, VALS, side="left"),
    C("mx.searchsorted", SEQ, mx.array(np.array([0.0, 3.0, -5.0, 10.0, 1.5], np.float32))),
    C("mx.searchsorted", SEQ, mx.array(np.array([0.0, 3.0, -5.0, 10.0, 1.5], np.float32)), "right"),
    C("mx.searchsorted", SEQ, r0),
    C("mx.searchsorted", SEQ, re0),
    C("mx.searchsorted", re0, VALS),
    C("mx.searchsorted", SEQ, T(VALS)),
    C("mx.searchsorted", SEQ, B(r3, (2, 3))),
    C("mx.searchsorted", SEQ, rsp),
    C("mx.searchsorted", mx.arange(10), A((5,), "int32")),
    C("mx.searchsorted", mx.arange(10), A((5,), "float32", seed=3)),
    C("mx.searchsorted", mx.arange(10, dtype=mx.uint8), A((5,), "int8", seed=3), "right"),
    C("mx.searchsorted", SEQ, VALS, stream=mx.cpu),
    E("mx.searchsorted", SEQ, VALS, "middle"),
    E("mx.searchsorted", SEQ, VALS, side=None),
    E("mx.searchsorted", mx.zeros((2, 4)), VALS),
    E("mx.searchsorted", r0, VALS),
    E("mx.searchsorted", SEQ, 1.5),
    E("mx.searchsorted", SEQ, values=VALS),
    E("mx.searchsorted", SEQ, VALS, "right", mx.cpu),
    E("mx.searchsorted", SEQ),
)
for i, d in enumerate(DTYPES):
    add(X("mx.searchsorted", mx.sort(A((6,), d, seed=i)), A((2, 3), d, seed=i + 20)))
    add(X("mx.searchsorted", mx.sort(A((6,), d, seed=i)), A((2, 3), d, seed=i + 20), side="right"))

# --------------------------------------------------------------------------
# unique: the values, or a tuple (values[, index][, inverse][, counts])

UQ = mx.array(np.array([3, 1, 3, 2, 1, 7, 2, 3], np.int32))
add(*(X("mx.unique", A((3, 4), d, seed=i, kind="small"), 5) for i, d in enumerate(DTYPES)))
add(*(X("mx.unique", A((3, 4), d, seed=i, kind="small"), 6, True, True, True, 0) for i, d in enumerate(DTYPES)))
add(
    C("mx.unique", UQ, 4),
    C("mx.unique", UQ, 2),
    C("mx.unique", UQ, 0),
    C("mx.unique", UQ, 6),
    C("mx.unique", UQ, 6, fill_value=-1),
    C("mx.unique", UQ, 6, fill_value=2.5),
    C("mx.unique", UQ, 6, fill_value=True),
    C("mx.unique", UQ, 6, fill_value=mx.array(9)),
    C("mx.unique", UQ, 6, fill_value=mx.array(7.5)),
    C("mx.unique", UQ, 6, fill_value=mx.array([5])),
    C("mx.unique", UQ, 6, fill_value=None),
    C("mx.unique", UQ, 4, True),
    C("mx.unique", UQ, 4, False, True),
    C("mx.unique", UQ, 4, return_counts=True),
    C("mx.unique", UQ, 4, True, True, True),
    C("mx.unique", UQ, 2, True, True, True),  # truncated
    C("mx.unique", UQ, 6, True, True, True, 0),
    C("mx.unique", UQ, size=3, return_index=True, fill_value=1),
    C("mx.unique", UQ.reshape(2, 4), 5, return_inverse=True),
    C("mx.unique", T(UQ.reshape(2, 4)), 5, True, True, True),
    C("mx.unique", B(r3, (4, 3)), 4, True, True, True, -1.5),
    C("mx.unique", rsp, 8, True, True, True, 0.5),
    C("mx.unique", r0, 2, fill_value=0.25),
    C("mx.unique", re0, 0),
    C("mx.unique", re0, 3, fill_value=1.5),
    C("mx.unique", re0, 3, True, True, True, 1.5),
    C("mx.unique", mx.array(np.array([3, 1, 3], np.uint8)), 4, fill_value=mx.array(-1)),
    C("mx.unique", UQ, 4, stream=mx.cpu),
    E("mx.unique", re0, 3),
    E("mx.unique", UQ, -1),
    E("mx.unique", UQ, 2**31),
    E("mx.unique", UQ, 2.5),
    E("mx.unique", UQ),
    E("mx.unique", UQ, 4, return_index=1),
    E("mx.unique", UQ, 4, fill_value="x"),
    E("mx.unique", UQ, 4, fill_value=mx.array([1, 2])),
    E("mx.unique", mx.array(np.array([3, 1, 3], np.uint8)), 4, fill_value=300),
    E("mx.unique", mx.array(np.array([3, 1, 3], np.uint8)), 4, fill_value=-1),
    E("mx.unique", UQ, 4, False, False, False, 0, mx.cpu),
    E("mx.unique", [1, 2], 2),
)

# --------------------------------------------------------------------------
# trace: a, /, offset=0, axis1=0, axis2=1, dtype=None

SQ = A((4, 4), "int32", seed=8)
add(*(X("mx.trace", A((3, 4), d, seed=i)) for i, d in enumerate(DTYPES)))
add(*(X("mx.trace", A((3, 3), "int8", seed=i), dtype=D(d)) for i, d in enumerate(DTYPES)))
add(
    C("mx.trace", SQ),
    C("mx.trace", SQ, 1),
    C("mx.trace", SQ, -2),
    C("mx.trace", SQ, 5),
    C("mx.trace", SQ, -5),
    C("mx.trace", SQ, offset=1, axis1=1, axis2=0),
    C("mx.trace", SQ, 1, 1, 0, mx.float32),
    C("mx.trace", SQ, dtype=mx.float16),
    C("mx.trace", r234),
    C("mx.trace", r234, 0, 1, 2),
    C("mx.trace", r234, 1, -1, 0),
    C("mx.trace", A((0, 0))),
    C("mx.trace", re20),
    C("mx.trace", T(r234), 0, 0, 2),
    C("mx.trace", B(r3, (3, 3))),
    C("mx.trace", SQ, stream=mx.cpu),
    E("mx.trace", r3),
    E("mx.trace", r0),
    E("mx.trace", SQ, 0, 0, 0),
    E("mx.trace", SQ, 0, 0, 5),
    E("mx.trace", SQ, 0, -3, 1),
    E("mx.trace", SQ, 1.5),
    E("mx.trace", SQ, 1, 1, 0, mx.float32, mx.cpu),
    E("mx.trace", SQ, dtype="float32"),
    E("mx.trace", a=SQ),
    E("mx.trace", 3),
)

# --------------------------------------------------------------------------
# int32 extremes for every integer parameter (Python checks them; no overflow crash)

I32_MIN, I32_MAX = -(2**31), 2**31 - 1
a5 = A((5,), seed=21)
add(
    C("mx.trace", mx.ones((3, 3)), I32_MAX),
    C("mx.trace", mx.ones((3, 3)), I32_MIN),
    E("mx.trace", mx.ones((3, 3)), 0, I32_MIN, 1),
    E("mx.trace", mx.ones((3, 3)), 0, 0, I32_MIN),
    C("mx.var", a5, ddof=I32_MIN),
    C("mx.var", a5, ddof=I32_MAX),
    C("mx.std", a5, correction=I32_MAX),
    E("mx.topk", a5, I32_MAX),
    E("mx.topk", a5, I32_MIN),
    E("mx.topk", a5, 2, I32_MIN),
    E("mx.partition", a5, I32_MIN),
    E("mx.partition", a5, I32_MAX),
    E("mx.partition", a5, 2, I32_MIN),
    E("mx.argpartition", a5, I32_MIN),
    E("mx.sort", a5, I32_MIN),
    E("mx.argsort", a5, I32_MAX),
    E("mx.argmax", a5, I32_MIN),
    E("mx.argmin", a5, I32_MAX),
    E("mx.cumsum", a5, I32_MIN),
    E("mx.logcumsumexp", a5, I32_MIN),
    E("mx.max", a5, I32_MIN),
    E("mx.max", a5, [I32_MIN]),
    E("mx.softmax", a5, I32_MIN),
    E("mx.median", a5, I32_MIN),
    E("mx.count_nonzero", a5, I32_MIN),
    E("mx.minmax", a5, I32_MIN),
    E("mx.std", a5, I32_MIN),
    E("mx.unique", a5, I32_MIN),
)

# zero-size arrays whose reduced axis is not the empty one, and values at the edges
z03 = mx.zeros((0, 3))
add(
    E("mx.argmax", mx.zeros((3, 0, 2)), 2),
    E("mx.argmin", mx.zeros((3, 0, 2)), 0),
    C("mx.topk", mx.zeros((3, 0)), 0, 0),
    C("mx.topk", z03, 2),
    C("mx.partition", z03, 2),
    C("mx.argpartition", z03, 2),
    C("mx.sort", z03, 1),
    C("mx.argsort", z03, 0),
    C("mx.median", z03, 1),
    C("mx.max", z03, 1),
    C("mx.min", z03, 1, True),
    C("mx.minmax", z03, 1),
    E("mx.logsumexp", z03, 1),
    E("mx.logsumexp", z03, 0),
    C("mx.unique", z03, 2, True, True, True, 1),
    C("mx.searchsorted", re0, z03),
    C("mx.cummax", z03, 1, reverse=True),
    C("mx.trace", mx.zeros((0, 3, 4)), 0, 1, 2),
    C("mx.softmax", z03, 1, precise=True),
    C("mx.std", z03, 1),
    C("mx.count_nonzero", z03, axis=0, keepdims=True),
)
INF, NAN = float("inf"), float("nan")
add(
    C("mx.searchsorted", mx.array([NAN, 1.5]), mx.array([1.5, NAN])),
    C("mx.median", mx.array([INF, -INF])),
    C("mx.logsumexp", mx.array([INF, -INF])),
    C("mx.logsumexp", mx.array([-INF, -INF])),
    C("mx.logcumsumexp", mx.array([-INF, -INF, 1.5])),
    C("mx.softmax", mx.array([-INF, -INF])),
    C("mx.softmax", mx.array([INF, 1.5]), precise=True),
    C("mx.cumprod", mx.array([I32_MAX, I32_MAX]), dtype=mx.int32),  # wraps, as C++ does
    C("mx.prod", mx.array([I32_MIN, -1])),  # wraps: no SIGFPE (a multiplication)
    C("mx.cumsum", mx.array(np.array([250, 10], np.uint8))),
    C("mx.argmax", mx.array([NAN, 1.5, NAN])),
    C("mx.argmin", mx.array([1.5, NAN])),
    C("mx.max", mx.array([1.5, NAN])),
    C("mx.cummax", mx.array([1.5, NAN, 2.5])),
    C("mx.sort", mx.array([NAN, -INF, INF, -0.0, 0.0])),
    C("mx.topk", mx.array([NAN, -INF, INF, 1.5]), 2),
)

# streams given as a Stream, a Device and a DeviceType; a GPU stream is rejected (CPU build)
CPU_STREAM = call("mx.default_stream", mx.Device(mx.cpu))
for fn, args in (("mx.max", (r234, 1)), ("method:var", (r234, 0)), ("mx.argsort", (r234,)),
                 ("mx.cumsum", (r234, 1)), ("method:cumprod", (r234, 1)), ("mx.topk", (r234, 2)),
                 ("mx.unique", (UQ, 4, True)), ("mx.searchsorted", (SEQ, VALS)), ("mx.minmax", (r234,)),
                 ("mx.softmax", (r234, 1)), ("mx.trace", (SQ,)), ("mx.count_nonzero", (ri23,))):
    add(
        C(fn, *args, stream=CPU_STREAM),
        C(fn, *args, stream=mx.Device(mx.cpu)),
        C(fn, *args, stream=None),
        E(fn, *args, stream=mx.gpu),
        E(fn, *args, stream="cpu"),
    )
