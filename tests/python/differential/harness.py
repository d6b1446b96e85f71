"""Differential conformance harness: run one mlx call in Python and in Node, compare.

A case is written once, in Python (see cases.py): the Python call (``"mx.sum"``,
``"mx.random.normal"``, ``"mx.linalg.qr"`` or ``"method:sum"`` for ``a.sum(...)``),
its positional arguments and its keyword arguments. This module

* runs it in Python mlx (``run_python``),
* encodes the same inputs as JSON and runs the call in ONE long-lived Node
  process (``NodeSession``, node_server.js) under the naming rule of
  docs/python-to-js.md (snake_case -> camelCase, keyword arguments -> a
  trailing plain object with camelCase keys, positional stays positional,
  None -> null),
* compares the two outcomes (``compare``).

Scalars follow the JS rule: a Python int is sent as an integer-valued JS number
(a bigint beyond 2**53), a Python float as a JS number that must NOT be
integer-valued, because JS would read ``2.0`` back as the int ``2``. Such
ambiguous floats are refused at encode time (``AmbiguousScalar``): write
``2.5`` or the int ``2`` instead. NaN and +/-inf are sent as ``{"$float": ...}``.

Input arrays: any dtype; Node rebuilds them from raw little-endian bytes through
a typed array (float16/bfloat16/complex64 are sent as float32 values and cast
with ``astype`` on the Node side, which is exact because the values come from
those dtypes; complex64 inputs must therefore have a zero imaginary part, as JS
has no way yet to build other complex values). Non-contiguous inputs are
``T(a, axes)`` (``mx.transpose``) and ``B(a, shape)`` (``mx.broadcast_to``);
slice views are not available in JS yet.

Comparison (``compare``): structure (array / list / scalar / None) must match;
arrays must have the same shape and dtype exactly; integer and bool values must
be equal; floating values must satisfy |node - py| <= atol + rtol * |py|
elementwise, NaN at the same positions, infinities equal (with sign). The
default tolerances per dtype are in ``TOLERANCES``:

    float32, complex64: rtol=1e-5, atol=1e-6
    float64:            rtol=1e-12, atol=1e-14
    float16:            rtol=1e-3, atol=1e-3   (about one float16 ulp)
    bfloat16:           rtol=1e-2, atol=1e-2   (about one bfloat16 ulp)

A case can ask for ``exact=True`` (bit-for-bit equal values): the random cases
do, since both processes run the same libmlx. Whether each float result was
bit-exact anyway is recorded in coverage.json.

Errors: if Python raises, Node must throw too (the exception type and the JS
error class are shown in the message; messages need not match); if Python
succeeds, Node must succeed and match.

Values other than arrays, both directions (the same JSON on each side):

    mx.float32             {"$dtype": "float32"}
    mx.floating            {"$category": "floating"}     (DtypeCategory)
    mx.cpu                 {"$device": "cpu"}            (DeviceType)
    mx.Device(mx.cpu, 1)   {"$device": "cpu", "index": 1}
    a Stream (result)      {"$stream": {"device": {"$device": "cpu", "index": 0}, "index": 3}}
    mx.finfo(...) (result) {"$finfo": {"bits", "dtype", "eps", "max", "min", "smallestNormal"}}
    mx.iinfo(...) (result) {"$iinfo": {"dtype", "max", "min"}}   (JS bigints compare as ints)

A Promise returned by Node (mx.asyncEval) is awaited by the server; what it
resolves to is the result. ``Call(fn, *args, **kwargs)`` is an argument computed
by a call on each side (a Stream, a lazy array whose evaluation fails, ...);
JS classes (``mx.finfo``, ``mx.Device``) are called with ``new``. A case may
run ``pre`` calls first on each side (to put global state, such as a memory
limit, into a known state) and may ``norm`` both results (``NORMALIZERS``)
where a value differs between processes by nature (a stream's index, a memory
counter): the case then compares only what is deterministic.

Functions (the transforms take and return them): ``F("name")`` is the function
``name`` of the shared catalogue, written in both languages
(transforms_catalogue.py / transforms_catalogue.js), sent as ``{"$fn": "name"}``;
it can be an argument anywhere, also inside ``call(...)`` (so
``call("mx.grad", F("poly3"))`` is a transformed function on each side).
``applied(case, *args, **kwargs)`` calls the case's result (a function) with
these arguments on each side (request key ``"apply"``) and compares what that
call returns (or raises).

Exports (``export_targets``): the op tables' functions and methods, plus every
other function the Node package exports (listed at test time from Node: own
enumerable function-valued properties of ``mx``, ``mx.random``, ``mx.linalg``;
classes and ``_``-names excluded, except ``mx.finfo`` / ``mx.iinfo``, which
Python code calls like functions). Exports Python lacks are "js_only"
(``cases.JS_ONLY``, with the reason) and need no cases.
"""

from __future__ import annotations

import base64
import json
import math
import os
import re
import select
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import mlx.core as mx

HERE = Path(__file__).resolve().parent
SERVER_JS = HERE / "node_server.js"
COVERAGE_PATH = HERE / "coverage.json"

TOLERANCES = {
    "float32": (1e-5, 1e-6),
    "complex64": (1e-5, 1e-6),
    "float64": (1e-12, 1e-14),
    "float16": (1e-3, 1e-3),
    "bfloat16": (1e-2, 1e-2),
}

FLOAT_DTYPES = {"float16", "bfloat16", "float32", "float64", "complex64"}

# Python mx.array has no method for these: the JS method stands for the operator.
PY_METHOD_ALIASES = {
    "add": "__add__",
    "subtract": "__sub__",
    "multiply": "__mul__",
    "divide": "__truediv__",
    "floor_divide": "__floordiv__",
    "remainder": "__mod__",
    "power": "__pow__",
    "matmul": "__matmul__",
    "negative": "__neg__",
    "equal": "__eq__",
    "not_equal": "__ne__",
    "less": "__lt__",
    "less_equal": "__le__",
    "greater": "__gt__",
    "greater_equal": "__ge__",
    "bitwise_and": "__and__",
    "bitwise_or": "__or__",
    "bitwise_xor": "__xor__",
    "bitwise_invert": "__invert__",
    "left_shift": "__lshift__",
    "right_shift": "__rshift__",
}

SHORT = {
    "bool": "b",
    "uint8": "u8",
    "uint16": "u16",
    "uint32": "u32",
    "uint64": "u64",
    "int8": "i8",
    "int16": "i16",
    "int32": "i32",
    "int64": "i64",
    "float16": "f16",
    "bfloat16": "bf16",
    "float32": "f32",
    "float64": "f64",
    "complex64": "c64",
}


# --------------------------------------------------------------------------
# naming rule


def snake_to_camel(name: str) -> str:
    """docs/python-to-js.md: split on '_', capitalise every part after the first, join."""
    parts = name.split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def js_fn_name(fn: str) -> str:
    """'mx.floor_divide' -> 'mx.floorDivide'; 'method:floor_divide' -> 'method:floorDivide'."""
    if fn.startswith("method:"):
        return "method:" + snake_to_camel(fn[len("method:"):])
    if fn.startswith("index:"):
        return fn
    mod, _, name = fn.rpartition(".")
    return f"{mod}.{snake_to_camel(name)}"


def dtype_name(d: mx.Dtype) -> str:
    return str(d).rsplit(".", 1)[-1]


# --------------------------------------------------------------------------
# non-contiguous inputs


