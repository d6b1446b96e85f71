"""Differential cases for the fast family (see cases.py's docstring for C/E/X/R)."""

from __future__ import annotations

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    CASES, A, B, C, D, DTYPES, E, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call, deviation,
    py_equivalent, with_opts,
)

# --------------------------------------------------------------------------
# rms_norm, layer_norm

x34 = A((3, 4), seed=1)
x234 = A((2, 3, 4), seed=2)
w4 = A((4,), seed=3)
b4 = A((4,), seed=4)
for d in DTYPES:
    add(X("mx.fast.rms_norm", A((2, 4), d, seed=5), None, 1e-5),
        X("mx.fast.layer_norm", A((2, 4), d, seed=5), None, None, 1e-5))
add(
    C("mx.fast.rms_norm", x34, None, 1e-5),
    C("mx.fast.rms_norm", x34, w4, 1e-5),
    C("mx.fast.rms_norm", x234, w4, 0.5),
    C("mx.fast.rms_norm", A((5,), seed=6), None, 1e-6),
    C("mx.fast.rms_norm", T(A((4, 3), seed=7)), w4, 1e-5),
    C("mx.fast.rms_norm", B(A((1, 4), seed=8), (3, 4)), B(A((1,), seed=9), (4,)), 1e-5),
    C("mx.fast.rms_norm", A((0, 4)), None, 1e-5),
    C("mx.fast.rms_norm", A((3, 0)), None, 1e-5),
    C("mx.fast.rms_norm", A((3, 4), "float16", seed=1), A((4,), "float16"), 1e-5),
    C("mx.fast.rms_norm", A((3, 4), "bfloat16", seed=1), None, 1e-5),
    C("mx.fast.rms_norm", x34, w4, 0),
    C("mx.fast.rms_norm", x=x34, weight=None, eps=1e-5, stream=mx.cpu),
    C("mx.fast.rms_norm", A((4,), kind="special"), None, 1e-5),
    E("mx.fast.rms_norm", A(()), None, 1e-5),
    E("mx.fast.rms_norm", x34, A((5,)), 1e-5),
    E("mx.fast.rms_norm", x34, A((1, 4)), 1e-5),
    E("mx.fast.rms_norm", A((3, 4), "int32"), None, 1e-5),
    E("mx.fast.rms_norm", x34, None),
    E("mx.fast.rms_norm", x34),
    E("mx.fast.rms_norm", x34, None, 1e-5, mx.cpu),
    E("mx.fast.rms_norm", x34, None, "x"),
    E("mx.fast.rms_norm", [1.5, 2.5], None, 1e-5),
    C("mx.fast.layer_norm", x34, None, None, 1e-5),
    C("mx.fast.layer_norm", x34, w4, None, 1e-5),
    C("mx.fast.layer_norm", x34, None, b4, 1e-5),
    C("mx.fast.layer_norm", x234, w4, b4, 0.25),
    C("mx.fast.layer_norm", T(A((4, 3), seed=7)), w4, b4, 1e-5),
    C("mx.fast.layer_norm", B(A((1, 4), seed=8), (3, 4)), B(A((1,), seed=9), (4,)), None, 1e-5),
    C("mx.fast.layer_norm", A((0, 4)), w4, b4, 1e-5),
    C("mx.fast.layer_norm", A((3, 0)), None, None, 1e-5),
    C("mx.fast.layer_norm", A((5,), seed=6), None, None, 1e-6),
    C("mx.fast.layer_norm", A((3, 4), "float16", seed=1), A((4,), "float16"), A((4,), "float16", seed=2), 1e-5),
    C("mx.fast.layer_norm", A((3, 4), "bfloat16", seed=1), None, None, 1e-5),
    C("mx.fast.layer_norm", x=x34, weight=w4, bias=b4, eps=1e-5, stream=mx.cpu),
    E("mx.fast.layer_norm", A(()), None, None, 1e-5),
    E("mx.fast.layer_norm", x34, A((5,)), None, 1e-5),
    E("mx.fast.layer_norm", x34, None, A((5,)), 1e-5),
    E("mx.fast.layer_norm", x34, None, 1e-5),
    E("mx.fast.layer_norm", A((3, 4), "int32"), None, None, 1e-5),
    E("mx.fast.layer_norm", x34, None, None, 1e-5, mx.cpu),
)

