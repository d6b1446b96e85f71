"""File interchange between Python and Node, both directions, bit-exact.

Python (mlx, numpy, the `safetensors` and `gguf` packages) writes files in a
temporary folder; a Node child process (the package at the repo root) reads
them and sends each array back as .npy bytes (written by mx.save(null, a));
and the reverse: Node writes from arrays Python sends it, Python reads.
Arrays are compared as raw bytes (a.view(uint8)) with dtype and shape, so NaN
payloads and -0 count. Also: loads from bytes (Buffer) agree with loads from
paths, and a seeded fuzz of damaged files (bytes flipped, truncated,
extended) never crashes the Node process.
"""
from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import mlx.core as mx

ROOT = Path(__file__).resolve().parents[2]

NODE_SCRIPT = r"""
const mx = require(process.argv[1]);
const fs = require('fs');
const b64 = (b) => Buffer.from(b).toString('base64');
const npy = (a) => b64(mx.save(null, a));
const fromNpy = (s) => mx.load(Buffer.from(s, 'base64'), { format: 'npy' });
function metaOut(m) {
  const out = {};
  for (const [k, v] of Object.entries(m)) out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) ? { npy: npy(v) } : v;
  return out;
}
function run(req) {
  if (req.op === 'load') {
    const src = req.buffer ? fs.readFileSync(req.path) : req.path;
    const opts = { format: req.format ?? null, returnMetadata: !!req.meta };
    let r = mx.load(src, opts);
    let meta = null;
    if (req.meta) [r, meta] = r;
    if (Object.getPrototypeOf(r) !== Object.prototype) return { single: npy(r) };
    const arrays = {};
    for (const [k, v] of Object.entries(r)) arrays[k] = npy(v);
    return { arrays, meta: meta && metaOut(meta) };
  }
  if (req.op === 'save') {
    const arrays = {};
    for (const [k, v] of Object.entries(req.arrays)) arrays[k] = fromNpy(v);
    const meta = req.meta ? Object.fromEntries(Object.entries(req.meta).map(([k, v]) =>
      [k, v && v.npy ? fromNpy(v.npy) : v])) : undefined;
    const file = req.buffer ? null : req.path;
    let out;
    if (req.fmt === 'npy') out = mx.save(file, arrays.x);
    else if (req.fmt === 'npz') out = mx.savez(file, arrays);
    else if (req.fmt === 'npzc') out = mx.savezCompressed(file, arrays);
    else if (req.fmt === 'safetensors') out = mx.saveSafetensors(file, arrays, meta ?? null);
    else if (req.fmt === 'gguf') out = mx.saveGguf(file, arrays, meta ?? null);
    if (req.buffer) fs.writeFileSync(req.path, out);
    return {};
  }
  if (req.op === 'fuzz') {
    // A seeded xorshift: flip bytes, truncate, extend; every load either
    // succeeds (and evaluates) or throws a JS error.
    let s = req.seed >>> 0 || 1;
    const rnd = (n) => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s % n; };
    const counts = { loads: 0, ok: 0, threw: 0, kinds: {} };
    for (const f of req.files) {
      const orig = fs.readFileSync(f.path);
      for (let k = 0; k < req.n; k++) {
        let b = Buffer.from(orig);
        const how = rnd(3);
        if (how === 0) for (let j = 0, m = 1 + rnd(8); j < m; j++) b[rnd(b.length)] = rnd(256);
        else if (how === 1) b = b.subarray(0, rnd(b.length));
        else b = Buffer.concat([b, Buffer.alloc(1 + rnd(64), rnd(256))]);
        if (how === 0 && rnd(4) === 0) b.writeUInt32LE(rnd(2 ** 32 - 1) >>> 0, Math.max(0, rnd(Math.min(b.length, 64)) - 4));
        counts.loads++;
        try {
          let src = b;
          if (f.viaPath) { fs.writeFileSync(f.tmp, b); src = f.tmp; }
          const r = mx.load(src, { format: f.format });
          mx.eval(r);
          mx.dispose(r);
          counts.ok++;
        } catch (e) {
          counts.threw++;
          const kind = e && e.constructor ? e.constructor.name : typeof e;
          counts.kinds[kind] = (counts.kinds[kind] || 0) + 1;
        }
      }
    }
    return counts;
  }
  throw new Error('unknown op ' + req.op);
}
const reqs = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = [];
for (const r of reqs) {
  try { out.push({ ok: run(r) }); } catch (e) { out.push({ error: String(e && e.message || e), type: e && e.constructor && e.constructor.name }); }
}
process.stdout.write(JSON.stringify(out));
"""