@dataclass(frozen=True)
class View:
    """A non-contiguous input built from a contiguous base with an available op."""

    base: Any  # mx.array
    op: str  # "transpose" | "broadcast"
    axes: tuple | None = None
    shape: tuple | None = None

    def build(self):
        if self.op == "transpose":
            return mx.transpose(self.base) if self.axes is None else mx.transpose(self.base, self.axes)
        if self.op == "broadcast":
            return mx.broadcast_to(self.base, self.shape)
        raise ValueError(self.op)


def T(a, axes=None) -> View:
    """mx.transpose(a, axes): a transposed (strided) view."""
    return View(a, "transpose", axes=None if axes is None else tuple(axes))


def B(a, shape) -> View:
    """mx.broadcast_to(a, shape): a broadcast (stride-0) view."""
    return View(a, "broadcast", shape=tuple(shape))


@dataclass(eq=False)
class Call:
    """An argument computed by calling fn on each side: Python ``fn(*args, **kwargs)``,
    JS ``mx.jsName(...args, {kwargs})`` (``new`` for a JS class)."""

    fn: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)

    def build(self):
        args = [_to_py(a) for a in self.args]
        kwargs = {k: _to_py(v) for k, v in self.kwargs.items()}
        return _resolve_py(self.fn)(*args, **kwargs)


def call(fn, *args, **kwargs) -> Call:
    return Call(fn, args, kwargs)


@dataclass(frozen=True)
class Fn:
    """A function of the shared transforms catalogue: transforms_catalogue.py's
    PY[name] in Python, transforms_catalogue.js's [name] in JS."""

    name: str

    def build(self):
        return _catalogue()[self.name]


def _catalogue() -> dict:
    from transforms_catalogue import PY
    from nn_catalogue import PY as NN_PY

    return {**PY, **NN_PY}


def F(name: str) -> Fn:
    """The catalogue function `name` as an argument (sent as {"$fn": name})."""
    if name not in _catalogue():
        raise ValueError(f"{name!r} is not in transforms_catalogue.py or nn_catalogue.py")
    return Fn(name)


# JS exports that are classes called with `new` (display only; the server
# detects classes itself).
JS_CONSTRUCTORS = {"mx.finfo", "mx.iinfo", "mx.Device"}


# --------------------------------------------------------------------------
# devices and streams: parsed from their repr, which Python and JS share
# ("Device(cpu, 0)", "Stream(Device(cpu, 0), 1)")

_DEVICE_RE = re.compile(r"^Device\((cpu|gpu), (-?\d+)\)$")
_STREAM_RE = re.compile(r"^Stream\(Device\((cpu|gpu), (-?\d+)\), (-?\d+)\)$")


def device_json(d) -> dict:
    m = _DEVICE_RE.match(repr(d))
    if not m:
        raise ValueError(f"cannot parse device {d!r}")
    return {"$device": m.group(1), "index": int(m.group(2))}


def stream_json(s) -> dict:
    m = _STREAM_RE.match(repr(s))
    if not m:
        raise ValueError(f"cannot parse stream {s!r}")
    return {"$stream": {"device": {"$device": m.group(1), "index": int(m.group(2))}, "index": int(m.group(3))}}


# --------------------------------------------------------------------------
# encoding (Python value -> JSON for node_server.js)


class AmbiguousScalar(ValueError):
    """A Python float that is integer-valued: JS would read it as an int."""


def _b64(a: np.ndarray) -> str:
    a = np.ascontiguousarray(a)
    if a.dtype.byteorder == ">":
        a = a.byteswap().view(a.dtype.newbyteorder("<"))
    return base64.b64encode(a.tobytes()).decode("ascii")


def encode_array(x) -> dict:
    name = dtype_name(x.dtype)
    shape = list(x.shape)
    spec = {"dtype": name, "shape": shape}
    if name == "bfloat16":
        data = np.array(x.astype(mx.float32))
        spec["dataDtype"] = "float32"
    elif name == "float16":
        data = np.array(x).astype(np.float32)
        spec["dataDtype"] = "float32"
    elif name == "complex64":
        c = np.array(x)
        if np.any(c.imag != 0):
            raise ValueError("complex64 inputs must have a zero imaginary part (JS cannot build others yet)")
        data = c.real.astype(np.float32)
        spec["dataDtype"] = "float32"
    elif name == "bool":
        data = np.array(x).astype(np.uint8)
    else:
        data = np.array(x)
    spec["data"] = _b64(data.reshape(-1))
    return {"$array": spec}


def encode(v):
    if isinstance(v, View):
        out = {"base": encode(v.base), "op": v.op}
        if v.op == "transpose":
            out["axes"] = None if v.axes is None else list(v.axes)
        else:
            out["shape"] = list(v.shape)
        return {"$view": out}
    if isinstance(v, Call):
        return {"$call": {"fn": js_fn_name(v.fn), "args": [encode(a) for a in v.args],
                          "kwargs": encode_kwargs(v.kwargs)}}
    if isinstance(v, Fn):
        return {"$fn": v.name}
    if isinstance(v, mx.array):
        return encode_array(v)
    if isinstance(v, mx.Dtype):
        return {"$dtype": dtype_name(v)}
    if isinstance(v, mx.DtypeCategory):
        return {"$category": v.name}
    if isinstance(v, mx.DeviceType):
        return {"$device": v.name}
    if isinstance(v, mx.Device):
        return device_json(v)
    if isinstance(v, mx.Stream):
        raise TypeError("a Stream argument cannot be sent as a value: use call('mx.default_stream', ...)")
    if isinstance(v, slice):
        return {"$slice": [encode(v.start), encode(v.stop), encode(v.step)]}
    if v is Ellipsis:
        return {"$ellipsis": True}
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        # an int is a JS number only within Number.isSafeInteger (docs/python-to-js.md)
        return v if abs(v) < 2**53 else {"$bigint": str(v)}
    if isinstance(v, float):
        if math.isnan(v):
            return {"$float": "nan"}
        if math.isinf(v):
            return {"$float": "inf" if v > 0 else "-inf"}
        if v == int(v):
            raise AmbiguousScalar(
                f"Python float {v!r} is integer-valued: in JS it is the int {int(v)}; "
                "use a non-integral float or an int in the case"
            )
        return v
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {k: encode(x) for k, x in v.items()}
    raise TypeError(f"harness cannot encode {type(v).__name__} {v!r} for JS")


def encode_kwargs(kwargs: dict) -> dict:
    return {snake_to_camel(k): encode(v) for k, v in kwargs.items()}


# --------------------------------------------------------------------------
# normalised results (what compare() works on)


@dataclass
class NArray:
    dtype: str
    shape: tuple
    values: np.ndarray  # natural numpy type; bfloat16 as float32; float16 as float16

    def __repr__(self):
        v = self.values
        body = np.array2string(v.reshape(-1)[:12], precision=8, threshold=12)
        more = " ..." if v.size > 12 else ""
        return f"array(dtype={self.dtype}, shape={self.shape}, values={body}{more})"


@dataclass
class Raised:
    type: str
    message: str
    stack: str = ""

    def __repr__(self):
        msg = self.message if len(self.message) < 300 else self.message[:300] + "..."
        return f"raised {self.type}: {msg}"


def _bf16_bits_to_f32(bits: np.ndarray) -> np.ndarray:
    return (bits.astype(np.uint32) << 16).view(np.float32)


NUMPY_STORAGE = {
    "bool": np.uint8,
    "uint8": np.uint8,
    "uint16": np.uint16,
    "uint32": np.uint32,
    "uint64": np.uint64,
    "int8": np.int8,
    "int16": np.int16,
    "int32": np.int32,
    "int64": np.int64,
    "float16": np.uint16,
    "bfloat16": np.uint16,
    "float32": np.float32,
    "float64": np.float64,
    "complex64": np.float32,
}


