"""Differential cases for transforms (see cases.py's docstring for C/E/X/R)."""

from __future__ import annotations

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, D, DTYPES, E, F, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, applied, call,
    deviation, py_equivalent, with_opts,
)

# The transforms that take a function (grad, value_and_grad, vjp, jvp, vmap,
# compile, custom_function, checkpoint) get it from the shared catalogue:
# F("name") is transforms_catalogue.py's function in Python and
# transforms_catalogue.js's in JS; applied(case, ...) calls the function a
# transform returns with those inputs on each side. test_transforms.py applies
# every transform to the whole catalogue (and runs semantics scenarios); the
# cases here are each export's own success and error cases.

x3 = A((3,), seed=3)
m23 = A((2, 3), seed=4)

# --------------------------------------------------------------------------
# function arguments that are not functions

for name in ["mx.grad", "mx.value_and_grad", "mx.vmap", "mx.compile", "mx.checkpoint", "mx.custom_function"]:
    add(E(name, 1), E(name, None), E(name, x3), E(name, "f"))
for name in ["mx.vjp", "mx.jvp"]:
    add(E(name, 1, [x3], [x3]), E(name, None, [x3], [x3]), E(name, x3, [x3], [x3]), E(name))

# --------------------------------------------------------------------------
# functions from the catalogue (transforms_catalogue.py / .js)

s0 = A((), seed=11)  # a 0-d input makes poly3, sin_exp, custom_sin scalar-valued
w4, x64, y6 = A((4,), seed=12), A((6, 4), seed=13), A((6,), seed=14)  # mse(w, x, y)
u5, v5 = A((5,), seed=15), A((5,), seed=16)
logits, labels = A((4, 5), seed=17), A((4,), "int32", seed=18, kind="small")
p3, q3 = A((3,), seed=19), A((3,), seed=20)
mlp_in = (A((3, 4), seed=21), A((4, 6), seed=22), A((6,), seed=23), A((6, 2), seed=24))
a22, b22 = A((2, 2), seed=25), A((2, 2), seed=26)
bad = (x3, A((4,), seed=27))  # shapes that do not broadcast

