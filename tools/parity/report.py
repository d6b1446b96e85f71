#!/usr/bin/env python3
"""Parity report: the mlx 0.32.4 API spec against what mlx-node really exports.

    PYTHONPATH=.pydeps python3 tools/parity/report.py            # writes PARITY.md
    PYTHONPATH=.pydeps python3 tools/parity/report.py --check    # exit 1 if coverage fell below baseline
    PYTHONPATH=.pydeps python3 tools/parity/report.py --update-baseline

Inputs:
- spec/mlx-api.json (tools/parity/extract_spec.py): every public Python name and signature;
- a Node process (tools/parity/dump_exports.js) listing the exported names, the
  array class's members and the op tables, i.e. the signatures the JS binder uses;
- tools/parity/exceptions.json: names that cannot follow the naming rule of docs/python-to-js.md, with
  their JS form and the reason;
- tests/python/differential/coverage.json, if present: differential cases per function.

Naming rule (docs/python-to-js.md): snake_case -> camelCase (split on "_", capitalise every
part after the first); classes keep their names; array dunders map to the method
named after the mx function they call.
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "mlx-api.json"
EXCEPTIONS = ROOT / "tools" / "parity" / "exceptions.json"
BASELINE = ROOT / "tools" / "parity" / "baseline.json"
COVERAGE = ROOT / "tests" / "python" / "differential" / "coverage.json"
RUNTIME_SIGNATURES = ROOT / "tools" / "parity" / "runtime_signatures.json"
OUT = ROOT / "PARITY.md"

# Where each Python module lives in JS, and which native op table backs it.
JS_NAMESPACE = {
    "mlx.core": ("mx", "core"),
    "mlx.core.random": ("mx.random", "random"),
    "mlx.core.linalg": ("mx.linalg", "linalg"),
    "mlx.core.fft": ("mx.fft", "fft"),
    "mlx.core.fast": ("mx.fast", "fast"),
    "mlx.core.distributed": ("mx.distributed", "distributed"),
    "mlx.core.cuda": ("mx.cuda", "cuda"),
    "mlx.core.metal": ("mx.metal", "metal"),
    "mlx.nn": ("nn", None),
    "mlx.nn.losses": ("nn.losses", None),
    "mlx.nn.init": ("nn.init", None),
    "mlx.optimizers": ("optimizers", None),
    "mlx.utils": ("utils", None),
}
ARRAY = "mlx.core.array"

# Python operators -> the method named after the mx function they call
# (docs/python-to-js.md). Reflected forms are the function with swapped operands
# (`2 - a` is `mx.subtract(2, a)`), so they map to the module function.
DUNDER_METHOD = {
    "__add__": "add", "__sub__": "subtract", "__mul__": "multiply", "__truediv__": "divide",
    "__div__": "divide", "__floordiv__": "floorDivide", "__mod__": "remainder", "__pow__": "power",
    "__matmul__": "matmul", "__neg__": "negative", "__eq__": "equal", "__ne__": "notEqual",
    "__lt__": "less", "__le__": "lessEqual", "__gt__": "greater", "__ge__": "greaterEqual",
    "__and__": "bitwiseAnd", "__or__": "bitwiseOr", "__xor__": "bitwiseXor",
    "__invert__": "bitwiseInvert", "__lshift__": "leftShift", "__rshift__": "rightShift",
    "__abs__": "abs", "__getitem__": "index", "__setitem__": "indexPut_", "__repr__": "toString",
    "__iter__": "Symbol.iterator", "__len__": "length",
}
DUNDER_FUNCTION = {
    "__radd__": "add", "__rsub__": "subtract", "__rmul__": "multiply", "__rtruediv__": "divide",
    "__rdiv__": "divide", "__rfloordiv__": "floorDivide", "__rmod__": "remainder", "__rpow__": "power",
}


def camel(name: str) -> str:
    parts = name.split("_")
    head, rest = parts[0], parts[1:]
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def node_exports() -> dict:
    out = subprocess.run(["node", str(ROOT / "tools" / "parity" / "dump_exports.js")],
                         check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out)


@dataclass
class Row:
    python: str
    js: str
    status: str  # covered | missing | exception | deviates
    note: str = ""
    cases: str = ""


@dataclass
class ModuleReport:
    name: str
    rows: list[Row] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)

    @property
    def total(self) -> int:
        return len(self.rows) - self.count("exception")

    @property
    def covered(self) -> int:
        return self.count("covered")

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.total if self.total else 100.0


PENDING = ROOT / "tools" / "parity" / "pending.json"


def load_pending() -> list[dict]:
    return json.loads(PENDING.read_text())["pending"] if PENDING.exists() else []


def pending_note(pending: list[dict], qualified: str) -> str:
    for p in pending:
        if fnmatch.fnmatchcase(qualified, p["python"]):
            return f"pending: issue {p['issue']} ({p['what']})"
    return ""


def load_exceptions() -> list[dict]:
    return json.loads(EXCEPTIONS.read_text())["exceptions"] if EXCEPTIONS.exists() else []


def find_exception(exceptions: list[dict], qualified: str) -> dict | None:
    for e in exceptions:
        if fnmatch.fnmatchcase(qualified, e["python"]):
            return e
    return None


def signature_problems(py_overloads: list[dict], js_params: list[dict], drop_first: bool) -> list[str]:
    """Every Python parameter must be reachable under the rule: positionally at its
    index if Python takes it positionally, by camelCase keyword if Python takes it by
    keyword; optional in Python means optional in JS."""
    js = js_params[1:] if drop_first else js_params
    by_name = {p["jsName"]: p for p in js}
    positional = [p for p in js if p["kind"] in ("positional_only", "positional_or_keyword")]
    has_var = any(p["kind"] == "var_positional" for p in js)
    problems: list[str] = []
    for ov in py_overloads:
        index = 0
        for q in ov["params"]:
            kind, jname = q["kind"], camel(q["name"])
            if kind == "var_positional":
                if not has_var:
                    problems.append(f"*{q['name']}: no rest parameter")
                continue
            if kind == "var_keyword":
                continue
            if kind in ("positional_only", "positional_or_keyword"):
                if index >= len(positional) and not has_var:
                    problems.append(f"'{q['name']}' not accepted at position {index}")
                elif index < len(positional) and "default" in q and positional[index]["required"]:
                    problems.append(f"'{q['name']}' is optional in Python but required in JS")
                index += 1
            if kind in ("positional_or_keyword", "keyword_only"):
                p = by_name.get(jname)
                if p is None or p["kind"] not in ("positional_or_keyword", "keyword_only"):
                    problems.append(f"keyword '{jname}' not accepted")
    return sorted(set(problems))


def parse_signature(sig: str) -> dict:
    """'a, b, /, *, stream=None' -> one overload in the spec's format."""
    params, kind = [], "positional_or_keyword"
    for tok in (t.strip() for t in sig.split(",")):
        if tok == "/":
            for p in params:
                p["kind"] = "positional_only"
        elif tok == "*":
            kind = "keyword_only"
        elif tok.startswith("*"):
            params.append({"name": tok[1:], "kind": "var_positional"})
            kind = "keyword_only"
        elif tok:
            name, eq, default = tok.partition("=")
            p = {"name": name.strip(), "kind": kind}
            if eq:
                p["default"] = default.strip()
            params.append(p)
    return {"params": params}