def decode_node_array(spec: dict) -> NArray:
    name = spec["dtype"]
    shape = tuple(spec["shape"])
    raw = base64.b64decode(spec["data"])
    if name not in NUMPY_STORAGE:
        raise ValueError(f"node returned unknown dtype {name!r}")
    flat = np.frombuffer(raw, dtype=np.dtype(NUMPY_STORAGE[name]).newbyteorder("<"))
    if name == "bool":
        vals = flat.astype(bool)
    elif name == "float16":
        vals = flat.view(np.float16)
    elif name == "bfloat16":
        vals = _bf16_bits_to_f32(flat)
    elif name == "complex64":
        vals = flat.view(np.complex64)
    else:
        vals = flat.astype(flat.dtype.newbyteorder("="))
    expected = int(np.prod(shape)) if shape else 1
    if vals.size != expected:
        raise ValueError(f"node array data has {vals.size} elements for shape {shape}")
    return NArray(name, shape, vals.reshape(shape))


def decode_node(v):
    if isinstance(v, list):
        return [decode_node(x) for x in v]
    if isinstance(v, dict):
        if "$array" in v:
            return decode_node_array(v["$array"])
        if "$float" in v:
            return float(v["$float"])
        if "$bigint" in v:
            return int(v["$bigint"])
        if "$dtype" in v:
            return ("dtype", v["$dtype"])
        if "$category" in v:
            return ("category", v["$category"])
        if "$repr" in v:
            return ("js-object", v.get("$type"), v["$repr"])
        return {k: decode_node(x) for k, x in v.items()}
    return v


def normalize_py(v):
    if isinstance(v, mx.array):
        name = dtype_name(v.dtype)
        if name == "bfloat16":
            vals = np.array(v.astype(mx.float32))
        else:
            vals = np.array(v)
        return NArray(name, tuple(v.shape), vals)
    if isinstance(v, (list, tuple)):
        return [normalize_py(x) for x in v]
    if isinstance(v, dict):
        return {k: normalize_py(x) for k, x in v.items()}
    if isinstance(v, mx.Dtype):
        return ("dtype", dtype_name(v))
    if isinstance(v, mx.DtypeCategory):
        return ("category", v.name)
    if isinstance(v, mx.DeviceType):
        return {"$device": v.name}
    if isinstance(v, mx.Device):
        return device_json(v)
    if isinstance(v, mx.Stream):
        return stream_json(v)
    if isinstance(v, mx.ThreadLocalStream):
        return {"$tls": device_json(v.device)}
    if isinstance(v, mx.PrintOptions):
        return {"$printoptions": v.precision}
    if type(v).__name__ in ("StreamContext", "_PrintOptionsContext"):
        # context managers: compared by kind (their effect is checked by calls made inside them)
        return {"$context": "stream" if type(v).__name__ == "StreamContext" else "printoptions"}
    if isinstance(v, mx.finfo):
        return {"$finfo": {"bits": v.bits, "dtype": ("dtype", dtype_name(v.dtype)), "eps": v.eps,
                           "max": v.max, "min": v.min, "smallestNormal": v.smallest_normal}}
    if isinstance(v, mx.iinfo):
        return {"$iinfo": {"dtype": ("dtype", dtype_name(v.dtype)), "max": v.max, "min": v.min}}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return ("py-object", type(v).__name__, repr(v))


# Case.norm: applied to both normalised results (not to errors) before comparing,
# where part of a value differs between processes by nature.
def _norm_nonneg_int(v):
    if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
        return "<int >= 0>"
    return v


def _norm_stream_index(v):
    if isinstance(v, dict) and "$stream" in v and isinstance(v["$stream"], dict):
        inner = dict(v["$stream"])
        i = inner.get("index")
        if isinstance(i, int) and not isinstance(i, bool) and i >= 0:
            inner["index"] = "<int >= 0>"
        return {"$stream": inner}
    return v


NORMALIZERS = {
    # memory counters and limits: an int >= 0 (the value is per process)
    "nonneg_int": _norm_nonneg_int,
    # a Stream's index counts the streams the process made so far: an int >= 0
    "stream_index": _norm_stream_index,
}


# --------------------------------------------------------------------------
# comparison


class Mismatch(AssertionError):
    pass


