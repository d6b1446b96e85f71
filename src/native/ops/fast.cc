// mlx.core.fast (signatures from the mlx 0.32.4 stubs; bodies follow python/src/fast.cpp).
#include "bodies.h"
#include "../array_handle.h"

#include "mlx/fast.h"

#include <limits>
#include <memory>

namespace mlxnode {
namespace {

namespace fast = mx::fast;

// A parameter that Python declares without a default but that may be None
// (rms_norm's weight, layer_norm's weight/bias): required, null allowed.
std::optional<mx::array> required_or_none(Call& c, size_t i) {
  if (!c.given(i)) c.arr(i);  // throws the missing-argument TypeError
  if (c.none(i)) return std::nullopt;
  return c.arr(i);
}

napi_value rms_norm(Call& c) {
  mx::array x = c.arr(0);
  auto w = required_or_none(c, 1);
  float eps = static_cast<float>(c.number(2));
  return c.ret(fast::rms_norm(x, w, eps, c.stream(3)));
}

napi_value layer_norm(Call& c) {
  mx::array x = c.arr(0);
  auto w = required_or_none(c, 1);
  auto b = required_or_none(c, 2);
  float eps = static_cast<float>(c.number(3));
  return c.ret(fast::layer_norm(x, w, b, eps, c.stream(4)));
}

// MLX reads logits[target] unchecked (a target outside [-C, C) reads outside
// the row; far outside it kills the process, in Python too). Targets already
// on the host are checked and throw; lazy ones (or a transform's tracers),
// which cannot be read without evaluating, give NaN where out of range.
napi_value cross_entropy(Call& c) {
  mx::array logits = c.arr(0), targets = c.arr(1);
  auto s = c.stream(2);
  mx::array out = fast::cross_entropy(logits, targets, s);  // MLX's own argument checks first
  if (targets.size() == 0 || logits.ndim() == 0) return c.ret(out);
  int64_t n = logits.shape(-1);
  bool is_unsigned = mx::issubdtype(targets.dtype(), mx::unsignedinteger);
  if (auto v = ops::host_ints(targets)) {
    for (int64_t x : *v)
      if (x < (is_unsigned ? 0 : -n) || x >= n)
        throw std::out_of_range("[cross_entropy] targets must be class indices in [-" + std::to_string(n) + ", " +
                                std::to_string(n) + ") for logits with " + std::to_string(n) + " classes.");
    return c.ret(out);
  }
  mx::array t64 = mx::astype(targets, is_unsigned ? mx::uint64 : mx::int64, s);
  mx::array valid = mx::less(t64, mx::array(n, t64.dtype()), s);
  if (!is_unsigned) valid = mx::logical_and(valid, mx::greater_equal(t64, mx::array(-n, mx::int64), s), s);
  mx::array safe = mx::where(valid, targets, mx::zeros_like(targets, s), s);
  out = fast::cross_entropy(logits, safe, s);
  return c.ret(mx::where(valid, out, mx::array(std::numeric_limits<float>::quiet_NaN(), out.dtype()), s));
}

// rope(a, dims, *, traditional, base, scale, offset, freqs=None, stream=None):
// base is required but may be None; offset is an int or an mx.array.
napi_value rope(Call& c) {
  mx::array a = c.arr(0);
  int dims = c.integer(1);
  bool traditional = c.boolean(2);
  if (!c.given(3)) c.number(3);  // missing-argument TypeError
  std::optional<float> base;
  if (!c.none(3)) base = static_cast<float>(c.number(3));
  float scale = static_cast<float>(c.number(4));
  if (!c.given(5)) c.integer(5);
  bool offset_is_array = c.is_handle(5) || (c.js_type(5) == napi_object && !c.none(5));
  auto freqs = c.opt_arr(6);
  auto s = c.stream(7);
  if (offset_is_array) return c.ret(fast::rope(a, dims, traditional, base, scale, c.arr(5), freqs, s));
  if (c.js_type(5) == napi_boolean) return c.ret(fast::rope(a, dims, traditional, base, scale, c.boolean(5) ? 1 : 0, freqs, s));
  return c.ret(fast::rope(a, dims, traditional, base, scale, c.integer(5), freqs, s));
}

// mask: None, the string 'causal', or an array (boolean or additive).
napi_value sdpa(Call& c) {
  mx::array q = c.arr(0), k = c.arr(1), v = c.arr(2);
  float scale = static_cast<float>(c.number(3));
  std::string mode;
  std::optional<mx::array> mask;
  if (!c.none(4)) {
    if (!c.is_handle(4) && c.js_type(4) == napi_string) {
      mode = c.string(4);
      if (mode != "causal")
        throw std::invalid_argument("[scaled_dot_product_attention] invalid mask option '" + mode +
                                    "'. Must be 'causal', or an array.");
    } else if (c.is_handle(4) || c.js_type(4) == napi_object) {
      mask = c.arr(4);
    } else {
      c.type_error(4, "null, 'causal' or an mx.array");
    }
  }
  auto sinks = c.opt_arr(5);
  bool force_fused = c.boolean(6);
  auto s = c.stream(7);
  return c.ret(fast::scaled_dot_product_attention(q, k, v, scale, mode, mask, sinks, force_fused, s));
}

napi_value gated_delta_update(Call& c) {
  mx::array q = c.arr(0), k = c.arr(1), v = c.arr(2), gamma = c.arr(3), beta = c.arr(4);
  auto state = c.opt_arr(5);
  auto mask = c.opt_arr(6);
  return c.ret(fast::gated_delta_update(q, k, v, gamma, beta, state, mask, c.stream(7)));
}

// ---------------------------------------------------------------------------
// Custom kernels. A CPU build has neither Metal nor CUDA: metal_kernel still
// builds its callable (Python's does; running it raises "No Metal back-end"),
// cuda_kernel and precompiled_cuda_kernel raise "No CUDA back-end". The
// arguments are read and checked as Python does before MLX is called.

std::vector<std::string> string_list(Call& c, size_t i) {
  napi_value v = c.raw(i);
  if (!v) c.string(i);  // missing-argument TypeError
  if (!is_array(c.env, v)) c.type_error(i, "a list of strings");
  std::vector<std::string> out;
  uint32_t n = array_length(c.env, v);
  for (uint32_t k = 0; k < n; k++) {
    napi_value e = element(c.env, v, k);
    if (type_of(c.env, e) != napi_string) c.type_error(i, "a list of strings");
    out.push_back(to_std_string(c.env, e));
  }
  return out;
}

napi_value get_prop(napi_env env, napi_value o, const char* k) {
  napi_value v;
  NAPI_OK(napi_get_named_property(env, o, k, &v));
  return v;
}

bool has_own(napi_env env, napi_value o, const char* k) {
  bool b = false;
  napi_value key = js_string(env, k);
  NAPI_OK(napi_has_own_property(env, o, key, &b));
  return b;
}

// An mx.Dtype object (its `_dtypeCode`), else a TypeError naming `what`.
mx::Dtype dtype_of(napi_env env, napi_value v, const std::string& what) {
  if (type_of(env, v) == napi_object) {
    napi_value code = get_prop(env, v, "_dtypeCode");
    if (type_of(env, code) == napi_number) {
      int32_t x;
      NAPI_OK(napi_get_value_int32(env, code, &x));
      return dtype_from_code(x);
    }
  }
  throw_type(what + ": expected an mx.Dtype, got " + describe(env, v));
}

int int_of(napi_env env, napi_value v, const std::string& what) {
  double d;
  if (type_of(env, v) != napi_number || napi_get_value_double(env, v, &d) != napi_ok || d != static_cast<int>(d))
    throw_type(what + ": expected an integer, got " + describe(env, v));
  return static_cast<int>(d);
}

std::vector<int> ints_of(napi_env env, napi_value v, const std::string& what) {
  if (!is_array(env, v)) throw_type(what + ": expected a sequence of integers, got " + describe(env, v));
  std::vector<int> out;
  uint32_t n = array_length(env, v);
  for (uint32_t k = 0; k < n; k++) out.push_back(int_of(env, element(env, v, k), what));
  return out;
}

std::tuple<int, int, int> triple_of(napi_env env, napi_value v, const std::string& what) {
  auto l = ints_of(env, v, what);
  if (l.size() != 3) throw_type(what + ": expected 3 integers, got " + std::to_string(l.size()));
  return {l[0], l[1], l[2]};
}

std::vector<mx::array> inputs_of(napi_env env, napi_value v, const std::string& what) {
  if (!is_array(env, v)) throw_type(what + ": expected a list of mx.arrays or scalars, got " + describe(env, v));
  std::vector<mx::array> out;
  uint32_t n = array_length(env, v);
  for (uint32_t k = 0; k < n; k++) {
    napi_value e = element(env, v, k);
    std::string w = what + " at index " + std::to_string(k);
    Scalar s;
    if (read_scalar(env, e, s, w.c_str())) {
      out.push_back(scalar_to_array(s, std::nullopt));
    } else if (mx::array* a = type_of(env, e) == napi_object ? array_of_object(env, e, w.c_str()) : nullptr) {
      out.push_back(*a);
    } else {
      throw_type(w + ": expected an mx.array or a scalar, got " + describe(env, e));
    }
  }
  return out;
}

std::vector<mx::Shape> shapes_of(napi_env env, napi_value v, const std::string& what) {
  if (!is_array(env, v)) throw_type(what + ": expected a list of shapes, got " + describe(env, v));
  std::vector<mx::Shape> out;
  uint32_t n = array_length(env, v);
  for (uint32_t k = 0; k < n; k++) {
    auto l = ints_of(env, element(env, v, k), what + " at index " + std::to_string(k));
    out.emplace_back(l.begin(), l.end());
  }
  return out;
}

std::vector<mx::Dtype> dtypes_of(napi_env env, napi_value v, const std::string& what) {
  if (!is_array(env, v)) throw_type(what + ": expected a list of mx.Dtypes, got " + describe(env, v));
  std::vector<mx::Dtype> out;
  uint32_t n = array_length(env, v);
  for (uint32_t k = 0; k < n; k++) out.push_back(dtype_of(env, element(env, v, k), what + " at index " + std::to_string(k)));
  return out;
}

struct KernelData {
  fast::CustomKernelFunction fn;
  std::string label;
};

// The callable metal_kernel / cuda_kernel return: kernel({inputs, outputShapes,
// outputDtypes, grid, threadgroup, template?, initValue?, verbose?, stream?})
// (Python's keyword-only __call__).
napi_value run_kernel(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  void* data = nullptr;
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, &data));
  auto* kd = static_cast<KernelData*>(data);
  const std::string& L = kd->label;
  if (argc != 1 || type_of(env, argv[0]) != napi_object || is_array(env, argv[0]))
    throw_type(L + ": expected one keyword-argument object {inputs, outputShapes, outputDtypes, grid, threadgroup, "
                   "template?, initValue?, verbose?, stream?}");
  napi_value kw = argv[0];
  static const char* kKnown[] = {"inputs", "outputShapes", "outputDtypes", "grid", "threadgroup",
                                 "template", "initValue", "verbose", "stream"};
  napi_value keys;
  NAPI_OK(napi_get_property_names(env, kw, &keys));
  for (uint32_t k = 0, n = array_length(env, keys); k < n; k++) {
    std::string key = to_std_string(env, element(env, keys, k));
    if (std::find_if(std::begin(kKnown), std::end(kKnown), [&](const char* s) { return key == s; }) == std::end(kKnown))
      throw_type(L + ": unexpected keyword argument '" + key + "'");
  }
  auto need = [&](const char* k) {
    napi_value v = get_prop(env, kw, k);
    if (!has_own(env, kw, k) || type_of(env, v) == napi_undefined)
      throw_type(L + ": missing required keyword argument '" + k + "'");
    return v;
  };
  auto opt = [&](const char* k) -> napi_value {
    if (!has_own(env, kw, k)) return nullptr;
    napi_value v = get_prop(env, kw, k);
    napi_valuetype t = type_of(env, v);
    return t == napi_undefined || t == napi_null ? nullptr : v;
  };
  auto inputs = inputs_of(env, need("inputs"), L + ": 'inputs'");
  auto shapes = shapes_of(env, need("outputShapes"), L + ": 'outputShapes'");
  auto dtypes = dtypes_of(env, need("outputDtypes"), L + ": 'outputDtypes'");
  auto grid = triple_of(env, need("grid"), L + ": 'grid'");
  auto group = triple_of(env, need("threadgroup"), L + ": 'threadgroup'");
  std::vector<std::pair<std::string, fast::TemplateArg>> tmpl;
  if (napi_value t = opt("template")) {
    std::string w = L + ": 'template'";
    if (!is_array(env, t)) throw_type(w + ": expected a list of [name, value] pairs");
    for (uint32_t k = 0, n = array_length(env, t); k < n; k++) {
      napi_value p = element(env, t, k);
      if (!is_array(env, p) || array_length(env, p) != 2 || type_of(env, element(env, p, 0)) != napi_string)
        throw_type(w + ": expected a list of [name, value] pairs");
      std::string name = to_std_string(env, element(env, p, 0));
      napi_value val = element(env, p, 1);
      napi_valuetype vt = type_of(env, val);
      if (vt == napi_boolean) {
        bool b;
        NAPI_OK(napi_get_value_bool(env, val, &b));
        tmpl.emplace_back(name, b);
      } else if (vt == napi_number) {
        tmpl.emplace_back(name, int_of(env, val, w));
      } else {
        tmpl.emplace_back(name, dtype_of(env, val, w));
      }
    }
  }
  std::optional<float> init;
  if (napi_value v = opt("initValue")) {
    double d;
    if (type_of(env, v) != napi_number) throw_type(L + ": 'initValue': expected a number, got " + describe(env, v));
    NAPI_OK(napi_get_value_double(env, v, &d));
    init = static_cast<float>(d);
  }
  bool verbose = false;
  if (napi_value v = opt("verbose")) {
    if (type_of(env, v) != napi_boolean) throw_type(L + ": 'verbose': expected a boolean, got " + describe(env, v));
    NAPI_OK(napi_get_value_bool(env, v, &verbose));
  }
  mx::StreamOrDevice s = {};
  if (napi_value v = opt("stream")) s = stream_or_device(env, v, (L + ": 'stream'").c_str());
  auto outs = kd->fn(inputs, shapes, dtypes, grid, group, tmpl, init, verbose, s);
  // The outputs as a JS list of mx.arrays is the binder's job for table
  // functions; a kernel only runs where MLX has a GPU back-end.
  (void)outs;
  throw std::runtime_error(L + ": kernel outputs cannot be returned on this build");
}