# --------------------------------------------------------------------------
# cross_entropy

lg = A((3, 5), seed=10)
tg = mx.array([0, 4, 2])
add(
    C("mx.fast.cross_entropy", lg, tg),
    C("mx.fast.cross_entropy", A((5,), seed=11), mx.array(3)),
    C("mx.fast.cross_entropy", A((2, 3, 5), seed=12), mx.array([[0, 1, 2], [3, 4, 0]])),
    C("mx.fast.cross_entropy", T(A((5, 3), seed=13)), tg),
    C("mx.fast.cross_entropy", B(A((1, 5), seed=14), (3, 5)), tg),
    C("mx.fast.cross_entropy", lg, mx.array([0, 4, 2], dtype=mx.int64)),
    C("mx.fast.cross_entropy", lg, mx.array([0, 4, 2], dtype=mx.uint8)),
    C("mx.fast.cross_entropy", A((3, 5), "float16", seed=15), tg),
    C("mx.fast.cross_entropy", A((3, 5), "bfloat16", seed=15), tg),
    C("mx.fast.cross_entropy", logits=lg, targets=tg, stream=mx.cpu),
    C("mx.fast.cross_entropy", A((3, 5), kind="special", seed=16), tg),
    X("mx.fast.cross_entropy", A((3, 5), "int32"), tg),
    X("mx.fast.cross_entropy", A((3, 5), "float64"), tg),
    E("mx.fast.cross_entropy", A((0, 5)), mx.zeros((0,), dtype=mx.int32)),
    E("mx.fast.cross_entropy", A((3, 0)), tg),
    E("mx.fast.cross_entropy", lg, mx.array([0.5, 1.5, 2.5])),
    E("mx.fast.cross_entropy", lg, mx.array([0, 1])),
    E("mx.fast.cross_entropy", lg),
    E("mx.fast.cross_entropy", lg, tg, mx.cpu),
    E("mx.fast.cross_entropy", lg, [0, 1, 2]),
    C("mx.fast.cross_entropy", lg, mx.array([-1, -5, 4])),  # negative targets wrap, as in take_along_axis
    # Targets outside [-C, C): Python mlx reads outside the row (far outside it
    # segfaults, e.g. a target of 10**9), so no case here; Node checks real
    # targets and throws a RangeError (tests by hand: 10**9, -6, uint32 5).
)

# --------------------------------------------------------------------------
# rope

q4 = A((1, 2, 3, 8), seed=20)
q3 = A((2, 3, 8), seed=21)
RK = dict(traditional=False, base=10000, scale=1, offset=0)


def rk(**kw):
    d = dict(RK)
    d.update(kw)
    return d


