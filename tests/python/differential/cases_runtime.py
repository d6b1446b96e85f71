"""Differential cases for the runtime family (see cases.py's docstring for C/E/X/R)."""

from __future__ import annotations

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, D, DTYPES, E, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call, deviation,
    py_equivalent, with_opts,
)

N = "nonneg_int"


def S(case):
    return with_opts(case, norm="stream_index")


a23 = A((2, 3))
a3 = A((3,), seed=2)
m33 = A((3, 3), seed=5)
LAZY = call("mx.add", A((2,)), A((2,), seed=1))  # never evaluated

# --------------------------------------------------------------------------
# dtype promotion helpers

add(
    C("mx.result_type", mx.float16),
    C("mx.result_type", A((2,), "int8"), mx.uint8),
    C("mx.result_type", A((2,), "int32"), A((2,), "float16"), mx.int64),
    C("mx.result_type", mx.bool_, mx.complex64, mx.int16),
    C("mx.result_type", A((2,), "bfloat16"), mx.float16),
    E("mx.result_type"),
    E("mx.result_type", 1),
    E("mx.result_type", mx.int8, "x"),
)
for da, db in [("uint64", "int64"), ("int8", "uint16"), ("float32", "bfloat16"), ("bool", "uint8")]:
    add(C("mx.result_type", D(da), D(db)))
add(
    C("mx.can_cast", mx.int8, mx.int32),
    C("mx.can_cast", mx.float32, mx.int32),
    C("mx.can_cast", A((2,), "int32"), mx.float32),
    C("mx.can_cast", mx.uint64, mx.int64),
    C("mx.can_cast", mx.bool_, mx.bool_),
    C("mx.can_cast", mx.float16, to=mx.complex64),
    E("mx.can_cast", 1, mx.int32),
    E("mx.can_cast", mx.int8, "x"),
    E("mx.can_cast", mx.int8),
    C("mx.can_cast", from_=mx.int8, to=mx.int32),
)
for kind in ["bool", "signed integer", "unsigned integer", "integral", "real floating", "complex floating",
             "numeric"]:
    for d in ["bool", "uint8", "int64", "bfloat16", "float64", "complex64"]:
        add(C("mx.isdtype", D(d), kind))
add(
    C("mx.isdtype", mx.int8, mx.int8),
    C("mx.isdtype", mx.int8, mx.int16),
    C("mx.isdtype", mx.int8, (mx.float32, "integral")),
    C("mx.isdtype", mx.float16, ("bool", "unsigned integer")),
    C("mx.isdtype", mx.int8, ()),
    C("mx.isdtype", dtype=mx.int8, kind="numeric"),
    E("mx.isdtype", mx.int8, "foo"),
    E("mx.isdtype", mx.int8, 3),
    E("mx.isdtype", mx.int8, mx.integer),
    E("mx.isdtype", "x", "bool"),
    E("mx.isdtype", A((2,)), "bool"),
    E("mx.isdtype", mx.int8, ("bool", 3)),
    E("mx.isdtype", mx.int8),
)

# --------------------------------------------------------------------------
# devices and streams

