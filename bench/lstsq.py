#!/usr/bin/env python3
"""The least-squares target of bench/transforms.py, measured in alternating rounds.

    PYTHONPATH=.pydeps python3 bench/lstsq.py [--rounds R] [--steps S] [--blas-threads T]
    npm run bench:lstsq

500 steps of gradient descent on a 10,000 x 100 float32 least-squares problem
(the gradient from value_and_grad, the step compiled, evaluated every step),
against NumPy with hand-written gradients. One Node process is started once and
kept; each round runs NumPy then every Node variant, so load drifts on a shared
machine hit both sides alike. Reported: the median and the range over rounds of
the wall time per step, and the CPU time per step (from schedstat: NumPy's one
thread; Node's JS thread and MLX's stream worker thread apart), which load
disturbs much less than wall time. Variants:

    numpy            NumPy, hand-written gradients (the reference)
    numpy matmuls    NumPy's two mat-vec products alone (A @ w, A.T @ r)
    grad_compiled    Node: mx.valueAndGrad + mx.compile, mx.eval every step (the target row)
    ..., disposed    the same, each step's previous loss and weights disposed at once
                     (what Python's reference counting does) instead of by the GC
    hand             Node: hand-written gradients, no compile
    matmuls          Node: the two mat-vec products alone, evaluated each step
    tiny             Node grad_compiled on a 100 x 10 problem: no compute to speak
                     of, so this is the per-step fixed cost (call + dispatch + handoffs)
    py ...           the same in Python mlx (same libmlx), run with the addon's BLAS
                     routing (an LD_PRELOAD shim built here from runtime/gen/blas_forward.S
                     and src/native/blas/sgemm_shim.cc: OpenBLAS, mat-vecs to sgemv), so
                     Node against Python mlx compares the bindings; skipped (with a
                     note) when the shim cannot be built

OpenBLAS threads: --blas-threads (default 1) for NumPy and Node alike.
About 20-40 s on 2 loaded cores with the defaults.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, cpu_model, git_state, load_line, tree_line


def schedstat_ns():
    with open(f"/proc/self/task/{os.getpid()}/schedstat") as f:
        return int(f.read().split()[0])


def thread_cpu_ns():
    out = {}
    for t in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{t}/schedstat") as f:
                out[t] = int(f.read().split()[0])
        except OSError:
            pass
    return out


def blas_shim():
    """An LD_PRELOAD library giving Python mlx the addon's BLAS routing, or None."""
    try:
        meta = json.loads((ROOT / "runtime" / "mlx.json").read_text())
        stubs, lib = Path(meta["blas_forward"]), Path(meta["openblas_lib_dir"])
    except (OSError, ValueError, KeyError):
        return None
    if not stubs.exists() or not (lib / "libscipy_openblas.so").exists():
        return None
    out = Path(tempfile.mkdtemp(prefix="mlxnode-lstsq-")) / "blas_route.so"
    r = subprocess.run(["c++", "-shared", "-fPIC", "-O2", "-o", str(out), str(stubs),
                        str(ROOT / "src" / "native" / "blas" / "sgemm_shim.cc"), f"-L{lib}",
                        "-lscipy_openblas", f"-Wl,-rpath,{lib}"], capture_output=True, text=True)
    return str(out) if r.returncode == 0 else None


