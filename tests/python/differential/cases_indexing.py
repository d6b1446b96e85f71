"""Differential cases for indexing (see cases.py's docstring for C/E/X/R, harness.IX for the index kinds).

A fixed-seed generator writes random valid index expressions over random shapes of
rank 0-5: ints (negative too), slices with random bounds and steps (negative, out of
range), Ellipsis, None, integer mx.arrays and JS lists of varied shapes, several
advanced indices broadcast together and separated by slices; each is run as
a[index] (a.index), a[index] = v (a.indexPut_, targets unique) and a.at[index].op(v)
(repeated indices accumulate). Some JS spellings join the plain items into strings in
Python's index syntax (a.index('1:, ::-1', idx)). Then invalid expressions that must
fail in both, and inputs on which Python mlx 0.32.4 is unsafe (a wrong value, an
update silently dropped, a crash: run isolated) where Node must throw a RangeError.

MLXNODE_INDEX_CASES=N sets the number of random expressions per kind (default 1200 gets,
500 puts, 500 at-updates).
"""

from __future__ import annotations

import os

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, D, DTYPES, E, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call, deviation,
    py_equivalent, with_opts,
)
from harness import IX

N = int(os.environ.get("MLXNODE_INDEX_CASES", "0"))
N_GET, N_PUT, N_AT = (N, N, N) if N else (1200, 500, 500)

rs = np.random.RandomState(20261125)
INDEX_DTYPES = ["int32", "int32", "int64", "uint32", "int16", "uint8", "int8"]
VALUE_DTYPES = ["float32"] * 5 + ["int32"] * 3 + ["float16", "int64", "uint8", "bool", "bfloat16"]
AT_OPS = ["add", "subtract", "multiply", "divide", "maximum", "minimum"]


def rand_shape():
    nd = rs.choice([0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 5])
    return tuple(int(rs.choice([0, 1, 2, 3, 4, 5]) if rs.rand() < 0.08 else rs.randint(1, 6)) for _ in range(nd))


def rand_slice(d):
    def bound():
        r = rs.rand()
        if r < 0.3:
            return None
        return int(rs.randint(-d - 2, d + 3))
    step = [None, None, 1, 2, 3, -1, -1, -2, -3][rs.randint(9)]
    s = slice(bound(), bound(), step)
    if rs.rand() < 0.15:
        s = slice(None, None, step)
    return s


def index_array(shape, d, dup=True):
    """An integer index array of `shape` with values in [-d, d)."""
    n = int(np.prod(shape)) if shape else 1
    if dup or n > d:
        vals = rs.randint(-d, d, size=n) if d > 0 else np.zeros(n, np.int64)
    else:
        vals = rs.permutation(d)[:n] - (d if rs.rand() < 0.3 else 0)
    dt = INDEX_DTYPES[rs.randint(len(INDEX_DTYPES))]
    if dt.startswith("u"):
        vals = np.where(vals < 0, vals + d, vals)
    return np.asarray(vals, dtype=np.int64).reshape(shape), dt


def rand_index(shape, dup=True):
    """(python index, has advanced) for an array of `shape`."""
    nd = len(shape)
    k = rs.randint(0, nd + 1)  # axes consumed by items
    use_ell = rs.rand() < 0.3 and k <= nd
    # which consumed axes: the first k (no ellipsis) or split around the ellipsis
    if use_ell:
        before = rs.randint(0, k + 1)
        axes = list(range(before)) + list(range(nd - (k - before), nd))
    else:
        before = k
        axes = list(range(k))
    n_adv_max = 3
    bshape = tuple(int(rs.randint(1, 4)) for _ in range(rs.randint(0, 3)))
    items = []
    n_adv = 0
    for ax in axes:
        d = shape[ax]
        r = rs.rand()
        if d == 0:
            items.append(rand_slice(d) if r < 0.8 else slice(None))
            continue
        if r < 0.3:
            items.append(int(rs.randint(-d, d)))
        elif r < 0.65 or n_adv >= n_adv_max:
            items.append(rand_slice(d))
        else:
            n_adv += 1
            # a shape broadcastable to bshape
            sh = list(bshape[len(bshape) - rs.randint(0, len(bshape) + 1):])
            sh = [1 if rs.rand() < 0.25 else x for x in sh]
            vals, dt = index_array(tuple(sh), d, dup)
            if rs.rand() < 0.2 and sh:
                items.append(vals.tolist())  # a JS list / Python list
            else:
                items.append(mx.array(vals).astype(D(dt)))
    if use_ell:
        items.insert(before, Ellipsis)
    for _ in range(rs.choice([0, 0, 0, 1, 1, 2])):
        items.insert(rs.randint(0, len(items) + 1), None)
    has_adv = any(isinstance(x, (mx.array, list)) for x in items)
    if len(items) == 1 and rs.rand() < 0.5:
        return items[0], has_adv
    return tuple(items), has_adv


