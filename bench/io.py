#!/usr/bin/env python3
"""File I/O: save and load of safetensors files in Node (mlx-node) and in Python mlx.

    PYTHONPATH=.pydeps python3 bench/io.py [--quick] [--rounds R] [--reps N] [--node NODE]
    npm run bench:io

Two files, both written and read by each side in a temporary folder (deleted at the end):

  big    one float32 tensor of 1 GiB (--quick: 128 MiB)
  model  200 tensors of varied shapes, float16 / bfloat16 / float32 in turn,
         about 200 MiB in all (--quick: about 25 MiB), like a model's weights

save: mx.save_safetensors(path, arrays) of evaluated arrays (the write, through a
temporary file renamed over the target on the Node side; MLX writes in place).
load: mx.load(path) and mx.eval of every array (MLX loads lazily; the eval reads).
An fsync(2) of each file after its save, untimed, so that no writeback of earlier
files runs during later timings; the loads read from the page cache.

Both sides run at once as two long-lived worker processes that take turns, one
operation pair (a save, then a load of the file just saved) at a time, the side
going first alternating: each Node timing has a Python timing next to it, made
under the same load from whatever else runs on the machine. (Running each side's
whole series in turn, as this script did first, compared timings taken seconds
apart on a shared machine: a 1 GiB load came out 1.69x Python's and a 200-tensor
load 2.16x in one run and equal in the next.) Per round, `reps` pairs of the big
file and twice as many of the model file (whose first loads fault in fresh memory,
on both sides: MLX's CPU allocator gives big buffers back to the system, so every
load of the 1 GiB tensor page-faults it in anew, in both languages alike).
Reported: best and median per side, Node / Python of the medians, and the median
of the paired ratios (target <= 1.1), and each load's minor page faults.

The model file's loads depend on glibc's heap state more than on either binding:
MLX's CPU allocator is plain malloc (no buffer cache), and glibc's dynamic
thresholds, set by what each process freed before, decide whether the ~200 MiB of
tensors freed after a load is kept or trimmed and faulted in again by the next
load. In the Node worker about 15 MiB (3.8k pages) is trimmed and refaulted per
load, in the Python worker nothing; with --fixed-malloc (MALLOC_MMAP_THRESHOLD_=32
MiB, MALLOC_TRIM_THRESHOLD_=128 MiB for both workers) neither refaults.

For reference, the Node side also reads the files the way a Node user without MLX
would: the npm package `safetensors` (0.0.1, a 2 KB pure-JS reader over bytes already
in memory: fs.readFileSync then its SafeTensor class and getTensor views), and a plain
fs.readFileSync + header parse (the floor of any pure-JS reader that copies the file
onto the JS heap). Results are reported, never asserted. JSON lands in
bench/results/io.json.
"""
import argparse
import datetime
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, cpu_model, git_state, load_line, resolve_nodes, stats, tree_line  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "io.json"
NODE_SIDE = ROOT / "bench" / "io_node.js"
TARGET = 1.1
DTYPES = ("float16", "bfloat16", "float32")


def model_spec(total_mib, count=200, seed=1):
    """[name, shape, dtype] for `count` tensors of about total_mib MiB (deterministic)."""
    state = seed
    def rnd():
        nonlocal state
        state = (state * 1103515245 + 12345) % (1 << 31)
        return state / (1 << 31)
    raw = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            shape = [int(64 + rnd() * 1024)]                               # biases, norms
        elif kind == 3:
            shape = [int(8 + rnd() * 56), int(8 + rnd() * 56), int(3 + rnd() * 5)]
        else:
            shape = [int(128 + rnd() * 1024), int(128 + rnd() * 1024)]      # projections
        raw.append((f"layers.{i // 4}.w{i % 4}", shape, DTYPES[i % 3]))
    size = lambda shape, dt: (4 if dt == "float32" else 2) * eval("*".join(map(str, shape)))  # noqa: E731
    total = sum(size(s, d) for _, s, d in raw)
    scale = (total_mib * 2**20 / total) ** 0.5
    spec = []
    for name, shape, dt in raw:
        if len(shape) == 2:
            shape = [max(1, int(shape[0] * scale)), max(1, int(shape[1] * scale))]
        spec.append([name, shape, dt])
    return spec


