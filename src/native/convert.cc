#include "convert.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>

namespace mlxnode {

// Indexed by mx::Dtype::Val, which is also the code the JS Dtype objects carry.
static const mx::Dtype kDtypes[] = {
    mx::bool_, mx::uint8,   mx::uint16,  mx::uint32,   mx::uint64,
    mx::int8,  mx::int16,   mx::int32,   mx::int64,    mx::float16,
    mx::float32, mx::float64, mx::bfloat16, mx::complex64};
static constexpr int kNumDtypes = sizeof(kDtypes) / sizeof(kDtypes[0]);

int dtype_code(mx::Dtype d) { return static_cast<int>(d.val()); }

mx::Dtype dtype_from_code(int code) {
  if (code < 0 || code >= kNumDtypes) throw_type("invalid dtype code " + std::to_string(code));
  return kDtypes[code];
}

// { re, im }: a plain object whose only own keys are `re` and `im`, numbers.
static bool read_complex(napi_env env, napi_value v, Scalar& out) {
  bool has = false;
  NAPI_OK(napi_has_named_property(env, v, "re", &has));  // a Proxy's trap may throw: never continue past it
  if (!has) return false;
  napi_value keys;
  uint32_t n = 0;
  NAPI_OK(napi_get_property_names(env, v, &keys));
  NAPI_OK(napi_get_array_length(env, keys, &n));
  if (n != 2) return false;
  napi_value re, im;
  NAPI_OK(napi_get_named_property(env, v, "re", &re));
  NAPI_OK(napi_get_named_property(env, v, "im", &im));
  if (type_of(env, re) != napi_number || type_of(env, im) != napi_number) return false;
  bool has_im = false;
  NAPI_OK(napi_has_own_property(env, v, js_string(env, "im"), &has_im));
  if (!has_im) return false;
  out.kind = Scalar::Complex;
  NAPI_OK(napi_get_value_double(env, re, &out.f));
  NAPI_OK(napi_get_value_double(env, im, &out.im));
  return true;
}

bool read_scalar(napi_env env, napi_value v, Scalar& out, const char* what) {
  switch (type_of(env, v)) {
    case napi_boolean:
      out.kind = Scalar::Bool;
      NAPI_OK(napi_get_value_bool(env, v, &out.b));
      return true;
    case napi_number: {
      double d;
      NAPI_OK(napi_get_value_double(env, v, &d));
      if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) <= 9007199254740991.0) {
        // A Python int (Number.isSafeInteger); larger ones are floats.
        out.kind = Scalar::Int;
        out.i = static_cast<int64_t>(d);
      } else {
        out.kind = Scalar::Float;
        out.f = d;
      }
      return true;
    }
    case napi_bigint: {
      bool lossless = false;
      out.kind = Scalar::Int;
      out.big = true;
      NAPI_OK(napi_get_value_bigint_int64(env, v, &out.i, &lossless));
      if (lossless) return true;
      NAPI_OK(napi_get_value_bigint_uint64(env, v, &out.u, &lossless));
      if (lossless) {
        out.is_u64 = true;
        return true;
      }
      throw_range(std::string(what) + ": bigint out of the int64/uint64 range");
    }
    case napi_object:
      return read_complex(env, v, out);
    default:
      return false;
  }
}

static mx::Dtype natural_int_dtype(const Scalar& s) {
  if (s.is_u64) return mx::uint64;
  if (s.big) return mx::int64;
  return (s.i > std::numeric_limits<int32_t>::max() || s.i < std::numeric_limits<int32_t>::min())
             ? mx::int64
             : mx::int32;
}

