// mx.array methods whose Python signature differs from the mlx.core function
// of the same name (ops shared with mlx.core carry kMethod in core.cc).
#include "../op_table.h"

namespace mlxnode {
namespace {

// Python's `a.reshape(*shape)` takes the dims spread, or a sequence as the
// first argument (then, as in Python, the remaining arguments are ignored).
mx::Shape spread_shape(Call& c, size_t i) {
  if (c.is_int_list(i)) return c.shape(i);
  napi_value v = c.raw(i);
  if (v && is_array(c.env, v) && array_length(c.env, v) >= 1) {
    napi_value first = element(c.env, v, 0);
    if (type_of(c.env, first) == napi_object) {
      bool typed = false;
      napi_is_typedarray(c.env, first, &typed);
      if (is_array(c.env, first) || typed) return c.shape_of(first, i);
    }
  }
  return c.shape(i);
}

napi_value reshape(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(mx::reshape(a, spread_shape(c, 1), c.stream(2)));
}

napi_value transpose(Call& c) {
  mx::array a = c.arr(0);
  mx::Shape axes = spread_shape(c, 1);
  if (axes.empty()) return c.ret(mx::transpose(a, c.stream(2)));
  return c.ret(mx::transpose(a, std::vector<int>(axes.begin(), axes.end()), c.stream(2)));
}

// a.round(decimals=0, *, stream): stream is keyword-only here (as in mx.round's runtime).
napi_value round(Call& c) {
  mx::array a = c.arr(0);
  return c.ret(mx::round(a, c.integer(1), c.stream(2)));
}

napi_value astype(Call& c) {
  mx::array a = c.arr(0);
  auto dt = c.dtype(1);
  if (!dt) c.type_error(1, "an mx.Dtype");
  return c.ret(mx::astype(a, *dt, c.stream(2)));
}

const OpDef kDefs[] = {
    {"reshape", "self, *shape, stream=None", kMethod, reshape},
    {"transpose", "self, *axes, stream=None", kMethod, transpose},
    {"astype", "self, dtype, stream=None", kMethod, astype},
    // Method-only entries of the families (a signature unlike mlx.core's function), one block each.
    // -- elementwise --
    {"round", "self, decimals=0, *, stream=None", kMethod, round},

    // -- reductions --
    // Python's a.cumsum / a.cumprod take no dtype (the functions do).
    {"cumsum", "self, axis=None, *, reverse=False, inclusive=True, stream=None", kMethod,
     [](Call& c) -> napi_value {
       mx::array a = c.arr(0);
       auto axis = c.opt_integer(1);
       bool reverse = c.boolean(2), inclusive = c.boolean(3);
       auto s = c.stream(4);
       return c.ret(axis ? mx::cumsum(a, *axis, reverse, inclusive, s) : mx::cumsum(a, reverse, inclusive, s));
     }},
    {"cumprod", "self, axis=None, *, reverse=False, inclusive=True, stream=None", kMethod,
     [](Call& c) -> napi_value {
       mx::array a = c.arr(0);
       auto axis = c.opt_integer(1);
       bool reverse = c.boolean(2), inclusive = c.boolean(3);
       auto s = c.stream(4);
       return c.ret(axis ? mx::cumprod(a, *axis, reverse, inclusive, s) : mx::cumprod(a, reverse, inclusive, s));
     }},

    // -- structure --

    // -- conv_quant --

    // -- random / fft / fast --

};

}  // namespace

const Table kArrayTable = {"array", kDefs, std::size(kDefs)};

}  // namespace mlxnode
