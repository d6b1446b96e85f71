"""The nn layers against Python mlx: basic layers, activation classes, normalization and positional
encodings. For every case the layer is built in Python and in JS under the same seed (the initial
parameters must be equal), Python's parameters are saved with save_safetensors and loaded in JS with
loadWeights, and the forward output, the parameters after the call (BatchNorm's running statistics),
the trainable parameters (also after freeze() and
unfreeze()), the children, the loss sum(y**2), its gradients with respect to the parameters (nn.value_and_grad) and the input
(mx.grad) are compared at float32 rtol 1e-5, atol 1e-6; the repr must be equal. Bad constructor
arguments must raise the same error message."""
import json
import os
import subprocess
import tempfile

import mlx.core as mx
import mlx.nn as nn
import numpy as np
import pytest
from mlx.utils import tree_flatten

HERE = os.path.dirname(os.path.abspath(__file__))
RTOL, ATOL = 1e-5, 1e-6


def C(name, py, js, shapes=((2, 3, 4),), pycall="m(x0)", jscall=None, xgrad=True, eval=False,
      ints=None, nograd=False):
    return dict(name=name, py=py, js=js, shapes=[list(s) for s in shapes], pycall=pycall, jscall=jscall,
                xgrad=xgrad, eval=eval, ints=ints, nograd=nograd)