add(
    C("mx.fast.rope", q4, 8, **RK),
    C("mx.fast.rope", q4, 4, **RK),
    C("mx.fast.rope", q4, 8, **rk(traditional=True)),
    C("mx.fast.rope", q4, 6, **rk(traditional=True)),
    C("mx.fast.rope", q4, 8, **rk(base=500.5)),
    C("mx.fast.rope", q4, 8, **rk(scale=0.5)),
    C("mx.fast.rope", q4, 8, **rk(offset=5)),
    C("mx.fast.rope", q4, 8, **rk(offset=-5)),
    C("mx.fast.rope", q3, 8, **rk(offset=mx.array(3))),
    C("mx.fast.rope", q3, 8, **rk(offset=mx.array([1, 7]))),
    C("mx.fast.rope", q3, 8, **rk(traditional=True, offset=mx.array([1, 7]))),
    C("mx.fast.rope", q4, 8, **rk(base=None, freqs=A((4,), kind="pos", seed=22))),
    C("mx.fast.rope", q4, 8, **rk(base=None, traditional=True, freqs=A((4,), kind="pos", seed=22))),
    C("mx.fast.rope", q4, 4, **rk(base=None, freqs=A((2,), kind="pos", seed=22))),
    C("mx.fast.rope", T(A((1, 3, 2, 8), seed=23), (0, 2, 1, 3)), 8, **RK),
    C("mx.fast.rope", B(A((1, 1, 3, 8), seed=24), (2, 2, 3, 8)), 8, **RK),
    C("mx.fast.rope", A((2, 0, 8)), 8, **RK),
    C("mx.fast.rope", A((1, 2, 3, 8), "float16", seed=25), 8, **RK),
    C("mx.fast.rope", A((1, 2, 3, 8), "bfloat16", seed=25), 8, **RK),
    C("mx.fast.rope", a=q4, dims=8, traditional=False, base=10000, scale=1, offset=2, freqs=None, stream=mx.cpu),
    C("mx.fast.rope", q4, 8, traditional=False, base=10000, scale=1, offset=0),
    E("mx.fast.rope", q4, 3, **RK),
    E("mx.fast.rope", q4, 16, **RK),
    E("mx.fast.rope", q4, 0, **RK),
    E("mx.fast.rope", q4, -2, **RK),
    E("mx.fast.rope", q4, 8, **rk(base=None)),
    E("mx.fast.rope", q4, 8, **rk(freqs=A((4,), kind="pos"))),
    E("mx.fast.rope", q4, 8, **rk(base=None, freqs=A((3,), kind="pos"))),
    E("mx.fast.rope", A((8,)), 8, **RK),
    E("mx.fast.rope", A((2, 8)), 8, **RK),
    E("mx.fast.rope", q3, 8, **rk(offset=mx.array(1.5))),
    E("mx.fast.rope", q3, 8, **rk(offset=mx.array([1, 2, 3]))),
    E("mx.fast.rope", q3, 8, **rk(offset=1.5)),
    E("mx.fast.rope", A((2, 3, 8), "int32"), 8, **RK),
    E("mx.fast.rope", q4, 8),
    E("mx.fast.rope", q4, 8, False, 10000, 1, 0),
    E("mx.fast.rope", q4, 8, traditional=False, scale=1, offset=0),
    E("mx.fast.rope", q4, 8, traditional=1, base=10000, scale=1, offset=0),
)

# --------------------------------------------------------------------------
# scaled_dot_product_attention: every mask form

