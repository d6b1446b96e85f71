#!/usr/bin/env python3
"""mlx-node benchmark: float32 matmul GFLOPS and per-op call overhead.

    PYTHONPATH=.pydeps python3 bench/run.py      (or: npm run bench)

Compares NumPy, Python mlx (CPU wheel, its bundled netlib BLAS) and Node
mlx-node (same libmlx, BLAS routed to OpenBLAS). Every contender runs in its
own subprocess, one after the other (this machine has 2 cores: never overlap
heavy runs), so no process's BLAS threads or allocator state leak into
another's numbers. Results are reported, never asserted: the exit status is 0
even when a target is missed. JSON lands in bench/results/latest.json.

Methodology
  matmul:   inputs are created and evaluated first; each timed repetition is
            one matmul (+ mx.eval for mlx). `warmup` untimed runs, then `reps`
            timed ones. GFLOPS = 2*n^3 / best time (best = least disturbed by
            the rest of the machine); the median is reported too.
  overhead: a tight loop of `iters` calls on 0-d float32 arrays, `repeats`
            times, best repeat in ns/call. Python via timeit (which turns the
            cyclic GC off; mlx arrays are freed by refcount anyway), Node via
            process.hrtime.bigint (V8's GC runs inside the loop, as it would in
            real code). Results stay lazy (unevaluated) in both: same work.
"""
import ctypes
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from benchlib import cpu_model, run_json, stats

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"

# Python mlx at 2048 is ~3 s per matmul, hence its small rep counts.
CONFIG = {
    "seed": 0,
    "matmul": {
        "numpy":      [{"n": 1024, "warmup": 3, "reps": 15}, {"n": 2048, "warmup": 2, "reps": 10}],
        "python_mlx": [{"n": 1024, "warmup": 1, "reps": 3},  {"n": 2048, "warmup": 1, "reps": 2}],
        "node":       [{"n": 1024, "warmup": 3, "reps": 15}, {"n": 2048, "warmup": 2, "reps": 10}],
    },
    "overhead": {"iters": 200_000, "repeats": 7},
}
TARGETS = {"node/numpy": 0.85, "node/python-mlx": 20.0}

# Set on some CPUs here for old OpenBLAS builds; they slow a current numpy.
OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
REPORTED_ENV = OPENBLAS_OVERRIDES + ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


# ----------------------------------------------------------------- helpers --

def time_reps(fn, warmup, reps):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter_ns()
        fn()
        times.append((time.perf_counter_ns() - t0) / 1e9)
    return stats(times)


