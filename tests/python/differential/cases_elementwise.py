"""Differential cases for the elementwise family (see cases.py's docstring for C/E/X/R)."""

from __future__ import annotations

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, D, DTYPES, E, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call, deviation,
    py_equivalent, with_opts,
)

a23 = A((2, 3))
a32 = A((3, 2), seed=1)
a3 = A((3,), seed=2)
s0 = A((), seed=3)
e0 = A((0,))
e20 = A((2, 0))
i23 = A((2, 3), "int32", seed=6)
sp = A((10,), "float32", seed=1, kind="special")


def F64(shape=(2, 3), seed=0, kind="normal"):
    """A real float64 input (cases.A(..., "float64") comes back float32: mx.array of a
    NumPy float64 array is float32)."""
    return A(shape, "float32", seed, kind).astype(mx.float64)


def U(shape=(2, 3), seed=0, lo=-0.95, hi=0.95, dtype=np.float32):
    """Values inside (lo, hi): the domain of arcsin, arctanh, erfinv, ..."""
    return mx.array(np.random.RandomState(seed).uniform(lo, hi, size=shape).astype(dtype))


# complex values with a non-zero imaginary part, computed on each side
CPLX = call("mx.sqrt", A((2, 3), "complex64", seed=7))

# --------------------------------------------------------------------------
# unary ops: "a, /, *, stream=None", a scalar or an array

UNARY_DOMAIN = {  # name -> a typical input in the function's domain
    "log": "pos", "log2": "pos", "log10": "pos", "sqrt": "pos", "rsqrt": "pos", "reciprocal": "pos",
    "arccosh": "ge1", "acosh": "ge1", "log1p": "pos",
    "arcsin": "unit", "arccos": "unit", "arctanh": "unit", "asin": "unit", "acos": "unit", "atanh": "unit",
    "erfinv": "unit", "bitwise_invert": "int",
}
UNARY = [
    "abs", "sign", "positive", "reciprocal", "square", "sqrt", "rsqrt", "exp", "expm1", "log", "log2", "log10",
    "log1p", "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh",
    "arctanh", "asin", "acos", "atan", "asinh", "acosh", "atanh", "degrees", "radians", "erf", "erfinv", "sigmoid",
    "ceil", "floor", "trunc", "conj", "conjugate", "real", "imag", "isnan", "isinf", "isfinite", "isposinf",
    "isneginf", "logical_not", "bitwise_invert",
]
# mx.array has these as methods in Python (a.abs(), ...); bitwise_invert is ~a.
UNARY_METHODS = ["abs", "reciprocal", "square", "sqrt", "rsqrt", "exp", "log", "log2", "log10", "log1p", "sin",
                 "cos", "conj", "bitwise_invert"]


def domain_input(name, shape=(2, 3), seed=0):
    kind = UNARY_DOMAIN.get(name, "normal")
    if kind == "int":
        return A(shape, "int32", seed)
    if kind == "unit":
        return U(shape, seed)
    if kind == "ge1":
        return U(shape, seed, 1.05, 6.0)
    return A(shape, "float32", seed, kind)


for name in UNARY:
    f = f"mx.{name}"
    x = domain_input(name)
    for i, d in enumerate(DTYPES):
        add(X(f, A((2, 3), d, seed=30 + i)))
    add(X(f, F64(seed=30)), X(f, F64((10,), kind="special")))
    add(
        C(f, x),
        C(f, domain_input(name, (), seed=3)),
        C(f, domain_input(name, (0,))),
        C(f, domain_input(name, (2, 0))),
        C(f, T(domain_input(name, (3, 2), seed=1))),
        C(f, B(domain_input(name, (3,), seed=2), (2, 3))),
        C(f, T(domain_input(name, (2, 3, 4), seed=4), (2, 0, 1))),
        C(f, x, stream=mx.cpu),
        X(f, sp),
        X(f, 3),
        X(f, 2.5),
        X(f, True),
        X(f, CPLX),
        E(f, a=x),
        E(f, x, mx.cpu),
        E(f, "x"),
        E(f, None),
        E(f),
        E(f, x, c=1),
    )
    for seed in (101, 102):
        add(C(f, domain_input(name, (4, 5), seed=seed)))

