#include "napi_util.h"

#include "env.h"

#include <charconv>
#include <cmath>
#include <exception>
#include <typeinfo>

namespace mlxnode {

void napi_failed(napi_env env, napi_status s, const char* what) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) throw_js_pending(env);
  const napi_extended_error_info* info = nullptr;
  napi_get_last_error_info(env, &info);
  std::string msg = "internal Node-API failure (status " + std::to_string(s) + ") in " + what;
  if (info && info->error_message) msg += ": " + std::string(info->error_message);
  throw JsError(ErrKind::MLX, msg);
}

// Takes the exception Node-API recorded, if any: nothing may stay recorded
// while a garbage collection can run (see napi_util.h).
static napi_value take_recorded(napi_env env) {
  bool pending = false;
  napi_value exc = nullptr;
  napi_is_exception_pending(env, &pending);
  if (pending && napi_get_and_clear_last_exception(env, &exc) != napi_ok) exc = nullptr;
  return exc;
}

static void keep_thrown(napi_env env, napi_value err) {
  Env* e = Env::get(env);
  if (!e) return;
  if (e->thrown_ref) napi_delete_reference(env, e->thrown_ref);
  e->thrown_ref = nullptr;
  if (err) napi_create_reference(env, err, 1, &e->thrown_ref);
}

static napi_value take_thrown(napi_env env) {
  Env* e = Env::get(env);
  if (!e || !e->thrown_ref) return nullptr;
  napi_value v = nullptr;
  napi_get_reference_value(env, e->thrown_ref, &v);
  napi_delete_reference(env, e->thrown_ref);
  e->thrown_ref = nullptr;
  return v;
}

void throw_js_pending(napi_env env) {
  keep_thrown(env, take_recorded(env));
  throw PendingJsException{};
}

void throw_js_value(napi_env env, napi_value err) {
  keep_thrown(env, err);
  throw PendingJsException{};
}

// A new JS error of the given kind (mx.MLXError for ErrKind::MLX), or nullptr.
static napi_value make_error(napi_env env, ErrKind kind, const char* msg) {
  napi_value m = nullptr, err = nullptr;
  if (napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m) != napi_ok) return nullptr;
  if (kind == ErrKind::Type) return napi_create_type_error(env, nullptr, m, &err) == napi_ok ? err : nullptr;
  if (kind == ErrKind::Range) return napi_create_range_error(env, nullptr, m, &err) == napi_ok ? err : nullptr;
  // mx.MLXError, the class the JS layer registered for this environment.
  Env* e = Env::get(env);
  napi_value ctor = e ? e->error_class(env) : nullptr;
  if (ctor && napi_new_instance(env, ctor, 1, &m, &err) == napi_ok) return err;
  take_recorded(env);  // a throwing constructor: fall back to a plain Error
  return napi_create_error(env, nullptr, m, &err) == napi_ok ? err : nullptr;
}

// The JS error for the C++ exception being handled.
static napi_value current_error(napi_env env) {
  try {
    throw;
  } catch (const PendingJsException&) {
    return take_thrown(env);
  } catch (const JsError& e) {
    return make_error(env, e.kind, e.what());
  } catch (const std::out_of_range& e) {
    return make_error(env, ErrKind::Range, e.what());
  } catch (const std::overflow_error& e) {
    return make_error(env, ErrKind::Range, e.what());
  } catch (const std::bad_alloc&) {
    return make_error(env, ErrKind::MLX, "out of memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    return make_error(env, ErrKind::MLX, e.what());
  } catch (...) {
    return make_error(env, ErrKind::MLX, "unknown C++ exception");
  }
}

napi_value error_result(napi_env env) {
  napi_value err = take_recorded(env);
  if (err) {
    take_thrown(env);  // the recorded exception is the newer one
  } else {
    err = current_error(env);
    if (!err) err = take_recorded(env);
  }
  Env* e = Env::get(env);
  napi_value s = e ? e->sentinel(env) : nullptr;
  if (!err) {
    napi_value m = nullptr;
    napi_create_string_utf8(env, "mlx-node: an error could not be reported", NAPI_AUTO_LENGTH, &m);
    napi_create_error(env, nullptr, m, &err);
  }
  if (s && napi_set_named_property(env, s, "error", err) == napi_ok) return s;
  napi_throw(env, err);  // no sentinel yet (module initialisation)
  return nullptr;
}

void throw_current_exception(napi_env env) {
  napi_value err = take_recorded(env);
  if (!err) err = current_error(env);
  if (err) napi_throw(env, err);
}

napi_value js_string(napi_env env, const std::string& s) {
  napi_value v;
  NAPI_OK(napi_create_string_utf8(env, s.data(), s.size(), &v));
  return v;
}
napi_value js_number(napi_env env, double d) {
  napi_value v;
  NAPI_OK(napi_create_double(env, d, &v));
  return v;
}
napi_value js_bool(napi_env env, bool b) {
  napi_value v;
  NAPI_OK(napi_get_boolean(env, b, &v));
  return v;
}
napi_value js_undefined(napi_env env) {
  napi_value v;
  NAPI_OK(napi_get_undefined(env, &v));
  return v;
}
napi_value js_bigint(napi_env env, int64_t x) {
  napi_value v;
  NAPI_OK(napi_create_bigint_int64(env, x, &v));
  return v;
}
napi_value js_biguint(napi_env env, uint64_t x) {
  napi_value v;
  NAPI_OK(napi_create_bigint_uint64(env, x, &v));
  return v;
}
napi_valuetype type_of(napi_env env, napi_value v) {
  napi_valuetype t;
  NAPI_OK(napi_typeof(env, v, &t));
  return t;
}
bool is_array(napi_env env, napi_value v) {
  bool r;
  NAPI_OK(napi_is_array(env, v, &r));
  return r;
}
uint32_t array_length(napi_env env, napi_value v) {
  uint32_t n;
  NAPI_OK(napi_get_array_length(env, v, &n));
  return n;
}
napi_value element(napi_env env, napi_value arr, uint32_t i) {
  napi_value v;
  NAPI_OK(napi_get_element(env, arr, i, &v));
  return v;
}
std::string to_std_string(napi_env env, napi_value v) {
  size_t n;
  NAPI_OK(napi_get_value_string_utf8(env, v, nullptr, 0, &n));
  std::string s(n, '\0');
  NAPI_OK(napi_get_value_string_utf8(env, v, s.data(), n + 1, &n));
  return s;
}

napi_value own_keys(napi_env env, napi_value obj) {
  napi_value keys;
  NAPI_OK(napi_get_all_property_names(env, obj, napi_key_own_only,
                                      static_cast<napi_key_filter>(napi_key_enumerable | napi_key_skip_symbols),
                                      napi_key_numbers_to_strings, &keys));
  return keys;
}

std::string format_number(double d) {  // as JS prints it
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof(buf), d);
  return std::string(buf, r.ptr);
}

std::string describe(napi_env env, napi_value v) {
  switch (type_of(env, v)) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "boolean";
    case napi_number: {
      double d;
      napi_get_value_double(env, v, &d);
      return "number " + format_number(d);
    }
    case napi_string: return "string";
    case napi_symbol: return "symbol";
    case napi_bigint: return "bigint";
    case napi_function: return "function";
    case napi_external: return "external";
    case napi_object: {
      bool b = false;
      napi_is_array(env, v, &b);
      if (b) return "Array";
      napi_is_typedarray(env, v, &b);
      if (b) return "TypedArray";
      return "object";
    }
  }
  return "value";
}

}  // namespace mlxnode
