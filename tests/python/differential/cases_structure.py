"""Differential cases for the structure family (see cases.py's docstring for C/E/X/R)."""

from __future__ import annotations

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, D, DTYPES, E, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call, deviation,
    py_equivalent, with_opts,
)

# Inputs where Python mlx 0.32.4 segfaults (its CPU kernels read or write out of
# bounds, or an allocation it does not check fails): Node throws a RangeError
# instead. Python cannot run them, so each such case runs an equivalent failing
# call on the Python side (deviation) and records why.
CRASH_WHY = "Python mlx 0.32.4 segfaults on this input (out-of-bounds read/write in the CPU kernel); Node throws a RangeError"
ALLOC_WHY = ("Python mlx 0.32.4 segfaults on this input (an allocation larger than the machine's memory is not "
             "checked); Node throws a RangeError when the result is larger than the machine's memory")

f23 = A((2, 3))
f32 = A((3, 2), seed=1)
f3 = A((3,), seed=2)
f4 = A((4,), seed=3)
f0 = A((), seed=4)
fe = A((0,))
fe23 = A((2, 0))
f234 = A((2, 3, 4), seed=5)
i5 = mx.arange(5)
i23 = A((2, 3), "int32", seed=6)
ALL = DTYPES

# --------------------------------------------------------------------------
# concatenate / concat / stack / unstack

for fn in ("mx.concatenate", "mx.concat"):
    for i, d in enumerate(ALL):
        add(X(fn, [A((2, 3), d, seed=i), A((1, 3), d, seed=i + 20)]))
    add(
        C(fn, [f23, f23]),
        C(fn, [f23, A((2, 2))], 1),
        C(fn, [f23, f32], None),
        C(fn, [f23, A((2, 1))], axis=-1),
        C(fn, [fe, f3]),
        C(fn, [fe23, A((2, 1))], 1),
        C(fn, [T(f32), A((1, 3))]),
        C(fn, [B(f3, (2, 3)), f23], 0),
        C(fn, [A((2,), "int32"), A((2,), "float16")]),
        C(fn, [f3], stream=mx.cpu),
        X(fn, [f0, f0]),
        E(fn, []),
        E(fn, [f23, f3]),
        E(fn, [f23, f23], 2),
        E(fn, [f23, 1]),
        C(fn, f23),  # an array is a sequence of its rows in Python
        E(fn, f0),
        E(fn, arrays=[f23]),  # positional-only at runtime (the stub says otherwise)
    )

for i, d in enumerate(ALL):
    add(X("mx.stack", [A((2, 3), d, seed=i), A((2, 3), d, seed=i + 30)]))
add(
    C("mx.stack", [f23, f23]),
    C("mx.stack", [f23, f23], 1),
    C("mx.stack", [f23, f23], -1),
    C("mx.stack", [f23, f23], None),
    C("mx.stack", [f0, f0, f0]),
    C("mx.stack", [fe, fe], axis=1),
    C("mx.stack", [T(f32), B(f3, (2, 3))]),
    C("mx.stack", [f3], stream=mx.cpu),
    E("mx.stack", []),
    E("mx.stack", [f23, f32]),
    E("mx.stack", [f23, f23], 3),
    E("mx.stack", arrays=[f23]),
    C("mx.stack", f23),
    E("mx.stack", f0),
)

for i, d in enumerate(ALL):
    add(X("mx.unstack", A((2, 3), d, seed=i)))
add(
    C("mx.unstack", f23),
    C("mx.unstack", f23, axis=1),
    C("mx.unstack", f234, axis=-1),
    C("mx.unstack", T(f32)),
    C("mx.unstack", fe),
    C("mx.unstack", fe23, axis=1),
    C("mx.unstack", f3, stream=mx.cpu),
    E("mx.unstack", f0),
    E("mx.unstack", f23, 1),  # axis is keyword-only
    E("mx.unstack", f23, axis=2),
)

# --------------------------------------------------------------------------
# split (function and method)

for fn in ("mx.split", "method:split"):
    add(
        C(fn, f234, 2),
        C(fn, f234, 3, 1),
        C(fn, f234, 2, axis=-1),
        C(fn, f234, [1]),
        C(fn, f234, [1, 2], 1),
        C(fn, f234, (1, 3), axis=2),
        C(fn, f234, [5, 1], 1),
        C(fn, f234, []),
        C(fn, T(f234), 2),
        C(fn, fe, 1),
        C(fn, fe23, 2),
        C(fn, f234, indices_or_sections=2),
        C(fn, f234, 2, stream=mx.cpu),
        E(fn, f234, 0),
        E(fn, f234, -1),
        E(fn, f234, 3),
        E(fn, f234, 2, 3),
        E(fn, f0, 1),
        E(fn, f234, 2.5),
        E(fn, f234, "x"),
    )
for i, d in enumerate(ALL):
    add(X("mx.split", A((4, 2), d, seed=i), 2))

# --------------------------------------------------------------------------
# pad

PAD_MODES = ["constant", "edge", "reflect", "symmetric"]
for mode in PAD_MODES:
    add(
        C("mx.pad", f23, 1, mode),
        C("mx.pad", f23, (2,), mode=mode),
        C("mx.pad", f23, (1, 2), mode),
        C("mx.pad", f23, [(1, 0), (0, 2)], mode),
        C("mx.pad", f23, [(1, 2)], mode),
        C("mx.pad", f234, [(0, 1), (2, 0), (1, 1)], mode),
        C("mx.pad", T(f234), 1, mode),
        C("mx.pad", B(f3, (2, 3)), 1, mode),
        C("mx.pad", f3, 0, mode),
        X("mx.pad", A((5,)), 7, mode),
        X("mx.pad", fe, 1, mode),
        X("mx.pad", fe23, [(1, 1), (0, 0)], mode),
        X("mx.pad", f0, 1, mode),
    )
    for i, d in enumerate(ALL):
        add(X("mx.pad", A((2, 3), d, seed=i), 1, mode))
