#!/usr/bin/env python3
"""Function-transform benchmarks: Node (mlx-node) against Python (mlx, NumPy), in one run.

    PYTHONPATH=.pydeps python3 bench/transforms.py [--node NODE] [--repeats R] [--steps S]
    npm run bench:transforms

(a) Two 10-op elementwise chains on a 1M-element float32 array, uncompiled and
    compiled (evaluated each call), in Node and Python, with both speedups: an
    arithmetic one (what compile fuses into one pass), and five (x*1.01+0.5,
    sin) rounds, where sin (~20 ns an element in MLX's CPU build, as exp and
    tanh) dominates and compile gains little. Then the compiled arithmetic
    call's own cost (a 4-element input, no eval: tracing-cache lookup and graph
    building only), Node against Python, measured again in a few alternating
    rounds (the best of each side is reported).
    Issue target: Node's overhead <= 1.5x Python's.
(b) 500 steps of gradient descent for least squares on a 10,000 x 100 float32
    problem: the gradient from value_and_grad, the step compiled with the
    weights as captured state, evaluated every step, against NumPy with
    hand-written gradients; also hand-written gradients without compile (in
    Node and Python mlx), and the step's two matrix-vector products alone
    (evaluated each step), which is where most of the time goes.
    Issue target: Node's grad+compile loop <= NumPy's time. bench/lstsq.py
    measures this row in alternating rounds, with CPU time per thread and
    Python mlx on the same BLAS (README: where the time goes).

BLAS: NumPy and mlx-node's matmuls run on OpenBLAS (scipy-openblas); Python
mlx's mlx-cpu wheel calls the reference (netlib) BLAS it bundles, so its
matmul-bound rows are slower for that reason alone. OpenBLAS threads follow
--blas-threads (default 1; OPENBLAS_NUM_THREADS), the same for NumPy and Node.
Every number is the best of --repeats runs, except Python mlx's least-squares
rows (one run: netlib BLAS makes them slow). About 40 s on 2 loaded cores.
"""
import argparse
import json
import os
import sys
import time

from benchlib import ROOT, cpu_model, load_line, run_json, tree_line, git_state


def best(repeats, f):
    return min(f() for _ in range(repeats))


def chain_python(mx, iters, overhead_iters, repeats, overhead_only=False):
    def arith(x):
        y = x * 1.01 + 0.5
        y = y * y - x
        y = mx.maximum(y, 0) * 0.5 + x
        return mx.minimum(mx.abs(y), 3) - 1

    def sin_chain(x):
        y = x
        for i in range(10):
            y = mx.sin(y) if i % 2 else y * 1.01 + 0.5
        return y

    x = mx.random.normal((1_000_000,))
    mx.eval(x)

    def per_call(f):
        for _ in range(3):
            mx.eval(f(x))

        def once():
            t0 = time.perf_counter()
            for _ in range(iters):
                mx.eval(f(x))
            return (time.perf_counter() - t0) / iters * 1e3
        return best(repeats, once)

    out = {}
    for name, f in () if overhead_only else (("arith", arith), ("sin", sin_chain)):
        out[f"{name}_uncompiled_ms"] = per_call(f)
        out[f"{name}_compiled_ms"] = per_call(mx.compile(f))
    s = mx.ones((4,))
    cs = mx.compile(arith)
    mx.eval(cs(s))
    for _ in range(5000):
        cs(s)

    def once():
        t0 = time.perf_counter()
        for _ in range(overhead_iters):
            cs(s)
        return (time.perf_counter() - t0) / overhead_iters * 1e6
    out["compiled_call_overhead_us"] = best(max(repeats, 5), once)
    return out["compiled_call_overhead_us"] if overhead_only else out