def load_runtime_signatures() -> dict:
    if not RUNTIME_SIGNATURES.exists():
        return {}
    raw = json.loads(RUNTIME_SIGNATURES.read_text())["signatures"]
    return {name: [parse_signature(v["signature"])] for name, v in raw.items()}


def cases_for(coverage: dict, key: str) -> str:
    c = coverage.get(key)
    if not c:
        return ""
    return f"{c.get('passed', 0)}/{c.get('cases', 0)}" + (f" ({c['error_cases']} err)" if c.get("error_cases") else "")


def load_coverage() -> dict:
    if not COVERAGE.exists():
        return {}
    data = json.loads(COVERAGE.read_text())
    return data.get("functions", data)


def build(spec: dict, exports: dict, exceptions: list[dict], coverage: dict) -> list[ModuleReport]:
    """One ModuleReport per Python module, plus mlx.core.array for the array class."""
    tables = {m: {op["name"]: op for op in ops} for m, ops in exports["tables"].items()}
    runtime_sigs = load_runtime_signatures()
    pending = load_pending()
    reports: list[ModuleReport] = []
    for module, (js_ns, table) in JS_NAMESPACE.items():
        entry = spec["modules"].get(module)
        if entry is None:
            continue
        names = exports["modules"].get(module) or []
        exported = set(names)
        rep = ModuleReport(module)
        items = [(n, "function", v) for n, v in entry.get("functions", {}).items()]
        items += [(n, "class", v) for n, v in entry.get("classes", {}).items()]
        items += [(n, "constant", v) for n, v in entry.get("constants", {}).items()]
        for name, kind, info in sorted(items):
            qualified = f"{module}.{name}"
            js_name = name if kind == "class" else camel(name)
            js = f"{js_ns}.{js_name}"
            exc = find_exception(exceptions, qualified)
            if exc:
                rep.rows.append(Row(qualified, exc["js"], "exception", exc["reason"]))
                continue
            if js_name not in exported:
                rep.rows.append(Row(qualified, js, "missing", pending_note(pending, qualified)))
                continue
            row = Row(qualified, js, "covered", cases=cases_for(coverage, js))
            op = tables.get(table, {}).get(name) if table else None
            if kind == "function":
                if op is None:
                    row.note = "implemented in TypeScript (signature not table-checked)"
                else:
                    overloads = runtime_sigs.get(qualified, info["overloads"])
                    problems = signature_problems(overloads, op["params"], drop_first=False)
                    if qualified in runtime_sigs:
                        row.note = "runtime signature (the stub differs; tools/parity/runtime_signatures.json)"
                    if problems:
                        row.status, row.note = "deviates", "; ".join(problems)
            rep.rows.append(row)
        reports.append(rep)

    # The array class: methods, properties and operators.
    members = set(exports["arrayMembers"])
    core_fns = set(exports["modules"].get("mlx.core") or [])
    method_ops = {op["name"]: op for m, ops in exports["tables"].items() if m != "array" for op in ops if op["method"]}
    method_ops.update(tables.get("array", {}))
    rep = ModuleReport(ARRAY)
    arr = spec["modules"]["mlx.core"]["classes"]["array"]
    for name, info in sorted(arr["methods"].items()):
        qualified = f"{ARRAY}.{name}"
        exc = find_exception(exceptions, qualified)
        if exc:
            rep.rows.append(Row(qualified, exc["js"], "exception", exc["reason"]))
            continue
        if name in DUNDER_FUNCTION:
            fn = DUNDER_FUNCTION[name]
            ok = fn in core_fns
            rep.rows.append(Row(qualified, f"mx.{fn}(other, a)", "covered" if ok else "missing"))
            continue
        if name.startswith("__"):
            js_name = DUNDER_METHOD.get(name)
            if js_name is None:
                rep.rows.append(Row(qualified, "—", "missing", "no mapping in docs/python-to-js.md; add an exception"))
                continue
        else:
            js_name = camel(name)
        present = js_name in members or (js_name == "Symbol.iterator" and "Symbol.iterator" in members)
        row = Row(qualified, f"a.{js_name}", "covered" if present else "missing",
                  note="" if present else pending_note(pending, qualified),
                  cases=cases_for(coverage, f"a.{js_name}") if present else "")
        if present and info["kind"] in ("method", "dunder"):
            op = method_ops.get(name) or method_ops.get(DUNDER_METHOD.get(name, "")) or None
            if op is None and name in DUNDER_METHOD:
                op = next((o for o in method_ops.values() if o["jsName"] == js_name), None)
            if op is not None and not name.startswith("__"):
                problems = signature_problems(info["overloads"], op["params"], drop_first=True)
                if problems:
                    row.status, row.note = "deviates", "; ".join(problems)
        rep.rows.append(row)
    reports.insert(1, rep)
    return reports


