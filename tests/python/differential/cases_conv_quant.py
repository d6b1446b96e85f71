"""Differential cases for the conv_quant family (see cases.py's docstring for C/E/X/R)."""

from __future__ import annotations

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, CASES, D, DTYPES, E, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call, deviation,
    py_equivalent, with_opts,
)

# Convolutions and matmuls run through BLAS (sgemm): Node links scipy-openblas,
# the Python wheel the reference BLAS, so float32 sums may differ in the last bits.
CONV_TOL = dict(rtol=1e-5, atol=1e-5)
# Inputs on which Python mlx 0.32.4 dies (SIGFPE: an integer division by zero in
# the CPU kernel): Node throws; Python runs an equivalent call it rejects.
SIGFPE = ("Python mlx 0.32.4 dies of SIGFPE (integer division by zero in the CPU kernel) on {}; "
          "Node throws, and Python runs {} (also rejected) instead")


def F64(shape, seed=0):
    """A float64 input (A(..., "float64") gives float32: mx.array of a float64 NumPy array is float32)."""
    return A(shape, seed=seed).astype(mx.float64)


def ct(case):
    return with_opts(case, **CONV_TOL)


def sigfpe(case, py_args, what, instead):
    return deviation(case, py_args, SIGFPE.format(what, instead))


# --------------------------------------------------------------------------
# conv1d

x15 = A((1, 8, 3), seed=1)
w15 = A((4, 3, 3), seed=2)
x25 = A((2, 7, 4), seed=3)
add(
    ct(C("mx.conv1d", x15, w15)),
    ct(C("mx.conv1d", x15, w15, 2)),
    ct(C("mx.conv1d", x15, w15, 1, 1)),
    ct(C("mx.conv1d", x15, w15, 1, 2, 2)),
    ct(C("mx.conv1d", x15, w15, stride=3, padding=2, dilation=2)),
    ct(C("mx.conv1d", x25, A((6, 2, 2), seed=4), groups=2)),
    ct(C("mx.conv1d", x25, A((4, 3, 1), seed=4), 1, 0, 1, 4)),
    ct(C("mx.conv1d", x15, w15, padding=-1)),
    ct(C("mx.conv1d", x15, w15, stream=mx.cpu)),
    ct(C("mx.conv1d", T(A((3, 8, 1), seed=5), (2, 1, 0)), w15)),
    ct(C("mx.conv1d", x15, T(A((3, 3, 4), seed=6), (2, 1, 0)))),
    ct(C("mx.conv1d", B(A((1, 1, 3), seed=7), (2, 8, 3)), w15)),
    C("mx.conv1d", A((0, 8, 3)), w15),
    # (no case with zero output channels or a zero-size kernel: the wheel's reference BLAS
    # rejects the sgemm call and its xerbla ends the Python process with status 0)
    ct(C("mx.conv1d", A((1, 3, 2), seed=8), A((5, 3, 2), seed=9))),
    ct(C("mx.conv1d", A((1, 8, 3), "float16", seed=1), A((4, 3, 3), "float16", seed=2))),
    ct(C("mx.conv1d", A((1, 8, 3), "bfloat16", seed=1), A((4, 3, 3), "bfloat16", seed=2))),
    # MLX's CPU conv computes float64 in float32 (the results are float32 values), through two BLAS builds
    ct(C("mx.conv1d", F64((1, 8, 3), seed=1), F64((4, 3, 3), seed=2))),
    ct(C("mx.conv1d", A((1, 8, 3), "float16", seed=1), A((4, 3, 3), seed=2))),
    ct(C("mx.conv1d", A((1, 8, 3), kind="special"), w15)),
    E("mx.conv1d", x15, w15, 0),
    E("mx.conv1d", x15, w15, dilation=0),
    E("mx.conv1d", x15, w15, stride=-1),
    E("mx.conv1d", x15, w15, padding=-4),
    E("mx.conv1d", x15, A((4, 9, 3))),
    E("mx.conv1d", x15, A((4, 3, 2))),
    E("mx.conv1d", A((8, 3)), w15),
    E("mx.conv1d", x25, A((5, 2, 2)), groups=2),
    E("mx.conv1d", x25, A((6, 2, 2)), groups=3),
    E("mx.conv1d", x25, A((6, 2, 4)), groups=-1),
    E("mx.conv1d", x15, w15, [2]),
    E("mx.conv1d", x15, w15, 1.5),
    E("mx.conv1d", x15, w15, None),
    E("mx.conv1d", input=x15, weight=w15),
    E("mx.conv1d", x15, w15, strides=2),
    E("mx.conv1d", x15),
    E("mx.conv1d", x15, w15, 1, 0, 1, 1, mx.cpu),
    E("mx.conv1d", A((1, 8, 3), "int32"), A((4, 3, 3), "int32")),
    E("mx.conv1d", A((1, 8, 3), "complex64"), A((4, 3, 3), "complex64")),
    sigfpe(E("mx.conv1d", x25, A((6, 2, 4)), 1, 0, 1, 0), (x25, A((6, 2, 4)), 1, 0, 1, -1), "groups=0", "groups=-1"),
    sigfpe(E("mx.conv1d", A((1, 8, 0)), A((4, 3, 0))), (A((1, 8, 0)), A((4, 3, 1))),
           "zero input channels", "mismatched channels"),
)
for i, d in enumerate(DTYPES):
    add(ct(X("mx.conv1d", A((1, 6, 2), d, seed=20 + i), A((3, 2, 2), d, seed=40 + i))))

# --------------------------------------------------------------------------
# conv2d

x2 = A((2, 6, 5, 4), seed=11)
w2 = A((3, 3, 2, 4), seed=12)
add(
    ct(C("mx.conv2d", x2, w2)),
    ct(C("mx.conv2d", x2, w2, 2)),
    ct(C("mx.conv2d", x2, w2, (2, 1))),
    ct(C("mx.conv2d", x2, w2, [1, 2], [1, 0])),
    ct(C("mx.conv2d", x2, w2, 1, 1, (2, 1))),
    ct(C("mx.conv2d", x2, w2, stride=(1, 2), padding=2, dilation=2)),
    ct(C("mx.conv2d", x2, A((6, 2, 2, 2), seed=13), groups=2)),
    ct(C("mx.conv2d", x2, A((4, 1, 1, 1), seed=13), groups=4)),
    ct(C("mx.conv2d", T(A((4, 5, 6, 2), seed=14), (3, 2, 1, 0)), w2)),
    ct(C("mx.conv2d", x2, w2, stream=mx.cpu)),
    C("mx.conv2d", A((0, 6, 5, 4)), w2),
    ct(C("mx.conv2d", A((1, 6, 5, 4), "float16", seed=1), A((3, 3, 2, 4), "float16", seed=2))),
    ct(C("mx.conv2d", A((1, 6, 5, 4), "bfloat16", seed=1), A((3, 3, 2, 4), "bfloat16", seed=2))),
    E("mx.conv2d", x2, w2, (1, 0)),
    E("mx.conv2d", x2, w2, (1, 2, 3)),
    E("mx.conv2d", x2, w2, [1]),
    E("mx.conv2d", x2, w2, 1, (1,)),
    E("mx.conv2d", x2, w2, "1"),
    E("mx.conv2d", x2, A((3, 3, 2, 3))),
    E("mx.conv2d", A((6, 5, 4)), w2),
    E("mx.conv2d", x2, A((5, 2, 2, 2)), groups=2),
    E("mx.conv2d", A((1, 6, 5, 4), "int32"), A((3, 3, 2, 4), "int32")),
    E("mx.conv2d", x2, w2, dilation=(0, 1)),
    sigfpe(E("mx.conv2d", x2, w2, 1, 0, 1, 0), (x2, w2, 1, 0, 1, -1), "groups=0", "groups=-1"),
    sigfpe(E("mx.conv2d", A((1, 5, 5, 0)), A((3, 2, 2, 0))), (A((1, 5, 5, 0)), A((3, 2, 2, 1))),
           "zero input channels", "mismatched channels"),
)
for i, d in enumerate(DTYPES):
    add(ct(X("mx.conv2d", A((1, 4, 4, 2), d, seed=60 + i), A((2, 2, 2, 2), d, seed=80 + i))))

