// Convolutions, quantization, fp8 and the gathered/masked matmuls of mlx.core (signatures from the mlx 0.32.4 stubs; bodies follow python/src/*.cpp).
//
// Where the runtime binding disagrees with the stub, the table carries the
// runtime's signature (quantize: global_scale is positional too; qqmm,
// hadamard_transform, from_fp8, to_fp8: the array is positional only and, for
// hadamard_transform, stream keyword only).
//
// Inputs on which MLX 0.32.4's CPU kernels kill the process or read outside
// their operands (Python mlx dies or returns garbage) are handled here:
//   - SIGFPE (integer division by zero), now a thrown error: conv* with
//     groups < 1 or zero input channels; quantize with group_size 0;
//     quantized_matmul / gather_qmm with bits or group_size <= 0; gather_mm /
//     gather_qmm indices into an empty batch.
//   - SIGFPE on an empty result of quantized_matmul, gather_qmm or
//     segmented_mm: zeros of the result's shape (NumPy's value).
//   - an empty conv weight (zero output channels, zero-size kernel): sgemm is
//     called with a leading dimension BLAS rejects (the wheel's reference BLAS
//     exits the process): zeros of the output shape.
//   - hadamard_transform sizes m * r, m in (12, 20, 28), r not a power of two
//     (MLX never checks r: garbage or heap corruption and abort): MLX's own
//     size error.
//   - gather indices outside the batch (negative ones read before the
//     operand): wrapped into the batch as NumPy's take(mode='wrap') (MLX's own
//     value for every index below 2**31); segmented_mm segment bounds beyond
//     K: clamped into [0, K] as NumPy slicing clamps.
//   - to_fp8 / from_fp8 with float64 (the kernel treats it as float32: garbage
//     input, half-written output): converted through float32.
#include "../op_table.h"

#include <stdexcept>
#include <string>

