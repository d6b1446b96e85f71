"""Convolution, pooling, upsampling, recurrent and transformer layers against Python mlx.

Each case builds the layer in Python and in JS (layers_conv_rnn_runner.js) after the same
mx.random.seed: the initial parameters must be equal (same distributions and draw order), the
parameter names (tree_flatten keys) identical and the reprs equal. JS then loads Python's
parameters (save_safetensors) and its forward outputs, the gradients of a fixed loss with respect
to the parameters (nn.value_and_grad) and to the first input (mx.grad) must match Python's at
float32 rtol 1e-5 (looser where a case says why). Bad constructor arguments must throw in JS
where Python raises."""
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
MHA = nn.MultiHeadAttention


def C(name, py, js, inputs, pycall=None, jscall=None, rtol=1e-5, atol=1e-6, grad=True, repr_=True):
    return dict(name=name, py=py, js=js, inputs=inputs, pycall=pycall or (lambda m, *a: m(*a)),
                jscall=jscall or "(m, ...a) => m.forward(...a)", rtol=rtol, atol=atol, grad=grad, repr=repr_)


CASES = [
    # convolution
    C("conv1d", lambda: nn.Conv1d(3, 4, 3), "new nn.Conv1d(3, 4, 3)", {"x": (2, 9, 3)}),
    C("conv1d_opts", lambda: nn.Conv1d(4, 6, 3, stride=2, padding=1, dilation=2, groups=2, bias=False),
      "new nn.Conv1d(4, 6, 3, { stride: 2, padding: 1, dilation: 2, groups: 2, bias: false })", {"x": (2, 11, 4)}),
    C("conv1d_positional", lambda: nn.Conv1d(2, 3, 2, 1, 1, 1, 1, True), "new nn.Conv1d(2, 3, 2, 1, 1, 1, 1, true)", {"x": (1, 5, 2)}),
    C("conv2d", lambda: nn.Conv2d(3, 8, 3, stride=2, padding=1), "new nn.Conv2d(3, 8, 3, { stride: 2, padding: 1 })", {"x": (2, 7, 7, 3)}),
    C("conv2d_tuples", lambda: nn.Conv2d(4, 4, (2, 3), stride=(1, 2), padding=(1, 0), dilation=(2, 1), groups=4),
      "new nn.Conv2d(4, 4, [2, 3], { stride: [1, 2], padding: [1, 0], dilation: [2, 1], groups: 4 })", {"x": (1, 6, 7, 4)}),
    C("conv3d", lambda: nn.Conv3d(2, 3, 2, stride=1, padding=1, bias=False),
      "new nn.Conv3d(2, 3, 2, { stride: 1, padding: 1, bias: false })", {"x": (1, 4, 4, 3, 2)}),
    C("conv3d_tuple", lambda: nn.Conv3d(2, 2, (1, 2, 3), stride=(1, 1, 2)),
      "new nn.Conv3d(2, 2, [1, 2, 3], { stride: [1, 1, 2] })", {"x": (2, 3, 4, 5, 2)}),
    C("convt1d", lambda: nn.ConvTranspose1d(3, 2, 3), "new nn.ConvTranspose1d(3, 2, 3)", {"x": (2, 5, 3)}),
    C("convt1d_opts", lambda: nn.ConvTranspose1d(2, 3, 3, stride=2, padding=1, dilation=1, output_padding=1, bias=False),
      "new nn.ConvTranspose1d(2, 3, 3, { stride: 2, padding: 1, dilation: 1, outputPadding: 1, bias: false })", {"x": (1, 6, 2)}),
    C("convt2d", lambda: nn.ConvTranspose2d(3, 4, (2, 3), stride=2, padding=(0, 1)),
      "new nn.ConvTranspose2d(3, 4, [2, 3], { stride: 2, padding: [0, 1] })", {"x": (1, 4, 5, 3)}),
    C("convt3d", lambda: nn.ConvTranspose3d(2, 2, 2, stride=2), "new nn.ConvTranspose3d(2, 2, 2, { stride: 2 })", {"x": (1, 2, 3, 2, 2)}),
    # pooling
    C("maxpool1d", lambda: nn.MaxPool1d(2), "new nn.MaxPool1d(2)", {"x": (2, 8, 3)}),
    C("maxpool1d_overlap", lambda: nn.MaxPool1d(3, stride=1, padding=1), "new nn.MaxPool1d(3, { stride: 1, padding: 1 })", {"x": (2, 7, 3)}),
    C("avgpool1d", lambda: nn.AvgPool1d(3, 2, 1), "new nn.AvgPool1d(3, 2, 1)", {"x": (1, 9, 2)}),
    C("maxpool2d", lambda: nn.MaxPool2d((2, 3), stride=(2, 1)), "new nn.MaxPool2d([2, 3], { stride: [2, 1] })", {"x": (2, 6, 7, 3)}),
    C("maxpool2d_pad", lambda: nn.MaxPool2d(3, stride=2, padding=1), "new nn.MaxPool2d(3, { stride: 2, padding: 1 })", {"x": (1, 7, 6, 2)}),
    C("avgpool2d", lambda: nn.AvgPool2d(2), "new nn.AvgPool2d(2)", {"x": (2, 4, 6, 3)}),
    C("avgpool2d_pad", lambda: nn.AvgPool2d((3, 2), stride=1, padding=(1, 0)), "new nn.AvgPool2d([3, 2], { stride: 1, padding: [1, 0] })", {"x": (1, 5, 5, 2)}),
    C("maxpool3d", lambda: nn.MaxPool3d(2), "new nn.MaxPool3d(2)", {"x": (1, 4, 4, 4, 2)}),
    C("avgpool3d", lambda: nn.AvgPool3d((2, 2, 1), stride=1, padding=(1, 0, 0)),
      "new nn.AvgPool3d([2, 2, 1], { stride: 1, padding: [1, 0, 0] })", {"x": (1, 3, 4, 3, 2)}),
    # upsampling
    C("up_nearest2d", lambda: nn.Upsample(2), "new nn.Upsample(2)", {"x": (2, 3, 4, 2)}),
    C("up_nearest1d_frac", lambda: nn.Upsample(1.5), "new nn.Upsample(1.5)", {"x": (1, 5, 2)}),
    C("up_nearest2d_mixed", lambda: nn.Upsample((2, 0.5)), "new nn.Upsample([2, 0.5])", {"x": (1, 3, 6, 1)}),
    C("up_nearest3d", lambda: nn.Upsample((1, 2, 3)), "new nn.Upsample([1, 2, 3])", {"x": (1, 2, 2, 2, 2)}),
    C("up_linear", lambda: nn.Upsample(2, mode="linear"), "new nn.Upsample(2, { mode: 'linear' })", {"x": (2, 3, 4, 2)}),
    C("up_linear_ac", lambda: nn.Upsample((2, 3), "linear", True), "new nn.Upsample([2, 3], 'linear', true)", {"x": (1, 3, 4, 2)}),
    C("up_linear1d", lambda: nn.Upsample(2.5, mode="linear"), "new nn.Upsample(2.5, { mode: 'linear' })", {"x": (1, 4, 3)}),
    C("up_cubic", lambda: nn.Upsample(2, mode="cubic"), "new nn.Upsample(2, { mode: 'cubic' })", {"x": (1, 4, 4, 2)}),
    C("up_cubic_ac", lambda: nn.Upsample((1.5, 2), mode="cubic", align_corners=True),
      "new nn.Upsample([1.5, 2], { mode: 'cubic', alignCorners: true })", {"x": (1, 4, 3, 1)}),
    C("up_linear_aa", lambda: nn.Upsample(0.5, mode="linear", antialias=True),
      "new nn.Upsample(0.5, { mode: 'linear', antialias: true })", {"x": (1, 8, 6, 2)}),
    C("up_cubic_aa", lambda: nn.Upsample((0.5, 2), mode="cubic", antialias=True),
      "new nn.Upsample([0.5, 2], { mode: 'cubic', antialias: true })", {"x": (1, 8, 3, 1)}),
    # recurrent (the loss sums every step: rtol 1e-4 for the longer recurrences, whose
    # gradients add many float32 products in an order that may differ)
    C("rnn", lambda: nn.RNN(3, 4), "new nn.RNN(3, 4)", {"x": (2, 5, 3)}, repr_=False),
    C("rnn_relu_nobias", lambda: nn.RNN(3, 4, bias=False, nonlinearity=nn.relu),
      "new nn.RNN(3, 4, { bias: false, nonlinearity: nn.relu })", {"x": (2, 5, 3)}, repr_=False),
    C("rnn_hidden_unbatched", lambda: nn.RNN(2, 3), "new nn.RNN(2, 3)", {"x": (4, 2), "h": (3,)}, repr_=False),
    C("gru", lambda: nn.GRU(3, 4), "new nn.GRU(3, 4)", {"x": (2, 6, 3)}),
    C("gru_nobias_hidden", lambda: nn.GRU(3, 5, bias=False), "new nn.GRU(3, 5, false)", {"x": (2, 4, 3), "h": (2, 5)}),
    C("gru_hidden", lambda: nn.GRU(2, 3), "new nn.GRU(2, 3)", {"x": (3, 2), "h": (3,)}),
    C("lstm", lambda: nn.LSTM(3, 4), "new nn.LSTM(3, 4)", {"x": (2, 6, 3)}),
    C("lstm_hidden_cell", lambda: nn.LSTM(3, 4), "new nn.LSTM(3, 4)", {"x": (2, 5, 3), "h": (2, 4), "c": (2, 4)}),
    C("lstm_nobias_long", lambda: nn.LSTM(2, 3, bias=False), "new nn.LSTM(2, 3, { bias: false })", {"x": (30, 2)}, rtol=1e-4, atol=1e-5),
    C("lstm_cell_only", lambda: nn.LSTM(2, 3), "new nn.LSTM(2, 3)", {"x": (1, 3, 2), "c": (1, 3)},
      pycall=lambda m, x, c: m(x, cell=c), jscall="(m, x, c) => m.forward(x, { cell: c })"),
    # attention and transformers
    C("mha", lambda: MHA(8, 2), "new nn.MultiHeadAttention(8, 2)", {"q": (2, 3, 8), "k": (2, 4, 8), "v": (2, 4, 8)}),
    C("mha_dims_bias_mask", lambda: MHA(8, 4, 6, 5, 3, 12, 7, True),
      "new nn.MultiHeadAttention(8, 4, 6, 5, 3, 12, 7, true)", {"q": (2, 3, 6), "k": (2, 4, 5), "v": (2, 4, 3), "mask": (3, 4)},
      rtol=2e-5),
    C("mha_kw_causal", lambda: MHA(6, 3, bias=True, value_dims=9), "new nn.MultiHeadAttention(6, 3, { bias: true, valueDims: 9 })",
      {"q": (1, 4, 6)}, pycall=lambda m, q: m(q, q, q, mask="causal"), jscall="(m, q) => m.forward(q, q, q, 'causal')"),
    C("mha_additive_causal", lambda: MHA(4, 2), "new nn.MultiHeadAttention(4, 2)", {"q": (2, 5, 4)},
      pycall=lambda m, q: m(q, q, q, MHA.create_additive_causal_mask(5)),
      jscall="(m, q) => m.forward(q, q, q, nn.MultiHeadAttention.createAdditiveCausalMask(5))"),
    C("enc_layer", lambda: nn.TransformerEncoderLayer(8, 2), "new nn.TransformerEncoderLayer(8, 2)", {"x": (2, 4, 8)},
      pycall=lambda m, x: m(x, None), jscall="(m, x) => m.forward(x, null)", rtol=2e-5, atol=1e-5),
    C("enc_layer_post_gelu", lambda: nn.TransformerEncoderLayer(8, 4, 12, 0.0, nn.gelu, False),
      "new nn.TransformerEncoderLayer(8, 4, 12, 0.0, nn.gelu, false)", {"x": (2, 4, 8)},
      pycall=lambda m, x: m(x, MHA.create_additive_causal_mask(4)),
      jscall="(m, x) => m.forward(x, nn.MultiHeadAttention.createAdditiveCausalMask(4))", rtol=2e-5, atol=1e-5),
    C("encoder", lambda: nn.TransformerEncoder(2, 8, 2, mlp_dims=16), "new nn.TransformerEncoder(2, 8, 2, { mlpDims: 16 })",
      {"x": (1, 5, 8), "mask": (5, 5)}, rtol=2e-5, atol=1e-5),
    C("dec_layer", lambda: nn.TransformerDecoderLayer(8, 2, norm_first=False), "new nn.TransformerDecoderLayer(8, 2, { normFirst: false })",
      {"x": (2, 3, 8), "mem": (2, 4, 8)}, pycall=lambda m, x, mem: m(x, mem, MHA.create_additive_causal_mask(3), None),
      jscall="(m, x, mem) => m.forward(x, mem, nn.MultiHeadAttention.createAdditiveCausalMask(3), null)", rtol=2e-5, atol=1e-5),
    C("decoder", lambda: nn.TransformerDecoder(2, 8, 4), "new nn.TransformerDecoder(2, 8, 4)", {"x": (1, 3, 8), "mem": (1, 5, 8)},
      pycall=lambda m, x, mem: m(x, mem, None, None), jscall="(m, x, mem) => m.forward(x, mem, null, null)", rtol=2e-5, atol=1e-5),
    C("transformer", lambda: nn.Transformer(8, 2, 1, 2, 16), "new nn.Transformer(8, 2, 1, 2, 16)", {"src": (2, 5, 8), "tgt": (2, 3, 8)},
      pycall=lambda m, s, t: m(s, t, None, MHA.create_additive_causal_mask(3), None),
      jscall="(m, s, t) => m.forward(s, t, null, nn.MultiHeadAttention.createAdditiveCausalMask(3), null)", rtol=2e-5, atol=1e-5),
    C("transformer_kw", lambda: nn.Transformer(dims=4, num_heads=1, num_encoder_layers=1, num_decoder_layers=1, norm_first=False),
      "new nn.Transformer({ dims: 4, numHeads: 1, numEncoderLayers: 1, numDecoderLayers: 1, normFirst: false })",
      {"src": (1, 3, 4), "tgt": (1, 2, 4)}, pycall=lambda m, s, t: m(s, t, None, None, None),
      jscall="(m, s, t) => m.forward(s, t, null, null, null)", rtol=2e-5, atol=1e-5),
    C("encoder_checkpoint", lambda: nn.TransformerEncoder(2, 8, 2, checkpoint=True), "new nn.TransformerEncoder(2, 8, 2, { checkpoint: true })",
      {"x": (2, 3, 8), "mask": (3, 3)}, rtol=2e-5, atol=1e-5),
    C("transformer_checkpoint", lambda: nn.Transformer(8, 2, 2, 1, 16, checkpoint=True),
      "new nn.Transformer(8, 2, 2, 1, 16, { checkpoint: true })", {"src": (1, 4, 8), "tgt": (1, 3, 8)},
      pycall=lambda m, s, t: m(s, t, None, "causal", None), jscall="(m, s, t) => m.forward(s, t, null, 'causal', null)", rtol=2e-5, atol=1e-5),
    # quantized layers (frozen: only the input gradient, where the input is not integer)
    C("qlinear", lambda: nn.QuantizedLinear(64, 8), "new nn.QuantizedLinear(64, 8)", {"x": (2, 64)}),
    C("qlinear_opts", lambda: nn.QuantizedLinear(64, 4, False, 32, 8), "new nn.QuantizedLinear(64, 4, false, 32, 8)", {"x": (3, 2, 64)}),
    C("qlinear_mxfp4", lambda: nn.QuantizedLinear(64, 4, mode="mxfp4"), "new nn.QuantizedLinear(64, 4, { mode: 'mxfp4' })", {"x": (2, 64)}),
    C("qembedding", lambda: nn.QuantizedEmbedding(10, 64), "new nn.QuantizedEmbedding(10, 64)", {"x": ("int", (2, 3), 10)}, grad=False),
    C("qembedding_mxfp8", lambda: nn.QuantizedEmbedding(10, 32, mode="mxfp8"), "new nn.QuantizedEmbedding(10, 32, { mode: 'mxfp8' })",
      {"x": ("int", (4,), 10)}, grad=False),
    C("qembedding_as_linear", lambda: nn.QuantizedEmbedding(6, 64, 32, 4), "new nn.QuantizedEmbedding(6, 64, 32, 4)", {"x": (2, 64)},
      pycall=lambda m, x: m.as_linear(x), jscall="(m, x) => m.asLinear(x)"),
    C("quantize_mha", lambda: quantized(MHA(64, 2, bias=True), group_size=32, bits=8, class_predicate=lambda p, m: p != "out_proj"),
      "quantized(new nn.MultiHeadAttention(64, 2, { bias: true }), 32, 8, { classPredicate: (p, m) => p !== 'out_proj' })",
      {"q": (1, 3, 64), "k": (1, 2, 64), "v": (1, 2, 64)}, rtol=2e-5, atol=1e-5),
    C("quantize_encoder_dict", lambda: quantized(nn.TransformerEncoder(1, 64, 2, 64),
                                                  class_predicate=lambda p, m: {"group_size": 64, "bits": 4} if "linear" in p else False),
      "quantized(new nn.TransformerEncoder(1, 64, 2, 64), { classPredicate: (p, m) => (p.includes('linear') ? { groupSize: 64, bits: 4 } : false) })",
      {"x": (1, 3, 64)}, pycall=lambda m, x: m(x, None), jscall="(m, x) => m.forward(x, null)", rtol=2e-5, atol=1e-5),
]

