// Shape, joining, splitting, padding, gathering and linear-algebra-style products of mlx.core (signatures from the mlx 0.32.4 stubs; bodies follow python/src/*.cpp).
// Where the runtime binding differs from the stub (positional-only parameters,
// mostly), the signature here is the runtime's.
//
// Inputs that make MLX's CPU kernels read or write out of bounds (Python mlx
// segfaults on them) are refused here with a RangeError: gather/scatter
// indices and dynamic slice starts are checked on their values when these are
// already on the host (never by evaluating: a check must not cost a graph
// evaluation), or, when lazy or a transform's tracers, clipped into range so
// that the kernel stays in bounds;
// as_strided views are checked against the input's size; results larger than
// the machine's memory (MLX does not check its allocation) are refused.
#include "bodies.h"

#include <cmath>
#include <limits>

namespace mlxnode {
namespace {

[[noreturn]] void range_error(Call& c, size_t i, const std::string& msg) {
  throw_range(c.spec->label + ": parameter '" + c.spec->params.at(i).js_name + "': " + msg);
}

int norm_axis(int axis, int ndim) { return axis < 0 ? axis + ndim : axis; }

// Indices `idx` (param i) must lie in [lo, hi]. Values already on the host are
// checked (RangeError); a lazy index or a tracer cannot be read without
// evaluating it, so it is clipped into range instead, and the clipped array
// is returned for the caller to use.
std::optional<mx::array> bounded(Call& c, size_t i, const mx::array& idx, int64_t lo, int64_t hi,
                                 const std::string& what) {
  if (!mx::issubdtype(idx.dtype(), mx::integer) || idx.size() == 0) return std::nullopt;
  auto v = ops::host_ints(idx);
  if (!v) {
    if (hi < lo) hi = lo;
    return mx::clip(idx, mx::array(static_cast<int64_t>(lo), mx::int64), mx::array(static_cast<int64_t>(hi), mx::int64));
  }
  for (int64_t x : *v)
    if (x < lo || x > hi)
      range_error(c, i, "index " + std::to_string(x) + " is out of bounds for " + what + " (valid: " +
                            std::to_string(lo) + " to " + std::to_string(hi) + ")");
  return std::nullopt;
}

// ---- joining and splitting

// Python's list of arrays; an mx.array there is a sequence too (its rows, as
// Python iterates it).
std::vector<mx::array> array_list(Call& c, size_t i) {
  if (c.is_handle(i) || (!c.is_coded(i) && c.js_type(i) == napi_object && !is_array(c.env, c.raw(i)))) {
    mx::array a = c.arr(i);
    if (a.ndim() == 0) c.type_error(i, "a list of mx.arrays (a 0-d array is not iterable)");
    return mx::unstack(a, 0);
  }
  return c.arrays(i);
}

napi_value concatenate(Call& c) {
  auto arrays = array_list(c, 0);
  auto axis = c.opt_integer(1);
  auto s = c.stream(2);
  return c.ret(ops::sized(c, axis ? mx::concatenate(arrays, *axis, s) : mx::concatenate(arrays, s)));
}

napi_value stack(Call& c) {
  auto arrays = array_list(c, 0);
  auto axis = c.opt_integer(1);
  auto s = c.stream(2);
  return c.ret(ops::sized(c, axis ? mx::stack(arrays, *axis, s) : mx::stack(arrays, s)));
}

napi_value unstack(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(mx::unstack(a, c.integer(1), c.stream(2)));
}

// An int (Python int) or a sequence of ints, param i.
bool is_js_int(Call& c, size_t i) { return !c.is_coded(i) && c.js_type(i) == napi_number; }

napi_value split(Call& c) {
  mx::array a = c.arr(0);
  int axis = c.integer(2);
  auto s = c.stream(3);
  if (is_js_int(c, 1)) return c.ret(mx::split(a, c.integer(1), axis, s));
  return c.ret(mx::split(a, c.shape_sequence(1), axis, s));
}

// ---- padding, tiling, repeating

napi_value pad(Call& c) {
  mx::array a = c.arr(0);
  std::string mode = c.string(2);
  mx::array value = c.given(3) ? c.arr_or_scalar(3, a.dtype()) : mx::array(0, a.dtype());
  auto s = c.stream(4);
  auto pair_of = [&](const std::vector<int>& v) {
    if (v.size() != 2) c.type_error(1, "an int, [int], [int, int] or a list of [low, high] pairs");
    return std::pair<int, int>(v[0], v[1]);
  };
  if (is_js_int(c, 1)) return c.ret(ops::sized(c, mx::pad(a, c.integer(1), value, mode, s)));
  if (c.is_int_list(1)) {
    auto v = c.int_list(1);
    if (v.size() == 1) return c.ret(ops::sized(c, mx::pad(a, v[0], value, mode, s)));
    return c.ret(ops::sized(c, mx::pad(a, pair_of(v), value, mode, s)));
  }
  napi_value v = c.raw(1);
  if (!v || !is_array(c.env, v)) c.type_error(1, "an int, [int], [int, int] or a list of [low, high] pairs");
  uint32_t n = array_length(c.env, v);
  bool nested = n > 0 && type_of(c.env, element(c.env, v, 0)) == napi_object;
  if (!nested) {
    auto l = c.int_list_of(v, 1);
    if (l.size() == 1) return c.ret(ops::sized(c, mx::pad(a, l[0], value, mode, s)));
    if (l.size() == 2) return c.ret(ops::sized(c, mx::pad(a, pair_of(l), value, mode, s)));
    if (l.size() != 0) c.type_error(1, "an int, [int], [int, int] or a list of [low, high] pairs");
  }
  std::vector<std::pair<int, int>> widths;
  for (uint32_t k = 0; k < n; k++) widths.push_back(pair_of(c.int_list_of(element(c.env, v, k), 1)));
  if (widths.size() == 1) return c.ret(ops::sized(c, mx::pad(a, widths[0], value, mode, s)));
  return c.ret(ops::sized(c, mx::pad(a, widths, value, mode, s)));
}

napi_value tile(Call& c) {
  mx::array a = c.arr(0);
  std::vector<int> reps = is_js_int(c, 1) ? std::vector<int>{c.integer(1)} : c.int_list(1);
  return c.ret(ops::sized(c, mx::tile(a, reps, c.stream(2))));
}

napi_value repeat(Call& c) {
  mx::array a = c.arr(0);
  int repeats = c.integer(1);
  auto axis = c.opt_integer(2);
  auto s = c.stream(3);
  return c.ret(ops::sized(c, axis ? mx::repeat(a, repeats, *axis, s) : mx::repeat(a, repeats, s)));
}

napi_value roll(Call& c) {
  mx::array a = c.arr(0);
  auto s = c.stream(3);
  bool int_shift = is_js_int(c, 1);
  int shift = int_shift ? c.integer(1) : 0;
  mx::Shape shifts = int_shift ? mx::Shape{} : c.shape_sequence(1);
  if (c.none(2)) return c.ret(ops::sized(c, int_shift ? mx::roll(a, shift, s) : mx::roll(a, shifts, s)));
  if (is_js_int(c, 2)) {
    int axis = c.integer(2);
    return c.ret(ops::sized(c, int_shift ? mx::roll(a, shift, axis, s) : mx::roll(a, shifts, std::vector<int>{axis}, s)));
  }
  auto axes = c.int_list(2);
  return c.ret(ops::sized(c, int_shift ? mx::roll(a, shift, axes, s) : mx::roll(a, shifts, axes, s)));
}

napi_value flip(Call& c) {
  mx::array a = c.arr(0);
  auto s = c.stream(2);
  if (is_js_int(c, 1)) return c.ret(mx::flip(a, c.integer(1), s));
  auto axes = c.axes(1);
  return c.ret(axes ? mx::flip(a, *axes, s) : mx::flip(a, s));
}

// ---- triangles and diagonals

napi_value tri(Call& c) {
  int n = c.integer(0);
  int m = c.none(1) ? n : c.integer(1);
  int k = c.integer(2);
  auto dt = c.dtype(3);
  return c.ret(ops::sized(c, mx::tri(n, m, k, dt.value_or(mx::float32), c.stream(4))));
}

template <mx::array (*F)(mx::array, int, mx::StreamOrDevice)>
napi_value triangle(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(ops::sized(c, F(a, c.integer(1), c.stream(2))));
}

napi_value diag(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(ops::sized(c, mx::diag(a, c.integer(1), c.stream(2))));
}

napi_value diagonal(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(mx::diagonal(a, c.integer(1), c.integer(2), c.integer(3), c.stream(4)));
}

// ---- shapes of several arrays

using AtLeast = mx::array (*)(const mx::array&, mx::StreamOrDevice);
using AtLeastAll = std::vector<mx::array> (*)(const std::vector<mx::array>&, mx::StreamOrDevice);

template <AtLeast F, AtLeastAll G>
napi_value atleast(Call& c) {
  auto arys = c.arrays(0);
  auto s = c.stream(1);
  if (arys.size() == 1) return c.ret(F(arys[0], s));  // Python: one array in, one array out
  return c.ret(G(arys, s));
}

napi_value broadcast_arrays(Call& c) {
  auto arrays = c.arrays(0);
  return c.ret(mx::broadcast_arrays(arrays, c.stream(1)));
}

napi_value meshgrid(Call& c) {
  auto arrays = c.arrays(0);
  bool sparse = c.boolean(1);
  std::string indexing = c.string(2);
  return c.ret(mx::meshgrid(arrays, sparse, indexing, c.stream(3)));
}

napi_value matrix_transpose(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(mx::matrix_transpose(a, c.stream(1)));
}

napi_value unflatten(Call& c) {
  mx::array a = c.arr(0);
  int axis = c.integer(1);
  mx::Shape shape = c.shape_sequence(2);
  // MLX infers a -1 by dividing by the product of the other sizes: a zero
  // among them was SIGFPE (Python mlx too); refused as reshape refuses it.
  bool infer = false;
  int64_t others = 1;
  for (auto d : shape) d == -1 ? (void)(infer = true) : (void)(others *= d);
  if (infer && others == 0)
    throw std::invalid_argument("[unflatten] Cannot infer the shape of an empty array (a -1 next to a size 0 in " +
                                shape_text(shape) + ").");
  return c.ret(mx::unflatten(a, axis, shape, c.stream(3)));
}

napi_value as_strided(Call& c) {
  mx::array a = c.arr(0);
  mx::Shape shape = c.none(1) ? a.shape() : c.shape_sequence(1);
  mx::Strides strides;
  if (c.none(2)) {
    strides = mx::Strides(shape.size(), 1);
    for (int k = static_cast<int>(shape.size()) - 1; k > 0; k--) strides[k - 1] = shape[k] * strides[k];
  } else {
    auto l = c.int_list(2);
    strides = mx::Strides(l.begin(), l.end());
  }
  // Python's offset is a size_t: a negative one is a TypeError there.
  int offset = c.integer(3);
  if (offset < 0) c.type_error(3, "a non-negative integer");
  auto s = c.stream(4);
  if (strides.size() != shape.size())
    throw std::invalid_argument("[as_strided] shape and strides must have the same length, got " +
                                std::to_string(shape.size()) + " and " + std::to_string(strides.size()));
  // The view reads the input's elements (row-major) at offset + sum(i_k * strides_k):
  // every element it can reach must exist.
  bool empty = false;
  double lo = offset, hi = offset;
  for (size_t k = 0; k < shape.size(); k++) {
    if (shape[k] < 0) range_error(c, 1, "negative dimensions are not allowed");
    if (shape[k] == 0) empty = true;
    double reach = static_cast<double>(shape[k] - 1) * static_cast<double>(strides[k]);
    (reach < 0 ? lo : hi) += reach;
  }
  if (!empty && (lo < 0 || hi >= static_cast<double>(a.size())))
    range_error(c, 2, "the view reaches element " + format_number(lo < 0 ? lo : hi) +
                          " of an input with " + std::to_string(a.size()) + " elements");
  return c.ret(mx::as_strided(a, shape, strides, static_cast<size_t>(offset), s));  // a view: nothing allocated
}

napi_value view(Call& c) {
  mx::array a = c.arr_or_scalar(0);
  auto dt = c.dtype(1);
  if (!dt) c.type_error(1, "an mx.Dtype");
  return c.ret(mx::view(a, *dt, c.stream(2)));
}

napi_value contiguous(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(ops::sized(c, mx::contiguous(a, c.boolean(1), c.stream(2))));
}

// ---- dynamic slices

// Each start (one per axis of `axes`, or one for all) must keep the region
// [start, start + size) inside the axis; `room[k]` is dim - size for axes[k].
std::optional<mx::array> check_starts(Call& c, size_t i, const mx::array& start, const std::vector<int>& axes,
                                      const std::vector<int64_t>& room) {
  if (!mx::issubdtype(start.dtype(), mx::integer) || start.size() == 0) return std::nullopt;
  auto v = ops::host_ints(start);
  if (!v) {  // lazy or a tracer: clipped (see bounded)
    std::vector<int64_t> r(room.begin(), room.end());
    for (auto& x : r) x = std::max<int64_t>(x, 0);
    mx::array hi(r.begin(), {static_cast<int>(r.size())}, mx::int64);
    mx::array lo = mx::zeros({1}, mx::int64);
    if (start.ndim() == 0 && r.size() > 0) hi = mx::min(hi);  // one start for every axis
    return mx::astype(mx::clip(mx::astype(start, mx::int64), lo, hi), start.dtype());
  }
  for (size_t k = 0; k < axes.size(); k++) {
    int64_t x = v->size() == 1 ? (*v)[0] : k < v->size() ? (*v)[k] : 0;
    if (x < 0 || x > room[k])
      range_error(c, i, "start " + std::to_string(x) + " for axis " + std::to_string(axes[k]) +
                            " leaves the array (valid: 0 to " + std::to_string(room[k]) + ")");
  }
  return std::nullopt;
}

napi_value slice(Call& c) {
  mx::array a = c.arr(0);
  mx::array start = c.arr(1);
  auto axes = c.int_list(2);
  mx::Shape size = c.shape_sequence(3);
  auto s = c.stream(4);
  mx::array out = mx::slice(a, start, axes, size, s);  // validates the arguments
  // MLX accepts a negative size (an array of negative shape, which later ops misread).
  for (auto d : size)
    if (d < 0) range_error(c, 3, "sizes must be non-negative, got " + std::to_string(d));
  std::vector<int64_t> room;
  for (int ax : axes) {
    int k = norm_axis(ax, a.ndim());
    room.push_back(static_cast<int64_t>(a.shape(k)) - size.at(k));
  }
  if (auto clipped = check_starts(c, 1, start, axes, room)) out = mx::slice(a, *clipped, axes, size, s);
  return c.ret(ops::sized(c, out));
}

napi_value slice_update(Call& c) {
  mx::array a = c.arr(0), update = c.arr(1), start = c.arr(2);
  auto axes = c.int_list(3);
  auto s = c.stream(4);
  // An update of more dimensions than the array passes MLX's checks and then
  // writes out of the array's buffer ("free(): invalid size" abort; Python
  // mlx too): leading size-1 dimensions are dropped as NumPy's assignment
  // drops them, any other is refused.
  if (update.ndim() > a.ndim()) {
    size_t extra = update.ndim() - a.ndim();
    for (size_t i = 0; i < extra; i++)
      if (update.shape(static_cast<int>(i)) != 1)
        throw std::invalid_argument("[slice_update] An update of shape " + shape_text(update.shape()) +
                                    " cannot be written into an array of shape " + shape_text(a.shape()) + ".");
    update = mx::reshape(update, mx::Shape(update.shape().begin() + extra, update.shape().end()), s);
  }
  mx::array out = mx::slice_update(a, update, start, axes, s);  // validates the arguments
  std::vector<int64_t> room;
  int lead = static_cast<int>(a.ndim()) - static_cast<int>(update.ndim());
  for (int ax : axes) {
    int k = norm_axis(ax, a.ndim());
    int64_t u = k - lead >= 0 ? update.shape(k - lead) : 1;
    room.push_back(static_cast<int64_t>(a.shape(k)) - u);
  }
  if (auto clipped = check_starts(c, 2, start, axes, room)) out = mx::slice_update(a, update, *clipped, axes, s);
  return c.ret(ops::sized(c, out));
}

// ---- gathering and scattering

napi_value take(Call& c) {
  mx::array a = c.arr(0);
  auto axis = c.opt_integer(2);
  auto s = c.stream(3);
  if (is_js_int(c, 1) || (!c.is_coded(1) && c.js_type(1) == napi_boolean)) {
    int index = is_js_int(c, 1) ? c.integer(1) : c.boolean(1);
    return c.ret(axis ? mx::take(a, index, *axis, s) : mx::take(a, index, s));
  }
  if (!c.is_handle(1) && c.js_type(1) != napi_object) c.type_error(1, "an integer or an mx.array");
  mx::array idx = c.arr(1);
  mx::array out = axis ? mx::take(a, idx, *axis, s) : mx::take(a, idx, s);  // validates
  int64_t n = axis ? a.shape(norm_axis(*axis, a.ndim())) : static_cast<int64_t>(a.size());
  std::string what = axis ? "axis " + std::to_string(*axis) + " with size " + std::to_string(n)
                          : "the flattened array of size " + std::to_string(n);
  if (auto clipped = bounded(c, 1, idx, -n, n - 1, what))
    out = axis ? mx::take(a, *clipped, *axis, s) : mx::take(a, *clipped, s);
  return c.ret(ops::sized(c, out));
}

napi_value take_along_axis(Call& c) {
  mx::array a = c.arr(0), idx = c.arr(1);
  auto axis = c.opt_integer(2);
  auto s = c.stream(3);
  mx::array src = axis ? a : mx::reshape(a, {-1}, s);
  int ax = axis ? *axis : 0;
  mx::array out = mx::take_along_axis(src, idx, ax, s);  // validates
  int64_t n = src.shape(norm_axis(ax, src.ndim()));
  if (auto clipped = bounded(c, 1, idx, -n, n - 1, "axis " + std::to_string(ax) + " with size " + std::to_string(n)))
    out = mx::take_along_axis(src, *clipped, ax, s);
  return c.ret(ops::sized(c, out));
}

napi_value put_along_axis(Call& c) {
  mx::array a = c.arr(0), idx = c.arr(1), values = c.arr(2);
  auto axis = c.opt_integer(3);
  auto s = c.stream(4);
  mx::array dst = axis ? a : mx::reshape(a, {-1}, s);
  int ax = axis ? *axis : 0;
  auto put = [&](const mx::array& i) {
    mx::array r = mx::put_along_axis(dst, i, values, ax, s);
    return axis ? r : mx::reshape(r, a.shape(), s);
  };
  mx::array out = put(idx);  // validates
  int64_t n = dst.shape(norm_axis(ax, dst.ndim()));
  if (auto clipped = bounded(c, 1, idx, -n, n - 1, "axis " + std::to_string(ax) + " with size " + std::to_string(n)))
    out = put(*clipped);
  return c.ret(ops::sized(c, out));
}

// ---- creation

napi_value empty(Call& c) {
  mx::Shape shape = c.shape(0);
  auto dt = c.dtype(1);
  return c.ret(ops::sized(c, mx::zeros(shape, dt.value_or(mx::float32), c.stream(2))));
}

napi_value empty_like(Call& c) {
  mx::array a = c.arr(0);
  auto dt = c.dtype(1);
  auto s = c.stream(2);
  return c.ret(ops::sized(c, dt ? mx::zeros_like(mx::astype(a, *dt, s), s) : mx::zeros_like(a, s)));
}

napi_value full_like(Call& c) {
  mx::array a = c.arr(0);
  auto dt = c.dtype(2);
  mx::Dtype t = dt.value_or(a.dtype());
  mx::array vals = c.arr_or_scalar(1, t);  // a scalar takes the dtype, as Python's to_array
  return c.ret(ops::sized(c, mx::full_like(a, vals, t, c.stream(3))));
}

template <mx::array (*F)(int, mx::StreamOrDevice)>
napi_value window(Call& c) {
  return c.ret(ops::sized(c, F(c.integer(0), c.stream(1))));
}

// ---- differences and products

napi_value diff(Call& c) {
  mx::array a = c.arr(0);
  int n = c.integer(1), axis = c.integer(2);
  // Each order shortens the axis by one; past its length the result stays empty
  // (same shape and dtype), so a huge n need not build n graph nodes (Python hangs).
  int ax = norm_axis(axis, a.ndim());
  if (n > 0 && ax >= 0 && ax < static_cast<int>(a.ndim()) && n > a.shape(ax) + 1) n = a.shape(ax) + 1;
  return c.ret(mx::diff(a, n, axis, c.stream(3)));
}

template <mx::array (*F)(const mx::array&, const mx::array&, mx::StreamOrDevice)>
napi_value product(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  return c.ret(ops::sized(c, F(a, b, c.stream(2))));
}

napi_value tensordot(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  auto s = c.stream(3);
  if (!c.given(2) || is_js_int(c, 2)) {
    return c.ret(ops::sized(c, mx::tensordot(a, b, c.integer(2), s)));
  }
  napi_value v = c.raw(2);
  if (!v || !is_array(c.env, v)) c.type_error(2, "an integer or a list of two lists of axes");
  uint32_t n = array_length(c.env, v);
  std::vector<std::vector<int>> lists;
  for (uint32_t k = 0; k < n; k++) lists.push_back(c.int_list_of(element(c.env, v, k), 2));
  if (lists.size() != 2) throw std::invalid_argument("[tensordot] axes must be a list of two lists.");
  return c.ret(ops::sized(c, mx::tensordot(a, b, lists[0], lists[1], s)));
}

napi_value einsum(Call& c) {
  std::string subscripts = c.string(0);
  auto operands = c.arrays(1);
  return c.ret(ops::sized(c, mx::einsum(subscripts, operands, c.stream(2))));
}

napi_value addmm(Call& c) {
  mx::array cc = c.arr(0), a = c.arr(1), b = c.arr(2);
  float alpha = static_cast<float>(c.number(3)), beta = static_cast<float>(c.number(4));
  return c.ret(ops::sized(c, mx::addmm(cc, a, b, alpha, beta, c.stream(5))));
}

napi_value vecdot(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  return c.ret(mx::vecdot(a, b, c.integer(2), c.stream(3)));
}

// inputs / dependencies: an array or a list of arrays; the result follows `inputs`.
napi_value depends(Call& c) {
  auto one_or_list = [&](size_t i, bool& single) {
    single = c.is_handle(i) || (!c.is_coded(i) && c.js_type(i) == napi_object && !is_array(c.env, c.raw(i)));
    return single ? std::vector<mx::array>{c.arr(i)} : c.arrays(i);
  };
  bool single_in = false, single_dep = false;
  auto inputs = one_or_list(0, single_in);
  auto deps = one_or_list(1, single_dep);
  // MLX's depends builds its primitive on the first input's stream: no input
  // was a segfault (Python mlx too). Nothing to tie: no outputs.
  if (inputs.empty()) return c.ret(std::vector<mx::array>{});
  auto out = mx::depends(inputs, deps);
  if (single_in) return c.ret(out.at(0));
  return c.ret(out);
}

const OpDef kDefs[] = {
    // joining and splitting
    {"concatenate", "arrays, /, axis=0, *, stream=None", kFunction, concatenate},
    {"concat", "arrays, /, axis=0, *, stream=None", kFunction, concatenate},
    {"stack", "arrays, /, axis=0, *, stream=None", kFunction, stack},
    {"unstack", "x, /, *, axis=0, stream=None", kFunction | kReturnsList, unstack},
    {"split", "a, /, indices_or_sections, axis=0, *, stream=None", kFunction | kMethod | kReturnsList, split},
    // padding, tiling, repeating
    {"pad", "a, /, pad_width, mode='constant', constant_values=0, *, stream=None", kFunction, pad},
    {"tile", "a, reps, /, *, stream=None", kFunction, tile},
    {"repeat", "array, /, repeats, axis=None, *, stream=None", kFunction, repeat},
    {"roll", "a, /, shift, axis=None, *, stream=None", kFunction, roll},
    {"flip", "a, /, axis=None, *, stream=None", kFunction, flip},
    // triangles and diagonals
    {"tri", "n, m=None, k=0, dtype=None, *, stream=None", kFunction, tri},
    {"tril", "x, k=0, *, stream=None", kFunction, triangle<mx::tril>},
    {"triu", "x, k=0, *, stream=None", kFunction, triangle<mx::triu>},
    {"diag", "a, /, k=0, *, stream=None", kFunction | kMethod, diag},
    {"diagonal", "a, offset=0, axis1=0, axis2=1, stream=None", kFunction | kMethod, diagonal},
    // trace: reductions.cc
    // shapes
    {"atleast_1d", "*arys, stream=None", kFunction | kReturnsList, atleast<mx::atleast_1d, mx::atleast_1d>},
    {"atleast_2d", "*arys, stream=None", kFunction | kReturnsList, atleast<mx::atleast_2d, mx::atleast_2d>},
    {"atleast_3d", "*arys, stream=None", kFunction | kReturnsList, atleast<mx::atleast_3d, mx::atleast_3d>},
    {"broadcast_arrays", "*arrays, stream=None", kFunction | kReturnsList, broadcast_arrays},
    {"meshgrid", "*arrays, sparse=False, indexing='xy', stream=None", kFunction | kReturnsList, meshgrid},
    {"permute_dims", "a, /, axes=None, *, stream=None", kFunction, ops::transpose},
    {"matrix_transpose", "a, /, *, stream=None", kFunction, matrix_transpose},
    {"unflatten", "a, /, axis, shape, *, stream=None", kFunction, unflatten},
    {"as_strided", "a, /, shape=None, strides=None, offset=0, *, stream=None", kFunction, as_strided},
    {"view", "a, /, dtype, *, stream=None", kFunction | kMethod, view},
    {"contiguous", "a, /, allow_col_major=False, *, stream=None", kFunction, contiguous},
    // dynamic slices, gathering, scattering
    {"slice", "a, /, start_indices, axes, slice_size, *, stream=None", kFunction, slice},
    {"slice_update", "a, /, update, start_indices, axes, *, stream=None", kFunction, slice_update},
    {"take", "a, /, indices, axis=None, *, stream=None", kFunction, take},
    {"take_along_axis", "a, /, indices, axis=-1, *, stream=None", kFunction, take_along_axis},
    {"put_along_axis", "a, /, indices, values, axis=None, *, stream=None", kFunction, put_along_axis},
    // creation
    {"empty", "shape, dtype=float32, *, stream=None", kFunction, empty},
    {"empty_like", "a, /, dtype=None, *, stream=None", kFunction, empty_like},
    {"full_like", "a, /, vals, dtype=None, *, stream=None", kFunction, full_like},
    {"hamming", "M, *, stream=None", kFunction, window<mx::hamming>},
    {"hanning", "M, *, stream=None", kFunction, window<mx::hanning>},
    {"bartlett", "M, *, stream=None", kFunction, window<mx::bartlett>},
    {"blackman", "M, *, stream=None", kFunction, window<mx::blackman>},
    // differences and products
    {"diff", "a, /, n=1, axis=-1, *, stream=None", kFunction, diff},
    {"kron", "a, b, *, stream=None", kFunction, product<mx::kron>},
    {"inner", "a, b, /, *, stream=None", kFunction, product<mx::inner>},
    {"outer", "a, b, /, *, stream=None", kFunction, product<mx::outer>},
    {"tensordot", "a, b, /, axes=2, *, stream=None", kFunction, tensordot},
    {"einsum", "subscripts, *operands, stream=None", kFunction, einsum},
    {"addmm", "c, a, b, /, alpha=1.0, beta=1.0, *, stream=None", kFunction, addmm},
    {"vecdot", "a, b, /, axis=-1, *, stream=None", kFunction, vecdot},
    // block_masked_mm, gather_mm, segmented_mm: conv_quant.cc (with their crash guards)
    {"depends", "inputs, dependencies, /", kFunction | kReturnsList, depends},
};

}  // namespace

const Table kStructureTable = {"core", kDefs, std::size(kDefs)};

}  // namespace mlxnode
