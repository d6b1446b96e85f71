#!/usr/bin/env python3
"""Large results: what mlx-node costs outside the kernel when every result is big.

    PYTHONPATH=.pydeps python3 bench/large_results.py [--quick] [--n N] [--count C]
                                                      [--node NODE ...] [--rounds R]

Loop: `count` float32 n×n matmuls, each followed by mx.eval (default 100 ×
4096, about 64 MiB per result and ~10 minutes in all on this 2-core machine;
--quick: 20 × 2048). Every run is its own subprocess, one after the other:
never overlap them, nor run this beside other heavy work. Results are
reported, never asserted (exit status 0). JSON lands in
bench/results/large_results.json.

Same kernel on both sides: Python mlx's CPU wheel multiplies with its bundled
netlib BLAS (~6 GFLOPS), mlx-node's addon with OpenBLAS. So the Python side
runs with LD_PRELOAD of a shim built here from the addon's own forwarding
stubs (runtime/gen/blas_forward.S, linked against the same
libscipy_openblas.so): the same libmlx then calls the same OpenBLAS, and
Node/Python ratios measure the binding, not the BLAS. What the binding can
change is the time spent outside the kernel: creating, tracking and freeing
the 64 MiB results, and the V8 collections they cause. Node runs the loop
three ways:

  gc       const c = mx.matmul(a, b); mx.eval(c);            c left to V8's GC
  dispose  const c = mx.matmul(a, b); mx.eval(c); c.dispose();  (the baseline)
  tidy     mx.tidy(() => { const c = mx.matmul(a, b); mx.eval(c); })

and each variant's total time is divided by Python's for the same loop
(target <= 1.02) and by the dispose variant's. Python runs in each round next
to the Node variants (order rotated), best total per contender. Each run is
its own process, so its peak RSS (maxRSS) is its own. V8 collections inside
the timed loop are counted with a PerformanceObserver on 'gc' entries (major,
minor, incremental-marking, weak-callback kinds).
"""
import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

from benchlib import (ROOT, addon_mtime, cpu_model, git_state, load_line, resolve_nodes, run_json, stats,
                      short_error, tree_line, wait_for_addon)

RESULTS = ROOT / "bench" / "results" / "large_results.json"
NODE_SIDE = ROOT / "bench" / "large_results_node.js"

FULL = {"n": 4096, "count": 100, "warmup": 2, "py_count": 100, "py_warmup": 2}
QUICK = {"n": 2048, "count": 20, "warmup": 1, "py_count": 20, "py_warmup": 1}
VARIANTS = ("gc", "dispose", "tidy")
BASELINE = "dispose"
TARGET = 1.02


# ------------------------------------------------------------------ worker --