CASES = [
    # basic
    C("identity", "nn.Identity(3, foo=1)", "new nn.Identity(3, { foo: 1 })"),
    C("linear", "nn.Linear(4, 8)", "new nn.Linear(4, 8)"),
    C("linear_nobias", "nn.Linear(4, 8, bias=False)", "new nn.Linear(4, 8, { bias: false })"),
    C("linear_pos_bias", "nn.Linear(4, 3, False)", "new nn.Linear(4, 3, false)", shapes=((5, 4),)),
    C("bilinear", "nn.Bilinear(4, 3, 5)", "new nn.Bilinear(4, 3, 5)", shapes=((2, 6, 4), (2, 6, 3)),
      pycall="m(x0, x1)", jscall="m.forward(x0, x1)"),
    C("bilinear_nobias", "nn.Bilinear(2, 3, 4, bias=False)", "new nn.Bilinear(2, 3, 4, { bias: false })",
      shapes=((5, 2), (5, 3)), pycall="m(x0, x1)", jscall="m.forward(x0, x1)"),
    C("embedding", "nn.Embedding(10, 4)", "new nn.Embedding(10, 4)", shapes=((2, 5),), ints=10, xgrad=False),
    C("embedding_as_linear", "nn.Embedding(10, 4)", "new nn.Embedding(10, 4)", shapes=((3, 4),),
      pycall="m.as_linear(x0)", jscall="m.asLinear(x0)"),
    C("sequential", "nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2), lambda x: x * 2)",
      "new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2), (x) => mx.multiply(x, 2))"),
    C("sequential_empty", "nn.Sequential()", "new nn.Sequential()"),
    C("dropout_train", "nn.Dropout(0.3)", "new nn.Dropout(0.3)", shapes=((4, 16),)),
    C("dropout_eval", "nn.Dropout(0.3)", "new nn.Dropout(0.3)", shapes=((4, 16),), eval=True),
    C("dropout_zero", "nn.Dropout(0.0)", "new nn.Dropout({ p: 0.0 })", shapes=((4, 16),)),
    C("dropout2d_train", "nn.Dropout2d(0.5)", "new nn.Dropout2d(0.5)", shapes=((2, 3, 3, 8),)),
    C("dropout2d_3d", "nn.Dropout2d()", "new nn.Dropout2d()", shapes=((3, 3, 8),)),
    C("dropout2d_eval", "nn.Dropout2d(0.5)", "new nn.Dropout2d(0.5)", shapes=((2, 3, 3, 8),), eval=True),
    C("dropout3d_train", "nn.Dropout3d(0.25)", "new nn.Dropout3d(0.25)", shapes=((2, 2, 3, 3, 8),)),
    C("dropout3d_4d", "nn.Dropout3d(0.25)", "new nn.Dropout3d(0.25)", shapes=((2, 3, 3, 8),)),
    # normalization
    C("layernorm", "nn.LayerNorm(4)", "new nn.LayerNorm(4)"),
    C("layernorm_nobias", "nn.LayerNorm(4, bias=False)", "new nn.LayerNorm(4, { bias: false })"),
    C("layernorm_noaffine", "nn.LayerNorm(4, eps=1e-3, affine=False)", "new nn.LayerNorm(4, { eps: 1e-3, affine: false })"),
    C("rmsnorm", "nn.RMSNorm(4)", "new nn.RMSNorm(4)"),
    C("rmsnorm_eps", "nn.RMSNorm(4, 1e-2)", "new nn.RMSNorm(4, 1e-2)"),
    C("groupnorm", "nn.GroupNorm(2, 4)", "new nn.GroupNorm(2, 4)", shapes=((2, 3, 5, 4),)),
    C("groupnorm_pt", "nn.GroupNorm(2, 8, pytorch_compatible=True)", "new nn.GroupNorm(2, 8, { pytorchCompatible: true })",
      shapes=((2, 3, 8),)),
    C("groupnorm_noaffine", "nn.GroupNorm(1, 4, affine=False)", "new nn.GroupNorm(1, 4, { affine: false })"),
    C("batchnorm_train", "nn.BatchNorm(4)", "new nn.BatchNorm(4)", shapes=((8, 4),)),
    C("batchnorm_train_3d", "nn.BatchNorm(4, momentum=0.3)", "new nn.BatchNorm(4, { momentum: 0.3 })", shapes=((2, 3, 4),)),
    C("batchnorm_train_4d", "nn.BatchNorm(4)", "new nn.BatchNorm(4)", shapes=((2, 3, 3, 4),)),
    C("batchnorm_eval", "nn.BatchNorm(4)", "new nn.BatchNorm(4)", shapes=((8, 4),), eval=True),
    C("batchnorm_noaffine", "nn.BatchNorm(4, affine=False)", "new nn.BatchNorm(4, { affine: false })", shapes=((8, 4),)),
    C("batchnorm_notrack", "nn.BatchNorm(4, track_running_stats=False)", "new nn.BatchNorm(4, { trackRunningStats: false })",
      shapes=((8, 4),), eval=True),
    C("instancenorm", "nn.InstanceNorm(4)", "new nn.InstanceNorm(4)", shapes=((2, 3, 5, 4),)),
    C("instancenorm_affine", "nn.InstanceNorm(4, affine=True)", "new nn.InstanceNorm(4, { affine: true })",
      shapes=((2, 6, 4),)),
    # positional
    C("rope", "nn.RoPE(4)", "new nn.RoPE(4)", shapes=((1, 2, 5, 8),)),
    C("rope_traditional", "nn.RoPE(8, traditional=True, base=500, scale=0.5)",
      "new nn.RoPE(8, { traditional: true, base: 500, scale: 0.5 })", shapes=((2, 5, 8),)),
    C("rope_offset", "nn.RoPE(6)", "new nn.RoPE(6)", shapes=((2, 5, 8),), pycall="m(x0, offset=3)",
      jscall="m.forward(x0, { offset: 3 })"),
    C("sinusoidal", "nn.SinusoidalPositionalEncoding(8)", "new nn.SinusoidalPositionalEncoding(8)", shapes=((2, 5),)),
    C("sinusoidal_opts", "nn.SinusoidalPositionalEncoding(6, min_freq=0.01, max_freq=2.0, scale=1.0, cos_first=True, full_turns=True)",
      "new nn.SinusoidalPositionalEncoding(6, { minFreq: 0.01, maxFreq: 2.0, scale: 1.0, cosFirst: true, fullTurns: true })",
      shapes=((3,),)),
    C("sinusoidal_2", "nn.SinusoidalPositionalEncoding(2)", "new nn.SinusoidalPositionalEncoding(2)", shapes=((4,),)),
    C("alibi", "nn.ALiBi()", "new nn.ALiBi()", shapes=((2, 4, 5, 5),)),
    C("alibi_6heads_offset_mask", "nn.ALiBi()", "new nn.ALiBi()", shapes=((1, 6, 3, 7), (3, 7)),
      pycall="m(x0, offset=4, mask=x1)", jscall="m.forward(x0, { offset: 4, mask: x1 })"),
    C("alibi_matrix", "nn.ALiBi()", "new nn.ALiBi()", pycall="x0 + nn.ALiBi.create_alibi_matrix(3, 5, 4, 1)",
      jscall="mx.add(x0, nn.ALiBi.createAlibiMatrix(3, 5, 4, 1))", shapes=((1, 4, 2, 5),)),
    # upsample
    C("upsample_nearest_int", "nn.Upsample(2)", "new nn.Upsample(2)", shapes=((2, 3, 4, 3),)),
    C("upsample_nearest_frac", "nn.Upsample((1.5, 0.5))", "new nn.Upsample([1.5, 0.5])", shapes=((2, 4, 6, 3),)),
    C("upsample_nearest_1d", "nn.Upsample(2.5, mode='nearest')", "new nn.Upsample(2.5, { mode: 'nearest' })", shapes=((2, 4, 3),)),
    C("upsample_linear", "nn.Upsample(2, mode='linear')", "new nn.Upsample(2, 'linear')", shapes=((2, 3, 4, 3),)),
    C("upsample_linear_ac", "nn.Upsample((2, 3), mode='linear', align_corners=True)",
      "new nn.Upsample([2, 3], { mode: 'linear', alignCorners: true })", shapes=((1, 3, 4, 2),)),
    C("upsample_linear_aa_down", "nn.Upsample(0.5, mode='linear', antialias=True)",
      "new nn.Upsample(0.5, { mode: 'linear', antialias: true })", shapes=((1, 8, 6, 2),)),
    C("upsample_linear_3d", "nn.Upsample(1.5, mode='linear')", "new nn.Upsample(1.5, { mode: 'linear' })", shapes=((1, 2, 3, 4, 2),)),
    C("upsample_cubic", "nn.Upsample(2, mode='cubic')", "new nn.Upsample(2, { mode: 'cubic' })", shapes=((2, 3, 4, 3),)),
    C("upsample_cubic_ac", "nn.Upsample(1.5, mode='cubic', align_corners=True)",
      "new nn.Upsample(1.5, { mode: 'cubic', alignCorners: true })", shapes=((1, 5, 3),)),
    C("upsample_cubic_aa", "nn.Upsample((0.5, 2), mode='cubic', antialias=True)",
      "new nn.Upsample([0.5, 2], { mode: 'cubic', antialias: true })", shapes=((1, 8, 3, 2),)),
]