def _float_mismatches(py: np.ndarray, nd: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """Boolean mask of positions where the values differ beyond tolerance (NaN/inf aware)."""
    if np.iscomplexobj(py) or np.iscomplexobj(nd):
        return _float_mismatches(py.real, nd.real, rtol, atol) | _float_mismatches(py.imag, nd.imag, rtol, atol)
    p = py.astype(np.float64)
    n = nd.astype(np.float64)
    pn, nn = np.isnan(p), np.isnan(n)
    bad = pn != nn
    inf = (np.isinf(p) | np.isinf(n)) & ~(pn | nn)
    bad |= inf & (p != n)
    fin = ~(pn | nn | inf)
    with np.errstate(invalid="ignore", over="ignore"):
        bad |= fin & ~(np.abs(n - p) <= atol + rtol * np.abs(p))
    return bad


def _bits_equal(py: np.ndarray, nd: np.ndarray) -> bool:
    if py.shape != nd.shape or py.dtype != nd.dtype:
        return False
    return py.tobytes() == nd.tobytes()


def _compare_arrays(py: NArray, nd: NArray, rtol, atol, exact, path, notes):
    where = f" at {path}" if path else ""
    if py.dtype != nd.dtype:
        raise Mismatch(f"dtype differs{where}: python {py.dtype}, node {nd.dtype}")
    if tuple(py.shape) != tuple(nd.shape):
        raise Mismatch(f"shape differs{where}: python {tuple(py.shape)}, node {tuple(nd.shape)}")
    if py.dtype in FLOAT_DTYPES:
        bit_exact = _bits_equal(py.values, nd.values)
        notes["float_results"] = notes.get("float_results", 0) + 1
        if bit_exact:
            notes["bit_exact"] = notes.get("bit_exact", 0) + 1
        if exact:
            # equal values (NaN positions equal; -0 == +0), no tolerance
            bad = _float_mismatches(py.values, nd.values, 0.0, 0.0)
            if bad.any():
                _raise_values(py, nd, bad, "values differ (exact comparison requested)", where)
            return
        d_rtol, d_atol = TOLERANCES[py.dtype]
        r = d_rtol if rtol is None else rtol
        a = d_atol if atol is None else atol
        bad = _float_mismatches(py.values, nd.values, r, a)
        if bad.any():
            _raise_values(py, nd, bad, f"values differ beyond rtol={r}, atol={a}", where)
    else:
        if not np.array_equal(py.values, nd.values):
            _raise_values(py, nd, py.values != nd.values, "values differ", where)


def _raise_values(py, nd, bad, what, where):
    idx = np.argwhere(bad)
    lines = [f"{what}{where}: {len(idx)} of {py.values.size} elements"]
    for i in idx[:6]:
        t = tuple(int(j) for j in i)
        lines.append(f"  at {t}: python {py.values[t]!r}, node {nd.values[t]!r}")
    if py.dtype in FLOAT_DTYPES and py.dtype != "complex64" and py.values.size:
        with np.errstate(invalid="ignore"):
            diff = np.abs(py.values.astype(np.float64) - nd.values.astype(np.float64))
        fin = np.isfinite(diff)
        if fin.any():
            lines.append(f"  max |diff| (finite) = {diff[fin].max():.3g}")
    raise Mismatch("\n".join(lines))


# normalised non-array values written as tagged tuples: ("dtype", "float32"), ...
TAGGED = {"dtype", "category", "js-object", "py-object"}


def compare(py_result, node_result, rtol=None, atol=None, exact=False, _path="", _notes=None):
    """Raise Mismatch unless the Python and Node outcomes agree (see module doc).

    py_result may be a raw Python value (mx.array, list, ...) or a normalised one;
    node_result is a decoded Node value (decode_node). Raised on both sides agrees.
    Returns a dict of notes (float_results, bit_exact counts).
    """
    notes = {} if _notes is None else _notes
    if isinstance(py_result, mx.array) or (
        isinstance(py_result, (list, tuple)) and any(isinstance(x, mx.array) for x in py_result)
    ):
        py_result = normalize_py(py_result)
    where = f" at {_path}" if _path else ""
    if isinstance(py_result, tuple) and py_result and py_result[0] in TAGGED:
        if not (isinstance(node_result, tuple) and tuple(node_result) == py_result):
            raise Mismatch(f"value differs{where}: python {py_result!r}, node {node_result!r}")
        return notes
    if isinstance(py_result, Raised) or isinstance(node_result, Raised):
        if isinstance(py_result, Raised) and isinstance(node_result, Raised):
            return notes
        if isinstance(py_result, Raised):
            raise Mismatch(f"python raised {py_result.type} but node succeeded{where}")
        raise Mismatch(f"node threw {node_result.type} but python succeeded{where}")
    if isinstance(py_result, NArray) or isinstance(node_result, NArray):
        if not (isinstance(py_result, NArray) and isinstance(node_result, NArray)):
            raise Mismatch(f"kind differs{where}: python {py_result!r}, node {node_result!r}")
        _compare_arrays(py_result, node_result, rtol, atol, exact, _path, notes)
        return notes
    if isinstance(py_result, (list, tuple)):
        if not isinstance(node_result, list):
            raise Mismatch(f"python returned a sequence{where}, node {node_result!r}")
        if len(py_result) != len(node_result):
            raise Mismatch(f"length differs{where}: python {len(py_result)}, node {len(node_result)}")
        for i, (p, n) in enumerate(zip(py_result, node_result)):
            compare(p, n, rtol, atol, exact, f"{_path}[{i}]", notes)
        return notes
    if isinstance(py_result, dict):
        if not isinstance(node_result, dict) or set(py_result) != set(node_result):
            raise Mismatch(f"dict differs{where}: python {py_result!r}, node {node_result!r}")
        for k in py_result:
            compare(py_result[k], node_result[k], rtol, atol, exact, f"{_path}[{k!r}]", notes)
        return notes
    if isinstance(py_result, float) and isinstance(node_result, (int, float)) and not isinstance(node_result, bool):
        bad = _float_mismatches(np.array([py_result]), np.array([float(node_result)]),
                                1e-12 if rtol is None else rtol, 0.0 if atol is None else atol)
        if bad.any():
            raise Mismatch(f"scalar differs{where}: python {py_result!r}, node {node_result!r}")
        return notes
    if type(py_result) is not type(node_result) or py_result != node_result:
        raise Mismatch(f"value differs{where}: python {py_result!r}, node {node_result!r}")
    return notes


# --------------------------------------------------------------------------
# the Node process


class NodeCrashed(RuntimeError):
    pass


class NodeSession:
    """One long-lived `node node_server.js`, spoken to in JSON lines."""

    def __init__(self, node: str = "node", server: Path = SERVER_JS, timeout: float = 30.0):
        self.node = node
        self.server = str(server)
        self.timeout = timeout
        self.proc = None
        self._buf = b""
        self._next_id = 0
        self.restarts = 0
        self._start()

    def _start(self):
        self._stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [self.node, self.server],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=str(HERE),
        )
        self._buf = b""
        pong = self.request({"fn": "$ping"})
        if not pong.get("ok"):
            raise RuntimeError(f"node_server failed to start: {pong}")

    def stderr_tail(self, n: int = 2000) -> str:
        try:
            self._stderr.seek(0)
            return self._stderr.read().decode("utf8", "replace")[-n:]
        except Exception:  # pragma: no cover
            return ""

    def _readline(self, deadline: float) -> bytes:
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("node_server did not answer in time")
            r, _, _ = select.select([fd], [], [], left)
            if not r:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise NodeCrashed(
                    f"node_server exited (code {self.proc.poll()}); stderr:\n{self.stderr_tail()}"
                )
            self._buf += chunk
        line, _, self._buf = self._buf.partition(b"\n")
        return line

    def request(self, req: dict) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            self.restarts += 1
            self._start()
        self._next_id += 1
        req = dict(req, id=self._next_id)
        try:
            self.proc.stdin.write((json.dumps(req, allow_nan=False) + "\n").encode("utf8"))
            self.proc.stdin.flush()
        except BrokenPipeError:
            raise NodeCrashed(f"node_server is gone; stderr:\n{self.stderr_tail()}")
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                line = self._readline(deadline)
            except TimeoutError:
                self.close()
                raise
            try:
                resp = json.loads(line)
            except ValueError:
                continue  # stray output: not ours
            if resp.get("id") == self._next_id:
                return resp

    def call(self, fn: str, args=(), kwargs=None, seed=None, pre=(), apply=None):
        """Run the Python-named call `fn` in Node; returns the decoded result or Raised.
        apply: (args, kwargs) to call the result (a function) with (Case.apply)."""
        req = {"fn": js_fn_name(fn), "args": [encode(a) for a in args], "kwargs": encode_kwargs(kwargs or {})}
        if seed is not None:
            req["seed"] = encode(seed)
        if pre:
            req["pre"] = [encode(c) for c in pre]
        if apply is not None:
            req["apply"] = {"args": [encode(a) for a in apply[0]], "kwargs": encode_kwargs(apply[1])}
        resp = self.request(req)
        if resp.get("ok"):
            return decode_node(resp["result"])
        err = resp.get("error") or {}
        return Raised(err.get("type", "?"), err.get("message", ""), err.get("stack", ""))

    def exports(self) -> dict:
        """{module: [{"name", "isClass"}]}: the function-valued exports of mx, mx.random, mx.linalg."""
        resp = self.request({"fn": "$exports"})
        if not resp.get("ok"):
            raise RuntimeError(f"$exports failed: {resp}")
        return resp["result"]

    def op_tables(self) -> dict:
        resp = self.request({"fn": "$opTables"})
        if not resp.get("ok"):
            raise RuntimeError(f"_opTables failed: {resp}")
        return resp["result"]

    def close(self):
        if self.proc is not None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except Exception:
                self.proc.kill()
                self.proc.wait()
            self.proc = None


# --------------------------------------------------------------------------
# cases