def render(reports: list[ModuleReport], spec: dict) -> str:
    lines = [
        f"# Parity with Python mlx {spec['mlx_version']}",
        "",
        "Generated by `tools/parity/report.py` from `spec/mlx-api.json`, the exports of a running Node",
        "process and `tools/parity/exceptions.json`; do not edit by hand. A name is covered when it",
        "exists under the naming rule of docs/python-to-js.md and, for table-driven ops, every Python parameter",
        "is reachable positionally or by keyword as the rule says. Cases: passing/total differential",
        "cases (Python mlx vs Node) from the last run of the differential suite. A missing name whose",
        "issue is open says so (`tools/parity/pending.json`); it still counts as missing.",
        "",
        "| module | covered | total | % | exceptions | deviations |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in reports:
        lines.append(f"| {r.name} | {r.covered} | {r.total} | {r.percent:.1f} | {r.count('exception')} | {r.count('deviates')} |")
    tot_c = sum(r.covered for r in reports)
    tot_t = sum(r.total for r in reports)
    lines.append(f"| **all** | **{tot_c}** | **{tot_t}** | **{100.0 * tot_c / tot_t:.1f}** | "
                 f"{sum(r.count('exception') for r in reports)} | {sum(r.count('deviates') for r in reports)} |")
    mark = {"covered": "✅", "missing": "❌", "exception": "➖", "deviates": "⚠️"}
    for r in reports:
        lines += ["", f"## {r.name}", "", "| Python | JavaScript | status | cases | note |", "| --- | --- | --- | --- | --- |"]
        for row in r.rows:
            py = row.python.rsplit(".", 1)[1] if row.python.startswith(r.name + ".") else row.python
            lines.append(f"| `{py}` | `{row.js}` | {mark[row.status]} {row.status} | {row.cases} | {row.note} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if a module's coverage is below the baseline")
    ap.add_argument("--update-baseline", action="store_true")
    ap.add_argument("--stdout", action="store_true", help="print the report instead of writing PARITY.md")
    args = ap.parse_args()

    spec = json.loads(SPEC.read_text())
    reports = build(spec, node_exports(), load_exceptions(), load_coverage())
    text = render(reports, spec)
    counts = {r.name: r.covered for r in reports}

    if args.update_baseline:
        BASELINE.write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n")
    if args.check:
        baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
        dropped = {m: (baseline[m], counts.get(m, 0)) for m in baseline if counts.get(m, 0) < baseline[m]}
        for m, (was, now) in dropped.items():
            print(f"parity: {m} coverage dropped from {was} to {now}", file=sys.stderr)
        return 1 if dropped else 0
    if args.stdout:
        sys.stdout.write(text)
    else:
        OUT.write_text(text)
        for r in reports:
            print(f"{r.name:24s} {r.covered:4d}/{r.total:<4d} {r.percent:5.1f}%  exceptions {r.count('exception')}, deviations {r.count('deviates')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