ACTS = [("GLU", "", ""), ("GLU", "axis=0", "{ axis: 0 }"), ("Sigmoid", "", ""), ("Mish", "", ""), ("ReLU", "", ""),
        ("ReLU2", "", ""), ("ReLU6", "", ""), ("LeakyReLU", "", ""), ("LeakyReLU", "0.2", "0.2"),
        ("LeakyReLU", "negative_slope=0.3", "{ negativeSlope: 0.3 }"), ("ELU", "", ""), ("ELU", "alpha=0.5", "{ alpha: 0.5 }"),
        ("Softmax", "", ""), ("Softplus", "", ""), ("Softsign", "", ""), ("Softshrink", "", ""), ("Softshrink", "0.1", "0.1"),
        ("CELU", "", ""), ("CELU", "alpha=1.5", "{ alpha: 1.5 }"), ("SiLU", "", ""), ("LogSoftmax", "", ""),
        ("LogSigmoid", "", ""), ("PReLU", "", ""), ("PReLU", "4, 0.1", "4, 0.1"), ("PReLU", "init=0.5", "{ init: 0.5 }"),
        ("GELU", "", ""), ("GELU", "approx='precise'", "'precise'"), ("GELU", "approx='tanh'", "{ approx: 'tanh' }"),
        ("GELU", "'fast'", "'fast'"), ("Tanh", "", ""), ("Hardswish", "", ""), ("Step", "", ""), ("Step", "0.5", "0.5"),
        ("SELU", "", ""), ("HardTanh", "", ""), ("HardShrink", "", ""), ("HardShrink", "lambd=0.2", "{ lambd: 0.2 }"),
        ("Softmin", "", "")]
for i, (cls, pa, ja) in enumerate(ACTS):
    CASES.append(C(f"act{i}_{cls}", f"nn.{cls}({pa})", f"new nn.{cls}({ja})"))

