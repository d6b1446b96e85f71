"""Differential cases for mlx.nn (activation functions, nn.init, nn.losses) and
mlx.utils (see cases.py's docstring for C/E/X/R). fn "nn.losses.mse_loss" is
mlx.nn.losses.mse_loss in Python and mx.nn.losses.mseLoss in JS; functions passed
as arguments (tree_map's fn, is_leaf, ...) come from nn_catalogue.py/.js via F()."""

from __future__ import annotations

import mlx.core as mx

from cases import (  # noqa: F401
    A, B, C, D, E, F, JS_ONLY, NO_ERROR_CASE_OK, R, T, X, add, call,
)
from harness import applied

# --------------------------------------------------------------------------
# mlx.utils

TREE = {"a": [1, {"b": 2, "c": [3, 4]}], "d": 5}
ATREE = {"w": A((2, 3)), "layers": [{"weight": A((3,), seed=1), "bias": A((2,), seed=2)}, {"weight": A((2, 2), seed=3)}]}

add(
    C("utils.tree_flatten", TREE),
    C("utils.tree_flatten", [[[0]]]),
    C("utils.tree_flatten", [[[0]]], prefix=".hello"),
    C("utils.tree_flatten", TREE, destination={}),
    C("utils.tree_flatten", ATREE),
    C("utils.tree_flatten", ATREE, ".model", None, {}),
    C("utils.tree_flatten", TREE, is_leaf=F("t_is_list")),
    C("utils.tree_flatten", 7),
    C("utils.tree_flatten", []),
    C("utils.tree_flatten", {"x": [], "y": {}}),
    E("utils.tree_flatten", TREE, destination=3),
    E("utils.tree_flatten"),

    C("utils.tree_unflatten", [("hello.world", 42)]),
    C("utils.tree_unflatten", {"hello.world": 42}),
    C("utils.tree_unflatten", [("a.0", 1), ("a.1.b", 2), ("c", 3)]),
    C("utils.tree_unflatten", [("0", 1), ("2", 3)]),
    C("utils.tree_unflatten", [("", 5)]),
    C("utils.tree_unflatten", [("a.0", 1), ("a.01", 2)]),
    C("utils.tree_unflatten", [("a.0", 1), ("a.x", 2)]),
    C("utils.tree_unflatten", [("layers.1.weight", A((2,))), ("layers.0.weight", A((3,), seed=1)), ("w", A((1,), seed=2))]),
    C("utils.tree_unflatten", {"m.10": 1, "m.2": 2}),
    E("utils.tree_unflatten", 5),
    E("utils.tree_unflatten", [("a", 1, 2)]),

    C("utils.tree_map", F("t_double"), TREE),
    C("utils.tree_map", F("t_double"), ATREE),
    C("utils.tree_map", F("t_add"), TREE, TREE),
    C("utils.tree_map", F("t_add3"), [1, [2]], [10, [20]], [100, [200]]),
    C("utils.tree_map", F("t_len"), {"a": [1, 2], "b": [[1], [2], [3]], "c": 4}, is_leaf=F("t_is_list")),
    C("utils.tree_map", F("t_double"), ATREE, is_leaf=F("t_is_array")),
    C("utils.tree_map", F("t_double"), 3),
    C("utils.tree_map", F("t_add"), ATREE, ATREE),
    E("utils.tree_map", F("t_add"), {"a": 1, "b": 2}, {"a": 1}),
    E("utils.tree_map", F("t_add"), [1, 2, 3], [1]),

    C("utils.tree_map_with_path", F("t_path_leaf"), {"model": [{"w": 0, "b": 1}, {"w": 0, "b": 1}]}),
    C("utils.tree_map_with_path", F("t_path_leaf"), TREE, path="root"),
    C("utils.tree_map_with_path", F("t_path_add"), TREE, TREE),
    C("utils.tree_map_with_path", F("t_path_leaf"), TREE, is_leaf=F("t_is_list")),
    C("utils.tree_map_with_path", F("t_path_leaf"), 5),
    C("utils.tree_map_with_path", F("t_path_leaf"), ATREE),
    E("utils.tree_map_with_path", F("t_path_add"), {"a": 1}, {"b": 1}),

    C("utils.tree_reduce", F("t_add"), {"a": [1, 2, 3], "b": [4, 5]}, 0),
    C("utils.tree_reduce", F("t_add"), {"a": [1, 2, 3], "b": [4, 5]}),
    C("utils.tree_reduce", F("t_count"), TREE, 0),
    C("utils.tree_reduce", F("t_max"), [3, [9, 1], {"z": 4}]),
    C("utils.tree_reduce", F("t_count"), [[1, 2], [3]], 0, F("t_is_list")),
    C("utils.tree_reduce", F("t_square_sum"), ATREE, 0),
    E("utils.tree_reduce", F("t_add"), ATREE),
    C("utils.tree_reduce", F("t_add"), [], 7),
    E("utils.tree_reduce", F("t_add"), [1, mx.array([1, 2]), "s"]),
    E("utils.tree_reduce", F("t_add")),

    C("utils.tree_merge", {"a": 1}, {"b": 2}),
    C("utils.tree_merge", {"a": [1, {}], "b": 2}, {"a": [{}, {"c": 3}, 5]}),
    C("utils.tree_merge", [1, 2], [5, 6, 7], F("t_add")),
    C("utils.tree_merge", {"w": A((2,))}, {"w": A((2,), seed=1)}, merge_fn=F("t_keep_b")),
    C("utils.tree_merge", [], []),
    C("utils.tree_merge", {}, {}),
    C("utils.tree_merge", {"a": {}}, {"a": {"x": [1]}}),
    E("utils.tree_merge", {"a": 1}, {"a": 2}),
    E("utils.tree_merge", [], {}),
    E("utils.tree_merge", {"a": [1, {}], "b": 2}, {"a": [{}, {"c": 3}, 5], "d": []}),
)