for name in UNARY_METHODS:
    m = f"method:{name}"
    x = domain_input(name)
    add(
        C(m, x),
        C(m, T(domain_input(name, (3, 2), seed=1))),
        C(m, domain_input(name, (), seed=3)),
        C(m, domain_input(name, (0,))),
        E(m, x, 1),
    )
    for d in ("bool", "uint8", "int64", "float16", "bfloat16", "complex64"):
        add(X(m, A((2, 3), d, seed=5)))
    if name != "bitwise_invert":  # Python's __invert__ takes no stream
        add(C(m, x, stream=mx.cpu), E(m, x, mx.cpu))
add(
    E("method:bitwise_invert", a23),  # floats: Python's ~a raises
    C("method:bitwise_invert", A((3,), "bool")),  # ~ on bool is logical not
    C("method:bitwise_invert", A((3,), "uint16")),
)

# values where a few of the unary ops are special
add(
    C("mx.abs", mx.array(np.array([-128, 127], np.int8))),
    C("mx.abs", mx.array(np.array([-(2**31)], np.int32))),
    C("mx.sign", A((5,), "uint8")),
    C("mx.sign", A((5,), "int8")),
    C("mx.real", CPLX),
    C("mx.imag", CPLX),
    C("mx.conj", CPLX),
    C("method:conj", CPLX),
    C("mx.conjugate", CPLX),
    C("mx.abs", CPLX),
    C("mx.isposinf", sp),
    C("mx.isneginf", sp),
    C("mx.isfinite", sp),
    C("mx.erfinv", mx.array([-1.0, 1.0, 0.0, 1.5, -0.5], mx.float32)),
    C("mx.arccosh", mx.array([1.0, 0.5, 2.0], mx.float32)),
    C("mx.logical_not", A((4,), "int32")),
    C("mx.bitwise_invert", A((4,), "uint8")),
    C("mx.bitwise_invert", A((4,), "int64")),
    C("mx.bitwise_invert", -3),
    E("mx.bitwise_invert", a23),
    E("mx.bitwise_invert", 2.5),
)

# --------------------------------------------------------------------------
# round: a, /, decimals=0, *, stream (function); a.round(decimals=0, *, stream)

r23 = mx.array(np.array([[1.25, -2.5, 3.555], [0.5, 1.5, 1234.5678]], np.float32))
for d in DTYPES:
    add(X("mx.round", A((2, 3), d, seed=8)), X("mx.round", A((2, 3), d, seed=8), 1))
add(X("mx.round", F64(seed=8), 2), X("mx.clip", F64(seed=8), -1, 1.5), X("mx.where", A((2, 3), "bool", seed=9), F64(seed=8), 2.5))
add(
    C("mx.round", r23),
    C("mx.round", r23, 1),
    C("mx.round", r23, 2),
    C("mx.round", r23, -1),
    C("mx.round", r23, -2),
    C("mx.round", r23, decimals=1),
    C("mx.round", r23, 1, stream=mx.cpu),
    C("mx.round", A((4,), "float16"), 1),
    C("mx.round", A((4,), "int32"), -1),
    C("mx.round", A((4,), "int32"), 2),
    C("mx.round", s0, 1),
    C("mx.round", e20, 1),
    C("mx.round", T(a32), 1),
    C("mx.round", 2.5),
    C("mx.round", 3.14159, 2),
    C("mx.round", sp),
    X("mx.round", r23, 40),
    # extreme decimals: no crash in MLX (10**decimals overflows); its values
    X("mx.round", r23, 2**31 - 1),
    X("mx.round", r23, -(2**31)),
    X("mx.round", A((3,), "int32"), 2**31 - 1),
    X("mx.round", A((3,), "int32"), -(2**31)),
    X("mx.round", mx.array(np.array([-(2**31), 2**31 - 1], np.int32)), -9),
    X("mx.round", mx.array(np.array([2**62], np.int64)), -18),
    E("mx.round", r23, 2**31),
    E("mx.round", r23, 1.5),
    E("mx.round", r23, None),
    E("mx.round", r23, 0, mx.cpu),
    E("mx.round", a=r23),
    E("mx.round", r23, "1"),
    E("mx.round"),
    C("method:round", r23),
    C("method:round", r23, 1),
    C("method:round", r23, decimals=-1),
    C("method:round", T(a32), 2, stream=mx.cpu),
    C("method:round", A((3,), "int32"), -1),
    E("method:round", r23, 1.5),
    E("method:round", r23, 1, mx.cpu),
)

