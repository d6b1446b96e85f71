// libmlx's cblas_sgemm import, when its BLAS is routed to OpenBLAS (see
// tools/setup_mlx.py: every other import is a plain `jmp` stub). MLX's CPU
// matmul always calls sgemm, also for a matrix times a vector; OpenBLAS's sgemv
// does that product ~2.5x faster (measured 0.23 vs 0.09 ms for 10,000x100 by
// a vector, one thread), and NumPy calls sgemv there. So a product with one
// output dimension of 1 goes to sgemv, everything else to sgemm unchanged.
// Row-major only (what MLX passes); column-major calls forward as they are.

extern "C" {

void scipy_cblas_sgemm(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float* a,
                       int lda, const float* b, int ldb, float beta, float* c, int ldc);
void scipy_cblas_sgemv(int order, int trans, int m, int n, float alpha, const float* a, int lda, const float* x,
                       int incx, float beta, float* y, int incy);

namespace {
constexpr int kRowMajor = 101, kNoTrans = 111, kTrans = 112;
}

__attribute__((visibility("default"))) void cblas_sgemm(int order, int trans_a, int trans_b, int m, int n, int k,
                                                        float alpha, const float* a, int lda, const float* b,
                                                        int ldb, float beta, float* c, int ldc) {
  bool ta = trans_a != kNoTrans, tb = trans_b != kNoTrans;
  if (order == kRowMajor && k >= 1 && m >= 1 && n >= 1 && (m == 1 || n == 1) && m + n > 2) {
    if (n == 1) {
      // c[:, 0] = op(a) (m x k) . op(b)[:, 0]; a is m x k (or k x m when transposed)
      int incx = tb ? 1 : ldb;  // op(b) is k x 1: b stored k x 1 (stride ldb) or 1 x k
      scipy_cblas_sgemv(kRowMajor, ta ? kTrans : kNoTrans, ta ? k : m, ta ? m : k, alpha, a, lda, b, incx, beta, c,
                        ldc);
      return;
    }
    // m == 1: c[0, :] = op(b)^T (n x k) . op(a)[0, :]; b is k x n (or n x k when transposed)
    int incx = ta ? lda : 1;  // op(a) is 1 x k: a stored 1 x k or k x 1 (stride lda)
    scipy_cblas_sgemv(kRowMajor, tb ? kNoTrans : kTrans, tb ? n : k, tb ? k : n, alpha, b, ldb, a, incx, beta, c, 1);
    return;
  }
  scipy_cblas_sgemm(order, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // extern "C"
