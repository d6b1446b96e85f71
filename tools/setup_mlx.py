#!/usr/bin/env python3
"""Lay out MLX (and a fast BLAS) for the addon to build and link against.

Default: pip installs the pinned CPU wheels into runtime/site, a pip --target
folder, so every library keeps the relative layout its own RPATH expects
(libmlx.so finds ../../mlx_cpu.libs). Nothing is installed into the system.

  MLX_BACKEND=cpu     mlx-cpu==0.32.4 (default; Linux)
  MLX_BACKEND=cuda13  mlx-cuda-13==0.32.4 (NVIDIA GPUs)
  MLX_DIR=<dir>       an existing install: a site-packages folder or the
                      mlx package folder itself (e.g. macOS `pip install mlx`)

It writes runtime/mlx.json, which CMakeLists.txt reads, and, where libmlx
imports CBLAS/LAPACK symbols, runtime/gen/blas_forward.S: one `jmp` per
symbol into scipy-openblas32's `scipy_`-prefixed exports. The addon links
that file and libscipy_openblas.so; as the dlopened object that is first in
its own lookup scope, its definitions win over the netlib BLAS the wheel
bundles, with no LD_PRELOAD and no system package.

Also (unless --no-python) installs the Python side used by the tests and
benchmarks (mlx itself, numpy, pytest) into .pydeps.
"""
import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

MLX_VERSION = "0.32.4"
OPENBLAS_WHEEL = "scipy-openblas32==0.3.34.481.3"
# safetensors and gguf: test-side writers of those formats (tests/python/test_io.py)
PYTHON_DEPS = [f"mlx=={MLX_VERSION}", "numpy>=1.26", "pytest>=8", "safetensors==0.8.0", "gguf==0.19.0"]
BACKEND_WHEELS = {
    "cpu": [f"mlx-cpu=={MLX_VERSION}"],
    "cuda13": [f"mlx-cuda-13=={MLX_VERSION}"],
}

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = ROOT / "runtime"
SITE = RUNTIME / "site"


def log(msg):
    print(f"[setup_mlx] {msg}", flush=True)


def pip_install(target: Path, reqs, marker_name: str):
    """pip install reqs into target, skipped when the same set is already there."""
    marker = target / marker_name
    want = "\n".join(sorted(reqs))
    if marker.exists() and marker.read_text() == want:
        log(f"{target.relative_to(ROOT)} up to date")
        return
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    log(f"pip install --target {target.relative_to(ROOT)} {' '.join(reqs)}")
    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode:
        sys.exit("setup_mlx: this Python has no pip; install it (Debian: apt-get install python3-pip)")
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "--no-warn-script-location", "--target", str(target), *reqs]
    env = dict(os.environ, PIP_ROOT_USER_ACTION="ignore")
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if r.returncode and "externally-managed-environment" in r.stderr:
        # PEP 668 (Debian's system Python): a --target folder touches no
        # system package, so overriding the marker is safe here.
        r = subprocess.run(cmd + ["--break-system-packages"], env=env, capture_output=True, text=True)
    if r.returncode:
        sys.stderr.write(r.stdout + r.stderr)
        sys.exit(f"setup_mlx: pip failed installing {reqs}")
    marker.write_text(want)


def find_mlx_package(base: Path) -> Path:
    """Accept a site-packages folder or the mlx package folder itself."""
    for cand in (base / "mlx", base):
        if (cand / "include" / "mlx" / "mlx.h").exists():
            return cand
    sys.exit(f"MLX_DIR={base}: no mlx/include/mlx/mlx.h below it; point it at a site-packages "
             "folder holding mlx (pip install mlx) or at the mlx package folder")


def find_libmlx(mlx_pkg: Path) -> Path:
    for name in ("libmlx.so", "libmlx.dylib"):
        p = mlx_pkg / "lib" / name
        if p.exists():
            return p
    sys.exit(f"no libmlx in {mlx_pkg / 'lib'}")


