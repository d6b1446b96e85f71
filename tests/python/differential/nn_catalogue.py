"""Functions that nn / utils cases pass as arguments (tree_map's fn, is_leaf,
tree_reduce's reducer, tree_merge's merge_fn), Python side: the same functions
as nn_catalogue.js. Cases name one with F("name"), like the transforms catalogue.
Leaves are numbers or mx.arrays."""

from __future__ import annotations

import mlx.core as mx
import mlx.nn


def t_double(x):
    return x * 2


def t_add(a, b):
    return a + b


def t_add3(a, b, c):
    return a + b + c


def t_path_leaf(path, x):
    return [path, x]


def t_path_add(path, a, b):
    return [path, a + b]


def t_is_list(x):
    return isinstance(x, list)


def t_is_array(x):
    return isinstance(x, mx.array)


def t_len(x):
    return len(x) if isinstance(x, list) else x


def t_count(acc, x):
    return acc + 1


def t_max(a, b):
    return max(a, b)


def t_keep_b(a, b):
    return b


def t_square_sum(acc, x):
    return acc + mx.sum(x * x)


def t_ce_loss(logits, targets):
    return mlx.nn.losses.cross_entropy(logits, targets, label_smoothing=0.125, reduction="mean")


def t_bce_loss(x, y):
    return mlx.nn.losses.binary_cross_entropy(x, y)


def t_mlp_loss(w, x, y):
    return mlx.nn.losses.mse_loss(mlx.nn.gelu(x @ w), y)


def t_logsm_sum(x):
    return (mlx.nn.log_softmax(x) * mlx.nn.silu(x)).sum()


class Tiny(mlx.nn.Module):
    """A small nn.Module with fixed weights (the same model as nn_catalogue.js's)."""

    def __init__(self):
        super().__init__()
        self.w = mx.array([[0.5, -1], [1.5, 2], [0.25, 0.75]], dtype=mx.float32)
        self.b = mx.array([0.1, -0.2], dtype=mx.float32)
        self.layers = [{"scale": mx.array(2, dtype=mx.float32)}]

    def __call__(self, x):
        return ((x @ self.w) + self.b) * self.layers[0]["scale"]


m_tiny = Tiny()
m_frozen = Tiny()
m_frozen.freeze(keys="b")


def m_tiny_loss(x, y):
    return mlx.nn.losses.mse_loss(m_tiny(x), y)


def m_tiny_pair(x, y):
    return mlx.nn.losses.mse_loss(m_tiny(x), y), mx.sum(m_tiny(x))


def m_frozen_loss(x):
    return mx.sum(mx.square(m_frozen(x)))


PY = {name: f for name, f in globals().items() if name.startswith("t_") and callable(f)}
# m_*: values (models) and functions over them, for nn.value_and_grad
PY.update({name: v for name, v in globals().items() if name.startswith("m_")})
