"""Differential cases for transforms (see cases.py's docstring for C/E/X/R)."""

from __future__ import annotations

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, D, DTYPES, E, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call, deviation,
    py_equivalent, with_opts,
)

# The transforms that take a function (grad, value_and_grad, vjp, jvp, vmap,
# compile, custom_function, checkpoint) cannot be written as harness cases: a
# case's arguments cannot hold a function. Their values, gradients, jvps, vmaps
# and error behaviour are compared with Python by test_transforms.py (a
# 37-function catalogue and 51 semantics scenarios, both written in Python and
# in JS); here only their argument errors, which is what makes up their three
# passing harness cases.

x3 = A((3,), seed=3)
m23 = A((2, 3), seed=4)

# --------------------------------------------------------------------------
# function arguments that are not functions

for name in ["mx.grad", "mx.value_and_grad", "mx.vmap", "mx.compile", "mx.checkpoint", "mx.custom_function"]:
    add(E(name, 1), E(name, None), E(name, x3), E(name, "f"))
for name in ["mx.vjp", "mx.jvp"]:
    add(E(name, 1, [x3], [x3]), E(name, None, [x3], [x3]), E(name, x3, [x3], [x3]), E(name))

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