add(
    C("mx.pad", f23, 1, constant_values=2.5),
    C("mx.pad", f23, 1, "constant", 3),
    C("mx.pad", i23, 1, constant_values=7),
    X("mx.pad", i23, 1, constant_values=2.5),
    C("mx.pad", A((2, 2), "uint8"), 1, constant_values=200),
    C("mx.pad", f23, 1, constant_values=mx.array(4.5)),
    C("mx.pad", f23, 1, constant_values=mx.array(4, mx.int32)),
    C("mx.pad", A((2, 2), "float16"), 1, constant_values=0.1),
    C("mx.pad", A((2,), "bool"), 1, constant_values=True),
    C("mx.pad", f23, pad_width=1),
    C("mx.pad", f23, 1, stream=mx.cpu),
    E("mx.pad", f23, -1),
    E("mx.pad", f23, [(1, -1)]),
    E("mx.pad", f23, 1, "wrap"),
    E("mx.pad", f23, []),
    E("mx.pad", f23, [1, 2, 3]),
    E("mx.pad", f23, [(1, 2), (1, 2), (1, 2)]),
    E("mx.pad", f23, [(1, 2, 3)]),
    E("mx.pad", f23, 2.5),
    E("mx.pad", A((2,), "uint8"), 1, constant_values=300),
    X("mx.pad", f23, 1, constant_values=mx.ones((2,))),
    X("mx.pad", f23, 1, constant_values=mx.ones((3,))),
    E("mx.pad", a=f23, pad_width=1),
    E("mx.pad", f23, 2000000000),
    E("mx.pad", fe, 1, "reflect"),
)

# --------------------------------------------------------------------------
# tile / repeat

for i, d in enumerate(ALL):
    add(X("mx.tile", A((2, 3), d, seed=i), (2, 1)), X("mx.repeat", A((2, 3), d, seed=i), 2, 1))
add(
    C("mx.tile", f23, 2),
    C("mx.tile", f23, (2, 3)),
    C("mx.tile", f23, [2, 1, 2]),
    C("mx.tile", f3, [2, 2]),
    C("mx.tile", f23, [0, 1]),
    C("mx.tile", f0, 3),
    C("mx.tile", fe, 3),
    C("mx.tile", T(f32), 2),
    C("mx.tile", B(f3, (2, 3)), (1, 2)),
    C("mx.tile", f23, [1]),
    C("mx.tile", f23, 2, stream=mx.cpu),
    E("mx.tile", f23, -1),
    E("mx.tile", f23, reps=2),  # positional-only
    E("mx.tile", f23, 2.5),
    E("mx.tile", f23, "x"),
    deviation(E("mx.tile", f23, [100000, 1, 100000]), (f23, -1), ALLOC_WHY),
    deviation(E("mx.tile", f23, [100000, 100000]), (f23, -1), ALLOC_WHY),
)
add(
    C("mx.repeat", f23, 2),
    C("mx.repeat", f23, 3, 0),
    C("mx.repeat", f23, 2, axis=-1),
    C("mx.repeat", f23, 0, 1),
    C("mx.repeat", f0, 3),
    C("mx.repeat", fe, 3),
    C("mx.repeat", T(f32), 2, 1),
    C("mx.repeat", B(f3, (2, 3)), 2, 0),
    C("mx.repeat", f23, repeats=2, axis=None),
    C("mx.repeat", f23, 2, stream=mx.cpu),
    E("mx.repeat", f23, -1),
    E("mx.repeat", f23, 2, 2),
    E("mx.repeat", f23, 2.5),
    E("mx.repeat", f23, 2000000000),
    E("mx.repeat", array=f23, repeats=2),  # positional-only at runtime
)

# --------------------------------------------------------------------------
# roll / flip

for i, d in enumerate(ALL):
    add(X("mx.roll", A((2, 3), d, seed=i), 1), X("mx.flip", A((2, 3), d, seed=i)))
add(
    C("mx.roll", f23, 1),
    C("mx.roll", f23, -4),
    C("mx.roll", f23, 1, 0),
    C("mx.roll", f23, 2, axis=-1),
    C("mx.roll", f23, (1, 2), (0, 1)),
    C("mx.roll", f23, [1, 2]),
    C("mx.roll", f23, 1, [0, 1]),
    C("mx.roll", f23, [3], 1),
    C("mx.roll", f23, 2**31 - 1),
    C("mx.roll", f0, 1),
    C("mx.roll", fe, 1),
    C("mx.roll", T(f234), 3, 1),
    C("mx.roll", f23, shift=1, axis=1),
    C("mx.roll", f23, 1, stream=mx.cpu),
    E("mx.roll", f23, 1, 2),
    X("mx.roll", f23, [1, 2], [0]),
    E("mx.roll", f23, [1, 2], [0, 1, 2]),
    E("mx.roll", f23, 1.5),
    E("mx.roll", f23),
)
add(
    C("mx.flip", f23),
    C("mx.flip", f23, 0),
    C("mx.flip", f23, -1),
    C("mx.flip", f234, [0, 2]),
    C("mx.flip", f234, axis=(1,)),
    C("mx.flip", f0),
    C("mx.flip", fe),
    C("mx.flip", T(f234)),
    C("mx.flip", f23, None),
    C("mx.flip", f23, stream=mx.cpu),
    E("mx.flip", f23, 2),
    X("mx.flip", f23, [0, 0]),
    E("mx.flip", f23, 1.5),
    E("mx.flip", f0, 0),
)

# --------------------------------------------------------------------------
# tri / tril / triu

add(
    C("mx.tri", 3),
    C("mx.tri", 2, 4),
    C("mx.tri", 3, 3, 1),
    C("mx.tri", 3, k=-1),
    C("mx.tri", 3, None, 0, mx.int32),
    C("mx.tri", 3, dtype=mx.bool_),
    C("mx.tri", n=2, m=3, k=0, dtype=None),
    C("mx.tri", 0),
    C("mx.tri", -1),
    C("mx.tri", 2, stream=mx.cpu),
    E("mx.tri", 2.5),
    E("mx.tri", None),
    E("mx.tri"),
    E("mx.tri", 2, dtype="float32"),
    deviation(E("mx.tri", 200000, 200000), (2.5,), ALLOC_WHY),
)
for d in ALL:
    add(X("mx.tri", 3, 2, 0, D(d)))
for fn in ("mx.tril", "mx.triu"):
    for i, d in enumerate(ALL):
        add(X(fn, A((3, 3), d, seed=i)))
    add(
        C(fn, A((3, 3))),
        C(fn, f23, 1),
        C(fn, f23, k=-1),
        C(fn, f234, 2),
        C(fn, T(f234)),
        C(fn, B(f3, (3, 3))),
        C(fn, fe23),
        C(fn, x=f23),
        C(fn, f23, stream=mx.cpu),
        E(fn, f3),
        E(fn, f0),
        E(fn, f23, 1.5),
    )

# --------------------------------------------------------------------------
# diag / diagonal / trace (function and method forms)

for fn in ("mx.diag", "method:diag"):
    add(
        C(fn, f3),
        C(fn, f3, 1),
        C(fn, f3, k=-2),
        C(fn, f23),
        C(fn, f23, 1),
        C(fn, f23, -1),
        C(fn, f23, 5),
        C(fn, T(f23)),
        C(fn, fe),
        C(fn, f3, stream=mx.cpu),
        E(fn, f0),
        E(fn, f234),
        E(fn, f3, 1.5),
    )
