// Bodies shared by several op tables (one template per calling pattern), so
// that each table file lists its ops instead of re-deriving the same calls.
#pragma once

#include "../op_table.h"

#include <unistd.h>

#include <optional>
#include <type_traits>
#include <vector>

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

// MLX's CPU reduction planner reads an element of an empty vector
// (strides.back()) when the input is not row-contiguous and every reduced
// axis has size 0 or 1: a reduction over an empty axis of a transposed or
// sliced view (mx.sum(mx.zeros([2, 0]).T, 0)) then loops on garbage sizes,
// hanging or crashing the process at random (Python mlx too). An empty input
// holds no data, so a fresh empty array of the same shape and dtype (which is
// row-contiguous) stands for it. A transform's tracer is kept (it must stay
// in the traced graph).
inline mx::array dense_if_empty(const mx::array& a) {
  return a.size() == 0 && !a.is_tracer() ? mx::zeros(a.shape(), a.dtype()) : a;
}

template <Reduce F, ReduceAll G>
napi_value reduction(Call& c) {
  mx::array a = dense_if_empty(c.arr(0));
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

// MLX allocates a result without checking that the allocation succeeded: one
// larger than the machine's memory kills the process when it is evaluated
// (Python mlx dies there). Ops that create or copy data refuse such a result
// when they build it (an mx.MLXError); views (broadcast_to, as_strided) are not
// checked, they allocate nothing.
inline double machine_bytes() {
  static const double bytes = [] {
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 0.0;
  }();
  return bytes;
}

inline mx::array sized(Call& c, mx::array out) {
  double n = 1;
  for (auto d : out.shape()) n *= d;  // a double: no overflow
  double need = n * out.dtype().size(), have = machine_bytes();
  if (have > 0 && need > have)
    throw JsError(ErrKind::MLX, c.spec->label + ": the result (" + format_number(n) + " elements, " +
                                    format_number(need) + " bytes) is larger than this machine's memory (" +
                                    format_number(have) + " bytes)");
  // An empty result holds no data, whatever computed it: a fresh empty array
  // of its shape and dtype stands for it, so that the graph behind it is never
  // evaluated. That graph can be huge though the result is empty:
  // mx.tri(2**31 - 1, 0) compares two aranges of 2**31 - 1 elements, and
  // mx.random.permutation of a [0, 2**31 - 1] view sorts 2**31 - 1 random
  // keys (minutes and gigabytes). A transform's tracer is kept.
  if (n == 0 && !out.is_tracer()) return mx::zeros(out.shape(), out.dtype());
  return out;
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

// The values of an integer array that already holds row-major data (an
// argument built from JS data, or evaluated before), read on the host; nullopt
// for a lazy array, a transform's tracer or a strided view. Index checks use
// it instead of evaluating, so a check never costs a graph evaluation (a lazy
// index is clipped into range instead: it cannot be read without one).
inline std::optional<std::vector<int64_t>> host_ints(const mx::array& v) {
  if (!mx::issubdtype(v.dtype(), mx::integer) || v.is_tracer() || !v.is_available() ||
      !v.flags().row_contiguous || v.data_size() != v.size())
    return std::nullopt;
  std::vector<int64_t> out(v.size());
  auto copy = [&](auto* p) {
    for (size_t k = 0; k < out.size(); k++) {
      auto x = p[k];
      // uint64 beyond int64 reads as int64's maximum: out of every range anyway
      out[k] = std::is_same_v<decltype(x), uint64_t> && x > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX
                                                                                           : static_cast<int64_t>(x);
    }
  };
  switch (v.dtype()) {
    case mx::int8: copy(v.data<int8_t>()); break;
    case mx::int16: copy(v.data<int16_t>()); break;
    case mx::int32: copy(v.data<int32_t>()); break;
    case mx::int64: copy(v.data<int64_t>()); break;
    case mx::uint8: copy(v.data<uint8_t>()); break;
    case mx::uint16: copy(v.data<uint16_t>()); break;
    case mx::uint32: copy(v.data<uint32_t>()); break;
    case mx::uint64: copy(v.data<uint64_t>()); break;
    default: return std::nullopt;
  }
  return out;
}

}  // namespace ops
}  // namespace mlxnode