def py_text(x):
    if x is None:
        return "None"
    if x is Ellipsis:
        return "..."
    if isinstance(x, slice):
        t = ("" if x.start is None else str(x.start)) + ":" + ("" if x.stop is None else str(x.stop))
        return t + ("" if x.step is None else ":" + str(x.step))
    return str(x)


def update_index(shape, dup):
    """An index for a[index] = v / a.at[index] and whether Python mlx is trusted on it.
    A 1-tuple is written as its item (JS spells both the same way; Python's
    a[(x,)] = v and a[x] = v differ in corner cases). With index arrays next to a None,
    a negative step or separated by slices, Python mlx 0.32.4 places the update
    differently from its own a[index] (a wrong result or a refused shape): those cases
    compare Node with the update placed where a[index] reads (harness Case.reference)."""
    index, has_adv = rand_index(shape, dup)
    if isinstance(index, tuple) and len(index) == 1:
        index = index[0]
    items = index if isinstance(index, tuple) else (index,)
    odd = False
    if has_adv:
        kinds = ["a" if isinstance(x, (mx.array, list, int)) else "s" for x in items]
        separated = "".join(kinds).strip("s").count("s") > 0
        odd = separated or any(x is None or (isinstance(x, slice) and (x.step or 1) < 0) for x in items)
    return index, has_adv, odd


def js_spelling(index):
    """The JS items: as they are, or with runs of plain items joined into index strings."""
    items = list(index) if isinstance(index, tuple) else [index]
    if rs.rand() < 0.5:
        return items
    out, run = [], []
    for x in items:
        if isinstance(x, (mx.array, list)):
            if run:
                out.append(", ".join(run))
                run = []
            out.append(x)
        else:
            run.append(py_text(x) if rs.rand() < 0.8 else " " + py_text(x) + " ")
    if run:
        out.append(",".join(run))
    return out


def to_np_index(index):
    def one(x):
        return np.array(x) if isinstance(x, mx.array) else x
    return tuple(one(x) for x in index) if isinstance(index, tuple) else one(index)


def rand_value(a_dtype, target_shape, jitter=True):
    r = rs.rand()
    if r < 0.15:
        return int(rs.randint(-3, 4))
    if r < 0.25:
        return float(rs.randint(-30, 30)) + 0.25
    sh = list(target_shape)
    if jitter and sh and rs.rand() < 0.4:
        sh = sh[rs.randint(0, len(sh) + 1):]  # a suffix: broadcast
        sh = [1 if rs.rand() < 0.3 else x for x in sh]
    if jitter and rs.rand() < 0.1:
        sh = [1] + sh
    dt = a_dtype if rs.rand() < 0.8 else VALUE_DTYPES[rs.randint(len(VALUE_DTYPES))]
    return A(tuple(sh), dt, int(rs.randint(1 << 30)), "small" if dt != "bool" else "normal")