# --------------------------------------------------------------------------
# conv3d

x3 = A((1, 5, 4, 6, 2), seed=21)
w3 = A((3, 2, 2, 3, 2), seed=22)
add(
    ct(C("mx.conv3d", x3, w3)),
    ct(C("mx.conv3d", x3, w3, 2)),
    ct(C("mx.conv3d", x3, w3, (1, 2, 3))),
    ct(C("mx.conv3d", x3, w3, [2, 1, 1], [1, 0, 2], (1, 2, 1))),
    ct(C("mx.conv3d", x3, w3, stride=2, padding=1, dilation=(2, 1, 1))),
    ct(C("mx.conv3d", x3, w3, stream=mx.cpu)),
    ct(C("mx.conv3d", T(A((2, 6, 4, 5, 1), seed=23), (4, 1, 2, 3, 0)), w3)),
    C("mx.conv3d", A((0, 5, 4, 6, 2)), w3),
    ct(C("mx.conv3d", A((1, 5, 4, 6, 2), "float16", seed=1), A((3, 2, 2, 3, 2), "float16", seed=2))),
    E("mx.conv3d", x3, w3, (1, 2)),
    E("mx.conv3d", x3, w3, 0),
    E("mx.conv3d", x3, A((3, 2, 2, 3, 1))),
    E("mx.conv3d", A((1, 5, 4, 6, 4)), A((4, 2, 2, 2, 2)), groups=2),
    E("mx.conv3d", A((5, 4, 6, 2)), w3),
    sigfpe(E("mx.conv3d", x3, w3, 1, 0, 1, 0), (x3, w3, 1, 0, 1, -1), "groups=0", "groups=-1"),
)
for i, d in enumerate(["float16", "bfloat16", "float32", "float64", "int32", "complex64"]):
    add(ct(X("mx.conv3d", A((1, 3, 3, 3, 2), d, seed=100 + i), A((2, 2, 2, 2, 2), d, seed=110 + i))))

# --------------------------------------------------------------------------
# conv_transpose1d / 2d / 3d

wt1 = A((4, 3, 3), seed=31)
add(
    ct(C("mx.conv_transpose1d", x15, wt1)),
    ct(C("mx.conv_transpose1d", x15, wt1, 2)),
    ct(C("mx.conv_transpose1d", x15, wt1, 2, 1, 1, 1)),
    ct(C("mx.conv_transpose1d", x15, wt1, stride=3, padding=1, dilation=2, output_padding=2)),
    ct(C("mx.conv_transpose1d", x25, A((4, 2, 2), seed=32), groups=2)),
    ct(C("mx.conv_transpose1d", x15, wt1, output_padding=-1)),
    ct(C("mx.conv_transpose1d", x15, wt1, stream=mx.cpu)),
    ct(C("mx.conv_transpose1d", T(A((3, 8, 1), seed=5), (2, 1, 0)), wt1)),
    C("mx.conv_transpose1d", A((0, 8, 3)), wt1),
    ct(C("mx.conv_transpose1d", A((1, 8, 3), "float16"), A((4, 3, 3), "float16", seed=2))),
    E("mx.conv_transpose1d", x15, wt1, 0),
    E("mx.conv_transpose1d", x15, wt1, dilation=0),
    E("mx.conv_transpose1d", x15, A((4, 3, 2))),
    E("mx.conv_transpose1d", x15, wt1, padding=10),
    E("mx.conv_transpose1d", x15, wt1, output_padding=(1,)),
    E("mx.conv_transpose1d", A((1, 8, 3), "int32"), A((4, 3, 3), "int32")),
    sigfpe(E("mx.conv_transpose1d", x25, A((4, 2, 4)), 1, 0, 1, 0, 0), (x25, A((4, 2, 4)), 1, 0, 1, 0, -1),
           "groups=0", "groups=-1"),
)
wt2 = A((3, 3, 2, 4), seed=33)
add(
    ct(C("mx.conv_transpose2d", x2, wt2)),
    ct(C("mx.conv_transpose2d", x2, wt2, 2)),
    ct(C("mx.conv_transpose2d", x2, wt2, (2, 1), (1, 0), 1, (1, 0))),
    ct(C("mx.conv_transpose2d", x2, wt2, stride=[2, 2], padding=1, dilation=(1, 2), output_padding=1)),
    ct(C("mx.conv_transpose2d", x2, A((4, 2, 2, 2), seed=34), groups=2)),
    ct(C("mx.conv_transpose2d", x2, wt2, stream=mx.cpu)),
    ct(C("mx.conv_transpose2d", T(A((4, 5, 6, 2), seed=14), (3, 2, 1, 0)), wt2)),
    E("mx.conv_transpose2d", x2, wt2, (0, 1)),
    E("mx.conv_transpose2d", x2, wt2, output_padding=(1, 2, 3)),
    E("mx.conv_transpose2d", A((1, 5, 5, 4)), A((4, 2, 2, 3)), groups=3),
    E("mx.conv_transpose2d", x2, A((3, 3, 2, 3))),
    sigfpe(E("mx.conv_transpose2d", x2, wt2, 1, 0, 1, 0, 0), (x2, wt2, 1, 0, 1, 0, -1), "groups=0", "groups=-1"),
)
wt3 = A((2, 2, 3, 2, 2), seed=35)
add(
    ct(C("mx.conv_transpose3d", x3, wt3)),
    ct(C("mx.conv_transpose3d", x3, wt3, 2)),
    ct(C("mx.conv_transpose3d", x3, wt3, (2, 1, 2), (1, 0, 0), 1, (1, 0, 1))),
    ct(C("mx.conv_transpose3d", x3, wt3, stride=2, padding=(0, 1, 0), dilation=2, output_padding=1)),
    ct(C("mx.conv_transpose3d", x3, wt3, stream=mx.cpu)),
    E("mx.conv_transpose3d", x3, wt3, (2, 1)),
    E("mx.conv_transpose3d", x3, A((2, 2, 3, 2, 3))),
    E("mx.conv_transpose3d", A((1, 5, 4, 6, 4)), A((4, 2, 2, 2, 2)), groups=2),
    sigfpe(E("mx.conv_transpose3d", x3, wt3, 1, 0, 1, 0, 0), (x3, wt3, 1, 0, 1, 0, -1), "groups=0", "groups=-1"),
)
for i, d in enumerate(DTYPES):
    add(ct(X("mx.conv_transpose1d", A((1, 5, 2), d, seed=120 + i), A((3, 2, 2), d, seed=140 + i), 2)))
