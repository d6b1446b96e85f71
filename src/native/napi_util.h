// Thin helpers over plain Node-API: error kinds, status checks and the
// exception barrier every entry point goes through.
#pragma once

// Basic (GC-time) finalizers: without them, finalizers of arrays created in a
// tight synchronous loop are deferred and native memory grows unbounded.
// (node-api-headers ties them to the experimental module version, which
// Node 20+ loads; a module of version <= 9 gets its finalizers deferred.)
#define NAPI_EXPERIMENTAL
#define NAPI_VERSION 2147483647  // NAPI_VERSION_EXPERIMENTAL
#include <node_api.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace mlxnode {

// The JS error class a C++ failure becomes.
enum class ErrKind { Type, Range, MLX };

struct JsError : std::runtime_error {
  ErrKind kind;
  JsError(ErrKind k, const std::string& m) : std::runtime_error(m), kind(k) {}
};

// A JS exception is already pending (thrown by a callback or a failed
// Node-API call): unwind to the entry point and let it propagate unchanged.
struct PendingJsException {};

[[noreturn]] inline void throw_type(const std::string& m) {
  throw JsError(ErrKind::Type, m);
}
[[noreturn]] inline void throw_range(const std::string& m) {
  throw JsError(ErrKind::Range, m);
}

[[noreturn]] void napi_failed(napi_env env, napi_status s, const char* what);

#define NAPI_OK(call)                                   \
  do {                                                  \
    napi_status st_ = (call);                           \
    if (st_ != napi_ok)                                 \
      ::mlxnode::napi_failed(env, st_, #call);          \
  } while (0)

// Errors travel back to JS as a value, never as a Node-API exception: a
// thrown exception is recorded by Node-API and rethrown by Node after the
// callback returns, and a garbage collection in between runs our GC-time
// finalizers with it still recorded, which aborts the process ("Check failed:
// AllowJavascriptExecution"). So every entry point catches, keeps the JS
// error on the environment's sentinel object (`sentinel.error`) and returns
// the sentinel; src/ts/native.ts throws the error in JS.
//
// C++ failures map to JS errors as MLX's Python bindings map them: bad
// arguments (std::invalid_argument) -> mx.MLXError, bad axes/indices
// (std::out_of_range) and out-of-range sizes (std::overflow_error) ->
// RangeError, JsError -> its kind.
napi_value error_result(napi_env env);

// A Node-API call failed with a JS exception (a callback or getter threw):
// takes it off Node-API at once, keeps it for error_result and unwinds.
[[noreturn]] void throw_js_pending(napi_env env);
// Keeps `err` as the JS error of the running native call and unwinds.
[[noreturn]] void throw_js_value(napi_env env, napi_value err);

// For module initialisation only (no finalizers can run yet): throws the
// current C++ exception as a JS exception.
void throw_current_exception(napi_env env);

template <napi_value (*F)(napi_env, napi_callback_info)>
napi_value entry(napi_env env, napi_callback_info info) {
  try {
    return F(env, info);
  } catch (...) {
    return error_result(env);
  }
}

// Small conversions used everywhere.
napi_value js_string(napi_env env, const std::string& s);
napi_value js_number(napi_env env, double v);
napi_value js_bool(napi_env env, bool v);
napi_value js_undefined(napi_env env);
napi_value js_bigint(napi_env env, int64_t v);
napi_value js_biguint(napi_env env, uint64_t v);
napi_valuetype type_of(napi_env env, napi_value v);
bool is_array(napi_env env, napi_value v);
uint32_t array_length(napi_env env, napi_value v);
napi_value element(napi_env env, napi_value arr, uint32_t i);
std::string to_std_string(napi_env env, napi_value v);
// The own enumerable string keys of an object, numbers as strings (Object.keys).
napi_value own_keys(napi_env env, napi_value obj);
std::string format_number(double d);
// Short description of a JS value's type for error messages ("string", "array", ...).
std::string describe(napi_env env, napi_value v);

}  // namespace mlxnode