ERRORS = [
    ("nn.Dropout(1.0)", "new nn.Dropout(1.0)"), ("nn.Dropout(-0.1)", "new nn.Dropout2d(-0.1)".replace("2d", "")),
    ("nn.Dropout2d(1.5)", "new nn.Dropout2d(1.5)"), ("nn.Dropout3d(p=1.0)", "new nn.Dropout3d({ p: 1 })"),
    ("nn.GELU('exact')", "new nn.GELU('exact')"), ("nn.LayerNorm(4, eps=0.0)", "new nn.LayerNorm(4, { eps: 0.0 })"),
    ("nn.RMSNorm(4, eps=-1e-5)", "new nn.RMSNorm(4, { eps: -1e-5 })"), ("nn.InstanceNorm(4, 0.0)", "new nn.InstanceNorm(4, 0.0)"),
    ("nn.BatchNorm(4, eps=0.0)", "new nn.BatchNorm(4, { eps: 0.0 })"), ("nn.GroupNorm(3, 4)", "new nn.GroupNorm(3, 4)"),
    ("nn.GroupNorm(0, 4)", "new nn.GroupNorm(0, 4)"), ("nn.GroupNorm(2, -4)", "new nn.GroupNorm(2, -4)"),
    ("nn.GroupNorm(2, 4, eps=0.0)", "new nn.GroupNorm(2, 4, { eps: 0.0 })"),
    ("nn.SinusoidalPositionalEncoding(5)", "new nn.SinusoidalPositionalEncoding(5)"),
    ("nn.SinusoidalPositionalEncoding(0)", "new nn.SinusoidalPositionalEncoding(0)"),
    ("nn.Upsample(2, mode='bilinear')", "new nn.Upsample(2, { mode: 'bilinear' })"),
    ("nn.Upsample(2, antialias=True)", "new nn.Upsample(2, { antialias: true })"),
    ("nn.Upsample(2, mode='linear', align_corners=True, antialias=True)",
     "new nn.Upsample(2, { mode: 'linear', alignCorners: true, antialias: true })"),
    ("nn.Upsample((2.0, 2.0))(mx.zeros((1, 2, 2, 2, 1)))", "new nn.Upsample([2, 2]).forward(mx.zeros([1, 2, 2, 2, 1]))"),
    ("nn.Upsample(2.0)(mx.zeros((2, 2)))", "new nn.Upsample(2).forward(mx.zeros([2, 2]))"),
]
# JS-only argument errors (TypeError naming the function and the parameter); Python's would differ in wording.
JS_ERRORS = [
    ("new nn.Linear(4)", "TypeError: nn.Linear: missing required argument 'outputDims'"),
    ("new nn.Linear(4, 2.5)", "TypeError: nn.Linear: 'outputDims' must be an integer, got 2.5"),
    ("new nn.Linear(4, 2, { bais: false })", "TypeError: nn.Linear: unknown keyword argument 'bais' (did you mean 'bias'?)"),
    ("new nn.Linear(4, 2, 'yes')", "TypeError: nn.Linear: 'bias' must be a boolean, got string"),
    ("new nn.Embedding('a', 2)", "TypeError: nn.Embedding: 'numEmbeddings' must be an integer, got string"),
    ("new nn.Sequential(new nn.ReLU(), 3)", "TypeError: nn.Sequential: argument 1 must be an nn.Module or a function, got number"),
    ("new nn.ReLU(1)", "TypeError: nn.ReLU: takes at most 0 positional arguments (1 given)"),
    ("new nn.BatchNorm(4, { momentum: 'x' })", "TypeError: nn.BatchNorm: 'momentum' must be a number, got string"),
    ("new nn.RoPE()", "TypeError: nn.RoPE: missing required argument 'dims'"),
    ("new nn.Dropout('a')", "TypeError: nn.Dropout: 'p' must be a number, got string"),
]
for i, (py, js) in enumerate(ERRORS):
    CASES.append(dict(name=f"err{i}", py=py, js=js, error=True))
for i, (js, msg) in enumerate(JS_ERRORS):
    CASES.append(dict(name=f"jserr{i}", py=None, js=js, error=True, expected=msg))


def err(f):
    try:
        f()
        return "ok"
    except Exception as e:  # noqa: BLE001 - the message is what is compared
        return f"{type(e).__name__}: {e.args[0] if e.args else e}"


def flat_dict(tree):
    return {k: v for k, v in tree_flatten(tree)}