# --------------------------------------------------------------------------
# nn.init: the initializers return functions; random ones are compared bit for bit with the same seed

Z34 = mx.zeros((3, 4))
Z44 = mx.zeros((4, 4))
Z234 = mx.zeros((2, 3, 4))
Z5 = mx.zeros((5,))


def I(seed, fn, shape_arg, *args, apply_kw=None, **kwargs):
    c = R(seed, fn, *args, **kwargs)
    return applied(c, shape_arg, **(apply_kw or {}))


def QR(case):
    # orthogonal goes through mx.linalg.qr, whose LAPACK/BLAS path gives 1-ulp differences between the two
    # processes on some elements: compared at float32 rtol 1e-5 instead of bit for bit (the samples are the same).
    case.exact = False
    case.rtol = 1e-5
    case.note = "QR: 1-ulp differences; rtol 1e-5"
    return case


add(
    applied(C("nn.init.constant", 0.5), Z34),
    applied(C("nn.init.constant", 3, mx.int32), Z234),
    applied(C("nn.init.constant", -1.5, dtype=mx.float16), Z5),
    applied(E("nn.init.constant"), Z5),
    E("nn.init.constant"),

    I(1, "nn.init.normal", Z34),
    I(2, "nn.init.normal", Z234, 2.5, 0.5),
    I(3, "nn.init.normal", Z5, mean=-1.5, std=3.5, dtype=mx.float16),
    I(4, "nn.init.normal", Z44, dtype=mx.bfloat16),
    E("nn.init.normal", bogus=1),

    I(1, "nn.init.uniform", Z34),
    I(2, "nn.init.uniform", Z234, -2.5, 0.5),
    I(3, "nn.init.uniform", Z5, low=1.5, high=3.5, dtype=mx.float16),
    E("nn.init.uniform", 0.5, 1.5, mx.float32, 4),

    applied(C("nn.init.identity"), Z44),
    applied(C("nn.init.identity", mx.int32), mx.zeros((3, 3))),
    applied(C("nn.init.identity", dtype=mx.float16), mx.zeros((1, 1))),
    applied(E("nn.init.identity"), Z34),
    applied(E("nn.init.identity"), Z5),

    I(1, "nn.init.glorot_normal", Z34),
    I(2, "nn.init.glorot_normal", Z234, apply_kw={"gain": 2.5}),
    I(3, "nn.init.glorot_normal", Z44, dtype=mx.float16),
    applied(E("nn.init.glorot_normal"), Z5),

    I(1, "nn.init.glorot_uniform", Z34),
    I(2, "nn.init.glorot_uniform", Z234, apply_kw={"gain": 0.5}),
    I(3, "nn.init.glorot_uniform", Z44, dtype=mx.float16),
    applied(E("nn.init.glorot_uniform"), Z5),

    I(1, "nn.init.he_normal", Z34),
    I(2, "nn.init.he_normal", Z234, apply_kw={"mode": "fan_out", "gain": 2.5}),
    I(3, "nn.init.he_normal", Z44, dtype=mx.float16),
    I(4, "nn.init.he_normal", Z34, apply_kw={"mode": "fan_in"}),
    applied(E("nn.init.he_normal"), Z34, mode="fan_avg"),
    applied(E("nn.init.he_normal"), Z5),

    I(1, "nn.init.he_uniform", Z34),
    I(2, "nn.init.he_uniform", Z234, apply_kw={"mode": "fan_out", "gain": 0.5}),
    I(3, "nn.init.he_uniform", Z44, dtype=mx.float16),
    applied(E("nn.init.he_uniform"), Z34, mode="both"),

    I(1, "nn.init.sparse", Z34, 0.5),
    I(2, "nn.init.sparse", mx.zeros((6, 5)), 0.25, mean=1.5, std=0.5),
    I(3, "nn.init.sparse", Z44, 0),
    I(4, "nn.init.sparse", Z44, 1.0 - 1e-9, dtype=mx.float16),
    I(5, "nn.init.sparse", Z34, 1.5),
    I(6, "nn.init.sparse", Z34, -0.5),
    applied(E("nn.init.sparse", 0.5), Z234),
    E("nn.init.sparse"),

    QR(I(1, "nn.init.orthogonal", Z34)),
    QR(I(2, "nn.init.orthogonal", mx.zeros((5, 2)), gain=2.5)),
    QR(I(3, "nn.init.orthogonal", Z44, dtype=mx.float16)),
    applied(E("nn.init.orthogonal"), Z234),
)

