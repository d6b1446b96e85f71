"""Differential conformance: every case of cases.py, in Python mlx and in mlx-node.

Run from the repository root:
    PYTHONPATH=.pydeps python3 -m pytest -q tests/python/differential
Each test id is the Python call; a failure shows the JS call and both outcomes.
"""

import pytest

import harness
from cases import CASES, NO_ERROR_CASE_OK


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(node, case):
    outcome = harness.run_case(node, case)
    if not outcome.passed:
        pytest.fail(outcome.message, pytrace=False)


def test_every_export_has_cases(node):
    """Each export of the op tables has >= 3 passing cases and an error case."""
    for c in CASES:
        if c.id not in harness.RESULTS:
            harness.run_case(node, c)
    functions = harness.coverage_summary(harness.OP_TABLES, CASES, harness.RESULTS, NO_ERROR_CASE_OK)
    lacking = [
        f"{info['python']} ({name}): {', '.join(info['problems'])}"
        for name, info in functions.items()
        if info["exported"] and info["problems"]
    ]
    assert not lacking, "exports without enough differential cases:\n" + "\n".join(lacking)


def test_cases_target_exports(node):
    """Cases only for functions the op tables know (catches typos in case names)."""
    targets = harness.exported_targets(harness.OP_TABLES)
    unknown = sorted({c.target for c in CASES} - set(targets))
    assert not unknown, f"cases for functions not in the op tables: {unknown}"


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
                {"fn": 5}, {"args": "x"}):
        resp = node.request(req)
        assert resp["ok"] is False and resp["error"]["type"]
    assert node.request({"fn": "$ping"})["ok"]