def node(reqs, timeout=120):
    p = subprocess.run(["node", "-e", NODE_SCRIPT, str(ROOT)], input=json.dumps(reqs), capture_output=True,
                       text=True, timeout=timeout)
    assert p.returncode == 0, f"node exited {p.returncode}\n{p.stderr[-3000:]}"
    return json.loads(p.stdout)


def from_npy(s: str) -> mx.array:
    return mx.load(io.BytesIO(base64.b64decode(s)), format="npy")


def to_npy(a: mx.array) -> str:
    f = io.BytesIO()
    mx.save(f, a)
    return base64.b64encode(f.getvalue()).decode()


def raw(a: mx.array) -> bytes:
    mx.eval(a)
    if a.size == 0:
        return b""
    return bytes(np.array(a.reshape(-1).view(mx.uint8)))


def assert_same(py: mx.array, nd: mx.array, where=""):
    assert py.dtype == nd.dtype, f"{where}: dtype {py.dtype} vs {nd.dtype}"
    assert tuple(py.shape) == tuple(nd.shape), f"{where}: shape {py.shape} vs {nd.shape}"
    assert raw(py) == raw(nd), f"{where}: bytes differ"


ALL = ["bool_", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64", "float16", "bfloat16",
       "float32", "float64", "complex64"]
WRITABLE = {
    "npy": ALL, "npz": ALL, "npzc": ALL,
    "safetensors": [d for d in ALL if d != "float64"],
    "gguf": ["int8", "int16", "int32", "float16", "float32"],
}


def sample(dtype: str, seed: int, shape=(3, 4)) -> mx.array:
    rs = np.random.RandomState(seed)
    n = int(np.prod(shape))
    dt = getattr(mx, dtype)
    if dtype == "bool_":
        return mx.array(rs.rand(n).reshape(shape) > 0.5)
    if dtype.startswith(("uint", "int")):
        info = np.iinfo(getattr(np, dtype))
        v = rs.randint(max(info.min, -2**31), min(info.max, 2**31 - 1), size=n, dtype=np.int64).astype(getattr(np, dtype))
        v[0] = info.max  # extremes travel exactly
        v[1] = info.min
        return mx.array(v.reshape(shape))
    v = (rs.randn(n) * 100).astype(np.float64)
    v[:5] = [np.nan, np.inf, -np.inf, -0.0, 1e-30]
    if dtype == "complex64":
        return mx.array((v + 1j * rs.randn(n)).astype(np.complex64).reshape(shape))
    if dtype == "float64":
        return mx.array(v.reshape(shape), dtype=mx.float64)
    return mx.array(v.astype(np.float32).reshape(shape)).astype(dt)


def py_write(fmt, path, arrays, meta=None):
    if fmt == "npy":
        mx.save(path, arrays["x"])
    elif fmt == "npz":
        mx.savez(path, **arrays)
    elif fmt == "npzc":
        mx.savez_compressed(path, **arrays)
    elif fmt == "safetensors":
        mx.save_safetensors(path, arrays, meta)
    elif fmt == "gguf":
        mx.save_gguf(path, arrays, meta or {})


EXT = {"npy": "npy", "npz": "npz", "npzc": "npz", "safetensors": "safetensors", "gguf": "gguf"}


def arrays_for(fmt):
    if fmt == "npy":
        return [(d, {"x": sample(d, i)}) for i, d in enumerate(WRITABLE[fmt])]
    return [("all", {f"t_{d}": sample(d, i) for i, d in enumerate(WRITABLE[fmt])})]


