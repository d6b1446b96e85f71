// mlx.core.linalg ops (signatures from linalg.pyi).
#include "../op_table.h"

#include <cmath>

namespace mlxnode {
namespace {

using Mat = mx::array (*)(const mx::array&, mx::StreamOrDevice);
using MatUpper = mx::array (*)(const mx::array&, bool, mx::StreamOrDevice);
using MatPair = std::pair<mx::array, mx::array> (*)(const mx::array&, mx::StreamOrDevice);

// MLX's CPU LAPACK kernels for inv, lu, lu_factor, solve, solve_triangular,
// tri_inv and cholesky_inv divide by the matrix size: an empty input (0x0,
// 0xN, or an empty batch) kills the process with SIGFPE at evaluation
// (Python mlx dies there too). Their results are then empty as well: the op
// is still built (its shape checks and errors stand) and each result is
// replaced by a fresh empty array of the same shape and dtype, which holds
// the same (no) data.
mx::array if_empty(bool empty_input, const mx::array& out) {
  return empty_input && out.size() == 0 ? mx::zeros(out.shape(), out.dtype()) : out;
}
std::vector<mx::array> if_empty(bool empty_input, std::vector<mx::array> outs) {
  for (auto& o : outs) o = if_empty(empty_input, o);
  return outs;
}

// LAPACK's geev (eig, eigvals) frees a buffer twice on an infinite entry and
// aborts the process ("double free or corruption"). Infinities are refused
// as NumPy refuses them (LinAlgError), which needs the input's values: when it
// is a transform's tracer (no values yet) they become NaN instead, which geev
// turns into NaN results.
mx::array no_infinities(Call& c, const mx::array& a) {
  if (!mx::issubdtype(a.dtype(), mx::inexact) || a.size() == 0) return a;
  if (a.is_tracer()) return mx::where(mx::isinf(a), mx::array(NAN, a.dtype()), a);
  if (mx::any(mx::isinf(a)).item<bool>())
    throw std::invalid_argument(c.spec->label + ": Array must not contain infs (LAPACK's eigensolver cannot take them)");
  return a;
}

template <Mat F>
napi_value mat(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(if_empty(a.size() == 0, F(a, c.stream(1))));
}
template <MatUpper F>
napi_value mat_upper(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(if_empty(a.size() == 0, F(a, c.boolean(1), c.stream(2))));
}
template <MatPair F>
napi_value mat_pair(Call& c) {
  mx::array a = c.arr(0);
  auto [x, y] = F(a, c.stream(1));
  return c.ret(if_empty(a.size() == 0, std::vector<mx::array>{x, y}));
}

napi_value eig(Call& c) {
  mx::array a = c.arr(0);
  auto s = c.stream(1);
  auto [w, v] = mx::linalg::eig(no_infinities(c, a), s);
  return c.ret(std::vector<mx::array>{w, v});
}

napi_value eigvals(Call& c) {
  mx::array a = c.arr(0);
  auto s = c.stream(1);
  return c.ret(mx::linalg::eigvals(no_infinities(c, a), s));
}

napi_value svd(Call& c) {
  mx::array a = c.arr(0);
  bool uv = c.boolean(1);
  auto out = mx::linalg::svd(a, uv, c.stream(2));
  return uv ? c.ret(out) : c.ret(out.at(0));  // Python returns (U, S, Vt) or S alone
}

napi_value eigh(Call& c) {
  mx::array a = c.arr(0);
  auto [w, v] = mx::linalg::eigh(a, c.string(1), c.stream(2));
  return c.ret(std::vector<mx::array>{w, v});
}

napi_value eigvalsh(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(mx::linalg::eigvalsh(a, c.string(1), c.stream(2)));
}

napi_value lu(Call& c) {
  mx::array a = c.arr(0);
  auto out = mx::linalg::lu(a, c.stream(1));
  // An empty M x 0 matrix (M > 0) has the identity permutation: 0, 1, ..., M - 1.
  if (a.size() == 0 && out[0].size() > 0) {
    const auto& p = out[0];
    out[0] = mx::broadcast_to(mx::arange(0, p.shape().back(), 1, p.dtype()), p.shape());
  }
  return c.ret(if_empty(a.size() == 0, std::move(out)));
}

napi_value solve(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  return c.ret(if_empty(a.size() == 0 || b.size() == 0, mx::linalg::solve(a, b, c.stream(2))));
}

napi_value solve_triangular(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  bool upper = c.boolean(2);
  return c.ret(if_empty(a.size() == 0 || b.size() == 0, mx::linalg::solve_triangular(a, b, upper, c.stream(3))));
}

napi_value cross(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  return c.ret(mx::linalg::cross(a, b, c.integer(2), c.stream(3)));
}

napi_value norm(Call& c) {
  mx::array a = c.arr(0);
  auto axis = c.axes(2);
  bool keepdims = c.boolean(3);
  auto s = c.stream(4);
  if (c.none(1)) return c.ret(mx::linalg::norm(a, axis, keepdims, s));
  napi_valuetype t = type_of(c.env, c.raw(1));
  if (t == napi_string) return c.ret(mx::linalg::norm(a, c.string(1), axis, keepdims, s));
  if (t != napi_number) c.type_error(1, "a number, 'fro', 'nuc' or null");
  return c.ret(mx::linalg::norm(a, c.number(1), axis, keepdims, s));
}

const OpDef kDefs[] = {
    {"norm", "a, /, ord=None, axis=None, keepdims=False, *, stream=None", kFunction, norm},
    {"qr", "a, *, stream=None", kFunction | kReturnsList, mat_pair<mx::linalg::qr>},
    {"svd", "a, compute_uv=True, *, stream=None", kFunction | kReturnsList, svd},
    {"inv", "a, *, stream=None", kFunction, mat<mx::linalg::inv>},
    {"tri_inv", "a, upper=False, *, stream=None", kFunction, mat_upper<mx::linalg::tri_inv>},
    {"cholesky", "a, upper=False, *, stream=None", kFunction, mat_upper<mx::linalg::cholesky>},
    {"cholesky_inv", "a, upper=False, *, stream=None", kFunction, mat_upper<mx::linalg::cholesky_inv>},
    {"pinv", "a, *, stream=None", kFunction, mat<mx::linalg::pinv>},
    {"lu", "a, *, stream=None", kFunction | kReturnsList, lu},
    {"lu_factor", "a, *, stream=None", kFunction | kReturnsList, mat_pair<mx::linalg::lu_factor>},
    {"solve", "a, b, *, stream=None", kFunction, solve},
    {"solve_triangular", "a, b, *, upper=False, stream=None", kFunction, solve_triangular},
    {"cross", "a, b, axis=-1, *, stream=None", kFunction, cross},
    {"eig", "a, *, stream=None", kFunction | kReturnsList, eig},
    {"eigvals", "a, *, stream=None", kFunction, eigvals},
    {"eigh", "a, UPLO='L', *, stream=None", kFunction | kReturnsList, eigh},
    {"eigvalsh", "a, UPLO='L', *, stream=None", kFunction, eigvalsh},
    {"det", "a, *, stream=None", kFunction, mat<mx::linalg::det>},
    {"slogdet", "a, *, stream=None", kFunction | kReturnsList, mat_pair<mx::linalg::slogdet>},
};

}  // namespace

const Table kLinalgTable = {"linalg", kDefs, std::size(kDefs)};

}  // namespace mlxnode
