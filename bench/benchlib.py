"""Helpers shared by the bench/ drivers (run.py, per_op.py, large_results.py; stdlib only)."""
import datetime
import json
import platform
import shutil
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = ROOT / "build" / "Release" / "mlx_node.node"


def stats(xs):
    """Best (least disturbed), median and mean of timings, and the timings in run order."""
    s = sorted(xs)
    mid = len(s) // 2
    median = s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2
    return {"best": s[0], "median": median, "mean": sum(s) / len(s), "all": list(xs)}


def run_json(cmd, env=None):
    """Runs cmd in the repository root; its last stdout line is the JSON result."""
    try:
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    except OSError as e:
        return {"error": f"cannot run {cmd[0]}: {e}"}
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}: {proc.stderr.strip()[-2000:]}"}
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": f"no JSON on stdout: {proc.stdout[-500:]!r} {proc.stderr[-1500:]!r}"}


def short_error(msg, lines=4):
    """The first few informative lines of a (Node) error, for the console."""
    keep = [ln for ln in msg.splitlines() if ln.strip() and not ln.strip().startswith("at ")]
    return "\n     ".join(keep[:lines])


def resolve_nodes(args_node):
    """[{path, version, label}] for the --node arguments (default: node on PATH)."""
    binaries = []
    for b in args_node or ["node"]:
        path = shutil.which(b) or b
        path = str(Path(path).resolve()) if Path(path).exists() else path
        try:
            version = subprocess.run([path, "--version"], capture_output=True, text=True,
                                     timeout=30).stdout.strip() or None
        except OSError:
            version = None
        binaries.append({"path": path, "version": version})
    for i, b in enumerate(binaries):
        b["label"] = f"node {b['version'] or '?'}"
        if sum(x["version"] == b["version"] for x in binaries) > 1:
            b["label"] += f" #{i + 1}"
    return binaries


def addon_mtime():
    try:
        return (datetime.datetime.fromtimestamp(ADDON.stat().st_mtime).astimezone()
                .isoformat(timespec="seconds"))
    except OSError:
        return None


def wait_for_addon(binaries, tries=5, wait_s=60):
    """The addon may be mid-rebuild (another checkout user): check that every
    binary can require the package, waiting and retrying a few times.
    Returns the binaries that still cannot load it, with the reason."""
    check = ("const mx = require(process.argv[1]);"
             "if (mx.add(mx.array(1), mx.array(2)).item() !== 3) throw new Error('1 + 2 != 3');")
    failing = {}
    for attempt in range(tries):
        failing = {}
        for b in binaries:
            try:
                proc = subprocess.run([b["path"], "-e", check, str(ROOT)], cwd=ROOT,
                                      capture_output=True, text=True, timeout=120)
                if proc.returncode != 0:
                    failing[b["label"]] = short_error(proc.stderr, 3)
            except (OSError, subprocess.TimeoutExpired) as e:
                failing[b["label"]] = str(e)
        if not failing:
            return {}
        if attempt + 1 < tries:
            first = next(iter(failing.items()))
            print(f"  mlx-node does not load under {first[0]} (rebuild in progress?):\n"
                  f"     {first[1]}\n  retrying in {wait_s} s ({attempt + 1}/{tries - 1}) ...",
                  flush=True)
            time.sleep(wait_s)
    return failing


def git_state():
    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except OSError:
            return ""
    return {
        "head": git("rev-parse", "--short", "HEAD") or None,
        "uncommitted_under_src": bool(git("status", "--porcelain", "--", "src")),
        "addon_built": addon_mtime(),
    }


def tree_line(git):
    return (f"HEAD {git['head']}"
            f"{', uncommitted changes under src/' if git['uncommitted_under_src'] else ''};"
            f" addon built {git['addon_built']}")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_line(load):
    """The load-average header line, with a warning when the machine is busy."""
    line = f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1/5/15 min; near 0 is quiet)"
    if load[0] >= 0.5:
        line += "\n  !!       the machine is busy: timings will be noisy and ratios biased"
    return line


def fmt_ns(x, missing="n/a"):
    """ns per call for a table cell (one decimal below 100)."""
    if x is None:
        return missing
    return f"{x:.0f}" if x >= 100 else f"{x:.1f}"


def fmt_ratio(x, missing="n/a"):
    return missing if x is None else f"{x:.2f}×"


def result_ns(result, key="best"):
    """ns/call of one timed result dict, or None (n/a, error, missing)."""
    if not isinstance(result, dict) or "error" in result or "na" in result:
        return None
    return result.get(key)
