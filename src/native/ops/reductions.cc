// Reductions, scans, sorting and selection of mlx.core (signatures from the mlx 0.32.4 stubs; bodies follow python/src/*.cpp).
// Where the runtime binding takes other arguments than the stub says
// (count_nonzero, std/var), the signature is the runtime's.
#include "bodies.h"

#include <tuple>

namespace mlxnode {
namespace {

using ops::S;
using ops::Reduce;
using ops::ReduceAll;
using ops::reduction;

// std / var: a, /, axis=None, keepdims=False, ddof=0, *, correction=None, stream=None.
// Python's runtime takes `correction` (the array-API name) on the functions
// too, though their stub lacks it; when given it replaces ddof.
using Moment = mx::array (*)(const mx::array&, const std::vector<int>&, bool, int, S);
using MomentAll = mx::array (*)(const mx::array&, bool, int, S);

template <Moment F, MomentAll G>
napi_value moment(Call& c) {
  mx::array a = ops::dense_if_empty(c.arr(0));
  auto axes = c.axes(1);
  bool keepdims = c.boolean(2);
  int ddof = c.integer(3);
  if (auto corr = c.opt_integer(4)) ddof = *corr;
  auto s = c.stream(5);
  return c.ret(axes ? F(a, *axes, keepdims, ddof, s) : G(a, keepdims, ddof, s));
}

// argmax / argmin: a, /, axis=None (int only), keepdims=False, *, stream=None
using ArgReduce = mx::array (*)(const mx::array&, int, bool, S);

template <ArgReduce F, ReduceAll G>
napi_value arg_reduction(Call& c) {
  mx::array a = c.arr(0);
  auto axis = c.opt_integer(1);
  bool keepdims = c.boolean(2);
  auto s = c.stream(3);
  return c.ret(axis ? F(a, *axis, keepdims, s) : G(a, keepdims, s));
}

// count_nonzero: a, /, axis=None, *, keepdims=False, stream=None (the
// runtime takes axis positionally; the stub says keyword-only).
napi_value count_nonzero(Call& c) {
  mx::array a = ops::dense_if_empty(c.arr(0));
  auto axes = c.axes(1);
  bool keepdims = c.boolean(2);
  auto s = c.stream(3);
  return c.ret(axes ? mx::count_nonzero(a, *axes, keepdims, s) : mx::count_nonzero(a, keepdims, s));
}

napi_value minmax(Call& c) {
  mx::array a = ops::dense_if_empty(c.arr(0));
  auto axes = c.axes(1);
  bool keepdims = c.boolean(2);
  auto s = c.stream(3);
  auto [lo, hi] = axes ? mx::minmax(a, *axes, keepdims, s) : mx::minmax(a, keepdims, s);
  return c.ret(std::vector<mx::array>{lo, hi});
}

// Scans: a, /, axis=None, *, reverse=False, inclusive=True[, dtype=None], stream=None.
// axis=None scans the flattened array.
using Scan = mx::array (*)(const mx::array&, int, bool, bool, S);
using ScanAll = mx::array (*)(const mx::array&, bool, bool, S);
using TypedScan = mx::array (*)(const mx::array&, int, bool, bool, std::optional<mx::Dtype>, S);
using TypedScanAll = mx::array (*)(const mx::array&, bool, bool, std::optional<mx::Dtype>, S);

template <Scan F, ScanAll G>
napi_value scan(Call& c) {
  mx::array a = c.arr(0);
  auto axis = c.opt_integer(1);
  bool reverse = c.boolean(2), inclusive = c.boolean(3);
  auto s = c.stream(4);
  return c.ret(axis ? F(a, *axis, reverse, inclusive, s) : G(a, reverse, inclusive, s));
}

template <TypedScan F, TypedScanAll G>
napi_value typed_scan(Call& c) {
  mx::array a = c.arr(0);
  auto axis = c.opt_integer(1);
  bool reverse = c.boolean(2), inclusive = c.boolean(3);
  auto dt = c.dtype(4);
  auto s = c.stream(5);
  return c.ret(axis ? F(a, *axis, reverse, inclusive, dt, s) : G(a, reverse, inclusive, dt, s));
}

napi_value softmax(Call& c) {
  mx::array a = c.arr(0);
  auto axes = c.axes(1);
  bool precise = c.boolean(2);
  auto s = c.stream(3);
  return c.ret(axes ? mx::softmax(a, *axes, precise, s) : mx::softmax(a, precise, s));
}

// sort / argsort: a, /, axis=-1 (None: the flattened array), *, stream=None
using Sort = mx::array (*)(const mx::array&, int, S);
using SortAll = mx::array (*)(const mx::array&, S);

template <Sort F, SortAll G>
napi_value sort(Call& c) {
  mx::array a = c.arr(0);
  auto axis = c.opt_integer(1);
  auto s = c.stream(2);
  return c.ret(axis ? F(a, *axis, s) : G(a, s));
}

// partition / argpartition / topk: a, /, kth (k), axis=-1, *, stream=None
using Select = mx::array (*)(const mx::array&, int, int, S);
using SelectAll = mx::array (*)(const mx::array&, int, S);

template <Select F, SelectAll G>
napi_value select(Call& c) {
  mx::array a = c.arr(0);
  int k = c.integer(1);
  auto axis = c.opt_integer(2);
  auto s = c.stream(3);
  return c.ret(axis ? F(a, k, *axis, s) : G(a, k, s));
}

napi_value searchsorted(Call& c) {
  mx::array seq = c.arr(0), values = c.arr(1);
  return c.ret(mx::searchsorted(seq, values, c.string(2), c.stream(3)));
}

// unique: the values alone, or (values[, index][, inverse][, counts]) when
// any of the return_* flags is set. A scalar fill value takes the input's
// dtype (overflow checked), as Python's conversion does.
napi_value unique(Call& c) {
  mx::array a = c.arr(0);
  int size = c.integer(1);
  bool index = c.boolean(2), inverse = c.boolean(3), counts = c.boolean(4);
  std::optional<mx::array> fill;
  if (!c.none(5)) fill = c.arr_or_scalar(5, a.dtype());
  auto out = mx::unique(a, size, index, inverse, counts, fill, c.stream(6));
  if (!index && !inverse && !counts) return c.ret(out.at(0));
  return c.ret(std::move(out));
}

napi_value trace(Call& c) {
  mx::array a = c.arr(0);
  int offset = c.integer(1), axis1 = c.integer(2), axis2 = c.integer(3);
  auto dt = c.dtype(4);
  auto s = c.stream(5);
  mx::array out = dt ? mx::trace(a, offset, axis1, axis2, *dt, s) : mx::trace(a, offset, axis1, axis2, s);
  // The sum of an empty diagonal (an empty input, or an offset beyond the
  // matrix): zeros (MLX's sum of the strided empty diagonal view hangs, see
  // ops::dense_if_empty).
  if (!a.is_tracer() && (a.size() == 0 || mx::diagonal(a, offset, axis1, axis2, s).size() == 0))
    out = mx::zeros(out.shape(), out.dtype());
  return c.ret(out);
}

constexpr unsigned kFM = kFunction | kMethod;
#define REDUCE_SIG "a, /, axis=None, keepdims=False, *, stream=None"
#define MOMENT_SIG "a, /, axis=None, keepdims=False, ddof=0, *, correction=None, stream=None"
#define SCAN_SIG "a, /, axis=None, *, reverse=False, inclusive=True, stream=None"
#define TYPED_SCAN_SIG "a, /, axis=None, *, reverse=False, inclusive=True, dtype=None, stream=None"

const OpDef kDefs[] = {
    {"all", REDUCE_SIG, kFM, reduction<mx::all, mx::all>},
    {"any", REDUCE_SIG, kFM, reduction<mx::any, mx::any>},
    {"max", REDUCE_SIG, kFM, reduction<mx::max, mx::max>},
    {"min", REDUCE_SIG, kFM, reduction<mx::min, mx::min>},
    {"prod", REDUCE_SIG, kFM, reduction<mx::prod, mx::prod>},
    {"logsumexp", REDUCE_SIG, kFM, reduction<mx::logsumexp, mx::logsumexp>},
    {"median", REDUCE_SIG, kFunction, reduction<mx::median, mx::median>},
    {"std", MOMENT_SIG, kFM, moment<mx::std, mx::std>},
    {"var", MOMENT_SIG, kFM, moment<mx::var, mx::var>},
    {"minmax", REDUCE_SIG, kFunction | kReturnsList, minmax},
    {"count_nonzero", "a, /, axis=None, *, keepdims=False, stream=None", kFunction, count_nonzero},
    {"argmax", REDUCE_SIG, kFM, arg_reduction<mx::argmax, mx::argmax>},
    {"argmin", REDUCE_SIG, kFM, arg_reduction<mx::argmin, mx::argmin>},
    // cumsum / cumprod methods take no dtype: array_methods.cc
    {"cumsum", TYPED_SCAN_SIG, kFunction, typed_scan<mx::cumsum, mx::cumsum>},
    {"cumprod", TYPED_SCAN_SIG, kFunction, typed_scan<mx::cumprod, mx::cumprod>},
    {"cumulative_sum", TYPED_SCAN_SIG, kFunction, typed_scan<mx::cumsum, mx::cumsum>},
    {"cumulative_prod", TYPED_SCAN_SIG, kFunction, typed_scan<mx::cumprod, mx::cumprod>},
    {"cummax", SCAN_SIG, kFM, scan<mx::cummax, mx::cummax>},
    {"cummin", SCAN_SIG, kFM, scan<mx::cummin, mx::cummin>},
    {"logcumsumexp", SCAN_SIG, kFM, scan<mx::logcumsumexp, mx::logcumsumexp>},
    {"softmax", "a, /, axis=None, *, precise=False, stream=None", kFunction, softmax},
    {"sort", "a, /, axis=-1, *, stream=None", kFunction, sort<mx::sort, mx::sort>},
    {"argsort", "a, /, axis=-1, *, stream=None", kFunction, sort<mx::argsort, mx::argsort>},
    {"partition", "a, /, kth, axis=-1, *, stream=None", kFunction, select<mx::partition, mx::partition>},
    {"argpartition", "a, /, kth, axis=-1, *, stream=None", kFunction, select<mx::argpartition, mx::argpartition>},
    {"topk", "a, /, k, axis=-1, *, stream=None", kFunction, select<mx::topk, mx::topk>},
    {"searchsorted", "sorted_sequence, values, /, side='left', *, stream=None", kFunction, searchsorted},
    {"unique",
     "a, /, size, return_index=False, return_inverse=False, return_counts=False, fill_value=None, *, stream=None",
     kFunction | kReturnsList, unique},
    {"trace", "a, /, offset=0, axis1=0, axis2=1, dtype=None, *, stream=None", kFunction, trace},
};

#undef REDUCE_SIG
#undef MOMENT_SIG
#undef SCAN_SIG
#undef TYPED_SCAN_SIG

}  // namespace

const Table kReductionsTable = {"core", kDefs, std::size(kDefs)};

}  // namespace mlxnode