@pytest.mark.parametrize("fmt", list(WRITABLE))
@pytest.mark.parametrize("buffer", [False, True], ids=["path", "bytes"])
def test_python_writes_node_reads(tmp_path, fmt, buffer):
    cases = arrays_for(fmt)
    reqs = []
    for k, (name, arrays) in enumerate(cases):
        p = str(tmp_path / f"f{k}.{EXT[fmt]}")
        meta = {"k": "v", "format": "mlx"} if fmt == "safetensors" else (
            {"s": "text", "l": ["a", "b"], "n": mx.array([1, 2], mx.int32)} if fmt == "gguf" else None)
        py_write(fmt, p, arrays, meta)
        reqs.append({"op": "load", "path": p, "buffer": buffer, "format": EXT[fmt] if buffer else None,
                     "meta": meta is not None})
    out = node(reqs)
    for (name, arrays), r in zip(cases, out):
        assert "ok" in r, r
        r = r["ok"]
        if fmt == "npy":
            assert_same(arrays["x"], from_npy(r["single"]), f"{fmt} {name}")
            continue
        assert set(r["arrays"]) == set(arrays)
        for k, a in arrays.items():
            assert_same(a, from_npy(r["arrays"][k]), f"{fmt} {k}")
        if fmt == "safetensors":
            assert r["meta"] == {"k": "v", "format": "mlx"}
        if fmt == "gguf":
            assert r["meta"]["s"] == "text" and r["meta"]["l"] == ["a", "b"]
            assert_same(mx.array([1, 2], mx.int32), from_npy(r["meta"]["n"]["npy"]), "gguf metadata")


@pytest.mark.parametrize("fmt", list(WRITABLE))
@pytest.mark.parametrize("buffer", [False, True], ids=["path", "bytes"])
def test_node_writes_python_reads(tmp_path, fmt, buffer):
    cases = arrays_for(fmt)
    reqs = []
    for k, (name, arrays) in enumerate(cases):
        p = str(tmp_path / f"f{k}.{EXT[fmt]}")
        meta = {"k": "v"} if fmt == "safetensors" else (
            {"s": "text", "l": ["a", "b"], "n": {"npy": to_npy(mx.array([3.5], mx.float32))}} if fmt == "gguf" else None)
        reqs.append({"op": "save", "fmt": fmt, "path": p, "buffer": buffer,
                     "arrays": {n: to_npy(a) for n, a in arrays.items()}, "meta": meta})
    out = node(reqs)
    for (name, arrays), req, r in zip(cases, reqs, out):
        assert "ok" in r, r
        if fmt == "npy":
            assert_same(arrays["x"], mx.load(req["path"]), f"{fmt} {name}")
            continue
        if fmt in ("safetensors", "gguf"):
            got, meta = mx.load(req["path"], return_metadata=True)
        else:
            got, meta = mx.load(req["path"]), None
        assert set(got) == set(arrays)
        for k, a in arrays.items():
            assert_same(a, got[k], f"{fmt} {k}")
        if fmt == "safetensors":
            assert meta == {"k": "v"}
        if fmt == "gguf":
            assert meta["s"] == "text" and meta["l"] == ["a", "b"]
            assert_same(mx.array([3.5], mx.float32), meta["n"], "gguf metadata")


def test_same_bytes_as_python(tmp_path):
    """npy and single-tensor safetensors files are byte-for-byte Python's."""
    a = sample("float32", 1)
    reqs = [{"op": "save", "fmt": "npy", "path": str(tmp_path / "n.npy"), "arrays": {"x": to_npy(a)}},
            {"op": "save", "fmt": "safetensors", "path": str(tmp_path / "n.safetensors"), "arrays": {"x": to_npy(a)},
             "buffer": True}]
    assert all("ok" in r for r in node(reqs))
    mx.save(str(tmp_path / "p.npy"), a)
    mx.save_safetensors(str(tmp_path / "p.safetensors"), {"x": a})
    assert (tmp_path / "n.npy").read_bytes() == (tmp_path / "p.npy").read_bytes()
    assert (tmp_path / "n.safetensors").read_bytes() == (tmp_path / "p.safetensors").read_bytes()


NP_DTYPES = ["bool", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64", "float16", "float32",
             "complex64"]


def np_sample(dtype, seed):
    return np.array(sample("bool_" if dtype == "bool" else dtype, seed))


