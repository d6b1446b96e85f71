// The differential catalogue of function transforms, JS side: the same
// functions as transforms_catalogue.py, written with mlx-node.
// transforms_runner.js applies grad / vjp / jvp / vmap / compile to them;
// harness cases name one with F("name") (node_server.js's "$fn").
'use strict';

module.exports = (mx) => {
  const sq = (x) => x.multiply(x);
  const leaky = (x) => mx.where(x.greater(0), x, x.multiply(0.1));
  // custom functions with a custom vjp that differs from the derivative (so a
  // gradient shows which rule ran)
  const customSin = mx.customFunction((x) => mx.sin(x));
  customSin.vjp((x, cotangent, output) => cotangent.multiply(mx.cos(x)).multiply(2).add(output));
  const customMul = mx.customFunction((x, y) => x.multiply(y));
  customMul.vjp(([x, y], cotangent, output) => [cotangent.multiply(y).multiply(3), cotangent.multiply(x).subtract(output)]);
  return {
    poly3: (x) => x.power(3).subtract(x.power(2).multiply(2)).add(x),
    poly2var: (x, y) => x.multiply(y.power(2)).add(x.multiply(3)),
    sin_exp: (x) => mx.sin(x).multiply(mx.exp(x.negative())),
    tanh_log: (x) => mx.tanh(x).add(mx.log(sq(x).add(1))),
    softmax: (x) => mx.softmax(x, -1),
    logsumexp: (x) => mx.logsumexp(x, -1),
    log_softmax: (x) => x.subtract(mx.logsumexp(x, -1, { keepdims: true })),
    softmax_ce: (logits, t) =>
      mx.mean(mx.logsumexp(logits, -1).subtract(mx.takeAlongAxis(logits, mx.expandDims(t, -1), -1).squeeze(-1))),
    mlp: (x, w1, b1, w2) => mx.tanh(x.matmul(w1).add(b1)).matmul(w2),
    attention: (q, k, v) => mx.softmax(q.matmul(k.T).multiply(1 / Math.sqrt(q.shape[q.ndim - 1])), -1).matmul(v),
    rnn_scan: (xs, w) => {
      let h = mx.zerosLike(mx.take(xs, 0, 0));
      const outs = [];
      for (let t = 0; t < xs.shape[0]; t++) {
        h = mx.tanh(h.multiply(w).add(mx.take(xs, t, 0)));
        outs.push(h);
      }
      return mx.stack(outs);
    },
    cumsum_scan: (x) => mx.cumsum(x, 0).multiply(mx.cumprod(mx.sigmoid(x), 1)),
    two_outputs: (x, y) => [mx.sin(x), mx.cos(x).multiply(y)],
    tree_out: (x, y) => ({ a: x.multiply(y), b: [x.add(y), x.subtract(sq(y))] }),
    shape_branch_small: (x) => (x.shape[0] > 2 ? mx.sum(sq(x), 0) : mx.sum(x.power(3), 0)),
    shape_branch_big: (x) => (x.shape[0] > 2 ? mx.sum(sq(x), 0) : mx.sum(x.power(3), 0)),
    gather_take: (x, idx) => mx.take(x, idx, 0).multiply(2),
    gather_flat: (x, idx) => mx.sin(mx.take(x, idx)),
    gather_along: (x, idx) => mx.takeAlongAxis(x, idx, 1).power(2),
    matmul_chain: (x, y) => x.matmul(y).matmul(x.T),
    l2norm: (x) => mx.sqrt(mx.sum(sq(x), -1)),
    layernorm: (x, g, b) => {
      const m = mx.mean(x, -1, { keepdims: true });
      const v = mx.var(x, -1, { keepdims: true });
      return x.subtract(m).divide(mx.sqrt(v.add(1e-5))).multiply(g).add(b);
    },
    swish: (x) => mx.sigmoid(x).multiply(x),
    max_reduce: (x) => mx.max(x, 1),
    leaky_relu: (x) => leaky(x),
    abs_times: (x) => mx.abs(x).multiply(x),
    reshape_transpose: (x, y) => mx.transpose(x.reshape(3, 4), [1, 0]).multiply(y),
    concat_split: (x, y) => {
      const c = mx.concatenate([x, y], 0);
      const [p, q] = mx.split(c, 2, 0);
      return p.multiply(q.add(1));
    },
    outer: (x, y) => mx.expandDims(x, 1).multiply(mx.expandDims(y, 0)),
    erf: (x) => mx.erf(x),
    power_pos: (x, y) => x.power(y),
    rational: (x, y) => x.divide(sq(y).add(1)),
    variance: (x) => mx.var(x, 0),
    clip: (x) => mx.clip(x, -0.5, 0.5).multiply(x),
    sort: (x) => mx.sort(x, -1).multiply(mx.arange(4)),
    rbf: (x, y) => mx.exp(sq(mx.expandDims(x, 1).subtract(mx.expandDims(y, 0))).negative()),
    scatter_put: (x, v, idx) => mx.putAlongAxis(x, idx, v.multiply(v), 1).multiply(x),
    scatter_slice_update: (x, v) => mx.sliceUpdate(mx.sin(x), v.multiply(2), mx.array([1, 0]), [0, 1]),
    dict_params: (p, x) => mx.tanh(x.matmul(p.w).add(p.b)),
    // gather / scatter through indexing (a.index, a.indexPut_, a.at)
    index_gather: (x, idx) => mx.sin(x.index(idx)).multiply(x.index(idx, mx.slice(null, null, -1))),
    index_put: (x, v) => {
      const y = x.multiply(2);
      y.indexPut_(mx.array([3, 0, 4]), v.multiply(v));
      return y.multiply(x);
    },
    index_put_column: (x) => {
      const y = mx.exp(x);
      y.indexPut_(':, 1', mx.sum(x, 1));
      return y.multiply(x);
    },
    at_add: (x, v, idx) => x.at(idx).add(v.multiply(x.index(idx))).power(2),
    // scalar-valued (grad / valueAndGrad cases of the harness)
    mse: (w, x, y) => mx.mean(sq(x.matmul(w).subtract(y))),
    dot_tanh: (x, y) => mx.sum(mx.tanh(x).multiply(y)),
    custom_sin: (x) => customSin(x),
    custom_mul: (x, y) => customMul(x, y),
  };
};
