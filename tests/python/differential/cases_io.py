"""Differential cases for io (see cases.py's docstring for C/E/X/R).

Each side writes and reads its own files under one temporary folder (the same
paths: the Python side runs first, then Node overwrites the file and reads its
own). Cross-language interchange (files written by one side, read by the
other, bit-exact) is tests/python/test_io.py.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, D, DTYPES, E, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call, deviation,
    py_equivalent, with_opts,
)

_DIR = tempfile.mkdtemp(prefix="mlx-node-io-cases-")
atexit.register(shutil.rmtree, _DIR, True)


def P(name: str) -> str:
    return f"{_DIR}/{name}"


def after(case, *pre):
    """The case, run after the calls `pre` (on each side)."""
    return with_opts(case, pre=tuple(pre))


F64 = call("mx.zeros", (2,), dtype=mx.float64)  # A(..., "float64") is float32 (NumPy float64 -> mx)
GGUF_DTYPES = ["int8", "int16", "int32", "float16", "float32"]
SAFETENSORS_DTYPES = [d for d in DTYPES if d != "float64"]

# --------------------------------------------------------------------------
# save / load: npy

add(
    C("mx.save", P("s1.npy"), A((2, 3))),
    C("mx.save", P("s2"), A((4,), "int8")),  # .npy appended
    C("mx.save", P("s3.npy"), A((), "bfloat16")),
    C("mx.save", file=P("s4.npy"), arr=A((2, 2), "uint64")),
    E("mx.save", P("no-such-dir/x.npy"), A((2,))),
    E("mx.save", P("s5.npy"), 1),
    E("mx.save", P("s6.npy")),
)
for i, d in enumerate(DTYPES):
    p = P(f"l{i}.npy")
    add(after(C("mx.load", p), call("mx.save", p, A((2, 3), d, seed=i))))
add(
    after(C("mx.load", P("m1.npy"), "npy"), call("mx.save", P("m1.npy"), A((3,)))),
    after(C("mx.load", P("m2.npy"), format="npy"), call("mx.save", P("m2.npy"), T(A((2, 3)), (1, 0)))),
    after(C("mx.load", P("m3.npy"), return_metadata=False), call("mx.save", P("m3.npy"), A((0, 2)))),
    E("mx.load", P("missing.npy")),
    E("mx.load", P("m4.xyz")),
    E("mx.load", P("noextension")),
    after(E("mx.load", P("m5.npy"), return_metadata=True), call("mx.save", P("m5.npy"), A((3,)))),
    after(E("mx.load", P("m6.npy"), format="safetensors"), call("mx.save", P("m6.npy"), A((3,)))),
    E("mx.load", 3),
)

# --------------------------------------------------------------------------
# npz

add(
    C("mx.savez", P("z1"), A((2, 3)), A((3,), "int32")),
    C("mx.savez", P("z2.npz"), w=A((2,), "float16"), b=A((1,), "bool")),
    C("mx.savez", P("z3.npz"), A((2,)), named=A((2, 2), "uint8")),
    E("mx.savez", P("z4.npz"), A((2,)), 1),  # arr_0 clashes: mocha (the harness camelCases keywords)
    E("mx.savez", P("no-such-dir/z.npz"), A((2,))),
    C("mx.savez_compressed", P("c1"), A((20, 30))),
    C("mx.savez_compressed", P("c2.npz"), A((3,), "int64"), k=A((2,), "complex64")),
    C("mx.savez_compressed", P("c3.npz"), x=A((4, 4), "bfloat16")),
    E("mx.savez_compressed", P("c4.npz"), "x"),
    E("mx.savez_compressed", P("no-such-dir/c.npz"), A((2,))),
    after(C("mx.load", P("lz1.npz")), call("mx.savez", P("lz1.npz"), A((2, 3)), A((3,), "int32"))),
    after(C("mx.load", P("lz2.npz")), call("mx.savez", P("lz2.npz"), w=A((2,), "float16"), b=A((1,), "bool"))),
    after(C("mx.load", P("lz3.npz")), call("mx.savez_compressed", P("lz3.npz"), A((20, 30)), q=A((3,), "uint16"))),
    after(C("mx.load", P("lz4.npz"), "npz"), call("mx.savez_compressed", P("lz4.npz"), A((2,), "bfloat16"))),
    after(E("mx.load", P("lz5.npz"), return_metadata=True), call("mx.savez", P("lz5.npz"), A((2,)))),
    after(E("mx.load", P("lz6.npy"), "npz"), call("mx.save", P("lz6.npy"), A((2,)))),
)

# --------------------------------------------------------------------------
# safetensors

add(
    C("mx.save_safetensors", P("t1"), {"a": A((2, 3)), "b": A((3,), "int8")}),
    C("mx.save_safetensors", P("t2.safetensors"), {"w": A((4,), "bfloat16")}, {"format": "mlx", "k": "v"}),
    C("mx.save_safetensors", P("t3.safetensors"), {"w": A((2,), "bool")}, metadata={"k": "v"}),
    C("mx.save_safetensors", P("t4.safetensors"), {}),
    E("mx.save_safetensors", P("t5.safetensors"), {"a": A((2,))}, {"k": 1}),
    E("mx.save_safetensors", P("t6.safetensors"), {"a": F64}),
    E("mx.save_safetensors", P("no-such-dir/t.safetensors"), {"a": A((2,))}),
)
for i, d in enumerate(SAFETENSORS_DTYPES):
    p = P(f"lt{i}.safetensors")
    add(after(C("mx.load", p), call("mx.save_safetensors", p, {"x": A((2, 3), d, seed=i), "y": A((1,), d)})))
add(
    after(C("mx.load", P("ltm.safetensors"), return_metadata=True),
          call("mx.save_safetensors", P("ltm.safetensors"), {"a": A((2,))}, {"k": "v", "z": ""})),
    after(C("mx.load", P("ltn.safetensors"), None, True),
          call("mx.save_safetensors", P("ltn.safetensors"), {"a": A((2,))})),
    after(E("mx.load", P("lte.safetensors"), format="gguf"),
          call("mx.save_safetensors", P("lte.safetensors"), {"a": A((2,))})),
    E("mx.load", P("missing.safetensors")),
)

# --------------------------------------------------------------------------
# gguf

add(
    C("mx.save_gguf", P("g1"), {"a": A((2, 3))}, {"s": "text"}),
    C("mx.save_gguf", P("g2.gguf"), {"a": A((4,), "float16")}, {"l": ["x", "y"], "n": A((3,), "int32")}),
    C("mx.save_gguf", P("g3.gguf"), {"a": A((4,), "int8")}),
    E("mx.save_gguf", P("g4.gguf"), {"a": A((2,), "bool")}),
    E("mx.save_gguf", P("g5.gguf"), {"a": F64}),
    E("mx.save_gguf", P("no-such-dir/g.gguf"), {"a": A((2,))}),
)
for i, d in enumerate(GGUF_DTYPES):
    p = P(f"lg{i}.gguf")
    add(after(C("mx.load", p), call("mx.save_gguf", p, {"x": A((2, 3), d, seed=i)})))
add(
    after(C("mx.load", P("lgm.gguf"), return_metadata=True),
          call("mx.save_gguf", P("lgm.gguf"), {"a": A((2,))}, {"s": "t", "l": ["p", "q"], "n": A((2,), "float32")})),
    E("mx.load", P("missing.gguf")),
)

# --------------------------------------------------------------------------
# export_to_dot (the DOT text holds pointer ids, so only the call is compared;
# tests/js/io.test.ts checks the text)

_LAZY = call("mx.add", A((2,)), A((2,), seed=1))
add(
    C("mx.export_to_dot", P("d1.dot"), _LAZY),
    C("mx.export_to_dot", P("d2.dot"), [_LAZY, {"k": A((2,))}]),
    C("mx.export_to_dot", P("d3.dot"), _LAZY, named=A((3,))),
    C("mx.export_to_dot", P("d4.dot")),
    E("mx.export_to_dot", 3, _LAZY),
    # a folder that does not exist: Python writes nothing and returns None (its ofstream fails silently);
    # Node throws MLXError naming the path (tests/js/io.test.ts)
)

# --------------------------------------------------------------------------
# export_function / import_function / exporter. The harness cannot send a
# function, so the function exported is one imported on each side from a
# file Python writes here; import_function and exporter return callables,
# which the harness cannot compare (their calls are tested in
# tests/js/io.test.ts), so they have error cases only.

def _write_sources():
    # no constants: an imported function's constants are lazy loads, which MLX cannot export again
    mx.export_function(P("src1.mlxfn"), lambda x: mx.sin(x) * x, mx.zeros((3,)))
    mx.export_function(P("src2.mlxfn"), lambda x, y: [x + y, x * y], mx.zeros((2, 2)), mx.zeros((2, 2)))
    mx.export_function(P("src3.mlxfn"), lambda x: mx.exp(x), mx.zeros((4,)), shapeless=True)


_write_sources()
_SRC1 = call("mx.import_function", P("src1.mlxfn"))
_SRC2 = call("mx.import_function", P("src2.mlxfn"))
_SRC3 = call("mx.import_function", P("src3.mlxfn"))
_F3 = call("mx.zeros", (3,))
_F22 = call("mx.zeros", (2, 2))
add(
    C("mx.export_function", P("x1.mlxfn"), _SRC1, _F3),
    C("mx.export_function", P("x2"), _SRC2, _F22, _F22, metadata="cfg"),
    C("mx.export_function", P("x3.mlxfn"), _SRC3, call("mx.zeros", (4,)), shapeless=True),
    C("mx.export_function", P("x4.mlxfn"), _SRC2, (_F22, _F22)),
    E("mx.export_function", P("x5.mlxfn"), 3, _F3),
    E("mx.export_function", P("x6.mlxfn"), _SRC1, call("mx.zeros", (5,))),  # the imported function rejects the shape
    E("mx.import_function", P("missing.mlxfn")),
    E("mx.import_function", 3),
    after(E("mx.import_function", P("notfn.npy")), call("mx.save", P("notfn.npy"), A((2,)))),
    E("mx.exporter", P("ex1.mlxfn"), 3),
    E("mx.exporter", P("ex2.mlxfn")),
    E("mx.exporter", 3, _SRC1),
)

# --------------------------------------------------------------------------
# Into MLX: JS-only (tests/js/io_into.test.ts covers them: every dtype, both
# modes, detaching, errors, leaks, peak RSS).

JS_ONLY["mx.allocate"] = (
    "JS-only (docs/io.md, Into MLX): an ArrayBuilder whose writable typed-array views over MLX-allocated memory are "
    "detached by finish(); Python fills arrays from buffers through the buffer protocol, which has no JS counterpart")
JS_ONLY["mx.from_stream"] = (
    "JS-only (docs/io.md, Into MLX): reads a Node Readable / web ReadableStream / async iterable of byte chunks into "
    "an mx.allocate builder; Python has no streams of this kind")