def loaded_libs(pattern=("blas", "lapack", "mlx")):
    """Shared objects of interest mapped into this process (Linux only)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[5] for line in f if len(line.split()) >= 6}
    except OSError:
        return []
    return sorted(p for p in paths if any(k in Path(p).name.lower() for k in pattern))


def probe_openblas(lib_path):
    """Ask an OpenBLAS build (scipy-openblas or plain, 32/64-bit ints) which
    kernel it picked for this CPU and environment, and how many threads."""
    try:
        lib = ctypes.CDLL(lib_path)
    except OSError as e:
        return {"lib": lib_path, "error": str(e)}
    out = {"lib": lib_path}
    for prefix in ("scipy_openblas_", "openblas_"):
        for suffix in ("64_", ""):
            try:
                corename = getattr(lib, f"{prefix}get_corename{suffix}")
            except AttributeError:
                continue
            config = getattr(lib, f"{prefix}get_config{suffix}")
            corename.restype = config.restype = ctypes.c_char_p
            threads = getattr(lib, f"{prefix}get_num_threads{suffix}")
            threads.restype = ctypes.c_int
            out.update(corename=corename().decode(), config=config().decode(),
                       num_threads=threads())
            return out
    out["error"] = "no get_corename symbol"
    return out


def env_report(env):
    return {k: env.get(k) for k in REPORTED_ENV}


def env_str(report):
    return " ".join(f"{k}={v}" for k, v in report.items() if v is not None) or "(none set)"


# ----------------------------------------------------------------- workers --
# Each runs in a subprocess (`run.py --worker NAME CONFIG_JSON`) and prints JSON.

def worker_numpy(cfg):
    import numpy as np

    rng = np.random.default_rng(cfg["seed"])
    matmul = []
    for spec in cfg["matmul"]["numpy"]:
        n = spec["n"]
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        matmul.append({**spec, "seconds": time_reps(lambda: a @ b, spec["warmup"], spec["reps"])})

    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    openblas = loaded_libs(("openblas",))
    return {
        "numpy": np.__version__,
        "env": env_report(os.environ),
        "blas_build": {k: blas.get(k) for k in ("name", "version", "openblas configuration")},
        "blas_runtime": probe_openblas(openblas[0]) if openblas else None,
        "matmul": matmul,
    }


def worker_python_mlx(cfg):
    import timeit

    import mlx.core as mx

    mx.random.seed(cfg["seed"])
    matmul = []
    for spec in cfg["matmul"]["python_mlx"]:
        n = spec["n"]
        a = mx.random.normal((n, n))
        b = mx.random.normal((n, n))
        mx.eval(a, b)
        matmul.append({**spec, "seconds": time_reps(lambda: mx.eval(mx.matmul(a, b)),
                                                    spec["warmup"], spec["reps"])})

    oh = cfg["overhead"]
    scope = {"mx": mx, "a": mx.array(1.0, mx.float32), "b": mx.array(2.0, mx.float32)}
    mx.eval(scope["a"], scope["b"])
    per_call = {}
    for stmt in ("a + b", "mx.add(a, b)", "a.ndim"):
        timer = timeit.Timer(stmt, globals=scope)
        timer.timeit(min(oh["iters"], 10_000))  # warm caches
        runs = timer.repeat(repeat=oh["repeats"], number=oh["iters"])
        per_call[stmt] = stats([t / oh["iters"] * 1e9 for t in runs])

    return {
        "mlx": mx.__version__,
        "python": platform.python_version(),
        "loaded_libs": loaded_libs(),
        "matmul": matmul,
        "overhead": {**oh, "ns_per_call": per_call},
    }


def worker_blasprobe(cfg):
    # Node can't call OpenBLAS's introspection API; the same library loaded
    # with the same environment on the same CPU picks the same kernel.
    return probe_openblas(cfg["lib"])


WORKERS = {"numpy": worker_numpy, "python_mlx": worker_python_mlx, "blasprobe": worker_blasprobe}


# ------------------------------------------------------------------ driver --

def run_worker(name, cfg, env=None):
    return run_json([sys.executable, str(Path(__file__).resolve()), "--worker", name,
                     json.dumps(cfg)], env=env)


def run_node(cfg):
    node_cfg = {
        "root": str(ROOT),
        "seed": cfg["seed"],
        "matmul": cfg["matmul"]["node"],
        "overhead": cfg["overhead"],
    }
    return run_json(["node", "--expose-gc", str(ROOT / "bench" / "node_bench.js"),
                     json.dumps(node_cfg)])


def gflops(n, seconds):
    return 2 * n ** 3 / seconds / 1e9


def by_n(result):
    return {m["n"]: m for m in result.get("matmul", [])} if "error" not in result else {}


def fmt(x, spec=".1f", unit=""):
    return "—" if x is None else format(x, spec) + unit


def main():
    started = datetime.datetime.now().astimezone()
    node_version = subprocess.run(["node", "--version"], capture_output=True,
                                  text=True).stdout.strip()
    print("mlx-node benchmark")
    print(f"  date     {started.isoformat(timespec='seconds')}")
    print(f"  machine  {cpu_model()}, {os.cpu_count()} cpus, {platform.system()} {platform.release()}")
    print(f"  python   {platform.python_version()}   node {node_version}")
    # Other work on the machine skews results: show how busy it was at start.
    load = os.getloadavg()
    print(f"  load     {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min; near 0 is quiet)")

    # NumPy gets the OpenBLAS overrides removed (they slow a current numpy);
    # Python mlx and Node run with the environment as given.
    numpy_env = {k: v for k, v in os.environ.items() if k not in OPENBLAS_OVERRIDES}
    t0 = time.perf_counter()
    print("\nrunning numpy ...", flush=True)
    res_np = run_worker("numpy", CONFIG, env=numpy_env)
    print("running python mlx (slow at 2048) ...", flush=True)
    res_mlx = run_worker("python_mlx", CONFIG)
    print("running node mlx-node ...", flush=True)
    res_node = run_node(CONFIG)
    node_blas = None
    node_openblas = [p for p in res_node.get("loaded_libs", []) if "openblas" in Path(p).name]
    if node_openblas:
        node_blas = run_worker("blasprobe", {"lib": node_openblas[0]})
    print(f"done in {time.perf_counter() - t0:.1f} s")

    for name, res in (("numpy", res_np), ("python mlx", res_mlx), ("node", res_node)):
        if "error" in res:
            print(f"\n!! {name} failed: {res['error']}")

    print("\nversions")
    print(f"  numpy {res_np.get('numpy', '?')}   python mlx {res_mlx.get('mlx', '?')}"
          f"   mlx-node (libmlx) {res_node.get('mlx', '?')}   node {res_node.get('node', node_version)}")

    print("\nBLAS")
    if "blas_build" in res_np:
        rt = res_np.get("blas_runtime") or {}
        print(f"  numpy       {res_np['blas_build']['name']} {res_np['blas_build']['version']}:"
              f" core={rt.get('corename', '?')} threads={rt.get('num_threads', '?')}"
              f"   env: {env_str(res_np['env'])}")
    if "loaded_libs" in res_mlx:
        blas = [Path(p).name for p in res_mlx["loaded_libs"] if "blas" in Path(p).name]
        print(f"  python mlx  wheel's bundled BLAS: {', '.join(blas) or '?'}")
    if "loaded_libs" in res_node:
        nb = node_blas or {}
        print(f"  node        {Path(nb.get('lib', '?')).name}: core={nb.get('corename', '?')}"
              f" threads={nb.get('num_threads', '?')}   env: {env_str(res_node['env'])}")
        print(f"              ({nb.get('config', '?')})")
        if any(res_node["env"].get(k) for k in OPENBLAS_OVERRIDES):
            print("              note: OpenBLAS overrides are set for node and left as given")

    # --- matmul table
    np_m, mlx_m, node_m = by_n(res_np), by_n(res_mlx), by_n(res_node)
    sizes = sorted(set(np_m) | set(mlx_m) | set(node_m))
    summary = {"matmul": {}, "overhead": {}}
    print("\nfloat32 matmul n×n, GFLOPS = 2n³/time (best of reps; median in parentheses)")
    print(f"  {'n':>5}  {'numpy':>15}  {'python mlx':>15}  {'node':>15}"
          f"  {'node/numpy':>10}  {'node/py-mlx':>11}")
    for n in sizes:
        row = {}
        cells = []
        for key, m in (("numpy", np_m), ("python_mlx", mlx_m), ("node", node_m)):
            s = m.get(n, {}).get("seconds")
            if s:
                row[key] = {"gflops_best": gflops(n, s["best"]), "gflops_median": gflops(n, s["median"]),
                            "reps": len(s["all"])}
                cells.append(f"{row[key]['gflops_best']:7.1f} ({row[key]['gflops_median']:5.1f})")
            else:
                cells.append(f"{'—':>15}")
        best = {k: v["gflops_best"] for k, v in row.items()}
        r_np = best["node"] / best["numpy"] if {"node", "numpy"} <= best.keys() else None
        r_py = best["node"] / best["python_mlx"] if {"node", "python_mlx"} <= best.keys() else None
        row["node/numpy"], row["node/python-mlx"] = r_np, r_py
        summary["matmul"][str(n)] = row
        print(f"  {n:>5}  {cells[0]:>15}  {cells[1]:>15}  {cells[2]:>15}"
              f"  {fmt(r_np, '.2f', '×'):>10}  {fmt(r_py, '.1f', '×'):>11}")

    # --- acceptance targets, per size
    checks = []
    print("\ntargets (reported, not enforced)")
    for n in sizes:
        row = summary["matmul"][str(n)]
        for key, target in TARGETS.items():
            value = row[key]
            ok = value is not None and value >= target
            checks.append({"n": n, "ratio": key, "value": value, "target": target, "pass": ok})
            print(f"  n={n:<5} {key:<16} {fmt(value, '.2f', '×'):>8}  "
                  f"{'≥ ' + format(target, 'g') + '×':>7}  {'PASS' if ok else 'FAIL'}")
    summary["targets"] = checks

    # --- per-op overhead
    py_oh = res_mlx.get("overhead", {}).get("ns_per_call", {})
    node_oh = res_node.get("overhead", {}).get("ns_per_call", {})
    oh = CONFIG["overhead"]
    print(f"\nper-op overhead on 0-d float32 arrays, ns/call "
          f"(best of {oh['repeats']} × {oh['iters']:,} calls; results lazy)")
    print(f"  {'python mlx':<16} {'ns':>8}   {'node':<22} {'ns':>8}   {'node/python':>11}")
    pairs = [("a + b", "a.add(b)"), ("mx.add(a, b)", "mx.add(a, b)"),
             (None, "a.add(b) + dispose()"), ("a.ndim", "a.ndim")]
    for py_key, node_key in pairs:
        p = py_oh.get(py_key, {}).get("best") if py_key else None
        q = node_oh.get(node_key, {}).get("best")
        ratio = q / p if p and q else None
        summary["overhead"][node_key] = {"python": py_key, "python_ns": p, "node_ns": q,
                                         "node/python": ratio}
        print(f"  {py_key or '':<16} {fmt(p):>8}   {node_key:<22} {fmt(q):>8}"
              f"   {fmt(ratio, '.2f', '×'):>11}")
    print("  a.ndim: a property read, i.e. the bare cost of a call into the binding.\n"
          "  dispose() row: result freed eagerly, not by a GC finalizer (isolates GC's share).")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "date": started.isoformat(timespec="seconds"),
        "machine": {"cpu": cpu_model(), "cpus": os.cpu_count(), "os": platform.platform(),
                    "loadavg_at_start": load},
        "versions": {"node": res_node.get("node", node_version), "python": platform.python_version(),
                     "mlx_python": res_mlx.get("mlx"), "mlx_node": res_node.get("mlx"),
                     "numpy": res_np.get("numpy")},
        "config": CONFIG,
        "targets": TARGETS,
        "summary": summary,
        "raw": {"numpy": res_np, "python_mlx": res_mlx, "node": res_node, "node_blas": node_blas},
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nsaved {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--worker":
        print(json.dumps(WORKERS[sys.argv[2]](json.loads(sys.argv[3]))))
    else:
        main()
