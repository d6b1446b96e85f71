// A first look at mlx-node: a few ops as in Python's mlx, then one matmul
// benchmark line (bench/run.py compares with NumPy and Python mlx).
import mx from '../dist/esm/index.mjs';

console.log(`mlx-node on MLX ${mx.__version__}, default device ${mx.defaultDevice()}`);

const a = mx.array([[1, 2], [3, 4]], mx.float32);
console.log('a =', a.toString());
console.log('a + 1 =', a.add(1).tolist());
console.log('a @ a.T =', a.matmul(a.T).tolist());
console.log('sum(a, axis=1, keepdims=True) =', mx.sum(a, { axis: 1, keepdims: true }).tolist());
console.log('inv(a) =', mx.linalg.inv(a).tolist());

mx.random.seed(0);
const x = mx.random.normal([3]);
console.log('random.normal((3,)) =', x.toString());

// float32 matmul throughput.
const n = 2048;
const p = mx.random.normal([n, n]);
const q = mx.random.normal([n, n]);
mx.eval(p, q);
mx.eval(mx.matmul(p, q)); // warm-up
let best = Infinity;
for (let i = 0; i < 5; i++) {
  const t0 = process.hrtime.bigint();
  mx.eval(mx.matmul(p, q));
  best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
}
console.log(`matmul ${n}x${n} float32: ${((2 * n ** 3) / best / 1e9).toFixed(1)} GFLOPS (best of 5, ${(best * 1e3).toFixed(1)} ms)`);

// Async evaluation keeps the event loop free while MLX computes.
let ticks = 0;
const timer = setInterval(() => ticks++, 1);
const y = mx.matmul(p, q);
await mx.asyncEval(y);
clearInterval(timer);
console.log(`asyncEval: ${ticks} timer ticks while computing; mean(p @ q) = ${mx.mean(y).item().toFixed(4)}`);