# JS statements that must throw, with the Python call that raises
ERRORS = {
    "conv1d_groups": ("new nn.Conv1d(3, 4, 3, { groups: 2 })", lambda: nn.Conv1d(3, 4, 3, groups=2)),
    "conv2d_groups": ("new nn.Conv2d(6, 4, 3, 1, 0, 1, 4)", lambda: nn.Conv2d(6, 4, 3, 1, 0, 1, 4)),
    "conv2d_kernel": ("new nn.Conv2d(3, 4, 'a')", None),
    "conv1d_missing": ("new nn.Conv1d(3, 4)", lambda: nn.Conv1d(3, 4)),
    "conv3d_groups_kw": ("new nn.Conv3d(2, 2, 2, { groups: 1 })", lambda: nn.Conv3d(2, 2, 2, groups=1)),
    "conv_unknown_kw": ("new nn.Conv2d(2, 2, 2, { strides: 1 })", lambda: nn.Conv2d(2, 2, 2, strides=1)),
    "convt_bias_type": ("new nn.ConvTranspose2d(2, 2, 2, { bias: 1 })", None),
    "pool_kernel_zero": ("new nn.MaxPool2d(0)", lambda: nn.MaxPool2d(0)),
    "pool_stride_neg": ("new nn.AvgPool1d(2, -1)", lambda: nn.AvgPool1d(2, -1)),
    "pool_padding_neg": ("new nn.MaxPool1d(2, { padding: -1 })", lambda: nn.MaxPool1d(2, padding=-1)),
    "pool_kernel_len": ("new nn.MaxPool2d([2, 2, 2])", lambda: nn.MaxPool2d((2, 2, 2))),
    "pool_kernel_float": ("new nn.AvgPool3d(1.5)", lambda: nn.AvgPool3d(1.5)),
    "pool_input_2d": ("new nn.MaxPool1d(2).forward(mx.ones([4, 2]))", lambda: nn.MaxPool1d(2)(mx.ones((4, 2)))),
    "up_mode": ("new nn.Upsample(2, 'bilinear')", lambda: nn.Upsample(2, "bilinear")),
    "up_nearest_aa": ("new nn.Upsample(2, { antialias: true })", lambda: nn.Upsample(2, antialias=True)),
    "up_aa_ac": ("new nn.Upsample(2, 'linear', true, true)", lambda: nn.Upsample(2, "linear", True, True)),
    "up_input_2d": ("new nn.Upsample(2).forward(mx.ones([2, 2]))", lambda: nn.Upsample(2)(mx.ones((2, 2)))),
    "up_scales_len": ("new nn.Upsample([2, 2]).forward(mx.ones([1, 2, 2]))", lambda: nn.Upsample((2, 2))(mx.ones((1, 2, 2)))),
    "rnn_nonlinearity": ("new nn.RNN(2, 3, { nonlinearity: 3 })", lambda: nn.RNN(2, 3, nonlinearity=3)),
    "rnn_missing": ("new nn.RNN(2)", lambda: nn.RNN(2)),
    "lstm_hidden_type": ("new nn.LSTM(2, 3).forward(mx.ones([2, 2]), 5)", lambda: nn.LSTM(2, 3)(mx.ones((2, 2)), 5)),
    "gru_kw": ("new nn.GRU(2, 3, { nonlinearity: nn.relu })", lambda: nn.GRU(2, 3, nonlinearity=nn.relu)),
    "mha_heads": ("new nn.MultiHeadAttention(6, 4)", lambda: MHA(6, 4)),
    "enc_dropout": ("new nn.TransformerEncoderLayer(4, 2, { dropout: 1.0 })", lambda: nn.TransformerEncoderLayer(4, 2, dropout=1.0)),
    "transformer_kw": ("new nn.Transformer({ heads: 2 })", lambda: nn.Transformer(heads=2)),
    "qlinear_mode": ("new nn.QuantizedLinear(64, 8, { mode: 'int4' })", lambda: nn.QuantizedLinear(64, 8, mode="int4")),
    "qlinear_dims": ("new nn.QuantizedLinear(30, 8)", lambda: nn.QuantizedLinear(30, 8)),
    "qembedding_mode": ("new nn.QuantizedEmbedding(4, 64, { mode: 'x' })", lambda: nn.QuantizedEmbedding(4, 64, mode="x")),
    "quantize_no_method": ("const m = new nn.Module(); m.p = new nn.MaxPool1d(2); nn.quantize(m, { classPredicate: () => true })",
                           lambda: nn.quantize(nn.Sequential(nn.MaxPool1d(2)), class_predicate=lambda p, m: True)),
    "quantize_bad_predicate": ("nn.quantize(new nn.MultiHeadAttention(64, 2), { classPredicate: () => 3 })",
                               lambda: nn.quantize(MHA(64, 2), class_predicate=lambda p, m: 3)),
    "quantize_mode_positional": ("nn.quantize(new nn.MultiHeadAttention(64, 2), 64, 4, 'affine')",
                                 lambda: nn.quantize(MHA(64, 2), 64, 4, "affine")),
}