def test_numpy_npz_both_ways(tmp_path):
    arrays = {f"t_{d}": np_sample(d, i) for i, d in enumerate(NP_DTYPES)}
    np.savez(tmp_path / "a.npz", **arrays)
    np.savez_compressed(tmp_path / "b.npz", **arrays)
    np.save(tmp_path / "c.npy", arrays["t_float32"])
    reqs = [{"op": "load", "path": str(tmp_path / n)} for n in ("a.npz", "b.npz", "c.npy")]
    reqs += [{"op": "save", "fmt": f, "path": str(tmp_path / f"n_{f}.npz"),
              "arrays": {k: to_npy(mx.array(v)) for k, v in arrays.items()}} for f in ("npz", "npzc")]
    out = node(reqs)
    for r in out[:2]:
        for k, v in arrays.items():
            assert_same(mx.array(v), from_npy(r["ok"]["arrays"][k]), k)
    assert_same(mx.array(arrays["t_float32"]), from_npy(out[2]["ok"]["single"]), "npy")
    for f in ("npz", "npzc"):
        with np.load(tmp_path / f"n_{f}.npz") as z:
            assert set(z.files) == set(arrays)
            for k, v in arrays.items():
                assert z[k].dtype == v.dtype and z[k].tobytes() == v.tobytes(), (f, k)


def test_safetensors_package_both_ways(tmp_path):
    from safetensors.numpy import load_file, save_file

    arrays = {f"t_{d}": np_sample(d, i) for i, d in enumerate(NP_DTYPES) if d != "complex64"}
    save_file(arrays, str(tmp_path / "p.safetensors"), metadata={"who": "safetensors"})
    out = node([{"op": "load", "path": str(tmp_path / "p.safetensors"), "meta": True},
                {"op": "load", "path": str(tmp_path / "p.safetensors"), "buffer": True, "format": "safetensors"},
                {"op": "save", "fmt": "safetensors", "path": str(tmp_path / "n.safetensors"),
                 "arrays": {k: to_npy(mx.array(v)) for k, v in arrays.items()}, "meta": {"who": "node"}}])
    for r in out[:2]:
        for k, v in arrays.items():
            assert_same(mx.array(v), from_npy(r["ok"]["arrays"][k]), k)
    assert out[0]["ok"]["meta"] == {"who": "safetensors"}
    back = load_file(str(tmp_path / "n.safetensors"))
    for k, v in arrays.items():
        assert back[k].dtype == v.dtype and back[k].tobytes() == v.tobytes(), k


def test_gguf_package_both_ways(tmp_path):
    import gguf

    arrays = {f"t_{d}": np_sample(d, i) for i, d in enumerate(["int8", "int16", "int32", "float16", "float32"])}
    w = gguf.GGUFWriter(str(tmp_path / "p.gguf"), "llama")
    w.add_string("general.name", "from-gguf")
    w.add_uint32("some.count", 7)
    for k, v in arrays.items():
        w.add_tensor(k, v)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    out = node([{"op": "load", "path": str(tmp_path / "p.gguf"), "meta": True},
                {"op": "load", "path": str(tmp_path / "p.gguf"), "buffer": True, "format": "gguf"},
                {"op": "save", "fmt": "gguf", "path": str(tmp_path / "n.gguf"),
                 "arrays": {k: to_npy(mx.array(v)) for k, v in arrays.items()}, "meta": {"s": "node"}}])
    for r in out[:2]:
        assert "ok" in r, r
        for k, v in arrays.items():
            assert_same(mx.array(v), from_npy(r["ok"]["arrays"][k]), k)
    meta = out[0]["ok"]["meta"]
    assert meta["general.name"] == "from-gguf"
    assert_same(mx.array(7, mx.uint32), from_npy(meta["some.count"]["npy"]), "uint32 metadata")
    rd = gguf.GGUFReader(str(tmp_path / "n.gguf"))
    got = {t.name: t for t in rd.tensors}
    assert set(got) == set(arrays)
    for k, v in arrays.items():
        # GGUF lists dimensions innermost first; the data is the same row-major bytes
        assert bytes(got[k].data.tobytes()) == v.tobytes(), k


def test_errors_name_the_path(tmp_path):
    missing = str(tmp_path / "missing.safetensors")
    (tmp_path / "bad.npz").write_bytes(b"not a zip at all")
    out = node([{"op": "load", "path": missing}, {"op": "load", "path": str(tmp_path / "bad.npz")},
                {"op": "load", "path": str(tmp_path)+"/x.xyz"}])
    assert out[0]["type"] == "MLXError" and missing in out[0]["error"]
    assert out[1]["type"] == "MLXError" and "zip" in out[1]["error"]
    assert out[2]["type"] == "MLXError"


FUZZ_N = int(os.environ.get("MLX_NODE_IO_FUZZ", "500"))  # loads per seed file (8 files)