# --------------------------------------------------------------------------
# binary ops: "a, b, /, *, stream=None"

WEAK_BINARY = ["arctan2", "atan2", "maximum", "minimum", "logaddexp", "pow", "bitwise_and", "bitwise_or",
               "bitwise_xor", "left_shift", "right_shift", "bitwise_left_shift", "bitwise_right_shift"]
LOGICAL = ["logical_and", "logical_or", "logical_xor"]
BITWISE = {"bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift", "bitwise_left_shift",
           "bitwise_right_shift"}
SHIFTS = {"left_shift", "right_shift", "bitwise_left_shift", "bitwise_right_shift"}
BINARY_METHODS = ["bitwise_and", "bitwise_or", "bitwise_xor", "left_shift", "right_shift"]
MIXED = [("int32", "float16"), ("uint8", "int8"), ("uint64", "int64"), ("bool", "float32"), ("bfloat16", "float16"),
         ("uint32", "int32"), ("int16", "bfloat16"), ("bool", "int8"), ("uint16", "int64"), ("complex64", "float32")]


def lhs(op, shape=(2, 3), seed=0, dtype=None):
    if dtype is None:
        dtype = "int32" if op in BITWISE else ("bool" if op in LOGICAL else "float32")
    return A(shape, dtype, seed, "pos" if op == "pow" else "normal")


def rhs2(op, shape=(2, 3), seed=1, dtype=None):
    if dtype is None:
        dtype = "int32" if op in BITWISE else ("bool" if op in LOGICAL else "float32")
    kind = "small" if op in SHIFTS or op == "pow" else "normal"
    return A(shape, dtype, seed, kind)


for op in WEAK_BINARY + LOGICAL:
    f = f"mx.{op}"
    for i, d in enumerate(DTYPES):
        add(X(f, lhs(op, (2, 3), 10 + i, d), rhs2(op, (2, 3), 40 + i, d)))
    add(X(f, F64(seed=10), F64(seed=40)), X(f, F64((3,), seed=10), A((3,), "float16", seed=3)),
        X(f, F64((3,), seed=10), 2.5), X(f, A((3,), "int32", seed=1), F64((3,), seed=3)))
    for da, db in MIXED:
        add(X(f, lhs(op, (3,), 70, da), rhs2(op, (3,), 71, db)))
    x, y = lhs(op), rhs2(op)
    add(
        C(f, x, y),
        C(f, lhs(op, ()), rhs2(op, ())),
        C(f, lhs(op, (0,)), rhs2(op, (0,))),
        C(f, lhs(op, (2, 0)), rhs2(op, (2, 1))),
        C(f, x, rhs2(op, (3,))),
        C(f, lhs(op, (2, 1), 8), rhs2(op, (1, 3))),
        C(f, lhs(op, ()), y),
        C(f, T(lhs(op, (3, 2), 1)), y),
        C(f, B(lhs(op, (3,), 2), (2, 3)), T(rhs2(op, (3, 2)))),
        C(f, x, y, stream=mx.cpu),
        X(f, sp, A((10,), "float32", seed=2, kind="special")),
        # scalars
        X(f, x, 2),
        X(f, x, 2.5),
        X(f, 3, y),
        X(f, 1.5, y),
        X(f, A((3,), "float16"), 2.5),
        X(f, A((3,), "int8", kind="pos"), 3),
        X(f, A((3,), "uint8", kind="pos"), 2),
        X(f, A((3,), "int64", kind="pos"), 2**40),
        X(f, A((3,), "bool"), True),
        X(f, 2, 3),
        X(f, True, False),
        # errors
        E(f, x, A((4,))),
        E(f, a=x, b=y),
        E(f, x, b=y),
        E(f, x, y, mx.cpu),
        E(f, x, None),
        E(f, x, "x"),
        E(f, x),
        E(f, x, y, c=1),
    )
    if op not in LOGICAL:  # a weak scalar that does not fit the array's dtype
        add(E(f, A((3,), "uint8"), 300), E(f, A((3,), "int8"), -129))
    if op in BITWISE:
        add(E(f, a23, 1), E(f, A((3,), "int32"), 1.5), E(f, A((3,), "int32"), A((3,), "float16")))
    for seed in (101, 102):
        add(C(f, lhs(op, (4, 5), seed), rhs2(op, (4, 5), seed + 50)))

