// Per-environment state. The addon is context-aware: the main thread and each
// worker_threads worker get their own Env (instance data), and nothing holds
// a JS value in a static.
#pragma once

#include "napi_util.h"

#include <mlx/stream.h>

#include <cstdint>
#include <vector>

namespace mlxnode {

class Slab;

struct Scratch {
  napi_ref ref = nullptr;  // keeps the Int32Array alive
  int32_t* data = nullptr;
  size_t length = 0;
};

// Records a stream the addon made (mx.newStream and the like): addon.cc
// waits for every such stream's work at process exit.
void note_stream(const mlx::core::Stream& s);

struct Env {
  napi_ref error_class_ref = nullptr;  // mx.MLXError, set by the JS layer
  napi_ref array_class_ref = nullptr;  // the JS mx.array class, set by the JS layer
  std::vector<struct OpSpec*> ops;     // parsed op tables, owned here
  Slab* slab = nullptr;                // the arrays this environment's JS holds
  Scratch* scratch = nullptr;          // shared Int32Array: shapes and list results out, int lists in
  std::vector<mlx::core::Stream> streams;  // borrowed from the pool (addon.cc)
  napi_ref sentinel_ref = nullptr;     // returned by a failed call; carries `.error` (napi_util.h)
  napi_ref thrown_ref = nullptr;       // a JS error kept by throw_js_value until error_result

  static Env* get(napi_env env) {
    void* d = nullptr;
    napi_get_instance_data(env, &d);
    return static_cast<Env*>(d);
  }
  napi_value error_class(napi_env env) const { return deref(env, error_class_ref); }
  napi_value array_class(napi_env env) const { return deref(env, array_class_ref); }
  napi_value sentinel(napi_env env) const { return deref(env, sentinel_ref); }

 private:
  static napi_value deref(napi_env env, napi_ref r) {
    napi_value v = nullptr;
    if (r) napi_get_reference_value(env, r, &v);
    return v;
  }
};

}  // namespace mlxnode