def fmt(v) -> str:
    """Short Python-ish text of an argument, for case ids."""
    if isinstance(v, Fn):
        return v.name
    if isinstance(v, Call):
        parts = [fmt(a) for a in v.args] + [f"{k}={fmt(x)}" for k, x in v.kwargs.items()]
        return f"{v.fn}({', '.join(parts)})"
    if isinstance(v, mx.DtypeCategory):
        return f"mx.{v.name}"
    if isinstance(v, mx.Device):
        d = device_json(v)
        return f"mx.Device(mx.{d['$device']}, {d['index']})"
    if isinstance(v, View):
        if v.op == "transpose":
            return f"T({fmt(v.base)})" if v.axes is None else f"T({fmt(v.base)},{v.axes})"
        return f"B({fmt(v.base)}->{tuple(v.shape)})"
    if isinstance(v, mx.array):
        name = dtype_name(v.dtype)
        short = SHORT.get(name, name)
        if v.size <= 3 and name != "bfloat16":
            vals = np.array(v).reshape(-1).tolist()
            if name in ("float16", "float32", "float64"):
                vals = [float(f"{x:.4g}") for x in vals]
            elif name == "complex64":
                vals = [complex(x) for x in vals]
            inner = ",".join(repr(x) for x in vals)
            shape = ",".join(str(s) for s in v.shape)
            return f"{short}({shape})[{inner}]" if v.ndim else f"{short}({inner})"
        return f"{short}({','.join(str(s) for s in v.shape)})"
    if isinstance(v, mx.Dtype):
        return f"mx.{dtype_name(v)}"
    if isinstance(v, mx.DeviceType):
        return f"mx.{v.name}"
    if isinstance(v, tuple):
        inner = ", ".join(fmt(x) for x in v)
        return f"({inner},)" if len(v) == 1 else f"({inner})"
    if isinstance(v, list):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k!r}: {fmt(x)}" for k, x in v.items()) + "}"
    if isinstance(v, slice):
        return ":".join("" if x is None else str(x) for x in (v.start, v.stop)) + ("" if v.step is None else f":{v.step}")
    if v is Ellipsis:
        return "..."
    return repr(v)


def _js_call_text(fn: str, args, kwargs) -> str:
    parts = [_js_fmt(a) for a in args]
    if kwargs:
        parts.append("{" + ", ".join(f"{snake_to_camel(k)}: {_js_fmt(v)}" for k, v in kwargs.items()) + "}")
    js = js_fn_name(fn)
    return f"{'new ' if js in JS_CONSTRUCTORS else ''}{js}({', '.join(parts)})"


def _js_fmt(v) -> str:
    if isinstance(v, slice):
        return f"mx.slice({_js_fmt(v.start)}, {_js_fmt(v.stop)}, {_js_fmt(v.step)})"
    if v is Ellipsis:
        return "mx.Ellipsis"
    if isinstance(v, Fn):
        return f"catalogue.{v.name}"
    if isinstance(v, Call):
        return _js_call_text(v.fn, v.args, v.kwargs)
    if isinstance(v, mx.DtypeCategory):
        return f"mx.{v.name}"
    if isinstance(v, mx.Device):
        d = device_json(v)
        return f"new mx.Device(mx.{d['$device']}, {d['index']})"
    if isinstance(v, (View, mx.array)):
        return fmt(v)
    if isinstance(v, mx.Dtype):
        return f"mx.{dtype_name(v)}"
    if isinstance(v, mx.DeviceType):
        return f"mx.{v.name}"
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v) if abs(v) < 2**53 else f"{v}n"
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return repr(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_js_fmt(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_js_fmt(x)}" for k, x in v.items()) + "}"
    return json.dumps(v)


@dataclass
class Case:
    fn: str  # "mx.sum", "mx.random.normal", "mx.linalg.qr", "method:sum"
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    expect: str = "ok"  # "ok": Python must succeed; "error": Python must raise; "any"
    seed: int | None = None  # mx.random.seed(seed) right before the call, both sides
    rtol: float | None = None
    atol: float | None = None
    exact: bool = False
    note: str = ""
    id: str = ""
    # A documented deviation: Python runs these arguments instead (an input Python
    # cannot express, given in an equivalent form it can); `note` says why.
    py_args: tuple | None = None
    # A documented deviation: Python runs this function instead (a JS-only export
    # checked against its Python equivalent); `note` says which and why.
    py_fn: str | None = None
    # Calls run first on each side, in order (global state into a known state).
    pre: tuple = ()
    # A key of NORMALIZERS applied to both results before comparing.
    norm: str | None = None
    # Run the Python side in a child process (inputs on which Python mlx may
    # crash): a crash there counts as Python raising ("PythonCrashed").
    isolate: bool = False
    # Indexing updates where Python mlx 0.32.4 departs from NumPy (an update placed
    # differently from its own a[index], or refused): "numpy" compares Node with
    # NumPy's a[index] = v / np.<op>.at(a, index, v) instead of Python mlx.
    reference: str | None = None
    # (args, kwargs): the result is a function; call it with these (``applied``)
    # and compare what that returns.
    apply: tuple | None = None

    @property
    def target(self) -> str:
        """The export this case covers: 'mx.sum', 'mx.random.normal', 'array.sum'."""
        if self.fn.startswith("method:"):
            return "array." + self.fn[len("method:"):]
        if self.fn.startswith("index:"):
            return INDEX_TARGETS[self.fn.split(".")[0]]
        return self.fn

    def python_text(self) -> str:
        if self.fn.startswith("index:"):
            return _index_python_text(self)
        kw = [f"{k}={fmt(v)}" for k, v in self.kwargs.items()]
        if self.fn.startswith("method:"):
            name = self.fn[len("method:"):]
            recv, rest = (self.args[0], self.args[1:]) if self.args else (None, ())
            pos = [fmt(a) for a in rest]
            if not hasattr(mx.array, name) and name in PY_METHOD_ALIASES:
                name = PY_METHOD_ALIASES[name]
            text = f"{fmt(recv)}.{name}({', '.join(pos + kw)})"
        else:
            pos = [fmt(a) for a in self.args]
            text = f"{self.fn}({', '.join(pos + kw)})"
        if self.apply is not None:
            a, k = self.apply
            text += f"({', '.join([fmt(x) for x in a] + [f'{n}={fmt(x)}' for n, x in k.items()])})"
        if self.seed is not None:
            text = f"seed({self.seed}); {text}"
        if self.pre:
            text = "; ".join(fmt(c) for c in self.pre) + "; " + text
        return text

    def js_text(self) -> str:
        if self.fn.startswith("index:"):
            return _index_js_text(self)
        parts = [_js_fmt(a) for a in self.args]
        if self.kwargs:
            parts.append("{" + ", ".join(f"{snake_to_camel(k)}: {_js_fmt(v)}" for k, v in self.kwargs.items()) + "}")
        fn = js_fn_name(self.fn)
        if fn.startswith("method:"):
            text = f"{parts[0] if parts else '?'}.{fn[len('method:'):]}({', '.join(parts[1:])})"
        else:
            text = _js_call_text(self.fn, self.args, self.kwargs)
        if self.apply is not None:
            a, k = self.apply
            parts = [_js_fmt(x) for x in a]
            if k:
                parts.append("{" + ", ".join(f"{snake_to_camel(n)}: {_js_fmt(x)}" for n, x in k.items()) + "}")
            text += f"({', '.join(parts)})"
        if self.seed is not None:
            text = f"mx.random.seed({self.seed}); {text}"
        if self.pre:
            text = "; ".join(_js_fmt(c) for c in self.pre) + "; " + text
        if fn == "mx.asyncEval":
            text = "await " + text
        return text


def C(fn, *args, **kwargs) -> Case:
    """A case Python must run successfully."""
    return Case(fn, args, kwargs, "ok")


def E(fn, *args, **kwargs) -> Case:
    """An error case: Python must raise, and so must Node."""
    return Case(fn, args, kwargs, "error")


def X(fn, *args, **kwargs) -> Case:
    """A sweep case: whatever Python does (result or error), Node must do the same."""
    return Case(fn, args, kwargs, "any")