def lstsq_python(mx, np, N, D, steps, lr, repeats):
    out = {}
    # NumPy, hand-written gradients
    rs = np.random.RandomState(0)
    A = rs.randn(N, D).astype(np.float32)
    b = A @ rs.randn(D, 1).astype(np.float32)
    lr32, two_n = np.float32(lr), np.float32(2.0 / N)

    def numpy_loop():
        w = np.zeros((D, 1), np.float32)
        t0 = time.perf_counter()
        for _ in range(steps):
            r = A @ w - b
            out["numpy_final_loss"] = float(np.mean(r * r))
            w = w - lr32 * (two_n * (A.T @ r))
        return time.perf_counter() - t0
    numpy_loop()
    out["numpy_ms"] = best(repeats, numpy_loop) / steps * 1e3

    r0 = rs.randn(N, 1).astype(np.float32)
    w0 = rs.randn(D, 1).astype(np.float32)

    def numpy_matmuls():
        t0 = time.perf_counter()
        for _ in range(steps):
            A @ w0
            A.T @ r0
        return time.perf_counter() - t0
    numpy_matmuls()
    out["numpy_matmuls_ms"] = best(repeats, numpy_matmuls) / steps * 1e3

    # Python mlx: the same problem, grad + compile and hand-written
    mx.random.seed(0)
    Am = mx.random.normal((N, D))
    bm = Am @ mx.random.normal((D, 1))
    mx.eval(Am, bm)
    vg = mx.value_and_grad(lambda w: mx.mean(mx.square(Am @ w - bm)))
    state = [mx.zeros((D, 1))]

    def step_fn():
        loss, g = vg(state[0])
        state[0] = state[0] - lr * g
        return loss
    step = mx.compile(step_fn, inputs=state, outputs=state)

    def mlx_compiled(n=steps):
        state[0] = mx.zeros((D, 1))
        t0 = time.perf_counter()
        for _ in range(n):
            loss = step()
            mx.eval(loss, state[0])
        out["mlx_grad_compiled_final_loss"] = loss.item()
        return time.perf_counter() - t0
    # netlib-BLAS bound (about 50x NumPy): one timed run after a short warm-up
    mlx_compiled(20)
    out["mlx_grad_compiled_ms"] = mlx_compiled() / steps * 1e3

    def mlx_hand(n=steps):
        w = mx.zeros((D, 1))
        t0 = time.perf_counter()
        for _ in range(n):
            r = Am @ w - bm
            loss = mx.mean(mx.square(r))
            w = w - lr * ((2 / N) * (Am.T @ r))
            mx.eval(loss, w)
        return time.perf_counter() - t0
    mlx_hand(20)
    out["mlx_hand_ms"] = mlx_hand() / steps * 1e3
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--node", default="node")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--chain-iters", type=int, default=5)
    p.add_argument("--overhead-iters", type=int, default=20_000)
    p.add_argument("--overhead-rounds", type=int, default=4,
                   help="extra alternating Node/Python rounds of the call-overhead measurement")
    p.add_argument("--blas-threads", default="1",
                   help="OPENBLAS_NUM_THREADS for NumPy and Node (default 1: on a small shared machine "
                        "OpenBLAS's spinning threads make both sides erratic); 'env' keeps the environment's")
    p.add_argument("--json", help="also write the raw results here")
    args = p.parse_args()
    if args.blas_threads != "env":
        os.environ["OPENBLAS_NUM_THREADS"] = args.blas_threads  # before NumPy loads OpenBLAS
    import mlx.core as mx
    import numpy as np

    N, D, lr = 10_000, 100, 0.01
    print(f"machine  {cpu_model()}, {os.cpu_count()} cores; load {load_line(os.getloadavg())}")
    print(f"tree     {tree_line(git_state())}")
    print(f"blas     OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}")

    cfg = {"root": str(ROOT), "repeats": args.repeats, "steps": args.steps, "N": N, "D": D, "lr": lr,
           "chainIters": args.chain_iters, "overheadIters": args.overhead_iters}
    nd = run_json([args.node, "--expose-gc", str(ROOT / "bench" / "transforms_node.js"), json.dumps(cfg)])
    if "error" in nd:
        print("node failed:", nd["error"])
        return 1
    py = chain_python(mx, args.chain_iters, args.overhead_iters, args.repeats)
    py.update(lstsq_python(mx, np, N, D, args.steps, lr, args.repeats))
    # the call overhead again, Node and Python alternating (load drifts between the long phases)
    ov_py, ov_nd = [py["compiled_call_overhead_us"]], [nd["compiled_call_overhead_us"]]
    for _ in range(args.overhead_rounds):
        r = run_json([args.node, "--expose-gc", str(ROOT / "bench" / "transforms_node.js"),
                      json.dumps({**cfg, "overheadOnly": True})])
        if "error" not in r:
            ov_nd.append(r["compiled_call_overhead_us"])
        ov_py.append(chain_python(mx, 0, args.overhead_iters, args.repeats, overhead_only=True))
    py["compiled_call_overhead_us"], nd["compiled_call_overhead_us"] = min(ov_py), min(ov_nd)
    py["overhead_rounds_us"], nd["overhead_rounds_us"] = ov_py, ov_nd

    print("\n(a) 10-op elementwise chains on 1M float32, ms per call (eval included)")
    print(f"    {'':36} {'python':>10} {'node':>10}")
    for name, label in (("arith", "arithmetic (mul add mul sub max..)"), ("sin", "5 x (x*1.01+0.5, sin)")):
        print(f"    {label}")
        for k, what in (("uncompiled", "uncompiled"), ("compiled", "compiled")):
            key = f"{name}_{k}_ms"
            print(f"      {what:34} {py[key]:10.3f} {nd[key]:10.3f}")
        sp = py[f"{name}_uncompiled_ms"] / py[f"{name}_compiled_ms"]
        sn = nd[f"{name}_uncompiled_ms"] / nd[f"{name}_compiled_ms"]
        print(f"      {'speedup from compile':34} {sp:9.2f}x {sn:9.2f}x")
    ratio = nd["compiled_call_overhead_us"] / py["compiled_call_overhead_us"]
    print(f"    {'compiled arithmetic call, 4 elts, us':36} {py['compiled_call_overhead_us']:10.2f} "
          f"{nd['compiled_call_overhead_us']:10.2f}   node/python {ratio:.2f} (target <= 1.5: "
          f"{'met' if ratio <= 1.5 else 'NOT met'})")
    print(f"      (best of {len(py['overhead_rounds_us'])} alternating rounds; each round's python / node us: "
          + ", ".join(f"{p:.2f}/{n:.2f}" for p, n in zip(py["overhead_rounds_us"], nd["overhead_rounds_us"])) + ")")

    print(f"\n(b) least squares, {args.steps} steps of gradient descent, {N}x{D} float32, ms per step")
    npms = py["numpy_ms"]
    rows = [
        ("numpy, hand-written grads", npms, py["numpy_final_loss"]),
        ("python mlx, grad + compile", py["mlx_grad_compiled_ms"], py["mlx_grad_compiled_final_loss"]),
        ("python mlx, hand, no compile", py["mlx_hand_ms"], None),
        ("node, grad + compile", nd["grad_compiled_ms"], nd["grad_compiled_final_loss"]),
        ("node, hand, no compile", nd["hand_ms"], nd["hand_final_loss"]),
    ]
    for label, ms, loss in rows:
        extra = f"   final loss {loss:.4g}" if loss is not None else ""
        print(f"    {label:32} {ms:8.3f}   {ms / npms:5.2f}x numpy{extra}")
    r = nd["grad_compiled_ms"] / npms
    print(f"    node grad + compile / numpy = {r:.2f} (target <= 1: {'met' if r <= 1 else 'NOT met'})")
    print("\n    where node's grad + compile step goes (ms per step):")
    print(f"      step() call (JS + tracing-cache hit + graph building) {nd['grad_compiled_call_ms']:.3f}")
    print(f"      mx.eval (all compute)                                 {nd['grad_compiled_eval_ms']:.3f}")
    print(f"      of which the two mat-vec products, measured alone      {nd['matmuls_ms']:.3f}"
          f"   (numpy's: {py['numpy_matmuls_ms']:.3f})")
    print(f"      one mx.eval of a 1-op graph (dispatch + wait floor)    {nd['eval_floor_ms']:.3f}")
    rest = nd["grad_compiled_ms"] - nd["matmuls_ms"]
    print(f"      everything but the mat-vecs                           {rest:.3f}"
          f"   (numpy's: {npms - py['numpy_matmuls_ms']:.3f})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"python": py, "node": nd, "load": os.getloadavg()}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
