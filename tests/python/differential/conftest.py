"""Fixtures and hooks of the differential suite (see harness.py).

The Node process is spawned once per pytest session. At the end of a session
that ran every case, coverage.json (next to this file) gets the per-export
summary the parity report reads; a partial run (-k, a single test) leaves the
previous file alone.
"""

import faulthandler
import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402


@pytest.fixture(scope="session")
def node():
    session = harness.NodeSession()
    harness.OP_TABLES.clear()
    harness.OP_TABLES.update(session.op_tables())
    harness.EXPORTS.clear()
    harness.EXPORTS.update(session.exports())
    harness.SESSION_INFO["node_pid"] = session.proc.pid
    yield session
    harness.SESSION_INFO["node_restarts"] = session.restarts
    session.close()


# A hang inside Python mlx cannot be interrupted: dump the stacks and exit rather
# than block forever (the Node side has its own 30 s timeout and is restarted).
WATCHDOG_S = 90


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    faulthandler.dump_traceback_later(WATCHDOG_S, exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


def pytest_sessionstart(session):
    harness.SESSION_INFO["started"] = time.time()


def pytest_sessionfinish(session, exitstatus):
    try:
        import cases
    except Exception:  # collection failed: nothing to report
        return
    ran = sum(1 for c in cases.CASES if c.id in harness.RESULTS)
    if not harness.OP_TABLES or not harness.EXPORTS or ran < len(cases.CASES):
        return
    targets = harness.export_targets(harness.OP_TABLES, harness.EXPORTS, cases.JS_ONLY)
    functions = harness.coverage_summary(targets, cases.CASES, harness.RESULTS,
                                         cases.NO_ERROR_CASE_OK, cases.JS_ONLY, cases.SCENARIO_TESTED)
    failures = [
        {
            "id": o.case.id,
            "function": o.case.target,
            "python": o.case.python_text(),
            "js": o.case.js_text(),
            "message": o.message,
        }
        for o in harness.RESULTS.values()
        if not o.passed
    ]
    passed = sum(o.passed for o in harness.RESULTS.values())
    exports = [t for t, f in functions.items() if f["exported"]]
    report = {
        "schema": 1,
        "mlx_version": harness.mx.__version__,
        "tolerances": {k: {"rtol": r, "atol": a} for k, (r, a) in harness.TOLERANCES.items()},
        "min_passing_cases": harness.MIN_PASSING,
        "totals": {
            "cases": len(harness.RESULTS),
            "passed": passed,
            "failed": len(harness.RESULTS) - passed,
            "exports": len(exports),
            "exports_ok": sum(functions[t]["ok"] for t in exports),
            "exports_from_op_tables": sum(functions[t]["source"] == "op_table" for t in exports),
            "exports_from_typescript": sum(functions[t]["source"] == "typescript" for t in exports),
            "exports_js_only": sorted(t for t in exports if functions[t]["js_only"]),
        },
        "excluded_classes": sorted(harness.EXCLUDED_CLASSES),
        "functions": functions,
        "failures": failures,
    }
    harness.COVERAGE_PATH.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
