"""Differential cases for the fft family (see cases.py's docstring for C/E/X/R)."""

from __future__ import annotations

import numpy as np
import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, D, DTYPES, E, FLOATS, INT_DTYPES, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call, deviation,
    py_equivalent, with_opts,
)

# --------------------------------------------------------------------------
# inputs: real arrays, and complex ones made on each side (a JS array literal
# cannot carry a non-zero imaginary part yet, so call() builds them)

r8 = A((8,), seed=1)
r34 = A((3, 4), seed=2)
r234 = A((2, 3, 4), seed=3)
r5 = A((5,), seed=4)
c8 = call("mx.fft.fft", A((8,), seed=5))
c34 = call("mx.fft.fft", A((3, 4), seed=6))
c234 = call("mx.fft.fftn", A((2, 3, 4), seed=7))
NORMS = ("backward", "ortho", "forward")

# one-dimensional: fft, ifft, rfft, irfft
for name in ("fft", "ifft", "rfft", "irfft"):
    fn = f"mx.fft.{name}"
    cplx_in = name in ("ifft", "irfft")
    x8, x34, x234 = (c8, c34, c234) if cplx_in else (r8, r34, r234)
    add(
        C(fn, x8),
        C(fn, x34),
        C(fn, x34, axis=0),
        C(fn, x234, None, 1),
        C(fn, x8, 5),
        C(fn, x8, 12),
        C(fn, x8, n=1),
        C(fn, x34, 7, -2),
        C(fn, x34, n=6, axis=1, norm="ortho"),
        C(fn, x8, None, -1, "forward", mx.cpu),
        C(fn, a=x8, stream=mx.cpu),
        C(fn, T(r34)),
        C(fn, B(A((1, 4), seed=8), (3, 4))),
        C(fn, A((0, 4))),
        C(fn, r5),
        C(fn, A((7,), seed=9), 9),
        E(fn, x8, 0),
        E(fn, x8, -1),
        E(fn, x8, axis=1),
        E(fn, x34, axis=-3),
        E(fn, A(())),
        E(fn, A((3, 0))),
        E(fn, x8, norm="bad"),
        E(fn, x8, norm=None),
        E(fn, x8, 2.5),
        E(fn, x8, s=3),
        E(fn, [1.5, 2.5]),
        E(fn),
    )
    for norm in NORMS:
        add(C(fn, x34, norm=norm))
    for d in DTYPES:
        add(X(fn, A((6,), d, seed=20)))

# n-dimensional: fft2, ifft2, rfft2, irfft2, fftn, ifftn, rfftn, irfftn
for name in ("fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn"):
    fn = f"mx.fft.{name}"
    cplx_in = name.startswith("i")
    x34, x234 = (c34, c234) if cplx_in else (r34, r234)
    two = name.endswith("2")
    add(
        C(fn, x34),
        C(fn, x234),
        C(fn, x234, axes=[0, 2]),
        C(fn, x234, [4, 6], [0, 1]),
        C(fn, x234, (2, 3), (-1, -2)),
        C(fn, x34, s=(5, 3), axes=(0, 1), norm="ortho"),
        C(fn, x234, axes=None),
        C(fn, x234, None, [1, 2], "forward", mx.cpu),
        C(fn, x234, axes=[-1]),
        C(fn, T(r234, (2, 0, 1))),
        C(fn, B(A((1, 4), seed=8), (3, 4))),
        X(fn, A((0, 3, 4))),
        C(fn, A((0, 3, 4)), axes=[1, 2]),
        C(fn, a=x34, stream=mx.cpu),
        X(fn, x34, (3, 5)),
        E(fn, x34, s=(3, 4), axes=None),
        E(fn, x34, (3, 4, 5), (0, 1)),
        E(fn, x34, (2, 2), (0, 0)),
        E(fn, x34, axes=(0, 2)),
        E(fn, x34, (0, 2), (0, 1)),
        E(fn, x34, 3, (0, 1)),
        E(fn, x34, axes=1),
        E(fn, x34, norm="bad"),
        E(fn, A((3, 0))),
        E(fn),
    )
    if two:
        add(E(fn, A((4,))))
    else:
        add(C(fn, A((4,))), X(fn, x234, axes=[]))
    for norm in NORMS:
        add(C(fn, x234, norm=norm))
    for d in DTYPES:
        add(X(fn, A((2, 6), d, seed=21)))

# --------------------------------------------------------------------------
# fftshift / ifftshift

for fn in ("mx.fft.fftshift", "mx.fft.ifftshift"):
    add(
        C(fn, r8),
        C(fn, r5),
        C(fn, r234),
        C(fn, r234, 1),
        C(fn, r234, -1),
        C(fn, r234, [0, 2]),
        C(fn, r234, axes=(2, 0)),
        C(fn, r234, None, mx.cpu),
        C(fn, T(r34)),
        C(fn, B(A((4,), seed=2), (3, 4)), 1),
        C(fn, A((0,))),
        C(fn, A((2, 0)), 1),
        C(fn, c34),
        C(fn, a=r34, axes=0, stream=mx.cpu),
        X(fn, A(())),
        X(fn, r34, []),
        E(fn, r34, 2),
        E(fn, r34, [0, 5]),
        E(fn, r34, 1.5),
        E(fn, r34, "x"),
        E(fn, [1, 2, 3]),
        E(fn),
    )
    for d in DTYPES:
        add(X(fn, A((5,), d, seed=22)))

# --------------------------------------------------------------------------
# fftfreq / rfftfreq