for i, d in enumerate(["float16", "bfloat16", "float64", "int8", "bool"]):
    add(ct(X("mx.conv_transpose2d", A((1, 3, 3, 2), d, seed=160 + i), A((2, 2, 2, 2), d, seed=170 + i))))
    add(ct(X("mx.conv_transpose3d", A((1, 3, 3, 3, 2), d, seed=160 + i), A((2, 2, 2, 2, 2), d, seed=170 + i))))

# --------------------------------------------------------------------------
# conv_general

add(
    ct(C("mx.conv_general", x15, w15)),
    ct(C("mx.conv_general", x15, w15, 2)),
    ct(C("mx.conv_general", x15, w15, [2], [1])),
    ct(C("mx.conv_general", x15, w15, 1, ([2], [0]))),
    ct(C("mx.conv_general", x15, w15, 1, ([-1], [2]))),
    ct(C("mx.conv_general", x15, w15, 1, 0, 2, 3)),
    ct(C("mx.conv_general", x15, w15, flip=True)),
    ct(C("mx.conv_general", x25, A((6, 2, 2), seed=4), groups=2, flip=True)),
    ct(C("mx.conv_general", x2, w2, (1, 2), ([1, 0], [0, 2]), (2, 1), [1, 2])),
    ct(C("mx.conv_general", x2, w2, stride=[2, 1], padding=[1, 1], kernel_dilation=1, input_dilation=2)),
    ct(C("mx.conv_general", x2, w2, padding=[[1, 0], [0, 1]])),
    ct(C("mx.conv_general", x2, w2, stride=[], padding=[])),
    ct(C("mx.conv_general", x3, w3, 1, 1, 1, 1, 1, True)),
    ct(C("mx.conv_general", x15, w15, stream=mx.cpu)),
    ct(C("mx.conv_general", T(A((3, 8, 1), seed=5), (2, 1, 0)), w15, 2)),
    E("mx.conv_general", x15, w15, 0),
    E("mx.conv_general", x15, w15, [1, 1, 1]),
    E("mx.conv_general", x15, w15, input_dilation=0),
    E("mx.conv_general", x15, w15, kernel_dilation=-1),
    E("mx.conv_general", x15, w15, padding=([-10], [0])),
    E("mx.conv_general", A((1, 3, 3, 3, 3, 2)), A((2, 2, 2, 2, 2, 2))),
    E("mx.conv_general", A((1, 2)), A((3, 2))),
    E("mx.conv_general", x15, w15, padding="same"),
    E("mx.conv_general", x15, w15, flip=1),
    E("mx.conv_general", x15, w15, stride=1.5),
    E("mx.conv_general", A((1, 8, 3), "int32"), A((4, 3, 3), "int32")),
    sigfpe(E("mx.conv_general", x25, A((6, 2, 4)), 1, 0, 1, 1, 0), (x25, A((6, 2, 4)), 1, 0, 1, 1, -1),
           "groups=0", "groups=-1"),
)

# --------------------------------------------------------------------------
# convolve

v5 = A((5,), seed=41)
v3 = A((3,), seed=42)
v4 = A((4,), seed=43)
for mode in ("full", "same", "valid"):
    add(
        ct(C("mx.convolve", v5, v3, mode)),
        ct(C("mx.convolve", v5, v4, mode=mode)),
        ct(C("mx.convolve", v3, v5, mode)),
        ct(C("mx.convolve", v4, v5, mode)),
        ct(C("mx.convolve", v5, A((1,), seed=44), mode)),
        ct(C("mx.convolve", v5, A((5,), seed=45), mode)),
        ct(C("mx.convolve", A((9,), "float16", seed=46), A((2,), "float16", seed=47), mode)),
    )
add(
    ct(C("mx.convolve", v5, v3)),
    ct(C("mx.convolve", v5, v3, stream=mx.cpu)),
    ct(C("mx.convolve", B(A((1,), seed=48), (6,)), v3)),
    E("mx.convolve", v5, v3, "circular"),
    E("mx.convolve", A((0,)), v3),
    E("mx.convolve", v5, A((0,))),
    E("mx.convolve", A((2, 3)), v3),
    E("mx.convolve", A(()), v3),
    E("mx.convolve", v5, 2.5),
    E("mx.convolve", [1.5, 2.5], v3),
    E("mx.convolve", A((5,), "int32"), A((3,), "int32")),
    E("mx.convolve", v5, v3, mode=None),
    E("mx.convolve", a=v5, v=v3),
)
for i, d in enumerate(DTYPES):
    add(ct(X("mx.convolve", A((6,), d, seed=180 + i), A((3,), d, seed=190 + i))))

# --------------------------------------------------------------------------
# quantize / dequantize

W = A((8, 256), seed=51)
W3 = A((2, 4, 128), seed=52)
QBITS = [1, 2, 3, 4, 5, 6, 8]
for gs in (32, 64, 128):
    for bits in QBITS:
        add(C("mx.quantize", W, gs, bits))
