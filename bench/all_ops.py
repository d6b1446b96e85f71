#!/usr/bin/env python3
"""Every op's call overhead: Python mlx against mlx-node, one row per function.

    PYTHONPATH=.pydeps python3 bench/all_ops.py [--node NODE] [--quick] [--ops PATTERN]
                                                [--iters N] [--repeats R] [--tidy-chunk C]
    npm run bench:all-ops -- --quick

Covers every function of mlx.core, mx.random, mx.fft, mx.linalg and mx.fast
that the Node package exports (the Python side from spec/mlx-api.json, the
Node side from the package itself), each called on small operands (0-d, [4]
or 4x4 float32, and what else the op needs). CALLS below holds each call
once, as a Python expression and its JS twin. Functions of the spec that Node
does not export, exported functions with no call in the table, and calls that
are skipped on purpose are all listed, as are the calls that fail on either
side (errors: never silently dropped).

Methodology (as bench/per_op.py, whose helpers it shares through benchlib)
  loop     best (and median) of `repeats` tight loops of `iters` calls; slow
           ops get fewer calls: each side's warm-up calibrates the op to loops
           of at most `budget_s` seconds, and Node never runs more calls than
           Python did (the 'calls' column is Python's; JSON has each mode's).
  results  lazy (never evaluated) on both sides, unless the op evaluates by
           nature (e.g. mx.unique, mx.eval, mx.allclose's Python bool).
  python   timeit (its compiled loop, the cyclic GC off).
  node     node --expose-gc, the expression compiled into its own loop (new
           Function); one Node process per mode:
             gc    results left to V8's GC
             tidy  mx.tidy(() => { tidy_chunk calls }) per chunk, the
                   tidy's disposal inside the timing
  JSON     bench/results/all_ops.json (gitignored).
"""
import argparse
import datetime
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

import benchlib
from benchlib import (ROOT, addon_mtime, cpu_model, result_ns, git_state, load_line, resolve_nodes,
                      run_json, short_error, stats, tree_line, wait_for_addon)

RESULTS = ROOT / "bench" / "results" / "all_ops.json"
NODE_SIDE = ROOT / "bench" / "all_ops_node.js"
SPEC = ROOT / "spec" / "mlx-api.json"

FULL = {"iters": 20_000, "repeats": 3, "warmup": 2_000, "tidy_chunk": 1000, "budget_s": 0.05}
QUICK = {"iters": 2_000, "repeats": 3, "warmup": 500, "tidy_chunk": 1000, "budget_s": 0.02}
MODES = ("gc", "tidy")
MODULES = ("mlx.core", "mlx.core.random", "mlx.core.fft", "mlx.core.linalg", "mlx.core.fast")

# Operands, built in order (later ones may use earlier ones) and evaluated
# before any timing: (name, Python expression, JS expression).
OPERANDS = [
    ("a",   "mx.array(1.0)", "mx.array(1.0)"),                       # 0-d float32
    ("b",   "mx.array(2.0)", "mx.array(2.0)"),
    ("v",   "mx.array([0.5, 1.0, 1.5, 2.0])", "mx.array([0.5, 1.0, 1.5, 2.0])"),
    ("v2",  "mx.array([0.5, 1.0])", "mx.array([0.5, 1.0])"),
    ("v3",  "mx.array([0.5, 1.0, 1.5])", "mx.array([0.5, 1.0, 1.5])"),
    ("m",   "mx.eye(4) * 2 + 0.01 * mx.arange(16, dtype=mx.float32).reshape(4, 4)",
            "mx.eye(4).multiply(2).add(mx.arange(16, { dtype: mx.float32 }).reshape(4, 4).multiply(0.01))"),
    ("spd", "m @ m.T + mx.eye(4)", "m.matmul(m.T).add(mx.eye(4))"),  # symmetric positive definite
    ("lo",  "mx.tril(m)", "mx.tril(m)"),
    ("i",   "mx.array([0, 1, 2, 3])", "mx.array([0, 1, 2, 3])"),     # int32 [4]
    ("u",   "mx.array([0, 1, 2, 3], mx.uint32)", "mx.array([0, 1, 2, 3], mx.uint32)"),
    ("bo",  "v > 1", "v.greater(1)"),                                # bool [4]
    ("c",   "mx.fft.fft(v)", "mx.fft.fft(v)"),                       # complex64 [4]
    ("cm",  "mx.fft.fft2(m)", "mx.fft.fft2(m)"),                     # complex64 4x4
    ("rc",  "mx.fft.rfft(v)", "mx.fft.rfft(v)"),                     # complex64 [3]
    ("rcm", "mx.fft.rfft2(m)", "mx.fft.rfft2(m)"),                   # complex64 4x3
    ("sf",  "mx.fft.stft(v, n_fft=4)", "mx.fft.stft(v, { nFft: 4 })"),     # for istft
    ("s1",  "mx.array([1])", "mx.array([1])"),                       # slice start
    ("key", "mx.random.key(0)", "mx.random.key(0)"),
    ("x1",  "mx.ones((1, 4, 1))", "mx.ones([1, 4, 1])"),             # conv input N L C
    ("w1",  "mx.ones((1, 2, 1))", "mx.ones([1, 2, 1])"),             # conv weight O K C
    ("x2",  "mx.ones((1, 4, 4, 1))", "mx.ones([1, 4, 4, 1])"),
    ("w2",  "mx.ones((1, 2, 2, 1))", "mx.ones([1, 2, 2, 1])"),
    ("x3",  "mx.ones((1, 4, 4, 4, 1))", "mx.ones([1, 4, 4, 4, 1])"),
    ("w3",  "mx.ones((1, 2, 2, 2, 1))", "mx.ones([1, 2, 2, 2, 1])"),
    ("wf",  "mx.ones((4, 64))", "mx.ones([4, 64])"),                 # to quantize
    ("xq",  "mx.ones((1, 64))", "mx.ones([1, 64])"),
    ("qw",  "mx.quantize(wf)[0]", "mx.quantize(wf)[0]"),
    ("qs",  "mx.quantize(wf)[1]", "mx.quantize(wf)[1]"),
    ("qb",  "mx.quantize(wf)[2]", "mx.quantize(wf)[2]"),
    ("bm",  "mx.ones((64, 64))", "mx.ones([64, 64])"),               # block_masked_mm
    ("seg", "mx.array([[0, 2], [2, 4]], mx.uint32)", "mx.array([[0, 2], [2, 4]], mx.uint32)"),
    ("f8",  "mx.to_fp8(v)", "mx.toFp8(v)"),
    ("t3",  "mx.ones((1, 4, 4))", "mx.ones([1, 4, 4])"),             # rope / norms (B L D)
    ("h4",  "mx.ones((1, 1, 4, 4))", "mx.ones([1, 1, 4, 4])"),       # sdpa (B H L D)
    ("g3",  "mx.ones((1, 4, 1))", "mx.ones([1, 4, 1])"),             # gated delta (B T H)
    ("st",  "mx.ones((1, 1, 4, 4))", "mx.ones([1, 1, 4, 4])"),       # gated delta state
    ("lg",  "mx.ones((2, 4))", "mx.ones([2, 4])"),                   # logits
    ("tg",  "mx.array([0, 1])", "mx.array([0, 1])"),                 # targets
]

