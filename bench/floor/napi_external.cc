// The cost floor of one finalizable Node-API handle per result: what every
// mlx-node op pays on top of MLX itself (see run.sh).
#define NAPI_EXPERIMENTAL
#define NAPI_VERSION 2147483647  // basic finalizers run during GC, as in the addon
#include <node_api.h>

#include <cstdlib>

static void release(node_api_basic_env, void* data, void*) { free(data); }

static napi_value with_finalizer(napi_env env, napi_callback_info) {
  napi_value v;
  napi_create_external(env, malloc(16), release, nullptr, &v);
  return v;
}

static napi_value without_finalizer(napi_env env, napi_callback_info) {
  napi_value v;
  napi_create_external(env, nullptr, nullptr, nullptr, &v);
  return v;
}

static napi_value noop(napi_env, napi_callback_info) { return nullptr; }

NAPI_MODULE_INIT() {
  const struct { const char* name; napi_callback cb; } fns[] = {
      {"withFinalizer", with_finalizer}, {"withoutFinalizer", without_finalizer}, {"noop", noop}};
  for (auto& f : fns) {
    napi_value fn;
    napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.cb, nullptr, &fn);
    napi_set_named_property(env, exports, f.name, fn);
  }
  return exports;
}
