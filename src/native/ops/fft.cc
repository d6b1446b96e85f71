// mlx.core.fft (signatures from the mlx 0.32.4 stubs; bodies follow python/src/fft.cpp).
#include "../op_table.h"

#include "mlx/fft.h"

namespace mlxnode {
namespace {

namespace fft = mx::fft;

// The `norm` argument: Python's message names the function ("[fft] Invalid norm...").
fft::FFTNorm norm_arg(Call& c, size_t i) {
  std::string n = c.string(i);
  if (n == "backward") return fft::FFTNorm::Backward;
  if (n == "ortho") return fft::FFTNorm::Ortho;
  if (n == "forward") return fft::FFTNorm::Forward;
  std::string name = c.spec->def->name;
  throw std::invalid_argument("[" + name + "] Invalid norm. Expected one of {'backward', 'ortho', 'forward'}.");
}

using NdWithN = mx::array (*)(const mx::array&, const mx::Shape&, const std::vector<int>&, fft::FFTNorm,
                              mx::StreamOrDevice);
using NdAxes = mx::array (*)(const mx::array&, const std::vector<int>&, fft::FFTNorm, mx::StreamOrDevice);
using NdAll = mx::array (*)(const mx::array&, fft::FFTNorm, mx::StreamOrDevice);

// fft, ifft, rfft, irfft: a, n=None, axis=-1, norm='backward', stream=None
template <NdWithN WithN, NdAxes Axes>
napi_value one_d(Call& c) {
  mx::array a = c.arr(0);
  auto n = c.opt_integer(1);
  int axis = c.integer(2);
  auto norm = norm_arg(c, 3);
  auto s = c.stream(4);
  if (n) return c.ret(WithN(a, mx::Shape{*n}, {axis}, norm, s));
  return c.ret(Axes(a, {axis}, norm, s));
}

// fft2 / fftn and their kin: a, s=None, axes=..., norm='backward', stream=None.
// The two-dimensional ones default axes to [-2, -1] (not given), while an
// explicit None means every axis, as in Python.
template <NdWithN WithN, NdAxes Axes, NdAll All, bool TwoD>
napi_value n_d(Call& c) {
  mx::array a = c.arr(0);
  std::optional<mx::Shape> n;
  if (!c.none(1)) n = c.shape_sequence(1);
  std::optional<std::vector<int>> axes;
  if (TwoD && !c.given(2)) axes = std::vector<int>{-2, -1};
  else if (!c.none(2)) axes = c.int_list(2);
  auto norm = norm_arg(c, 3);
  auto s = c.stream(4);
  if (axes && n) return c.ret(WithN(a, *n, *axes, norm, s));
  if (axes) return c.ret(Axes(a, *axes, norm, s));
  if (n) {
    std::string name = c.spec->def->name;
    throw std::invalid_argument("[" + name + "] `axes` should not be `None` if `s` is not `None`.");
  }
  return c.ret(All(a, norm, s));
}

#define MLXNODE_ND(F) \
  static_cast<NdWithN>(&fft::F), static_cast<NdAxes>(&fft::F), static_cast<NdAll>(&fft::F)

template <bool Inverse>
napi_value shift(Call& c) {
  mx::array a = c.arr(0);
  auto axes = c.axes(1);
  auto s = c.stream(2);
  if (axes) return c.ret(Inverse ? fft::ifftshift(a, *axes, s) : fft::fftshift(a, *axes, s));
  return c.ret(Inverse ? fft::ifftshift(a, s) : fft::fftshift(a, s));
}

template <bool Real>
napi_value freq(Call& c) {
  int n = c.integer(0);
  double d = c.number(1);
  auto s = c.stream(2);
  return c.ret(Real ? fft::rfftfreq(n, d, s) : fft::fftfreq(n, d, s));
}

napi_value stft(Call& c) {
  mx::array x = c.arr(0);
  int n_fft = c.integer(1);
  auto hop = c.opt_integer(2);
  auto win = c.opt_integer(3);
  auto window = c.opt_arr(4);
  bool center = c.boolean(5);
  std::string pad_mode = c.string(6);
  auto norm = norm_arg(c, 7);
  auto onesided = c.opt_boolean(8);
  auto s = c.stream(9);
  return c.ret(fft::stft(x, n_fft, hop, win, window, center, pad_mode, norm, onesided, s));
}

napi_value istft(Call& c) {
  mx::array m = c.arr(0);
  auto n_fft = c.opt_integer(1);
  auto hop = c.opt_integer(2);
  auto win = c.opt_integer(3);
  auto window = c.opt_arr(4);
  bool center = c.boolean(5);
  auto norm = norm_arg(c, 6);
  auto onesided = c.opt_boolean(7);
  auto length = c.opt_integer(8);
  auto s = c.stream(9);
  return c.ret(fft::istft(m, n_fft, hop, win, window, center, norm, onesided, length, s));
}

constexpr const char* kOneD = "a, n=None, axis=-1, norm='backward', stream=None";
// Python's default for axes is [-2, -1]; the signature parser takes no list
// default, so it reads None here and n_d<..., true> applies [-2, -1] when
// axes is not given (an explicit null is Python's None).
constexpr const char* kTwoD = "a, s=None, axes=None, norm='backward', stream=None";
constexpr const char* kND = "a, s=None, axes=None, norm='backward', stream=None";

const OpDef kDefs[] = {
    {"fft", kOneD, kFunction, one_d<fft::fftn, fft::fftn>},
    {"ifft", kOneD, kFunction, one_d<fft::ifftn, fft::ifftn>},
    {"fft2", kTwoD, kFunction, n_d<MLXNODE_ND(fftn), true>},
    {"ifft2", kTwoD, kFunction, n_d<MLXNODE_ND(ifftn), true>},
    {"fftn", kND, kFunction, n_d<MLXNODE_ND(fftn), false>},
    {"ifftn", kND, kFunction, n_d<MLXNODE_ND(ifftn), false>},
    {"rfft", kOneD, kFunction, one_d<fft::rfftn, fft::rfftn>},
    {"irfft", kOneD, kFunction, one_d<fft::irfftn, fft::irfftn>},
    {"rfft2", kTwoD, kFunction, n_d<MLXNODE_ND(rfftn), true>},
    {"irfft2", kTwoD, kFunction, n_d<MLXNODE_ND(irfftn), true>},
    {"rfftn", kND, kFunction, n_d<MLXNODE_ND(rfftn), false>},
    {"irfftn", kND, kFunction, n_d<MLXNODE_ND(irfftn), false>},
    {"fftshift", "a, axes=None, stream=None", kFunction, shift<false>},
    {"ifftshift", "a, axes=None, stream=None", kFunction, shift<true>},
    {"fftfreq", "n, d=1.0, stream=None", kFunction, freq<false>},
    {"rfftfreq", "n, d=1.0, stream=None", kFunction, freq<true>},
    {"stft",
     "x, n_fft=2048, hop_length=None, win_length=None, window=None, center=True, pad_mode='reflect', "
     "norm='backward', onesided=None, stream=None",
     kFunction, stft},
    {"istft",
     "stft_matrix, n_fft=None, hop_length=None, win_length=None, window=None, center=True, norm='backward', "
     "onesided=None, length=None, stream=None",
     kFunction, istft},
};

}  // namespace

const Table kFftTable = {"fft", kDefs, std::size(kDefs)};

}  // namespace mlxnode