for i, d in enumerate(ALL):
    add(X("mx.diag", A((3,), d, seed=i)), X("mx.diag", A((3, 3), d, seed=i)))
for fn in ("mx.diagonal", "method:diagonal"):
    add(
        C(fn, f23),
        C(fn, f23, 1),
        C(fn, f234, 0, 1, 2),
        C(fn, f234, offset=-1, axis1=2, axis2=0),
        C(fn, f234, 0, -1, -2),
        C(fn, T(f234)),
        C(fn, B(f3, (3, 3))),
        C(fn, fe23),
        C(fn, f23, 0, 0, 1, mx.cpu),  # stream is positional here, as the runtime allows
        C(fn, f23, stream=mx.cpu),
        E(fn, f3),
        E(fn, f23, 0, 0, 0),
        E(fn, f23, 0, 0, 2),
        E(fn, f23, 1.5),
    )
add(C("mx.diagonal", a=f23))
for i, d in enumerate(ALL):
    add(X("mx.diagonal", A((3, 3), d, seed=i)), X("mx.trace", A((3, 3), d, seed=i)))
add(
    C("mx.trace", A((3, 3))),
    C("mx.trace", f23, 1),
    C("mx.trace", f234, 0, 1, 2),
    C("mx.trace", f234, offset=-1, axis1=2, axis2=0),
    C("mx.trace", i23),
    C("mx.trace", i23, dtype=mx.float32),
    C("mx.trace", f23, dtype=None),
    C("mx.trace", T(f234)),
    C("mx.trace", fe23),
    C("mx.trace", f23, stream=mx.cpu),
    E("mx.trace", f3),
    E("mx.trace", f0),
    E("mx.trace", f23, 0, 0, 0),
    E("mx.trace", f23, dtype="x"),
)

# --------------------------------------------------------------------------
# atleast_1d / 2d / 3d, broadcast_arrays, meshgrid

for fn in ("mx.atleast_1d", "mx.atleast_2d", "mx.atleast_3d"):
    add(
        C(fn, f0),
        C(fn, f3),
        C(fn, f23),
        C(fn, f234),
        C(fn, A((1, 2, 3, 4))),
        C(fn, f0, f3, f23),
        C(fn, fe),
        C(fn),
        C(fn, T(f32)),
        C(fn, f3, stream=mx.cpu),
        C(fn, f0, f3, stream=mx.cpu),
        E(fn, 1),
        E(fn, [f3]),
        E(fn, f3, None),
    )
    for i, d in enumerate(ALL):
        add(X(fn, A((), d, seed=i)))

add(
    C("mx.broadcast_arrays", f23, f3),
    C("mx.broadcast_arrays", f0, f23, A((2, 1))),
    C("mx.broadcast_arrays", f3),
    C("mx.broadcast_arrays"),
    C("mx.broadcast_arrays", fe23, A((2, 1))),
    C("mx.broadcast_arrays", T(f32), A((2, 1))),
    C("mx.broadcast_arrays", A((2,), "int32"), A((3, 1), "float16")),
    C("mx.broadcast_arrays", f23, f3, stream=mx.cpu),
    E("mx.broadcast_arrays", f23, f32),
    E("mx.broadcast_arrays", f23, 1),
    E("mx.broadcast_arrays", [f23, f3]),
)

add(
    C("mx.meshgrid", f3, f4),
    C("mx.meshgrid", f3, f4, indexing="ij"),
    C("mx.meshgrid", f3, f4, sparse=True),
    C("mx.meshgrid", f3, f4, A((2,)), sparse=True, indexing="ij"),
    C("mx.meshgrid", f3),
    C("mx.meshgrid"),
    C("mx.meshgrid", fe, f3),
    C("mx.meshgrid", A((3,), "int32"), A((2,), "float16")),
    C("mx.meshgrid", f3, f4, stream=mx.cpu),
    X("mx.meshgrid", f23, f3),
    X("mx.meshgrid", f0, f3),
    E("mx.meshgrid", f3, f4, indexing="xz"),
    E("mx.meshgrid", f3, f4, sparse=None),
    E("mx.meshgrid", f3, 1),
)

# --------------------------------------------------------------------------
# permute_dims / matrix_transpose / unflatten

add(
    C("mx.permute_dims", f234),
    C("mx.permute_dims", f234, [1, 2, 0]),
    C("mx.permute_dims", f234, axes=(2, 0, 1)),
    C("mx.permute_dims", f234, [-1, 0, 1]),
    C("mx.permute_dims", f0),
    C("mx.permute_dims", fe23),
    C("mx.permute_dims", T(f234), [0, 2, 1]),
    C("mx.permute_dims", f23, None, stream=mx.cpu),
    E("mx.permute_dims", f234, [0, 1]),
    E("mx.permute_dims", f234, [0, 0, 1]),
    E("mx.permute_dims", f234, 1),
    E("mx.permute_dims", f234, [0, 1, 3]),
)
for i, d in enumerate(ALL):
    add(X("mx.permute_dims", A((2, 3), d, seed=i)), X("mx.matrix_transpose", A((2, 2, 3), d, seed=i)))
add(
    C("mx.matrix_transpose", f23),
    C("mx.matrix_transpose", f234),
    C("mx.matrix_transpose", T(f234)),
    C("mx.matrix_transpose", fe23),
    C("mx.matrix_transpose", f23, stream=mx.cpu),
    X("mx.matrix_transpose", f3),
    X("mx.matrix_transpose", f0),
    E("mx.matrix_transpose", f23, (1, 0)),
    E("mx.matrix_transpose", a=f23),
)
add(
    C("mx.unflatten", f23, 1, [3, 1]),
    C("mx.unflatten", f23, 1, (-1, 1)),
    C("mx.unflatten", f234, -1, [2, 2]),
    C("mx.unflatten", A((6,)), 0, [2, -1]),
    C("mx.unflatten", fe, 0, [0, 5]),
    C("mx.unflatten", T(f32), 0, [1, 2]),
    C("mx.unflatten", f23, axis=0, shape=[2, 1]),
    C("mx.unflatten", f23, 1, [3], stream=mx.cpu),
    E("mx.unflatten", f23, 1, [2, 2]),
    E("mx.unflatten", f23, 1, [-1, -1]),
    E("mx.unflatten", f23, 2, [3]),
    E("mx.unflatten", f23, 1, 3),
    E("mx.unflatten", f0, 0, [1]),
    X("mx.unflatten", f23, 1, []),
)
for i, d in enumerate(ALL):
    add(X("mx.unflatten", A((2, 4), d, seed=i), 1, [2, 2]))

# --------------------------------------------------------------------------
# as_strided / view / contiguous