def gen():
    seed = 0
    for _ in range(N_GET):
        shape = rand_shape()
        dt = VALUE_DTYPES[rs.randint(len(VALUE_DTYPES))]
        a = A(shape, dt, seed)
        seed += 1
        index, _ = rand_index(shape)
        add(IX("get", a, index, js_spelling(index)))
    made = 0
    while made < N_PUT:
        shape = rand_shape()
        dt = VALUE_DTYPES[rs.randint(len(VALUE_DTYPES))]
        index, has_adv, odd = update_index(shape, dup=False)
        try:
            target = np.arange(int(np.prod(shape)) if shape else 1).reshape(shape)[to_np_index(index)]
        except IndexError:
            continue
        if target.size == 0:
            continue  # Python mlx 0.32.4 may crash (SIGFPE) scattering nothing; tests/js/indexing.test.ts
        if has_adv and np.unique(target).size != target.size:
            continue  # a[index] = v with repeated targets: which write wins is unspecified
        a = A(shape, dt, seed)
        seed += 1
        c = IX("put", a, index, js_spelling(index), rand_value(dt, np.shape(target)), expect="any")
        if odd:
            c.reference = "numpy"
        add(c)
        made += 1
    k = 0
    while k < N_AT:
        shape = rand_shape()
        dt = VALUE_DTYPES[rs.randint(len(VALUE_DTYPES) - 2)]  # no bool / bfloat16 accumulation
        index, _, odd = update_index(shape, dup=True)
        try:
            target = np.empty(shape)[to_np_index(index)]
        except IndexError:
            continue
        if target.size == 0:
            continue  # as above
        a = A(shape, dt, seed, "pos" if dt not in ("uint8",) else "small")
        seed += 1
        op = AT_OPS[k % len(AT_OPS)]
        k += 1
        v = rand_value(dt, np.shape(target))
        if op == "divide" and not (isinstance(v, mx.array) and v.dtype in (mx.float32, mx.float16)):
            v = float(rs.randint(1, 5)) + 0.5  # no division by zero
        if odd and op == "divide":
            op = "add"  # NumPy has no divide.at for integers: the reference below is for the rest
        c = IX("at." + op, a, index, js_spelling(index), v, expect="any")
        if odd:
            c.reference = "numpy"
        if op in ("multiply", "divide") and dt == "float16":
            c.rtol, c.atol = 1e-2, 1e-2  # products of several float16 updates round per step
        add(c)


gen()

# --------------------------------------------------------------------------
# hand-written cases: documented placements and string forms

a345 = A((3, 4, 5), "float32", 7)
idx2 = mx.array([[0, 2], [1, 1]])
add(
    IX("get", a345, (0,), ["0"]),
    IX("get", a345, (slice(None), 1), [":, 1"]),
    IX("get", a345, (Ellipsis, None), ["..., None"]),
    IX("get", a345, (slice(1, None), idx2), ["1:", idx2]),
    IX("get", a345, (idx2, slice(None), idx2), [idx2, ":", idx2]),  # separated: advanced dims first
    IX("get", a345, (slice(None), idx2, idx2), [":", idx2, idx2]),  # adjacent: in place
    IX("get", a345, (idx2, None, 0), [idx2, "None, 0"]),
    IX("get", a345, (slice(None, None, -1), slice(-1, None, -2)), ["::-1, -1::-2"]),
    IX("get", a345, (slice(-100, 100),), [" -100 : 100 "]),
    IX("get", a345, (1, Ellipsis, 2), ["1,...,2"]),
    IX("get", a345, (1,), ["1,"]),
    IX("get", mx.array(3.5), (None,), ["None"]),
    IX("get", mx.array(3.5), Ellipsis, [Ellipsis]),
    IX("get", a345, [0, 2, -1], [[0, 2, -1]]),
    IX("put", A((4, 3), "int32", 1), (slice(None), 1), [":, 1"], mx.array([7, 8, 9, 10])),
    IX("put", A((4, 3), "int32", 1), Ellipsis, ["..."], mx.array([1.5, 2.5, 3.5])),  # a[...] = v keeps v's dtype
    IX("put", A((4, 3), "float32", 1), (Ellipsis,), ["...,"], 2),
    IX("put", A((6,), "int32", 1), mx.array([True, False, True, False, True, False]),
       [mx.array([True, False, True, False, True, False])], 9),  # a boolean mask: masked_scatter
    IX("at.add", A((5,), "float32", 2), mx.array([0, 0, 1, 0]), [mx.array([0, 0, 1, 0])], 1.5),
    IX("at.add", A((5,), "int32", 2), Ellipsis, [Ellipsis], mx.array(1.5)),  # a.at[...] promotes, as in Python
    IX("at.multiply", A((3, 3), "float32", 2), (mx.array([0, 0]), slice(None)), [mx.array([0, 0]), ":"], 2),
)
# the mx.slice op is still the op with an array first
add(C("mx.slice", A((5, 4), "float32", 3), mx.array([1, 1]), [0, 1], [2, 3]))

