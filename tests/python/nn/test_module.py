"""nn.Module against Python mlx: the same model structure written in both languages
(module_scenario.js here, the classes below in Python) must give the same parameter trees,
trainable sets after freeze/unfreeze, children, leaf and named modules, repr, forward values,
nn.value_and_grad gradients, update/update_modules/apply results and error messages,
load_weights checks, save_weights files (byte-identical safetensors) and set_dtype."""
import json
import os
import subprocess
import tempfile

import mlx.core as mx
import mlx.nn as nn
import numpy as np
from mlx.utils import tree_flatten, tree_unflatten

HERE = os.path.dirname(os.path.abspath(__file__))


class Lin(nn.Module):
    def __init__(self, i, o, seed):
        super().__init__()
        self.weight = mx.random.normal((o, i), key=mx.random.key(seed))
        self.bias = mx.zeros((o,))
        self.name = "lin"

    def __call__(self, x):
        return x @ self.weight.T + self.bias


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = [Lin(3, 4, 1), Lin(4, 2, 2)]
        self.extra = {"a": Lin(2, 2, 3), "b": [mx.ones((2,))]}
        self._hidden = mx.ones((1,))
        self.scale = mx.array(2.0)

    def __call__(self, x):
        for l in self.layers:
            x = l(x)
        return (self.extra["a"](x) + self.extra["b"][0]) * self.scale


def show(tree):
    out = []
    for k, v in tree_flatten(tree):
        if isinstance(v, mx.array):
            out.append([k, [str(v.dtype).split(".")[-1], list(v.shape), v.tolist()]])
        else:
            out.append([k, str(v)])
    return out


def err(f):
    try:
        f()
        return "ok"
    except Exception as e:  # noqa: BLE001 - the message is what is compared
        name = type(e).__name__
        return f"{'RangeError' if name == 'KeyError' else name}: {e.args[0] if e.args else e}"


def python_side(tmp):
    out = {}
    m = Net()
    out["parameters"] = show(m.parameters())
    out["trainable0"] = [k for k, _ in show(m.trainable_parameters())]
    m.freeze(keys="bias")
    out["trainableBiasFrozen"] = [k for k, _ in show(m.trainable_parameters())]
    m.freeze()
    out["trainableAllFrozen"] = [k for k, _ in show(m.trainable_parameters())]
    m.unfreeze(keys=["weight"])
    out["trainableWeightUnfrozen"] = [k for k, _ in show(m.trainable_parameters())]
    m.unfreeze(recurse=False)
    out["trainableTopUnfrozen"] = [k for k, _ in show(m.trainable_parameters())]
    m.unfreeze()
    out["children"] = [k for k, _ in tree_flatten(m.children())]
    out["leafModules"] = list(m.leaf_modules().keys())
    out["namedModules"] = [[k, type(v).__name__] for k, v in m.named_modules()]
    out["modules"] = len(m.modules())
    out["repr"] = repr(m)
    x = mx.arange(6, dtype=mx.float32).reshape(2, 3)
    out["forward"] = m(x).tolist()
    loss_fn = lambda xx, y: mx.mean(mx.square(m(xx) - y))  # noqa: E731
    v, g = nn.value_and_grad(m, loss_fn)(x, mx.ones((2, 2)))
    out["loss"] = v.item()
    out["grads"] = show(g)
    m.freeze(keys="weight")
    out["gradsFrozenWeights"] = [k for k, _ in show(nn.value_and_grad(m, loss_fn)(x, mx.ones((2, 2)))[1])]
    m.unfreeze()
    m.update({"layers": [{"bias": mx.full((4,), 3.0)}], "scale": mx.array(0.5)})
    out["updated"] = [p for p in show(m.parameters()) if p[0] in ("layers.0.bias", "scale")]
    out["updateErrors"] = [
        err(lambda: m.update({"nope": mx.ones((1,))})),
        err(lambda: m.update({"scale": 3})),
        err(lambda: m.update(5)),
    ]
    m.update({"nope": mx.ones((1,)), "scale": 3}, strict=False)
    out["afterLooseUpdate"] = [p for p in show(m.parameters()) if p[0] == "scale"]
    m.scale = mx.array(2.0)
    m.apply(lambda a: a * 2)
    out["applied"] = [p for p in show(m.parameters()) if p[0] in ("extra.b.0", "_hidden")]
    m.update_modules({"extra": {"a": Lin(2, 2, 9)}})
    out["updatedModules"] = show(m.extra["a"].parameters())
    out["updateModulesError"] = err(lambda: m.update_modules({"missing": Lin(1, 1, 1)}))
    w = tree_flatten(m.parameters())
    out["loadStrictMissing"] = err(lambda: m.load_weights(w[1:]))
    out["loadStrictExtra"] = err(lambda: m.load_weights(w + [("zz", mx.ones((1,)))]))
    out["loadStrictShape"] = err(lambda: m.load_weights([(k, mx.ones((3,)) if k == "scale" else a) for k, a in w]))
    m.load_weights([("layers.1.bias", mx.full((2,), 7.0))], strict=False)
    out["loadedLoose"] = [p for p in show(m.layers[1].parameters()) if p[0] == "bias"]
    m.save_weights(os.path.join(tmp, "py.safetensors"))
    m.save_weights(os.path.join(tmp, "py.npz"))
    out["saveError"] = err(lambda: m.save_weights(os.path.join(tmp, "x.bin")))
    m2 = Net()
    m2.load_weights(os.path.join(tmp, "py.safetensors"))
    out["reloaded"] = show(m2.parameters())
    m2.set_dtype(mx.float16)
    out["dtypes"] = [[k, str(a.dtype).split(".")[-1]] for k, a in tree_flatten(m2.parameters())]
    m2.train(False)
    out["training"] = [m2.training, m2.layers[0].training]
    m2.train()
    out["training2"] = [m2.training, m2.extra["a"].training]
    return out


def close(a, b, path=""):
    if isinstance(a, float) and isinstance(b, float):
        assert np.isclose(a, b, rtol=1e-5, atol=1e-6), f"{path}: {a} != {b}"
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), f"{path}: lengths {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            close(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def test_module_matches_python():
    with tempfile.TemporaryDirectory() as tmp:
        node = subprocess.run(["node", os.path.join(HERE, "module_scenario.js"), tmp],
                              capture_output=True, text=True, timeout=120)
        assert node.returncode == 0, node.stderr
        js = json.loads(node.stdout.strip().splitlines()[-1])
        py = python_side(tmp)
        assert sorted(js) == sorted(py)
        for key in py:
            close(js[key], py[key], key)
        with open(os.path.join(tmp, "js.safetensors"), "rb") as f1, open(os.path.join(tmp, "py.safetensors"), "rb") as f2:
            assert f1.read() == f2.read()
        a, b = np.load(os.path.join(tmp, "js.npz")), np.load(os.path.join(tmp, "py.npz"))
        assert sorted(a.files) == sorted(b.files)
        for k in a.files:
            assert np.array_equal(a[k], b[k])