napi_value make_kernel(Call& c, fast::CustomKernelFunction fn, const std::string& label) {
  napi_env env = c.env;
  auto* kd = new KernelData{std::move(fn), label};
  napi_value f;
  NAPI_OK(napi_create_function(env, "kernel", NAPI_AUTO_LENGTH, entry<run_kernel>, kd, &f));
  NAPI_OK(napi_add_finalizer(
      env, f, kd, [](napi_env, void* d, void*) { delete static_cast<KernelData*>(d); }, nullptr, nullptr));
  return f;
}

napi_value metal_kernel(Call& c) {
  napi_env env = c.env;
  std::string name = c.string(0);
  auto in = string_list(c, 1), out = string_list(c, 2);
  std::string source = c.string(3), header = c.string(4);
  bool contiguous = c.boolean(5), atomic = c.boolean(6);
  mx::CompileOptions opts;
  if (!c.none(7)) {
    napi_value o = c.raw(7);
    if (type_of(c.env, o) != napi_object || is_array(c.env, o) || c.is_coded(7))
      throw std::invalid_argument("[metal_kernel] Expected `compile_options` to be a dict.");
    napi_value keys;
    NAPI_OK(napi_get_property_names(env, o, &keys));
    for (uint32_t k = 0, n = array_length(c.env, keys); k < n; k++) {
      std::string key = to_std_string(c.env, element(c.env, keys, k));
      // Python's dict key is math_mode; its camelCase spelling is accepted too.
      if (key != "math_mode" && key != "mathMode")
        throw std::invalid_argument("[metal_kernel] Unknown compile option `" + key + "`.");
      napi_value v = get_prop(c.env, o, key.c_str());
      if (type_of(c.env, v) != napi_string)
        throw_type("mx.fast.metalKernel: compileOptions." + key + ": expected 'safe', 'relaxed' or 'fast', got " +
                   describe(c.env, v));
      std::string m = to_std_string(c.env, v);
      if (m == "safe") opts.math_mode = mx::MathMode::Safe;
      else if (m == "relaxed") opts.math_mode = mx::MathMode::Relaxed;
      else if (m == "fast") opts.math_mode = mx::MathMode::Fast;
      else throw std::invalid_argument("[metal_kernel] Expected math_mode to be 'safe', 'relaxed', or 'fast'.");
    }
  }
  return make_kernel(c, fast::metal_kernel(name, in, out, source, header, contiguous, atomic, opts),
                     "mx.fast.metalKernel(...)");
}

