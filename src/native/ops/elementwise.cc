// Elementwise math, comparisons, logic and bitwise ops of mlx.core (signatures
// from the mlx 0.32.4 runtime binding, which is stricter than the stubs in
// places: see each comment; bodies follow python/src/ops.cpp's semantics).
#include "bodies.h"

namespace mlxnode {
namespace {

// An mx.array only (Python binds the C++ function directly: no scalars).
template <mx::array (*F)(const mx::array&, mx::StreamOrDevice)>
napi_value strict_unary(Call& c) {
  return c.ret(F(c.arr(0), c.stream(1)));
}

using ops::Binary;
using ops::unary;
using ops::weak_binary;

// Each operand converted on its own (Python's logical_and/or/xor use to_array twice).
template <Binary F>
napi_value strong_binary(Call& c) {
  mx::array a = c.arr_or_scalar(0);
  mx::array b = c.arr_or_scalar(1);
  return c.ret(F(a, b, c.stream(2)));
}

// divmod: MLX's CPU kernel traps (SIGFPE, Python mlx dies) on an integer
// divisor 0 and on the minimum signed value divided by -1. NumPy gives
// (0, 0) for x / 0 and (-x wrapped, 0) for x / -1: the divisors 0 and -1 are
// replaced by 1 (which cannot trap) and the quotient fixed up, lazily.
napi_value divmod(Call& c) {
  auto [a, b] = c.weak_pair(0, 1);
  auto s = c.stream(2);
  mx::Dtype dt = mx::promote_types(a.dtype(), b.dtype());
  if (!mx::issubdtype(dt, mx::integer)) return c.ret(mx::divmod(a, b, s));
  bool is_signed = mx::issubdtype(dt, mx::signedinteger);
  if (auto v = ops::known_int(b); v && *v != 0 && *v != -1) return c.ret(mx::divmod(a, b, s));
  mx::array bc = mx::astype(b, dt, s);
  mx::array zero = mx::equal(bc, mx::array(0, dt), s);
  mx::array guard = zero;
  std::optional<mx::array> minus_one;
  if (is_signed) {
    minus_one = mx::equal(bc, mx::array(-1, dt), s);
    guard = mx::logical_or(guard, *minus_one, s);
  }
  mx::array safe = mx::where(guard, mx::array(1, dt), bc, s);
  std::vector<mx::array> qr = mx::divmod(a, safe, s);  // remainder by 1 is 0: NumPy's value
  mx::array q = qr[0];
  if (minus_one) q = mx::where(*minus_one, mx::negative(q, s), q, s);
  q = mx::where(zero, mx::array(0, dt), q, s);
  return c.ret(std::vector<mx::array>{q, qr[1]});
}

napi_value round(Call& c) {
  mx::array a = c.arr_or_scalar(0);
  int decimals = c.integer(1);
  return c.ret(mx::round(a, decimals, c.stream(2)));
}

napi_value where(Call& c) {
  mx::array cond = c.arr_or_scalar(0);
  auto [x, y] = c.weak_pair(1, 2);
  return c.ret(mx::where(cond, x, y, c.stream(3)));
}

napi_value clip(Call& c) {
  mx::array a = c.arr(0);
  // Python: to_arrays(a, bound).second: a scalar bound takes a's dtype (weak).
  std::optional<mx::array> lo, hi;
  if (!c.none(1)) lo = c.arr_or_scalar(1, a.dtype());
  if (!c.none(2)) hi = c.arr_or_scalar(2, a.dtype());
  return c.ret(mx::clip(a, lo, hi, c.stream(3)));
}

std::optional<float> opt_float(Call& c, size_t i) {
  if (c.none(i)) return std::nullopt;
  return static_cast<float>(c.number(i));
}

napi_value nan_to_num(Call& c) {
  mx::array a = c.arr_or_scalar(0);
  float nan = static_cast<float>(c.number(1));
  auto posinf = opt_float(c, 2);
  auto neginf = opt_float(c, 3);
  return c.ret(mx::nan_to_num(a, nan, posinf, neginf, c.stream(4)));
}

// isclose / allclose: arrays only (Python converts no scalars here).
template <mx::array (*F)(const mx::array&, const mx::array&, double, double, bool, mx::StreamOrDevice)>
napi_value closeness(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  double rtol = c.number(2), atol = c.number(3);
  bool equal_nan = c.boolean(4);
  return c.ret(F(a, b, rtol, atol, equal_nan, c.stream(5)));
}

napi_value array_equal(Call& c) {
  auto [a, b] = c.weak_pair(0, 1);
  bool equal_nan = c.boolean(2);
  return c.ret(mx::array_equal(a, b, equal_nan, c.stream(3)));
}

constexpr unsigned F = kFunction;
constexpr unsigned FM = kFunction | kMethod;

#define UNARY_SIG "a, /, *, stream=None"
#define BINARY_SIG "a, b, /, *, stream=None"

const OpDef kDefs[] = {
    // a.abs() exists in Python; `abs(a)` (__abs__) is the same call.
    {"abs", UNARY_SIG, FM, unary<mx::abs>},
    {"sign", UNARY_SIG, F, unary<mx::sign>},
    {"positive", UNARY_SIG, F, strict_unary<mx::positive>},  // arrays only, as Python
    {"reciprocal", UNARY_SIG, FM, unary<mx::reciprocal>},
    {"square", UNARY_SIG, FM, unary<mx::square>},
    {"sqrt", UNARY_SIG, FM, unary<mx::sqrt>},
    {"rsqrt", UNARY_SIG, FM, unary<mx::rsqrt>},
    {"exp", UNARY_SIG, FM, unary<mx::exp>},
    {"expm1", UNARY_SIG, F, unary<mx::expm1>},
    {"log", UNARY_SIG, FM, unary<mx::log>},
    {"log2", UNARY_SIG, FM, unary<mx::log2>},
    {"log10", UNARY_SIG, FM, unary<mx::log10>},
    {"log1p", UNARY_SIG, FM, unary<mx::log1p>},
    {"sin", UNARY_SIG, FM, unary<mx::sin>},
    {"cos", UNARY_SIG, FM, unary<mx::cos>},
    {"tan", UNARY_SIG, F, unary<mx::tan>},
    {"arcsin", UNARY_SIG, F, unary<mx::arcsin>},
    {"arccos", UNARY_SIG, F, unary<mx::arccos>},
    {"arctan", UNARY_SIG, F, unary<mx::arctan>},
    {"sinh", UNARY_SIG, F, unary<mx::sinh>},
    {"cosh", UNARY_SIG, F, unary<mx::cosh>},
    {"tanh", UNARY_SIG, F, unary<mx::tanh>},
    {"arcsinh", UNARY_SIG, F, unary<mx::arcsinh>},
    {"arccosh", UNARY_SIG, F, unary<mx::arccosh>},
    {"arctanh", UNARY_SIG, F, unary<mx::arctanh>},
    // Array API aliases (Python binds the same function objects).
    {"asin", UNARY_SIG, F, unary<mx::arcsin>},
    {"acos", UNARY_SIG, F, unary<mx::arccos>},
    {"atan", UNARY_SIG, F, unary<mx::arctan>},
    {"asinh", UNARY_SIG, F, unary<mx::arcsinh>},
    {"acosh", UNARY_SIG, F, unary<mx::arccosh>},
    {"atanh", UNARY_SIG, F, unary<mx::arctanh>},
    {"arctan2", BINARY_SIG, F, weak_binary<mx::arctan2>},
    {"atan2", BINARY_SIG, F, weak_binary<mx::arctan2>},
    {"degrees", UNARY_SIG, F, unary<mx::degrees>},
    {"radians", UNARY_SIG, F, unary<mx::radians>},
    {"erf", UNARY_SIG, F, unary<mx::erf>},
    {"erfinv", UNARY_SIG, F, unary<mx::erfinv>},
    {"sigmoid", UNARY_SIG, F, unary<mx::sigmoid>},
    {"ceil", UNARY_SIG, F, unary<mx::ceil>},
    {"floor", UNARY_SIG, F, unary<mx::floor>},
    // The method a.round(decimals=0, *, stream) is in array_methods.cc (stream keyword-only there too).
    {"round", "a, /, decimals=0, *, stream=None", F, round},
    {"trunc", UNARY_SIG, F, strict_unary<mx::trunc>},  // arrays only, as Python
    // The stub omits `/`; the runtime takes `a` positionally only.
    {"conj", UNARY_SIG, FM, unary<mx::conjugate>},
    {"conjugate", UNARY_SIG, F, unary<mx::conjugate>},
    // a.real / a.imag are properties (added in TypeScript).
    {"real", UNARY_SIG, F, unary<mx::real>},
    {"imag", UNARY_SIG, F, unary<mx::imag>},
    // The stub says "a, stream=None"; the runtime: a positional-only, stream keyword-only.
    {"isnan", UNARY_SIG, F, unary<mx::isnan>},
    {"isinf", UNARY_SIG, F, unary<mx::isinf>},
    {"isfinite", UNARY_SIG, F, unary<mx::isfinite>},
    {"isposinf", UNARY_SIG, F, unary<mx::isposinf>},
    {"isneginf", UNARY_SIG, F, unary<mx::isneginf>},
    {"logical_not", UNARY_SIG, F, unary<mx::logical_not>},
    {"logical_and", BINARY_SIG, F, strong_binary<mx::logical_and>},
    {"logical_or", BINARY_SIG, F, strong_binary<mx::logical_or>},
    {"logical_xor", BINARY_SIG, F, strong_binary<mx::logical_xor>},
    // Operators: a.bitwiseAnd(b) is Python's a & b, and so on (docs/python-to-js.md).
    // The stub says "a, b, stream=None"; the runtime: positional-only a, b, keyword-only stream.
    {"bitwise_and", BINARY_SIG, FM, weak_binary<mx::bitwise_and>},
    {"bitwise_or", BINARY_SIG, FM, weak_binary<mx::bitwise_or>},
    {"bitwise_xor", BINARY_SIG, FM, weak_binary<mx::bitwise_xor>},
    {"bitwise_invert", UNARY_SIG, FM, unary<mx::bitwise_invert>},
    {"left_shift", BINARY_SIG, FM, weak_binary<mx::left_shift>},
    {"right_shift", BINARY_SIG, FM, weak_binary<mx::right_shift>},
    {"bitwise_left_shift", BINARY_SIG, F, weak_binary<mx::left_shift>},
    {"bitwise_right_shift", BINARY_SIG, F, weak_binary<mx::right_shift>},
    {"maximum", BINARY_SIG, F, weak_binary<mx::maximum>},
    {"minimum", BINARY_SIG, F, weak_binary<mx::minimum>},
    {"logaddexp", BINARY_SIG, F, weak_binary<mx::logaddexp>},
    {"pow", BINARY_SIG, F, weak_binary<mx::power>},
    {"divmod", BINARY_SIG, F | kReturnsList, divmod},
    {"where", "condition, x, y, /, *, stream=None", F, where},
    {"clip", "a, /, a_min, a_max, *, stream=None", F, clip},
    // The stub omits `/` after a; the runtime takes it positionally only.
    {"nan_to_num", "a, /, nan=0, posinf=None, neginf=None, *, stream=None", F, nan_to_num},
    {"isclose", "a, b, /, rtol=1e-05, atol=1e-08, *, equal_nan=False, stream=None", F, closeness<mx::isclose>},
    {"allclose", "a, b, /, rtol=1e-05, atol=1e-08, *, equal_nan=False, stream=None", F, closeness<mx::allclose>},
    // The stub says "a, b, equal_nan=False, stream=None"; the runtime: a, b positional-only, the rest keyword-only.
    {"array_equal", "a, b, /, *, equal_nan=False, stream=None", F, array_equal},
};

#undef UNARY_SIG
#undef BINARY_SIG

}  // namespace

const Table kElementwiseTable = {"core", kDefs, std::size(kDefs)};

}  // namespace mlxnode
