#include "array_handle.h"

#include "env.h"

namespace mlxnode {

// Distinguishes our Externals from any other addon's.
static const napi_type_tag kArrayTag = {0x6d6c782d6e6f6465ULL, 0x61727261792d7631ULL};

// Tells V8 about native bytes, batched: one call per MiB of change rather than
// per array keeps small-array ops cheap; large arrays report at once.
static void adjust(node_api_basic_env env, int64_t delta) {
  void* d = nullptr;
  napi_get_instance_data(env, &d);
  auto* e = static_cast<Env*>(d);
  int64_t pending = delta + (e ? e->unreported_bytes : 0);
  if (pending > -(1 << 20) && pending < (1 << 20) && e) {
    e->unreported_bytes = pending;
    return;
  }
  if (e) e->unreported_bytes = 0;
  int64_t total;
  napi_adjust_external_memory(env, pending, &total);
}

static void finalize_holder(node_api_basic_env env, void* data, void*) {
  auto* h = static_cast<Holder*>(data);
  int64_t bytes = h->accounted;
  delete h;
  adjust(env, -bytes);
}

napi_value wrap_array(napi_env env, mx::array a) {
  auto* h = new Holder{std::move(a), 0};
  napi_value ext;
  napi_status st = napi_create_external(env, h, finalize_holder, nullptr, &ext);
  if (st != napi_ok) {
    delete h;
    napi_failed(env, st, "napi_create_external");
  }
  NAPI_OK(napi_type_tag_object(env, ext, &kArrayTag));
  h->accounted = static_cast<int64_t>(h->arr->nbytes());
  adjust(env, h->accounted);
  return ext;
}

static Holder* external_holder(napi_env env, napi_value v) {
  bool ok = false;
  if (napi_check_object_type_tag(env, v, &kArrayTag, &ok) != napi_ok || !ok) return nullptr;
  void* p = nullptr;
  NAPI_OK(napi_get_value_external(env, v, &p));
  return static_cast<Holder*>(p);
}

Holder* holder_of(napi_env env, napi_value v) { return holder_of(env, v, type_of(env, v)); }

Holder* holder_of(napi_env env, napi_value v, napi_valuetype t) {
  if (t == napi_external) return external_holder(env, v);
  if (t != napi_object) return nullptr;
  napi_value h;  // an MxArray keeps its handle in `_h`
  NAPI_OK(napi_get_named_property(env, v, "_h", &h));
  if (type_of(env, h) != napi_external) return nullptr;
  return external_holder(env, h);
}

mx::array& array_of(napi_env env, napi_value v, const char* what) {
  Holder* h = holder_of(env, v);
  if (!h) throw_type(std::string(what) + ": expected an mx.array, got " + describe(env, v));
  if (!h->arr) throw_type(std::string(what) + ": the array was disposed");
  return *h->arr;
}

bool dispose_holder(napi_env env, Holder* h) {
  if (!h->arr) return false;
  h->arr.reset();
  adjust(env, -h->accounted);
  h->accounted = 0;
  return true;
}

}  // namespace mlxnode
