// The native side of an mx.array: a type-tagged napi External owning one
// mx::array. The JS class MxArray keeps it in its `_h` field.
#pragma once

#include "napi_util.h"

#include <mlx/mlx.h>

#include <optional>

namespace mlxnode {

namespace mx = mlx::core;

struct Holder {
  std::optional<mx::array> arr;  // empty once disposed
  int64_t accounted = 0;         // bytes reported to V8 for this handle
};

// Wraps `a` in a new External; reports its size to V8 so that GC keeps pace
// with native memory, and frees it from a basic (GC-time) finalizer.
napi_value wrap_array(napi_env env, mx::array a);

// The Holder behind `v` (an External of ours, or an object whose `_h` is one);
// nullptr when `v` is neither.
Holder* holder_of(napi_env env, napi_value v);
Holder* holder_of(napi_env env, napi_value v, napi_valuetype known_type);

// The live array behind `v`; TypeError naming `what` when `v` is not an
// mx.array or was disposed.
mx::array& array_of(napi_env env, napi_value v, const char* what);

// Drops the array early; later use throws. Returns false if already disposed.
bool dispose_holder(napi_env env, Holder* h);

}  // namespace mlxnode