add(
    C("mx.quantize", W),
    C("mx.quantize", W, group_size=128),
    C("mx.quantize", W, bits=8),
    C("mx.quantize", W, 64, 4, "affine"),
    C("mx.quantize", W, 64, 4, "affine", None),
    C("mx.quantize", W3, 32, 3),
    C("mx.quantize", T(A((256, 8), seed=53)), 64, 4),
    C("mx.quantize", B(A((1, 128), seed=54), (3, 128))),
    C("mx.quantize", A((8, 64), kind="special"), 32, 4),
    C("mx.quantize", A((8, 64), kind="small"), 32, 2),
    C("mx.quantize", mx.zeros((4, 64)), 64, 4),
    C("mx.quantize", A((0, 64))),
    C("mx.quantize", A((4, 64), "float16", seed=55), 32, 5),
    C("mx.quantize", A((4, 64), "bfloat16", seed=56), 32, 6),
    C("mx.quantize", W, mode="mxfp4"),
    C("mx.quantize", W, 32, 4, "mxfp4"),
    C("mx.quantize", W, mode="mxfp8"),
    C("mx.quantize", W, 32, 8, "mxfp8"),
    C("mx.quantize", W, mode="nvfp4"),
    C("mx.quantize", W, 16, 4, "nvfp4"),
    C("mx.quantize", W, mode="nvfp4", global_scale=mx.array(0.75)),
    # the runtime takes global_scale positionally too (the stub says keyword-only)
    C("mx.quantize", W, 16, 4, "nvfp4", mx.array(0.75)),
    C("mx.quantize", W3, mode="mxfp4"),
    C("mx.quantize", A((4, 64), "float16", seed=57), mode="mxfp8"),
    C("mx.quantize", A((4, 64), "bfloat16", seed=58), mode="nvfp4"),
    C("mx.quantize", A((4, 64), kind="special"), mode="mxfp8"),
    C("mx.quantize", A((4, 64), kind="special"), mode="nvfp4"),
    C("mx.quantize", W, stream=mx.cpu),
    E("mx.quantize", W, 16),
    E("mx.quantize", W, -1),
    E("mx.quantize", W, 64, 7),
    E("mx.quantize", W, 64, 0),
    E("mx.quantize", W, 64, 16),
    E("mx.quantize", A((64,))),
    E("mx.quantize", A((4, 48))),
    E("mx.quantize", A((4, 64), "int32")),
    E("mx.quantize", F64((4, 64))),
    E("mx.quantize", W, mode="fp4"),
    E("mx.quantize", W, 64, mode="mxfp4"),
    E("mx.quantize", W, bits=8, mode="mxfp4"),
    E("mx.quantize", W, 32, mode="nvfp4"),
    E("mx.quantize", W, global_scale=mx.array(0.5)),
    E("mx.quantize", W, mode="nvfp4", global_scale=mx.ones((2,))),
    E("mx.quantize", W, 64.5),
    E("mx.quantize", w=W),
    sigfpe(E("mx.quantize", W, 0), (W, -1), "group_size=0", "group_size=-1"),
    sigfpe(E("mx.quantize", W, 0, None, "mxfp4"), (W, -1, None, "mxfp4"), "group_size=0", "group_size=-1"),
)
for d in DTYPES:
    add(X("mx.quantize", A((2, 64), d, seed=3)))

# quantized operands, computed once in Python and sent to both sides
Q = {}
for gs in (32, 64, 128):
    for bits in QBITS:
        Q[("affine", gs, bits)] = mx.quantize(W, gs, bits)
for mode in ("mxfp4", "mxfp8", "nvfp4"):
    Q[(mode,)] = mx.quantize(W, mode=mode)
Q16 = mx.quantize(A((8, 128), "float16", seed=59), 64, 4)
QB16 = mx.quantize(A((8, 128), "bfloat16", seed=60), 32, 8)
QNVG = mx.quantize(W, mode="nvfp4", global_scale=mx.array(0.75))
mx.eval(Q, Q16, QB16, QNVG)

for (key, q) in Q.items():
    if key[0] == "affine":
        _, gs, bits = key
        add(C("mx.dequantize", *q, gs, bits))
    else:
        add(C("mx.dequantize", q[0], q[1], mode=key[0]))
wq4, s4, b4 = Q[("affine", 64, 4)]
add(
    C("mx.dequantize", wq4, s4, b4),
    C("mx.dequantize", wq4, scales=s4, biases=b4, group_size=64, bits=4, mode="affine"),
    C("mx.dequantize", wq4, s4, b4, dtype=mx.float16),
    C("mx.dequantize", wq4, s4, b4, dtype=mx.bfloat16),
    C("mx.dequantize", wq4, s4, b4, 64, 4, "affine", None, mx.float32),
    C("mx.dequantize", *Q16),
    C("mx.dequantize", *QB16, 32, 8),
    C("mx.dequantize", QNVG[0], QNVG[1], mode="nvfp4", global_scale=mx.array(0.75)),
    C("mx.dequantize", Q[("mxfp4",)][0], Q[("mxfp4",)][1], None, 32, 4, "mxfp4", None, mx.float16),
    C("mx.dequantize", Q[("mxfp8",)][0], Q[("mxfp8",)][1], mode="mxfp8", dtype=mx.float32),
    C("mx.dequantize", T(mx.array(np.ascontiguousarray(np.array(wq4).T))), s4, b4),
    C("mx.dequantize", wq4, s4, b4, stream=mx.cpu),
    C("mx.dequantize", mx.zeros((4, 0), dtype=mx.uint32), mx.zeros((4, 0)), mx.zeros((4, 0))),
    E("mx.dequantize", wq4, s4),
    E("mx.dequantize", wq4, s4, b4, 32),
    E("mx.dequantize", wq4, s4, b4, 64, 3),
    E("mx.dequantize", wq4, s4, b4, 0),
    E("mx.dequantize", wq4, s4, b4, 64, 0),
    E("mx.dequantize", wq4.astype(mx.int32), s4, b4),
    E("mx.dequantize", A((8, 32)), s4, b4),
    E("mx.dequantize", wq4, s4.astype(mx.int32), b4.astype(mx.int32)),
    E("mx.dequantize", wq4, s4, b4, dtype=mx.int32),
    E("mx.dequantize", wq4[0], s4[0], b4[0]),
    E("mx.dequantize", Q[("mxfp4",)][0], s4, mode="mxfp4"),
    E("mx.dequantize", Q[("mxfp4",)][0], Q[("mxfp4",)][1], b4, mode="mxfp4"),
    E("mx.dequantize", wq4, s4, b4, mode="int4"),
    E("mx.dequantize", mx.zeros((0, 8), dtype=mx.uint32), mx.zeros((0, 1)), mx.zeros((0, 1))),
    E("mx.dequantize", wq4, s4, b4, dtype="float32"),
)

W3Q = mx.quantize(W3, 32, 3)
mx.eval(W3Q)
add(
    C("mx.dequantize", *W3Q, 32, 3),
    C("mx.dequantize", *W3Q, group_size=32, bits=3, dtype=mx.float16),
    X("mx.dequantize", *Q[("affine", 64, 4)], 64, 4, "affine", mx.array(0.5)),
    X("mx.dequantize", Q[("nvfp4",)][0], Q[("nvfp4",)][1], None, 16, 4, "nvfp4", mx.ones((2,))),
)
# Both sides run the same libmlx kernels: quantized values, scales and biases
# (and dequantized values) must agree bit for bit.
for c in CASES:
    if c.fn in ("mx.quantize", "mx.dequantize") and c.expect == "ok":
        c.exact = True

# --------------------------------------------------------------------------
# quantized_matmul / gather_qmm