UNARY = """abs arccos arccosh arcsin arcsinh arctan arctanh ceil conj conjugate cos cosh degrees
    erf erfinv exp expm1 floor imag isfinite isinf isnan isneginf isposinf log log10 log1p log2
    negative positive radians real reciprocal round rsqrt sigmoid sign sin sinh sqrt square tan tanh
    trunc acos acosh asin asinh atan atanh stop_gradient contiguous""".split()
BINARY = """add arctan2 atan2 divide equal floor_divide greater greater_equal less less_equal
    logaddexp maximum minimum multiply not_equal pow power remainder subtract inner outer kron
    divmod""".split()
BITWISE = "bitwise_and bitwise_or bitwise_xor bitwise_left_shift bitwise_right_shift left_shift right_shift".split()
REDUCE = "all any argmax argmin count_nonzero logsumexp max mean median min minmax prod std sum var".split()
SCAN = "cummax cummin cumprod cumsum cumulative_prod cumulative_sum logcumsumexp".split()


def camel(name):
    return re.sub(r"_([a-z0-9])", lambda g: g.group(1).upper(), name)


# Every call once: (Python expression, JS expression). The row's op is the
# first mx.<name> / mx.<sub>.<name> of the Python expression.
CALLS = [
    *[(f"mx.{n}(v)", f"mx.{camel(n)}(v)") for n in UNARY],
    *[(f"mx.{n}(v, b)", f"mx.{camel(n)}(v, b)") for n in BINARY],
    *[(f"mx.{n}(i, i)", f"mx.{camel(n)}(i, i)") for n in BITWISE],
    ("mx.bitwise_invert(i)", "mx.bitwiseInvert(i)"),
    *[(f"mx.{n}(v, 0)", f"mx.{camel(n)}(v, 0)") for n in REDUCE],
    *[(f"mx.{n}(v, 0)", f"mx.{camel(n)}(v, 0)") for n in SCAN],
    ("mx.logical_and(bo, bo)", "mx.logicalAnd(bo, bo)"),
    ("mx.logical_or(bo, bo)", "mx.logicalOr(bo, bo)"),
    ("mx.logical_xor(bo, bo)", "mx.logicalXor(bo, bo)"),
    ("mx.logical_not(bo)", "mx.logicalNot(bo)"),
    ("mx.matrix_transpose(m)", "mx.matrixTranspose(m)"),
    ("mx.addmm(m, m, m)", "mx.addmm(m, m, m)"),
    ("mx.allclose(v, v)", "mx.allclose(v, v)"),
    ("mx.isclose(v, v)", "mx.isclose(v, v)"),
    ("mx.array_equal(v, v)", "mx.arrayEqual(v, v)"),
    ("mx.arange(4)", "mx.arange(4)"),
    ("mx.linspace(0, 1, 4)", "mx.linspace(0, 1, 4)"),
    ("mx.argpartition(v, 1)", "mx.argpartition(v, 1)"),
    ("mx.partition(v, 1)", "mx.partition(v, 1)"),
    ("mx.argsort(v)", "mx.argsort(v)"),
    ("mx.sort(v)", "mx.sort(v)"),
    ("mx.topk(v, 2)", "mx.topk(v, 2)"),
    ("mx.as_strided(v, (2, 2), (1, 1))", "mx.asStrided(v, [2, 2], [1, 1])"),
    ("mx.astype(v, mx.int32)", "mx.astype(v, mx.int32)"),
    ("mx.view(v, mx.int32)", "mx.view(v, mx.int32)"),
    ("mx.async_eval(a)", "mx.asyncEval(a)"),
    ("mx.eval(a)", "mx.eval(a)"),
    ("mx.atleast_1d(a)", "mx.atleast1d(a)"),
    ("mx.atleast_2d(v)", "mx.atleast2d(v)"),
    ("mx.atleast_3d(v)", "mx.atleast3d(v)"),
    ("mx.bartlett(4)", "mx.bartlett(4)"),
    ("mx.blackman(4)", "mx.blackman(4)"),
    ("mx.hamming(4)", "mx.hamming(4)"),
    ("mx.hanning(4)", "mx.hanning(4)"),
    ("mx.block_masked_mm(bm, bm, 32)", "mx.blockMaskedMm(bm, bm, 32)"),
    ("mx.broadcast_arrays(a, v)", "mx.broadcastArrays(a, v)"),
    ("mx.broadcast_shapes((1, 4), (4, 1))", "mx.broadcastShapes([1, 4], [4, 1])"),
    ("mx.broadcast_to(a, (4,))", "mx.broadcastTo(a, [4])"),
    ("mx.can_cast(mx.float32, mx.int32)", "mx.canCast(mx.float32, mx.int32)"),
    ("mx.clear_cache()", "mx.clearCache()"),
    ("mx.clip(v, 0, 1)", "mx.clip(v, 0, 1)"),
    ("mx.concat([v, v])", "mx.concat([v, v])"),
    ("mx.concatenate([v, v])", "mx.concatenate([v, v])"),
    ("mx.stack([v, v])", "mx.stack([v, v])"),
    ("mx.conv1d(x1, w1)", "mx.conv1d(x1, w1)"),
    ("mx.conv2d(x2, w2)", "mx.conv2d(x2, w2)"),
    ("mx.conv3d(x3, w3)", "mx.conv3d(x3, w3)"),
    ("mx.conv_general(x2, w2)", "mx.convGeneral(x2, w2)"),
    ("mx.conv_transpose1d(x1, w1)", "mx.convTranspose1d(x1, w1)"),
    ("mx.conv_transpose2d(x2, w2)", "mx.convTranspose2d(x2, w2)"),
    ("mx.conv_transpose3d(x3, w3)", "mx.convTranspose3d(x3, w3)"),
    ("mx.convolve(v, v)", "mx.convolve(v, v)"),
    ("mx.default_device()", "mx.defaultDevice()"),
    ("mx.default_stream(mx.cpu)", "mx.defaultStream(mx.cpu)"),
    ("mx.depends(v, a)", "mx.depends(v, a)"),
    ("mx.quantize(wf)", "mx.quantize(wf)"),
    ("mx.dequantize(qw, qs, qb)", "mx.dequantize(qw, qs, qb)"),
    ("mx.quantized_matmul(xq, qw, qs, qb)", "mx.quantizedMatmul(xq, qw, qs, qb)"),
    ("mx.gather_qmm(xq, qw, qs, qb)", "mx.gatherQmm(xq, qw, qs, qb)"),
    ("mx.qqmm(xq, wf)", "mx.qqmm(xq, wf)"),
    ("mx.gather_qqmm(xq, wf)", "mx.gatherQqmm(xq, wf)"),
    ("mx.gather_mm(m, m)", "mx.gatherMm(m, m)"),
    ("mx.segmented_mm(m, m, seg)", "mx.segmentedMm(m, m, seg)"),
    ("mx.matmul(m, m)", "mx.matmul(m, m)"),
    ("mx.tensordot(m, m, 1)", "mx.tensordot(m, m, 1)"),
    ("mx.vecdot(v, v)", "mx.vecdot(v, v)"),
    ("mx.einsum('ij,jk', m, m)", "mx.einsum('ij,jk', m, m)"),
    ("mx.einsum_path('ij,jk', m, m)", "mx.einsumPath('ij,jk', m, m)"),
    ("mx.device_count(mx.cpu)", "mx.deviceCount(mx.cpu)"),
    ("mx.device_info()", "mx.deviceInfo()"),
    ("mx.is_available(mx.cpu)", "mx.isAvailable(mx.cpu)"),
    ("mx.diag(v)", "mx.diag(v)"),
    ("mx.diagonal(m)", "mx.diagonal(m)"),
    ("mx.trace(m)", "mx.trace(m)"),
    ("mx.diff(v)", "mx.diff(v)"),
    ("mx.empty((4,))", "mx.empty([4])"),
    ("mx.empty_like(v)", "mx.emptyLike(v)"),
    ("mx.zeros((4,))", "mx.zeros([4])"),
    ("mx.zeros_like(v)", "mx.zerosLike(v)"),
    ("mx.asarray(v)", "mx.asarray(v)"),
    ("mx.matrix_norm(m)", "mx.matrixNorm(m)"),
    ("mx.ones((4,))", "mx.ones([4])"),
    ("mx.ones_like(v)", "mx.onesLike(v)"),
    ("mx.full((4,), 2.0)", "mx.full([4], 2.0)"),
    ("mx.full_like(v, 2.0)", "mx.fullLike(v, 2.0)"),
    ("mx.eye(4)", "mx.eye(4)"),
    ("mx.identity(4)", "mx.identity(4)"),
    ("mx.tri(4)", "mx.tri(4)"),
    ("mx.tril(m)", "mx.tril(m)"),
    ("mx.triu(m)", "mx.triu(m)"),
    ("mx.expand_dims(v, 0)", "mx.expandDims(v, 0)"),
    ("mx.squeeze(x1)", "mx.squeeze(x1)"),
    ("mx.flatten(m)", "mx.flatten(m)"),
    ("mx.unflatten(v, 0, (2, 2))", "mx.unflatten(v, 0, [2, 2])"),
    ("mx.reshape(v, (2, 2))", "mx.reshape(v, [2, 2])"),
    ("mx.flip(v)", "mx.flip(v)"),
    ("mx.roll(v, 1)", "mx.roll(v, 1)"),
    ("mx.moveaxis(m, 0, 1)", "mx.moveaxis(m, 0, 1)"),
    ("mx.swapaxes(m, 0, 1)", "mx.swapaxes(m, 0, 1)"),
    ("mx.transpose(m)", "mx.transpose(m)"),
    ("mx.permute_dims(m)", "mx.permuteDims(m)"),
    ("mx.from_fp8(f8, mx.float32)", "mx.fromFp8(f8, mx.float32)"),
    ("mx.to_fp8(v)", "mx.toFp8(v)"),
    ("mx.get_active_memory()", "mx.getActiveMemory()"),
    ("mx.get_array_buffer_size(v)", "mx.getArrayBufferSize(v)"),
    ("mx.get_cache_memory()", "mx.getCacheMemory()"),
    ("mx.get_memory_limit()", "mx.getMemoryLimit()"),
    ("mx.get_peak_memory()", "mx.getPeakMemory()"),
    ("mx.reset_peak_memory()", "mx.resetPeakMemory()"),
    ("mx.get_printoptions()", "mx.getPrintoptions()"),
    ("mx.set_printoptions(precision=4)", "mx.setPrintoptions({ precision: 4 })"),
    ("mx.printoptions(precision=4)", "mx.printoptions({ precision: 4 })"),
    ("mx.hadamard_transform(v)", "mx.hadamardTransform(v)"),
    ("mx.isdtype(mx.float32, 'real floating')", "mx.isdtype(mx.float32, 'real floating')"),
    ("mx.issubdtype(mx.float32, mx.floating)", "mx.issubdtype(mx.float32, mx.floating)"),
    ("mx.result_type(v, mx.float16)", "mx.resultType(v, mx.float16)"),
    ("mx.meshgrid(v, v)", "mx.meshgrid(v, v)"),
    ("mx.nan_to_num(v)", "mx.nanToNum(v)"),
    ("mx.pad(v, 1)", "mx.pad(v, 1)"),
    ("mx.put_along_axis(v, i, v, 0)", "mx.putAlongAxis(v, i, v, 0)"),
    ("mx.take_along_axis(v, i, 0)", "mx.takeAlongAxis(v, i, 0)"),
    ("mx.take(v, i)", "mx.take(v, i)"),
    ("mx.repeat(v, 2)", "mx.repeat(v, 2)"),
    ("mx.tile(v, 2)", "mx.tile(v, 2)"),
    ("mx.searchsorted(v, v)", "mx.searchsorted(v, v)"),
    ("mx.set_default_device(mx.cpu)", "mx.setDefaultDevice(mx.cpu)"),
    ("mx.set_default_stream(mx.default_stream(mx.cpu))", "mx.setDefaultStream(mx.defaultStream(mx.cpu))"),
    ("mx.slice(v, s1, (0,), (2,))", "mx.slice(v, s1, [0], [2])"),
    ("mx.slice_update(v, v2, s1, (0,))", "mx.sliceUpdate(v, v2, s1, [0])"),
    ("mx.softmax(v)", "mx.softmax(v)"),
    ("mx.split(v, 2)", "mx.split(v, 2)"),
    ("mx.unstack(m)", "mx.unstack(m)"),
    ("mx.stream(mx.cpu)", "mx.stream(mx.cpu)"),
    ("mx.synchronize()", "mx.synchronize()"),
    ("mx.unique(v, 4)", "mx.unique(v, 4)"),
    ("mx.where(bo, v, b)", "mx.where(bo, v, b)"),
    # mx.random
    ("mx.random.bernoulli(0.5, (4,))", "mx.random.bernoulli(0.5, [4])"),
    ("mx.random.categorical(lg)", "mx.random.categorical(lg)"),
    ("mx.random.gumbel((4,))", "mx.random.gumbel([4])"),
    ("mx.random.key(0)", "mx.random.key(0)"),
    ("mx.random.laplace((4,))", "mx.random.laplace([4])"),
    ("mx.random.multivariate_normal(v, spd)", "mx.random.multivariateNormal(v, spd)"),
    ("mx.random.normal((4,))", "mx.random.normal([4])"),
    ("mx.random.permutation(4)", "mx.random.permutation(4)"),
    ("mx.random.randint(0, 10, (4,))", "mx.random.randint(0, 10, [4])"),
    ("mx.random.seed(0)", "mx.random.seed(0)"),
    ("mx.random.split(key)", "mx.random.split(key)"),
    ("mx.random.truncated_normal(-1, 1, (4,))", "mx.random.truncatedNormal(-1, 1, [4])"),
    ("mx.random.uniform(0, 1, (4,))", "mx.random.uniform(0, 1, [4])"),
    # mx.fft
    ("mx.fft.fft(v)", "mx.fft.fft(v)"),
    ("mx.fft.ifft(c)", "mx.fft.ifft(c)"),
    ("mx.fft.fft2(m)", "mx.fft.fft2(m)"),
    ("mx.fft.ifft2(cm)", "mx.fft.ifft2(cm)"),
    ("mx.fft.fftn(m)", "mx.fft.fftn(m)"),
    ("mx.fft.ifftn(cm)", "mx.fft.ifftn(cm)"),
    ("mx.fft.rfft(v)", "mx.fft.rfft(v)"),
    ("mx.fft.irfft(rc)", "mx.fft.irfft(rc)"),
    ("mx.fft.rfft2(m)", "mx.fft.rfft2(m)"),
    ("mx.fft.irfft2(rcm)", "mx.fft.irfft2(rcm)"),
    ("mx.fft.rfftn(m)", "mx.fft.rfftn(m)"),
    ("mx.fft.irfftn(rcm)", "mx.fft.irfftn(rcm)"),
    ("mx.fft.fftshift(v)", "mx.fft.fftshift(v)"),
    ("mx.fft.ifftshift(v)", "mx.fft.ifftshift(v)"),
    ("mx.fft.fftfreq(4)", "mx.fft.fftfreq(4)"),
    ("mx.fft.rfftfreq(4)", "mx.fft.rfftfreq(4)"),
    ("mx.fft.stft(v, n_fft=4)", "mx.fft.stft(v, { nFft: 4 })"),
    ("mx.fft.istft(sf, n_fft=4)", "mx.fft.istft(sf, { nFft: 4 })"),
    # mx.linalg
    ("mx.linalg.cholesky(spd)", "mx.linalg.cholesky(spd)"),
    ("mx.linalg.cholesky_inv(spd)", "mx.linalg.choleskyInv(spd)"),
    ("mx.linalg.cross(v3, v3)", "mx.linalg.cross(v3, v3)"),
    ("mx.linalg.det(m)", "mx.linalg.det(m)"),
    ("mx.linalg.eig(m)", "mx.linalg.eig(m)"),
    ("mx.linalg.eigh(spd)", "mx.linalg.eigh(spd)"),
    ("mx.linalg.eigvals(m)", "mx.linalg.eigvals(m)"),
    ("mx.linalg.eigvalsh(spd)", "mx.linalg.eigvalsh(spd)"),
    ("mx.linalg.inv(m)", "mx.linalg.inv(m)"),
    ("mx.linalg.lu(m)", "mx.linalg.lu(m)"),
    ("mx.linalg.lu_factor(m)", "mx.linalg.luFactor(m)"),
    ("mx.linalg.norm(v)", "mx.linalg.norm(v)"),
    ("mx.linalg.pinv(m)", "mx.linalg.pinv(m)"),
    ("mx.linalg.qr(m)", "mx.linalg.qr(m)"),
    ("mx.linalg.slogdet(m)", "mx.linalg.slogdet(m)"),
    ("mx.linalg.solve(m, v)", "mx.linalg.solve(m, v)"),
    ("mx.linalg.solve_triangular(lo, v)", "mx.linalg.solveTriangular(lo, v)"),
    ("mx.linalg.svd(m)", "mx.linalg.svd(m)"),
    ("mx.linalg.tri_inv(lo)", "mx.linalg.triInv(lo)"),
    # mx.fast
    ("mx.fast.cross_entropy(lg, tg)", "mx.fast.crossEntropy(lg, tg)"),
    ("mx.fast.gated_delta_update(h4, h4, h4, g3, g3)", "mx.fast.gatedDeltaUpdate(h4, h4, h4, g3, g3)"),
    ("mx.fast.layer_norm(t3, None, None, 1e-5)", "mx.fast.layerNorm(t3, null, null, 1e-5)"),
    ("mx.fast.rms_norm(t3, None, 1e-5)", "mx.fast.rmsNorm(t3, null, 1e-5)"),
    ("mx.fast.rope(t3, 4, traditional=False, base=10000.0, scale=1.0, offset=0)",
     "mx.fast.rope(t3, 4, { traditional: false, base: 10000.0, scale: 1.0, offset: 0 })"),
    ("mx.fast.scaled_dot_product_attention(h4, h4, h4, scale=0.5)",
     "mx.fast.scaledDotProductAttention(h4, h4, h4, { scale: 0.5 })"),
]