add(
    C("mx.as_strided", f23),
    C("mx.as_strided", f23, [3, 2]),
    C("mx.as_strided", f23, [2, 2], [1, 1]),
    C("mx.as_strided", A((10,)), [4, 3], [2, 1], 1),
    C("mx.as_strided", f23, [3], [-1], 2),
    C("mx.as_strided", f23, [4], [0]),
    C("mx.as_strided", f23, shape=[2], strides=[2], offset=1),
    C("mx.as_strided", T(f234), [3, 4], [4, 1]),
    C("mx.as_strided", B(f3, (2, 3)), [6], [1]),
    C("mx.as_strided", f23, [0, 5], [100, 100]),
    C("mx.as_strided", fe, [0]),
    C("mx.as_strided", f0, [], []),
    C("mx.as_strided", f0, [3], [0]),
    with_opts(C("mx.as_strided", f23, [1, 1, 2], [0, 0, 1]), note="a broadcasting view"),
    C("mx.as_strided", f23, [6], stream=mx.cpu),
    E("mx.as_strided", f23, [2], [1], -1),
    E("mx.as_strided", f23, [2], [1], 1.5),
    E("mx.as_strided", f23, 6),
    deviation(E("mx.as_strided", f23, [3], [100000000]), (f23, [2], [1], -1), CRASH_WHY),
    deviation(E("mx.as_strided", f23, [2], [1], 100000000), (f23, [2], [1], -1), CRASH_WHY),
    deviation(E("mx.as_strided", f23, [3], [-100000000]), (f23, [2], [1], -1), CRASH_WHY),
    deviation(E("mx.as_strided", f23, [7], [1]), (f23, [2], [1], -1),
              "Python mlx 0.32.4 reads past the input's buffer here (garbage values or a segfault); Node throws a RangeError"),
    deviation(E("mx.as_strided", f23, [3], [-1]), (f23, [2], [1], -1),
              "Python mlx 0.32.4 reads before the input's buffer here (garbage values or a segfault); Node throws a RangeError"),
    deviation(E("mx.as_strided", f23, [2], [1, 1]), (f23, [2], [1], -1),
              "Python mlx 0.32.4 takes the first len(shape) strides of a longer list (reading whatever they reach); Node requires one stride per dimension"),
)
for i, d in enumerate(ALL):
    add(X("mx.as_strided", A((2, 3), d, seed=i), [2, 2], [1, 2]))

VIEW_SRC = {d: A((2, 4), d, seed=60 + i) for i, d in enumerate(ALL)}
for src in ALL:
    for dst in ALL:
        add(X("mx.view", VIEW_SRC[src], D(dst)))
for fn in ("mx.view", "method:view"):
    add(
        C(fn, f23, mx.int32),
        C(fn, f23, mx.uint8),
        C(fn, A((2, 4), "uint8"), mx.float32),
        C(fn, A((2, 2), "int16"), mx.float16),
        C(fn, f0, mx.int32),
        C(fn, fe, mx.int16),
        C(fn, T(f234), mx.int32),
        C(fn, B(f3, (2, 3)), mx.uint32),
        C(fn, f23, dtype=mx.uint16),
        C(fn, f23, mx.int32, stream=mx.cpu),
        E(fn, A((3,), "uint8"), mx.int32),
        E(fn, f0, mx.float16),
        E(fn, f23, "float32"),
        E(fn, f23, None),
    )
add(
    C("mx.view", 1.5, mx.int32),
    X("mx.view", 7, mx.uint8),
    C("mx.view", 7, mx.float32),
    C("mx.view", True, mx.uint8),
    E("mx.view", f23, mx.int32, mx.cpu),  # stream is keyword-only at runtime (the stub says otherwise)
    E("mx.view", a=f23, dtype=mx.int32),
)

for i, d in enumerate(ALL):
    add(X("mx.contiguous", T(A((2, 3), d, seed=i))))
add(
    C("mx.contiguous", f23),
    C("mx.contiguous", T(f234)),
    C("mx.contiguous", T(f23), True),
    C("mx.contiguous", B(f3, (2, 3)), allow_col_major=True),
    C("mx.contiguous", f0),
    C("mx.contiguous", fe23),
    C("mx.contiguous", f23, stream=mx.cpu),
    E("mx.contiguous", f23, 1),
    E("mx.contiguous", 1.5),
    E("mx.contiguous", a=f23),
)

# --------------------------------------------------------------------------
# slice / slice_update (array start indices)

add(
    C("mx.slice", i23, mx.array([1]), [0], [1, 3]),
    C("mx.slice", i23, mx.array(1), [1], [2, 2]),
    C("mx.slice", i23, mx.array([1, 0]), [0, 1], [1, 2]),
    C("mx.slice", f234, mx.array([1, 2]), [1, 2], [2, 2, 2]),
    C("mx.slice", f234, mx.array([0, 1]), (-1, 0), (1, 3, 3)),
    C("mx.slice", T(f234), mx.array([1]), [0], [2, 3, 2]),
    C("mx.slice", f23, mx.array([0], mx.uint8), [1], [2, 3]),
    C("mx.slice", f23, mx.array([0], mx.int64), [0], [0, 3]),
    C("mx.slice", f23, start_indices=mx.array([1]), axes=[0], slice_size=[1, 3]),
    C("mx.slice", f23, mx.array([1]), [0], [1, 3], stream=mx.cpu),
    E("mx.slice", f23, mx.array([1.5]), [0], [1, 3]),
    E("mx.slice", f23, mx.array([[1]]), [0], [1, 3]),
    E("mx.slice", f23, mx.array([0]), [0], [5, 3]),
    E("mx.slice", f23, mx.array([0, 1]), [0, 0], [1, 3]),
    deviation(E("mx.slice", f23, mx.array([0]), [0], [-1, 3]), (f23, mx.array([0]), [0], [5, 3]),
              "Python mlx 0.32.4 returns an array of shape (-1, 3) here; Node refuses a negative slice size"),
    E("mx.slice", f23, mx.array([0]), [0], [1]),
    E("mx.slice", f23, 1, [0], [1, 3]),
    E("mx.slice", a=f23, start_indices=mx.array([1]), axes=[0], slice_size=[1, 3]),
    deviation(E("mx.slice", f23, mx.array([-1]), [0], [1, 3]), (f23, mx.array([1.5]), [0], [1, 3]), CRASH_WHY),
    deviation(E("mx.slice", f23, mx.array([100000000]), [0], [1, 3]), (f23, mx.array([1.5]), [0], [1, 3]), CRASH_WHY),
    deviation(E("mx.slice", f23, mx.array([2]), [1], [2, 2]), (f23, mx.array([1.5]), [0], [1, 3]),
              "Python mlx 0.32.4 reads past the array here (garbage values or a segfault); Node throws a RangeError"),
)
for i, d in enumerate(ALL):
    add(X("mx.slice", A((3, 3), d, seed=i), mx.array([1]), [0], [2, 3]))