QMM_TOL = dict(exact=True)  # MLX's own quantized kernels (no BLAS) on both sides: bit for bit
X8 = A((3, 256), seed=61)
for (key, q) in Q.items():
    if key[0] == "affine":
        _, gs, bits = key
        add(with_opts(C("mx.quantized_matmul", X8, *q, True, gs, bits), **QMM_TOL))
    else:
        add(with_opts(C("mx.quantized_matmul", X8, q[0], q[1], mode=key[0]), **QMM_TOL))
add(
    with_opts(C("mx.quantized_matmul", X8, wq4, s4, b4), **QMM_TOL),
    with_opts(C("mx.quantized_matmul", X8, wq4, scales=s4, biases=b4, transpose=True, group_size=64, bits=4), **QMM_TOL),
    with_opts(C("mx.quantized_matmul", A((2, 8), seed=62), wq4, s4, b4, False), **QMM_TOL),
    with_opts(C("mx.quantized_matmul", A((2, 5, 8), seed=62), wq4, s4, b4, transpose=False), **QMM_TOL),
    with_opts(C("mx.quantized_matmul", A((256,), seed=63), wq4, s4, b4), **QMM_TOL),
    with_opts(C("mx.quantized_matmul", A((2, 3, 256), seed=64), wq4, s4, b4), **QMM_TOL),
    with_opts(C("mx.quantized_matmul", T(A((256, 3), seed=65)), wq4, s4, b4), **QMM_TOL),
    with_opts(C("mx.quantized_matmul", A((3, 256), "float16", seed=66), wq4, s4, b4), **QMM_TOL),
    with_opts(C("mx.quantized_matmul", A((3, 128), "float16", seed=66), *Q16), **QMM_TOL),
    with_opts(C("mx.quantized_matmul", A((3, 128), "bfloat16", seed=67), *QB16, True, 32, 8), **QMM_TOL),
    with_opts(C("mx.quantized_matmul", A((3, 256), "int32", seed=68), wq4, s4, b4), **QMM_TOL),
    with_opts(C("mx.quantized_matmul", X8, wq4, s4, b4, stream=mx.cpu), **QMM_TOL),
    E("mx.quantized_matmul", A((3, 128)), wq4, s4, b4),
    E("mx.quantized_matmul", X8, wq4, s4),
    E("mx.quantized_matmul", X8, wq4, s4, b4, True, 32),
    E("mx.quantized_matmul", X8, wq4, s4, b4, True, 64, 8),
    E("mx.quantized_matmul", X8, wq4, s4, b4, True, -64),
    E("mx.quantized_matmul", X8, wq4, s4, b4, True, 0),
    E("mx.quantized_matmul", X8, wq4, s4, b4, mode="mxfp4"),
    E("mx.quantized_matmul", X8, Q[("mxfp4",)][0], Q[("mxfp4",)][1], b4, mode="mxfp4"),
    E("mx.quantized_matmul", X8, wq4, s4, b4, True, 64, 4, "bad"),
    E("mx.quantized_matmul", X8, A((8, 32)), s4, b4),
    E("mx.quantized_matmul", X8, wq4),
    E("mx.quantized_matmul", x=X8, w=wq4, scales=s4, biases=b4),
    sigfpe(E("mx.quantized_matmul", X8, wq4, s4, b4, True, 64, 0), (X8, wq4, s4, b4, True, 64, -4),
           "bits=0", "bits=-4"),
)

WG = A((3, 8, 256), seed=71)
QG = mx.quantize(WG, 64, 4)
XG = A((2, 1, 3, 256), seed=72)
mx.eval(QG)
IDX = mx.array([2, 0, 1, 2])
add(
    with_opts(C("mx.gather_qmm", X8, *QG), **QMM_TOL),
    with_opts(C("mx.gather_qmm", X8, *QG, rhs_indices=mx.array([1])), **QMM_TOL),
    with_opts(C("mx.gather_qmm", X8, *QG, None, mx.array([[2], [0]])), **QMM_TOL),
    with_opts(C("mx.gather_qmm", XG, *QG, mx.array([1, 0, 1]), mx.array([2, 2, 0])), **QMM_TOL),
    with_opts(C("mx.gather_qmm", XG, *QG, lhs_indices=mx.array([0, 1]), rhs_indices=mx.array([0, 1]),
                sorted_indices=True), **QMM_TOL),
    with_opts(C("mx.gather_qmm", XG, *QG, IDX.astype(mx.uint32) % 2, IDX.astype(mx.int64)), **QMM_TOL),
    with_opts(C("mx.gather_qmm", A((3, 8), seed=73), *QG, None, mx.array([1]), False), **QMM_TOL),
    with_opts(C("mx.gather_qmm", X8, *QG, rhs_indices=mx.array([1]), transpose=True, group_size=64, bits=4,
                mode="affine", global_scale=None), **QMM_TOL),
    with_opts(C("mx.gather_qmm", X8, QG[0], QG[1], QG[2], None, mx.array([0]), stream=mx.cpu), **QMM_TOL),
    with_opts(C("mx.gather_qmm", X8, *QG, rhs_indices=mx.array([5])), **QMM_TOL),  # wraps: index 5 of 3
    with_opts(C("mx.gather_qmm", A((3, 256), "float16", seed=74), *QG, rhs_indices=mx.array([2])), **QMM_TOL),
    with_opts(C("mx.gather_qmm", X8, *mx.quantize(WG, mode="mxfp4"), rhs_indices=mx.array([1]), mode="mxfp4"),
              **QMM_TOL),
    E("mx.gather_qmm", X8, *QG, rhs_indices=mx.array([0.5])),
    E("mx.gather_qmm", X8, *QG, rhs_indices=mx.array([[0, 1], [1, 0]]), lhs_indices=mx.array([0, 1, 2])),
    E("mx.gather_qmm", A((3, 128)), *QG),
    E("mx.gather_qmm", X8, QG[0], QG[1]),
    E("mx.gather_qmm", X8, *QG, group_size=32),
    E("mx.gather_qmm", X8, *QG, rhs_indices=[1]),
    E("mx.gather_qmm", X8, *QG, mode="nvfp4"),
    sigfpe(E("mx.gather_qmm", X8, *QG, None, None, True, 64, 0), (X8, *QG, None, None, True, 64, -1),
           "bits=0", "bits=-1"),
)

# --------------------------------------------------------------------------
# qqmm / gather_qqmm: MLX 0.32.4 implements them on the GPU only (the CPU
# raises "NYI"); the cases check that Node raises where Python does.