# --------------------------------------------------------------------------
# nn.losses

L24 = A((2, 4), seed=11)
L345 = A((3, 4, 5), seed=12)
T2 = mx.array([1, 3])
T34 = mx.array([[0, 4, 2, 1], [3, 3, 0, 4], [1, 2, 4, 0]])
P24 = mx.softmax(A((2, 4), seed=13), axis=-1)
W2 = A((2,), seed=14, kind="pos")

add(
    C("nn.losses.cross_entropy", L24, T2),
    C("nn.losses.cross_entropy", L24, T2, reduction="mean"),
    C("nn.losses.cross_entropy", L24, T2, weights=W2, reduction="sum"),
    C("nn.losses.cross_entropy", L24, P24),
    C("nn.losses.cross_entropy", L24, T2, label_smoothing=0.25),
    C("nn.losses.cross_entropy", L24, P24, label_smoothing=0.125, reduction="mean"),
    C("nn.losses.cross_entropy", L345, T34),
    C("nn.losses.cross_entropy", L345, mx.array([[0, 1, 2, 0, 1], [2, 2, 1, 0, 0], [1, 1, 1, 2, 0]]), axis=1),
    C("nn.losses.cross_entropy", L345, mx.array([[0, 1, 2, 0, 1], [2, 2, 1, 0, 0], [1, 1, 1, 2, 0]]), axis=-2, label_smoothing=0.5),
    E("nn.losses.cross_entropy", L24, mx.array([1, 2, 3])),
    E("nn.losses.cross_entropy", L24, T2, label_smoothing=1.5),
    E("nn.losses.cross_entropy", L24, T2, weights=A((3,))),
    E("nn.losses.cross_entropy", L24, T2, reduction="max"),

    C("nn.losses.binary_cross_entropy", A((6,), seed=1), mx.array([0, 1, 1, 0, 1, 0], dtype=mx.float32)),
    C("nn.losses.binary_cross_entropy", A((2, 3), seed=2), A((2, 3), seed=3, kind="small") * 0.5, reduction="none"),
    C("nn.losses.binary_cross_entropy", mx.sigmoid(A((2, 3), seed=4)), mx.array([[0, 1, 1], [0, 0, 1]], dtype=mx.float32), with_logits=False),
    C("nn.losses.binary_cross_entropy", mx.array([0.0, 1.0, 0.5, 1.0]), mx.array([1.0, 0.0, 0.5, 1.0]), with_logits=False, reduction="sum"),
    C("nn.losses.binary_cross_entropy", A((4,), seed=5), mx.array([0, 1, 1, 0], dtype=mx.float32), weights=A((4,), seed=6, kind="pos"), reduction="sum"),
    E("nn.losses.binary_cross_entropy", A((4,)), A((3,))),
    E("nn.losses.binary_cross_entropy", A((4,)), A((4,)), weights=A((2,))),

    C("nn.losses.l1_loss", A((2, 3)), A((2, 3), seed=1)),
    C("nn.losses.l1_loss", A((2, 3)), A((2, 3), seed=1), reduction="sum"),
    C("nn.losses.l1_loss", A((4,)), A((4,), seed=1), "none"),
    E("nn.losses.l1_loss", A((2, 3)), A((3,), seed=1)),
    E("nn.losses.l1_loss", A((3,)), A((3,), seed=1), reduction="avg"),

    C("nn.losses.mse_loss", A((2, 3)), A((2, 3), seed=1)),
    C("nn.losses.mse_loss", A((2, 3)), A((2, 3), seed=1), reduction="sum"),
    C("nn.losses.mse_loss", A((4,), "float16"), A((4,), "float16", seed=1), reduction="none"),
    E("nn.losses.mse_loss", A((2, 3)), A((2,), seed=1)),

    C("nn.losses.nll_loss", mx.log_softmax if False else A((2, 4), seed=7), T2),
    C("nn.losses.nll_loss", A((2, 4), seed=7), T2, reduction="mean"),
    C("nn.losses.nll_loss", L345, mx.array([[0, 1, 2, 0, 1], [2, 2, 1, 0, 0], [1, 1, 1, 2, 0]]), axis=1, reduction="sum"),
    E("nn.losses.nll_loss", A((2, 4), seed=7), T2, reduction="x"),
    E("nn.losses.nll_loss", A((2, 4), seed=7), mx.array([[1, 2, 3]])),

    C("nn.losses.gaussian_nll_loss", A((2, 3)), A((2, 3), seed=1), A((2, 3), seed=2, kind="pos")),
    C("nn.losses.gaussian_nll_loss", A((2, 3)), A((2, 3), seed=1), A((2, 3), seed=2, kind="pos"), full=True, reduction="sum"),
    C("nn.losses.gaussian_nll_loss", A((4,)), A((4,), seed=1), mx.array([0.0, 1e-9, 0.5, 2.5]), eps=1e-3, reduction="none"),
    E("nn.losses.gaussian_nll_loss", A((2, 3)), A((2, 3), seed=1), A((3,), seed=2, kind="pos")),
    E("nn.losses.gaussian_nll_loss", A((2, 3)), A((3,), seed=1), A((2, 3), seed=2, kind="pos")),

    C("nn.losses.kl_div_loss", mx.log(P24), mx.log(mx.softmax(A((2, 4), seed=15), axis=-1))),
    C("nn.losses.kl_div_loss", mx.log(P24), mx.log(mx.softmax(A((2, 4), seed=15), axis=-1)), reduction="mean"),
    C("nn.losses.kl_div_loss", A((3, 4, 5), seed=1), A((3, 4, 5), seed=2), axis=1, reduction="sum"),
    E("nn.losses.kl_div_loss", A((2, 4)), A((2, 4), seed=1), reduction="avg"),

    C("nn.losses.smooth_l1_loss", A((2, 3)), A((2, 3), seed=1)),
    C("nn.losses.smooth_l1_loss", A((2, 3)), A((2, 3), seed=1), beta=2.5, reduction="sum"),
    C("nn.losses.smooth_l1_loss", A((5,)), A((5,), seed=1), 0.5, "none"),
    E("nn.losses.smooth_l1_loss", A((2, 3)), A((3, 2), seed=1)),

    C("nn.losses.triplet_loss", A((3, 4)), A((3, 4), seed=1), A((3, 4), seed=2)),
    C("nn.losses.triplet_loss", A((3, 4)), A((3, 4), seed=1), A((3, 4), seed=2), p=1, margin=2.5, reduction="mean"),
    C("nn.losses.triplet_loss", A((3, 4)), A((3, 4), seed=1), A((3, 4), seed=2), axis=0, p=3, eps=1e-3, reduction="sum"),
    C("nn.losses.triplet_loss", A((4,)), A((4,), seed=1), A((4,), seed=2), margin=0.5),
    E("nn.losses.triplet_loss", A((3, 4)), A((3, 4), seed=1), A((3, 4), seed=2), reduction="all"),

    C("nn.losses.hinge_loss", A((2, 3)), mx.array([[1, -1, 1], [-1, -1, 1]], dtype=mx.float32)),
    C("nn.losses.hinge_loss", A((2, 3)), mx.array([[1, -1, 1], [-1, -1, 1]], dtype=mx.float32), reduction="mean"),
    C("nn.losses.hinge_loss", A((4,)), mx.array([1, -1, 1, -1], dtype=mx.float32), "sum"),
    E("nn.losses.hinge_loss", A((4,)), A((3,))),

    C("nn.losses.huber_loss", A((2, 3)), A((2, 3), seed=1)),
    C("nn.losses.huber_loss", A((2, 3)), A((2, 3), seed=1), delta=2.5, reduction="mean"),
    C("nn.losses.huber_loss", A((4,)), A((4,), seed=1), 0.5, "sum"),
    E("nn.losses.huber_loss", A((2, 3)), A((2, 3), seed=1), reduction=""),

    C("nn.losses.log_cosh_loss", A((2, 3)), A((2, 3), seed=1)),
    C("nn.losses.log_cosh_loss", A((2, 3)), A((2, 3), seed=1), reduction="mean"),
    C("nn.losses.log_cosh_loss", A((4,)), A((4,), seed=1), "sum"),
    E("nn.losses.log_cosh_loss", A((4,)), A((3,))),

    C("nn.losses.cosine_similarity_loss", A((3, 4)), A((3, 4), seed=1)),
    C("nn.losses.cosine_similarity_loss", A((3, 4)), A((3, 4), seed=1), axis=0, reduction="mean"),
    C("nn.losses.cosine_similarity_loss", A((2, 3, 4)), A((2, 3, 4), seed=1), axis=-1, eps=1e-3, reduction="sum"),
    C("nn.losses.cosine_similarity_loss", mx.zeros((2, 3)), A((2, 3), seed=1)),
    E("nn.losses.cosine_similarity_loss", A((3, 4)), A((3, 4), seed=1), axis=3),

    C("nn.losses.margin_ranking_loss", A((4,)), A((4,), seed=1), mx.array([1, -1, 1, -1], dtype=mx.float32)),
    C("nn.losses.margin_ranking_loss", A((4,)), A((4,), seed=1), mx.array([1, -1, 1, -1], dtype=mx.float32), margin=0.5, reduction="mean"),
    C("nn.losses.margin_ranking_loss", A((2, 3)), A((2, 3), seed=1), mx.array([[1, 1, -1], [-1, 1, 1]], dtype=mx.float32), 1.5, "sum"),
    E("nn.losses.margin_ranking_loss", A((4,)), A((3,), seed=1), mx.array([1, -1, 1, -1], dtype=mx.float32)),
)