add(
    C("mx.slice_update", i23, mx.zeros((1, 3), mx.int32), mx.array([1]), [0]),
    C("mx.slice_update", f23, mx.ones((2, 2)), mx.array(1), [1]),
    C("mx.slice_update", f23, mx.ones((1, 2)), mx.array([1, 1]), [0, 1]),
    C("mx.slice_update", f234, A((2, 2, 2), seed=9), mx.array([1, 2]), [1, 2]),
    C("mx.slice_update", T(f234), A((1, 3, 2), seed=9), mx.array([3]), [0]),
    C("mx.slice_update", f23, T(A((3, 1), seed=9)), mx.array([1]), [0]),
    C("mx.slice_update", f23, mx.ones((1, 3), mx.int32), mx.array([0]), [0]),
    C("mx.slice_update", f23, mx.ones((0, 3)), mx.array([2]), [0]),
    C("mx.slice_update", f23, update=mx.ones((1, 3)), start_indices=mx.array([1]), axes=[0]),
    C("mx.slice_update", f23, mx.ones((1, 3)), mx.array([1]), [0], stream=mx.cpu),
    E("mx.slice_update", f23, mx.ones((1, 3)), mx.array([1.5]), [0]),
    E("mx.slice_update", f23, mx.ones((3, 3)), mx.array([0]), [0]),
    E("mx.slice_update", a=f23, update=mx.ones((1, 3)), start_indices=mx.array([1]), axes=[0]),
    deviation(E("mx.slice_update", f23, mx.ones((1, 3)), mx.array([-1]), [0]),
              (f23, mx.ones((1, 3)), mx.array([1.5]), [0]), CRASH_WHY),
    deviation(E("mx.slice_update", f23, mx.ones((1, 3)), mx.array([100000000]), [0]),
              (f23, mx.ones((1, 3)), mx.array([1.5]), [0]), CRASH_WHY),
)
# unflatten inferring a -1 next to a size 0 divides by zero: Python mlx dies of
# SIGFPE (run isolated); Node throws as reshape does (tools/fuzz).
c = E("mx.unflatten", A((2, 2), "float64", seed=3), 0, [0, 3, -1])
c.expect = "node_error"
c.note = "Python mlx dies of SIGFPE (unflatten infers -1 by dividing by a zero size); Node throws"
c.isolate = True
add(c)

# An update of more dimensions than the array: Python mlx writes out of the
# buffer and aborts ("free(): invalid size"; run isolated); Node throws (tools/fuzz).
for c in [
    E("mx.slice_update", mx.zeros((2,)), mx.ones((2, 2)), mx.array(0), [0]),
    E("mx.slice_update", mx.zeros((2, 3)), mx.ones((5, 2, 3)), mx.array(0), [0]),
]:
    c.expect = "node_error"
    c.note = "Python mlx corrupts its heap (an update with more dimensions than the array); Node throws"
    c.isolate = True
    add(c)
for i, d in enumerate(ALL):
    add(X("mx.slice_update", A((3, 3), d, seed=i), A((1, 3), d, seed=i + 40), mx.array([2]), [0]))

# --------------------------------------------------------------------------
# take / take_along_axis / put_along_axis

IDX = mx.array([[0, 2], [1, -1]])
add(
    C("mx.take", f234, IDX),
    C("mx.take", f234, IDX, 1),
    C("mx.take", f234, mx.array([3, 0]), axis=-1),
    C("mx.take", f234, 1),
    C("mx.take", f234, 1, 0),
    C("mx.take", f234, 3, axis=2),
    C("mx.take", f234, mx.array(2), 1),
    C("mx.take", f234, mx.array([-24, 23])),
    C("mx.take", f234, mx.array([1, 0], mx.uint8), 0),
    C("mx.take", f234, mx.array([1, 0], mx.int64), 0),
    C("mx.take", T(f234), mx.array([1, 0]), 0),
    C("mx.take", B(f3, (2, 3)), mx.array([2, 2]), 1),
    C("mx.take", f23, mx.zeros((0,), mx.int32), 1),
    C("mx.take", f23, True),
    C("mx.take", f23, indices=mx.array([1]), axis=0),
    C("mx.take", f23, mx.array([1]), stream=mx.cpu),
    X("mx.take", f23, -1),
    X("mx.take", f23, 7),
    E("mx.take", f23, mx.array([0.5])),
    E("mx.take", f23, mx.array([1]), 2),
    E("mx.take", fe, mx.array([0])),
    E("mx.take", fe, 0),
    E("mx.take", f23, 1.5),
    E("mx.take", f23, [0, 1]),
    E("mx.take", a=f23, indices=1),
    deviation(E("mx.take", i5, mx.array([100000000])), (i5, mx.array([0.5])), CRASH_WHY),
    deviation(E("mx.take", i5, mx.array([-100000000])), (i5, mx.array([0.5])), CRASH_WHY),
    deviation(E("mx.take", f23, mx.array([100000000]), 1), (i5, mx.array([0.5])), CRASH_WHY),
    deviation(E("mx.take", i5, mx.array([5])), (i5, mx.array([0.5])),
              "Python mlx 0.32.4 reads past the array here (a garbage value or a segfault); Node throws a RangeError as NumPy raises IndexError"),
    deviation(E("mx.take", i5, mx.array([-6])), (i5, mx.array([0.5])),
              "Python mlx 0.32.4 reads before the array here (a garbage value or a segfault); Node throws a RangeError as NumPy raises IndexError"),
)
for i, d in enumerate(ALL):
    add(X("mx.take", A((2, 3), d, seed=i), mx.array([2, 0]), 1))

TAL = mx.array([[0, 2, 1], [1, 1, -1]])
add(
    C("mx.take_along_axis", f23, TAL),
    C("mx.take_along_axis", f23, TAL, 1),
    C("mx.take_along_axis", f23, mx.array([[1, 0, 1]]), 0),
    C("mx.take_along_axis", f23, mx.array([5, 0, -6]), None),
    C("mx.take_along_axis", f23, mx.array([[2], [0]]), axis=-1),
    C("mx.take_along_axis", T(f32), TAL, 1),
    C("mx.take_along_axis", f23, mx.array([[1, 0, 1]], mx.uint8), 0),
    C("mx.take_along_axis", f23, mx.zeros((2, 0), mx.int32), 1),
    C("mx.take_along_axis", f23, indices=TAL, axis=1),
    C("mx.take_along_axis", f23, TAL, stream=mx.cpu),
    E("mx.take_along_axis", f23, mx.array([[0.5]]), 1),
    E("mx.take_along_axis", f23, mx.array([0]), 1),
    E("mx.take_along_axis", f23, TAL, 2),
    E("mx.take_along_axis", a=f23, indices=TAL),
    deviation(E("mx.take_along_axis", f23, mx.array([[100000000]]), 1), (f23, mx.array([0]), 1), CRASH_WHY),
    deviation(E("mx.take_along_axis", f23, mx.array([[3]]), 1), (f23, mx.array([0]), 1),
              "Python mlx 0.32.4 reads past the axis here (a garbage value or a segfault); Node throws a RangeError"),
)
for i, d in enumerate(ALL):
    add(X("mx.take_along_axis", A((2, 3), d, seed=i), TAL, 1))

