// mlx.core.random ops (signatures from random.pyi).
#include "../op_table.h"

namespace mlxnode {
namespace {

std::optional<mx::array> opt_key(Call& c, size_t i) {
  if (c.none(i)) return std::nullopt;
  return c.arr(i);
}

napi_value seed(Call& c) {
  napi_value v = c.raw(0);
  Scalar s;
  if (!v || !read_scalar(c.env, v, s, c.spec->label.c_str()) || s.kind != Scalar::Int)
    c.type_error(0, "an integer");
  if (!s.is_u64 && s.i < 0) throw_range(c.spec->label + ": seed must be non-negative");
  mx::random::seed(s.is_u64 ? s.u : static_cast<uint64_t>(s.i));
  return js_undefined(c.env);
}

napi_value normal(Call& c) {
  mx::Shape shape = c.shape_sequence(0);
  mx::Dtype dt = c.dtype(1).value_or(mx::float32);
  std::optional<mx::array> loc, scale;
  if (!c.none(2)) loc = c.arr_or_scalar(2, dt);
  if (!c.none(3)) scale = c.arr_or_scalar(3, dt);
  auto key = opt_key(c, 4);
  return c.ret(mx::random::normal(shape, dt, loc, scale, key, c.stream(5)));
}

napi_value uniform(Call& c) {
  mx::Dtype dt = c.dtype(3).value_or(mx::float32);
  mx::array low = c.given(0) ? c.arr_or_scalar(0, dt) : mx::array(0, dt);
  mx::array high = c.given(1) ? c.arr_or_scalar(1, dt) : mx::array(1, dt);
  mx::Shape shape = c.shape_sequence(2);
  auto key = opt_key(c, 4);
  return c.ret(mx::random::uniform(low, high, shape, dt, key, c.stream(5)));
}

const OpDef kDefs[] = {
    {"seed", "seed", kFunction | kReturnsValue, seed},
    {"normal", "shape=[], dtype=float32, loc=None, scale=None, key=None, stream=None", kFunction, normal},
    {"uniform", "low=0, high=1, shape=[], dtype=float32, key=None, stream=None", kFunction, uniform},
};

}  // namespace

const Table kRandomTable = {"random", kDefs, std::size(kDefs)};

}  // namespace mlxnode