SD = "mx.fast.scaled_dot_product_attention"
q = A((1, 2, 3, 8), seed=30)
k = A((1, 2, 5, 8), seed=31)
v = A((1, 2, 5, 8), seed=32)
qg = A((2, 4, 3, 8), seed=33)
kg = A((2, 2, 5, 8), seed=34)
vg = A((2, 2, 5, 8), seed=35)
bmask = mx.array(np.random.RandomState(36).rand(3, 5) > 0.3)
amask = A((3, 5), seed=37)
add(
    C(SD, q, k, v, scale=0.35),
    C(SD, q, k, v, scale=1),
    C(SD, qg, kg, vg, scale=0.35),
    C(SD, q, k, A((1, 2, 5, 16), seed=38), scale=0.35),
    C(SD, q, k, v, scale=0.35, mask=None),
    C(SD, q, k, v, scale=0.35, mask="causal"),
    C(SD, A((1, 2, 6, 8), seed=39), k, v, scale=0.35, mask="causal"),
    C(SD, A((1, 2, 5, 8), seed=39), k, v, scale=0.35, mask="causal"),
    C(SD, qg, kg, vg, scale=0.35, mask="causal"),
    C(SD, q, k, v, scale=0.35, mask=bmask),
    C(SD, q, k, v, scale=0.35, mask=mx.zeros((3, 5), dtype=mx.bool_)),
    C(SD, q, k, v, scale=0.35, mask=amask),
    C(SD, q, k, v, scale=0.35, mask=A((1, 2, 3, 5), seed=40)),
    C(SD, q, k, v, scale=0.35, mask=A((2, 1, 5), seed=41)),
    C(SD, q, k, v, scale=0.35, mask=A((5,), seed=42)),
    C(SD, qg, kg, vg, scale=0.35, mask=A((2, 4, 3, 5), seed=43) > 0),
    C(SD, q, k, v, scale=0.35, mask=A((3, 5), "int32", seed=44)),
    C(SD, q, k, v, scale=0.35, mask=A((3, 5), "float16", seed=44)),
    C(SD, q, k, v, scale=0.35, mask=T(A((5, 3), seed=45))),
    C(SD, q, k, v, scale=0.35, mask=B(A((1, 5), seed=46), (3, 5))),
    C(SD, q, k, v, scale=0.35, sinks=A((2,), seed=47)),
    C(SD, q, k, v, scale=0.35, mask="causal", sinks=A((2,), seed=47)),
    C(SD, q, k, v, scale=0.35, mask=bmask, sinks=A((2,), seed=47)),
    C(SD, T(A((1, 3, 2, 8), seed=48), (0, 2, 1, 3)), k, v, scale=0.35),
    C(SD, q, B(A((1, 1, 5, 8), seed=49), (1, 2, 5, 8)), v, scale=0.35),
    C(SD, A((1, 2, 0, 8)), k, v, scale=0.35),
    C(SD, q, A((1, 2, 0, 8)), A((1, 2, 0, 8)), scale=0.35),
    C(SD, A((1, 2, 3, 0)), A((1, 2, 5, 0)), A((1, 2, 5, 0)), scale=0.35),
    C(SD, A((1, 2, 3, 8), "float16", seed=50), A((1, 2, 5, 8), "float16", seed=51), A((1, 2, 5, 8), "float16", seed=52),
      scale=0.35),
    C(SD, A((1, 2, 3, 8), "bfloat16", seed=50), A((1, 2, 5, 8), "bfloat16", seed=51),
      A((1, 2, 5, 8), "bfloat16", seed=52), scale=0.35),
    C(SD, A((1, 2, 3, 8), "int32", seed=50), k, v, scale=0.35),
    C(SD, q=q, k=k, v=v, scale=0.35, mask=None, sinks=None, force_fused=False, stream=mx.cpu),
    E(SD, q, k, v, scale=0.35, force_fused=True),
    E(SD, q, k, v, scale=0.35, mask="bad"),
    E(SD, q, k, v, scale=0.35, mask=""),
    E(SD, q, k, v, scale=0.35, mask="array"),
    E(SD, q, k, v, scale=0.35, mask=A((3, 4))),
    E(SD, q, k, v, scale=0.35, mask=A((2, 1, 3, 5))),
    E(SD, q, k, v, scale=0.35, mask=5),
    E(SD, q, k, v, scale=0.35, sinks=A((3,))),
    E(SD, A((1, 4, 3, 8)), A((1, 3, 5, 8)), A((1, 3, 5, 8)), scale=0.35),
    E(SD, A((2, 3, 8)), A((2, 5, 8)), A((2, 5, 8)), scale=0.35),
    E(SD, q, k, v, 0.35),
    E(SD, q, k, v),
    E(SD, q, k, v, scale="x"),
)

# The CPU attention is matmuls: Node links OpenBLAS, Python mlx the BLAS of its
# wheel, so results agree to rounding (seen: 3e-5 relative), not bit for bit.
for c in CASES:
    if c.fn == SD and c.rtol is None:
        with_opts(c, rtol=1e-4, atol=1e-5)

# --------------------------------------------------------------------------
# gated_delta_update (B, T, H, D) layout as in MLX's tests

GD = "mx.fast.gated_delta_update"
gq = A((1, 3, 2, 4), seed=60)
gk = A((1, 3, 2, 4), seed=61)
gv = A((1, 3, 2, 4), seed=62)
gg = A((1, 3, 2), kind="small", seed=63)
gb = A((1, 3, 2), kind="small", seed=64)
add(
    C(GD, gq, gk, gv, gg, gb),
    C(GD, gq, gk, gv, gg, gb, A((1, 2, 4, 4), seed=65)),
    C(GD, gq, gk, gv, gg, gb, None, mx.array([[True, False, True]])),
    C(GD, gq, gk, gv, gg, gb, initial_state=A((1, 2, 4, 4), seed=65), mask=mx.array([[True, True, False]])),
    C(GD, A((2, 1, 2, 4), seed=66), A((2, 1, 2, 4), seed=67), A((2, 1, 2, 8), seed=68), A((2, 1, 2), kind="small"),
      A((2, 1, 2), kind="small", seed=2)),
    C(GD, gq, gk, gv, gg, gb, stream=mx.cpu),
    C(GD, q=gq, k=gk, v=gv, gamma=gg, beta=gb),
    X(GD, A((1, 0, 2, 4)), A((1, 0, 2, 4)), A((1, 0, 2, 4)), A((1, 0, 2)), A((1, 0, 2))),
    X(GD, A((1, 3, 2, 4), "float16", seed=60), A((1, 3, 2, 4), "float16", seed=61), A((1, 3, 2, 4), "float16", seed=62),
      A((1, 3, 2), "float16", kind="small"), A((1, 3, 2), "float16", kind="small", seed=2)),
    X(GD, gq, gk, gv, A((1, 3, 2, 4), kind="small"), gb),
    X(GD, A((1, 3, 4, 4), seed=1), A((1, 3, 2, 4), seed=2), A((1, 3, 2, 4), seed=3), A((1, 3, 2), kind="small"),
      A((1, 3, 2), kind="small", seed=2)),
    E(GD, gq, gk, gv, gg),
    E(GD, gq, gk, A((1, 3, 3, 4)), gg, gb),
    E(GD, A((3, 2, 4)), A((3, 2, 4)), A((3, 2, 4)), A((3, 2)), A((3, 2))),
    E(GD, gq, gk, gv, gg, gb, A((1, 2, 3, 3))),
)