# the operators a & b, a | b, a ^ b, a << b, a >> b as methods
for op in BINARY_METHODS:
    m = f"method:{op}"
    x, y = lhs(op), rhs2(op)
    add(
        C(m, x, y),
        C(m, x, rhs2(op, (3,))),
        C(m, T(lhs(op, (3, 2), 1)), y),
        C(m, A((3,), "int8", kind="pos"), 2),
        C(m, A((3,), "uint16", kind="pos"), 1),
        E(m, x, A((4,))),
        E(m, a23, y),
        E(m, A((3,), "uint8"), 300),
    )
    for i, d in enumerate(["bool", "uint8", "int64", "uint64", "float16", "bfloat16", "complex64"]):
        add(X(m, lhs(op, (2, 3), 20 + i, d), rhs2(op, (2, 3), 60 + i, d)))
    if op not in SHIFTS:
        add(C(m, A((3,), "bool"), A((3,), "bool", seed=4)), X(m, A((3,), "bool"), True))

# shifts by negative amounts or by the bit width or more: no crash; MLX's values
for d in INT_DTYPES:
    width = np.iinfo(getattr(np, d)).bits
    amounts = mx.array(np.array([0, 1, width - 1, width, width + 3, 70], np.int64).astype(getattr(np, d)))
    vals = A((6,), d, seed=3, kind="pos")
    add(X("mx.left_shift", vals, amounts), X("mx.right_shift", vals, amounts))
    if d.startswith("int"):
        add(X("mx.left_shift", vals, -1), X("mx.right_shift", vals, -2))

# arctan2 at the signed zeros and infinities
add(C("mx.arctan2", sp, A((10,), "float32", seed=3, kind="special")),
    C("mx.maximum", sp, A((10,), "float32", seed=3, kind="special")),
    C("mx.minimum", sp, A((10,), "float32", seed=3, kind="special")),
    C("mx.logaddexp", sp, A((10,), "float32", seed=3, kind="special")))

# --------------------------------------------------------------------------
# divmod: a pair [a // b, a % b]

for i, d in enumerate(DTYPES):
    add(X("mx.divmod", A((2, 3), d, seed=10 + i), A((2, 3), d, seed=40 + i, kind="pos")))
add(X("mx.divmod", F64(seed=1), F64(seed=2, kind="pos")))
for da, db in MIXED:
    add(X("mx.divmod", A((3,), da, seed=70), A((3,), db, seed=71, kind="pos")))