# --------------------------------------------------------------------------
# invalid expressions: both fail (Python's class mapped: ValueError -> MLXError)

a23 = A((2, 3), "float32", 11)
for index, js in [
    ((0, 0, 0), None),  # too many indices
    ((0, 0, None, 0), None),
    ((Ellipsis, Ellipsis), None),  # two ellipses
    (1.5, None),  # float
    ((0, 1.5), None),
    (True, None),  # bool scalar
    (mx.array([True, False]), None),  # boolean mask: MLX has none for get
    (mx.array([0.5, 1.5]), None),  # float index array
    ([0.5], None),
    ("1:", None),  # Python: strings are no index; JS: a string, but ...
    ("x", ["x"]),  # ... malformed
    ("1::2:3", ["1::2:3"]),
    ("1,,", ["1,,"]),
    ("", [""]),
    ("None1", ["None1"]),
    (slice(0.5, 2), None),
    (slice(0, 2**40), None),
]:
    if index == "1:":
        continue
    add(IX("get", a23, index, js, expect="error"))
add(
    IX("get", mx.array(2.5), 0, expect="error"),
    IX("get", mx.array(2.5), (0,), expect="error"),
    IX("put", a23, (0, 0, 0), None, 1, expect="error"),
    IX("put", a23, (slice(None),), None, mx.ones((3, 3)), expect="error"),  # no broadcast
    IX("put", a23, mx.array([0.5]), None, 1, expect="error"),
    IX("at.add", a23, (0, 0, 0), None, 1, expect="error"),
    IX("at.add", a23, mx.array([True, False]), None, 1, expect="error"),
)
# Python mlx 0.32.4 crashes (SIGFPE) on a zero step: run isolated; Node throws.
z = IX("get", a23, (slice(None, None, 0),), ["::0"], expect="error")
z.isolate = True
add(z)

# --------------------------------------------------------------------------
# out-of-bounds: Python mlx 0.32.4 returns garbage, drops the update or crashes;
# Node throws a RangeError (docs/python-to-js.md: safer than Python).
WHY = "RangeError: Python mlx reads out of bounds here (garbage, a dropped update or a crash)"
a8 = mx.arange(8).reshape(1, 4, 2)
a18 = mx.arange(18).reshape(2, 3, 3)
for c in [
    IX("get", a8, (0, -5, mx.array([0, -1]))),
    IX("get", a23, 5),
    IX("get", a23, (0, 3)),
    IX("get", a23, (Ellipsis, -4)),
    IX("get", a23, mx.array([0, 2])),
    IX("get", a23, (slice(None), mx.array([[3]]))),
    IX("get", a23, (slice(None), [0, -4])),
    IX("put", a8, (0, -5, mx.array([0, -1])), None, 1),
    IX("put", a23, 2, None, 1),
    IX("put", a23, (slice(None), mx.array([5])), None, 1),
    IX("at.multiply", a18, -3, None, 3),
    IX("at.add", a18, (mx.array([0, 7]),), None, 3),
]:
    c.expect = "node_error"
    c.note = WHY
    c.isolate = True
    add(c)
