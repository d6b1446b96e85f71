"""The parity report: coverage never drops below the committed baseline, the
committed PARITY.md is what the tool generates, and the signature checker
catches what it should."""
import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "parity" / "report.py"

spec = importlib.util.spec_from_file_location("parity_report", TOOL)
report = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = report  # dataclasses look their module up
spec.loader.exec_module(report)


def test_coverage_not_below_baseline():
    r = subprocess.run([sys.executable, str(TOOL), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr


def test_parity_md_is_current():
    r = subprocess.run([sys.executable, str(TOOL), "--stdout"], capture_output=True, text=True, cwd=ROOT, check=True)
    assert (ROOT / "PARITY.md").read_text() == r.stdout, (
        "PARITY.md is stale: run `PYTHONPATH=.pydeps python3 tools/parity/report.py` and commit it")


def test_naming_rule():
    assert report.camel("zeros_like") == "zerosLike"
    assert report.camel("value_and_grad") == "valueAndGrad"
    assert report.camel("atleast_1d") == "atleast1d"
    assert report.camel("scaled_dot_product_attention") == "scaledDotProductAttention"
    assert report.camel("set_memory_limit") == "setMemoryLimit"
    assert report.camel("sum") == "sum"


def _p(name, kind, required=True):
    return {"name": name, "jsName": report.camel(name), "kind": kind, "required": required}


def test_signature_checker_accepts_the_rule():
    py = [{"params": [{"name": "a", "kind": "positional_only"},
                      {"name": "axis", "kind": "positional_or_keyword", "default": "None"},
                      {"name": "keep_dims", "kind": "positional_or_keyword", "default": "False"},
                      {"name": "stream", "kind": "keyword_only", "default": "None"}]}]
    js = [_p("a", "positional_only"), _p("axis", "positional_or_keyword", False),
          _p("keep_dims", "positional_or_keyword", False), _p("stream", "keyword_only", False)]
    assert report.signature_problems(py, js, drop_first=False) == []


def test_signature_checker_flags_deviations():
    py = [{"params": [{"name": "a", "kind": "positional_only"},
                      {"name": "axis", "kind": "positional_or_keyword", "default": "None"},
                      {"name": "stream", "kind": "keyword_only", "default": "None"}]}]
    missing_kw = [_p("a", "positional_only"), _p("axis", "positional_only", False)]
    problems = report.signature_problems(py, missing_kw, drop_first=False)
    assert "keyword 'axis' not accepted" in problems
    assert "keyword 'stream' not accepted" in problems
    required = [_p("a", "positional_only"), _p("axis", "positional_or_keyword", True), _p("stream", "keyword_only", False)]
    assert report.signature_problems(py, required, drop_first=False) == ["'axis' is optional in Python but required in JS"]
    too_short = [_p("a", "positional_only"), _p("stream", "keyword_only", False)]
    assert "'axis' not accepted at position 1" in report.signature_problems(py, too_short, drop_first=False)


def test_every_table_op_matches_its_python_signature():
    """No table-driven function deviates from Python's signature."""
    import json
    spec_json = json.loads((ROOT / "spec" / "mlx-api.json").read_text())
    reports = report.build(spec_json, report.node_exports(), report.load_exceptions(), {})
    deviations = [(r.python, r.note) for m in reports for r in m.rows if r.status == "deviates"]
    assert deviations == []