# ------------------------------------------------------------------ worker --

def worker_python(cfg):
    """Serves the driver's commands on stdin, one JSON line each, one JSON line back:
    {"op": "pair", "key": "big" | "model"} saves then loads that file, returning both times."""
    import mlx.core as mx
    mx.random.seed(0)
    files = {
        "big": {"x": mx.random.uniform(shape=[cfg["big_elems"]])},
        "model": {n: mx.random.uniform(shape=s).astype(getattr(mx, d)) for n, s, d in cfg["spec"]},
    }
    mx.eval([a for f in files.values() for a in f.values()])
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["op"] == "quit":
            break
        key = cmd["key"]
        path = os.path.join(cfg["dir"], f"py_{key}.safetensors")
        t0 = time.perf_counter()
        mx.save_safetensors(path, files[key])
        save = (time.perf_counter() - t0) * 1e3
        fd = os.open(path, os.O_RDONLY)  # untimed: its writeback is over before the next timing
        os.fsync(fd)
        os.close(fd)
        f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        t0 = time.perf_counter()
        loaded = mx.load(path)
        mx.eval(list(loaded.values()))
        load = (time.perf_counter() - t0) * 1e3
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0
        del loaded
        print(json.dumps({"save": save, "load": load, "load_faults": faults, "bytes": os.path.getsize(path)}),
              flush=True)
    for key in files:
        try:
            os.unlink(os.path.join(cfg["dir"], f"py_{key}.safetensors"))
        except OSError:
            pass


class Worker:
    """A worker process serving JSON-line commands (worker_python, bench/io_node.js)."""

    def __init__(self, name, cmd, env):
        self.name = name
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        self.reply()  # {"ready": true} once its arrays are made

    def reply(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name} worker died: {self.proc.stderr.read()[-2000:]}")
        return json.loads(line)

    def ask(self, cmd):
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        return self.reply()

    def close(self):
        try:
            r = self.ask({"op": "quit"})
        except (RuntimeError, BrokenPipeError, ValueError):
            r = None
        self.proc.wait(timeout=60)
        return r