# --------------------------------------------------------------------------
# activation functions

X23 = A((2, 3), seed=21)
X4 = A((4, 5), seed=22)
XS = A((6,), seed=23, kind="special")
XH = A((3, 4), "float16", seed=24)

UNARY = ["sigmoid", "relu", "relu2", "relu6", "softplus", "softsign", "silu", "log_sigmoid", "gelu", "gelu_approx",
         "gelu_fast_approx", "selu", "mish", "hardswish", "tanh"]
for name in UNARY:
    add(
        C(f"nn.{name}", X23),
        C(f"nn.{name}", X4 * 3),
        C(f"nn.{name}", XH),
        E(f"nn.{name}"),
        E(f"nn.{name}", "abc"),
    )

PARAM = {
    "leaky_relu": ("negative_slope", 0.2),
    "elu": ("alpha", 0.5),
    "celu": ("alpha", 2.5),
    "softshrink": ("lambd", 1.5),
    "hard_shrink": ("lambd", 1.5),
    "step": ("threshold", 0.5),
}
for name, (param, value) in PARAM.items():
    add(
        C(f"nn.{name}", X23),
        C(f"nn.{name}", X4 * 3, value),
        C(f"nn.{name}", XH, **{param: value}),
        E(f"nn.{name}"),
        E(f"nn.{name}", "abc"),
    )