add(
    C("mx.divmod", a23, A((2, 3), seed=1, kind="pos")),
    C("mx.divmod", i23, A((2, 3), "int32", seed=1, kind="pos")),
    C("mx.divmod", i23, A((3,), "int32", seed=1, kind="pos")),
    C("mx.divmod", s0, A((), seed=1, kind="pos")),
    C("mx.divmod", e20, A((2, 1), kind="pos")),
    C("mx.divmod", T(a32), A((2, 3), seed=1, kind="pos")),
    C("mx.divmod", i23, 3),
    C("mx.divmod", i23, -4),
    C("mx.divmod", i23, 2.5),
    C("mx.divmod", 7, 2),
    C("mx.divmod", A((3,), "float16"), 0.75),
    C("mx.divmod", a23, A((2, 3), seed=1, kind="pos"), stream=mx.cpu),
    C("mx.divmod", sp, A((10,), "float32", seed=3, kind="special")),
    C("mx.divmod", a23, 0.5),
    E("mx.divmod", a23, A((4,))),
    E("mx.divmod", a=a23, b=a23),
    E("mx.divmod", a23, b=a23),
    E("mx.divmod", a23, a23, mx.cpu),
    E("mx.divmod", A((3,), "uint8"), 300),
    E("mx.divmod", a23, "x"),
    E("mx.divmod", a23),
)

# --------------------------------------------------------------------------
# Inputs that kill Python mlx 0.32.4 (SIGFPE in the CPU kernel): an integer
# divmod by 0, and the minimum int32 / int64 divided by -1 (floor_divide,
# remainder, divmod). Node returns NumPy's values instead: x // 0 == x % 0 == 0
# (divmod only: floor_divide and remainder by 0 do not trap and keep MLX's
# values), MIN // -1 == MIN (wrapped), x % -1 == 0. Python runs the equivalent
# safe call: each divisor 0 or -1 replaced by 1 and the dividend by NumPy's
# quotient (0, or -x wrapped), so that Python's own kernel gives NumPy's values.
CRASH_WHY = ("Python mlx 0.32.4 dies (SIGFPE) on this input; Node gives NumPy's values, checked against the same "
             "op on safe operands with the same result (divisor 0 / -1 -> 1, dividend -> 0 / -x)")


def safe_operands(x, y, zeros):
    """Host-side: (x', y') with op(x', y') == NumPy's op(x, y) for the trapping divisors."""
    with np.errstate(all="ignore"):
        fix = (y == -1) | ((y == 0) if zeros else np.zeros_like(y, bool))
        x2 = np.where(y == -1, (-x.astype(np.int64)).astype(x.dtype), x)
        if zeros:
            x2 = np.where(y == 0, np.zeros_like(x), x2)
        y2 = np.where(fix, np.ones_like(y), y)
    return mx.array(x2.astype(x.dtype)), mx.array(y2.astype(y.dtype))


def crash_case(op, x, y, zeros):
    c = C(f"mx.{op}", mx.array(x), y if np.isscalar(y) else mx.array(y))
    ynp = np.full(x.shape, y, dtype=x.dtype) if np.isscalar(y) else y
    xs, ys = safe_operands(x, ynp, zeros)
    return with_opts(c, py_args=(xs, ys), note=CRASH_WHY)


for d in ("int32", "int64"):
    t = getattr(np, d)
    mn = int(np.iinfo(t).min)
    x = np.array([mn, 7, -7, 5, mn + 1, 0], t)
    y = np.array([-1, -1, 3, -1, -1, 2], t)
    for op in ("floor_divide", "remainder", "divmod"):
        add(
            crash_case(op, x, y, op == "divmod"),
            crash_case(op, np.array([mn], t), np.array([-1], t), op == "divmod"),
            crash_case(op, np.array(mn, t), np.array(-1, t), op == "divmod"),
        )
        # a JS scalar divisor -1 (weak: takes the array's dtype)
        c = C(f"mx.{op}", mx.array(x), -1)
        xs, ys = safe_operands(x, np.full(x.shape, -1, t), op == "divmod")
        add(with_opts(c, py_args=(xs, ys), note=CRASH_WHY))
    # the method form (Python's a // b, a % b)
    for op in ("floor_divide", "remainder"):
        c = C(f"method:{op}", mx.array(x), mx.array(y))
        xs, ys = safe_operands(x, y, False)
        add(with_opts(c, py_args=(xs, ys), note=CRASH_WHY))