XQ = A((4, 64), seed=81)
WQ = A((8, 64), seed=82)
QN = mx.quantize(WQ, mode="nvfp4")
QM8 = mx.quantize(WQ, mode="mxfp8")
mx.eval(QN, QM8)
add(
    E("mx.qqmm", XQ, WQ),
    E("mx.qqmm", XQ, WQ, mode="mxfp8"),
    E("mx.qqmm", XQ, *QN),
    E("mx.qqmm", XQ, QM8[0], QM8[1], 32, 8, "mxfp8"),
    E("mx.qqmm", XQ, WQ, None, 16, 4, "nvfp4", mx.array(0.5), mx.array(0.25)),
    E("mx.qqmm", XQ, WQ, stream=mx.cpu),
    E("mx.qqmm", XQ, WQ, mode="affine"),
    E("mx.qqmm", XQ, A((8, 32))),
    E("mx.qqmm", x=XQ, w=WQ),
    E("mx.gather_qqmm", XQ, WQ),
    E("mx.gather_qqmm", XQ, A((3, 8, 64)), rhs_indices=mx.array([1])),
    E("mx.gather_qqmm", XQ, *QN, None, None, 16, 4, "nvfp4"),
    E("mx.gather_qqmm", XQ, WQ, mode="mxfp8", sorted_indices=True),
    E("mx.gather_qqmm", XQ, WQ, rhs_indices=mx.array([0.5])),
)
# A quantized (uint32) w without scales: Python mlx's gather_qqmm dereferences the
# missing scales (segfault; run isolated); Node throws as qqmm does (tools/fuzz).
c = E("mx.gather_qqmm", mx.zeros((0, 2), mx.int8), mx.zeros((0, 2), mx.uint32))
c.expect = "node_error"
c.note = "Python mlx segfaults (gather_qqmm reads missing scales); Node throws"
c.isolate = True
add(c)

# --------------------------------------------------------------------------
# to_fp8 / from_fp8

add(
    C("mx.to_fp8", A((4, 5), seed=91)),
    C("mx.to_fp8", A((20,), kind="special")),
    C("mx.to_fp8", A((3, 4), "float16", seed=92)),
    C("mx.to_fp8", A((3, 4), "bfloat16", seed=93)),
    # (float64 input: MLX's CPU kernel reads it as float32, garbage; Node converts through float32)
    C("mx.to_fp8", mx.array([0.0, 448.0, -448.0, 500.0, 1e-3, 2.0**-9, 2.0**-10, -0.0, 1e6])),
    C("mx.to_fp8", A(()), stream=mx.cpu),
    C("mx.to_fp8", A((0, 3))),
    C("mx.to_fp8", T(A((3, 4), seed=95))),
    E("mx.to_fp8", A((3,), "int32")),
    E("mx.to_fp8", A((3,), "bool")),
    E("mx.to_fp8", 2.5),
    E("mx.to_fp8", x=A((3,))),
)
FP8 = mx.array(np.arange(256, dtype=np.uint8))
for d in DTYPES:
    add(X("mx.to_fp8", A((2, 3), d, seed=4)))
    if d != "float64":  # MLX's CPU kernel writes float32s into the float64 output (half of it uninitialised)
        add(X("mx.from_fp8", FP8, D(d)))
add(
    C("mx.from_fp8", FP8),
    C("mx.from_fp8", FP8, mx.float32),
    C("mx.from_fp8", FP8, dtype=mx.float16),
    C("mx.from_fp8", A((3, 4), "uint8", seed=96), stream=mx.cpu),
    C("mx.from_fp8", T(A((3, 4), "uint8", seed=97))),
    C("mx.from_fp8", A((0,), "uint8")),
    C("mx.from_fp8", mx.array(7, dtype=mx.uint8), mx.float32),
    E("mx.from_fp8", A((3,))),
    E("mx.from_fp8", A((3,), "int8")),
    E("mx.from_fp8", FP8, mx.int32),
    E("mx.from_fp8", FP8, None),
    E("mx.from_fp8", FP8, "float32"),
    E("mx.from_fp8", x=FP8),
)

# --------------------------------------------------------------------------
# gather_mm

GA = A((3, 2, 4), seed=101)
GB = A((5, 4, 3), seed=102)
add(
    ct(C("mx.gather_mm", A((2, 4), seed=103), A((4, 3), seed=104))),
    ct(C("mx.gather_mm", A((4,), seed=103), A((4, 3), seed=104))),
    ct(C("mx.gather_mm", GA, GB, mx.array([0, 2]), mx.array([4, 1]))),
    ct(C("mx.gather_mm", GA, GB, lhs_indices=mx.array([[0], [1]]), rhs_indices=mx.array([3, 1, 0]))),
    ct(C("mx.gather_mm", A((2, 4), seed=105), GB, None, mx.array([2, 2, 0]))),
    ct(C("mx.gather_mm", A((2, 4), seed=105), GB, rhs_indices=mx.array([0, 1, 3]), sorted_indices=True)),
    ct(C("mx.gather_mm", GA, A((4, 3), seed=106), mx.array([1, 1]))),
    ct(C("mx.gather_mm", GA, GB, mx.array([0, 1], dtype=mx.uint32), mx.array([1, 2], dtype=mx.int64))),
    ct(C("mx.gather_mm", GA, GB, mx.array([2]), mx.array([7]))),  # index 7 of 5 wraps in both
    ct(C("mx.gather_mm", T(A((3, 4, 2), seed=107), (0, 2, 1)), GB, mx.array([0]), mx.array([0]))),
    ct(C("mx.gather_mm", GA, GB, mx.array([0]), mx.array([0]), stream=mx.cpu)),
    ct(C("mx.gather_mm", A((2, 4), "float16", seed=108), A((4, 3), "float16", seed=109))),
    C("mx.gather_mm", GA, GB, mx.zeros((0,), dtype=mx.uint32), mx.zeros((0,), dtype=mx.uint32)),
    C("mx.gather_mm", A((0, 4)), GB, None, mx.array([1])),
    E("mx.gather_mm", GA, GB, mx.array([0.5])),
    E("mx.gather_mm", GA, A((5, 3, 3))),
    E("mx.gather_mm", A((2, 4), "int32"), A((4, 3), "int32")),
    E("mx.gather_mm", GA, GB, [0]),
    E("mx.gather_mm", GA, GB, mx.array([0, 1, 2]), mx.array([0, 1])),
    E("mx.gather_mm", A(()), GB),
    E("mx.gather_mm", GA, GB, None, None, True),
    E("mx.gather_mm", a=GA, b=GB),
)

# --------------------------------------------------------------------------
# block_masked_mm

MA = A((64, 96), seed=111)
MB = A((96, 64), seed=112)
M_OUT = A((2, 2), "bool", seed=113)
M_LHS = A((2, 3), seed=114, kind="pos")
M_RHS = A((3, 2), seed=115, kind="pos")
BM_TOL = dict(rtol=1e-5, atol=1e-4)  # sums of 96 products through two BLAS builds


def bm(case):
    return with_opts(case, **BM_TOL)