for name in ["log_softmax", "softmax", "softmin"]:
    add(
        C(f"nn.{name}", X23),
        C(f"nn.{name}", X4 * 3, 0),
        C(f"nn.{name}", A((2, 3, 4), seed=25), axis=1),
        C(f"nn.{name}", XH),
        E(f"nn.{name}", X23, axis=2),
    )

add(
    C("nn.glu", X4.reshape(5, 4)),
    C("nn.glu", X4, 0 if False else -1) if False else C("nn.glu", A((2, 6), seed=26)),
    C("nn.glu", A((4, 3), seed=27), axis=0),
    C("nn.glu", A((2, 2, 2), seed=28), 1),
    E("nn.glu", X23),

    C("nn.prelu", X23, mx.array([0.25])),
    C("nn.prelu", X4, A((5,), seed=1)),
    C("nn.prelu", XH, mx.array(0.5, dtype=mx.float16)),
    # Not an error case: nn.prelu(f32(2,3), f32(4)) "succeeds" in Python (its shapeless mx.compile skips the
    # broadcast check and returns a (2,4) array of garbage); Node raises the broadcast error.
    E("nn.prelu", X23),

    C("nn.hard_tanh", X23 * 2),
    C("nn.hard_tanh", X4, -0.5, 0.5),
    C("nn.hard_tanh", XH, min_val=-2.5, max_val=0.5),
    E("nn.hard_tanh"),
)

