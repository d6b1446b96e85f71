// mlx.core.linalg ops (signatures from linalg.pyi).
#include "../op_table.h"

namespace mlxnode {
namespace {

using Mat = mx::array (*)(const mx::array&, mx::StreamOrDevice);
using MatUpper = mx::array (*)(const mx::array&, bool, mx::StreamOrDevice);
using MatPair = std::pair<mx::array, mx::array> (*)(const mx::array&, mx::StreamOrDevice);

template <Mat F>
napi_value mat(Call& c) {
  return c.ret(F(c.arr(0), c.stream(1)));
}
template <MatUpper F>
napi_value mat_upper(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(F(a, c.boolean(1), c.stream(2)));
}
template <MatPair F>
napi_value mat_pair(Call& c) {
  auto [x, y] = F(c.arr(0), c.stream(1));
  return c.ret(std::vector<mx::array>{x, y});
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

napi_value lu(Call& c) { return c.ret(mx::linalg::lu(c.arr(0), c.stream(1))); }

napi_value solve(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  return c.ret(mx::linalg::solve(a, b, c.stream(2)));
}

napi_value solve_triangular(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  return c.ret(mx::linalg::solve_triangular(a, b, c.boolean(2), c.stream(3)));
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
    {"eig", "a, *, stream=None", kFunction | kReturnsList, mat_pair<mx::linalg::eig>},
    {"eigvals", "a, *, stream=None", kFunction, mat<mx::linalg::eigvals>},
    {"eigh", "a, UPLO='L', *, stream=None", kFunction | kReturnsList, eigh},
    {"eigvalsh", "a, UPLO='L', *, stream=None", kFunction, eigvalsh},
    {"det", "a, *, stream=None", kFunction, mat<mx::linalg::det>},
    {"slogdet", "a, *, stream=None", kFunction | kReturnsList, mat_pair<mx::linalg::slogdet>},
};

}  // namespace

const Table kLinalgTable = {"linalg", kDefs, std::size(kDefs)};

}  // namespace mlxnode
