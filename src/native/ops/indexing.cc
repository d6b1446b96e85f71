// Indexing: a[items] (index), a[items] = v (indexPut_), a.at[items] updates (signatures from the mlx 0.32.4 stubs; bodies follow python/src/*.cpp).
//
// One internal entry, array_index (flags 0: neither an mx function nor a method; the JS
// side, src/ts/indexing.ts, calls it directly) does the three operations. The
// items travel as int32 codes in the shared scratch (no JS objects built per
// call), starting at kItemsAt:
//   0 v          an integer v
//   1            None (newaxis)
//   2            Ellipsis
//   3 f a b c    a slice; bit 0/1/2 of f: start a / stop b / step c given
//   4 h          an integer mx.array (its handle h)
//   5 k          extras[k]: a JS list of integers (an index array)
//   6            an integer beyond int32 (always out of bounds)
// The semantics are NumPy's as Python mlx implements them (advanced indices
// broadcast together; their dimensions go first when separated by a slice or
// None, else where the first of them stood), with two departures that make
// it safer: every integer and index-array value is bounds-checked (RangeError;
// a lazy index array is clipped instead, as checking it would need an
// evaluation) and a zero slice step is an error (Python mlx crashes on both).
#include "bodies.h"
#include "../env.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace mlxnode {
namespace {

constexpr size_t kItemsAt = 64;  // where the JS side writes the item codes

enum Kind : int32_t { kInt = 0, kNone = 1, kEllipsis = 2, kSlice = 3, kArray = 4, kExtra = 5, kHuge = 6 };
enum Op : int { kGet = 0, kPut = 1, kAdd = 2, kSub = 3, kMul = 4, kDiv = 5, kMax = 6, kMin = 7 };

struct Item {
  Kind kind;
  int64_t v = 0;                 // kInt
  int flags = 0;                 // kSlice
  int64_t start = 0, stop = 0, step = 1;
  std::optional<mx::array> arr;  // kArray
  bool full = false;             // kSlice covering its whole axis in order
};

const char* op_label(int op) {
  switch (op) {
    case kGet: return "mx.array.index";
    case kPut: return "mx.array.indexPut_";
    default: return "mx.array.at";
  }
}

[[noreturn]] void value_error(const std::string& m) { throw std::invalid_argument(m); }

// Reads the items from the scratch.
std::vector<Item> read_items(Call& c, int n, int op) {
  Scratch* sc = c.spec->env_state->scratch;
  if (!sc || !sc->data) throw_type("mx.array.index: the scratch array is not set");
  const int32_t* w = sc->data;
  size_t len = sc->length, p = kItemsAt;
  auto word = [&]() -> int32_t {
    if (p >= len) throw_type(std::string(op_label(op)) + ": malformed item codes");
    return w[p++];
  };
  std::vector<Item> items;
  items.reserve(n);
  for (int k = 0; k < n; k++) {
    Item it{static_cast<Kind>(word())};
    switch (it.kind) {
      case kInt: it.v = word(); break;
      case kNone: case kEllipsis: break;
      case kSlice:
        it.flags = word();
        it.start = word();
        it.stop = word();
        it.step = word();
        break;
      case kArray: {
        int32_t h = word();
        mx::array* a = slab_of(c.env).get(h);
        if (!a) throw_type(std::string(op_label(op)) + ": an index array was disposed");
        it.arr = *a;
        break;
      }
      case kExtra: {
        int32_t e = word();
        napi_value extras = c.raw(2), v;
        napi_env env = c.env;
        NAPI_OK(napi_get_element(env, extras, e, &v));
        it.arr = array_from_js(c.env, v, std::nullopt, op_label(op));
        it.kind = kArray;
        break;
      }
      case kHuge: it.v = INT64_MAX; it.kind = kInt; break;
      default: throw_type(std::string(op_label(op)) + ": malformed item codes");
    }
    items.push_back(std::move(it));
  }
  return items;
}

struct Plan {
  std::vector<Item> items;  // ellipsis expanded; every axis of src covered (trailing ':' added)
  mx::Shape starts, stops, strides;  // the basic slice of src (ints: [v, v + 1))
  mx::Shape sliced;          // its shape
  bool has_array = false, has_int = false, identity = true;
  size_t n_given = 0;  // items as Python's expansion lists them (no trailing ':' added)
};

// Ellipsis expansion, counting, bounds checks, slice normalization.
Plan analyse(Call& c, const mx::array& src, std::vector<Item> in, int op) {
  const int nd = static_cast<int>(src.ndim());
  int ell = -1, non_none = 0;
  for (size_t i = 0; i < in.size(); i++) {
    if (in[i].kind == kEllipsis) {
      if (ell >= 0) value_error("An index can only have a single ellipsis (...)");
      ell = static_cast<int>(i);
    } else if (in[i].kind != kNone) {
      non_none++;
    }
  }
  if (non_none > nd) {
    if (nd == 0) value_error("too many indices for array: array is 0-dimensional");
    value_error("Too many indices for array with " + std::to_string(nd) + " dimensions.");
  }
  Plan p;
  p.items.reserve(in.size() + nd);
  Item full{kSlice};
  for (size_t i = 0; i < in.size(); i++) {
    if (static_cast<int>(i) == ell) {
      for (int k = 0; k < nd - non_none; k++) p.items.push_back(full);
    } else {
      p.items.push_back(std::move(in[i]));
    }
  }
  p.n_given = p.items.size();
  if (ell < 0)
    for (int k = non_none; k < nd; k++) p.items.push_back(full);
  p.starts = mx::Shape(nd, 0);
  p.stops = src.shape();
  p.strides = mx::Shape(nd, 1);
  p.sliced = src.shape();
  int ax = 0;
  for (auto& it : p.items) {
    if (it.kind == kNone) continue;
    int64_t d = src.shape(ax);
    if (it.kind == kInt) {
      if (it.v < -d || it.v >= d)
        throw_range(std::string(op_label(op)) + ": index " + (it.v == INT64_MAX ? std::string("beyond int32") : std::to_string(it.v)) +
                    " is out of bounds for axis " + std::to_string(ax) + " with size " + std::to_string(d));
      if (it.v < 0) it.v += d;
      p.starts[ax] = static_cast<int>(it.v);
      p.stops[ax] = static_cast<int>(it.v + 1);
      p.sliced[ax] = 1;
      p.has_int = true;
      p.identity = false;
    } else if (it.kind == kSlice) {
      int64_t step = (it.flags & 4) ? it.step : 1;
      if (step == 0) value_error("slice step cannot be zero");
      int64_t start, stop;
      // NumPy's (CPython's PySlice_AdjustIndices) normalization
      if (it.flags & 1) {
        start = it.start;
        if (start < 0) start = std::max<int64_t>(start + d, step < 0 ? -1 : 0);
        else if (start >= d) start = step < 0 ? d - 1 : d;
      } else {
        start = step < 0 ? d - 1 : 0;
      }
      if (it.flags & 2) {
        stop = it.stop;
        if (stop < 0) stop = std::max<int64_t>(stop + d, step < 0 ? -1 : 0);
        else if (stop >= d) stop = step < 0 ? d - 1 : d;
      } else {
        stop = step < 0 ? -1 : d;
      }
      int64_t n = step < 0 ? (stop < start ? (start - stop - 1) / (-step) + 1 : 0)
                           : (start < stop ? (stop - start - 1) / step + 1 : 0);
      it.start = start;
      it.stop = stop;
      it.step = step;
      it.v = n;  // the length
      if (n == 0) {
        p.starts[ax] = 0, p.stops[ax] = 0, p.strides[ax] = 1;
      } else {
        p.starts[ax] = static_cast<int>(start);
        p.stops[ax] = static_cast<int>(stop < 0 ? -d - 1 : stop);  // MLX reads a negative stop from the end
        p.strides[ax] = static_cast<int>(step);
      }
      p.sliced[ax] = static_cast<int>(n);
      it.full = start == 0 && step == 1 && n == d;
      if (!it.full) p.identity = false;
    } else {  // kArray
      const mx::array& a = *it.arr;
      if (a.dtype() == mx::bool_) value_error("boolean indices are not yet supported");
      if (!mx::issubdtype(a.dtype(), mx::integer))
        value_error("[gather] Got indices with invalid dtype. Indices must be integral.");
      if (a.size() > 0) {
        if (auto v = ops::host_ints(a)) {
          for (int64_t x : *v)
            if (x < -d || x >= d)
              throw_range(std::string(op_label(op)) + ": index " + std::to_string(x) + " is out of bounds for axis " +
                          std::to_string(ax) + " with size " + std::to_string(d));
        } else {  // lazy or a tracer: clipped (reading it would need an evaluation)
          it.arr = mx::clip(a, mx::array(static_cast<int64_t>(d > 0 ? -d : 0), mx::int64),
                            mx::array(static_cast<int64_t>(d > 0 ? d - 1 : 0), mx::int64));
          it.arr = mx::astype(*it.arr, a.dtype());
        }
      }
      p.has_array = true;
    }
    ax++;
  }
  return p;
}

// Layout of the advanced-index result: B, the broadcast shape of the index
// arrays (ints are 0-d ones); whether the advanced items are contiguous; and
// how many output dims precede the first advanced item.
struct Advanced {
  mx::Shape B;
  std::vector<mx::array> idx;  // broadcast index arrays, one per advanced axis (ints: into the sliced axis: 0)
  std::vector<int> axes;
  bool contiguous = true;
  int before = 0;
};

Advanced advanced(const Plan& p) {
  Advanced A;
  std::vector<mx::array> arrs;
  int ax = 0, first = -1, last = -1;
  for (size_t i = 0; i < p.items.size(); i++) {
    const Item& it = p.items[i];
    if (it.kind == kInt || it.kind == kArray) {
      if (first < 0) first = static_cast<int>(i);
      else if (last != static_cast<int>(i) - 1) A.contiguous = false;
      last = static_cast<int>(i);
      arrs.push_back(it.kind == kArray ? *it.arr : mx::array(0, mx::int32));
      A.axes.push_back(ax);
    } else if (first < 0) {
      A.before++;
    }
    if (it.kind != kNone) ax++;
  }
  A.idx = mx::broadcast_arrays(arrs);
  A.B = A.idx.empty() ? mx::Shape{} : A.idx[0].shape();
  return A;
}

// The shape of src[items] (NumPy's), given the plan.
mx::Shape result_shape(const Plan& p, const Advanced* A) {
  mx::Shape out;
  int ax = 0;
  bool placed = false;
  if (A && !A->contiguous) out = A->B, placed = true;
  for (const auto& it : p.items) {
    if (it.kind == kNone) {
      out.push_back(1);
    } else if (it.kind == kSlice) {
      out.push_back(p.sliced[ax]);
    } else if (A && !placed) {
      out.insert(out.end(), A->B.begin(), A->B.end());
      placed = true;
    }
    if (it.kind != kNone) ax++;
  }
  return out;
}

mx::array get(const mx::array& src, const Plan& p) {
  // a[idx] (and a[idx, :, ...]): one take, as Python does
  if (p.has_array && p.items[0].kind == kArray &&
      std::all_of(p.items.begin() + 1, p.items.end(), [](const Item& it) { return it.kind == kSlice && it.full; }))
  {
    // one gather (negative indices are offset by the kernel), no normalisation ops
    const mx::array& i0 = *p.items[0].arr;
    mx::Shape sizes = src.shape(), out = i0.shape();
    sizes[0] = 1;
    out.insert(out.end(), src.shape().begin() + 1, src.shape().end());
    return mx::reshape(mx::gather(src, {i0}, std::vector<int>{0}, sizes), out);
  }
  mx::array x = p.identity ? src : mx::slice(src, p.starts, p.stops, p.strides);
  if (!p.has_array) {
    mx::Shape out = result_shape(p, nullptr);
    return out == x.shape() ? x : mx::reshape(x, out);
  }
  Advanced A = advanced(p);
  mx::Shape sizes = x.shape();
  for (int ax : A.axes) sizes[ax] = 1;
  // int items index the (already sliced) length-1 axis at 0
  size_t k = 0;
  for (const auto& it : p.items) {
    if (it.kind == kInt) A.idx[k] = mx::zeros_like(A.idx[k]);
    if (it.kind == kInt || it.kind == kArray) k++;
  }
  mx::array g = mx::gather(x, A.idx, A.axes, sizes);
  // g: B + sizes. Drop the advanced axes, insert the Nones: B + rest.
  mx::Shape flat = A.B;
  int ax = 0;
  for (const auto& it : p.items) {
    if (it.kind == kNone) flat.push_back(1);
    else if (it.kind == kSlice) flat.push_back(p.sliced[ax]);
    if (it.kind != kNone) ax++;
  }
  g = mx::reshape(g, flat);
  if (A.contiguous && A.before > 0 && !A.B.empty()) {
    int nb = static_cast<int>(A.B.size()), nr = static_cast<int>(flat.size()) - nb;
    std::vector<int> perm;
    for (int i = 0; i < A.before; i++) perm.push_back(nb + i);
    for (int i = 0; i < nb; i++) perm.push_back(i);
    for (int i = A.before; i < nr; i++) perm.push_back(nb + i);
    g = mx::transpose(g, perm);
  }
  return g;
}

mx::array combine(int op, const mx::array& a, const mx::array& b) {
  switch (op) {
    case kAdd: return mx::add(a, b);
    case kSub: return mx::subtract(a, b);
    case kMul: return mx::multiply(a, b);
    case kDiv: return mx::divide(a, b);
    case kMax: return mx::maximum(a, b);
    default: return mx::minimum(a, b);
  }
}

// Python's slice-update route (no index arrays, src.ndim > 0): the update's
// leading length-1 dims beyond src's rank are dropped; for several items,
// length-1 dims are then inserted for the integer items and removed for the
// None items, counted from the end (the update must then broadcast to the
// slice, as in Python: NumPy accepts a few shapes that this refuses).
mx::array slice_route_update(mx::array u, const Plan& p, const mx::array& src, bool single) {
  const int nd = static_cast<int>(src.ndim());
  int s = 0;
  while (s < static_cast<int>(u.ndim()) - 1 && u.shape(s) == 1 && static_cast<int>(u.ndim()) - s > nd) s++;
  if (s > 0) {
    std::vector<int> ax(s);
    std::iota(ax.begin(), ax.end(), 0);
    u = mx::squeeze(u, ax);
  }
  if (single) return u;
  const int n = static_cast<int>(p.n_given);
  int non_none = 0;
  for (int i = 0; i < n; i++) non_none += p.items[i].kind != kNone;
  if (non_none == 0) return mx::broadcast_to(u, src.shape());
  const int unspecified = nd - non_none;
  std::vector<int> expand, squeeze;
  int upd_ax = static_cast<int>(u.ndim()) - unspecified - 1;
  for (int i = n - 1; i >= 0; --i) {
    Kind k = p.items[i].kind;
    if (k == kSlice) {
      upd_ax--;
    } else if (k == kInt) {
      if (upd_ax >= 0) expand.push_back(i - n - unspecified);
    } else if (k == kNone) {
      if (upd_ax-- >= 0) squeeze.push_back(i - n - unspecified);
    }
  }
  if (!expand.empty()) u = mx::expand_dims(u, expand);
  if (!squeeze.empty()) u = mx::squeeze(u, squeeze);
  return u;
}

mx::array squeeze_leading(mx::array u) {
  int s = 0;
  while (s < static_cast<int>(u.ndim()) && u.shape(s) == 1) s++;
  return s > 0 ? mx::reshape(u, mx::Shape(u.shape().begin() + s, u.shape().end())) : u;
}

// a[items] = u (op kPut) or a.at[items].<op>(u).
mx::array update(const mx::array& src, const Plan& p, mx::array u, int op, bool single) {
  if (!p.has_array) {
    mx::array up = slice_route_update(u, p, src, single);
    if (op == kSub) up = mx::negative(up);
    if (op == kDiv) up = mx::reciprocal(up);
    switch (op) {
      case kPut: return mx::slice_update(src, up, p.starts, p.stops, p.strides);
      case kAdd: case kSub: return mx::slice_update_add(src, up, p.starts, p.stops, p.strides);
      case kMul: case kDiv: return mx::slice_update_prod(src, up, p.starts, p.stops, p.strides);
      case kMax: return mx::slice_update_max(src, up, p.starts, p.stops, p.strides);
      default: return mx::slice_update_min(src, up, p.starts, p.stops, p.strides);
    }
  }
  if (p.items[0].kind == kArray &&
      std::all_of(p.items.begin() + 1, p.items.end(), [](const Item& it) { return it.kind == kSlice && it.full; })) {
    // a[idx] = u, a.at[idx]: one scatter along axis 0, as Python does
    const mx::array& i0 = *p.items[0].arr;
    mx::Shape target = i0.shape();
    target.insert(target.end(), src.shape().begin() + 1, src.shape().end());
    mx::array ub = mx::broadcast_to(squeeze_leading(u), target);
    if (i0.size() == 0 || src.size() == 0) return src;
    if (op == kSub) ub = mx::negative(ub);
    if (op == kDiv) ub = mx::reciprocal(ub);
    if (ub.dtype() != src.dtype()) ub = mx::astype(ub, src.dtype());
    target.insert(target.begin() + i0.ndim(), 1);
    ub = mx::reshape(ub, target);
    std::vector<mx::array> idx{i0};
    std::vector<int> axes{0};
    switch (op) {
      case kPut: return mx::scatter(src, idx, ub, axes);
      case kAdd: case kSub: return mx::scatter_add(src, idx, ub, axes);
      case kMul: case kDiv: return mx::scatter_prod(src, idx, ub, axes);
      case kMax: return mx::scatter_max(src, idx, ub, axes);
      default: return mx::scatter_min(src, idx, ub, axes);
    }
  }
  Advanced A = advanced(p);
  mx::Shape target = result_shape(p, &A);
  mx::array ub = mx::broadcast_to(squeeze_leading(u), target);
  size_t count = 1;
  for (auto d : target) count *= static_cast<size_t>(d);
  if (count == 0 || src.size() == 0) return src;  // nothing to update (NumPy's result; Python mlx may crash here)
  // as Python: the negation or reciprocal of the value as given, then the cast
  if (op == kSub) ub = mx::negative(ub);
  if (op == kDiv) ub = mx::reciprocal(ub);
  if (ub.dtype() != src.dtype()) ub = mx::astype(ub, src.dtype());
  // Scatter over the indexed axes: the advanced indices (broadcast to B) and
  // one arange per slice, laid out on the grid G = B + [slice lengths]. The
  // trailing slices that cover their whole axis stay out of the grid: the
  // update's window spans them.
  int nb = static_cast<int>(A.B.size());
  size_t last = p.items.size();  // items from `last` on are whole-axis slices or None
  while (last > 0 && (p.items[last - 1].kind == kNone || (p.items[last - 1].kind == kSlice && p.items[last - 1].full)))
    last--;
  int m = 0;
  for (size_t i = 0; i < last; i++) m += p.items[i].kind == kSlice;
  std::vector<mx::array> idx;
  std::vector<int> axes;
  mx::Shape G = A.B, window;
  size_t k = 0;
  int j = 0, ax = 0;
  for (size_t i = 0; i < p.items.size(); i++) {
    const Item& it = p.items[i];
    if (it.kind == kNone) continue;
    if (i >= last) {
      window.push_back(static_cast<int>(it.v));
      ax++;
      continue;
    }
    if (it.kind == kSlice) {
      mx::Shape sh(nb + m, 1);
      sh[nb + j] = static_cast<int>(it.v);
      G.push_back(static_cast<int>(it.v));
      mx::array r = it.v == 0 ? mx::zeros({0}, mx::int32)
                              : mx::arange(static_cast<int>(it.start), static_cast<int>(it.start + it.step * it.v),
                                           static_cast<int>(it.step), mx::int32);
      idx.push_back(mx::reshape(r, sh));
      j++;
    } else {
      mx::Shape sh = A.B;
      sh.insert(sh.end(), m, 1);
      mx::array a = it.kind == kInt ? mx::array(static_cast<int>(it.v), mx::int32) : A.idx[k];
      idx.push_back(mx::reshape(it.kind == kInt ? mx::broadcast_to(a, A.B) : a, sh));
      k++;
    }
    axes.push_back(ax++);
  }
  // the update, from result order (Nones, B placed) to grid order
  mx::Shape noNone;
  int bpos = -1, pos = 0;
  {
    int a2 = 0;
    bool placed = false;
    if (!A.contiguous) bpos = 0, placed = true, pos = nb, noNone = A.B;
    for (const auto& it : p.items) {
      if (it.kind == kSlice) noNone.push_back(p.sliced[a2]), pos++;
      else if ((it.kind == kInt || it.kind == kArray) && !placed) {
        bpos = pos;
        noNone.insert(noNone.end(), A.B.begin(), A.B.end());
        pos += nb;
        placed = true;
      }
      if (it.kind != kNone) a2++;
    }
  }
  ub = mx::reshape(ub, noNone);
  if (bpos > 0 && nb > 0) {
    std::vector<int> perm;
    for (int i = 0; i < nb; i++) perm.push_back(bpos + i);
    for (int i = 0; i < bpos; i++) perm.push_back(i);
    for (int i = bpos + nb; i < static_cast<int>(noNone.size()); i++) perm.push_back(i);
    ub = mx::transpose(ub, perm);
  }
  mx::Shape ush = G;
  ush.insert(ush.end(), axes.size(), 1);
  ush.insert(ush.end(), window.begin(), window.end());
  ub = mx::reshape(ub, ush);
  switch (op) {
    case kPut: return mx::scatter(src, idx, ub, axes);
    case kAdd: case kSub: return mx::scatter_add(src, idx, ub, axes);
    case kMul: case kDiv: return mx::scatter_prod(src, idx, ub, axes);
    case kMax: return mx::scatter_max(src, idx, ub, axes);
    default: return mx::scatter_min(src, idx, ub, axes);
  }
}

// The value operand: a JS scalar takes a's dtype (Python's to_array(v, a.dtype)).
mx::array value_of(Call& c, const mx::array& src) {
  if (c.is_handle(3)) return c.arr(3);
  napi_value v = c.raw(3);
  if (!v) throw_type("mx.array.indexPut_: parameter 'value' is missing");
  Scalar s;
  if (read_scalar(c.env, v, s, "mx.array.indexPut_")) return scalar_to_array(s, src.dtype());
  if (mx::array* a = array_of_object(c.env, v, "mx.array.indexPut_")) return *a;
  return array_from_js(c.env, v, std::nullopt, "mx.array.indexPut_");
}

// index(a, n, extras, value, op, single): a is a plain handle number (not
// coded) so that indexPut_ can replace the array in its slot.
napi_value index_op(Call& c) {
  napi_env env = c.env;
  napi_value hv = c.raw(0);
  int64_t h = 0;
  NAPI_OK(napi_get_value_int64(env, hv, &h));
  mx::array* slot = slab_of(env).get(h);
  if (!slot) (void)array_of_handle(env, hv, "mx.array.index");  // throws the right message
  mx::array src = *slot;
  int n = c.integer(1);
  int op = c.integer(4);
  bool single = c.boolean(5);
  auto items = read_items(c, n, op);
  mx::array out = src;
  // Python's non-tuple forms a[...] and a[None] (and a[mask] = v)
  bool whole = single && n == 1 && (items[0].kind == kEllipsis || items[0].kind == kNone);
  if (op != kGet && single && n == 1 && items[0].kind == kArray && items[0].arr->dtype() == mx::bool_) {
    if (op != kPut) value_error("boolean indices are not yet supported");
    mx::array u = value_of(c, src);
    // MLX's masked_scatter divides by the value's size (SIGFPE for an empty value, found by the
    // fuzzer); NumPy refuses to assign 0 values where the mask may be true
    if (u.size() == 0 && items[0].arr->size() > 0 && src.size() > 0)
      value_error("boolean index assignment: the value is empty, so it cannot fill the places the mask selects");
    out = u.size() == 0 ? src : mx::masked_scatter(src, *items[0].arr, u);
  } else if (op != kGet && whole) {
    // Python: the value broadcast to a's shape replaces a (keeping its dtype);
    // for `...` its leading length-1 dims are dropped first, for None not
    mx::array u = value_of(c, src);
    if (items[0].kind == kEllipsis) u = squeeze_leading(u);
    u = mx::broadcast_to(u, src.shape());
    out = op == kPut ? u : combine(op, src, u);
  } else {
    Plan p = analyse(c, src, std::move(items), op);
    if (op == kGet) {
      out = get(src, p);
    } else if (src.ndim() == 0 && !single) {
      // Python's scatter route on a 0-d array: nothing indexed, the value (its
      // leading length-1 dims dropped) replaces a, keeping its own dtype
      mx::array u = mx::broadcast_to(squeeze_leading(value_of(c, src)), src.shape());
      out = op == kPut ? u : combine(op, src, u);
    } else {
      out = update(src, p, value_of(c, src), op, single);
    }
  }
  if (op == kPut) {
    mx::array* again = slab_of(env).get(h);
    if (!again) (void)array_of_handle(env, hv, "mx.array.indexPut_");
    *again = out;
    napi_value u;
    NAPI_OK(napi_get_undefined(env, &u));
    return u;
  }
  return c.ret(out);
}

const OpDef kDefs[] = {
    // internal (flags 0): called by src/ts/indexing.ts only
    {"array_index", "a, n, extras, value, op, single", 0, index_op},
};

}  // namespace

const Table kIndexingTable = {"core", kDefs, sizeof(kDefs) / sizeof(kDefs[0])};

}  // namespace mlxnode