def R(seed, fn, *args, **kwargs) -> Case:
    """A random case: mx.random.seed(seed) just before the call on each side; bit-exact."""
    c = Case(fn, args, kwargs, "ok", seed=seed, exact=True)
    return c


def deviation(case: Case, py_args: tuple, why: str) -> Case:
    """Node runs case.args; Python runs the equivalent py_args (see Case.py_args)."""
    case.py_args = py_args
    case.note = why
    return case


def py_equivalent(case: Case, py_fn: str, why: str) -> Case:
    """Node runs case.fn (a JS-only export); Python runs py_fn with the same arguments."""
    case.py_fn = py_fn
    case.note = why
    return case


def with_opts(case: Case, **opts) -> Case:
    for k, v in opts.items():
        setattr(case, k, v)
    return case


def applied(case: Case, *args, **kwargs) -> Case:
    """The case's result is a function: call it with args / kwargs on each side and
    compare that call's outcome. ``applied(C("mx.grad", F("mse")), w, x, y)`` is
    Python ``mx.grad(mse)(w, x, y)``, JS ``mx.grad(catalogue.mse)(w, x, y)``."""
    case.apply = (args, kwargs)
    return case


def assign_ids(cases: list[Case]) -> list[Case]:
    """Give every case a unique id (its Python call) and check it can be sent to JS."""
    seen: dict[str, int] = {}
    for c in cases:
        try:
            [encode(a) for a in c.args]
            encode_kwargs(c.kwargs)
            [encode(p) for p in c.pre]
            if c.apply is not None:
                [encode(a) for a in c.apply[0]]
                encode_kwargs(c.apply[1])
            if c.norm is not None and c.norm not in NORMALIZERS:
                raise ValueError(f"unknown norm {c.norm!r}")
            if c.seed is not None:
                encode(c.seed)
        except (AmbiguousScalar, TypeError, ValueError) as e:
            raise ValueError(f"case {c.python_text()} cannot be written in JS: {e}") from None
        base = c.python_text()
        if c.expect == "error":
            base = "ERR " + base
        n = seen.get(base, 0)
        seen[base] = n + 1
        c.id = base if n == 0 else f"{base} #{n + 1}"
    return cases


def _to_py(v):
    if isinstance(v, (View, Call, Fn)):
        return v.build()
    if isinstance(v, list):
        return [_to_py(x) for x in v]
    if isinstance(v, tuple):
        return tuple(_to_py(x) for x in v)
    if isinstance(v, dict):
        return {k: _to_py(x) for k, x in v.items()}
    return v


def _resolve_py(fn: str):
    parts = fn.split(".")
    assert parts[0] in PY_ROOTS, fn
    obj = PY_ROOTS[parts[0]]()
    for p in parts[1:]:
        obj = getattr(obj, p)
    return obj


def _py_nn():
    import mlx.nn

    return mlx.nn


def _py_utils():
    import mlx.utils

    return mlx.utils


# The first part of a case's fn: "mx.sum" (mlx.core), "nn.losses.mse_loss" (mlx.nn), "utils.tree_map" (mlx.utils).
PY_ROOTS = {"mx": lambda: mx, "nn": _py_nn, "utils": _py_utils}


def _eval_tree(v):
    if isinstance(v, mx.array):
        mx.eval(v)
    elif isinstance(v, (list, tuple)):
        for x in v:
            _eval_tree(x)
    elif isinstance(v, dict):
        for x in v.values():
            _eval_tree(x)


def run_python(case: Case):
    """Normalised Python outcome of the case: a value or Raised."""
    if case.isolate:
        return _run_python_isolated(case)
    try:
        if case.fn.startswith("index:"):
            result = _run_numpy_index(case) if case.reference == "numpy" else _run_python_index(case)
            _eval_tree(result)
            return normalize_py(result)
        for c in case.pre:
            _eval_tree(c.build())
        args = [_to_py(a) for a in (case.args if case.py_args is None else case.py_args)]
        kwargs = {k: _to_py(v) for k, v in case.kwargs.items()}
        if case.seed is not None:
            mx.random.seed(case.seed)
        if case.fn.startswith("method:"):
            name = case.fn[len("method:"):]
            recv, rest = args[0], args[1:]
            if not hasattr(mx.array, name) and name in PY_METHOD_ALIASES:
                name = PY_METHOD_ALIASES[name]
            result = getattr(recv, name)(*rest, **kwargs)
        else:
            result = _resolve_py(case.py_fn or case.fn)(*args, **kwargs)
        if result is NotImplemented:
            raise TypeError("operator returned NotImplemented")
        if case.apply is not None:
            result = result(*[_to_py(a) for a in case.apply[0]],
                            **{k: _to_py(v) for k, v in case.apply[1].items()})
        _eval_tree(result)  # lazy errors surface here (np.array() alone can swallow them)
        return normalize_py(result)
    except Exception as e:  # noqa: BLE001 - every Python failure is an outcome
        return Raised(type(e).__name__, str(e))
    finally:
        if "mx.clear_streams" in (case.fn, *(c.fn for c in case.pre)):
            # Python's clear_streams destroys the default stream it then keeps using
            # (every later op raises "There is no Stream(cpu, 0)"); give this shared
            # process a new one. mlx-node keeps its default streams (cases_runtime.py).
            mx.set_default_stream(mx.new_stream(mx.cpu))


@dataclass
class Outcome:
    case: Case
    python: Any
    node: Any
    passed: bool
    message: str
    notes: dict


# case id -> Outcome, filled as cases run (read by the coverage test and hook)
RESULTS: dict[str, Outcome] = {}
# filled by the session fixture
OP_TABLES: dict = {}
EXPORTS: dict = {}  # NodeSession.exports()
SESSION_INFO: dict = {}


def run_case(session: NodeSession, case: Case) -> Outcome:
    py = run_python(case)
    problems = []
    if case.expect == "node_error":
        # Python is unsafe here (wrong value, silently ignored or crash): Node must throw.
        try:
            node = session.call(case.fn, case.args, case.kwargs, case.seed, case.pre, case.apply)
        except (NodeCrashed, TimeoutError) as e:
            node = Raised("NodeCrashed", str(e))
            problems.append(f"node process failed: {e}")
        if not isinstance(node, Raised):
            problems.append("Node must throw here (Python mlx is unsafe on this input) but returned a value")
        elif case.note and case.note.startswith("RangeError") and node.type != "RangeError":
            problems.append(f"Node must throw a RangeError, threw {node.type}")
        header = f"python: {case.python_text()}\njs:     {case.js_text()}\nnote:   {case.note}"
        msg = header + ("\n" + "\n".join(problems) if problems else "") + f"\npython -> {py!r}\nnode   -> {node!r}"
        out = Outcome(case, py, node, not problems, msg, {})
        RESULTS[case.id] = out
        return out
    if case.expect == "ok" and isinstance(py, Raised):
        problems.append(f"case bug: Python raised {py!r} but the case expects success (use E or X)")
    if case.expect == "error" and not isinstance(py, Raised):
        problems.append("case bug: Python succeeded but the case expects an error (use C or X)")
    try:
        node = session.call(case.fn, case.args, case.kwargs, case.seed, case.pre, case.apply)
    except (NodeCrashed, TimeoutError) as e:
        node = Raised("NodeCrashed", str(e))
        problems.append(f"node process failed: {e}")
    notes = {}
    if not problems:
        try:
            py_c, node_c = py, node
            if case.norm is not None:
                norm = NORMALIZERS[case.norm]
                py_c = py if isinstance(py, Raised) else norm(py)
                node_c = node if isinstance(node, Raised) else norm(node)
            notes = compare(py_c, node_c, case.rtol, case.atol, case.exact)
        except Mismatch as m:
            problems.append(str(m))
    if isinstance(node, Raised) and node.type == "NotExported":
        problems.insert(0, "not exported by mlx-node")
    header = f"python: {case.python_text()}\njs:     {case.js_text()}"
    if case.note:
        header += f"\nnote:   {case.note}"
    if case.norm:
        header += f"\ncompared after norm {case.norm!r} on both sides"
    body = f"python -> {py!r}\nnode   -> {node!r}"
    if isinstance(node, Raised) and node.stack and not isinstance(py, Raised):
        body += "\nnode stack:\n" + node.stack
    msg = header + ("\n" + "\n".join(problems) if problems else "") + "\n" + body
    out = Outcome(case, py, node, not problems, msg, notes)
    RESULTS[case.id] = out
    return out