def quantized(m, **kw):
    nn.quantize(m, **kw)
    return m


def cot(o):
    return mx.sin(mx.arange(o.size).reshape(o.shape))


def loss_of(out):
    outs = out if isinstance(out, (tuple, list)) else [out]
    s = mx.array(0.0)
    for o in outs:
        s = s + mx.sum(o * cot(o))
    return s


def to_np(v):
    return np.array(v.astype(mx.float32)) if v.dtype == mx.bfloat16 else np.array(v)


def run_js(tmp, spec):
    with open(os.path.join(tmp, "spec.json"), "w") as f:
        json.dump(spec, f)
    node = subprocess.run(["node", os.path.join(HERE, "layers_conv_rnn_runner.js"), os.path.join(tmp, "spec.json"), tmp],
                          capture_output=True, text=True, timeout=300)
    assert node.returncode == 0, node.stderr
    return json.loads(node.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def results():
    with tempfile.TemporaryDirectory() as tmp:
        py = {}
        for i, c in enumerate(CASES):
            seed = 100 + i
            c["seed"] = seed
            mx.random.seed(seed)
            m = c["py"]()
            init = dict(tree_flatten(m.parameters()))
            mx.eval(init)
            k = mx.random.key(1000 + i)
            xs = {}
            for j, (name, shape) in enumerate(c["inputs"].items()):
                kj = mx.random.split(k, len(c["inputs"]))[j]
                if shape[0] == "int":
                    xs[name] = mx.random.randint(0, shape[2], shape[1], key=kj)
                else:
                    xs[name] = mx.random.normal(shape, key=kj)
            if "mask" in xs:
                xs["mask"] = mx.where(xs["mask"] > 0, 0.0, -1e9)  # an additive mask
            mx.save_safetensors(os.path.join(tmp, f"{c['name']}.inputs.safetensors"), xs)
            # different weights than the initial ones, so load_weights is what gives equality
            params = {kk: v + 0.01 * mx.random.normal(v.shape, key=mx.random.key(7)) if mx.issubdtype(v.dtype, mx.floating) else v
                      for kk, v in init.items()}
            if params:
                mx.save_safetensors(os.path.join(tmp, f"{c['name']}.params.safetensors"), params)
            else:
                mx.save_safetensors(os.path.join(tmp, f"{c['name']}.params.safetensors"), {})
            m.load_weights(list(params.items()))
            args = list(xs.values())
            y = c["pycall"](m, *args)
            out = {f"init.{kk}": v for kk, v in init.items()}
            for j, o in enumerate(y if isinstance(y, (tuple, list)) else [y]):
                out[f"out.{j}"] = o
            if c["grad"]:
                if tree_flatten(m.trainable_parameters()):
                    _, g = nn.value_and_grad(m, lambda *a: loss_of(c["pycall"](m, *a)))(*args)
                    for kk, v in tree_flatten(g):
                        out[f"grad.{kk}"] = v
                out["gx"] = mx.grad(lambda x0: loss_of(c["pycall"](m, x0, *args[1:])))(args[0])
            mx.eval(out)
            py[c["name"]] = dict(out=out, keys=list(init.keys()), repr=repr(m))
        spec = {"cases": [dict(name=c["name"], js=c["js"], jscall=c["jscall"], inputs=list(c["inputs"]), seed=c["seed"],
                               grad=c["grad"]) for c in CASES],
                "errors": {k: v[0] for k, v in ERRORS.items()}}
        js = run_js(tmp, spec)
        jsout = {}
        for c in CASES:
            f = os.path.join(tmp, f"{c['name']}.js.safetensors")
            jsout[c["name"]] = {k: to_np(v) for k, v in mx.load(f).items()} if os.path.exists(f) else None
        masks = {k: np.array(v.astype(mx.float32)) for k, v in mx.load(os.path.join(tmp, "masks.js.safetensors")).items()}
        pyout = {n: {k: to_np(v) for k, v in d["out"].items()} for n, d in py.items()}
        yield dict(py=py, pyout=pyout, js=js, jsout=jsout, masks=masks)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_layer_matches_python(results, case):
    name = case["name"]
    r = results["js"]["result"][name]
    assert "error" not in r, r.get("error")
    py = results["py"][name]
    assert r["keys"] == py["keys"], "parameter names differ"
    if case["repr"]:
        assert r["repr"] == py["repr"]
    a, b = results["jsout"][name], results["pyout"][name]
    assert sorted(a) == sorted(b)
    for k in b:
        assert a[k].shape == b[k].shape, k
        if k.startswith("init."):
            assert np.array_equal(a[k], b[k]), f"{k}: same seed, different initial weights"
        else:
            np.testing.assert_allclose(a[k], b[k], rtol=case["rtol"], atol=case["atol"], err_msg=k)


@pytest.mark.parametrize("name", list(ERRORS))
def test_bad_arguments_throw(results, name):
    js = results["js"]["errors"][name]
    assert js != "ok", f"{ERRORS[name][0]} did not throw"
    assert js.split(":")[0] in ("TypeError", "RangeError", "MLXError"), js
    pyf = ERRORS[name][1]
    if pyf is not None:
        with pytest.raises(Exception):
            pyf()


def test_additive_causal_mask(results):
    m = results["masks"]
    np.testing.assert_array_equal(m["mask"], np.array(MHA.create_additive_causal_mask(4)))
    np.testing.assert_array_equal(m["mask16"], np.array(MHA.create_additive_causal_mask(3, mx.float16).astype(mx.float32)))
