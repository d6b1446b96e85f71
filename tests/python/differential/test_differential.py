"""Differential conformance: every case of cases.py, in Python mlx and in mlx-node.

Run from the repository root:
    PYTHONPATH=.pydeps python3 -m pytest -q tests/python/differential
Each test id is the Python call; a failure shows the JS call and both outcomes.
"""

import os
import subprocess
import sys

import pytest

import harness
from cases import CASES, JS_ONLY, NO_ERROR_CASE_OK, SCENARIO_TESTED


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(node, case):
    outcome = harness.run_case(node, case)
    if not outcome.passed:
        pytest.fail(outcome.message, pytrace=False)


def _targets():
    return harness.export_targets(harness.OP_TABLES, harness.EXPORTS, JS_ONLY)


def test_every_export_has_cases(node):
    """Every function the Node package exports (op tables and TypeScript ones, keyed
    by JS name) has >= 3 passing cases and an error case, or is JS-only (JS_ONLY)."""
    for c in CASES:
        if c.id not in harness.RESULTS:
            harness.run_case(node, c)
    functions = harness.coverage_summary(_targets(), CASES, harness.RESULTS, NO_ERROR_CASE_OK, JS_ONLY, SCENARIO_TESTED)
    lacking = [
        f"{info['python']} ({name}): {', '.join(info['problems'])}"
        for name, info in functions.items()
        if info["exported"] and info["problems"]
    ]
    assert not lacking, "exports without enough differential cases:\n" + "\n".join(lacking)


def test_typescript_exports_are_listed(node):
    """The export list from Node has the TypeScript functions, and no class is left unclassified."""
    targets = _targets()
    ts = {t for t, info in targets.items() if info["table"] == "ts"}
    for t in ("mx.array", "mx.issubdtype", "mx.finfo", "mx.iinfo", "mx.eval", "mx.async_eval", "mx.tidy"):
        assert t in ts, f"{t} missing from the TypeScript exports: {sorted(ts)}"
    # Runtime functions come from the native tables now; either way they are exported.
    for t in ("mx.default_device", "mx.set_memory_limit", "mx.clear_cache", "mx.synchronize"):
        assert t in targets, f"{t} is not exported"
    assert not any(t.rsplit(".", 1)[-1] in harness.EXCLUDED_CLASSES for t in targets)
    unknown = harness.unclassified_classes(harness.EXPORTS)
    assert not unknown, f"exported classes neither excluded nor callable: {unknown} (harness.EXCLUDED_CLASSES)"
    stale = sorted(set(JS_ONLY) - set(targets))
    assert not stale, f"JS_ONLY names that Node does not export: {stale}"


def test_cases_target_exports(node):
    """Cases only for functions Node exports (catches typos in case names)."""
    targets = _targets()
    unknown = sorted({c.target for c in CASES} - set(targets))
    assert not unknown, f"cases for functions that are not exported: {unknown}"


def test_js_names_follow_the_naming_rule(node):
    for mod, entries in harness.OP_TABLES.items():
        for e in entries:
            assert e["jsName"] == harness.snake_to_camel(e["name"]), (mod, e["name"], e["jsName"])


def test_random_bits_match_across_processes(node):
    """Same seed, same libmlx: both processes draw the same bits (key, normal, uniform)."""
    for seed in (0, 1, 12345, 2**32 + 5):
        for fn, args in (("mx.random.normal", ((64,),)), ("mx.random.uniform", (0, 1, (64,)))):
            case = harness.Case(fn, args, {}, seed=seed, exact=True)
            py = harness.run_python(case)
            nd = node.call(fn, args, {}, seed)
            notes = harness.compare(py, nd, exact=True)
            assert notes.get("bit_exact") == 1, f"{fn} with seed {seed} is not bit-identical"


def test_ambiguous_float_is_refused():
    with pytest.raises(harness.AmbiguousScalar):
        harness.encode(2.0)
    assert harness.encode(2.5) == 2.5
    assert harness.encode(2**60) == {"$bigint": str(2**60)}
    assert harness.encode(float("nan")) == {"$float": "nan"}


