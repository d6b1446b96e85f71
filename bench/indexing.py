#!/usr/bin/env python3
"""Indexing call overhead: Python mlx's a[...] against mlx-node's a.index(...) / a.indexPut_(...).

    PYTHONPATH=.pydeps python3 bench/indexing.py [--node NODE] [--iters N] [--repeats R]

Python (timeit) and Node (bench/indexing_node.js, each expression compiled into
its own loop, results left to the GC) run one after the other in one run, on the
same evaluated operands: a, b float32 4x4, v float32 [4], idx int32 [3]. Results
stay lazy on both sides. Reported, never asserted: the issue's target is Node
<= 1.5x Python per call. About 20 s with the defaults.
"""
import argparse
import json
import sys
import timeit

from benchlib import ROOT, run_json

SHAPES = [
    # (id, Python statement, Node expression)
    ("a[0]", "a[0]", "a.index(0)"),
    ("a[:, 1]", "a[:, 1]", "a.index(':, 1')"),
    ("a[:, 1] (mx.slice)", "a[:, 1]", "a.index(mx.slice(), 1)"),
    ("a[idx]", "a[idx]", "a.index(idx)"),
    ("a[...] = v", "b[...] = v", "b.indexPut_(mx.Ellipsis, v)"),
    ("a[1:3, 0] = 2.5", "b[1:3, 0] = 2.5", "b.indexPut_('1:3, 0', 2.5)"),
    ("a.at[idx].add(v)", "a.at[idx].add(v)", "a.at(idx).add(v)"),
]
TARGET = 1.5


def python_side(iters, repeats):
    import mlx.core as mx
    env = {"mx": mx, "a": mx.ones((4, 4)), "b": mx.ones((4, 4)), "v": mx.full((4,), 2.5), "idx": mx.array([0, 2, 1])}
    mx.eval(env["a"], env["b"], env["v"], env["idx"])
    out = {}
    for sid, stmt, _ in SHAPES:
        t = timeit.Timer(stmt, globals=env)
        t.timeit(min(iters, 10_000))
        ns = sorted(x / iters * 1e9 for x in t.repeat(repeats, iters))
        out[sid] = {"best": ns[0], "median": ns[len(ns) // 2]}
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--node", default="node")
    p.add_argument("--iters", type=int, default=50_000)
    p.add_argument("--repeats", type=int, default=5)
    args = p.parse_args()
    py = python_side(args.iters, args.repeats)
    cfg = {"root": str(ROOT), "iters": args.iters, "repeats": args.repeats, "warmup": 10_000,
           "shapes": [{"id": s[0], "node": s[2]} for s in SHAPES]}
    nd = run_json([args.node, "--expose-gc", str(ROOT / "bench" / "indexing_node.js"), json.dumps(cfg)])
    if "error" in nd:
        print("node failed:", nd["error"])
        return 1
    print(f"{'call':24} {'python ns':>10} {'node ns':>10} {'ratio':>6}  (best of {args.repeats} x {args.iters})")
    for sid, stmt, node in SHAPES:
        r = nd[sid]["best"] / py[sid]["best"]
        flag = "" if r <= TARGET else "  > target"
        print(f"{sid:24} {py[sid]['best']:10.0f} {nd[sid]['best']:10.0f} {r:6.2f}{flag}   {node}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