for fn in ("mx.fft.fftfreq", "mx.fft.rfftfreq"):
    add(
        C(fn, 1),
        C(fn, 8),
        C(fn, 9),
        C(fn, 10, 0.5),
        C(fn, 10, 2),
        C(fn, 7, -0.25),
        C(fn, n=6, d=0.1, stream=mx.cpu),
        C(fn, 1000),
        C(fn, 5, True),
        E(fn, 0),
        E(fn, -3),
        E(fn, 5, 0),
        E(fn, 2.5),
        E(fn, 5, "x"),
        E(fn, [5]),
        E(fn),
        E(fn, 2**31),
    )

# --------------------------------------------------------------------------
# stft / istft

sig = A((64,), seed=30)
sig2 = A((2, 48), seed=31)
win16 = mx.array(np.hanning(16).astype(np.float32))
win8 = mx.array(np.hanning(8).astype(np.float32))
add(
    C("mx.fft.stft", sig, 16),
    C("mx.fft.stft", sig, 16, 4),
    C("mx.fft.stft", sig, 16, 4, 8),
    C("mx.fft.stft", sig, 16, window=win16),
    C("mx.fft.stft", sig, 16, window=win8),
    C("mx.fft.stft", sig, 16, center=False),
    C("mx.fft.stft", sig, 16, pad_mode="constant"),
    C("mx.fft.stft", sig, 16, norm="ortho"),
    C("mx.fft.stft", sig, 16, norm="forward"),
    C("mx.fft.stft", sig, 16, onesided=False),
    C("mx.fft.stft", sig, 16, onesided=True),
    C("mx.fft.stft", sig2, 16),
    C("mx.fft.stft", sig, 15, 5),
    C("mx.fft.stft", sig, 16, win_length=0),
    C("mx.fft.stft", A((10,), seed=3), 64),
    C("mx.fft.stft", A((4,), seed=3), 16),
    C("mx.fft.stft", sig, 16, None, None, None, True, "reflect", "backward", None, mx.cpu),
    C("mx.fft.stft", x=sig, n_fft=8, hop_length=2, stream=mx.cpu),
    C("mx.fft.stft", c8, 4),
    C("mx.fft.stft", B(A((1, 32), seed=4), (2, 32)), 8),
    C("mx.fft.stft", A((2048 + 100,), seed=5)),
    E("mx.fft.stft", sig, 16, 0),
    E("mx.fft.stft", sig, 16, -2),
    E("mx.fft.stft", sig, 0),
    E("mx.fft.stft", sig, 16, win_length=32),
    E("mx.fft.stft", sig, 16, window=A((32,))),
    E("mx.fft.stft", sig, 16, window=A((4, 4))),
    E("mx.fft.stft", A((10,)), 16, center=False),
    E("mx.fft.stft", A(()), 16),
    E("mx.fft.stft", A((0,)), 16),
    E("mx.fft.stft", sig, 16, pad_mode="bad"),
    E("mx.fft.stft", sig, 16, norm="bad"),
    E("mx.fft.stft", sig, 3, onesided=False),
    E("mx.fft.stft", sig, 16.5),
    E("mx.fft.stft", sig, 16, center=1),
    E("mx.fft.stft"),
)
st = call("mx.fft.stft", sig, 16)
st4 = call("mx.fft.stft", sig, 16, 4)
stw = call("mx.fft.stft", sig, 16, 4, window=win16)
st2 = call("mx.fft.stft", sig2, 16)
stf = call("mx.fft.stft", sig, 16, onesided=False)
add(
    C("mx.fft.istft", st),
    C("mx.fft.istft", st, 16),
    C("mx.fft.istft", st4, 16, 4),
    C("mx.fft.istft", stw, 16, 4, window=win16),
    C("mx.fft.istft", st, 16, length=64),
    C("mx.fft.istft", st, 16, length=50),
    C("mx.fft.istft", st, 16, length=0),
    C("mx.fft.istft", st, 16, length=-5),
    C("mx.fft.istft", st, 16, length=200),
    C("mx.fft.istft", st2, 16),
    C("mx.fft.istft", stf, 16, onesided=False),
    C("mx.fft.istft", st, 16, norm="ortho"),
    C("mx.fft.istft", st, 16, norm="forward"),
    C("mx.fft.istft", st, 16, center=False),
    C("mx.fft.istft", st, 16, win_length=0),
    C("mx.fft.istft", st, 16, win_length=8),
    C("mx.fft.istft", st, 16, window=A((3,), kind="pos")),
    C("mx.fft.istft", st, 100),
    C("mx.fft.istft", st, 16, hop_length=100),
    C("mx.fft.istft", st, 16, 4, None, None, True, "backward", None, 64, mx.cpu),
    C("mx.fft.istft", stft_matrix=st, n_fft=16, stream=mx.cpu),
    C("mx.fft.istft", A((9, 5), "complex64")),
    E("mx.fft.istft", st, 16, 0),
    E("mx.fft.istft", st, 0),
    E("mx.fft.istft", A((0, 13), "complex64")),
    E("mx.fft.istft", A((9, 0), "complex64")),
    E("mx.fft.istft", A((1, 1), "complex64")),
    E("mx.fft.istft", A((9,), "complex64")),
    E("mx.fft.istft", st, 16, win_length=20),
    E("mx.fft.istft", st, window=A((100,))),
    E("mx.fft.istft", st, norm="bad"),
    E("mx.fft.istft", st, 16.5),
    E("mx.fft.istft", st, onesided=1),
    E("mx.fft.istft"),
)
for d in DTYPES:
    add(X("mx.fft.stft", A((32,), d, seed=23), 8), X("mx.fft.istft", A((5, 9), d, seed=24), 8))