def python_case(c, tmp, seed):
    mx.random.seed(seed)
    m = eval(c["py"])  # noqa: S307 - the test's own expressions
    res = {"repr": repr(m), "trainable": [k for k, _ in tree_flatten(m.trainable_parameters())],
           "children": [k for k, _ in tree_flatten(m.children(), is_leaf=lambda v: isinstance(v, nn.Module))]}
    m.freeze()
    m.unfreeze()
    res["trainableAfterUnfreeze"] = [k for k, _ in tree_flatten(m.trainable_parameters())]
    out = {f"init.{k}": v for k, v in tree_flatten(m.parameters())}
    # the parameters the JS layer loads: perturbed, so that ones/zeros initialisations are not all that is tested
    params = {k: v + 0.1 * mx.random.normal(v.shape, key=mx.random.key(seed + 7 + i)) if v.dtype == mx.float32 and not k.startswith("running") else v
              for i, (k, v) in enumerate(tree_flatten(m.parameters()))}
    mx.save_safetensors(os.path.join(tmp, f"{c['name']}.params.safetensors"), params)
    inputs = {}
    for i, s in enumerate(c["shapes"]):
        key = mx.random.key(seed * 10 + i)
        inputs[f"x{i}"] = mx.random.randint(0, c["ints"], s, key=key) if c["ints"] else mx.random.normal(s, key=key)
    mx.save_safetensors(os.path.join(tmp, f"{c['name']}.inputs.safetensors"), inputs)
    xs = [inputs[k] for k in sorted(inputs)]
    call = eval(f"lambda m, x0=None, x1=None: {c['pycall']}")  # noqa: S307

    def load():
        m.load_weights(os.path.join(tmp, f"{c['name']}.params.safetensors"))

    load()
    if c["eval"]:
        m.eval()

    def loss(*a):
        return mx.sum(mx.square(call(m, *a)))

    mx.random.seed(seed + 1)
    out["out"] = call(m, *xs)
    out.update({f"after.{k}": v for k, v in tree_flatten(m.parameters())})
    if not c["nograd"] and not tree_flatten(m.trainable_parameters()) and c["xgrad"]:
        # no parameters: Python's nn.value_and_grad refuses an empty tree, so only the input's gradient
        mx.random.seed(seed + 1)
        out["xgrad"] = mx.grad(loss)(*xs)
    if not c["nograd"] and tree_flatten(m.trainable_parameters()):
        load()
        mx.random.seed(seed + 1)
        v, g = nn.value_and_grad(m, loss)(*xs)
        out["loss"] = v
        out.update({f"grad.{k}": a for k, a in tree_flatten(g)})
        out.update({f"aftergrad.{k}": a for k, a in tree_flatten(m.parameters())})
        if c["xgrad"]:
            load()
            mx.random.seed(seed + 1)
            out["xgrad"] = mx.grad(loss)(*xs)
    mx.eval(out)
    return res, out


@pytest.fixture(scope="module")
def run():
    with tempfile.TemporaryDirectory() as tmp:
        py = {}
        for i, c in enumerate(CASES):
            c["seed"] = 100 + i
            if c.get("error"):
                py[c["name"]] = {"error": c.get("expected") or err(lambda: eval(c["py"]))}  # noqa: S307
            else:
                py[c["name"]] = python_case(c, tmp, c["seed"])
        with open(os.path.join(tmp, "cases.json"), "w") as f:
            json.dump(CASES, f)
        node = subprocess.run(["node", os.path.join(HERE, "layers_runner.js"), tmp], capture_output=True, text=True,
                              timeout=300)
        assert node.returncode == 0, node.stderr
        js = json.loads(node.stdout)
        jsarrays = {}
        for c in CASES:
            if not c.get("error") and "crash" not in js[c["name"]]:
                jsarrays[c["name"]] = mx.load(os.path.join(tmp, f"{c['name']}.js.safetensors"))
        yield py, js, jsarrays


@pytest.mark.parametrize("case", [c["name"] for c in CASES])
def test_layer(run, case):
    py, js, jsarrays = run
    c = next(c for c in CASES if c["name"] == case)
    if c.get("error"):
        assert js[case]["error"] == py[case]["error"]
        return
    assert "crash" not in js[case], js[case].get("crash")
    res, out = py[case]
    assert js[case]["repr"] == res["repr"]
    for k in ("trainable", "children", "trainableAfterUnfreeze"):
        assert js[case][k] == res[k], k
    got = jsarrays[case]
    assert sorted(got) == sorted(out)
    for k, v in out.items():
        a = np.array(got[k])
        b = np.array(v)
        assert a.dtype == b.dtype and a.shape == b.shape, k
        if k.startswith("init."):
            np.testing.assert_array_equal(a, b, err_msg=k)  # same seed, same draws
        else:
            np.testing.assert_allclose(a, b, rtol=RTOL, atol=ATOL, err_msg=k)