add(
    C("mx.put_along_axis", f23, mx.array([[0], [2]]), mx.array([[7.5], [8.5]]), 1),
    C("mx.put_along_axis", f23, mx.array([[1, 0, 1]]), mx.array(9.5), 0),
    C("mx.put_along_axis", f23, mx.array([5, -6]), mx.array([1.5, 2.5]), None),
    C("mx.put_along_axis", f23, mx.array([5, -6]), mx.array([1.5, 2.5])),
    C("mx.put_along_axis", f23, mx.array([[-1]]), mx.array(3, mx.int32), axis=-1),
    C("mx.put_along_axis", T(f32), mx.array([[0], [1]]), mx.array(0.5), 1),
    C("mx.put_along_axis", i23, mx.array([[0]], mx.uint8), mx.array(100), 1),
    C("mx.put_along_axis", f23, mx.zeros((2, 0), mx.int32), mx.array(1.5), 1),
    C("mx.put_along_axis", f23, indices=mx.array([[0]]), values=mx.array(1.5), axis=1),
    C("mx.put_along_axis", f23, mx.array([[0]]), mx.array(1.5), 1, stream=mx.cpu),
    E("mx.put_along_axis", f23, mx.array([[0.5]]), mx.array(1.5), 1),
    E("mx.put_along_axis", f23, mx.array([[0]]), 1.5, 1),
    E("mx.put_along_axis", f23, mx.array([[0]]), mx.array(1.5)),
    E("mx.put_along_axis", f23, mx.array([[0]]), mx.array(1.5), 2),
    deviation(E("mx.put_along_axis", f23, mx.array([[100000000]]), mx.array(1.5), 1),
              (f23, mx.array([[0.5]]), mx.array(1.5), 1), CRASH_WHY),
    deviation(E("mx.put_along_axis", f23, mx.array([[-4]]), mx.array(1.5), 1),
              (f23, mx.array([[0.5]]), mx.array(1.5), 1),
              "Python mlx 0.32.4 writes before the axis here (memory corruption or a segfault); Node throws a RangeError"),
)
for i, d in enumerate(ALL):
    add(X("mx.put_along_axis", A((2, 3), d, seed=i), mx.array([[1], [0]]), A((2, 1), d, seed=i + 9), 1))

# --------------------------------------------------------------------------
# empty / empty_like / full_like (empty is zeros in mlx 0.32.4)

add(
    C("mx.empty", (2, 3)),
    C("mx.empty", 3),
    C("mx.empty", (2, 0)),
    C("mx.empty", ()),
    C("mx.empty", (2,), mx.int32),
    C("mx.empty", shape=(2,), dtype=mx.bool_),
    C("mx.empty", (2,), None),
    C("mx.empty", (2,), stream=mx.cpu),
    E("mx.empty", -1),
    E("mx.empty", 2.5),
    E("mx.empty", (2,), "float32"),
    deviation(E("mx.empty", (100000, 200000, 300000)), (-1,), ALLOC_WHY),
)
for d in ALL:
    add(X("mx.empty", (2,), D(d)), X("mx.empty_like", A((2, 2), d), None), X("mx.empty_like", f23, D(d)))
add(
    C("mx.empty_like", f23),
    C("mx.empty_like", i23),
    C("mx.empty_like", f23, mx.int8),
    C("mx.empty_like", f23, dtype=mx.float16),
    C("mx.empty_like", T(f234)),
    C("mx.empty_like", f0),
    C("mx.empty_like", fe23),
    C("mx.empty_like", f23, stream=mx.cpu),
    E("mx.empty_like", 1),
    E("mx.empty_like", f23, "int8"),
    E("mx.empty_like", a=f23),
)
for d in ALL:
    add(X("mx.full_like", A((2, 2), d), 1), X("mx.full_like", A((2, 2), d), 2.5), X("mx.full_like", f23, True, D(d)))
add(
    C("mx.full_like", f23, 2),
    C("mx.full_like", f23, 2.5),
    C("mx.full_like", i23, 7),
    C("mx.full_like", i23, 2.5),
    C("mx.full_like", i23, 2.5, mx.float32),
    C("mx.full_like", f23, f3),
    C("mx.full_like", f23, mx.array(3, mx.int32)),
    C("mx.full_like", f23, mx.array(3, mx.int32), dtype=mx.int16),
    C("mx.full_like", A((2,), "uint8"), 200),
    C("mx.full_like", T(f234), 1.5),
    C("mx.full_like", f0, 4),
    C("mx.full_like", fe23, 4),
    C("mx.full_like", f23, vals=1, dtype=None),
    C("mx.full_like", f23, float("nan")),
    C("mx.full_like", f23, 1, stream=mx.cpu),
    E("mx.full_like", A((2,), "uint8"), 300),
    E("mx.full_like", f23, f4),
    E("mx.full_like", f23, "x"),
    E("mx.full_like", f23),
    E("mx.full_like", a=f23, vals=1),
)

# --------------------------------------------------------------------------
# windows

for fn in ("mx.hamming", "mx.hanning", "mx.bartlett", "mx.blackman"):
    add(
        C(fn, 1),
        C(fn, 2),
        C(fn, 5),
        C(fn, 12),
        C(fn, 0),
        C(fn, -3),
        C(fn, M=7),
        C(fn, 4, stream=mx.cpu),
        E(fn, 2.5),
        E(fn, None),
        E(fn),
        E(fn, 4, mx.cpu),
    )

# --------------------------------------------------------------------------
# diff

for i, d in enumerate(ALL):
    add(X("mx.diff", A((2, 4), d, seed=i)))