add(
    bm(C("mx.block_masked_mm", MA, MB)),
    bm(C("mx.block_masked_mm", MA, MB, 32)),
    bm(C("mx.block_masked_mm", MA, MB, 32, M_OUT)),
    bm(C("mx.block_masked_mm", MA, MB, 32, None, M_LHS, M_RHS)),
    bm(C("mx.block_masked_mm", MA, MB, block_size=32, mask_out=M_OUT, mask_lhs=M_LHS, mask_rhs=M_RHS)),
    bm(C("mx.block_masked_mm", MA, MB, 32, mask_lhs=A((2, 3), "bool", seed=116), mask_rhs=A((3, 2), "bool", seed=117))),
    bm(C("mx.block_masked_mm", MA, MB, 64, mx.array([[False]]))),
    bm(C("mx.block_masked_mm", A((2, 40, 70), seed=118), A((70, 33), seed=119), 32, A((2, 2, 2), "bool", seed=120))),
    bm(C("mx.block_masked_mm", T(A((96, 64), seed=121)), MB, 32, M_OUT)),
    bm(C("mx.block_masked_mm", MA, MB, 32, M_OUT, stream=mx.cpu)),
    bm(C("mx.block_masked_mm", MA, MB, 16)),
    C("mx.block_masked_mm", A((0, 96)), MB, 32, A((0, 2), "bool")),
    E("mx.block_masked_mm", A((64, 96), "float16", seed=122), A((96, 64), "float16", seed=123), 32, M_OUT),
    E("mx.block_masked_mm", F64((64, 96)), F64((96, 64)), 32, M_OUT),
    E("mx.block_masked_mm", MA, MB, 16, M_OUT),
    E("mx.block_masked_mm", MA, MB, 0, M_OUT),
    E("mx.block_masked_mm", MA, MB, 32, A((3, 3), "bool")),
    E("mx.block_masked_mm", MA, A((64, 64))),
    E("mx.block_masked_mm", A((64, 96), "int32"), A((96, 64), "int32"), 32, M_OUT),
    bm(C("mx.block_masked_mm", MA, MB, 32, None, M_LHS)),
    E("mx.block_masked_mm", MA, MB, 32.5),
    E("mx.block_masked_mm", a=MA, b=MB),
)

# --------------------------------------------------------------------------
# segmented_mm

SA = A((3, 10), seed=131)
SB = A((10, 4), seed=132)
add(
    ct(C("mx.segmented_mm", SA, SB, mx.array([[0, 4], [4, 10]]))),
    ct(C("mx.segmented_mm", SA, SB, mx.array([0, 10]))),
    ct(C("mx.segmented_mm", SA, SB, mx.array([[0, 3], [3, 3], [5, 2], [2, 9]]))),
    ct(C("mx.segmented_mm", SA, SB, mx.array([[[0, 5]], [[5, 10]]], dtype=mx.uint32))),
    ct(C("mx.segmented_mm", SA, SB, segments=mx.array([[1, 7]], dtype=mx.int64))),
    ct(C("mx.segmented_mm", T(A((10, 3), seed=133)), T(A((4, 10), seed=134)), mx.array([[0, 6], [6, 10]]))),
    ct(C("mx.segmented_mm", SA, SB, mx.array([[0, 10]]), stream=mx.cpu)),
    ct(C("mx.segmented_mm", A((3, 10), "float16", seed=135), A((10, 4), "float16", seed=136), mx.array([[0, 5]]))),
    C("mx.segmented_mm", A((2, 0)), A((0, 3)), mx.array([[0, 0]])),
    C("mx.segmented_mm", SA, SB, mx.zeros((0, 2), dtype=mx.int32)),
    E("mx.segmented_mm", SA, SB, mx.array([[0.0, 3.5]])),
    E("mx.segmented_mm", SA, SB, mx.array([[0, 3, 6]])),
    E("mx.segmented_mm", A((2, 3, 10)), SB, mx.array([[0, 3]])),
    E("mx.segmented_mm", A((3, 10), "int32"), A((10, 4), "int32"), mx.array([[0, 3]])),
    # MLX does not check that a's K and b's K agree; segments inside both work
    ct(C("mx.segmented_mm", SA, A((9, 4), seed=137), mx.array([[0, 3]]))),
    E("mx.segmented_mm", SA, SB, [[0, 3]]),
    E("mx.segmented_mm", SA, SB),
)

# --------------------------------------------------------------------------
# hadamard_transform

HAD_TOL = dict(exact=True)  # MLX's own kernel on both sides: bit for bit
for n in (1, 2, 4, 8, 64, 12, 24, 48, 20, 40, 80, 28, 56, 112, 1024):
    add(with_opts(C("mx.hadamard_transform", A((3, n), seed=140 + n)), **HAD_TOL))
add(
    with_opts(C("mx.hadamard_transform", A((16,), seed=151), 0.25), **HAD_TOL),
    with_opts(C("mx.hadamard_transform", A((16,), seed=151), scale=1), **HAD_TOL),
    with_opts(C("mx.hadamard_transform", A((16,), seed=151), None), **HAD_TOL),
    with_opts(C("mx.hadamard_transform", A((2, 3, 32), seed=152), 0.5, stream=mx.cpu), **HAD_TOL),
    with_opts(C("mx.hadamard_transform", T(A((8, 3), seed=153))), **HAD_TOL),
    with_opts(C("mx.hadamard_transform", B(A((1, 8), seed=154), (3, 8))), **HAD_TOL),
    C("mx.hadamard_transform", A(())),
    C("mx.hadamard_transform", A((8,), "float16", seed=155)),
    C("mx.hadamard_transform", A((8,), "bfloat16", seed=156)),
    C("mx.hadamard_transform", A((8,), "int32", seed=157)),
    C("mx.hadamard_transform", A((8,), kind="special")),
    with_opts(C("mx.hadamard_transform", A((2, 16384), "float16", seed=158)), **HAD_TOL),
    E("mx.hadamard_transform", A((3,))),
    deviation(E("mx.hadamard_transform", A((36,))), (A((44,)),),
              "MLX 0.32.4 accepts n = 36 = 12*3 (it never checks that n/m is a power of two) and returns garbage; "
              "for 60, 72, 120, 132 its kernel corrupts the heap and aborts. Node throws MLX's size error; Python "
              "runs n = 44 (rejected) instead"),
    deviation(E("mx.hadamard_transform", A((2, 60))), (A((2, 44)),), "as for n = 36 (Python aborts on 60)"),
    E("mx.hadamard_transform", A((0,))),
    E("mx.hadamard_transform", A((0, 4))),
    E("mx.hadamard_transform", F64((4,))),
    E("mx.hadamard_transform", A((4,)), "x"),
    E("mx.hadamard_transform", 2.5),
    E("mx.hadamard_transform", a=A((4,))),
    E("mx.hadamard_transform", A((4,)), None, mx.cpu),
)
for d in DTYPES:
    add(X("mx.hadamard_transform", A((2, 8), d, seed=5)))

# fp8 conversions and hadamard_transform run the same libmlx kernels on both sides: bit for bit.
for c in CASES:
    if c.fn in ("mx.to_fp8", "mx.from_fp8", "mx.hadamard_transform") and c.expect != "error":
        c.exact = True

# --------------------------------------------------------------------------
# more argument combinations (whatever Python does, Node does)

