#!/usr/bin/env python3
"""Per-op call overhead: Python mlx against mlx-node, call shape by call shape.

    PYTHONPATH=.pydeps python3 bench/per_op.py [--node NODE ...] [--quick] [--rounds R]
                                               [--iters N] [--repeats R] [--tidy-chunk C]

    e.g. both Node 20 and Node 24 in one run:
    PYTHONPATH=.pydeps python3 bench/per_op.py --node node --node "$(bench/node24.sh | tail -1)"

Each --node adds a Node binary to race (default: `node` on PATH). Python and
every Node binary run in their own subprocess, one after the other (this
machine has 2 cores: never overlap them, nor run this beside other heavy
work). Results are reported, never asserted: the exit status is 0 even when a
target is missed. JSON lands in bench/results/per_op.json. A full run takes
about 2.5 minutes per Node binary plus half a minute for Python; --quick
(20k calls x 3) about 10 s each. On a busy machine, --rounds 2 or 3 runs the
whole sequence again and pools the repeats, so that Python and Node see the
same disturbances; the load average is printed at start and end.

Methodology
  operands  a, b: 0-d float32; v: float32 [16]; m: float32 4x4 (2*I plus small
            values, well conditioned). All evaluated before timing; the same
            values on both sides.
  loop      a tight loop of `iters` calls, `repeats` times: best (least
            disturbed) and median ns/call. A warm-up of min(iters, 10k) calls
            first. Results are left lazy (never evaluated) on both sides:
            the same graph-building work. item() reads an evaluated array.
  python    timeit, which compiles the statement into its loop and turns the
            cyclic GC off (mlx arrays are freed by refcount as the loop runs).
            One mode; its number is the reference for every Node mode.
  node      node --expose-gc; each expression compiled into its own loop
            (new Function), gc() between repeats. Modes:
              gc       results dropped, freed by V8's GC inside the loop
              tidy     mx.tidy(() => { tidy_chunk calls }) per chunk, the
                       tidy's disposal included in the time
              dispose  each result's .dispose() called at once (each element
                       of a list result); n/a for plain values
  targets   gc <= 1.5x Python, tidy <= 1.1x Python (dispose is shown against
            the tidy target, for information).
"""
import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

from benchlib import (ROOT, addon_mtime, cpu_model, fmt_ns, fmt_ratio, result_ns, git_state, load_line, resolve_nodes,
                      run_json, short_error, stats, tree_line, wait_for_addon)

RESULTS = ROOT / "bench" / "results" / "per_op.json"
NODE_SIDE = ROOT / "bench" / "per_op_node.js"

FULL = {"iters": 200_000, "repeats": 7, "warmup": 10_000, "tidy_chunk": 1000}
QUICK = {"iters": 20_000, "repeats": 3, "warmup": 5_000, "tidy_chunk": 1000}
TARGETS = {"gc": 1.5, "tidy": 1.1, "dispose": 1.1}

# (id, Python statement, Node expression, Node result kind, Node name it needs)
# kind: 'array' | 'list' (of arrays) | 'value' (not an mx.array)
SHAPES = [
    ("add_op",        "a + b",                          "a.add(b)",                          "array", None),
    ("mx_add",        "mx.add(a, b)",                   "mx.add(a, b)",                      "array", None),
    ("mul_scalar",    "a * 2",                          "a.multiply(2)",                     "array", None),
    ("sum_pos",       "mx.sum(v, 0)",                   "mx.sum(v, 0)",                      "array", None),
    ("sum_kw",        "mx.sum(v, axis=0)",              "mx.sum(v, { axis: 0 })",            "array", None),
    ("reshape",       "v.reshape(4, 4)",                "v.reshape(4, 4)",                   "array", None),
    ("astype",        "v.astype(mx.int32)",             "v.astype(mx.int32)",                "array", None),
    ("T",             "m.T",                            "m.T",                               "array", None),
    ("transpose",     "mx.transpose(m, (1, 0))",        "mx.transpose(m, [1, 0])",           "array", None),
    ("zeros",         "mx.zeros((4,))",                 "mx.zeros([4])",                     "array", None),
    ("qr",            "mx.linalg.qr(m, stream=mx.cpu)", "mx.linalg.qr(m, { stream: mx.cpu })", "list", None),
    ("item",          "a.item()",                       "a.item()",                          "value", None),
    ("shape",         "v.shape",                        "v.shape",                           "value", None),
    ("ndim",          "a.ndim",                         "a.ndim",                            "value", None),
    ("split",         "mx.split(v, 4)",                 "mx.split(v, 4)",                    "list",  "mx.split"),
]