def pymlx_worker(cfg):
    """Python mlx side: the Node variants, one a line on stdin, JSON lines out."""
    import mlx.core as mx

    N, D, lr, steps = cfg["N"], cfg["D"], cfg["lr"], cfg["steps"]

    def problem(n, d):
        mx.random.seed(0)
        A = mx.random.normal((n, d))
        b = A @ mx.random.normal((d, 1))
        mx.eval(A, b)
        vg = mx.value_and_grad(lambda w: mx.mean(mx.square(A @ w - b)))
        state = [mx.zeros((d, 1))]

        def step_fn():
            loss, g = vg(state[0])
            state[0] = state[0] - lr * g
            return loss
        step = mx.compile(step_fn, inputs=state, outputs=state)
        r0, w0 = mx.random.normal((n, 1)), mx.random.normal((d, 1))
        mx.eval(r0, w0)

        def grad_compiled():
            state[0] = mx.zeros((d, 1))
            for _ in range(steps):
                loss = step()
                mx.eval(loss, state[0])
            return loss

        def hand():
            w = mx.zeros((d, 1))
            for _ in range(steps):
                r = A @ w - b
                loss = mx.mean(mx.square(r))
                w = w - lr * ((2 / n) * (A.T @ r))
                mx.eval(loss, w)
            return loss

        def matmuls():
            for _ in range(steps):
                mx.eval(A @ w0, A.T @ r0)
        return {"grad_compiled": grad_compiled, "hand": hand, "matmuls": matmuls}

    runs = problem(N, D)
    runs["tiny_grad_compiled"] = problem(100, 10)["grad_compiled"]
    for f in runs.values():
        f()
    me = str(os.getpid())
    for name in sys.stdin:
        name = name.strip()
        c0, t0 = thread_cpu_ns(), time.perf_counter()
        loss = runs[name]()
        wall = (time.perf_counter() - t0) / steps * 1e6
        c1 = thread_cpu_ns()
        per = sorted(((c1[t] - c0.get(t, 0)) / steps / 1e3 for t in c1 if t != me), reverse=True)
        out = {"wall_us": wall, "cpu_us": {"main": (c1[me] - c0[me]) / steps / 1e3,
                                           "worker": per[0] if per else 0.0, "other": sum(per[1:])}}
        if loss is not None:
            out["final_loss"] = loss.item()
        print(json.dumps(out), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--node", default="node")
    p.add_argument("--rounds", type=int, default=7)
    p.add_argument("--steps", type=int, default=500)
    p.add_argument("--blas-threads", default="1")
    p.add_argument("--json", help="also write the raw results here")
    p.add_argument("--no-python-mlx", action="store_true", help="skip the Python mlx rows")
    p.add_argument("--pymlx-worker", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.pymlx_worker:
        return pymlx_worker(json.loads(args.pymlx_worker))
    if args.blas_threads != "env":
        os.environ["OPENBLAS_NUM_THREADS"] = args.blas_threads
    import numpy as np

    N, D, lr, steps = 10_000, 100, 0.01, args.steps
    print(f"machine  {cpu_model()}, {os.cpu_count()} cores; load {load_line(os.getloadavg())}")
    print(f"tree     {tree_line(git_state())}")
    print(f"blas     OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')} (NumPy and Node)")

    rs = np.random.RandomState(0)
    A = rs.randn(N, D).astype(np.float32)
    b = A @ rs.randn(D, 1).astype(np.float32)
    lr32, two_n = np.float32(lr), np.float32(2.0 / N)
    r0 = rs.randn(N, 1).astype(np.float32)
    w0 = rs.randn(D, 1).astype(np.float32)

    def numpy_loop():
        w = np.zeros((D, 1), np.float32)
        for _ in range(steps):
            r = A @ w - b
            loss = float(np.mean(r * r))
            w = w - lr32 * (two_n * (A.T @ r))
        return loss

    def numpy_matmuls():
        for _ in range(steps):
            A @ w0
            A.T @ r0

    def timed(f):
        c0, t0 = schedstat_ns(), time.perf_counter()
        f()
        return {"wall_us": (time.perf_counter() - t0) / steps * 1e6,
                "cpu_us": {"main": (schedstat_ns() - c0) / steps / 1e3}}

    cfg = {"root": str(ROOT), "steps": steps, "N": N, "D": D, "lr": lr}
    node = subprocess.Popen([args.node, "--expose-gc", str(ROOT / "bench" / "lstsq_node.js"), json.dumps(cfg)],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    shim = None if args.no_python_mlx else blas_shim()
    pym = None
    if shim:
        pym = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--pymlx-worker", json.dumps(cfg)],
                               cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               env=dict(os.environ, LD_PRELOAD=shim))
        print(f"python   mlx with the addon's BLAS routing (LD_PRELOAD {shim})")
    elif not args.no_python_mlx:
        print("python   mlx rows skipped: the BLAS shim could not be built (its netlib BLAS is ~50x slower)")

    def ask(proc, name):
        proc.stdin.write(name + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("a worker process ended")
        r = json.loads(line)
        if "error" in r:
            raise RuntimeError(r["error"])
        return r

    numpy_loop()
    numpy_matmuls()
    mlx_variants = ["grad_compiled", "hand", "matmuls", "tiny_grad_compiled"]
    variants = (["numpy", "numpy_matmuls"] + mlx_variants[:1] + ["grad_compiled_dispose"] + mlx_variants[1:]
                + (["py_" + v for v in mlx_variants] if pym else []))
    res = {v: [] for v in variants}
    try:
        for _ in range(args.rounds):
            res["numpy"].append(timed(numpy_loop))
            res["numpy_matmuls"].append(timed(numpy_matmuls))
            for v in mlx_variants:
                res[v].append(ask(node, v))
                if v == "grad_compiled":
                    res["grad_compiled_dispose"].append(ask(node, "grad_compiled_dispose"))
                if pym:
                    res["py_" + v].append(ask(pym, v))
    finally:
        for proc in (node, pym):
            if proc:
                proc.stdin.close()
                proc.wait()

    def med(xs):
        s = sorted(xs)
        m = len(s) // 2
        return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2

    def cell(xs):
        return f"{med(xs):7.1f} [{min(xs):6.1f}-{max(xs):6.1f}]"

    print(f"\nleast squares, {steps} steps, {N}x{D} float32, us per step: median [min-max] over "
          f"{args.rounds} alternating rounds")
    print(f"  {'':26} {'wall':>22} {'cpu: main thread':>24} {'cpu: MLX worker':>24}")
    labels = {"numpy": "numpy (hand-written grads)", "numpy_matmuls": "numpy: the 2 mat-vecs",
              "grad_compiled": "node grad + compile", "grad_compiled_dispose": "  same, old arrays disposed",
              "hand": "node hand, no compile",
              "matmuls": "node: the 2 mat-vecs", "tiny_grad_compiled": "node grad+compile 100x10",
              "py_grad_compiled": "python mlx grad + compile", "py_hand": "python mlx hand",
              "py_matmuls": "python mlx: the 2 mat-vecs", "py_tiny_grad_compiled": "python mlx g+c 100x10"}
    for v in variants:
        rows = res[v]
        walls = [r["wall_us"] for r in rows]
        main_cpu = [r["cpu_us"]["main"] for r in rows]
        worker = [r["cpu_us"].get("worker", 0.0) for r in rows]
        wcell = cell(worker) if any(worker) else f"{'-':>22}"
        print(f"  {labels[v]:26} {cell(walls)} {cell(main_cpu)} {wcell}")
    ratios = [n["wall_us"] / p["wall_us"] for n, p in zip(res["grad_compiled"], res["numpy"])]
    r = med(ratios)
    print(f"\n  node grad + compile / numpy, per round: median {r:.2f} [{min(ratios):.2f}-{max(ratios):.2f}] "
          f"(target <= 1: {'met' if r <= 1 else 'NOT met'})")
    if pym:
        pr = [n["wall_us"] / p["wall_us"] for n, p in zip(res["grad_compiled"], res["py_grad_compiled"])]
        print(f"  node grad + compile / python mlx grad + compile, per round: median {med(pr):.2f} "
              f"[{min(pr):.2f}-{max(pr):.2f}]")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rounds": res, "load": os.getloadavg()}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