# promotion into int64: int32 MIN // uint32 is int64, no trap there
add(X("mx.floor_divide", mx.array(np.array([-(2**31)], np.int32)), mx.array(np.array([1], np.uint32))))
# int8 / int16 MIN // -1 do not trap (C promotes them to int): MLX's values, the same as NumPy's
for d in ("int8", "int16"):
    t = getattr(np, d)
    mn = int(np.iinfo(t).min)
    for op in ("floor_divide", "remainder", "divmod"):
        add(C(f"mx.{op}", mx.array(np.array([mn, 5], t)), mx.array(np.array([-1, -1], t))))
# divmod by 0, every integer dtype
for d in INT_DTYPES:
    t = getattr(np, d)
    x = np.array([5, 0, 7, 3], t)
    y = np.array([0, 0, 2, 0], t)
    add(crash_case("divmod", x, y, True), crash_case("divmod", np.array(9, t), np.array(0, t), True))
    c = C("mx.divmod", mx.array(x), 0)
    xs, ys = safe_operands(x, np.zeros(x.shape, t), True)
    add(with_opts(c, py_args=(xs, ys), note=CRASH_WHY))
    # floor_divide / remainder by 0 do not trap: MLX's own values (x // 0 == 0, x % 0 == x)
    add(C("mx.floor_divide", mx.array(x), mx.array(y)), C("mx.remainder", mx.array(x), mx.array(y)))
# a divisor that is -1 or 0 only after broadcasting, and non-contiguous operands
xb = np.array([[-(2**31), 4], [9, -(2**31)]], np.int32)
yb = np.array([[-1, 0], [-1, -1]], np.int32)
add(
    with_opts(C("mx.divmod", T(mx.array(xb)), T(mx.array(yb))),
              py_args=tuple(T(v) for v in safe_operands(xb, yb, True)), note=CRASH_WHY),
    with_opts(C("mx.floor_divide", mx.array(xb), B(mx.array(np.array([-1], np.int32)), (2, 2))),
              py_args=safe_operands(xb, np.full((2, 2), -1, np.int32), False), note=CRASH_WHY),
)

# --------------------------------------------------------------------------
# where(condition, x, y, /, *, stream)

cond23 = A((2, 3), "bool", seed=9)
for i, d in enumerate(DTYPES):
    add(X("mx.where", cond23, A((2, 3), d, seed=10 + i), A((2, 3), d, seed=40 + i)))
for da, db in MIXED:
    add(X("mx.where", A((3,), "bool", seed=1), A((3,), da, seed=70), A((3,), db, seed=71)))
add(
    C("mx.where", cond23, a23, A((2, 3), seed=1)),
    C("mx.where", cond23, a23, 0),
    C("mx.where", cond23, 1, a23),
    C("mx.where", cond23, 2, 3),
    C("mx.where", cond23, 2.5, 3),
    C("mx.where", cond23, A((3,), "float16"), 2.5),
    C("mx.where", cond23, A((3,), "int8"), 3),
    C("mx.where", True, a23, A((2, 3), seed=1)),
    C("mx.where", A((2, 3), "int32", seed=2), a23, A((2, 3), seed=1)),
    C("mx.where", A((2, 1), "bool", seed=3), A((1, 3)), A((2, 1), seed=1)),
    C("mx.where", A((), "bool"), s0, A((), seed=1)),
    C("mx.where", A((0,), "bool"), e0, e0),
    C("mx.where", T(A((3, 2), "bool")), T(a32), B(a3, (2, 3))),
    C("mx.where", cond23, a23, A((2, 3), seed=1), stream=mx.cpu),
    E("mx.where", cond23, a23, A((4,))),
    E("mx.where", cond23, a23),
    E("mx.where", condition=cond23, x=a23, y=a23),
    E("mx.where", cond23, x=a23, y=a23),
    E("mx.where", cond23, a23, a23, mx.cpu),
    E("mx.where", cond23, a23, "x"),
    E("mx.where", cond23, A((3,), "uint8"), 300),
)

