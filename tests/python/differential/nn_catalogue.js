// Functions that nn / utils cases pass as arguments, JS side: the same
// functions as nn_catalogue.py (node_server.js's "$fn"). Leaves are numbers or mx.arrays.
'use strict';

module.exports = (mx) => {
  const isArr = (x) => x instanceof mx.array;
  const add = (a, b) => (isArr(a) || isArr(b) ? mx.add(a, b) : a + b);
  // A small nn.Module with fixed weights (m_* entries are values, not functions): the same model as
  // nn_catalogue.py's, for nn.value_and_grad cases. A second instance has its bias frozen.
  class Tiny extends mx.nn.Module {
    constructor() {
      super();
      this.w = mx.array([[0.5, -1], [1.5, 2], [0.25, 0.75]], mx.float32);
      this.b = mx.array([0.1, -0.2], mx.float32);
      this.layers = [{ scale: mx.array(2, mx.float32) }];
    }
    forward(x) {
      return mx.multiply(mx.add(mx.matmul(x, this.w), this.b), this.layers[0].scale);
    }
  }
  const tiny = new Tiny();
  const frozen = new Tiny().freeze({ keys: 'b' });
  return {
    m_tiny: tiny,
    m_tiny_loss: (x, y) => mx.nn.losses.mseLoss(tiny.forward(x), y),
    m_tiny_pair: (x, y) => [mx.nn.losses.mseLoss(tiny.forward(x), y), mx.sum(tiny.forward(x))],
    m_frozen: frozen,
    m_frozen_loss: (x) => mx.sum(mx.square(frozen.forward(x))),
    t_double: (x) => (isArr(x) ? x.multiply(2) : x * 2),
    t_add: add,
    t_add3: (a, b, c) => add(add(a, b), c),
    t_path_leaf: (path, x) => [path, x],
    t_path_add: (path, a, b) => [path, add(a, b)],
    t_is_list: (x) => Array.isArray(x),
    t_is_array: (x) => isArr(x),
    t_len: (x) => (Array.isArray(x) ? x.length : x),
    t_count: (acc, _x) => acc + 1,
    t_max: (a, b) => Math.max(a, b),
    t_keep_b: (_a, b) => b,
    t_ce_loss: (logits, targets) => mx.nn.losses.crossEntropy(logits, targets, { labelSmoothing: 0.125, reduction: 'mean' }),
    t_bce_loss: (x, y) => mx.nn.losses.binaryCrossEntropy(x, y),
    t_mlp_loss: (w, x, y) => mx.nn.losses.mseLoss(mx.nn.gelu(x.matmul(w)), y),
    t_logsm_sum: (x) => mx.nn.logSoftmax(x).multiply(mx.nn.silu(x)).sum(),
    t_square_sum: (acc, x) => add(acc, mx.sum(x.multiply(x))),
  };
};
