// mlx.core functions about the runtime rather than arrays: memory, devices,
// streams. Signatures from the mlx 0.32.4 stubs.
#include "../env.h"
#include "../op_table.h"

#include <algorithm>

#include "mlx/backend/cuda/cuda.h"
#include "mlx/backend/metal/metal.h"

namespace mlxnode {
namespace {

// A byte count: a non-negative integer (number or bigint), as Python's size_t.
size_t byte_count(Call& c, size_t i) {
  napi_value v = c.raw(i);
  Scalar s;
  if (!v || !read_scalar(c.env, v, s, c.spec->label.c_str()) || s.kind != Scalar::Int || (!s.is_u64 && s.i < 0))
    c.type_error(i, "a non-negative integer number of bytes");
  return s.is_u64 ? static_cast<size_t>(s.u) : static_cast<size_t>(s.i);
}

template <size_t (*F)()>
napi_value get_bytes(Call& c) {
  return js_number(c.env, static_cast<double>(F()));
}

template <size_t (*F)(size_t)>
napi_value set_bytes(Call& c) {
  return js_number(c.env, static_cast<double>(F(byte_count(c, 0))));
}

template <void (*F)()>
napi_value action(Call& c) {
  F();
  return js_undefined(c.env);
}

mx::Device device_of(Call& c, size_t i) {
  if (c.none(i)) c.type_error(i, "an mx.Device or mx.cpu/mx.gpu");
  auto sd = c.stream_or_device_arg(i);
  if (auto* d = std::get_if<mx::Device>(&sd)) return *d;
  c.type_error(i, "an mx.Device or mx.cpu/mx.gpu");
}

// A device or stream as one integer, device.ts's sdCode: kind bits 0-1
// (1 Device, 2 Stream, 3 ThreadLocalStream), type bit 2, device index 3-10,
// stream index 11-30. One number crosses Node-API much faster than an array.
napi_value sd_value(napi_env env, int kind, const mx::Device& d, int stream_index) {
  int type = d.type == mx::Device::gpu ? 1 : 0;
  return js_number(env, kind | (type << 2) | ((d.index & 0xff) << 3) | ((stream_index & 0xfffff) << 11));
}

napi_value default_device(Call& c) { return sd_value(c.env, 1, mx::default_device(), 0); }

napi_value set_default_device(Call& c) {
  mx::set_default_device(device_of(c, 0));
  return js_undefined(c.env);
}

napi_value default_stream(Call& c) {
  auto s = mx::default_stream(device_of(c, 0));
  return sd_value(c.env, 2, s.device, s.index);
}

napi_value new_stream(Call& c) {
  auto s = mx::new_stream(device_of(c, 0));
  note_stream(s);
  return sd_value(c.env, 2, s.device, s.index);
}

napi_value is_available(Call& c) { return js_bool(c.env, mx::is_available(device_of(c, 0))); }

// synchronize(stream=None): a Stream, or a device (its default stream), as Python accepts.
napi_value synchronize(Call& c) {
  auto sd = c.stream(0);
  if (auto* s = std::get_if<mx::Stream>(&sd)) mx::synchronize(*s);
  else if (auto* d = std::get_if<mx::Device>(&sd)) mx::synchronize(mx::default_stream(*d));
  else mx::synchronize();
  return js_undefined(c.env);
}

napi_value set_default_stream(Call& c) {
  auto sd = c.stream_or_device_arg(0);
  auto* s = std::get_if<mx::Stream>(&sd);  // a ThreadLocalStream arrives resolved
  if (!s) c.type_error(0, "an mx.Stream");
  mx::set_default_stream(*s);
  return js_undefined(c.env);
}

napi_value new_thread_unsafe_stream(Call& c) {
  auto s = mx::new_thread_unsafe_stream(device_of(c, 0));
  note_stream(s);
  return sd_value(c.env, 2, s.device, s.index);
}

// Kind 3: the JS side makes an mx.ThreadLocalStream; as an argument it is
// resolved to the calling thread's stream (op_table.cc, from_descriptor).
napi_value new_thread_local_stream(Call& c) {
  auto s = mx::new_thread_local_stream(device_of(c, 0));
  register_thread_local_stream(s);
  return sd_value(c.env, 3, s.device, s.index);
}

napi_value device_count(Call& c) {
  if (c.none(0)) c.type_error(0, "mx.cpu or mx.gpu");
  auto sd = c.stream_or_device_arg(0);
  auto* d = std::get_if<mx::Device>(&sd);
  if (!d) c.type_error(0, "mx.cpu or mx.gpu");
  return js_number(c.env, mx::device_count(d->type));
}

using DeviceInfo = std::unordered_map<std::string, std::variant<std::string, size_t>>;

// Python's dict[str, str | int] as the plain object `out`, keys sorted.
napi_value info_object(napi_env env, const DeviceInfo& info, napi_value out) {
  std::vector<std::string> keys;
  for (const auto& kv : info) keys.push_back(kv.first);
  std::sort(keys.begin(), keys.end());
  for (const auto& k : keys) {
    const auto& v = info.at(k);
    napi_value jv = std::holds_alternative<std::string>(v) ? js_string(env, std::get<std::string>(v))
                                                          : js_number(env, static_cast<double>(std::get<size_t>(v)));
    NAPI_OK(napi_set_named_property(env, out, k.c_str(), jv));
  }
  return out;
}

// A plain object of strings and numbers, as Python's dict[str, str | int].
napi_value device_info(Call& c) {
  napi_env env = c.env;
  mx::Device d = c.none(0) ? mx::default_device() : device_of(c, 0);
  napi_value out;
  NAPI_OK(napi_create_object(c.env, &out));
  if (!mx::is_available(d)) return out;  // Python: {} for a device this build lacks
  return info_object(env, mx::device_info(d), out);
}

// einsum_path(subscripts, *operands) -> [[[i, j], ...], report]
napi_value einsum_path(Call& c) {
  napi_env env = c.env;
  std::string subscripts = c.string(0);
  auto operands = c.arrays(1);
  auto [path, report] = mx::einsum_path(subscripts, operands);
  napi_value out, steps;
  NAPI_OK(napi_create_array_with_length(c.env, 2, &out));
  NAPI_OK(napi_create_array_with_length(c.env, path.size(), &steps));
  for (size_t k = 0; k < path.size(); k++) {
    napi_value step;
    NAPI_OK(napi_create_array_with_length(c.env, path[k].size(), &step));
    for (size_t j = 0; j < path[k].size(); j++) NAPI_OK(napi_set_element(c.env, step, j, js_number(c.env, path[k][j])));
    NAPI_OK(napi_set_element(c.env, steps, k, step));
  }
  NAPI_OK(napi_set_element(c.env, out, 0, steps));
  NAPI_OK(napi_set_element(c.env, out, 1, js_string(c.env, report)));
  return out;
}

// The arrays of the trees in *args (the binder packs them into one list;
// JS gathers the arrays of nested trees before the call, runtime.ts).
napi_value get_array_buffer_size(Call& c) {
  return js_number(c.env, static_cast<double>(mx::get_array_buffer_size(c.arrays(0))));
}

// broadcast_shapes(*shapes): the binder packs the shapes into one JS list.
napi_value broadcast_shapes(Call& c) {
  napi_env env = c.env;
  napi_value shapes = c.raw(0);
  uint32_t n = shapes ? array_length(env, shapes) : 0;
  if (n == 0) throw std::invalid_argument("[broadcast_shapes] Must provide at least one shape.");
  auto shape_at = [&](uint32_t k) {
    napi_value v = element(env, shapes, k);
    if (type_of(env, v) != napi_object)
      throw_type("mx.broadcastShapes: shape " + std::to_string(k) + " expected a sequence of integers, got " +
                 describe(env, v));
    return c.shape_of(v, 0);
  };
  mx::Shape out = shape_at(0);
  for (uint32_t k = 1; k < n; k++) out = mx::broadcast_shapes(out, shape_at(k));
  napi_value js;
  NAPI_OK(napi_create_array_with_length(env, out.size(), &js));
  for (size_t k = 0; k < out.size(); k++) NAPI_OK(napi_set_element(env, js, k, js_number(env, out[k])));
  return js;
}

constexpr int kMaxPrintPrecision = 10000;

napi_value set_printoptions(Call& c) {
  mx::PrintOptions o;
  o.precision = c.integer(0);
  // Printing with a precision of ten million digits segfaults (and 2**31 - 1
  // runs out of memory); 10,000 decimals already print every float64 exactly.
  if (o.precision > kMaxPrintPrecision)
    throw_range(c.spec->label + ": precision " + std::to_string(o.precision) + " is out of range (at most " +
                std::to_string(kMaxPrintPrecision) + ")");
  mx::set_printoptions(o);
  return js_undefined(c.env);
}

// The precision alone; context.ts wraps it in an mx.PrintOptions.
napi_value get_printoptions(Call& c) {
  return js_number(c.env, mx::get_global_formatter().format_options.precision);
}

constexpr unsigned kValue = kFunction | kReturnsValue;

const OpDef kDefs[] = {
    {"get_active_memory", "", kValue, get_bytes<mx::get_active_memory>},
    {"get_peak_memory", "", kValue, get_bytes<mx::get_peak_memory>},
    {"get_cache_memory", "", kValue, get_bytes<mx::get_cache_memory>},
    {"get_memory_limit", "", kValue, get_bytes<mx::get_memory_limit>},
    {"reset_peak_memory", "", kValue, action<mx::reset_peak_memory>},
    {"clear_cache", "", kValue, action<mx::clear_cache>},
    {"set_memory_limit", "limit", kValue, set_bytes<mx::set_memory_limit>},
    {"set_cache_limit", "limit", kValue, set_bytes<mx::set_cache_limit>},
    {"set_wired_limit", "limit", kValue, set_bytes<mx::set_wired_limit>},
    {"default_device", "", kFunction | kReturnsDevice, default_device},
    {"set_default_device", "device", kValue, set_default_device},
    {"default_stream", "device", kFunction | kReturnsStream, default_stream},
    {"new_stream", "device", kFunction | kReturnsStream, new_stream},
    {"is_available", "device", kValue, is_available},
    {"synchronize", "stream=None", kValue, synchronize},
    {"set_default_stream", "stream", kValue, set_default_stream},
    {"new_thread_unsafe_stream", "device", kFunction | kReturnsStream, new_thread_unsafe_stream},
    {"new_thread_local_stream", "device", kFunction | kReturnsStream, new_thread_local_stream},
    {"clear_streams", "", kValue, action<mx::clear_streams>},
    {"device_count", "device_type", kValue, device_count},
    {"device_info", "d=None", kValue, device_info},
    {"einsum_path", "subscripts, *operands", kValue, einsum_path},
    {"get_array_buffer_size", "*args", kValue, get_array_buffer_size},
    {"broadcast_shapes", "*shapes", kValue, broadcast_shapes},
    {"set_printoptions", "precision=-1", kValue, set_printoptions},
    {"get_printoptions", "", kValue, get_printoptions},
};

napi_value metal_start_capture(Call& c) {
  mx::metal::start_capture(c.string(0));
  return js_undefined(c.env);
}

napi_value metal_device_info(Call& c) {
  napi_env env = c.env;
  napi_value out;
  NAPI_OK(napi_create_object(env, &out));
  if (!mx::metal::is_available()) return out;  // Python: {} without the Metal backend
  return info_object(env, mx::metal::device_info(), out);
}

napi_value cuda_is_available(Call& c) { return js_bool(c.env, mx::cu::is_available()); }
napi_value metal_is_available(Call& c) { return js_bool(c.env, mx::metal::is_available()); }

const OpDef kCudaDefs[] = {
    {"is_available", "", kValue, cuda_is_available},
};

// mx.metal's memory functions are Python's deprecated aliases of mx.*'s
// (index.ts adds the deprecation warning Python prints).
const OpDef kMetalDefs[] = {
    {"is_available", "", kValue, metal_is_available},
    {"get_active_memory", "", kValue, get_bytes<mx::get_active_memory>},
    {"get_peak_memory", "", kValue, get_bytes<mx::get_peak_memory>},
    {"reset_peak_memory", "", kValue, action<mx::reset_peak_memory>},
    {"get_cache_memory", "", kValue, get_bytes<mx::get_cache_memory>},
    {"set_memory_limit", "limit", kValue, set_bytes<mx::set_memory_limit>},
    {"set_cache_limit", "limit", kValue, set_bytes<mx::set_cache_limit>},
    {"set_wired_limit", "limit", kValue, set_bytes<mx::set_wired_limit>},
    {"clear_cache", "", kValue, action<mx::clear_cache>},
    {"start_capture", "path", kValue, metal_start_capture},
    {"stop_capture", "", kValue, action<mx::metal::stop_capture>},
    {"device_info", "", kValue, metal_device_info},
};

}  // namespace

const Table kRuntimeTable = {"core", kDefs, std::size(kDefs)};
const Table kCudaTable = {"cuda", kCudaDefs, std::size(kCudaDefs)};
const Table kMetalTable = {"metal", kMetalDefs, std::size(kMetalDefs)};

}  // namespace mlxnode
