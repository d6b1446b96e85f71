// mlx.core functions about the runtime rather than arrays: memory, devices,
// streams. Signatures from the mlx 0.32.4 stubs.
#include "../op_table.h"

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

// [kind, deviceType, deviceIndex, streamIndex]: what the JS Device/Stream carry.
napi_value sd_value(napi_env env, int kind, const mx::Device& d, int stream_index) {
  napi_value out;
  int vals[4] = {kind, d.type == mx::Device::gpu ? 1 : 0, d.index, stream_index};
  NAPI_OK(napi_create_array_with_length(env, 4, &out));
  for (uint32_t i = 0; i < 4; i++) NAPI_OK(napi_set_element(env, out, i, js_number(env, vals[i])));
  return out;
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
};

}  // namespace

const Table kRuntimeTable = {"core", kDefs, std::size(kDefs)};

}  // namespace mlxnode