V_VALUES = [0.25 * i - 2.0 for i in range(16)]
M_VALUES = [[(2.0 if i == j else 0.0) + 0.01 * (i * 4 + j + 1) for j in range(4)] for i in range(4)]

MODES = ("gc", "tidy", "dispose")


# ------------------------------------------------------------------ worker --

def worker_python(cfg):
    import timeit

    import mlx.core as mx

    a = mx.array(1.0, mx.float32)
    b = mx.array(2.0, mx.float32)
    v = mx.array(cfg["operands"]["v"], mx.float32)
    m = mx.array(cfg["operands"]["m"], mx.float32)
    mx.eval(a, b, v, m)
    scope = {"mx": mx, "a": a, "b": b, "v": v, "m": m}
    iters, repeats = cfg["iters"], cfg["repeats"]
    out = {}
    for shape in cfg["shapes"]:
        timer = timeit.Timer(shape["py"], globals=scope)
        try:
            timer.timeit(min(cfg["warmup"], iters))
            runs = timer.repeat(repeat=repeats, number=iters)
        except Exception as e:  # a row fails alone
            out[shape["id"]] = {"error": f"{type(e).__name__}: {e}"[:300]}
            continue
        out[shape["id"]] = stats([t / iters * 1e9 for t in runs])
    return {"python": platform.python_version(), "mlx": mx.__version__, "results": out}


# ------------------------------------------------------------------ driver --

def pool(results):
    """Pools the repeats of several rounds' timings of one cell."""
    ok = [r for r in results if isinstance(r, dict) and "all" in r]
    if not ok:
        return results[0] if results else {"error": "no result"}
    return stats([t for r in ok for t in r["all"]])


def merge_python(rounds):
    ok = [r for r in rounds if "error" not in r]
    if not ok:
        return rounds[0]
    ids = ok[0]["results"].keys()
    return {**ok[0], "rounds": len(rounds),
            "results": {sid: pool([r["results"][sid] for r in ok]) for sid in ids}}