add(
    C("mx.device_count", mx.cpu),
    C("mx.device_count", mx.gpu),
    C("mx.device_count", device_type=mx.cpu),
    E("mx.device_count", "cpu"),
    E("mx.device_count"),
    E("mx.device_count", None),
)
add(
    C("mx.device_info"),
    C("mx.device_info", mx.cpu),
    C("mx.device_info", mx.Device(mx.cpu)),
    C("mx.device_info", mx.gpu),
    C("mx.device_info", d=mx.cpu),
    C("mx.device_info", None),
    E("mx.device_info", "cpu"),
    E("mx.device_info", [mx.cpu]),
)
add(
    S(C("mx.new_thread_unsafe_stream", mx.cpu)),
    S(C("mx.new_thread_unsafe_stream", mx.Device(mx.cpu))),
    S(C("mx.new_thread_unsafe_stream", device=mx.cpu)),
    E("mx.new_thread_unsafe_stream", mx.gpu),
    E("mx.new_thread_unsafe_stream", "cpu"),
    E("mx.new_thread_unsafe_stream"),
)
add(
    C("mx.new_thread_local_stream", mx.cpu),
    C("mx.new_thread_local_stream", mx.Device(mx.cpu)),
    C("mx.new_thread_local_stream", device=mx.cpu),
    X("mx.new_thread_local_stream", mx.gpu),
    E("mx.new_thread_local_stream", "cpu"),
    E("mx.new_thread_local_stream"),
    # an op on a thread-local stream runs on this thread's stream of it
    C("mx.add", a23, a23, stream=call("mx.new_thread_local_stream", mx.cpu)),
    C("mx.sum", a23, 1, stream=call("mx.new_thread_local_stream", mx.cpu)),
)
add(
    C("mx.set_default_stream", call("mx.default_stream", mx.cpu)),
    C("mx.set_default_stream", stream=call("mx.default_stream", mx.cpu)),
    # (never a new stream as the default here: a later clear_streams would destroy it on both sides)
    C("mx.set_default_stream", call("mx.default_stream", mx.Device(mx.cpu))),
    E("mx.set_default_stream", mx.cpu),
    E("mx.set_default_stream", "x"),
    E("mx.set_default_stream"),
)
add(
    C("mx.clear_streams"),
    with_opts(C("mx.clear_streams"), pre=(call("mx.new_stream", mx.cpu),)),
    # (after clear_streams Python's default stream is gone and every op raises; mlx-node's
    # default streams come from its own pool and survive: tests/js/streams.test.ts)
    with_opts(C("mx.clear_streams"), pre=(call("mx.eval", call("mx.add", a23, 1)),)),
    E("mx.clear_streams", 1),
)
add(
    C("mx.stream", mx.cpu),
    C("mx.stream", mx.Device(mx.cpu)),
    C("mx.stream", call("mx.new_stream", mx.cpu)),
    C("mx.stream", s=mx.cpu),
    C("mx.stream", call("mx.new_thread_local_stream", mx.cpu)),
    E("mx.stream", "cpu"),
    E("mx.stream"),
    E("mx.stream", None),
)
add(
    C("mx.cuda.is_available"),
    with_opts(C("mx.cuda.is_available"), pre=(call("mx.clear_cache"),)),
    with_opts(C("mx.cuda.is_available"), pre=(call("mx.eval", call("mx.add", a23, 1)),)),
    E("mx.cuda.is_available", 1),
    E("mx.cuda.is_available", mx.cpu),
)

# mx.metal on a build without Metal: is_available is False, device_info {}, the
# capture functions do nothing, the memory functions are (deprecated) aliases.
for fn in ("is_available", "device_info", "stop_capture", "clear_cache", "reset_peak_memory"):
    add(
        C(f"mx.metal.{fn}"),
        with_opts(C(f"mx.metal.{fn}"), pre=(call("mx.clear_cache"),)),
        with_opts(C(f"mx.metal.{fn}"), pre=(call("mx.eval", call("mx.add", a23, 1)),)),
        E(f"mx.metal.{fn}", 1),
    )
for fn in ("get_active_memory", "get_cache_memory", "get_peak_memory"):
    add(
        with_opts(C(f"mx.metal.{fn}"), norm=N),
        with_opts(C(f"mx.metal.{fn}"), pre=(call("mx.clear_cache"),), norm=N),
        with_opts(C(f"mx.metal.{fn}"), pre=(call("mx.eval", call("mx.add", a23, 1)),), norm=N),
        E(f"mx.metal.{fn}", 1),
    )
for fn, big in (("set_memory_limit", 2**41), ("set_cache_limit", 2**30), ("set_wired_limit", 0)):
    add(
        with_opts(C(f"mx.metal.{fn}", big), norm=N),
        with_opts(C(f"mx.metal.{fn}", big), pre=(call(f"mx.{fn}", big),)),
        with_opts(C(f"mx.metal.{fn}", limit=big), pre=(call(f"mx.{fn}", big),)),
        E(f"mx.metal.{fn}", -1),
        E(f"mx.metal.{fn}", "1"),
        E(f"mx.metal.{fn}"),
    )
add(
    C("mx.metal.start_capture", "trace.gputrace"),
    C("mx.metal.start_capture", ""),
    C("mx.metal.start_capture", path="x"),
    E("mx.metal.start_capture"),
    E("mx.metal.start_capture", 1),
)

# --------------------------------------------------------------------------
# printing

PRECISION_DEFAULT = call("mx.set_printoptions", -1)
add(
    with_opts(C("mx.get_printoptions"), pre=(PRECISION_DEFAULT,)),
    with_opts(C("mx.get_printoptions"), pre=(call("mx.set_printoptions", 3),)),
    with_opts(C("mx.get_printoptions"), pre=(call("mx.set_printoptions", precision=0), )),
    E("mx.get_printoptions", 1),
    C("mx.set_printoptions", 2),
    C("mx.set_printoptions", precision=5),
    C("mx.set_printoptions"),
    E("mx.set_printoptions", "x"),
    E("mx.set_printoptions", 1.5),
    E("mx.set_printoptions", 1, 2),
    C("mx.printoptions"),
    C("mx.printoptions", 3),
    C("mx.printoptions", precision=2),
    E("mx.printoptions", "x"),
    E("mx.printoptions", precision=None),
    with_opts(C("mx.set_printoptions"), pre=(PRECISION_DEFAULT,)),
)