# --------------------------------------------------------------------------
# coverage


def exported_targets(tables: dict) -> dict[str, dict]:
    """Every export in the op tables, keyed like Case.target ('mx.sum', 'array.sum',
    'mx.random.normal'), with its JS spelling ('mx.floorDivide', 'a.floorDivide')."""
    out = {}
    for mod, entries in tables.items():
        for e in entries:
            if mod == "array":
                out[f"array.{e['name']}"] = {"js": f"a.{e['jsName']}", "table": mod}
                continue
            prefix = "mx." if mod == "core" else f"mx.{mod}."
            if e.get("function", True):
                out[prefix + e["name"]] = {"js": prefix + e["jsName"], "table": mod}
            if e.get("method"):
                out[f"array.{e['name']}"] = {"js": f"a.{e['jsName']}", "table": mod}
    return out


# JS classes among the exports that are not functions to cover: dtype and device
# objects, the error class. A class exported later must be added here or to
# CALLABLE_CLASSES (test_exported_classes_are_classified).
# (PrintOptions, StreamContext and ThreadLocalStream are made by the functions that return them.)
EXCLUDED_CLASSES = frozenset({"Dtype", "DtypeCategory", "Device", "Stream", "DeviceType", "MLXError", "PrintOptions",
                              "StreamContext", "ThreadLocalStream", "Slice", "ArrayAt"})
# JS classes that Python code calls like functions (mx.finfo(mx.float32); in JS
# `new mx.finfo(mx.float32)`): covered like functions.
CALLABLE_CLASSES = frozenset({"finfo", "iinfo"})
# Classes of mlx.nn and mlx.optimizers are stateful objects built with `new`: they are compared
# with Python by scenario tests (tests/python/nn/, tests/python/test_optimizers.py), not by cases.
SCENARIO_TESTED_MODULES = ("nn", "optimizers")