def test_fuzz_damaged_files_never_crash(tmp_path):
    files = []
    a = {"a": sample("float32", 3), "b": sample("int8", 4, (5,))}
    for fmt in ("npy", "npz", "npzc", "safetensors", "gguf"):
        p = str(tmp_path / f"seed_{fmt}.{EXT[fmt]}")
        py_write(fmt, p, {"x": a["a"]} if fmt == "npy" else a)
        # gguf is read by path only (bytes go through a temporary file in mx.load)
        files.append({"path": p, "format": EXT[fmt], "viaPath": fmt in ("gguf", "safetensors"),
                      "tmp": str(tmp_path / f"fuzz_{fmt}.{EXT[fmt]}")})
    for fmt in ("npz", "npzc"):  # npz by path too (read member by member from the file)
        files.append({"path": str(tmp_path / f"seed_{fmt}.npz"), "format": "npz", "viaPath": True,
                      "tmp": str(tmp_path / f"fuzz_path_{fmt}.npz")})
    p = str(tmp_path / "seed_meta.gguf")  # GGUF metadata of each kind MLX writes
    mx.save_gguf(p, a, {"s": "hello", "l": ["x", "yy"], "n": mx.array([1.5, 2.5]), "i": mx.array(3)})
    files.append({"path": p, "format": "gguf", "viaPath": True, "tmp": str(tmp_path / "fuzz_meta.gguf")})
    out = node([{"op": "fuzz", "files": files, "seed": 12345, "n": FUZZ_N}], timeout=300)
    counts = out[0]["ok"]
    assert counts["loads"] == FUZZ_N * len(files)
    assert counts["ok"] + counts["threw"] == counts["loads"]
    assert set(counts["kinds"]) <= {"MLXError", "TypeError", "RangeError"}, counts


def test_functions_both_ways(tmp_path):
    """A function exported by Python runs in Node and the reverse, with the same results. The Python
    side runs in its own process: exported functions record their streams, and earlier in-process
    tests may have cleared this thread's default streams (mx.clear_streams)."""
    py = r"""
import base64, io, json, sys
import mlx.core as mx
d = sys.argv[1]
def npy(a):
    f = io.BytesIO(); mx.save(f, a); return base64.b64encode(f.getvalue()).decode()
x = mx.array([0.5, -1.25, 3.0, float("nan")]); y = mx.array([2.0, 0.25, -1.5, 1.0])
if sys.argv[2] == "export":
    mx.export_function(d + "/py.mlxfn", lambda a, b: [mx.sin(a) * b, a.sum()], x, y, metadata="py")
    print(json.dumps({"x": npy(x), "y": npy(y), "want": [npy(mx.sin(x) * y), npy(x.sum())]}))
else:
    f, meta = mx.import_function(d + "/node.mlxfn", return_metadata=True)
    print(json.dumps({"meta": meta, "out": [npy(a) for a in f(x, y)]}))
"""
    env = dict(os.environ)

    def run_py(mode):
        p = subprocess.run([sys.executable, "-c", py, str(tmp_path), mode], capture_output=True, text=True,
                           env=env, timeout=120)
        assert p.returncode == 0, p.stderr[-3000:]
        return json.loads(p.stdout)

    src = run_py("export")
    script = r"""
const mx = require(process.argv[1]); const fs = require('fs');
const [req] = JSON.parse(fs.readFileSync(0, 'utf8'));
const x = mx.load(Buffer.from(req.x, 'base64'), { format: 'npy' });
const y = mx.load(Buffer.from(req.y, 'base64'), { format: 'npy' });
const [f, meta] = mx.importFunction(req.py, true);
const out = f(x, y).map((a) => mx.save(null, a).toString('base64'));
mx.exportFunction(req.node, (a, b) => [mx.sin(a).multiply(b), a.sum()], x, y, { metadata: 'node' });
process.stdout.write(JSON.stringify({ meta, out }));
"""
    req = {"x": src["x"], "y": src["y"], "py": str(tmp_path / "py.mlxfn"), "node": str(tmp_path / "node.mlxfn")}
    p = subprocess.run(["node", "-e", script, str(ROOT)], input=json.dumps([req]), capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr[-3000:]
    r = json.loads(p.stdout)
    assert r["meta"] == "py"
    assert r["out"] == src["want"], "python function in node: npy bytes differ"
    back = run_py("import")
    assert back["meta"] == "node"
    assert back["out"] == src["want"], "node function in python: npy bytes differ"