add(
    applied(C("mx.grad", F("mse")), w4, x64, y6),
    applied(C("mx.grad", F("dot_tanh"), argnums=[0, 1]), u5, v5),
    applied(C("mx.grad", F("dot_tanh"), argnums=1), u5, v5),
    applied(C("mx.grad", F("softmax_ce")), logits, labels),
    applied(C("mx.grad", F("poly3")), s0),
    applied(C("mx.grad", F("custom_sin")), s0),  # the custom vjp, not the derivative
    applied(C("mx.grad", call("mx.grad", F("sin_exp"))), s0),
    applied(C("mx.grad", call("mx.checkpoint", F("mse"))), w4, x64, y6),
    applied(E("mx.grad", F("poly3")), x3),  # not scalar-valued
    applied(E("mx.grad", F("dot_tanh"), argnums=2), u5, v5),
)
add(
    applied(C("mx.value_and_grad", F("mse")), w4, x64, y6),
    applied(C("mx.value_and_grad", F("dot_tanh"), argnums=1), u5, v5),
    applied(C("mx.value_and_grad", F("softmax_ce")), logits, labels),
    applied(C("mx.value_and_grad", F("custom_sin")), s0),
    applied(C("mx.value_and_grad", call("mx.grad", F("poly3"))), s0),
    applied(E("mx.value_and_grad", F("sin_exp")), m23),  # not scalar-valued
)
add(
    C("mx.vjp", F("sin_exp"), [m23], [A((2, 3), seed=30)]),
    C("mx.vjp", F("two_outputs"), [p3, q3], [A((3,), seed=31), A((3,), seed=32)]),
    C("mx.vjp", F("custom_mul"), [p3, q3], [A((3,), seed=33)]),
    C("mx.vjp", F("attention"), [A((3, 4), seed=34), A((5, 4), seed=35), A((5, 2), seed=36)], [A((3, 2), seed=37)]),
    C("mx.vjp", F("custom_sin"), [p3], [A((3,), seed=38)]),
    E("mx.vjp", F("poly3"), [p3], [A((4,), seed=39)]),  # cotangent shape
    E("mx.vjp", F("two_outputs"), [p3, q3], [A((3,), seed=40)]),  # one cotangent for two outputs
)
add(
    C("mx.jvp", F("tanh_log"), [A((6,), seed=41)], [A((6,), seed=42)]),
    C("mx.jvp", F("poly2var"), [A((4,), seed=43), A((4,), seed=44)], [A((4,), seed=45), A((4,), seed=46)]),
    C("mx.jvp", F("layernorm"), [A((2, 5), seed=47), A((5,), seed=48), A((5,), seed=49)],
      [A((2, 5), seed=50), A((5,), seed=51), A((5,), seed=52)]),
    C("mx.jvp", F("two_outputs"), [p3, q3], [A((3,), seed=53), A((3,), seed=54)]),
    E("mx.jvp", F("poly3"), [p3], [A((4,), seed=55)]),  # tangent shape
)
add(
    applied(C("mx.vmap", F("poly3")), m23),
    applied(C("mx.vmap", F("outer"), in_axes=(0, None)), m23, A((4,), seed=56)),
    applied(C("mx.vmap", F("matmul_chain"), in_axes=(0, None), out_axes=1), A((3, 2, 3), seed=57), A((3, 3), seed=58)),
    applied(C("mx.vmap", F("softmax"), in_axes=1), A((3, 4, 5), seed=59)),
    applied(C("mx.vmap", call("mx.grad", F("poly3"))), A((5,), seed=60)),
    applied(C("mx.vmap", F("two_outputs"), in_axes=(1, 0)), m23, A((3,), seed=61)),
    applied(E("mx.vmap", F("outer"), in_axes=(0, 0)), m23, A((3, 4), seed=62)),  # batch sizes differ
)
add(
    applied(C("mx.compile", F("mlp")), *mlp_in),
    applied(C("mx.compile", F("tree_out")), a22, b22),
    applied(C("mx.compile", call("mx.value_and_grad", F("mse"))), w4, x64, y6),
    applied(C("mx.compile", F("layernorm")), A((2, 5), seed=63), A((5,), seed=64), A((5,), seed=65)),
    applied(E("mx.compile", F("poly2var")), *bad),
)
add(
    applied(C("mx.custom_function", F("sin_exp")), m23),
    applied(C("mx.custom_function", F("two_outputs")), p3, q3),
    applied(C("mx.custom_function", F("tree_out")), a22, b22),
    applied(C("mx.custom_function", F("dict_params")), {"w": A((3, 2), seed=66), "b": A((2,), seed=67)}, A((4, 3), seed=68)),
    applied(E("mx.custom_function", F("poly2var")), *bad),
)
add(
    applied(C("mx.checkpoint", F("mlp")), *mlp_in),
    applied(C("mx.checkpoint", F("two_outputs")), p3, q3),
    applied(C("mx.checkpoint", call("mx.grad", F("mse"))), w4, x64, y6),
    applied(C("mx.checkpoint", F("tree_out")), a22, b22),
    applied(E("mx.checkpoint", F("poly2var")), *bad),
)

# --------------------------------------------------------------------------
# stop_gradient: the identity on values

add(
    C("mx.stop_gradient", x3),
    C("mx.stop_gradient", m23),
    C("mx.stop_gradient", A((2, 2), "int32", kind="small")),
    C("mx.stop_gradient", T(m23)),
    C("mx.stop_gradient", A((4,), "float16", seed=1)),
    E("mx.stop_gradient", 1),
    E("mx.stop_gradient", [1, 2]),
    E("mx.stop_gradient"),
)

# --------------------------------------------------------------------------
# enable_compile / disable_compile (global switches; every disable is followed
# by an enable, so the process is left with compilation on)

add(
    C("mx.disable_compile"),
    C("mx.enable_compile"),
    C("mx.disable_compile"),
    C("mx.enable_compile"),
    C("mx.disable_compile"),
    C("mx.enable_compile"),
    E("mx.disable_compile", 1),
    E("mx.enable_compile", True),
)