napi_value cuda_kernel(Call& c) {
  std::string name = c.string(0);
  auto in = string_list(c, 1), out = string_list(c, 2);
  std::string source = c.string(3), header = c.string(4);
  bool contiguous = c.boolean(5);
  int shared = c.integer(6);
  return make_kernel(c, fast::cuda_kernel(name, in, out, source, header, contiguous, shared),
                     "mx.fast.cudaKernel(...)");
}

// Argument i's JS value; the missing-argument TypeError when not given.
napi_value need_raw(Call& c, size_t i) {
  napi_value v = c.raw(i);
  if (!v) c.arr(i);
  return v;
}

// Python's bytes: a Uint8Array/Buffer here (a string is taken as its bytes too).
std::string bytes_arg(Call& c, size_t i) {
  napi_env env = c.env;
  napi_value v = c.raw(i);
  if (!v) c.string(i);
  if (type_of(c.env, v) == napi_string) return c.string(i);
  bool typed = false;
  NAPI_OK(napi_is_typedarray(env, v, &typed));
  if (!typed) c.type_error(i, "bytes (a Uint8Array)");
  napi_typedarray_type t;
  size_t len;
  void* p;
  NAPI_OK(napi_get_typedarray_info(env, v, &t, &len, &p, nullptr, nullptr));
  if (t != napi_uint8_array) c.type_error(i, "bytes (a Uint8Array)");
  return std::string(static_cast<const char*>(p), len);
}