# Exported functions not timed on purpose: (Python name, reason).
SKIPPED = {
    "new_stream": "creates a stream per call (tens of thousands would pile up)",
    "new_thread_local_stream": "creates a stream per call",
    "new_thread_unsafe_stream": "creates a stream per call",
    "clear_streams": "drops every stream of the process mid-benchmark",
    "set_memory_limit": "changes the allocator's limits for the rest of the run",
    "set_cache_limit": "changes the allocator's limits for the rest of the run",
    "set_wired_limit": "changes the allocator's limits for the rest of the run",
    "fast.metal_kernel": "needs the Metal backend (this is mlx-cpu)",
    "fast.cuda_kernel": "needs the CUDA backend (this is mlx-cpu)",
    "fast.precompiled_cuda_kernel": "needs the CUDA backend (this is mlx-cpu)",
}

OP_RE = re.compile(r"^mx\.((?:random|fft|linalg|fast)\.)?(\w+)")


def op_of(py_expr):
    """'mx.linalg.lu_factor(m)' -> 'linalg.lu_factor'; 'mx.sum(v, 0)' -> 'sum'."""
    g = OP_RE.match(py_expr)
    return (g.group(1) or "") + g.group(2)


def node_name(op):
    """'linalg.lu_factor' -> 'mx.linalg.luFactor'."""
    *sub, name = op.split(".")
    return ".".join(["mx", *sub, camel(name)])


