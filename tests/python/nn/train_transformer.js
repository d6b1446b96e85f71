// The JS half of tests/python/nn/test_train_transformer.py: the same small transformer language
// model, from Python's initial weights and tokens, trained for the same steps; prints the losses.
const mx = require('mlx-node');
const { nn, optimizers: optim } = mx;
const [dir, steps] = [process.argv[2], Number(process.argv[3])];

class LM extends nn.Module {
  constructor(vocab, dims, heads, layers) {
    super();
    this.embedding = new nn.Embedding(vocab, dims);
    this.pe = new nn.SinusoidalPositionalEncoding(dims);
    this.encoder = new nn.TransformerEncoder(layers, dims, heads);
    this.out = new nn.Linear(dims, vocab);
  }
  forward(x) {
    const L = x.shape[1];
    const mask = nn.MultiHeadAttention.createAdditiveCausalMask(L);
    const h = mx.add(this.embedding.forward(x), this.pe.forward(mx.arange(L)));
    return this.out.forward(this.encoder.forward(h, mask));
  }
}

const model = new LM(64, 32, 4, 2);
model.loadWeights(`${dir}/init.safetensors`);
const tokens = mx.load(`${dir}/tokens.npy`);
const x = tokens.index(':, :-1'), y = tokens.index(':, 1:');
const opt = new optim.Adam({ learningRate: 1e-3 });
const lossAndGrad = nn.valueAndGrad(model, (xx, yy) => nn.losses.crossEntropy(model.forward(xx), yy, { reduction: 'mean' }));
const losses = [];
for (let i = 0; i < steps; i++) {
  const l = mx.tidy(() => {
    const [loss, grads] = lossAndGrad(x, y);
    opt.update(model, grads);
    mx.eval(loss, model.parameters(), opt.state);
    return loss;
  });
  losses.push(l.item());
  l.dispose();
}
console.log(JSON.stringify(losses));