def test_non_array_values_encode_and_normalise():
    mx = harness.mx
    assert harness.encode(mx.floating) == {"$category": "floating"}
    assert harness.encode(mx.cpu) == {"$device": "cpu"}
    assert harness.encode(mx.Device(mx.cpu, 1)) == {"$device": "cpu", "index": 1}
    assert harness.encode(harness.call("mx.default_stream", mx.cpu)) == {
        "$call": {"fn": "mx.defaultStream", "args": [{"$device": "cpu"}], "kwargs": {}}}
    with pytest.raises(TypeError):
        harness.encode(mx.default_stream(mx.cpu))
    assert harness.normalize_py(mx.integer) == ("category", "integer")
    assert harness.normalize_py(mx.Device(mx.cpu)) == {"$device": "cpu", "index": 0}
    s = harness.normalize_py(mx.new_stream(mx.cpu))
    assert s["$stream"]["device"] == {"$device": "cpu", "index": 0} and isinstance(s["$stream"]["index"], int)
    assert harness.NORMALIZERS["stream_index"](s)["$stream"]["index"] == "<int >= 0>"
    assert harness.NORMALIZERS["nonneg_int"](5) == harness.NORMALIZERS["nonneg_int"](7)
    assert harness.NORMALIZERS["nonneg_int"](-1) == -1 and harness.NORMALIZERS["nonneg_int"](True) is True
    i = harness.normalize_py(mx.iinfo(mx.uint64))["$iinfo"]
    assert i["max"] == 2**64 - 1 and i["dtype"] == ("dtype", "uint64")
    f = harness.normalize_py(mx.finfo(mx.float16))["$finfo"]
    harness.compare(f, {**f, "min": -65504})  # a JS number that reads back as an int
    with pytest.raises(harness.Mismatch):
        harness.compare(("dtype", "int32"), ("dtype", "int64"))
    with pytest.raises(harness.Mismatch):
        harness.compare(("category", "integer"), ("dtype", "int32"))
    assert harness.camel_to_snake("getActiveMemory") == "get_active_memory"
    assert harness.camel_to_snake("issubdtype") == "issubdtype"


def test_compare_is_nan_and_inf_aware():
    import numpy as np

    nan, inf = float("nan"), float("inf")
    a = harness.NArray("float32", (4,), np.array([nan, inf, -inf, 1.0], np.float32))
    harness.compare(a, harness.NArray("float32", (4,), np.array([nan, inf, -inf, 1.0000001], np.float32)))
    for bad in ([1.0, inf, -inf, 1.0], [nan, -inf, -inf, 1.0], [nan, inf, -inf, 1.1]):
        with pytest.raises(harness.Mismatch):
            harness.compare(a, harness.NArray("float32", (4,), np.array(bad, np.float32)))
    with pytest.raises(harness.Mismatch):
        harness.compare(a, harness.NArray("float16", (4,), a.values.astype(np.float16)))
    with pytest.raises(harness.Mismatch):
        harness.compare(a, harness.NArray("float32", (2, 2), a.values.reshape(2, 2)))
    with pytest.raises(harness.Mismatch):
        harness.compare(harness.Raised("ValueError", "x"), a)
    harness.compare(harness.Raised("ValueError", "x"), harness.Raised("MLXError", "y"))


def test_node_server_survives_bad_requests(node):
    for req in ({"fn": "mx.nope"}, {"fn": "method:sum", "args": [1]}, {"fn": "mx.sum", "args": [{"$array": {}}]},
                {"fn": 5}, {"args": "x"}, {"fn": "mx.eval", "args": [{"$call": {"fn": "mx.nope"}}]},
                {"fn": "mx.eval", "pre": [{"$call": {"fn": "mx.nope"}}]}, {"fn": "mx.zeros", "pre": 3}):
        resp = node.request(req)
        assert resp["ok"] is False and resp["error"]["type"]
    assert node.request({"fn": "$ping"})["ok"]


FAILED_ASYNC_EVALS = 300


def test_failed_async_evals_do_not_wedge_evaluation():
    """Many async evaluations that fail (the inverse of a singular matrix on the CPU),
    then an ordinary eval: Python mlx gets through (its async_eval raises the error
    racily, at that call or a later one); so must Node. Both run in processes of
    their own, so a hang fails this test only, and no leftover error reaches the
    other cases."""
    # Python mlx itself can wedge here (the stream bug the addon works around):
    # a timeout on its side is reported, not failed; Node must get through.
    try:
        py = subprocess.run(
        [sys.executable, "-c", f"""
import mlx.core as mx
for i in range({FAILED_ASYNC_EVALS}):
    try:
        mx.async_eval(mx.linalg.inv(mx.zeros((2, 2)), stream=mx.cpu))
    except RuntimeError:
        pass
for i in range(3):
    try:
        mx.eval(mx.zeros((1000,)) + 1)
    except RuntimeError:
        pass
print("ok")
"""],
        capture_output=True, text=True, timeout=60, env=dict(os.environ),
        )
        assert py.returncode == 0 and py.stdout.strip() == "ok", f"python: {py.returncode} {py.stderr[-2000:]}"
    except subprocess.TimeoutExpired:
        print("note: Python mlx did not finish its failing async evals within 60 s (it wedges at times)")
    session = harness.NodeSession(timeout=5)
    singular = harness.call("mx.linalg.inv", harness.mx.zeros((2, 2)), stream=harness.mx.cpu)
    step = "start"
    try:
        for i in range(FAILED_ASYNC_EVALS):
            step = f"await mx.asyncEval(mx.linalg.inv(mx.zeros([2, 2]), {{stream: mx.cpu}})) #{i + 1}"
            session.call("mx.async_eval", (singular,))
        step = "then mx.eval(mx.zeros([1000]).add(1))"
        session.call("mx.eval", (harness.call("mx.add", harness.call("mx.zeros", (1000,)), 1),))
    except TimeoutError:
        pytest.fail(f"node hung (no answer in {session.timeout} s) at: {step}", pytrace=False)
    finally:
        session.close()
