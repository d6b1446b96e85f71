"""The differential catalogue of function transforms, Python side: the same
functions as transforms_catalogue.js, written with Python mlx. test_transforms.py
applies grad / vjp / jvp / vmap / compile to all of them; harness cases name one
with F("name") (cases.py's docstring)."""

from __future__ import annotations

import math

import mlx.core as mx


def sq(x):
    return x * x


def _rnn(xs, w):
    h = mx.zeros_like(xs[0])
    outs = []
    for t in range(xs.shape[0]):
        h = mx.tanh(h * w + xs[t])
        outs.append(h)
    return mx.stack(outs)


def _layernorm(x, g, b):
    m = mx.mean(x, -1, keepdims=True)
    v = mx.var(x, -1, keepdims=True)
    return (x - m) / mx.sqrt(v + 1e-5) * g + b


def _concat_split(x, y):
    c = mx.concatenate([x, y], 0)
    p, q = mx.split(c, 2, 0)
    return p * (q + 1)


def _index_put(x, v):
    y = x * 2
    y[mx.array([3, 0, 4])] = v * v
    return y * x


def _index_put_column(x):
    y = mx.exp(x)
    y[:, 1] = mx.sum(x, 1)
    return y * x


def _branch(x):
    return mx.sum(sq(x), 0) if x.shape[0] > 2 else mx.sum(x ** 3, 0)


# custom functions with a custom vjp that differs from the derivative (so a
# gradient shows which rule ran)
@mx.custom_function
def _custom_sin(x):
    return mx.sin(x)


@_custom_sin.vjp
def _custom_sin_vjp(x, cotangent, output):
    return 2 * cotangent * mx.cos(x) + output


@mx.custom_function
def _custom_mul(x, y):
    return x * y


@_custom_mul.vjp
def _custom_mul_vjp(primals, cotangent, output):
    x, y = primals
    return cotangent * y * 3, cotangent * x - output



PY = {
    "poly3": lambda x: x ** 3 - 2 * x ** 2 + x,
    "poly2var": lambda x, y: x * y ** 2 + 3 * x,
    "sin_exp": lambda x: mx.sin(x) * mx.exp(-x),
    "tanh_log": lambda x: mx.tanh(x) + mx.log(sq(x) + 1),
    "softmax": lambda x: mx.softmax(x, -1),
    "logsumexp": lambda x: mx.logsumexp(x, -1),
    "log_softmax": lambda x: x - mx.logsumexp(x, -1, keepdims=True),
    "softmax_ce": lambda logits, t: mx.mean(
        mx.logsumexp(logits, -1) - mx.take_along_axis(logits, mx.expand_dims(t, -1), -1).squeeze(-1)),
    "mlp": lambda x, w1, b1, w2: mx.tanh(x @ w1 + b1) @ w2,
    "attention": lambda q, k, v: mx.softmax((q @ k.T) * (1 / math.sqrt(q.shape[-1])), -1) @ v,
    "rnn_scan": _rnn,
    "cumsum_scan": lambda x: mx.cumsum(x, 0) * mx.cumprod(mx.sigmoid(x), 1),
    "two_outputs": lambda x, y: (mx.sin(x), mx.cos(x) * y),
    "tree_out": lambda x, y: {"a": x * y, "b": [x + y, x - sq(y)]},
    "shape_branch_small": _branch,
    "shape_branch_big": _branch,
    "gather_take": lambda x, idx: mx.take(x, idx, 0) * 2,
    "gather_flat": lambda x, idx: mx.sin(mx.take(x, idx)),
    "gather_along": lambda x, idx: mx.take_along_axis(x, idx, 1) ** 2,
    "matmul_chain": lambda x, y: x @ y @ x.T,
    "l2norm": lambda x: mx.sqrt(mx.sum(sq(x), -1)),
    "layernorm": _layernorm,
    "swish": lambda x: mx.sigmoid(x) * x,
    "max_reduce": lambda x: mx.max(x, 1),
    "leaky_relu": lambda x: mx.where(x > 0, x, x * 0.1),
    "abs_times": lambda x: mx.abs(x) * x,
    "reshape_transpose": lambda x, y: mx.transpose(x.reshape(3, 4), [1, 0]) * y,
    "concat_split": _concat_split,
    "outer": lambda x, y: mx.expand_dims(x, 1) * mx.expand_dims(y, 0),
    "erf": lambda x: mx.erf(x),
    "power_pos": lambda x, y: x ** y,
    "rational": lambda x, y: x / (sq(y) + 1),
    "variance": lambda x: mx.var(x, 0),
    "clip": lambda x: mx.clip(x, -0.5, 0.5) * x,
    "sort": lambda x: mx.sort(x, -1) * mx.arange(4),
    "rbf": lambda x, y: mx.exp(-sq(mx.expand_dims(x, 1) - mx.expand_dims(y, 0))),
    "scatter_put": lambda x, v, idx: mx.put_along_axis(x, idx, v * v, 1) * x,
    "scatter_slice_update": lambda x, v: mx.slice_update(mx.sin(x), v * 2, mx.array([1, 0]), [0, 1]),
    "dict_params": lambda p, x: mx.tanh(x @ p["w"] + p["b"]),
    "index_gather": lambda x, idx: mx.sin(x[idx]) * x[idx, ::-1],
    "index_put": _index_put,
    "index_put_column": _index_put_column,
    "at_add": lambda x, v, idx: x.at[idx].add(v * x[idx]) ** 2,
    # scalar-valued (grad / value_and_grad cases of the harness)
    "mse": lambda w, x, y: mx.mean(sq(x @ w - y)),
    "dot_tanh": lambda x, y: mx.sum(mx.tanh(x) * y),
    "custom_sin": lambda x: _custom_sin(x),
    "custom_mul": lambda x, y: _custom_mul(x, y),
}
