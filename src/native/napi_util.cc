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
  if (pending) throw PendingJsException{};
  const napi_extended_error_info* info = nullptr;
  napi_get_last_error_info(env, &info);
  std::string msg = "internal Node-API failure (status " + std::to_string(s) + ") in " + what;
  if (info && info->error_message) msg += ": " + std::string(info->error_message);
  throw JsError(ErrKind::MLX, msg);
}

static void throw_kind(napi_env env, ErrKind kind, const char* msg) {
  napi_value m, err;
  if (kind == ErrKind::Type) {
    napi_throw_type_error(env, nullptr, msg);
    return;
  }
  if (kind == ErrKind::Range) {
    napi_throw_range_error(env, nullptr, msg);
    return;
  }
  // mx.MLXError, the class the JS layer registered for this environment.
  Env* e = Env::get(env);
  napi_value ctor = e ? e->error_class(env) : nullptr;
  if (ctor && napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &m) == napi_ok &&
      napi_new_instance(env, ctor, 1, &m, &err) == napi_ok) {
    napi_throw(env, err);
    return;
  }
  napi_throw_error(env, nullptr, msg);
}

// A JS exception that a Node-API call caught inside our callback is kept in
// the environment and rethrown by Node after the callback returns; if V8
// collects garbage during that rethrow, Node runs our (GC-time) finalizers,
// finds the exception still recorded and aborts the process ("Check failed:
// AllowJavascriptExecution"). So it is taken out here and thrown by us, with
// nothing recorded when the collection can happen.
static void rethrow_pending(napi_env env) {
  napi_value exc;
  if (napi_get_and_clear_last_exception(env, &exc) == napi_ok) napi_throw(env, exc);
}

void throw_current_exception(napi_env env) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) {
    rethrow_pending(env);
    return;
  }
  try {
    throw;
  } catch (const PendingJsException&) {
    // Already pending: propagate as is.
  } catch (const JsError& e) {
    if (!pending) throw_kind(env, e.kind, e.what());
  } catch (const std::out_of_range& e) {
    if (!pending) throw_kind(env, ErrKind::Range, e.what());
  } catch (const std::overflow_error& e) {
    if (!pending) throw_kind(env, ErrKind::Range, e.what());
  } catch (const std::bad_alloc&) {
    if (!pending) throw_kind(env, ErrKind::MLX, "out of memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    if (!pending) throw_kind(env, ErrKind::MLX, e.what());
  } catch (...) {
    if (!pending) throw_kind(env, ErrKind::MLX, "unknown C++ exception");
  }
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