mx::array scalar_to_array(const Scalar& s, std::optional<mx::Dtype> weak) {
  switch (s.kind) {
    case Scalar::Bool:
      return mx::array(s.b, weak.value_or(mx::bool_));
    case Scalar::Int: {
      mx::Dtype out = weak.value_or(natural_int_dtype(s));
      // A bigint beyond int64 (uint64 under docs/python-to-js.md) next to an int64
      // array keeps its own dtype, so the two promote (to float32) as Python's
      // result does, instead of wrapping.
      if (s.is_u64 && out == mx::int64) out = mx::uint64;
      // Python checks the narrow integer types only.
      if (mx::issubdtype(out, mx::integer) && out.size() < 8) {
        mx::iinfo info(out);
        bool over = s.is_u64 || s.i < info.min || s.i > static_cast<int64_t>(info.max);
        if (over) {
          std::ostringstream msg;
          msg << "Converting " << (s.is_u64 ? std::to_string(s.u) : std::to_string(s.i)) << " to "
              << out << " would result in overflow.";
          throw std::invalid_argument(msg.str());
        }
      }
      if (out == mx::bool_) out = mx::int32;  // a Python int never stays bool
      return s.is_u64 ? mx::array(s.u, out) : mx::array(s.i, out);
    }
    case Scalar::Float: {
      mx::Dtype out = weak.value_or(mx::float32);
      // Python reads the float as a C float first.
      return mx::array(static_cast<float>(s.f),
                       mx::issubdtype(out, mx::floating) ? out : mx::float32);
    }
    case Scalar::Complex:  // complex64 whatever the other operand, as Python's to_array
      return mx::array(std::complex<float>(static_cast<float>(s.f), static_cast<float>(s.im)));
  }
  throw std::logic_error("unreachable");
}

// ---- typed arrays --------------------------------------------------------

struct TypedView {
  napi_typedarray_type type;
  size_t length;
  void* data;
};

static bool typed_view(napi_env env, napi_value v, TypedView& tv) {
  bool is = false;
  NAPI_OK(napi_is_typedarray(env, v, &is));
  if (!is) return false;
  napi_value ab;
  size_t offset;
  NAPI_OK(napi_get_typedarray_info(env, v, &tv.type, &tv.length, &tv.data, &ab, &offset));
  return true;
}

static mx::Dtype typed_natural_dtype(napi_typedarray_type t) {
  switch (t) {
    case napi_int8_array: return mx::int8;
    case napi_uint8_array:
    case napi_uint8_clamped_array: return mx::uint8;
    case napi_int16_array: return mx::int16;
    case napi_uint16_array: return mx::uint16;
    case napi_int32_array: return mx::int32;
    case napi_uint32_array: return mx::uint32;
    case napi_float32_array: return mx::float32;
    case napi_float64_array: return mx::float32;  // as Python does for float64 NumPy input
    case napi_bigint64_array: return mx::int64;
    case napi_biguint64_array: return mx::uint64;
    default: throw_type("unsupported typed array type");
  }
}

template <typename T>
static mx::array from_ptr(const void* p, size_t n, mx::Dtype dt) {
  const T* t = static_cast<const T*>(p);
  return mx::array(t, mx::Shape{static_cast<mx::ShapeElem>(n)}, dt);
}