def undefined_symbols(lib: Path):
    out = subprocess.run(["nm", "-D", "--undefined-only", str(lib)],
                         check=True, capture_output=True, text=True).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}


def defined_symbols(lib: Path):
    out = subprocess.run(["nm", "-D", "--defined-only", str(lib)],
                         check=True, capture_output=True, text=True).stdout
    return {line.split()[-1].split("@")[0] for line in out.splitlines() if line.strip()}


# Imports defined in C++ instead of a stub (src/native/blas/: cblas_sgemm sends
# matrix-vector products to sgemv).
SHIMMED = {"cblas_sgemm"}


def write_blas_forwarding(libmlx: Path, openblas: Path, out: Path):
    """One forwarding stub per BLAS/LAPACK symbol libmlx imports and OpenBLAS exports
    (but the SHIMMED ones, which the addon defines)."""
    wanted = sorted(s for s in undefined_symbols(libmlx)
                    if s.startswith("cblas_") or (s.endswith("_") and not s.startswith("_")))
    exported = defined_symbols(openblas)
    forwarded = [s for s in wanted if "scipy_" + s in exported]
    missing = [s for s in wanted if "scipy_" + s not in exported]
    if missing:
        sys.exit(f"OpenBLAS lacks {missing}: cannot route all of libmlx's BLAS/LAPACK to it")
    lines = ["# Generated by tools/setup_mlx.py from `nm -D --undefined-only libmlx`. Do not edit.",
             ".text"]
    for s in forwarded:
        if s in SHIMMED:
            continue
        lines += [f".globl {s}", f".type {s}, @function", f"{s}:", f"    jmp scipy_{s}@PLT", ""]
    lines.append('.section .note.GNU-stack,"",@progbits')
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    return forwarded


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-python", action="store_true", help="skip the Python test/bench deps")
    args = ap.parse_args()

    backend = os.environ.get("MLX_BACKEND", "cpu")
    mlx_dir = os.environ.get("MLX_DIR")
    linux = platform.system() == "Linux"

    if mlx_dir:
        mlx_pkg = find_mlx_package(Path(mlx_dir).resolve())
        backend = "external"
    else:
        if backend not in BACKEND_WHEELS:
            sys.exit(f"MLX_BACKEND={backend!r} is not one of {sorted(BACKEND_WHEELS)}")
        reqs = list(BACKEND_WHEELS[backend])
        if linux:
            reqs.append(OPENBLAS_WHEEL)
        pip_install(SITE, reqs, ".installed")
        mlx_pkg = SITE / "mlx"

    libmlx = find_libmlx(mlx_pkg)
    config = {
        "version": MLX_VERSION,
        "backend": backend,
        "mlx_package": str(mlx_pkg),
        "lib_dir": str(libmlx.parent),
        "include_dir": str(mlx_pkg / "include"),
        "cmake_dir": str(mlx_pkg / "share" / "cmake" / "MLX"),
        "blas_forward": None,
        "openblas_lib_dir": None,
    }

    if linux and not mlx_dir:
        openblas = SITE / "scipy_openblas32" / "lib" / "libscipy_openblas.so"
        fwd = RUNTIME / "gen" / "blas_forward.S"
        syms = write_blas_forwarding(libmlx, openblas, fwd)
        config["blas_forward"] = str(fwd)
        config["openblas_lib_dir"] = str(openblas.parent)
        log(f"routing {len(syms)} BLAS/LAPACK symbols to OpenBLAS")

    RUNTIME.mkdir(parents=True, exist_ok=True)
    (RUNTIME / "mlx.json").write_text(json.dumps(config, indent=2) + "\n")
    log(f"MLX {MLX_VERSION} ({backend}) at {mlx_pkg}")

    if not args.no_python:
        pip_install(ROOT / ".pydeps", PYTHON_DEPS + BACKEND_WHEELS.get(backend, []) if not mlx_dir
                    else PYTHON_DEPS, ".installed")


if __name__ == "__main__":
    main()
