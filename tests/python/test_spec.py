"""Checks for spec/mlx-api.json and the extractor that writes it.

Run from the repository root:
    PYTHONPATH=.pydeps python3 -m pytest tests/python/test_spec.py -q
"""

import importlib.util
import json
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO_ROOT / "spec" / "mlx-api.json"
KINDS = ["positional_only", "positional_or_keyword", "var_positional", "keyword_only", "var_keyword"]


def _load_extractor():
    # Load by path: tools/ is a directory of scripts, not an installed package.
    path = REPO_ROOT / "tools" / "parity" / "extract_spec.py"
    spec = importlib.util.spec_from_file_location("extract_spec", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


extract_spec = _load_extractor()


@pytest.fixture(scope="module")
def spec():
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))


def _params(sig):
    return [(p["name"], p["kind"], p.get("default")) for p in sig["params"]]


def _all_signatures(spec):
    for modname, module in spec["modules"].items():
        for name, fn in module["functions"].items():
            for sig in fn["overloads"]:
                yield f"{modname}.{name}", sig
        for cname, cls in module["classes"].items():
            if cls["init"] is not None:
                for sig in cls["init"]["overloads"]:
                    yield f"{modname}.{cname}.__init__", sig
            for mname, member in cls["methods"].items():
                for sig in member["overloads"]:
                    yield f"{modname}.{cname}.{mname}", sig


def test_spec_on_disk_is_fresh():
    # A stale committed spec (stubs or extractor changed) must fail here.
    fresh = extract_spec.render(extract_spec.build_spec())
    assert SPEC_PATH.read_text(encoding="utf-8") == fresh, "regenerate: tools/parity/extract_spec.py"


def test_header(spec):
    assert spec["mlx_version"] == "0.32.4"
    assert spec["generated_by"] == "tools/parity/extract_spec.py"
    expected = set(extract_spec.STUB_MODULES) | set(extract_spec.INSPECT_MODULES)
    assert set(spec["modules"]) == expected


def test_core_sum_signature(spec):
    (sig,) = spec["modules"]["mlx.core"]["functions"]["sum"]["overloads"]
    assert _params(sig) == [
        ("a", "positional_only", None),
        ("axis", "positional_or_keyword", "None"),
        ("keepdims", "positional_or_keyword", "False"),
        ("stream", "keyword_only", "None"),
    ]
    assert sig["returns"] == "array"


def test_core_overloads_and_aliases(spec):
    core = spec["modules"]["mlx.core"]["functions"]
    assert [p["name"] for p in core["arange"]["overloads"][1]["params"]][0] == "stop"
    assert len(core["arange"]["overloads"]) == 2
    assert core["acos"]["alias_of"] == "arccos"
    assert core["acos"]["overloads"] == core["arccos"]["overloads"]
    assert core["matrix_norm"]["overloads"] == spec["modules"]["mlx.core.linalg"]["functions"]["norm"]["overloads"]


def test_core_constants_and_classes(spec):
    core = spec["modules"]["mlx.core"]
    for name in ("float32", "bfloat16", "bool_", "pi", "e", "inf", "nan", "newaxis", "cpu", "gpu"):
        assert name in core["constants"], name
    assert core["constants"]["float32"]["type"] == "Dtype"
    for name in ("array", "Dtype", "DtypeCategory", "Device", "Stream", "finfo", "iinfo"):
        assert name in core["classes"], name
    assert core["classes"]["DtypeCategory"]["members"]["floating"] == "1"
    assert core["classes"]["Stream"]["init"] is None  # not constructible from Python
    assert "cuda" in core["submodules"]


def test_array_members(spec):
    array = spec["modules"]["mlx.core"]["classes"]["array"]
    methods = array["methods"]
    assert methods["__add__"]["kind"] == "dunder"
    assert methods["__radd__"]["kind"] == "dunder"
    assert methods["__getitem__"]["kind"] == "dunder"
    assert len(methods["__eq__"]["overloads"]) == 3
    assert methods["shape"]["kind"] == "property" and methods["shape"]["readonly"] is True
    assert methods["shape"]["overloads"][0]["returns"] == "tuple[int, ...]"
    assert methods["sum"]["kind"] == "method"
    # ``self`` is dropped; ``reshape(*shape, stream=None)``.
    assert _params(methods["reshape"]["overloads"][0]) == [
        ("shape", "var_positional", None),
        ("stream", "keyword_only", "None"),
    ]
    assert [p["name"] for p in array["init"]["overloads"][0]["params"]] == ["val", "dtype"]


def test_submodules(spec):
    mods = spec["modules"]
    assert "normal" in mods["mlx.core.random"]["functions"]
    assert mods["mlx.core.random"]["constants"]["state"]["runtime_only"] is True
    assert "fft2" in mods["mlx.core.fft"]["functions"]
    assert "scaled_dot_product_attention" in mods["mlx.core.fast"]["functions"]
    assert "Group" in mods["mlx.core.distributed"]["classes"]
    assert "is_available" in mods["mlx.core.metal"]["functions"]


def test_nn(spec):
    nn = spec["modules"]["mlx.nn"]
    linear = nn["classes"]["Linear"]
    assert [p["name"] for p in linear["init"]["overloads"][0]["params"]] == ["input_dims", "output_dims", "bias"]
    assert linear["bases"] == ["mlx.nn.layers.base.Module"]
    assert linear["methods"]["__call__"]["kind"] == "dunder"
    assert nn["functions"]["gelu"]["compiled"] is True
    assert "value_and_grad" in nn["functions"]
    assert "cross_entropy" in spec["modules"]["mlx.nn.losses"]["functions"]
    assert "glorot_uniform" in spec["modules"]["mlx.nn.init"]["functions"]
    # typing / stdlib names are filtered out.
    assert "Literal" not in spec["modules"]["mlx.nn.losses"]["functions"]


def test_optimizers_and_utils(spec):
    opt = spec["modules"]["mlx.optimizers"]
    assert opt["classes"]["Adam"]["bases"] == ["mlx.optimizers.optimizers.Optimizer"]
    assert opt["classes"]["Optimizer"]["methods"]["step"]["kind"] == "property"
    assert {"cosine_decay", "join_schedules"} <= set(opt["functions"])
    assert "tree_map" not in opt["functions"]  # re-export of mlx.utils, kept in notes
    utils = spec["modules"]["mlx.utils"]["functions"]
    assert {"tree_map", "tree_flatten", "tree_unflatten"} <= set(utils)


def test_signatures_are_well_formed(spec):
    # Parameter kinds must appear in Python's order, names must be unique,
    # and required positional parameters cannot follow defaulted ones.
    for where, sig in _all_signatures(spec):
        ranks = [KINDS.index(p["kind"]) for p in sig["params"]]
        assert ranks == sorted(ranks), where
        names = [p["name"] for p in sig["params"]]
        assert len(names) == len(set(names)), where
        seen_default = False
        for p in sig["params"]:
            if p["kind"] not in ("positional_only", "positional_or_keyword"):
                break
            if "default" in p:
                seen_default = True
            else:
                assert not seen_default, where