static mx::array from_typed(const TypedView& tv, std::optional<mx::Dtype> dtype) {
  if (tv.length > static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    throw_range("typed array too long for an MLX dimension");
  mx::Dtype natural = typed_natural_dtype(tv.type);
  // Float64 data goes straight to float64 when asked, without a float32 detour.
  mx::Dtype build = (tv.type == napi_float64_array && dtype == mx::float64) ? mx::float64 : natural;
  mx::array a = [&]() {
    switch (tv.type) {
      case napi_int8_array: return from_ptr<int8_t>(tv.data, tv.length, build);
      case napi_uint8_array:
      case napi_uint8_clamped_array: return from_ptr<uint8_t>(tv.data, tv.length, build);
      case napi_int16_array: return from_ptr<int16_t>(tv.data, tv.length, build);
      case napi_uint16_array: return from_ptr<uint16_t>(tv.data, tv.length, build);
      case napi_int32_array: return from_ptr<int32_t>(tv.data, tv.length, build);
      case napi_uint32_array: return from_ptr<uint32_t>(tv.data, tv.length, build);
      case napi_float32_array: return from_ptr<float>(tv.data, tv.length, build);
      case napi_float64_array: return from_ptr<double>(tv.data, tv.length, build);
      case napi_bigint64_array: return from_ptr<int64_t>(tv.data, tv.length, build);
      case napi_biguint64_array: return from_ptr<uint64_t>(tv.data, tv.length, build);
      default: throw_type("unsupported typed array type");
    }
  }();
  if (dtype && *dtype != a.dtype()) a = mx::astype(a, *dtype);
  return a;
}

// ---- nested JS arrays ----------------------------------------------------

namespace {

struct NestedInfo {
  mx::Shape shape;
  bool any_float = false, any_int = false, any_u64 = false, any_wide = false, any_complex = false;
  bool has_mx_array = false;
  int64_t lo = 0;   // the smallest signed integer leaf (for the fit check)
  uint64_t hi = 0;  // the largest non-negative integer leaf
};

class NestedReader {
 public:
  NestedReader(napi_env env, const char* what) : env_(env), what_(what) {}

  bool is_sequence(napi_value v) {
    if (is_array(env_, v)) return true;
    TypedView tv;
    return typed_view(env_, v, tv);
  }
  uint32_t length(napi_value v) {
    if (is_array(env_, v)) {
      uint32_t n = array_length(env_, v);
      // A sparse JS array can claim up to 2**32 - 1 elements: refused at once
      // (an axis is an int32) instead of read hole by hole for minutes.
      if (n > static_cast<uint32_t>(std::numeric_limits<int32_t>::max()))
        throw_range(std::string(what_) + ": a list of length " + std::to_string(n) +
                    " is longer than an array axis can be (2147483647)");
      return n;
    }
    TypedView tv;
    typed_view(env_, v, tv);
    return static_cast<uint32_t>(tv.length);
  }

  // Shape from the first elements, then a full check of uniformity and kinds.
  NestedInfo infer(napi_value v) {
    NestedInfo info;
    napi_value cur = v;
    while (is_sequence(cur)) {
      uint32_t n = length(cur);
      info.shape.push_back(static_cast<mx::ShapeElem>(n));
      if (n == 0) break;
      cur = element(env_, cur, 0);
    }
    check(v, 0, info);
    return info;
  }

  template <typename T>
  void fill(napi_value v, size_t depth, const NestedInfo& info, std::vector<T>& out) {
    uint32_t n = length(v);
    if (depth + 1 == info.shape.size()) {
      for (uint32_t i = 0; i < n; i++) {
        Scalar s;
        read_scalar(env_, element(env_, v, i), s, what_);
        out.push_back(scalar_value<T>(s));
      }
      return;
    }
    for (uint32_t i = 0; i < n; i++) fill(element(env_, v, i), depth + 1, info, out);
  }

  // Arrays among the leaves: convert each element and stack, as Python does.
  mx::array stack_elements(napi_value v) {
    uint32_t n = length(v);
    std::vector<mx::array> parts;
    parts.reserve(n);
    for (uint32_t i = 0; i < n; i++) parts.push_back(array_from_js(env_, element(env_, v, i), std::nullopt, what_));
    if (parts.empty()) return mx::array(std::initializer_list<float>{});
    mx::Dtype dt = mx::result_type(parts);
    for (auto& p : parts) p = mx::astype(p, dt);
    return mx::stack(parts);
  }

 private:
  template <typename T>
  static T scalar_value(const Scalar& s) {
    if constexpr (std::is_same_v<T, mx::complex64_t>) {
      if (s.kind == Scalar::Complex) return T(static_cast<float>(s.f), static_cast<float>(s.im));
      return T(scalar_value<float>(s), 0.0f);
    } else {
      switch (s.kind) {
        case Scalar::Bool: return static_cast<T>(s.b);
        case Scalar::Int: return s.is_u64 ? static_cast<T>(s.u) : static_cast<T>(s.i);
        default: return static_cast<T>(s.f);
      }
    }
  }

  void check(napi_value v, size_t depth, NestedInfo& info) {
    if (depth == info.shape.size()) {
      // A leaf.
      Scalar s;
      if (read_scalar(env_, v, s, what_)) {
        if (s.kind == Scalar::Float) info.any_float = true;
        if (s.kind == Scalar::Complex) info.any_complex = true;
        if (s.kind == Scalar::Int) {
          info.any_int = true;
          if (s.is_u64) {
            info.any_u64 = true;
            info.hi = std::max(info.hi, s.u);
          } else {
            if (s.big || s.i > std::numeric_limits<int32_t>::max() || s.i < std::numeric_limits<int32_t>::min())
              info.any_wide = true;
            info.lo = std::min(info.lo, s.i);
            if (s.i > 0) info.hi = std::max(info.hi, static_cast<uint64_t>(s.i));
          }
        }
        return;
      }
      if (is_array_object(env_, v)) {
        info.has_mx_array = true;
        return;
      }
      if (is_sequence(v)) throw std::invalid_argument("Initialization encountered extra dimension.");
      throw_type(std::string(what_) + ": cannot convert " + describe(env_, v) +
                 " inside a list to an array element");
    }
    if (!is_sequence(v)) {
      if (is_array_object(env_, v)) {
        info.has_mx_array = true;
        return;
      }
      throw std::invalid_argument("Initialization encountered non-uniform length.");
    }
    uint32_t n = length(v);
    if (static_cast<mx::ShapeElem>(n) != info.shape[depth])
      throw std::invalid_argument("Initialization encountered non-uniform length.");
    for (uint32_t i = 0; i < n; i++) check(element(env_, v, i), depth + 1, info);
  }

  napi_env env_;
  const char* what_;
};

}  // namespace

template <typename T>
static mx::array nested_as(NestedReader& r, napi_value v, const NestedInfo& info, mx::Dtype dt) {
  std::vector<T> data;
  size_t total = 1;
  for (auto d : info.shape) total *= static_cast<size_t>(d);
  data.reserve(total);
  if (total > 0) r.fill(v, 0, info, data);
  return mx::array(data.begin(), info.shape, dt);
}

// True when an mx.array appears anywhere in the nested JS arrays.
// It stops at the first element that is neither a number, a boolean, a
// bigint nor a list (a hole of a sparse array, a string, ...): the conversion
// refuses that element anyway, and a sparse list of length 2**31 is not read
// hole by hole.
static bool contains_mx_array(napi_env env, napi_value v, bool& stop) {
  if (is_array_object(env, v)) return true;
  if (!is_array(env, v)) {
    napi_valuetype t = type_of(env, v);
    if (t != napi_number && t != napi_boolean && t != napi_bigint && t != napi_object) stop = true;
    return false;
  }
  uint32_t n = array_length(env, v);
  for (uint32_t i = 0; i < n && !stop; i++)
    if (contains_mx_array(env, element(env, v, i), stop)) return true;
  return false;
}
static bool contains_mx_array(napi_env env, napi_value v) {
  bool stop = false;
  return contains_mx_array(env, v, stop);
}

// With an explicit integer (or bool) dtype, Python converts list integers
// through a C integer type and refuses what does not fit it: int for the
// types of 32 bits or less but uint32, uint32 for uint32, then int64 and
// uint64. What fits is cast (wrapping into narrow types), as Python does.
// Checked on the leaves' range, without touching a device.
static void check_fits(const NestedInfo& info, mx::Dtype dtype, const char* what) {
  if (!(mx::issubdtype(dtype, mx::integer) || dtype == mx::bool_)) return;
  int64_t min_ok = INT32_MIN;
  uint64_t max_ok = INT32_MAX;
  if (dtype == mx::uint32) min_ok = 0, max_ok = UINT32_MAX;
  if (dtype == mx::int64) min_ok = INT64_MIN, max_ok = INT64_MAX;
  if (dtype == mx::uint64) min_ok = 0, max_ok = UINT64_MAX;
  std::ostringstream msg;
  if (!info.any_u64 && info.lo < min_ok) msg << what << ": " << info.lo << " does not fit " << dtype;
  else if (info.hi > max_ok) msg << what << ": " << info.hi << " does not fit " << dtype;
  else return;
  throw std::invalid_argument(msg.str());
}

static mx::array from_nested(napi_env env, napi_value v, std::optional<mx::Dtype> dtype,
                             const char* what) {
  NestedReader r(env, what);
  if (contains_mx_array(env, v)) {
    mx::array a = r.stack_elements(v);
    return dtype && *dtype != a.dtype() ? mx::astype(a, *dtype) : a;
  }
  NestedInfo info = r.infer(v);
  if (info.has_mx_array) {
    mx::array a = r.stack_elements(v);
    return dtype && *dtype != a.dtype() ? mx::astype(a, *dtype) : a;
  }
  if (info.any_complex) {
    mx::array a = nested_as<mx::complex64_t>(r, v, info, mx::complex64);
    // complex -> another dtype is MLX's own cast; on the CPU, never the default device
    return dtype && *dtype != mx::complex64 ? mx::astype(a, *dtype, mx::Device(mx::Device::cpu)) : a;
  }
  if (dtype && info.any_int && !info.any_float) check_fits(info, *dtype, what);
  // Read in the natural type (what Python builds first), then stored by the
  // array constructor straight into the requested dtype, element by element
  // (the same static_cast as MLX's astype), on the host.
  if (info.any_float) {
    if (dtype == mx::float64) return nested_as<double>(r, v, info, mx::float64);
    return nested_as<float>(r, v, info, dtype.value_or(mx::float32));
  }
  if (info.any_int) {
    if (info.any_u64) return nested_as<uint64_t>(r, v, info, dtype.value_or(mx::uint64));
    if (info.any_wide) return nested_as<int64_t>(r, v, info, dtype.value_or(mx::int64));
    return nested_as<int32_t>(r, v, info, dtype.value_or(mx::int32));
  }
  bool empty = info.shape.empty() || info.shape.back() == 0;
  if (empty) return nested_as<float>(r, v, info, dtype.value_or(mx::float32));  // [] is float32, as in Python
  return nested_as<uint8_t>(r, v, info, dtype.value_or(mx::bool_));
}

mx::array array_from_js(napi_env env, napi_value v, std::optional<mx::Dtype> dtype,
                        const char* what) {
  // An mx.array first: the common object argument, cheaper to recognise than a complex.
  if (mx::array* a = type_of(env, v) == napi_object ? array_of_object(env, v, what) : nullptr)
    return dtype && *dtype != a->dtype() ? mx::astype(*a, *dtype) : *a;
  Scalar s;
  if (read_scalar(env, v, s, what)) {
    if (!dtype) return scalar_to_array(s, std::nullopt);
    switch (s.kind) {  // the constructor casts without an overflow check, as Python's
      case Scalar::Bool: return mx::array(s.b, *dtype);
      case Scalar::Int: return s.is_u64 ? mx::array(s.u, *dtype) : mx::array(s.i, *dtype);
      case Scalar::Float:
        return *dtype == mx::float64 ? mx::array(s.f, *dtype)
                                     : mx::array(static_cast<float>(s.f), *dtype);
      default: return mx::astype(scalar_to_array(s, std::nullopt), *dtype, mx::Device(mx::Device::cpu));
    }
  }
  TypedView tv;
  if (typed_view(env, v, tv)) return from_typed(tv, dtype);
  if (is_array(env, v)) return from_nested(env, v, dtype, what);
  throw_type(std::string(what) + ": cannot make an array from " + describe(env, v));
}

// ---- data out ------------------------------------------------------------

static float half_to_float(const void* p, mx::Dtype dt, size_t i) {
  if (dt == mx::float16) return static_cast<float>(static_cast<const mx::float16_t*>(p)[i]);
  return static_cast<float>(static_cast<const mx::bfloat16_t*>(p)[i]);
}

static napi_value element_to_js(napi_env env, const void* p, mx::Dtype dt, size_t i) {
  switch (dt.val()) {
    case mx::Dtype::Val::bool_: return js_bool(env, static_cast<const bool*>(p)[i]);
    case mx::Dtype::Val::uint8: return js_number(env, static_cast<const uint8_t*>(p)[i]);
    case mx::Dtype::Val::uint16: return js_number(env, static_cast<const uint16_t*>(p)[i]);
    case mx::Dtype::Val::uint32: return js_number(env, static_cast<const uint32_t*>(p)[i]);
    case mx::Dtype::Val::uint64: return js_biguint(env, static_cast<const uint64_t*>(p)[i]);
    case mx::Dtype::Val::int8: return js_number(env, static_cast<const int8_t*>(p)[i]);
    case mx::Dtype::Val::int16: return js_number(env, static_cast<const int16_t*>(p)[i]);
    case mx::Dtype::Val::int32: return js_number(env, static_cast<const int32_t*>(p)[i]);
    case mx::Dtype::Val::int64: return js_bigint(env, static_cast<const int64_t*>(p)[i]);
    case mx::Dtype::Val::float16:
    case mx::Dtype::Val::bfloat16: return js_number(env, half_to_float(p, dt, i));
    case mx::Dtype::Val::float32: return js_number(env, static_cast<const float*>(p)[i]);
    case mx::Dtype::Val::float64: return js_number(env, static_cast<const double*>(p)[i]);
    case mx::Dtype::Val::complex64: {
      auto c = static_cast<const mx::complex64_t*>(p)[i];
      napi_value o;
      NAPI_OK(napi_create_object(env, &o));
      NAPI_OK(napi_set_named_property(env, o, "re", js_number(env, c.real())));
      NAPI_OK(napi_set_named_property(env, o, "im", js_number(env, c.imag())));
      return o;
    }
  }
  throw std::logic_error("unreachable");
}

// Row-major, evaluated data of `a` (a copy only when `a` is not already so).
static mx::array row_major(mx::array a) {
  a.eval();
  if (!a.flags().row_contiguous || a.data_size() != a.size()) {
    a = mx::contiguous(a);
    a.eval();
  }
  return a;
}

napi_value item_to_js(napi_env env, mx::array a) {
  if (a.size() != 1)
    throw std::invalid_argument("[convert] Only length-1 arrays can be converted to Python scalars.");  // Python's
  a = row_major(a);
  return element_to_js(env, a.data<void>(), a.dtype(), 0);
}

static napi_value list_level(napi_env env, const mx::array& a, const void* p, size_t dim,
                             size_t& offset) {
  size_t n = static_cast<size_t>(a.shape(static_cast<int>(dim)));
  napi_value out;
  NAPI_OK(napi_create_array_with_length(env, n, &out));
  bool last = dim + 1 == a.ndim();
  for (size_t i = 0; i < n; i++) {
    napi_value v = last ? element_to_js(env, p, a.dtype(), offset++) : list_level(env, a, p, dim + 1, offset);
    NAPI_OK(napi_set_element(env, out, static_cast<uint32_t>(i), v));
  }
  return out;
}

// The most JS values (lists and numbers) one tolist() builds: a JS array is
// at most ~2**27 elements long, and V8 aborts the process (a fatal "invalid
// size" error, not an exception) when asked for a longer one, or runs out of
// heap, also fatally, on a list of billions of empty lists (an empty array of
// shape [2**31 - 1, 0] holds no data but would need that many).
constexpr double kMaxListValues = 1 << 27;


napi_value tolist_to_js(napi_env env, mx::array a) {
  if (a.ndim() == 0) return item_to_js(env, a);
  double values = 0, lists = 1;
  for (int d = 0; d < a.ndim(); d++) {
    lists *= a.shape(d);
    values += lists;
  }
  if (values > kMaxListValues)
    throw_range("tolist: an array of shape " + shape_text(a.shape()) + " makes " + format_number(values) +
                " JS values, more than a JS list can hold (" + format_number(kMaxListValues) +
                "); read it with toTypedArray() or in slices");
  a = row_major(a);
  size_t offset = 0;
  return list_level(env, a, a.data<void>(), 0, offset);
}

napi_value to_typed_array(napi_env env, mx::array a, bool raw_bits, int view) {
  if (view && !raw_bits && (a.dtype() == mx::float16 || a.dtype() == mx::bfloat16))
    throw_type(
        "toTypedArray: { copy: false } of a float16 or bfloat16 array needs { raw: true } (a Uint16Array of the bits; "
        "Node has no Float16Array to view them as numbers)");
  a = row_major(a);
  size_t n = a.size();
  mx::Dtype dt = a.dtype();
  napi_typedarray_type type;
  size_t elem = dt.size(), count = n;
  bool widen_half = false;
  switch (dt.val()) {
    case mx::Dtype::Val::bool_:
    case mx::Dtype::Val::uint8: type = napi_uint8_array; break;
    case mx::Dtype::Val::uint16: type = napi_uint16_array; break;
    case mx::Dtype::Val::uint32: type = napi_uint32_array; break;
    case mx::Dtype::Val::uint64: type = napi_biguint64_array; break;
    case mx::Dtype::Val::int8: type = napi_int8_array; break;
    case mx::Dtype::Val::int16: type = napi_int16_array; break;
    case mx::Dtype::Val::int32: type = napi_int32_array; break;
    case mx::Dtype::Val::int64: type = napi_bigint64_array; break;
    case mx::Dtype::Val::float16:
    case mx::Dtype::Val::bfloat16:
      // No Float16Array in Node 20: values widen to float32; raw bits stay 16-bit.
      if (raw_bits) type = napi_uint16_array;
      else {
        type = napi_float32_array;
        elem = 4;
        widen_half = true;
      }
      break;
    case mx::Dtype::Val::float32: type = napi_float32_array; break;
    case mx::Dtype::Val::float64: type = napi_float64_array; break;
    case mx::Dtype::Val::complex64:
      type = napi_float32_array;
      elem = 4;
      count = 2 * n;
      break;
  }
  void* dst = nullptr;
  napi_value ab, ta;
  if (view && n > 0) {
    // The view keeps the array's buffer alive through a heap copy of the
    // mx::array, released by the ArrayBuffer's finalizer; the wrapper may be
    // disposed or collected first.
    auto* keep = new mx::array(a);
    napi_status st = view == 2 ? napi_no_external_buffers_allowed
                               : napi_create_external_arraybuffer(
                                     env, keep->data<void>(), count * elem,
                                     [](node_api_basic_env, void*, void* hint) { delete static_cast<mx::array*>(hint); }, keep,
                                     &ab);
    if (st == napi_ok) {
      NAPI_OK(napi_create_typedarray(env, type, count, ab, 0, &ta));
      return ta;
    }
    delete keep;
    if (st != napi_no_external_buffers_allowed) NAPI_OK(st);
    // the runtime forbids external buffers (V8 sandbox): a copy, as with copy: true
  }
  NAPI_OK(napi_create_arraybuffer(env, count * elem, &dst, &ab));
  const void* src = a.data<void>();
  if (widen_half) {
    float* f = static_cast<float*>(dst);
    for (size_t i = 0; i < n; i++) f[i] = half_to_float(src, dt, i);
  } else if (n > 0) {
    std::memcpy(dst, src, count * elem);
  }
  NAPI_OK(napi_create_typedarray(env, type, count, ab, 0, &ta));
  return ta;
}

}  // namespace mlxnode