def spec_ops():
    """Every function of the five modules in the spec, as 'name' / 'sub.name'."""
    mods = json.loads(SPEC.read_text())["modules"]
    ops = []
    for mod in MODULES:
        prefix = mod[len("mlx.core."):] + "." if mod != "mlx.core" else ""
        ops += [prefix + n for n in sorted(mods[mod]["functions"])]
    return ops


# ------------------------------------------------------------------ worker --

def build_operands(mx, operands):
    scope = {"mx": mx}
    for name, py, _ in operands:
        scope[name] = eval(py, scope)  # noqa: S307 (our own table)
    mx.eval(*[scope[name] for name, _, _ in operands])
    return scope


def calibrate(run, cfg):
    """The call count for one op: cfg['iters'], fewer when a loop would pass budget_s."""
    n = max(1, min(cfg["warmup"], cfg["iters"]))
    t = run(n)  # the warm-up doubles as the estimate
    per_call = max(t / n, 1e-9)
    iters = min(cfg["iters"], int(cfg["budget_s"] / per_call))
    return max(iters, min(50, cfg["iters"]))


def worker_python(cfg):
    import timeit

    import mlx.core as mx

    scope = build_operands(mx, cfg["operands"])
    out = {}
    for row in cfg["rows"]:
        try:
            timer = timeit.Timer(row["py"], globals=scope)
            eval(row["py"], scope)  # noqa: S307  fail fast, outside the timing
            iters = calibrate(lambda n: timer.timeit(n), cfg)
            runs = timer.repeat(repeat=cfg["repeats"], number=iters)
        except Exception as e:  # a row fails alone
            out[row["id"]] = {"error": f"{type(e).__name__}: {e}"[:300]}
            continue
        out[row["id"]] = {**stats([t / iters * 1e9 for t in runs]), "iters": iters}
    return {"python": platform.python_version(), "mlx": mx.__version__, "results": out}