napi_value precompiled_cuda_kernel(Call& c) {
  std::string name = c.string(0);
  std::string src = bytes_arg(c, 1);
  auto inputs = c.arrays(2, true);
  std::string L = c.spec->label;
  auto shapes = shapes_of(c.env, need_raw(c, 3), L + ": parameter 'outputShapes'");
  auto dtypes = dtypes_of(c.env, need_raw(c, 4), L + ": parameter 'outputDtypes'");
  std::vector<fast::ScalarArg> scalars;
  {
    napi_value v = need_raw(c, 5);
    if (!is_array(c.env, v)) c.type_error(5, "a list of bools, ints or floats");
    for (uint32_t k = 0, n = array_length(c.env, v); k < n; k++) {
      Scalar s;
      if (!read_scalar(c.env, element(c.env, v, k), s, L.c_str())) c.type_error(5, "a list of bools, ints or floats");
      if (s.kind == Scalar::Bool) scalars.emplace_back(s.b);
      else if (s.kind == Scalar::Int) scalars.emplace_back(static_cast<int>(s.i));
      else if (s.kind == Scalar::Float) scalars.emplace_back(static_cast<float>(s.f));
      else c.type_error(5, "a list of bools, ints or floats");
    }
  }
  auto grid = triple_of(c.env, need_raw(c, 6), L + ": parameter 'grid'");
  auto group = triple_of(c.env, need_raw(c, 7), L + ": parameter 'threadgroup'");
  int shared = c.integer(8);
  std::optional<float> init;
  if (!c.none(9)) init = static_cast<float>(c.number(9));
  bool contiguous = c.boolean(10);
  auto s = c.stream(11);
  return c.ret(fast::precompiled_cuda_kernel(name, src, inputs, shapes, dtypes, scalars, grid, group, shared, init,
                                             contiguous, s));
}