add(
    C("mx.diff", f23),
    C("mx.diff", f23, 2),
    C("mx.diff", f23, 1, 0),
    C("mx.diff", f234, n=2, axis=1),
    C("mx.diff", f23, 0),
    C("mx.diff", f23, 5),
    C("mx.diff", A((4,), "bool"), 6),
    C("mx.diff", f23, 3, 0),
    deviation(C("mx.diff", f23, 2**31 - 1), (f23, 4), "Python mlx 0.32.4 builds 2**31-1 graph nodes here (hangs); "
              "Node stops at the axis length + 1 orders, after which the result no longer changes"),
    C("mx.diff", A((5,), "uint8")),
    C("mx.diff", A((5,), "bool")),
    C("mx.diff", T(f234), 1, 0),
    C("mx.diff", fe),
    C("mx.diff", f23, stream=mx.cpu),
    E("mx.diff", f23, -1),
    E("mx.diff", f23, 1, 2),
    E("mx.diff", f0),
    E("mx.diff", f23, 1.5),
)

# --------------------------------------------------------------------------
# kron / inner / outer / tensordot / einsum / addmm / vecdot

for i, d in enumerate(ALL):
    add(X("mx.kron", A((2, 2), d, seed=i), A((2, 1), d, seed=i + 1)),
        X("mx.outer", A((3,), d, seed=i), A((2,), d, seed=i + 1)),
        X("mx.inner", A((2, 3), d, seed=i), A((3,), d, seed=i + 1)))
add(
    C("mx.kron", A((2, 2)), A((2, 3), seed=1)),
    C("mx.kron", f3, f23),
    C("mx.kron", f0, f23),
    C("mx.kron", A((2, 2), "int32"), A((2,), "int32")),
    C("mx.kron", T(f32), B(f3, (2, 3))),
    C("mx.kron", f234, A((2,))),
    C("mx.kron", a=f23, b=f3),
    C("mx.kron", f23, f3, stream=mx.cpu),
    E("mx.kron", fe, f23),
    E("mx.kron", f23, 2),
    E("mx.kron", f23, f3, mx.cpu),
)
add(
    C("mx.inner", f3, f3),
    C("mx.inner", f23, f3),
    C("mx.inner", f234, A((5, 4))),
    C("mx.inner", f0, f23),
    C("mx.inner", T(f32), f23),
    C("mx.inner", fe, fe),
    X("mx.inner", A((3,), "int32"), A((3,), "int32")),
    C("mx.inner", f3, f3, stream=mx.cpu),
    E("mx.inner", f23, f4),
    E("mx.inner", f3, 2),
    E("mx.inner", a=f3, b=f3),
)
add(
    C("mx.outer", f3, f4),
    C("mx.outer", f23, f4),
    C("mx.outer", f0, f3),
    C("mx.outer", T(f32), f3),
    C("mx.outer", fe, f3),
    C("mx.outer", A((3,), "int32"), A((2,), "float16")),
    C("mx.outer", f3, f4, stream=mx.cpu),
    E("mx.outer", f3, 2),
    E("mx.outer", a=f3, b=f3),
    deviation(E("mx.outer", mx.zeros((400000,)), mx.zeros((400000,))), (f3, 2), ALLOC_WHY),
)
add(
    C("mx.tensordot", f234, A((3, 4, 5))),
    C("mx.tensordot", f234, A((4, 5)), 1),
    C("mx.tensordot", f23, f4, 0),
    C("mx.tensordot", f234, A((4, 3)), [[1, 2], [1, 0]]),
    C("mx.tensordot", f234, A((2, 5)), axes=[[0], [0]]),
    C("mx.tensordot", f234, A((2, 5)), ((0,), (0,))),
    C("mx.tensordot", T(f234), A((2, 3)), [[2, 1], [0, 1]]),
    C("mx.tensordot", f0, f3, 0),
    C("mx.tensordot", f234, A((3, 4, 5)), stream=mx.cpu),
    E("mx.tensordot", f23, f23, 5),
    E("mx.tensordot", f23, f23, -1),
    E("mx.tensordot", f23, f23, [[0]]),
    E("mx.tensordot", f23, f23, [[0], [0], [0]]),
    E("mx.tensordot", f23, f23, [0, 0]),
    E("mx.tensordot", f23, f32, [[0], [0]]),
    E("mx.tensordot", f23, f23, None),
    E("mx.tensordot", a=f23, b=f23),
)
for d in FLOATS:
    add(X("mx.tensordot", A((2, 3), d), A((3, 2), d, seed=1), 1))
add(
    C("mx.einsum", "ij,jk->ik", f23, f32),
    C("mx.einsum", "ij->ji", f23),
    C("mx.einsum", "ii->i", A((3, 3))),
    C("mx.einsum", "ii", A((3, 3))),
    C("mx.einsum", "i,j->ij", f3, f4),
    C("mx.einsum", "bij,bjk->bik", f234, A((2, 4, 2), seed=7)),
    C("mx.einsum", "...j,j->...", f234, f4),
    C("mx.einsum", "ij,ij->", f23, T(f32)),
    C("mx.einsum", "i,i", f3, f3),
    C("mx.einsum", "ij", f23),
    C("mx.einsum", "ij->i", B(f3, (2, 3))),
    C("mx.einsum", "ij,jk->ik", f23, f32, stream=mx.cpu),
    C("mx.einsum", "", f0),
    E("mx.einsum", "ij,jk->ik", f23),
    E("mx.einsum", "ij->ik", f23),
    E("mx.einsum", "ij,jk->ik", f23, f23),
    E("mx.einsum", "ij->ji"),
    E("mx.einsum", "ij->ji", 1),
    E("mx.einsum", f23, "ij->ji"),
)
for d in FLOATS:
    add(X("mx.einsum", "ij,jk->ik", A((2, 3), d), A((3, 2), d, seed=1)))
for d in ALL:
    add(X("mx.einsum", "ij->j", A((2, 3), d)))
M22 = A((2, 2), seed=8)
add(
    C("mx.addmm", M22, f23, f32),
    C("mx.addmm", M22, f23, f32, 2.5),
    C("mx.addmm", M22, f23, f32, 0.5, -1.5),
    C("mx.addmm", M22, f23, f32, alpha=2, beta=0),
    C("mx.addmm", A((2,), seed=9), f23, f32),
    C("mx.addmm", f0, f23, f32, beta=3),
    C("mx.addmm", M22, T(f32), T(f23)),
    C("mx.addmm", A((2, 2, 2), seed=3), A((2, 2, 3), seed=4), A((2, 3, 2), seed=5)),
    C("mx.addmm", A((2, 0)), fe23, A((0, 0))),
    C("mx.addmm", M22, f23, f32, stream=mx.cpu),
    E("mx.addmm", M22, f23, f23),
    E("mx.addmm", A((3, 3)), f23, f32),
    E("mx.addmm", M22, f23, f32, "x"),
    E("mx.addmm", c=M22, a=f23, b=f32),
    X("mx.addmm", A((2, 2), "int32"), A((2, 3), "int32"), A((3, 2), "int32")),
)
for d in FLOATS:
    add(X("mx.addmm", A((2, 2), d), A((2, 3), d, seed=1), A((3, 2), d, seed=2), 0.5, 2.5))