def merge_node(rounds):
    ok = [r for r in rounds if "error" not in r]
    if not ok:
        return rounds[0]
    merged = {**ok[0], "rounds": len(rounds), "seconds": sum(r["seconds"] for r in rounds),
              "results": {}}
    for sid, row in ok[0]["results"].items():
        modes = {mode: pool([r["results"][sid]["modes"][mode] for r in ok])
                 for mode in row.get("modes", {})}
        merged["results"][sid] = {**row, "modes": modes}
    return merged


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--node", action="append", metavar="PATH",
                    help="a Node binary to race (repeatable; default: node on PATH)")
    ap.add_argument("--quick", action="store_true",
                    help=f"{QUICK['iters']:,} calls x {QUICK['repeats']} repeats "
                         f"instead of {FULL['iters']:,} x {FULL['repeats']}")
    ap.add_argument("--iters", type=int, help="calls per timed loop")
    ap.add_argument("--repeats", type=int, help="timed loops per call shape and mode")
    ap.add_argument("--tidy-chunk", type=int, help="calls per mx.tidy in tidy mode")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run Python and every Node binary this many times, alternating;"
                         " each cell's repeats are pooled (best/median over all rounds)")
    args = ap.parse_args()
    args.rounds = max(1, args.rounds)

    cfg = dict(QUICK if args.quick else FULL)
    for key in ("iters", "repeats", "tidy_chunk"):
        if getattr(args, key) is not None:
            cfg[key] = getattr(args, key)
    cfg["warmup"] = min(cfg["warmup"], cfg["iters"])
    cfg["operands"] = {"v": V_VALUES, "m": M_VALUES}
    cfg["shapes"] = [{"id": i, "py": py, "node": nd, "kind": kind, "needs": needs}
                     for i, py, nd, kind, needs in SHAPES]

    binaries = resolve_nodes(args.node)

    started = datetime.datetime.now().astimezone()
    load = os.getloadavg()
    git = git_state()
    print("mlx-node per-op overhead: Python mlx vs mlx-node")
    print(f"  date     {started.isoformat(timespec='seconds')}")
    print(f"  machine  {cpu_model()}, {os.cpu_count()} cpus, {platform.system()} {platform.release()}")
    print(f"  load     {load_line(load)}")
    print(f"  python   {platform.python_version()} ({sys.executable})")
    for b in binaries:
        print(f"  node     {b['version'] or 'NOT RUNNABLE'} ({b['path']})")
    print(f"  tree     {tree_line(git)}")
    print(f"  loop     best of {cfg['repeats']} × {cfg['iters']:,} calls (median too)"
          f"{f' × {args.rounds} rounds' if args.rounds > 1 else ''};"
          f" warm-up {cfg['warmup']:,}; tidy chunk {cfg['tidy_chunk']:,}; results lazy")

    unloadable = wait_for_addon(binaries)
    t0 = time.perf_counter()
    py_rounds, node_rounds = [], [[] for _ in binaries]
    for r in range(args.rounds):
        tag = f" (round {r + 1}/{args.rounds})" if args.rounds > 1 else ""
        print(f"{'' if r else chr(10)}running python mlx{tag} ...", flush=True)
        py_rounds.append(run_json([sys.executable, str(Path(__file__).resolve()), "--worker",
                                   json.dumps(cfg)]))
        for i, b in enumerate(binaries):
            print(f"running {b['label']}{tag} ...", flush=True)
            t1 = time.perf_counter()
            # One process per mode: garbage-collected runs leave glibc's heap
            # fragmented, which would bill the tidy/dispose runs after them.
            res = None
            for mode in MODES:
                node_cfg = {"root": str(ROOT), **cfg, "modes": [mode]}
                part = run_json([b["path"], "--expose-gc", str(NODE_SIDE), json.dumps(node_cfg)])
                if "error" in part:
                    res = part
                    break
                if res is None:
                    res = part
                else:
                    for sid, row in part["results"].items():
                        res["results"][sid]["modes"].update(row.get("modes", {}))
            res["seconds"] = time.perf_counter() - t1
            node_rounds[i].append(res)
    py = merge_python(py_rounds)
    nodes = [merge_node(rs) for rs in node_rounds]
    load_end = os.getloadavg()
    print(f"done in {time.perf_counter() - t0:.1f} s"
          f" (load at end {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f})")
    if addon_mtime() != git["addon_built"]:
        print(f"!! the addon was rebuilt during the run ({git['addon_built']} -> {addon_mtime()}):"
              " numbers may mix two builds")

    for name, res in [("python mlx", py)] + [(b["label"], r) for b, r in zip(binaries, nodes)]:
        if "error" in res:
            print(f"\n!! {name} failed: {short_error(res['error'])}")
    for b, res in zip(binaries, nodes):
        if "mlx" in res:
            print(f"  {b['label']}: mlx-node libmlx {res['mlx']}, V8 {res.get('v8')},"
                  f" N-API {res.get('napi')}, mx.split {'present' if res.get('has_split') else 'absent'},"
                  f" ran {res['seconds']:.0f} s")
    if "mlx" in py:
        print(f"  python mlx {py['mlx']}")
    # Rows that failed alone (e.g. an API mid-change): shown as n/a below.
    for sid, res in py.get("results", {}).items():
        if "error" in res:
            print(f"  !! python {sid}: {res['error']}")
    for b, res in zip(binaries, nodes):
        for sid, row in res.get("results", {}).items():
            for mode, r in row.get("modes", {}).items():
                if "error" in r:
                    print(f"  !! {b['label']} {row['node']} [{mode}]: {r['error']}")

    py_res = py.get("results", {})

    def node_cell(res, sid, mode, key="best"):
        row = res.get("results", {}).get(sid, {})
        if "na" in row:
            return None
        return result_ns(row.get("modes", {}).get(mode), key)

    # ---------------------------------------------------------- summary --
    summary = {}
    for sid, py_stmt, node_expr, kind, _ in SHAPES:
        p = result_ns(py_res.get(sid))
        p_med = result_ns(py_res.get(sid), "median")
        entry = {"python": py_stmt, "node": node_expr, "python_ns": p, "python_ns_median": p_med,
                 "nodes": {}}
        for b, res in zip(binaries, nodes):
            e = {}
            for mode in MODES:
                q = node_cell(res, sid, mode)
                q_med = node_cell(res, sid, mode, "median")
                e[mode] = {"ns": q, "ns_median": q_med,
                           "ratio": q / p if p and q else None,
                           "ratio_median": q_med / p_med if p_med and q_med else None}
            entry["nodes"][b["label"]] = e
        summary[sid] = entry

    # ----------------------------------------------------------- tables --
    print("\ncall shapes (python ⇄ node), where they differ:")
    for sid, py_stmt, node_expr, kind, needs in SHAPES:
        if py_stmt != node_expr:
            print(f"  {py_stmt:<32} ⇄ {node_expr}")

    w_call = max(len(s[1]) for s in SHAPES) + 1

    def table(key, title):
        ratio_key = "ratio" if key == "best" else "ratio_median"
        ns_key = "ns" if key == "best" else "ns_median"
        py_key = "python_ns" if key == "best" else "python_ns_median"
        print(f"\n{title}")
        head1 = f"  {'':<{w_call}} {'python':>7}"
        head2 = f"  {'call (python form)':<{w_call}} {'ns':>7}"
        for b in binaries:
            head1 += f" │ {b['label'][:31]:^31}"
            head2 += f" │ {'gc ns':>7} {'gc/py':>7} {'tidy ns':>7} {'tidy/py':>7}"
        print(head1)
        print(head2)
        for sid, py_stmt, *_ in SHAPES:
            e = summary[sid]
            line = f"  {py_stmt:<{w_call}} {fmt_ns(e[py_key]):>7}"
            for b in binaries:
                n = e["nodes"][b["label"]]
                line += (f" │ {fmt_ns(n['gc'][ns_key]):>7} {fmt_ratio(n['gc'][ratio_key]):>7}"
                         f" {fmt_ns(n['tidy'][ns_key]):>7} {fmt_ratio(n['tidy'][ratio_key]):>7}")
            print(line)

    it = f"{cfg['repeats'] * args.rounds} × {cfg['iters']:,} calls"
    table("best", f"ns/call, best of {it}  (ratio = node / python; lower is better)")
    table("median", f"ns/call, median of {it}")

    print(f"\ndispose mode: each result's .dispose() called at once (best of {it})")
    head = f"  {'call (python form)':<{w_call}} {'py ns':>7}"
    for b in binaries:
        head += f" │ {b['label'][:16]:>16} {'disp/py':>7}"
    print(head)
    for sid, py_stmt, _, kind, _ in SHAPES:
        if kind == "value":
            continue
        e = summary[sid]
        line = f"  {py_stmt:<{w_call}} {fmt_ns(e['python_ns']):>7}"
        for b in binaries:
            d = e["nodes"][b["label"]]["dispose"]
            line += f" │ {fmt_ns(d['ns']):>16} {fmt_ratio(d['ratio']):>7}"
        print(line)

    # ---------------------------------------------------------- targets --
    print("\ntargets (best-of ratios; reported, not enforced)")
    targets = {}
    for b in binaries:
        for mode in MODES:
            limit = TARGETS[mode]
            rows = [(s[1], summary[s[0]]["nodes"][b["label"]][mode]["ratio"]) for s in SHAPES]
            measured = [(name, r) for name, r in rows if r is not None]
            met = [name for name, r in measured if r <= limit]
            missed = [(name, r) for name, r in measured if r > limit]
            targets[f"{b['label']}/{mode}"] = {
                "target": limit, "met": len(met), "measured": len(measured),
                "missed": {name: r for name, r in missed}}
            note = " (no stated target; shown against tidy's)" if mode == "dispose" else ""
            print(f"  {b['label']:<16} {mode:<7} ≤ {limit:g}×: {len(met):>2}/{len(measured)} rows"
                  f" meet it{note}")
            if missed:
                worst = sorted(missed, key=lambda x: -x[1])
                print("      missed: " + ", ".join(f"{n} {r:.2f}×" for n, r in worst))

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "date": started.isoformat(timespec="seconds"),
        "machine": {"cpu": cpu_model(), "cpus": os.cpu_count(), "os": platform.platform(),
                    "loadavg_at_start": load, "loadavg_at_end": load_end},
        "tree": {**git, "addon_built_at_end": addon_mtime(), "unloadable_at_start": unloadable},
        "versions": {"python": platform.python_version(), "mlx_python": py.get("mlx"),
                     "nodes": [{**b, "mlx_node": r.get("mlx"), "v8": r.get("v8")}
                               for b, r in zip(binaries, nodes)]},
        "config": {**{k: cfg[k] for k in ("iters", "repeats", "warmup", "tidy_chunk")},
                   "rounds": args.rounds},
        "targets": TARGETS,
        "summary": summary,
        "target_counts": targets,
        "raw": {"python": py_rounds, "nodes": {b["label"]: r for b, r in zip(binaries, node_rounds)}},
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nsaved {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--worker":
        print(json.dumps(worker_python(json.loads(sys.argv[2]))))
    else:
        main()