const OpDef kDefs[] = {
    {"rms_norm", "x, weight, eps, *, stream=None", kFunction, rms_norm},
    {"layer_norm", "x, weight, bias, eps, *, stream=None", kFunction, layer_norm},
    {"cross_entropy", "logits, targets, *, stream=None", kFunction, cross_entropy},
    {"rope", "a, dims, *, traditional, base, scale, offset, freqs=None, stream=None", kFunction, rope},
    {"scaled_dot_product_attention", "q, k, v, *, scale, mask=None, sinks=None, force_fused=False, stream=None",
     kFunction, sdpa},
    {"gated_delta_update", "q, k, v, gamma, beta, initial_state=None, mask=None, stream=None",
     kFunction | kReturnsList, gated_delta_update},
    {"metal_kernel",
     "name, input_names, output_names, source, header='', ensure_row_contiguous=True, atomic_outputs=False, "
     "compile_options=None",
     kFunction | kReturnsValue, metal_kernel},
    {"cuda_kernel",
     "name, input_names, output_names, source, header='', ensure_row_contiguous=True, shared_memory=0",
     kFunction | kReturnsValue, cuda_kernel},
    {"precompiled_cuda_kernel",
     "*, name, compiled_source, inputs, output_shapes, output_dtypes, scalars, grid, threadgroup, shared_memory=0, "
     "init_value=None, ensure_row_contiguous=False, stream=None",
     kFunction | kReturnsList, precompiled_cuda_kernel},
};

}  // namespace

const Table kFastTable = {"fast", kDefs, std::size(kDefs)};

}  // namespace mlxnode