# ------------------------------------------------------------------ driver --

def node_exports(binary):
    """The functions the package exports in the five namespaces, as Python-style op names."""
    src = ("const mx = require(process.argv[1]); const out = {};"
           "for (const s of ['', 'random', 'fft', 'linalg', 'fast']) {"
           " const o = s ? mx[s] : mx;"
           " out[s] = Object.keys(o || {}).filter((k) => typeof o[k] === 'function'); }"
           "console.log(JSON.stringify(out));")
    res = run_json([binary["path"], "-e", src, str(ROOT)])
    if "error" in res:
        return None, res["error"]
    return res, None


def fmt_ns(x):
    return benchlib.fmt_ns(x, missing="—")


def fmt_ratio(x):
    return benchlib.fmt_ratio(x, missing="—")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--node", metavar="PATH", help="the Node binary (default: node on PATH)")
    ap.add_argument("--quick", action="store_true",
                    help=f"{QUICK['iters']:,} calls x {QUICK['repeats']} per op"
                         f" instead of {FULL['iters']:,} x {FULL['repeats']}")
    ap.add_argument("--ops", metavar="PATTERN",
                    help="only the rows whose Python or JS call matches this regex (e.g. 'linalg|fft')")
    ap.add_argument("--iters", type=int, help="calls per timed loop (at most; slow ops get fewer)")
    ap.add_argument("--repeats", type=int, help="timed loops per op and mode")
    ap.add_argument("--tidy-chunk", type=int, help="calls per mx.tidy in tidy mode")
    ap.add_argument("--worst", type=int, default=10, help="rows in the worst-ratio lists")
    args = ap.parse_args()

    cfg = dict(QUICK if args.quick else FULL)
    for key in ("iters", "repeats", "tidy_chunk"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    cfg["warmup"] = min(cfg["warmup"], cfg["iters"])
    cfg["operands"] = OPERANDS

    binary = resolve_nodes([args.node] if args.node else None)[0]
    started = datetime.datetime.now().astimezone()
    load = os.getloadavg()
    git = git_state()
    unloadable = wait_for_addon([binary])

    # ------------------------------------------------------- coverage --
    spec = spec_ops()
    exports, export_error = node_exports(binary)
    if exports is None:
        print(f"!! cannot list the package's exports: {short_error(export_error)}")
        exports = {}
    exported = {(s + "." if s else "") + n for s, names in exports.items() for n in names}
    in_node = {op for op in spec if node_name(op)[3:] in exported}
    not_exported = [op for op in spec if op not in in_node]
    rows_all = [{"id": f"{i:03d}", "op": op_of(py), "py": py, "node": nd}
                for i, (py, nd) in enumerate(CALLS)]
    table_ops = {r["op"] for r in rows_all}
    dup = sorted({r["op"] for r in rows_all if sum(x["op"] == r["op"] for x in rows_all) > 1})
    no_call = [op for op in spec if op in in_node and op not in table_ops and op not in SKIPPED]
    rows_all = [r for r in rows_all if r["op"] in in_node]  # spec ∩ Node exports
    not_in_spec = sorted(table_ops - set(spec))
    rows = rows_all
    if args.ops:
        pat = re.compile(args.ops)
        rows = [r for r in rows if pat.search(r["py"]) or pat.search(r["node"])]
    cfg["rows"] = rows

    print("mlx-node, every op: call overhead, Python mlx vs mlx-node")
    print(f"  date     {started.isoformat(timespec='seconds')}")
    print(f"  machine  {cpu_model()}, {os.cpu_count()} cpus, {platform.system()} {platform.release()}")
    print(f"  load     {load_line(load)}")
    print(f"  python   {platform.python_version()} ({sys.executable})")
    print(f"  node     {binary['version'] or 'NOT RUNNABLE'} ({binary['path']})")
    print(f"  tree     {tree_line(git)}")
    print(f"  loop     best of {cfg['repeats']} × ≤{cfg['iters']:,} calls per op (≤{cfg['budget_s']} s"
          f" a loop: slow ops get fewer); warm-up ≤{cfg['warmup']:,}; tidy chunk {cfg['tidy_chunk']:,};"
          " results lazy")
    print(f"  ops      {len(spec)} functions in the spec's {', '.join(m[4:] for m in MODULES)};"
          f" {len(in_node)} exported by Node; {len(rows)} rows timed"
          f"{f' (--ops {args.ops!r})' if args.ops else ''}")

    # ------------------------------------------------------------ run --
    t0 = time.perf_counter()
    print("\nrunning python mlx ...", flush=True)
    py = run_json([sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(cfg)])
    py_res = py.get("results", {})
    # Node runs at most the call count Python calibrated (fewer if slower there).
    for r in rows:
        r["iters"] = py_res.get(r["id"], {}).get("iters")
    node = {"results": {}}
    for mode in MODES:
        print(f"running {binary['label']} ({mode}) ...", flush=True)
        part = run_json([binary["path"], "--expose-gc", str(NODE_SIDE),
                         json.dumps({"root": str(ROOT), **cfg, "modes": [mode]})])
        if "error" in part:
            node = {**part, "results": {}}
            break
        node = {**part, "results": node["results"]}
        for rid, row in part["results"].items():
            node["results"].setdefault(rid, {"modes": {}})
            node["results"][rid]["modes"].update(row.get("modes", {}))
            if "na" in row:
                node["results"][rid]["na"] = row["na"]
    load_end = os.getloadavg()
    print(f"done in {time.perf_counter() - t0:.1f} s"
          f" (load at end {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f})")
    if addon_mtime() != git["addon_built"]:
        print("!! the addon was rebuilt during the run: numbers may mix two builds")
    for name, res in (("python mlx", py), (binary["label"], node)):
        if "error" in res:
            print(f"\n!! {name} failed: {short_error(res['error'])}")
    print(f"  versions: python mlx {py.get('mlx')} (Python {py.get('python')});"
          f" mlx-node libmlx {node.get('mlx')} ({binary['label']}, V8 {node.get('v8')})")

    # -------------------------------------------------------- summary --
    summary = []
    for r in rows:
        p = py_res.get(r["id"], {})
        n = node["results"].get(r["id"], {})
        e = {"op": r["op"], "python": r["py"], "node": r["node"], "iters": p.get("iters"),
             "python_ns": result_ns(p), "python_ns_median": result_ns(p, "median"),
             "errors": {}, "modes": {}}
        if "error" in p:
            e["errors"]["python"] = p["error"]
        if "na" in n:
            e["errors"]["node"] = n["na"]
        for mode in MODES:
            res = n.get("modes", {}).get(mode, {})
            if "error" in res:
                e["errors"][f"node {mode}"] = res["error"]
            q, q_med = result_ns(res), result_ns(res, "median")
            e["modes"][mode] = {"ns": q, "ns_median": q_med,
                                "ratio": q / e["python_ns"] if q and e["python_ns"] else None,
                                "ratio_median": (q_med / e["python_ns_median"]
                                                 if q_med and e["python_ns_median"] else None),
                                "iters": res.get("iters")}
        summary.append(e)

    w = min(max(len(e["python"]) for e in summary), 48) + 1 if summary else 10
    print(f"\nns/call, best of {cfg['repeats']} loops (ratio = node / python; lower is better;"
          " 'calls' = calls per loop)")
    print(f"  {'call (python form)':<{w}} {'calls':>6} {'py ns':>7} │ {'gc ns':>7} {'gc/py':>7}"
          f" │ {'tidy ns':>7} {'tidy/py':>7}")
    for e in summary:
        call = e["python"] if len(e["python"]) <= w - 1 else e["python"][:w - 2] + "…"
        line = f"  {call:<{w}} {e['iters'] or '—':>6} {fmt_ns(e['python_ns']):>7}"
        for mode in MODES:
            mm = e["modes"][mode]
            line += f" │ {fmt_ns(mm['ns']):>7} {fmt_ratio(mm['ratio']):>7}"
        if e["errors"]:
            line += "  ERROR"
        print(line)

    worst = {}
    for mode in MODES:
        ranked = sorted((e for e in summary if e["modes"][mode]["ratio"] is not None),
                        key=lambda e: -e["modes"][mode]["ratio"])[:args.worst]
        worst[mode] = [{"op": e["op"], "python": e["python"], "node": e["node"],
                        "python_ns": e["python_ns"], "node_ns": e["modes"][mode]["ns"],
                        "ratio": e["modes"][mode]["ratio"],
                        "ratio_median": e["modes"][mode]["ratio_median"]} for e in ranked]
        print(f"\n{len(ranked)} worst node/python ratios, {mode} mode (best-of; median ratio too)")
        print(f"  {'':>2} {'node call':<{w}} {'py ns':>7} {'node ns':>8} {'ratio':>7} {'(median)':>9}")
        for k, x in enumerate(worst[mode], 1):
            call = x["node"] if len(x["node"]) <= w - 1 else x["node"][:w - 2] + "…"
            print(f"  {k:>2} {call:<{w}} {fmt_ns(x['python_ns']):>7} {fmt_ns(x['node_ns']):>8}"
                  f" {fmt_ratio(x['ratio']):>7} {fmt_ratio(x['ratio_median']):>9}")

    errors = [e for e in summary if e["errors"]]
    print(f"\nerrors ({len(errors)} rows: the call fails on one side or both; not timed there)")
    for e in errors:
        for side, msg in e["errors"].items():
            print(f"  {e['python']}  [{side}]  {short_error(msg, 2)}")
    if not args.ops:
        print(f"\nnot timed ({len(not_exported) + len(SKIPPED) + len(no_call)} spec functions)")
        print(f"  not exported by Node ({len(not_exported)}): {', '.join(not_exported) or '—'}")
        for op, why in SKIPPED.items():
            print(f"  skipped {op}: {why}")
        if no_call:
            print(f"  !! exported but no call in CALLS ({len(no_call)}): {', '.join(no_call)}")
        if not_in_spec:
            print(f"  !! calls of functions not in the spec: {', '.join(not_in_spec)}")
        if dup:
            print(f"  (ops with more than one row: {', '.join(dup)})")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "date": started.isoformat(timespec="seconds"),
        "machine": {"cpu": cpu_model(), "cpus": os.cpu_count(), "os": platform.platform(),
                    "loadavg_at_start": load, "loadavg_at_end": load_end},
        "tree": {**git, "addon_built_at_end": addon_mtime(), "unloadable_at_start": unloadable},
        "versions": {"python": platform.python_version(), "mlx_python": py.get("mlx"),
                     "node": {**binary, "mlx_node": node.get("mlx"), "v8": node.get("v8")}},
        "config": {k: cfg[k] for k in ("iters", "repeats", "warmup", "tidy_chunk", "budget_s")},
        "ops_filter": args.ops,
        "coverage": {"spec": len(spec), "exported_by_node": len(in_node), "timed_rows": len(rows),
                     "not_exported": not_exported, "skipped": SKIPPED, "no_call": no_call},
        "operands": OPERANDS,
        "summary": summary,
        "worst": worst,
        "errors": {e["python"]: e["errors"] for e in errors},
        "raw": {"python": py, "node": node},
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nsaved {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--worker":
        print(json.dumps(worker_python(json.loads(sys.argv[2]))))
    else:
        main()