def worker_python(cfg):
    import resource

    import mlx.core as mx

    mx.random.seed(cfg["seed"])
    n = cfg["n"]
    a = mx.random.normal((n, n))
    b = mx.random.normal((n, n))
    mx.eval(a, b)
    for _ in range(cfg["py_warmup"]):
        mx.eval(mx.matmul(a, b))
    iter_ms = []
    t0 = time.perf_counter()
    for _ in range(cfg["py_count"]):
        s = time.perf_counter()
        c = mx.matmul(a, b)
        mx.eval(c)
        iter_ms.append((time.perf_counter() - s) * 1e3)
    total = time.perf_counter() - t0
    return {"python": platform.python_version(), "mlx": mx.__version__, "n": n,
            "count": cfg["py_count"], "warmup": cfg["py_warmup"], "total_s": total,
            "iter_ms": iter_ms,
            "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


# ------------------------------------------------------------------ driver --

def blas_shim():
    """Builds (once per run) the LD_PRELOAD shim that sends libmlx's BLAS and
    LAPACK imports to the same OpenBLAS the addon uses; returns its path."""
    import json as _json
    import subprocess
    import tempfile
    try:
        meta = _json.loads((ROOT / "runtime" / "mlx.json").read_text())
        stubs, lib = Path(meta["blas_forward"]), Path(meta["openblas_lib_dir"])
    except (OSError, ValueError, KeyError):
        return None  # MLX_DIR installs have no forwarding (their BLAS is already fast)
    if not stubs.exists() or not (lib / "libscipy_openblas.so").exists():
        return None
    out = Path(tempfile.mkdtemp(prefix="mlxnode-blas-")) / "blas_forward.so"
    r = subprocess.run(["cc", "-shared", "-fPIC", "-o", str(out), str(stubs), f"-L{lib}",
                        "-lscipy_openblas", f"-Wl,-rpath,{lib}"], capture_output=True, text=True)
    return str(out) if r.returncode == 0 else None


def fmt(x, spec, unit=""):
    return "n/a" if x is None else format(x, spec) + unit


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help=f"{QUICK['count']} × {QUICK['n']} instead of {FULL['count']} × {FULL['n']}")
    ap.add_argument("--n", type=int, help="matrix size (n×n float32)")
    ap.add_argument("--count", type=int, help="timed matmuls per Node variant")
    ap.add_argument("--warmup", type=int, help="untimed matmuls before each Node loop")
    ap.add_argument("--py-count", type=int, help="timed matmuls for the Python reference (0: skip)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run the Node variants this many times, order rotated each round;"
                         " best total per variant is reported")
    ap.add_argument("--node", action="append", metavar="PATH",
                    help="a Node binary (repeatable; default: node on PATH)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    cfg = dict(QUICK if args.quick else FULL)
    for key in ("n", "count", "warmup", "py_count"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    cfg["seed"] = args.seed
    rounds = max(1, args.rounds)

    binaries = resolve_nodes(args.node)

    started = datetime.datetime.now().astimezone()
    load = os.getloadavg()
    git = git_state()
    mib = cfg["n"] * cfg["n"] * 4 / 2 ** 20
    print("mlx-node large results: float32 matmul + eval per iteration")
    print(f"  date     {started.isoformat(timespec='seconds')}")
    print(f"  machine  {cpu_model()}, {os.cpu_count()} cpus, {platform.system()} {platform.release()}")
    print(f"  load     {load_line(load)}")
    print(f"  python   {platform.python_version()}")
    for b in binaries:
        print(f"  node     {b['version'] or 'NOT RUNNABLE'} ({b['path']})")
    print(f"  tree     {tree_line(git)}")
    print(f"  loop     node: {cfg['count']} × {cfg['n']}×{cfg['n']} ({mib:.0f} MiB per result),"
          f" {cfg['warmup']} warm-up, {rounds} round(s);"
          f" python: {cfg['py_count']} × same, {cfg['py_warmup']} warm-up")

    unloadable = wait_for_addon(binaries)
    t_start = time.perf_counter()
    runs = {b["label"]: {v: [] for v in VARIANTS} for b in binaries}
    shim = blas_shim() if cfg["py_count"] > 0 else None
    py_env = dict(os.environ, LD_PRELOAD=shim) if shim else None
    py_runs = []
    if cfg["py_count"] > 0 and not shim:
        print("!! could not build the BLAS shim: Python runs with its wheel's netlib BLAS (not comparable)")
    for r in range(rounds):
        if cfg["py_count"] > 0:
            print(f"running python mlx ({cfg['py_count']} × {cfg['n']}, round {r + 1}/{rounds}) ...", flush=True)
            res = run_json([sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(cfg)], env=py_env)
            py_runs.append(res)
        for b in binaries:
            order = VARIANTS[r % len(VARIANTS):] + VARIANTS[:r % len(VARIANTS)]
            for variant in order:
                print(f"running {b['label']} {variant:<7} (round {r + 1}/{rounds}) ...", flush=True)
                node_cfg = {"root": str(ROOT), "seed": cfg["seed"], "n": cfg["n"],
                            "count": cfg["count"], "warmup": cfg["warmup"], "variant": variant}
                res = run_json([b["path"], "--expose-gc", str(NODE_SIDE), json.dumps(node_cfg)])
                res["round"] = r + 1
                runs[b["label"]][variant].append(res)
    ok_py = [x for x in py_runs if "error" not in x]
    py = min(ok_py, key=lambda x: x["total_s"]) if ok_py else (py_runs[0] if py_runs else None)
    load_end = os.getloadavg()
    print(f"done in {time.perf_counter() - t_start:.0f} s"
          f" (load at end {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f})")
    if addon_mtime() != git["addon_built"]:
        print(f"!! the addon was rebuilt during the run ({git['addon_built']} -> {addon_mtime()}):"
              " numbers may mix two builds")

    # ---------------------------------------------------------- summary --
    summary = {}
    for b in binaries:
        label = b["label"]
        per = {}
        for variant in VARIANTS:
            ok = [x for x in runs[label][variant] if "error" not in x]
            for x in runs[label][variant]:
                if "error" in x:
                    print(f"\n!! {label} {variant} round {x['round']} failed: {short_error(x['error'])}")
            if not ok:
                per[variant] = None
                continue
            best = min(ok, key=lambda x: x["total_s"])
            it = stats(best["iter_ms"])
            per[variant] = {
                "total_s": best["total_s"],
                "total_s_all_rounds": [x["total_s"] for x in ok],
                "total_s_median": stats([x["total_s"] for x in ok])["median"],
                "per_iter_ms": best["total_s"] * 1e3 / best["count"],
                "iter_ms_median": it["median"], "iter_ms_best": it["best"],
                "gc": best["gc"],
                "max_rss_mib": best["max_rss_kib"] / 1024,
                "max_rss_mib_all_rounds": [x["max_rss_kib"] / 1024 for x in ok],
            }
        base = per.get(BASELINE)
        for variant in VARIANTS:
            p = per[variant]
            if p is None:
                continue
            if base:
                p["ratio_to_dispose"] = p["total_s"] / base["total_s"]
                p["extra_ms_per_iter"] = (p["total_s"] - base["total_s"]) * 1e3 / cfg["count"]
                # Less sensitive to a few disturbed iterations than the totals.
                p["median_iter_ratio_to_dispose"] = p["iter_ms_median"] / base["iter_ms_median"]
            else:
                p["ratio_to_dispose"] = p["extra_ms_per_iter"] = None
                p["median_iter_ratio_to_dispose"] = None
        summary[label] = per

    py_summary = None
    if py is not None:
        if "error" in py:
            print(f"\n!! python mlx failed: {short_error(py['error'])}")
        else:
            it = stats(py["iter_ms"])
            py_summary = {"total_s": py["total_s"], "count": py["count"], "same_blas": bool(shim),
                          "per_iter_ms": py["total_s"] * 1e3 / py["count"],
                          "iter_ms_median": it["median"], "max_rss_mib": py["max_rss_kib"] / 1024,
                          "total_s_all_rounds": [x["total_s"] for x in ok_py]}
    for label, per in summary.items():
        for p in per.values():
            if p is not None:
                p["ratio_to_python"] = (p["per_iter_ms"] / py_summary["per_iter_ms"]
                                        if py_summary and py_summary["same_blas"] else None)

    # ------------------------------------------------------------ table --
    print(f"\n{cfg['count']} × float32 {cfg['n']}×{cfg['n']} matmul + mx.eval per iteration"
          f" (node: OpenBLAS; best of {rounds} round(s))")
    print(f"  {'':<24} {'total':>8} {'per iter':>9} {'÷ python':>9} {'÷ dispose':>9} {'Δ/iter':>8} {'median':>8}"
          f"  {'V8 GCs in loop':>22} {'GC pause':>9} {'peak RSS':>9}")
    print(f"  {'variant':<24} {'s':>8} {'ms':>9} {'≤' + format(TARGET, 'g'):>9} {'':>9} {'ms':>8} {'iter ÷':>8}"
          f"  {'major/minor/incr/weak':>22} {'ms':>9} {'MiB':>9}")
    for b in binaries:
        print(f"  {b['label']}")
        for variant in VARIANTS:
            p = summary[b["label"]][variant]
            name = {"gc": "gc (left to V8's GC)", "dispose": "dispose (baseline)",
                    "tidy": "tidy (per iteration)"}[variant]
            if p is None:
                print(f"    {name:<22} {'failed':>8}")
                continue
            g = p["gc"]
            gcs = f"{g['major']}/{g['minor']}/{g['incremental']}/{g['weakcb']}"
            ratio = fmt(p["ratio_to_dispose"], ".3f", "×")
            rpy = p["ratio_to_python"]
            mark = "" if rpy is None else (" ok" if rpy <= TARGET else " MISS")
            print(f"    {name:<22} {p['total_s']:>8.2f} {p['per_iter_ms']:>9.1f} {fmt(rpy, '.3f', '×'):>9} {ratio:>9}"
                  f" {fmt(p['extra_ms_per_iter'], '+.2f'):>8}"
                  f" {fmt(p['median_iter_ratio_to_dispose'], '.3f', '×'):>8}"
                  f"  {gcs:>22} {g['pause_ms']:>9.1f}"
                  f" {p['max_rss_mib']:>9.0f}{mark}")
    if py_summary:
        label = ("same OpenBLAS through an LD_PRELOAD shim" if py_summary["same_blas"]
                 else "DIFFERENT BLAS (wheel's netlib), not comparable")
        print(f"  python mlx {py['mlx']} — {label}")
        print(f"    {'refcount, ' + str(py['count']) + ' iters':<22} {py['total_s']:>8.2f}"
              f" {py_summary['per_iter_ms']:>9.1f} {'':>9} {'':>9} {'':>8} {'':>8}  {'':>22} {'':>9}"
              f" {py_summary['max_rss_mib']:>9.0f}")
    print("  Δ/iter: (variant total − dispose total) / count, i.e. time spent outside the kernel\n"
          "  beyond what eager disposal costs; median iter ÷: median iteration time ÷ dispose's\n"
          "  (robust to a few disturbed iterations). GC counts from a PerformanceObserver, timed\n"
          "  loop only. Peak RSS: the variant's own process (maxRSS), setup and warm-up included.")

    print(f"\ntarget: Node time per iteration ≤ {TARGET:g}× Python's, same BLAS (reported, not enforced)")
    for b in binaries:
        for variant in VARIANTS:
            p = summary[b["label"]][variant]
            r = p and p["ratio_to_python"]
            print(f"  {b['label']:<16} {variant:<5} {fmt(r, '.3f', '×'):>8}"
                  f"  {'n/a' if r is None else ('PASS' if r <= TARGET else 'FAIL')}")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "date": started.isoformat(timespec="seconds"),
        "machine": {"cpu": cpu_model(), "cpus": os.cpu_count(), "os": platform.platform(),
                    "loadavg_at_start": load, "loadavg_at_end": load_end},
        "tree": {**git, "addon_built_at_end": addon_mtime(), "unloadable_at_start": unloadable},
        "versions": {"python": platform.python_version(),
                     "mlx_python": py.get("mlx") if py else None, "nodes": binaries},
        "config": {**cfg, "rounds": rounds},
        "target": {"ratio_to": "python (same BLAS)", "max": TARGET},
        "summary": {"node": summary, "python_mlx": py_summary},
        "raw": {"node": runs, "python_mlx": py},
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nsaved {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--worker":
        print(json.dumps(worker_python(json.loads(sys.argv[2]))))
    else:
        main()