# --------------------------------------------------------------------------
# einsum_path, get_array_buffer_size

add(
    C("mx.einsum_path", "ij,jk", a23, A((3, 4), seed=3)),
    C("mx.einsum_path", "ii", m33),
    C("mx.einsum_path", "i,i->", a3, a3),
    C("mx.einsum_path", "ij,jk,kl->il", a23, A((3, 4), seed=3), A((4, 2), seed=4)),
    C("mx.einsum_path", "bij,bjk->bik", A((2, 2, 3)), A((2, 3, 2), seed=1)),
    E("mx.einsum_path", "ij,jk", a23),
    E("mx.einsum_path", "ij,jk", a23, a23),
    E("mx.einsum_path", 1, a23),
    E("mx.einsum_path", "ij"),
)
add(
    C("mx.get_array_buffer_size", a23),
    C("mx.get_array_buffer_size", a23, a3),
    C("mx.get_array_buffer_size", a23, [a3, [A((4,), "int8")]]),
    C("mx.get_array_buffer_size"),
    C("mx.get_array_buffer_size", 1, "x"),
    C("mx.get_array_buffer_size", A((0,))),
    E("mx.get_array_buffer_size", LAZY),
    E("mx.get_array_buffer_size", [LAZY]),
)

add(
    C("mx.broadcast_shapes", (2, 1), (3,)),
    C("mx.broadcast_shapes", (2,)),
    C("mx.broadcast_shapes", (1, 4, 1), (3, 1, 5), (5,)),
    C("mx.broadcast_shapes", (), (2, 3)),
    C("mx.broadcast_shapes", (0, 1), (1, 3)),
    C("mx.broadcast_shapes", [2, 1], [1, 2]),
    E("mx.broadcast_shapes"),
    E("mx.broadcast_shapes", (2,), (3,)),
    E("mx.broadcast_shapes", (2,), ("x",)),
)

# --------------------------------------------------------------------------
# asarray (TypeScript: src/ts/array.ts)

add(
    C("mx.asarray", a23),
    C("mx.asarray", a23, mx.float16),
    C("mx.asarray", a23, dtype=mx.int32),
    C("mx.asarray", [1, 2.5]),
    C("mx.asarray", 3),
    C("mx.asarray", [[True, False]]),
    C("mx.asarray", [1, 2], mx.uint8),
    C("mx.asarray", a23, copy=True),
    E("mx.asarray", a23, copy=False),
    C("mx.asarray", a23, None, copy=None),
    C("mx.asarray", T(a23)),
    C("mx.asarray", A((0, 2))),
    E("mx.asarray", [1, 2], copy=False),
    E("mx.asarray", a23, mx.int8, copy=False),
    E("mx.asarray", "x"),
    E("mx.asarray"),
    E("mx.asarray", a23, "float32"),
    E("mx.asarray", [[1, 2], [3]]),
)

# --------------------------------------------------------------------------
# integer parameters: Python's bool is an int; a bigint is an exact int

add(
    C("mx.topk", A((5,)), True),
    C("mx.conv1d", A((1, 5, 2)), A((3, 2, 2), seed=1), stride=True),
    C("mx.flatten", A((2, 3, 4)), True),
    C("mx.zeros", (True, 2)),
    C("mx.sum", a23, True),
    C("mx.repeat", a3, 2, False),
)

# mx.matrix_norm is Python's alias of mx.linalg.norm (the same JS function)
M2 = A((2, 3, 3), seed=7)
add(
    C("mx.matrix_norm", m33),
    C("mx.matrix_norm", m33, "fro"),
    C("mx.matrix_norm", m33, "nuc", stream=mx.cpu),
    C("mx.matrix_norm", M2, 2, (1, 2), True, stream=mx.cpu),
    C("mx.matrix_norm", M2, ord=1, axis=(1, 2)),
    C("mx.matrix_norm", a3, 3),
    E("mx.matrix_norm", a=m33),
    E("mx.matrix_norm", m33, "x"),
    E("mx.matrix_norm", A((2, 2, 2)), 2),
)