# ------------------------------------------------------------------ driver --

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="128 MiB and ~25 MiB files")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--reps", type=int, default=2,
                    help="turns (a save and a load per side) with the big file per round (twice as many with the model file)")
    ap.add_argument("--node", action="append", metavar="PATH")
    ap.add_argument("--fixed-malloc", action="store_true",
                    help="the same fixed glibc malloc thresholds for both workers (see above)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker_python(json.loads(args.worker))

    big_mib, model_mib = (128, 25) if args.quick else (1024, 200)
    node = resolve_nodes(args.node)[0]
    load0 = os.getloadavg()
    git = git_state()
    print(f"I/O benchmark: safetensors save/load, Node vs Python mlx ({'quick' if args.quick else 'full'})")
    print(f"  machine  {cpu_model()}, {os.cpu_count()} cores")
    print(f"  load     {load_line(load0)}")
    print(f"  node     {node['label']}  ({tree_line(git)})")
    tmp = tempfile.mkdtemp(prefix="mlx-node-bench-io-", dir=os.environ.get("BENCH_IO_DIR"))
    cfg = {"dir": tmp, "big_elems": big_mib * 2**20 // 4, "spec": model_spec(model_mib), "reps": args.reps,
           "root": str(ROOT)}
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / ".pydeps") + os.pathsep + env.get("PYTHONPATH", "")
    if args.fixed_malloc:
        env["MALLOC_MMAP_THRESHOLD_"] = str(32 * 2**20)
        env["MALLOC_TRIM_THRESHOLD_"] = str(128 * 2**20)
    results = {"python": {"big": [], "model": []}, "node": {"big": [], "model": []}}
    pairs = {"big": [], "model": []}  # node / python, per turn
    refs = {}
    workers = {}
    try:
        workers["python"] = Worker("python", [sys.executable, str(Path(__file__).resolve()), "--worker",
                                              json.dumps(cfg)], env)
        workers["node"] = Worker("node", [node["path"], "--expose-gc", str(NODE_SIDE), json.dumps(cfg)], env)
        turn = 0
        for r in range(args.rounds):
            for key in ("big", "model"):
                for _ in range(args.reps * (2 if key == "model" else 1)):
                    order = ("python", "node") if turn % 2 == 0 else ("node", "python")
                    turn += 1
                    got = {side: workers[side].ask({"op": "pair", "key": key}) for side in order}
                    for side in order:
                        results[side][key].append(got[side])
                    pairs[key].append({op: got["node"][op] / got["python"][op] for op in ("save", "load")})
        refs = workers["node"].ask({"op": "ref"})
    except RuntimeError as e:
        print(f"  {e}")
        return 1
    finally:
        for w in workers.values():
            w.close()
        shutil.rmtree(tmp, ignore_errors=True)

    summary = {}
    print()
    print(f"  {'file':<26}{'op':<6}{'python ms':>14}{'node ms':>14}{'node/py':>9}{'paired':>8}"
          "   (best ; median; paired: median of node/py per turn)")
    for key in ("big", "model"):
        nbytes = results["python"][key][0]["bytes"]
        label = f"{key} {nbytes / 2**20:.0f} MiB" + (" 1 tensor" if key == "big" else f" {len(cfg['spec'])} t.")
        for op in ("save", "load"):
            py = stats([t[op] for t in results["python"][key]])
            nd = stats([t[op] for t in results["node"][key]])
            paired = stats([p[op] for p in pairs[key]])["median"]
            ratio = nd["median"] / py["median"]
            summary[f"{key}.{op}"] = {"python": py, "node": nd, "ratio_median": ratio,
                                      "ratio_best": nd["best"] / py["best"], "ratio_paired_median": paired,
                                      "bytes": nbytes}
            flag = "" if paired <= TARGET else "  > target"
            print(f"  {label:<26}{op:<6}{py['best']:>8.0f} ;{py['median']:>5.0f}{nd['best']:>8.0f} ;"
                  f"{nd['median']:>5.0f}{ratio:>8.2f}x{paired:>7.2f}x{flag}")
    print()
    print("  reference readers in Node (no MLX arrays; best ms):")
    for key in ("big", "model"):
        for name in ("readFileSync+header", "npm safetensors 0.0.1"):
            vals = [refs.get(key, {}).get(name)]
            errs = [v for v in vals if isinstance(v, str)]
            times = [t for v in vals if isinstance(v, list) for t in v]
            if times:
                best = min(times)
                summary[f"{key}.ref.{name}"] = stats(times)
                py_best = summary[f"{key}.load"]["python"]["best"]
                print(f"    {key:<6}{name:<24}{best:>8.0f}   (python mlx load {py_best:.0f})")
            else:
                summary[f"{key}.ref.{name}"] = {"error": errs[0] if errs else "not run"}
                print(f"    {key:<6}{name:<24}   {errs[0] if errs else 'not run'}")
    load1 = os.getloadavg()
    print(f"\n  load at the end: {load_line(load1)}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({
        "when": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": cpu_model(), "cores": os.cpu_count(), "load_start": load0, "load_end": load1,
        "git": git, "node": node, "config": {k: v for k, v in cfg.items() if k not in ("spec", "dir")} | {
            "model_tensors": len(cfg["spec"]), "rounds": args.rounds, "fixed_malloc": args.fixed_malloc},
        "summary": summary, "raw": results, "pairs": pairs, "refs": refs}, indent=1))
    print(f"  JSON: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