# --------------------------------------------------------------------------
# clip(a, /, a_min, a_max, *, stream): a is an array; a bound is None, a scalar or an array

for i, d in enumerate(DTYPES):
    add(X("mx.clip", A((2, 3), d, seed=10 + i), 1, 5), X("mx.clip", A((2, 3), d, seed=10 + i), A((3,), d), None))
add(
    C("mx.clip", a23, -1, 1),
    C("mx.clip", a23, -0.5, 0.5),
    C("mx.clip", a23, None, 1),
    C("mx.clip", a23, -1, None),
    C("mx.clip", a23, a_min=-1, a_max=1),
    C("mx.clip", a23, -1, a_max=None),
    C("mx.clip", a23, A((3,), seed=1), A((2, 1), seed=2, kind="pos")),
    C("mx.clip", i23, 0, 5),
    C("mx.clip", i23, 0.5, 5.5),
    C("mx.clip", A((3,), "float16"), 0.25, 0.75),
    C("mx.clip", A((3,), "uint8"), 2, 10),
    C("mx.clip", s0, 0, 1),
    C("mx.clip", e20, 0, 1),
    C("mx.clip", T(a32), -1, 1),
    C("mx.clip", B(a3, (2, 3)), -1, 1),
    C("mx.clip", sp, -1, 1),
    C("mx.clip", a23, 1, -1),
    C("mx.clip", a23, -1, 1, stream=mx.cpu),
    E("mx.clip", a23, None, None),
    E("mx.clip", a23, 0),
    E("mx.clip", a23),
    E("mx.clip", 3, 0, 1),
    E("mx.clip", a=a23, a_min=0, a_max=1),
    E("mx.clip", a23, 0, 1, mx.cpu),
    E("mx.clip", a23, "x", 1),
    E("mx.clip", a23, A((4,)), 1),
    E("mx.clip", A((3,), "uint8"), 0, 300),
)

# --------------------------------------------------------------------------
# nan_to_num(a, /, nan=0, posinf=None, neginf=None, *, stream)

for d in DTYPES:
    add(X("mx.nan_to_num", A((2, 3), d, seed=3)))
def SPECIAL(d, seed=1):
    """Special values (nan, +-inf, 1e30, ...) cast to d (1e30 becomes inf in float16)."""
    return A((10,), "float32", seed=seed, kind="special").astype(D(d))


for d in FLOATS:
    add(C("mx.nan_to_num", SPECIAL(d)))
add(X("mx.nan_to_num", F64((10,), kind="special")), X("mx.nan_to_num", A((10,), "float64", seed=1, kind="special")))
add(
    C("mx.nan_to_num", sp),
    C("mx.nan_to_num", sp, 1.5),
    C("mx.nan_to_num", sp, -2),
    C("mx.nan_to_num", sp, 1.5, 100.5, -100.5),
    C("mx.nan_to_num", sp, nan=1.5),
    C("mx.nan_to_num", sp, posinf=3.5),
    C("mx.nan_to_num", sp, neginf=-3.5),
    C("mx.nan_to_num", sp, 0.5, None, -7),
    X("mx.nan_to_num", sp, 0.5, float("inf"), float("-inf")),
    C("mx.nan_to_num", SPECIAL("float16"), 1.5, 1000000, -1000000),
    C("mx.nan_to_num", i23),
    C("mx.nan_to_num", s0),
    C("mx.nan_to_num", e0),
    C("mx.nan_to_num", T(A((5, 2), seed=1, kind="special"))),
    C("mx.nan_to_num", float("nan")),
    C("mx.nan_to_num", float("inf")),
    C("mx.nan_to_num", 3),
    C("mx.nan_to_num", sp, stream=mx.cpu),
    E("mx.nan_to_num", sp, None),
    E("mx.nan_to_num", sp, "x"),
    E("mx.nan_to_num", a=sp),
    E("mx.nan_to_num", sp, 0, None, None, mx.cpu),
    E("mx.nan_to_num", "x"),
    E("mx.nan_to_num"),
)