namespace mlxnode {
namespace {

// ---------------------------------------------------------------- helpers

// `int | tuple[int, ...n]`: an integer repeats n times; a sequence must have
// exactly n entries (Python's std::pair / std::tuple casters). n == 1 takes
// only an integer (conv1d's `int`).
std::vector<int> int_or_tuple(Call& c, size_t i, size_t n) {
  if (!c.given(i) || (!c.is_int_list(i) && c.js_type(i) == napi_number)) {
    return std::vector<int>(n, c.integer(i));
  }
  const std::string want = n == 1 ? std::string("an integer")
                                  : "an integer or a sequence of " + std::to_string(n) + " integers";
  if (n == 1) c.type_error(i, want);
  if (!c.is_int_list(i) && c.js_type(i) != napi_object) c.type_error(i, want);
  auto v = c.int_list(i);
  if (v.size() != n) c.type_error(i, want);
  return v;
}

// conv_general's `int | Sequence[int]`.
std::vector<int> int_or_list(Call& c, size_t i) {
  if (!c.given(i) || (!c.is_int_list(i) && c.js_type(i) == napi_number)) return {c.integer(i)};
  if (!c.is_int_list(i) && c.js_type(i) != napi_object) c.type_error(i, "an integer or a sequence of integers");
  return c.int_list(i);
}

void check_groups(int groups) {
  if (groups < 1)
    throw std::invalid_argument("[conv] groups must be a positive integer but got " + std::to_string(groups) + ".");
}

// MLX's CPU convolution divides by the channel count.
void check_conv_channels(const mx::array& input, const mx::array& weight) {
  if ((input.ndim() > 0 && input.shape(-1) == 0) || (weight.ndim() > 0 && weight.shape(-1) == 0))
    throw std::invalid_argument("[conv] The input and weight must have at least one input channel.");
}

// An empty weight (zero output channels or a zero-size kernel) makes the CPU
// kernel call sgemm with a leading dimension BLAS rejects: the wheel's
// reference BLAS then ends the process (xerbla), OpenBLAS returns without
// writing the output. The op is still built (MLX checks the arguments) and
// its result is NumPy's: zeros (a sum over nothing) of the output shape.
mx::array conv_result(const mx::array& out, const mx::array& weight, mx::StreamOrDevice s) {
  return weight.size() == 0 || out.size() == 0 ? mx::zeros(out.shape(), out.dtype(), s) : out;
}

using Pair = std::pair<int, int>;
using Triple = std::tuple<int, int, int>;
Pair pair_of(const std::vector<int>& v) { return {v[0], v[1]}; }
Triple triple_of(const std::vector<int>& v) { return {v[0], v[1], v[2]}; }

// ---------------------------------------------------------------- convolutions

napi_value conv1d(Call& c) {
  mx::array in = c.arr(0), w = c.arr(1);
  int stride = c.integer(2), padding = c.integer(3), dilation = c.integer(4), groups = c.integer(5);
  auto s = c.stream(6);
  check_groups(groups);
  check_conv_channels(in, w);
  return c.ret(conv_result(mx::conv1d(in, w, stride, padding, dilation, groups, s), w, s));
}

napi_value conv2d(Call& c) {
  mx::array in = c.arr(0), w = c.arr(1);
  auto stride = int_or_tuple(c, 2, 2), padding = int_or_tuple(c, 3, 2), dilation = int_or_tuple(c, 4, 2);
  int groups = c.integer(5);
  auto s = c.stream(6);
  check_groups(groups);
  check_conv_channels(in, w);
  return c.ret(conv_result(mx::conv2d(in, w, pair_of(stride), pair_of(padding), pair_of(dilation), groups, s), w, s));
}

napi_value conv3d(Call& c) {
  mx::array in = c.arr(0), w = c.arr(1);
  auto stride = int_or_tuple(c, 2, 3), padding = int_or_tuple(c, 3, 3), dilation = int_or_tuple(c, 4, 3);
  int groups = c.integer(5);
  auto s = c.stream(6);
  check_groups(groups);
  check_conv_channels(in, w);
  return c.ret(conv_result(mx::conv3d(in, w, triple_of(stride), triple_of(padding), triple_of(dilation), groups, s), w, s));
}

napi_value conv_transpose1d(Call& c) {
  mx::array in = c.arr(0), w = c.arr(1);
  int stride = c.integer(2), padding = c.integer(3), dilation = c.integer(4), out_pad = c.integer(5);
  int groups = c.integer(6);
  auto s = c.stream(7);
  check_groups(groups);
  check_conv_channels(in, w);
  return c.ret(conv_result(mx::conv_transpose1d(in, w, stride, padding, dilation, out_pad, groups, s), w, s));
}

napi_value conv_transpose2d(Call& c) {
  mx::array in = c.arr(0), w = c.arr(1);
  auto stride = int_or_tuple(c, 2, 2), padding = int_or_tuple(c, 3, 2), dilation = int_or_tuple(c, 4, 2);
  auto out_pad = int_or_tuple(c, 5, 2);
  int groups = c.integer(6);
  auto s = c.stream(7);
  check_groups(groups);
  check_conv_channels(in, w);
  return c.ret(conv_result(mx::conv_transpose2d(in, w, pair_of(stride), pair_of(padding), pair_of(dilation), pair_of(out_pad),
                                    groups, s), w, s));
}

napi_value conv_transpose3d(Call& c) {
  mx::array in = c.arr(0), w = c.arr(1);
  auto stride = int_or_tuple(c, 2, 3), padding = int_or_tuple(c, 3, 3), dilation = int_or_tuple(c, 4, 3);
  auto out_pad = int_or_tuple(c, 5, 3);
  int groups = c.integer(6);
  auto s = c.stream(7);
  check_groups(groups);
  check_conv_channels(in, w);
  return c.ret(conv_result(mx::conv_transpose3d(in, w, triple_of(stride), triple_of(padding), triple_of(dilation),
                                    triple_of(out_pad), groups, s), w, s));
}

// padding: int | Sequence[int] | tuple[Sequence[int], Sequence[int]] (lo, hi).
std::pair<std::vector<int>, std::vector<int>> conv_padding(Call& c, size_t i) {
  if (!c.given(i) || c.is_int_list(i) || c.js_type(i) == napi_number) {
    auto p = int_or_list(c, i);
    return {p, p};
  }
  napi_value v = c.raw(i);
  const char* want = "an integer, a sequence of integers or a pair of sequences of integers";
  bool typed = false;
  if (!is_array(c.env, v)) {
    napi_is_typedarray(c.env, v, &typed);
    if (!typed) c.type_error(i, want);
    auto p = c.int_list_of(v, i);
    return {p, p};
  }
  uint32_t n = array_length(c.env, v);
  auto is_seq = [&](napi_value e) {
    bool t = is_array(c.env, e);
    if (!t) napi_is_typedarray(c.env, e, &t);
    return t;
  };
  if (n > 0 && is_seq(element(c.env, v, 0))) {
    if (n != 2) c.type_error(i, want);
    return {c.int_list_of(element(c.env, v, 0), i), c.int_list_of(element(c.env, v, 1), i)};
  }
  auto p = c.int_list_of(v, i);
  return {p, p};
}

napi_value conv_general(Call& c) {
  mx::array in = c.arr(0), w = c.arr(1);
  auto stride = int_or_list(c, 2);
  auto [lo, hi] = conv_padding(c, 3);
  auto kdil = int_or_list(c, 4), idil = int_or_list(c, 5);
  int groups = c.integer(6);
  bool flip = c.boolean(7);
  auto s = c.stream(8);
  check_groups(groups);
  check_conv_channels(in, w);
  return c.ret(conv_result(mx::conv_general(in, w, stride, lo, hi, kdil, idil, groups, flip, s), w, s));
}

// Python's convolve (python/src/ops.cpp): the shorter array is the flipped
// kernel of a 1D conv.
napi_value convolve(Call& c) {
  mx::array a = c.arr(0), v = c.arr(1);
  std::string mode = c.string(2);
  auto s = c.stream(3);
  if (a.ndim() != 1 || v.ndim() != 1) throw std::invalid_argument("[convolve] Inputs must be 1D.");
  if (a.size() == 0 || v.size() == 0) throw std::invalid_argument("[convolve] Inputs cannot be empty.");
  bool swap = a.size() < v.size();
  mx::array in = swap ? v : a;
  mx::array k = swap ? a : v;
  int n = k.shape(0);
  k = mx::slice(k, {n - 1}, {-n - 1}, {-1}, s);
  in = mx::reshape(in, {1, -1, 1}, s);
  k = mx::reshape(k, {1, -1, 1}, s);
  int padding = 0;
  if (mode == "full") {
    padding = n - 1;
  } else if (mode == "valid") {
    padding = 0;
  } else if (mode == "same") {
    if (n % 2) {
      padding = n / 2;
    } else {
      int left = n / 2, right = std::max(0, left - 1);
      in = mx::pad(in, {{0, 0}, {left, right}, {0, 0}}, mx::array(0), "constant", s);
    }
  } else {
    throw std::invalid_argument("[convolve] Invalid mode.");
  }
  mx::array out = mx::conv1d(in, k, 1, padding, 1, 1, s);
  return c.ret(mx::reshape(out, {-1}, s));
}

// ---------------------------------------------------------------- quantization

void check_quant_params(const char* tag, std::optional<int> group_size, std::optional<int> bits) {
  if (group_size && *group_size <= 0)
    throw std::invalid_argument(std::string(tag) + " Invalid value for group_size: " + std::to_string(*group_size));
  if (bits && *bits <= 0)
    throw std::invalid_argument(std::string(tag) + " Invalid value for bits: " + std::to_string(*bits));
}

napi_value quantize(Call& c) {
  mx::array w = c.arr(0);
  auto gs = c.opt_integer(1), bits = c.opt_integer(2);
  std::string mode = c.string(3);
  auto gscale = c.opt_arr(4);
  auto s = c.stream(5);
  if (gs && *gs == 0)  // MLX divides by it before checking it
    throw std::invalid_argument("[quantize] The requested group size 0 is not supported.");
  return c.ret(mx::quantize(w, gs, bits, mode, gscale, s));
}

napi_value dequantize(Call& c) {
  mx::array w = c.arr(0), scales = c.arr(1);
  auto biases = c.opt_arr(2);
  auto gs = c.opt_integer(3), bits = c.opt_integer(4);
  std::string mode = c.string(5);
  auto gscale = c.opt_arr(6);
  auto dt = c.dtype(7);
  auto s = c.stream(8);
  return c.ret(mx::dequantize(w, scales, biases, gs, bits, mode, gscale, dt, s));
}

// MLX's CPU kernels for quantized_matmul, gather_qmm and segmented_mm divide
// by zero when the result is empty, and the quantized ones also when the
// inner dimension is (an empty quantized w, found by the fuzzer): the op is
// still built (MLX checks its arguments then) and such a result is returned
// as zeros of its shape, NumPy's value for a product over nothing.
mx::array empty_safe(const mx::array& out, mx::StreamOrDevice s, bool empty_inner = false) {
  return out.size() == 0 || empty_inner ? mx::zeros(out.shape(), out.dtype(), s) : out;
}

bool empty_inner(const mx::array& x, const mx::array& w) {
  return w.size() == 0 || (x.ndim() > 0 && x.shape(-1) == 0);
}

napi_value quantized_matmul(Call& c) {
  mx::array x = c.arr(0), w = c.arr(1), scales = c.arr(2);
  auto biases = c.opt_arr(3);
  bool transpose = c.boolean(4);
  auto gs = c.opt_integer(5), bits = c.opt_integer(6);
  std::string mode = c.string(7);
  auto s = c.stream(8);
  check_quant_params("[quantized_matmul]", gs, bits);
  return c.ret(empty_safe(mx::quantized_matmul(x, w, scales, biases, transpose, gs, bits, mode, s), s, empty_inner(x, w)));
}

// The number of matrices in x's batch (1 for a matrix).
int64_t batch_count(const mx::array& x) {
  int64_t n = 1;
  for (int d = 0; d + 2 < static_cast<int>(x.ndim()); d++) n *= x.shape(d);
  return n;
}

// MLX's CPU kernels read the gathered matrix at (index mod batch) for an
// index below 2**31 and outside the operand otherwise (a negative int32 is
// such an index). Wrapping every index into [0, batch) first gives MLX's value
// where it has one and NumPy's take(mode='wrap') elsewhere.
std::optional<mx::array> wrap_indices(const char* tag, std::optional<mx::array> idx, const mx::array& x,
                                      mx::StreamOrDevice s) {
  if (!idx || !mx::issubdtype(idx->dtype(), mx::integer) || x.ndim() < 2) return idx;  // MLX reports those
  int64_t n = batch_count(x);
  if (n == 0) {
    if (idx->size() == 0) return idx;
    throw std::invalid_argument(std::string(tag) + " Cannot gather from an operand with an empty batch.");
  }
  if (n > INT32_MAX) return idx;
  mx::array i32 = mx::astype(*idx, mx::int32, s);
  return mx::remainder(i32, mx::array(static_cast<int32_t>(n), mx::int32), s);
}

napi_value gather_qmm(Call& c) {
  mx::array x = c.arr(0), w = c.arr(1), scales = c.arr(2);
  auto biases = c.opt_arr(3);
  auto lhs = c.opt_arr(4), rhs = c.opt_arr(5);
  bool transpose = c.boolean(6);
  auto gs = c.opt_integer(7), bits = c.opt_integer(8);
  std::string mode = c.string(9);
  auto gscale = c.opt_arr(10);
  bool sorted = c.boolean(11);
  auto s = c.stream(12);
  check_quant_params("[gather_qmm]", gs, bits);
  lhs = wrap_indices("[gather_qmm]", lhs, x, s);
  rhs = wrap_indices("[gather_qmm]", rhs, w, s);
  return c.ret(
      empty_safe(mx::gather_qmm(x, w, scales, biases, lhs, rhs, transpose, gs, bits, mode, gscale, sorted, s), s,
                 empty_inner(x, w)));
}

napi_value qqmm(Call& c) {
  mx::array x = c.arr(0), w = c.arr(1);
  auto scales = c.opt_arr(2);
  auto gs = c.opt_integer(3), bits = c.opt_integer(4);
  std::string mode = c.string(5);
  auto gx = c.opt_arr(6), gw = c.opt_arr(7);
  auto s = c.stream(8);
  check_quant_params("[qqmm]", gs, bits);
  return c.ret(mx::qqmm(x, w, scales, gs, bits, mode, gx, gw, s));
}

napi_value gather_qqmm(Call& c) {
  mx::array x = c.arr(0), w = c.arr(1);
  auto scales = c.opt_arr(2);
  auto lhs = c.opt_arr(3), rhs = c.opt_arr(4);
  auto gs = c.opt_integer(5), bits = c.opt_integer(6);
  std::string mode = c.string(7);
  auto gx = c.opt_arr(8), gw = c.opt_arr(9);
  bool sorted = c.boolean(10);
  auto s = c.stream(11);
  check_quant_params("[gather_qqmm]", gs, bits);
  // MLX's gather_qqmm skips qqmm's input validation and reads the scales of a
  // quantized (uint32) w without checking they were given: a segfault.
  if (w.dtype() == mx::uint32 && !scales)
    throw std::invalid_argument("[gather_qqmm] Scales must be provided if second argument is quantized.");
  lhs = wrap_indices("[gather_qqmm]", lhs, x, s);
  rhs = wrap_indices("[gather_qqmm]", rhs, w, s);
  return c.ret(mx::gather_qqmm(x, w, scales, lhs, rhs, gs, bits, mode, gx, gw, sorted, s));
}

// MLX's CPU ConvertFP8 handles float16, bfloat16 and float32 and treats any
// other float as float32: a float64 input is read as float32 (garbage) and a
// float64 output is half written (uninitialised memory). float64 goes through
// float32 here, exactly as NumPy would convert.
napi_value to_fp8(Call& c) {
  mx::array x = c.arr(0);
  auto s = c.stream(1);
  if (x.dtype() == mx::float64) x = mx::astype(x, mx::float32, s);
  return c.ret(mx::to_fp8(x, s));
}

napi_value from_fp8(Call& c) {
  mx::array x = c.arr(0);
  auto dt = c.dtype(1);
  if (!dt) c.type_error(1, "an mx.Dtype (such as mx.float32)");
  auto s = c.stream(2);
  if (*dt == mx::float64) return c.ret(mx::astype(mx::from_fp8(x, mx::float32, s), mx::float64, s));
  return c.ret(mx::from_fp8(x, *dt, s));
}

// ---------------------------------------------------------------- matmuls

napi_value gather_mm(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  auto lhs = c.opt_arr(2), rhs = c.opt_arr(3);
  bool sorted = c.boolean(4);
  auto s = c.stream(5);
  lhs = wrap_indices("[gather_mm]", lhs, a, s);
  rhs = wrap_indices("[gather_mm]", rhs, b, s);
  return c.ret(mx::gather_mm(a, b, lhs, rhs, sorted, s));
}

napi_value block_masked_mm(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1);
  int block_size = c.integer(2);
  auto mo = c.opt_arr(3), ml = c.opt_arr(4), mr = c.opt_arr(5);
  auto s = c.stream(6);
  return c.ret(mx::block_masked_mm(a, b, block_size, mo, ml, mr, s));
}

// The CPU kernel reads a[..., start:end] and b[start:end] without checking
// start and end: clamp them into [0, K] (MLX reads them as uint32).
napi_value segmented_mm(Call& c) {
  mx::array a = c.arr(0), b = c.arr(1), seg = c.arr(2);
  auto s = c.stream(3);
  if (mx::issubdtype(seg.dtype(), mx::integer) && a.ndim() >= 1 && b.ndim() >= 2) {
    int k = std::min(a.shape(-1), b.shape(-2));  // MLX does not check that they agree
    seg = mx::minimum(mx::astype(seg, mx::uint32, s), mx::array(static_cast<uint32_t>(k), mx::uint32), s);
  }
  return c.ret(empty_safe(mx::segmented_mm(a, b, seg, s), s));
}

// MLX's size check takes n = m * rest for the first m in (12, 20, 28) that
// divides n but never checks that rest is a power of two: n = 36, 60, 72, 84,
// 120, ... then run the radix-2 kernel on a wrong size (garbage results, heap
// corruption, abort). Those sizes throw MLX's own message here.
void check_hadamard_size(const mx::array& a) {
  int64_t n = a.ndim() > 0 ? a.shape(-1) : 1;
  auto pow2 = [](int64_t v) { return v > 0 && (v & (v - 1)) == 0; };
  if (n <= 0 || pow2(n)) return;
  for (int m : {12, 20, 28}) {
    if (n % m == 0) {
      if (pow2(n / m)) return;
      break;
    }
  }
  throw std::invalid_argument("[hadamard] Only supports n = m*2^k where m in (1, 12, 20, 28).");
}

napi_value hadamard_transform(Call& c) {
  mx::array a = c.arr(0);
  std::optional<float> scale;
  if (!c.none(1)) scale = static_cast<float>(c.number(1));
  auto s = c.stream(2);
  check_hadamard_size(a);
  return c.ret(mx::hadamard_transform(a, scale, s));
}

const OpDef kDefs[] = {
    {"conv1d", "input, weight, /, stride=1, padding=0, dilation=1, groups=1, *, stream=None", kFunction, conv1d},
    {"conv2d", "input, weight, /, stride=1, padding=0, dilation=1, groups=1, *, stream=None", kFunction, conv2d},
    {"conv3d", "input, weight, /, stride=1, padding=0, dilation=1, groups=1, *, stream=None", kFunction, conv3d},
    {"conv_transpose1d",
     "input, weight, /, stride=1, padding=0, dilation=1, output_padding=0, groups=1, *, stream=None", kFunction,
     conv_transpose1d},
    {"conv_transpose2d",
     "input, weight, /, stride=1, padding=0, dilation=1, output_padding=0, groups=1, *, stream=None", kFunction,
     conv_transpose2d},
    {"conv_transpose3d",
     "input, weight, /, stride=1, padding=0, dilation=1, output_padding=0, groups=1, *, stream=None", kFunction,
     conv_transpose3d},
    {"conv_general",
     "input, weight, /, stride=1, padding=0, kernel_dilation=1, input_dilation=1, groups=1, flip=False, *, "
     "stream=None",
     kFunction, conv_general},
    {"convolve", "a, v, /, mode='full', *, stream=None", kFunction, convolve},
    {"quantize", "w, /, group_size=None, bits=None, mode='affine', global_scale=None, *, stream=None",
     kFunction | kReturnsList, quantize},
    {"dequantize",
     "w, /, scales, biases=None, group_size=None, bits=None, mode='affine', global_scale=None, dtype=None, *, "
     "stream=None",
     kFunction, dequantize},
    {"quantized_matmul",
     "x, w, /, scales, biases=None, transpose=True, group_size=None, bits=None, mode='affine', *, stream=None",
     kFunction, quantized_matmul},
    {"gather_qmm",
     "x, w, /, scales, biases=None, lhs_indices=None, rhs_indices=None, transpose=True, group_size=None, "
     "bits=None, mode='affine', global_scale=None, *, sorted_indices=False, stream=None",
     kFunction, gather_qmm},
    {"qqmm",
     "x, w, /, scales=None, group_size=None, bits=None, mode='nvfp4', global_scale_x=None, global_scale_w=None, "
     "*, stream=None",
     kFunction, qqmm},
    {"gather_qqmm",
     "x, w, /, scales=None, lhs_indices=None, rhs_indices=None, group_size=None, bits=None, mode='nvfp4', "
     "global_scale_x=None, global_scale_w=None, *, sorted_indices=False, stream=None",
     kFunction, gather_qqmm},
    {"to_fp8", "x, /, *, stream=None", kFunction, to_fp8},
    {"from_fp8", "x, /, dtype=bfloat16, *, stream=None", kFunction, from_fp8},
    {"gather_mm", "a, b, /, lhs_indices=None, rhs_indices=None, *, sorted_indices=False, stream=None", kFunction,
     gather_mm},
    {"block_masked_mm",
     "a, b, /, block_size=64, mask_out=None, mask_lhs=None, mask_rhs=None, *, stream=None", kFunction,
     block_masked_mm},
    {"segmented_mm", "a, b, /, segments, *, stream=None", kFunction, segmented_mm},
    {"hadamard_transform", "a, /, scale=None, *, stream=None", kFunction, hadamard_transform},
};

}  // namespace

const Table kConvQuantTable = {"core", kDefs, std::size(kDefs)};

}  // namespace mlxnode