# integer inputs: Python's float literals (relu6's 6.0, hard_tanh's and margin_ranking_loss's defaults) make them float32
XI = mx.array([[-3, 0, 2], [8, -1, 7]])
add(
    C("nn.relu6", XI),
    C("nn.hard_tanh", XI),
    C("nn.hard_tanh", XI, min_val=-2),
    C("nn.hard_tanh", XI, -2, 3),
    C("nn.relu", XI),
    C("nn.hard_shrink", XI),
    C("nn.step", XI, 1),
    C("nn.losses.margin_ranking_loss", XI, XI * 2, mx.array([[1, -1, 1], [1, 1, -1]])),
    C("nn.losses.margin_ranking_loss", XI, XI * 2, mx.array([[1, -1, 1], [1, 1, -1]]), margin=2),
    C("nn.losses.binary_cross_entropy", XI, mx.array([[1, 0, 1], [0, 0, 1]])),
    C("nn.losses.hinge_loss", XI, mx.array([[1, -1, 1], [1, 1, -1]])),
    C("nn.losses.huber_loss", XI, XI * 2),
)

# gradients through the losses and activations (mx.grad / mx.value_and_grad of nn_catalogue functions)
add(
    applied(C("mx.grad", F("t_ce_loss")), L24, T2),
    applied(C("mx.grad", F("t_bce_loss")), A((2, 3), seed=31), A((2, 3), seed=32, kind="small") * 0.5),
    applied(C("mx.value_and_grad", F("t_mlp_loss"), argnums=[0, 1]), A((3, 2), seed=33), A((4, 3), seed=34), A((4, 2), seed=35)),
    applied(C("mx.grad", F("t_logsm_sum")), A((2, 5), seed=36)),
)

# nn.value_and_grad(model, fn): the gradients with respect to the model's trainable parameters
# (nn_catalogue's m_* models have fixed weights; m_frozen has its bias frozen)
add(
    applied(C("nn.value_and_grad", F("m_tiny"), F("m_tiny_loss")), A((4, 3), seed=41), A((4, 2), seed=42)),
    applied(C("nn.value_and_grad", F("m_tiny"), F("m_tiny_loss")), A((1, 3), seed=43), A((1, 2), seed=44)),
    applied(C("nn.value_and_grad", F("m_tiny"), F("m_tiny_pair")), A((3, 3), seed=45), A((3, 2), seed=46)),
    applied(C("nn.value_and_grad", F("m_frozen"), F("m_frozen_loss")), A((2, 3), seed=47)),
    applied(E("nn.value_and_grad", F("m_tiny_loss"), F("m_tiny_loss")), A((1, 3), seed=48), A((1, 2), seed=49)),
)