# --------------------------------------------------------------------------
# isclose / allclose(a, b, /, rtol=1e-05, atol=1e-08, *, equal_nan=False, stream): arrays only

near = mx.array(np.array([[1.0, 2.0, np.nan], [np.inf, -np.inf, 1e-9]], np.float32))
near2 = mx.array(np.array([[1.000001, 2.1, np.nan], [np.inf, np.inf, 0.0]], np.float32))
for f in ("mx.isclose", "mx.allclose"):
    for d in DTYPES:
        add(X(f, A((2, 3), d, seed=1), A((2, 3), d, seed=1)), X(f, A((2, 3), d, seed=1), A((2, 3), d, seed=2)))
    add(X(f, F64(seed=1), F64(seed=1)), X(f, F64(seed=1), F64(seed=2)))
    add(
        C(f, near, near2),
        C(f, near, near2, 0.1),
        C(f, near, near2, 0.1, 1e-3),
        C(f, near, near2, rtol=0.1),
        C(f, near, near2, atol=0.5),
        C(f, near, near2, equal_nan=True),
        C(f, near, near2, 1e-5, 1e-8, equal_nan=True),
        C(f, near, near),
        C(f, near, near, equal_nan=True),
        C(f, a23, A((3,), seed=1)),
        C(f, a23, a23),
        C(f, s0, s0),
        C(f, e0, e0),
        C(f, T(a32), T(a32)),
        C(f, i23, A((2, 3), "int32", seed=6)),
        C(f, i23, a23),
        C(f, a23, a23, stream=mx.cpu),
        E(f, a23, 1),
        E(f, 1.5, a23),
        E(f, a23, A((4,))),
        E(f, near, near2, 1e-5, 1e-8, True),
        E(f, a=a23, b=a23),
        E(f, a23, a23, rtol="x"),
        E(f, a23, a23, equal_nan=1.5),
        E(f, a23),
    )

# --------------------------------------------------------------------------
# array_equal(a, b, /, *, equal_nan=False, stream)

for d in DTYPES:
    add(X("mx.array_equal", A((2, 3), d, seed=1), A((2, 3), d, seed=1)),
        X("mx.array_equal", A((2, 3), d, seed=1), A((2, 3), "float32", seed=1)))
add(
    C("mx.array_equal", a23, a23),
    C("mx.array_equal", a23, A((2, 3), seed=1)),
    C("mx.array_equal", a23, A((3,))),
    C("mx.array_equal", a23, A((3, 2))),
    C("mx.array_equal", near, near),
    C("mx.array_equal", near, near, equal_nan=True),
    C("mx.array_equal", i23, i23.astype(mx.float32)),
    C("mx.array_equal", s0, s0),
    C("mx.array_equal", e0, e0),
    C("mx.array_equal", e0, e20),
    C("mx.array_equal", T(a32), mx.array(np.array(a32).T)),
    C("mx.array_equal", 3, 3),
    C("mx.array_equal", 2.5, 2),
    C("mx.array_equal", A((), "int32"), A((), "int32").item()),
    C("mx.array_equal", a23, a23, stream=mx.cpu),
    E("mx.array_equal", a23, a23, True),
    E("mx.array_equal", a=a23, b=a23),
    E("mx.array_equal", a23, b=a23),
    E("mx.array_equal", a23, "x"),
    E("mx.array_equal", a23),
    E("mx.array_equal", A((3,), "uint8"), 300),
    E("mx.array_equal", a23, a23, equal_nan="yes"),
)
