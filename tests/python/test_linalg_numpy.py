"""mx.linalg in Node (MLX routed to OpenBLAS) checked against NumPy.

Inputs are float32 and well conditioned (SPD with a boosted diagonal); the
tolerances are float32 rounding scaled by the problem size: rtol 1e-4 for
results that go through a factorisation (inv, cholesky, eigh, svd of 64x64
matrices accumulate ~n·eps ≈ 8e-6 relative error per entry, with headroom),
residual checks against 1e-4·‖A‖."""
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "differential"))
import harness  # noqa: E402

RTOL = 1e-4


@pytest.fixture(scope="module")
def node():
    s = harness.NodeSession()
    yield s
    s.close()


def spd(n, seed):
    r = np.random.RandomState(seed)
    a = r.standard_normal((n, n)).astype(np.float32)
    return (a @ a.T / n + np.eye(n, dtype=np.float32)).astype(np.float32)


def general(n, seed):
    return np.random.RandomState(seed).standard_normal((n, n)).astype(np.float32)


def call(node, fn, *args, **kwargs):
    r = node.call("mx." + fn, [harness.encode_array(np.ascontiguousarray(a)) if isinstance(a, np.ndarray) else a for a in args], kwargs)
    assert not isinstance(r, harness.Raised), r
    return r


def values(r):
    return r.values if isinstance(r, harness.NArray) else [x.values for x in r]


@pytest.mark.parametrize("n,seed", [(4, 0), (64, 1), (128, 2)])
def test_inv(node, n, seed):
    a = spd(n, seed)
    got = values(call(node, "linalg.inv", a))
    np.testing.assert_allclose(got, np.linalg.inv(a.astype(np.float64)), rtol=RTOL, atol=1e-5)
    np.testing.assert_allclose(a @ got, np.eye(n), atol=1e-4)


@pytest.mark.parametrize("n,seed", [(4, 3), (64, 4), (128, 5)])
def test_cholesky(node, n, seed):
    a = spd(n, seed)
    got = values(call(node, "linalg.cholesky", a))
    np.testing.assert_allclose(got, np.linalg.cholesky(a.astype(np.float64)), rtol=RTOL, atol=1e-5)
    up = values(call(node, "linalg.cholesky", a, upper=True))
    np.testing.assert_allclose(up, np.linalg.cholesky(a.astype(np.float64)).T, rtol=RTOL, atol=1e-5)


@pytest.mark.parametrize("shape,seed", [((4, 4), 6), ((64, 64), 7), ((96, 48), 8)])
def test_qr(node, shape, seed):
    a = np.random.RandomState(seed).standard_normal(shape).astype(np.float32)
    q, r = values(call(node, "linalg.qr", a))
    _, r_np = np.linalg.qr(a.astype(np.float64))
    np.testing.assert_allclose(q @ r, a, atol=1e-4 * np.abs(a).max() * shape[0] ** 0.5)
    np.testing.assert_allclose(q.T @ q, np.eye(q.shape[1]), atol=1e-4)
    assert np.allclose(np.tril(r, -1), 0)
    np.testing.assert_allclose(np.abs(np.diag(r)), np.abs(np.diag(r_np)), rtol=RTOL)  # signs may differ


@pytest.mark.parametrize("shape,seed", [((4, 4), 9), ((64, 64), 10), ((80, 40), 11)])
def test_svd(node, shape, seed):
    a = np.random.RandomState(seed).standard_normal(shape).astype(np.float32)
    u, s, vt = values(call(node, "linalg.svd", a))
    np.testing.assert_allclose(s, np.linalg.svd(a.astype(np.float64), compute_uv=False), rtol=RTOL, atol=1e-5)
    k = min(shape)
    np.testing.assert_allclose((u[:, :k] * s) @ vt[:k], a, atol=1e-4 * np.abs(a).max() * k ** 0.5)
    s_only = values(call(node, "linalg.svd", a, compute_uv=False))
    np.testing.assert_allclose(s_only, s, rtol=1e-6)


@pytest.mark.parametrize("n,seed,uplo", [(4, 12, "L"), (64, 13, "L"), (64, 14, "U")])
def test_eigh(node, n, seed, uplo):
    a = spd(n, seed)
    w, v = values(call(node, "linalg.eigh", a, UPLO=uplo))
    np.testing.assert_allclose(w, np.linalg.eigvalsh(a.astype(np.float64), UPLO=uplo), rtol=RTOL, atol=1e-5)
    np.testing.assert_allclose(a @ v, v * w, atol=1e-4 * np.abs(w).max())
    np.testing.assert_allclose(v.T @ v, np.eye(n), atol=1e-4)


def test_linalg_errors_match_numpy_failures(node):
    # Non-square input: NumPy raises LinAlgError, mx.linalg raises too.
    r = node.call("mx.linalg.inv", [harness.encode_array(np.ones((2, 3), np.float32))], {})
    assert isinstance(r, harness.Raised) and r.type == "MLXError"
    with pytest.raises(np.linalg.LinAlgError):
        np.linalg.inv(np.ones((2, 3), np.float32))
