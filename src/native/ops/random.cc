// mlx.core.random ops (signatures from random.pyi).
#include "bodies.h"

namespace mlxnode {
namespace {

// Python's uint64_t seed argument: a non-negative integer below 2**64.
uint64_t seed_arg(Call& c, size_t i) {
  napi_value v = c.raw(i);
  Scalar s;
  if (!v || !read_scalar(c.env, v, s, c.spec->label.c_str()) || s.kind != Scalar::Int)
    c.type_error(i, "an integer");
  if (!s.is_u64 && s.i < 0) throw_range(c.spec->label + ": seed must be non-negative");
  return s.is_u64 ? s.u : static_cast<uint64_t>(s.i);
}

napi_value seed(Call& c) {
  mx::random::seed(seed_arg(c, 0));
  return js_undefined(c.env);
}

napi_value key(Call& c) { return c.ret(mx::random::key(seed_arg(c, 0))); }

napi_value split(Call& c) {
  mx::array k = c.arr(0);
  return c.ret(ops::sized(c, mx::random::split(k, c.integer(1), c.stream(2))));
}

// The global key (Python's mx.random.state[0]). KeySequence keeps it as its
// only data member and has no accessor: a standard-layout object shares its
// address with its first member, so it is read through that address.
static_assert(sizeof(mx::random::KeySequence) == sizeof(mx::array), "KeySequence layout changed");
napi_value state(Call& c) {
  const mx::array& k = *reinterpret_cast<const mx::array*>(&mx::random::KeySequence::default_());
  return c.ret(std::vector<mx::array>{k});
}

// shape=None (Python's Optional[Sequence[int]]).
std::optional<mx::Shape> opt_shape(Call& c, size_t i) {
  if (c.none(i)) return std::nullopt;
  return c.shape_sequence(i);
}

napi_value multivariate_normal(Call& c) {
  mx::array mean = c.arr(0), cov = c.arr(1);
  mx::Shape shape = c.shape_sequence(2);
  mx::Dtype dt = c.dtype(3).value_or(mx::float32);
  auto k = c.opt_arr(4);
  return c.ret(ops::sized(c, mx::random::multivariate_normal(mean, cov, shape, dt, k, c.stream(5))));
}

napi_value randint(Call& c) {
  mx::array low = c.arr_or_scalar(0), high = c.arr_or_scalar(1);
  mx::Shape shape = c.shape_sequence(2);
  mx::Dtype dt = c.dtype(3).value_or(mx::int32);
  auto k = c.opt_arr(4);
  return c.ret(ops::sized(c, mx::random::randint(low, high, shape, dt, k, c.stream(5))));
}

napi_value bernoulli(Call& c) {
  mx::array p = c.given(0) ? c.arr_or_scalar(0) : mx::array(0.5f);
  auto shape = opt_shape(c, 1);
  auto k = c.opt_arr(2);
  auto s = c.stream(3);
  return c.ret(ops::sized(c, shape ? mx::random::bernoulli(p, *shape, k, s) : mx::random::bernoulli(p, k, s)));
}

napi_value truncated_normal(Call& c) {
  mx::array lower = c.arr_or_scalar(0), upper = c.arr_or_scalar(1);
  auto shape = opt_shape(c, 2);
  mx::Dtype dt = c.dtype(3).value_or(mx::float32);
  auto k = c.opt_arr(4);
  auto s = c.stream(5);
  return c.ret(ops::sized(c, shape ? mx::random::truncated_normal(lower, upper, *shape, dt, k, s)
                                   : mx::random::truncated_normal(lower, upper, dt, k, s)));
}

napi_value gumbel(Call& c) {
  mx::Shape shape = c.shape_sequence(0);
  mx::Dtype dt = c.dtype(1).value_or(mx::float32);
  auto k = c.opt_arr(2);
  return c.ret(ops::sized(c, mx::random::gumbel(shape, dt, k, c.stream(3))));
}

napi_value categorical(Call& c) {
  mx::array logits = c.arr(0);
  int axis = c.integer(1);
  auto shape = opt_shape(c, 2);
  auto num = c.opt_integer(3);
  auto k = c.opt_arr(4);
  auto s = c.stream(5);
  if (shape && num)
    throw std::invalid_argument("[categorical] At most one of shape or num_samples can be specified.");
  if (shape) return c.ret(ops::sized(c, mx::random::categorical(logits, axis, *shape, k, s)));
  if (num) return c.ret(ops::sized(c, mx::random::categorical(logits, axis, *num, k, s)));
  return c.ret(ops::sized(c, mx::random::categorical(logits, axis, k, s)));
}

napi_value laplace(Call& c) {
  mx::Shape shape = c.shape_sequence(0);
  mx::Dtype dt = c.dtype(1).value_or(mx::float32);
  float loc = static_cast<float>(c.number(2)), scale = static_cast<float>(c.number(3));
  auto k = c.opt_arr(4);
  return c.ret(ops::sized(c, mx::random::laplace(shape, dt, loc, scale, k, c.stream(5))));
}

napi_value permutation(Call& c) {
  if (!c.is_handle(0) && (c.js_type(0) == napi_number || c.js_type(0) == napi_boolean)) {
    int n = c.js_type(0) == napi_boolean ? (c.boolean(0) ? 1 : 0) : c.integer(0);  // Python's int accepts a bool
    c.integer(1);  // checked as Python does; unused for an int
    auto k = c.opt_arr(2);
    return c.ret(ops::sized(c, mx::random::permutation(n, k, c.stream(3))));
  }
  mx::array x = c.arr(0);
  int axis = c.integer(1);
  auto k = c.opt_arr(2);
  return c.ret(ops::sized(c, mx::random::permutation(x, axis, k, c.stream(3))));
}

napi_value normal(Call& c) {
  mx::Shape shape = c.shape_sequence(0);
  mx::Dtype dt = c.dtype(1).value_or(mx::float32);
  std::optional<mx::array> loc, scale;
  if (!c.none(2)) loc = c.arr_or_scalar(2, dt);
  if (!c.none(3)) scale = c.arr_or_scalar(3, dt);
  auto key = c.opt_arr(4);
  return c.ret(ops::sized(c, mx::random::normal(shape, dt, loc, scale, key, c.stream(5))));
}

napi_value uniform(Call& c) {
  mx::Dtype dt = c.dtype(3).value_or(mx::float32);
  mx::array low = c.given(0) ? c.arr_or_scalar(0, dt) : mx::array(0, dt);
  mx::array high = c.given(1) ? c.arr_or_scalar(1, dt) : mx::array(1, dt);
  mx::Shape shape = c.shape_sequence(2);
  auto key = c.opt_arr(4);
  return c.ret(ops::sized(c, mx::random::uniform(low, high, shape, dt, key, c.stream(5))));
}

const OpDef kDefs[] = {
    {"seed", "seed", kFunction | kReturnsValue, seed},
    {"normal", "shape=[], dtype=float32, loc=None, scale=None, key=None, stream=None", kFunction, normal},
    {"uniform", "low=0, high=1, shape=[], dtype=float32, key=None, stream=None", kFunction, uniform},
    {"key", "seed", kFunction, key},
    {"split", "key, num=2, stream=None", kFunction, split},
    {"multivariate_normal", "mean, cov, shape=[], dtype=float32, key=None, stream=None", kFunction, multivariate_normal},
    {"randint", "low, high, shape=[], dtype=int32, key=None, stream=None", kFunction, randint},
    {"bernoulli", "p=0.5, shape=None, key=None, stream=None", kFunction, bernoulli},
    {"truncated_normal", "lower, upper, shape=None, dtype=float32, key=None, stream=None", kFunction, truncated_normal},
    {"gumbel", "shape=[], dtype=float32, key=None, stream=None", kFunction, gumbel},
    {"categorical", "logits, axis=-1, shape=None, num_samples=None, key=None, stream=None", kFunction, categorical},
    {"laplace", "shape=[], dtype=float32, loc=0.0, scale=1.0, key=None, stream=None", kFunction, laplace},
    {"permutation", "x, axis=0, key=None, stream=None", kFunction, permutation},
    // Python's mx.random.state is a module attribute (a read-only sequence
    // holding the global key); here a function returning [key] that the JS
    // module can expose as a getter.
    {"state", "", kFunction | kReturnsList, state},
};

}  // namespace

const Table kRandomTable = {"random", kDefs, std::size(kDefs)};

}  // namespace mlxnode
