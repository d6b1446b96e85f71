// mlx.core ops. Signatures are the mlx 0.32.4 stubs' (annotations dropped);
// bodies follow python/src/ops.cpp's semantics.
#include "bodies.h"

namespace mlxnode {
namespace {

using ops::reduction;
using ops::unary;

napi_value squeeze(Call& c) {
  mx::array a = c.arr(0);
  auto axes = c.axes(1);
  return c.ret(axes ? mx::squeeze(a, *axes, c.stream(2)) : mx::squeeze(a, c.stream(2)));
}

napi_value expand_dims(Call& c) {
  mx::array a = c.arr(0);
  auto axes = c.axes(1);
  if (!axes) c.type_error(1, "an integer or a sequence of integers");
  return c.ret(mx::expand_dims(a, *axes, c.stream(2)));
}

// zeros/ones: shape, dtype=float32.
template <mx::array (*F)(const mx::Shape&, mx::Dtype, mx::StreamOrDevice)>
napi_value filled(Call& c) {
  mx::Shape shape = c.shape(0);
  auto dt = c.dtype(1);
  return c.ret(ops::sized(c, F(shape, dt.value_or(mx::float32), c.stream(2))));
}

template <mx::array (*F)(const mx::array&, mx::StreamOrDevice),
          mx::array (*G)(const mx::array&, mx::Dtype, mx::StreamOrDevice)>
napi_value filled_like(Call& c) {
  mx::array a = c.arr(0);
  auto dt = c.dtype(1);
  return c.ret(ops::sized(c, dt ? G(a, *dt, c.stream(2)) : F(a, c.stream(2))));
}

napi_value full(Call& c) {
  mx::Shape shape = c.shape(0);
  auto dt = c.dtype(2);
  // As Python: a scalar takes `dtype` (checked for overflow), an array keeps its own.
  mx::array vals = c.arr_or_scalar(1, dt);
  return c.ret(ops::sized(c, mx::full(shape, vals, c.stream(3))));
}

napi_value arange(Call& c) {
  // arange(stop) / arange(start, stop[, step]), `stop` also by keyword alone.
  // As Python: any float gives float32, else int32 (int64 when a value needs it).
  bool any_float = false, any_wide = false;
  for (size_t i = 0; i < 3; i++) {
    Scalar s;
    if (c.none(i)) continue;
    if (!read_scalar(c.env, c.raw(i), s, c.spec->label.c_str()) || s.kind == Scalar::Bool)
      c.type_error(i, "an int or a float");
    if (s.kind == Scalar::Float) any_float = true;
    if (s.kind == Scalar::Int && (s.big || s.i > INT32_MAX || s.i < INT32_MIN)) any_wide = true;
  }
  double start = 0, stop;
  if (c.none(1)) {
    if (c.none(0)) c.type_error(1, "a number (arange needs at least `stop`)");
    stop = c.number(0);
  } else {
    start = c.none(0) ? 0.0 : c.number(0);
    stop = c.number(1);
  }
  double step = c.none(2) ? 1.0 : c.number(2);
  auto dt = c.dtype(3);
  mx::Dtype natural = any_float ? mx::float32 : any_wide ? mx::int64 : mx::int32;
  return c.ret(ops::sized(c, mx::arange(start, stop, step, dt.value_or(natural), c.stream(4))));
}

napi_value linspace(Call& c) {
  double start = c.number(0), stop = c.number(1);
  int num = c.integer(2);  // Python takes None in the stub but rejects it
  bool endpoint = c.boolean(3);
  auto dt = c.dtype(4);
  return c.ret(ops::sized(c, mx::linspace(start, stop, num, endpoint, dt.value_or(mx::float32), c.stream(5))));
}

napi_value eye(Call& c) {
  int n = c.integer(0);
  int m = c.none(1) ? n : c.integer(1);
  int k = c.integer(2);
  auto dt = c.dtype(3);
  return c.ret(ops::sized(c, mx::eye(n, m, k, dt.value_or(mx::float32), c.stream(4))));
}

napi_value identity(Call& c) {
  int n = c.integer(0);
  auto dt = c.dtype(1);
  return c.ret(ops::sized(c, mx::identity(n, dt.value_or(mx::float32), c.stream(2))));
}

napi_value reshape(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(mx::reshape(a, c.shape_sequence(1), c.stream(2)));
}

napi_value flatten(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(mx::flatten(a, c.integer(1), c.integer(2), c.stream(3)));
}

// swapaxes / moveaxis: an array and two axes.
template <mx::array (*F)(const mx::array&, int, int, mx::StreamOrDevice)>
napi_value two_axes(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(F(a, c.integer(1), c.integer(2), c.stream(3)));
}

napi_value broadcast_to(Call& c) {
  mx::array a = c.arr_or_scalar(0);
  return c.ret(mx::broadcast_to(a, c.shape_sequence(1), c.stream(2)));
}

napi_value astype(Call& c) {
  mx::array a = c.arr(0);
  auto dt = c.dtype(1);
  if (!dt) c.type_error(1, "an mx.Dtype");
  return c.ret(mx::astype(a, *dt, c.stream(2)));
}

napi_value matmul(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  return c.ret(mx::matmul(a, b, c.stream(2)));
}

// Integer floor_divide / remainder: MLX's CPU kernel traps (SIGFPE: Python
// mlx dies) on the minimum int32 / int64 divided by -1. NumPy's values are the
// wrapped -x and 0: a divisor -1 is replaced by 1 (which cannot trap) and the
// quotient negated there, lazily. Division by 0 does not trap in these two
// kernels (it does in divmod, elementwise.cc) and keeps MLX's values.
template <bool kQuotient>
napi_value int_division(Call& c) {
  auto [a, b] = c.weak_pair(0, 1);
  auto s = c.stream(2);
  auto plain = [&](const mx::array& x, const mx::array& y) {
    return kQuotient ? mx::floor_divide(x, y, s) : mx::remainder(x, y, s);
  };
  mx::Dtype dt = mx::promote_types(a.dtype(), b.dtype());
  if (dt != mx::int32 && dt != mx::int64) return c.ret(plain(a, b));
  if (auto v = ops::known_int(b); v && *v != -1) return c.ret(plain(a, b));
  mx::array bc = mx::astype(b, dt, s);
  mx::array minus_one = mx::equal(bc, mx::array(-1, dt), s);
  mx::array r = plain(a, mx::where(minus_one, mx::array(1, dt), bc, s));  // x % 1 is 0: NumPy's x % -1
  return c.ret(kQuotient ? mx::where(minus_one, mx::negative(r, s), r, s) : r);
}

napi_value power(Call& c) {
  auto [a, b] = c.weak_pair(0, 1);
  return c.ret(mx::power(a, b, c.stream(2)));
}

const OpDef kDefs[] = {
    {"add", "a, b, /, *, stream=None", kFunction | kMethod, ops::weak_binary<mx::add>},
    {"subtract", "a, b, /, *, stream=None", kFunction | kMethod, ops::weak_binary<mx::subtract>},
    {"multiply", "a, b, /, *, stream=None", kFunction | kMethod, ops::weak_binary<mx::multiply>},
    {"divide", "a, b, /, *, stream=None", kFunction | kMethod, ops::weak_binary<mx::divide>},
    {"floor_divide", "a, b, /, *, stream=None", kFunction | kMethod, int_division<true>},
    {"remainder", "a, b, /, *, stream=None", kFunction | kMethod, int_division<false>},
    {"power", "a, b, /, *, stream=None", kFunction | kMethod, power},
    {"equal", "a, b, /, *, stream=None", kFunction | kMethod, ops::weak_binary<mx::equal>},
    {"not_equal", "a, b, /, *, stream=None", kFunction | kMethod, ops::weak_binary<mx::not_equal>},
    {"less", "a, b, /, *, stream=None", kFunction | kMethod, ops::weak_binary<mx::less>},
    {"less_equal", "a, b, /, *, stream=None", kFunction | kMethod, ops::weak_binary<mx::less_equal>},
    {"greater", "a, b, /, *, stream=None", kFunction | kMethod, ops::weak_binary<mx::greater>},
    {"greater_equal", "a, b, /, *, stream=None", kFunction | kMethod, ops::weak_binary<mx::greater_equal>},
    {"negative", "a, /, *, stream=None", kFunction | kMethod, unary<mx::negative>},
    {"matmul", "a, b, /, *, stream=None", kFunction | kMethod, matmul},
    {"reshape", "a, /, shape, *, stream=None", kFunction, reshape},
    {"flatten", "a, /, start_axis=0, end_axis=-1, *, stream=None", kFunction | kMethod, flatten},
    {"squeeze", "a, /, axis=None, *, stream=None", kFunction | kMethod, squeeze},
    {"expand_dims", "a, /, axis, *, stream=None", kFunction, expand_dims},
    {"transpose", "a, /, axes=None, *, stream=None", kFunction, ops::transpose},
    {"swapaxes", "a, /, axis1, axis2, *, stream=None", kFunction | kMethod, two_axes<mx::swapaxes>},
    {"moveaxis", "a, /, source, destination, *, stream=None", kFunction | kMethod, two_axes<mx::moveaxis>},
    {"broadcast_to", "a, /, shape, *, stream=None", kFunction, broadcast_to},
    {"astype", "a, /, dtype, *, stream=None", kFunction, astype},
    {"zeros", "shape, dtype=float32, *, stream=None", kFunction, filled<mx::zeros>},
    {"ones", "shape, dtype=float32, *, stream=None", kFunction, filled<mx::ones>},
    {"full", "shape, vals, dtype=None, *, stream=None", kFunction, full},
    {"arange", "start=None, stop=None, step=None, dtype=None, *, stream=None", kFunction, arange},
    {"linspace", "start, stop, num=50, endpoint=True, dtype=float32, stream=None", kFunction, linspace},
    {"eye", "n, m=None, k=0, dtype=float32, *, stream=None", kFunction, eye},
    {"identity", "n, dtype=float32, *, stream=None", kFunction, identity},
    {"zeros_like", "a, /, dtype=None, *, stream=None", kFunction, filled_like<mx::zeros_like, mx::zeros_like>},
    {"ones_like", "a, /, dtype=None, *, stream=None", kFunction, filled_like<mx::ones_like, mx::ones_like>},
    {"sum", "a, /, axis=None, keepdims=False, *, stream=None", kFunction | kMethod, reduction<mx::sum, mx::sum>},
    {"mean", "a, /, axis=None, keepdims=False, *, stream=None", kFunction | kMethod, reduction<mx::mean, mx::mean>},
};

}  // namespace

const Table kCoreTable = {"core", kDefs, std::size(kDefs)};

}  // namespace mlxnode
