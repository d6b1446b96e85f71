// Bodies shared by several op tables (one template per calling pattern), so
// that each table file lists its ops instead of re-deriving the same calls.
#pragma once

#include "../op_table.h"

#include <optional>

namespace mlxnode {
namespace ops {

using S = mx::StreamOrDevice;
using Unary = mx::array (*)(const mx::array&, S);
using Binary = mx::array (*)(const mx::array&, const mx::array&, S);

// `scalar | array` operand, converted as Python's to_array (natural dtype).
template <Unary F>
napi_value unary(Call& c) {
  return c.ret(F(c.arr_or_scalar(0), c.stream(1)));
}

// Python's to_arrays: a JS scalar next to an array takes the array's dtype.
template <Binary F>
napi_value weak_binary(Call& c) {
  auto [a, b] = c.weak_pair(0, 1);
  return c.ret(F(a, b, c.stream(2)));
}

// a, /, axis=None (int | list), keepdims=False, *, stream=None
using Reduce = mx::array (*)(const mx::array&, const std::vector<int>&, bool, S);
using ReduceAll = mx::array (*)(const mx::array&, bool, S);

template <Reduce F, ReduceAll G>
napi_value reduction(Call& c) {
  mx::array a = c.arr(0);
  auto axes = c.axes(1);
  bool keepdims = c.boolean(2);
  auto s = c.stream(3);
  return c.ret(axes ? F(a, *axes, keepdims, s) : G(a, keepdims, s));
}

// a, /, axes=None, *, stream=None: transpose and permute_dims.
inline napi_value transpose(Call& c) {
  mx::array a = c.arr(0);
  if (c.none(1)) return c.ret(mx::transpose(a, c.stream(2)));
  return c.ret(mx::transpose(a, c.int_list(1), c.stream(2)));
}

// The value of a one-element integer array that is already computed (a JS
// scalar operand), without evaluating anything; uint64 beyond int64 saturates.
inline std::optional<int64_t> known_int(const mx::array& b) {
  if (b.size() != 1 || !b.is_available()) return std::nullopt;
  switch (b.dtype()) {
    case mx::int8: return b.item<int8_t>();
    case mx::int16: return b.item<int16_t>();
    case mx::int32: return b.item<int32_t>();
    case mx::int64: return b.item<int64_t>();
    case mx::uint8: return b.item<uint8_t>();
    case mx::uint16: return b.item<uint16_t>();
    case mx::uint32: return b.item<uint32_t>();
    case mx::uint64: {
      uint64_t v = b.item<uint64_t>();
      return v > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(v);
    }
    default: return std::nullopt;
  }
}

}  // namespace ops
}  // namespace mlxnode
