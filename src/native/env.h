// Per-environment state. The addon is context-aware: the main thread and each
// worker_threads worker get their own Env (instance data), and nothing holds
// a JS value in a static.
#pragma once

#include "napi_util.h"

#include <mlx/stream.h>

#include <cstdint>
#include <vector>

namespace mlxnode {

struct Env {
  napi_ref error_class_ref = nullptr;  // mx.MLXError, set by the JS layer
  std::vector<struct OpSpec*> ops;     // parsed op tables, owned here
  int64_t unreported_bytes = 0;        // external-memory delta not yet told to V8
  std::vector<mlx::core::Stream> streams;  // borrowed from the pool (addon.cc)

  static Env* get(napi_env env) {
    void* d = nullptr;
    napi_get_instance_data(env, &d);
    return static_cast<Env*>(d);
  }
  napi_value error_class(napi_env env) const { return deref(env, error_class_ref); }

 private:
  static napi_value deref(napi_env env, napi_ref r) {
    napi_value v = nullptr;
    if (r) napi_get_reference_value(env, r, &v);
    return v;
  }
};

}  // namespace mlxnode