def camel_to_snake(name: str) -> str:
    """Inverse of snake_to_camel for the names the package exports ('asyncEval' -> 'async_eval')."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def unclassified_classes(exports: dict) -> list[str]:
    return sorted(
        f"{mod}.{e['name']}" for mod, entries in exports.items() for e in entries
        if e.get("isClass") and e["name"] not in EXCLUDED_CLASSES | CALLABLE_CLASSES
        and mod.split(".")[0] not in SCENARIO_TESTED_MODULES
    )


def export_targets(tables: dict, exports: dict, js_only: dict[str, str]) -> dict[str, dict]:
    """Every function the Node package exports, keyed like Case.target: the op tables'
    functions and methods (exported_targets) plus the TypeScript ones from
    NodeSession.exports() ('mx.array', 'mx.issubdtype', 'mx.default_device', ...).
    Entries: js (the JS spelling), table ('core'... or 'ts'), python (whether Python
    mlx has it), js_only (the reason, when listed in js_only)."""
    out = exported_targets(tables)
    for t in out.values():
        t["python"] = True
    table_js = {t["js"] for t in out.values()}
    modules = {"core": (mx, "mx."), "random": (mx.random, "mx.random."), "linalg": (mx.linalg, "mx.linalg."),
               "nn": (_py_nn(), "nn."), "nn.losses": (_py_nn().losses, "nn.losses."),
               "nn.init": (_py_nn().init, "nn.init."), "utils": (_py_utils(), "utils.")}
    for mod, entries in exports.items():
        pymod, prefix = modules[mod]
        for e in entries:
            name = e["name"]
            if name.startswith("_") or (e.get("isClass") and name not in CALLABLE_CLASSES):
                continue
            js = prefix + name
            if js in table_js:
                continue
            py = camel_to_snake(name)
            if snake_to_camel(py) != name:
                raise ValueError(f"{js}: no snake_case name maps to it by the naming rule")
            target = prefix + py
            out[target] = {"js": js, "table": "ts", "python": hasattr(pymod, py)}
    for kind, target in INDEX_TARGETS.items():
        out[target] = {"js": INDEX_JS[kind], "table": "ts", "python": True}
    for t, info in out.items():
        if t in js_only:
            info["js_only"] = js_only[t]
    return out


def js_label(target: str) -> str:
    """'mx.linalg.tri_inv' -> 'mx.linalg.triInv'; 'array.floor_divide' -> 'a.floorDivide'."""
    if target.startswith("array."):
        return "a." + snake_to_camel(target[len("array."):])
    return js_fn_name(target)


MIN_PASSING = 3


def coverage_summary(targets: dict, cases: list[Case], results: dict[str, Outcome],
                     no_error_case_ok: dict[str, str], js_only: dict[str, str] | None = None,
                     scenario_tested: dict[str, str] | None = None) -> dict:
    """Per export (targets from export_targets), keyed by its JS spelling
    ('mx.floorDivide', 'mx.linalg.triInv', 'a.floorDivide' for the array method,
    'mx.array', 'mx.defaultDevice'), as tools/parity/report.py looks it up.

    Every export needs MIN_PASSING passing cases and an error case (or a reason in
    no_error_case_ok), except JS-only ones (js_only: no Python counterpart)."""
    js_only = js_only or {}
    scenario_tested = scenario_tested or {}
    by_target: dict[str, list[Case]] = {}
    for c in cases:
        by_target.setdefault(c.target, []).append(c)
    functions = {}
    for t in sorted(set(targets) | set(by_target)):
        cs = by_target.get(t, [])
        outs = [results[c.id] for c in cs if c.id in results]
        passed = sum(o.passed for o in outs)
        err_cases = sum(isinstance(o.python, Raised) for o in outs)
        err_passed = sum(isinstance(o.python, Raised) and o.passed for o in outs)
        float_results = sum(o.notes.get("float_results", 0) for o in outs)
        bit_exact = sum(o.notes.get("bit_exact", 0) for o in outs)
        info = targets.get(t, {})
        problems = []
        if t in targets:
            if t in js_only:
                if info.get("python"):
                    problems.append("listed as JS-only but Python mlx has it")
            elif not info.get("python", True):
                problems.append("Python mlx has no such function: list it in JS_ONLY with the reason")
            elif t in scenario_tested:
                pass  # compared with Python by a scenario test (the reason names it)
            else:
                if passed < MIN_PASSING:
                    problems.append(f"{passed} passing cases (< {MIN_PASSING})")
                if err_cases == 0 and t not in no_error_case_ok:
                    problems.append("no error case")
        functions[info.get("js") or js_label(t)] = {
            "python": t if not t.startswith("array.") else "mx.array." + t[len("array."):],
            "exported": t in targets,
            "source": "op_table" if info.get("table", "ts") != "ts" else "typescript",
            "js_only": t in js_only,
            "js_only_reason": js_only.get(t),
            "scenario_tested": scenario_tested.get(t),
            "cases": len(cs),
            "ran": len(outs),
            "passed": passed,
            "failed": len(outs) - passed,
            "error_cases": err_cases,
            "error_cases_passed": err_passed,
            "float_results": float_results,
            "float_results_bit_exact": bit_exact,
            "no_error_case_reason": no_error_case_ok.get(t),
            "ok": not problems and len(outs) == passed,
            "problems": problems,
        }
    return functions


# --------------------------------------------------------------------------
# indexing cases (cases_indexing.py)
#
#   Case("index:get", (a, index, js_items))           Python a[index]; JS a.index(...js_items)
#   Case("index:put", (a, index, js_items, v))        Python a[index] = v, then a; JS a.indexPut_(js_items, v), then a
#   Case("index:at.add", (a, index, js_items, v))     Python a.at[index].add(v); JS a.at(...js_items).add(v)
# `index` is what Python puts in the brackets (a tuple or one item); `js_items`
# the JS items (slices as mx.slice, Ellipsis as mx.Ellipsis; strings in Python's
# index syntax allowed), or None for the same items as `index`.

INDEX_TARGETS = {"index:get": "array.__getitem__", "index:put": "array.__setitem__", "index:at": "array.at"}
INDEX_JS = {"index:get": "a.index", "index:put": "a.indexPut_", "index:at": "a.at"}


def index_js_items(case: Case) -> list:
    index, js = case.args[1], case.args[2]
    if js is not None:
        return list(js)
    return list(index) if isinstance(index, tuple) else [index]


def _index_python_text(case: Case) -> str:
    a, index = case.args[0], case.args[1]
    if isinstance(index, tuple):
        inner = ", ".join(fmt(x) for x in index) + ("," if len(index) == 1 else "")
    else:
        inner = fmt(index)
    if case.fn == "index:get":
        return f"{fmt(a)}[{inner}]"
    if case.fn == "index:put":
        return f"{fmt(a)}[{inner}] = {fmt(case.args[3])}"
    return f"{fmt(a)}.at[{inner}].{case.fn.split('.')[1]}({fmt(case.args[3])})"


def _index_js_text(case: Case) -> str:
    a = fmt(case.args[0])
    items = ", ".join(_js_fmt(x) for x in index_js_items(case))
    if case.fn == "index:get":
        return f"{a}.index({items})"
    if case.fn == "index:put":
        return f"{a}.indexPut_([{items}], {_js_fmt(case.args[3])})"
    return f"{a}.at({items}).{case.fn.split('.')[1]}({_js_fmt(case.args[3])})"


def _run_python_index(case: Case):
    args = [_to_py(x) for x in case.args]
    a, index = args[0], args[1]
    if case.fn == "index:get":
        return a[index]
    if case.fn == "index:put":
        b = mx.array(a)  # a copy: the case's input stays as it was
        b[index] = args[3]
        return b
    return getattr(a.at[index], case.fn.split(".")[1])(args[3])


def _run_numpy_index(case: Case):
    """The update placed where Python mlx's own a[index] reads (Node's a.index agrees
    with it): positions = arange(a.size).reshape(a.shape)[index]; then NumPy's
    flat[positions] = v or np.<op>.at(flat, positions, v), with the value converted
    and negated as Python mlx does (a JS/Python scalar takes a's dtype)."""
    args = [_to_py(x) for x in case.args]
    a, index, v = args[0], args[1], args[3]
    op = case.fn.split(".")[1] if case.fn != "index:put" else "put"
    pos = np.array(mx.arange(a.size).reshape(a.shape)[index])
    if isinstance(v, int) and not isinstance(v, bool) and mx.issubdtype(a.dtype, mx.integer):
        info = mx.iinfo(a.dtype)
        if not info.min <= v <= info.max:  # Python's to_array: overflow is an error
            raise ValueError(f"Converting {v} to {dtype_name(a.dtype)} would result in overflow.")
    if isinstance(v, bool) or isinstance(v, int):
        v = mx.array(v, a.dtype)
    elif isinstance(v, float):
        v = mx.array(v, a.dtype if mx.issubdtype(a.dtype, mx.floating) else mx.float32)
    if op == "subtract":
        v, op = -v, "add"
    vv = np.array(v.astype(a.dtype).astype(mx.float32) if a.dtype == mx.bfloat16 else v.astype(a.dtype))
    while vv.ndim > pos.ndim and vv.shape[0] == 1:
        vv = vv[0]
    vv = np.broadcast_to(vv, pos.shape)
    n = np.array(a.astype(mx.float32) if a.dtype == mx.bfloat16 else a).reshape(-1).copy()
    if op == "put":
        n[pos] = vv
    else:
        getattr(np, op).at(n, pos, vv)
    return mx.array(n.reshape(a.shape)).astype(a.dtype)


def _run_python_isolated(case: Case):
    """run_python in a child process; a crash (a signal) is Raised("PythonCrashed")."""
    if case.apply is not None:
        raise ValueError("isolate does not support applied cases")
    import pickle
    import sys

    def to_np(v):
        if isinstance(v, mx.array):
            return ("$mx", np.array(v.astype(mx.float32)) if v.dtype == mx.bfloat16 else np.array(v), dtype_name(v.dtype))
        if isinstance(v, tuple):
            return tuple(to_np(x) for x in v)
        if isinstance(v, list):
            return [to_np(x) for x in v]
        return v

    payload = pickle.dumps((case.fn, to_np(case.args), case.expect))
    code = (
        "import pickle, sys\n"
        f"sys.path.insert(0, {str(HERE)!r})\n"
        "import mlx.core as mx, harness\n"
        "fn, args, expect = pickle.loads(sys.stdin.buffer.read())\n"
        "def back(v):\n"
        "    if isinstance(v, tuple) and len(v) == 3 and v[0] == '$mx':\n"
        "        return mx.array(v[1]).astype(getattr(mx, 'bool_' if v[2] == 'bool' else v[2]))\n"
        "    if isinstance(v, tuple): return tuple(back(x) for x in v)\n"
        "    if isinstance(v, list): return [back(x) for x in v]\n"
        "    return v\n"
        "c = harness.Case(fn, back(args), {}, expect)\n"
        "sys.stdout.buffer.write(b'\\0PICKLE\\0' + pickle.dumps(harness.run_python(c)))\n"
    )
    env = dict(os.environ)
    p = subprocess.run([sys.executable, "-c", code], input=payload, capture_output=True, env=env, timeout=120)
    if p.returncode != 0:
        return Raised("PythonCrashed", f"the Python process died (exit status {p.returncode}): {p.stderr.decode()[-300:]}")
    # after a marker: native code may print to stdout first (LAPACK's xerbla does); no
    # marker: the process ended without a result (a native library exited it)
    if b"\0PICKLE\0" not in p.stdout:
        return Raised("PythonCrashed", f"the Python process ended without a result: {p.stdout.decode(errors='replace')[-300:]}")
    return pickle.loads(p.stdout.split(b"\0PICKLE\0", 1)[1])


def IX(kind: str, a, index, js=None, v=None, expect="ok") -> Case:
    """An indexing case (see above): kind "get", "put" or "at.add" (.subtract, ...)."""
    if js is None:
        js = list(index) if isinstance(index, tuple) else [index]
    args = (a, index, list(js)) if kind == "get" else (a, index, list(js), v)
    return Case("index:" + kind, args, {}, expect)