add(
    C("mx.vecdot", f23, f23),
    X("mx.vecdot", f23, f3),
    C("mx.vecdot", f23, B(f3, (2, 3))),
    C("mx.vecdot", f23, f23, axis=0),
    C("mx.vecdot", f234, A((2, 3, 4), seed=9), axis=1),
    C("mx.vecdot", f234, A((2, 3, 4), seed=9), 0),
    C("mx.vecdot", T(f32), f23),
    C("mx.vecdot", fe, fe),
    C("mx.vecdot", f23, f23, stream=mx.cpu),
    E("mx.vecdot", f23, f4),
    E("mx.vecdot", f23, f23, 0, mx.cpu),  # stream is keyword-only
    E("mx.vecdot", f23, f23, axis=2),
    E("mx.vecdot", f0, f0),
)
for d in ALL:
    add(X("mx.vecdot", A((2, 3), d), A((2, 3), d, seed=1)))

# --------------------------------------------------------------------------
# block_masked_mm / gather_mm / segmented_mm

M64 = A((64, 64), seed=11, kind="small")  # no cancellation: 64-term sums compare at float32 rtol
add(
    C("mx.block_masked_mm", M64, M64),
    C("mx.block_masked_mm", M64, M64, 32),
    C("mx.block_masked_mm", M64, M64, 32, mx.array([[True, False], [False, True]])),
    C("mx.block_masked_mm", M64, M64, 32, None, mx.array([[True, False], [True, True]]),
      mx.array([[True, True], [False, True]])),
    C("mx.block_masked_mm", M64, M64, block_size=64, mask_out=mx.array([[False]])),
    C("mx.block_masked_mm", M64, M64, 32, mx.array([[1.5, 0.5], [2.5, 1]])),
    C("mx.block_masked_mm", M64, M64, stream=mx.cpu),
    X("mx.block_masked_mm", M64, M64, 16),
    E("mx.block_masked_mm", M64, A((32, 64)), 32),
    X("mx.block_masked_mm", M64, M64, 32, mx.array([True])),
    E("mx.block_masked_mm", M64, M64, 32, mx.array([[True, False, True]])),
)
GA = A((3, 2, 4), seed=12)
GB = A((2, 4, 5), seed=13)
add(
    C("mx.gather_mm", f23, f32),
    C("mx.gather_mm", GA, GB, mx.array([0, 2, 1]), mx.array([1, 0, 1])),
    C("mx.gather_mm", GA, GB, None, mx.array([1, 1, 0])),
    C("mx.gather_mm", GA, GB, lhs_indices=mx.array([[2], [0]]), rhs_indices=mx.array([[0], [1]])),
    C("mx.gather_mm", GA, GB, mx.array([0, 1, 2]), mx.array([0, 0, 1]), sorted_indices=True),
    C("mx.gather_mm", GA, GB, mx.array([0, 1], mx.uint32), mx.array([1, 0], mx.uint32)),
    C("mx.gather_mm", GA, GB, mx.array([0, 1]), mx.array([1, 0]), stream=mx.cpu),
    E("mx.gather_mm", GA, GB, mx.array([0.5]), None),
    E("mx.gather_mm", f23, f23),
    E("mx.gather_mm", GA, GB, mx.array([0]), mx.array([0]), True),
    # out-of-range indices: cases_conv_quant.py (conv_quant.cc binds gather_mm with its guards)
)
SA = A((2, 6), seed=14)
SB = A((6, 3), seed=15)
add(
    C("mx.segmented_mm", SA, SB, mx.array([[0, 2], [2, 6]])),
    C("mx.segmented_mm", SA, SB, mx.array([[0, 6]])),
    C("mx.segmented_mm", SA, SB, mx.array([[0, 0], [1, 4], [4, 6]])),
    C("mx.segmented_mm", SA, SB, segments=mx.array([[0, 3], [3, 6]], mx.uint32)),
    C("mx.segmented_mm", T(A((6, 2), seed=16)), SB, mx.array([[0, 3]])),
    C("mx.segmented_mm", SA, SB, mx.array([[0, 3], [3, 6]]), stream=mx.cpu),
    E("mx.segmented_mm", SA, SB, mx.array([[0.5, 3]])),
    X("mx.segmented_mm", SA, A((5, 3)), mx.array([[0, 3]])),
    X("mx.segmented_mm", SA, SB, mx.array([0, 3])),
    # segments beyond K: cases_conv_quant.py
)

# --------------------------------------------------------------------------
# depends

add(
    C("mx.depends", f23, f3),
    C("mx.depends", [f23, f3], f4),
    C("mx.depends", f23, [f3, f4]),
    C("mx.depends", [f23], [f3]),
    C("mx.depends", T(f32), B(f3, (2, 3))),
    C("mx.depends", fe, f0),
    E("mx.depends", f23, 1),
    E("mx.depends", 1, f23),
    E("mx.depends", inputs=f23, dependencies=f3),
    E("mx.depends", f23),
)

# --------------------------------------------------------------------------
# results larger than memory from broadcast (unallocated) inputs, and edge forms

HUGE = B(mx.zeros((1,)), (100000, 100000, 100000))
add(
    deviation(E("mx.contiguous", HUGE), (1.5,), ALLOC_WHY),
    deviation(E("mx.full_like", HUGE, 1), (f23, "x"), ALLOC_WHY),
    deviation(E("mx.empty_like", HUGE), (1,), ALLOC_WHY),
    deviation(E("mx.concatenate", [HUGE, HUGE]), ([],), ALLOC_WHY),
    C("mx.tile", f23, []),
    C("mx.roll", f23, []),
    C("mx.flip", f23, []),
    E("mx.permute_dims", f23, []),
    C("mx.tensordot", f23, f23, [[], []]),
    C("mx.einsum", "ij->", f23),
    C("mx.concatenate", [f23], axis=None),
)
add(
    E("mx.einsum", "é", f3),  # Python: UnicodeDecodeError (MLX's message cuts the UTF-8 sequence)
    E("mx.einsum", "i->j", f3),
    E("mx.einsum", "->", f3),
    E("mx.einsum", "i,i->i->i", f3, f3),
    E("mx.einsum", "......", f3),
    E("mx.einsum", "i->ii", f3),
    C("mx.einsum", "...", f3),
    C("mx.einsum", "i ,i", f3, f3),
    C("mx.einsum", "A", f3),
    C("mx.einsum", "ij,jk,kl->il", A((2, 0)), A((0, 3)), A((3, 2))),
)