_q3 = mx.quantize(A((3, 4, 64), seed=201))
_q3n = mx.quantize(A((3, 4, 64), seed=202), mode="nvfp4")
_q3m = mx.quantize(A((3, 4, 64), seed=203), mode="mxfp8")
_qn = mx.quantize(A((4, 64), seed=204), mode="nvfp4")
mx.eval(_q3, _q3n, _q3m, _qn)
_x64 = A((2, 64), seed=205)
add(
    ct(X("mx.gather_mm", A((2, 3), seed=206), A((4, 3, 4), seed=207), rhs_indices=mx.array([3, 0, 2, 1]), sorted_indices=True)),
    ct(X("mx.gather_mm", A((3, 2, 3), seed=206), A((4, 3, 4), seed=207), lhs_indices=mx.array([2, 0, 1]),
         rhs_indices=mx.array([3, 0, 2]), sorted_indices=True)),
    ct(X("mx.gather_mm", A((2, 3), seed=206), A((4, 3, 4), seed=207), rhs_indices=mx.array([[3], [0]]))),
    ct(X("mx.gather_mm", A((2, 3), seed=206), A((4, 3, 4), seed=207), rhs_indices=mx.array([100000]))),
    with_opts(X("mx.gather_qmm", _x64, *_q3, rhs_indices=mx.array([2, 0, 1]), sorted_indices=True), exact=True),
    with_opts(X("mx.gather_qmm", _x64, *_q3, rhs_indices=mx.array([1 << 20])), exact=True),
    with_opts(X("mx.gather_qmm", A((5, 2, 64), seed=208), *_q3, lhs_indices=mx.array([4, 1]), rhs_indices=mx.array([2, 0])),
              exact=True),
    X("mx.gather_qmm", _x64, *_q3n, rhs_indices=mx.array([1]), mode="nvfp4", global_scale=mx.array(0.5)),
    with_opts(X("mx.gather_qmm", _x64, *_q3n, rhs_indices=mx.array([1]), mode="nvfp4"), exact=True),
    with_opts(X("mx.gather_qmm", _x64, *_q3m, rhs_indices=mx.array([1]), mode="mxfp8"), exact=True),
    with_opts(X("mx.quantized_matmul", _x64, *_q3), exact=True),
    with_opts(X("mx.quantized_matmul", A((3, 2, 64), seed=209), *_q3), exact=True),
    X("mx.quantized_matmul", A((5, 2, 64), seed=209), *_q3),
    with_opts(X("mx.quantized_matmul", _x64, *_qn, mode="nvfp4", transpose=True), exact=True),
    X("mx.quantized_matmul", _x64, *_qn, mode="nvfp4", transpose=False),
    with_opts(X("mx.quantize", A((4, 64), seed=210), mode="nvfp4", global_scale=mx.array(0.0)), exact=True),
    X("mx.quantize", A((4, 64), seed=210), mode="nvfp4", global_scale=mx.array([1.5])),
    X("mx.quantize", A((4, 64), seed=210), mode="nvfp4", global_scale=mx.array(1)),
    with_opts(X("mx.dequantize", *_qn, mode="nvfp4", global_scale=mx.array(0.0)), exact=True),
    with_opts(X("mx.dequantize", *_qn, mode="nvfp4", global_scale=mx.array(0.375)), exact=True),
    with_opts(X("mx.hadamard_transform", A((2, 8), seed=211), float("inf")), exact=True),
    with_opts(X("mx.hadamard_transform", A((2, 8), seed=211), -0.5), exact=True),
    with_opts(X("mx.to_fp8", mx.array([float("nan"), float("inf"), -float("inf")])), exact=True),
    ct(X("mx.conv_general", x2, w2, padding=([1], [0, 0]))),
    ct(X("mx.conv_general", x2, w2, padding=([1], [0]))),
    ct(X("mx.conv_general", x2, w2, padding=([1, 2, 3], [0, 0]))),
    ct(X("mx.conv_general", x2, w2, kernel_dilation=[1, 2, 3])),
    ct(X("mx.conv_general", x2, w2, input_dilation=[2])),
    ct(X("mx.conv2d", x2, w2, padding=(-1, -1))),
    ct(X("mx.conv2d", x2, w2, padding=(-3, 0))),
    ct(X("mx.conv_transpose2d", x2, wt2, stride=2, output_padding=(5, 0))),
    # an integer mask_out scales the output blocks (by up to 3): the BLAS difference scales with it
    with_opts(X("mx.block_masked_mm", MA, MB, 32, A((2, 2), "int32", seed=212, kind="small")), rtol=1e-5, atol=5e-4),
    bm(X("mx.block_masked_mm", MA, MB, 32, None, A((2, 3), "int32", seed=213, kind="small"), A((3, 2), "int32", seed=214, kind="small"))),
    bm(X("mx.block_masked_mm", A((2, 64, 64), seed=215), A((3, 64, 64), seed=216), 32)),
)

# --------------------------------------------------------------------------
# Node's definitions where Python mlx reads outside its operands (garbage or a
# crash): compared with the Python call that gives the same defined value.

NEG_WHY = ("MLX's CPU kernel reads outside the operand for a negative index (garbage, possibly a segfault); "
           "Node wraps indices into the batch as NumPy's take(mode='wrap'); Python runs the wrapped index")
add(
    deviation(ct(C("mx.gather_mm", GA, GB, mx.array([-1]), mx.array([-2]))), (GA, GB, mx.array([2]), mx.array([3])), NEG_WHY),
    deviation(ct(C("mx.gather_mm", A((2, 4), seed=105), GB, None, mx.array([-5, 4, -6]))),
              (A((2, 4), seed=105), GB, None, mx.array([0, 4, 4])), NEG_WHY),
    deviation(with_opts(C("mx.gather_qmm", X8, *QG, None, mx.array([-1, -3])), exact=True),
              (X8, *QG, None, mx.array([2, 0])), NEG_WHY),
    deviation(ct(C("mx.segmented_mm", SA, SB, mx.array([[0, 100], [-3, 4], [4, 1 << 30]]))),
              (SA, SB, mx.array([[0, 10], [10, 4], [4, 10]])),
              "MLX's CPU kernel reads past the operands for segments beyond K (garbage; the wheel's reference BLAS "
              "ends the process); Node clamps segment bounds into [0, K] (MLX reads them as uint32, so -3 is "
              "beyond K) as NumPy slicing clamps; Python runs the clamped segments"),
    deviation(ct(C("mx.conv1d", A((1, 5, 2), seed=220), mx.zeros((3, 0, 2)))),
              (A((1, 5, 2), seed=220), mx.zeros((3, 2, 2)), 1, 1),
              "a zero-size kernel: the wheel's reference BLAS rejects MLX's sgemm call and ends the Python process; "
              "Node gives NumPy's value, zeros of the output shape (1, 6, 3); Python runs a zero kernel of size 2 "
              "with padding 1, which has that shape and value"),
)