# --------------------------------------------------------------------------
# custom kernels: this build has neither Metal nor CUDA. metal_kernel builds a
# callable (a function object in each language, not comparable here; running
# it raises "No Metal back-end", tested by hand), so its cases are the argument
# errors; cuda_kernel and precompiled_cuda_kernel raise "No CUDA back-end".
# compiled_source is Python bytes, which the harness cannot send: the cases give
# a str (Python raises TypeError for it; Node takes a string or a Uint8Array as
# the bytes and raises "No CUDA back-end"), so they only check that both raise.

add(
    E("mx.fast.metal_kernel", "k", ["a"], ["o"], "x", compile_options={"fast_math": True}),
    E("mx.fast.metal_kernel", "k", ["a"], ["o"], "x", compile_options={"math_mode": "bad"}),
    E("mx.fast.metal_kernel", "k", ["a"], ["o"], "x", compile_options=5),
    E("mx.fast.metal_kernel", "k", ["a"], ["o"], "x", compile_options=[]),
    E("mx.fast.metal_kernel", "k", ["a"], ["o"]),
    E("mx.fast.metal_kernel", "k", "a", ["o"], "x"),
    E("mx.fast.metal_kernel", "k", [1], ["o"], "x"),
    E("mx.fast.metal_kernel", 5, ["a"], ["o"], "x"),
    E("mx.fast.metal_kernel", "k", ["a"], ["o"], "x", ensure_row_contiguous=1),
    E("mx.fast.cuda_kernel", "k", ["a"], ["o"], "x"),
    E("mx.fast.cuda_kernel", "k", ["a"], ["o"], "x", "", False, 128),
    E("mx.fast.cuda_kernel", name="k", input_names=[], output_names=["o"], source="x", header="h"),
    E("mx.fast.cuda_kernel", "k", ["a"], ["o"]),
    E("mx.fast.cuda_kernel", "k", ["a"], ["o"], "x", shared_memory="a"),
    E("mx.fast.precompiled_cuda_kernel", name="k", compiled_source="", inputs=[], output_shapes=[(2,)],
      output_dtypes=[mx.float32], scalars=[], grid=(1, 1, 1), threadgroup=(1, 1, 1)),
    E("mx.fast.precompiled_cuda_kernel", name="k", compiled_source="", inputs=[A((2,)), 3], output_shapes=[(2,)],
      output_dtypes=[mx.float32], scalars=[1, 2.5, True], grid=(1, 1, 1), threadgroup=(1, 1, 1), shared_memory=16,
      init_value=0.5, ensure_row_contiguous=True, stream=mx.cpu),
    E("mx.fast.precompiled_cuda_kernel", name="k", compiled_source="", inputs=[], output_shapes=[(2, 3)],
      output_dtypes=[mx.int32], scalars=[], grid=(2, 1, 1), threadgroup=(4, 1, 1)),
    E("mx.fast.precompiled_cuda_kernel", name="k"),
    E("mx.fast.precompiled_cuda_kernel", "k", "", [], [(2,)], [mx.float32], [], (1, 1, 1), (1, 1, 1)),
)
