// Module entry: version check, per-environment state, and the natives that
// are not table ops (array properties and data out, eval, dtypes, memory).
#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <sstream>

#include <mlx/scheduler.h>

#include "memory_guard.h"
#include "env.h"
#include "op_table.h"

namespace mlxnode {
namespace {

constexpr int kMaxArgs = 8;

struct Args {
  size_t argc = kMaxArgs;
  napi_value argv[kMaxArgs];
  Args(napi_env env, napi_callback_info info) {
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
    napi_value u;
    NAPI_OK(napi_get_undefined(env, &u));
    for (size_t i = argc; i < kMaxArgs; i++) argv[i] = u;
  }
};

int32_t get_int(napi_env env, napi_value v, const char* what) {
  int32_t x;
  if (type_of(env, v) != napi_number || napi_get_value_int32(env, v, &x) != napi_ok)
    throw_type(std::string(what) + ": expected an integer");
  return x;
}

std::atomic<int> live_envs{0};  // environments that loaded the addon

// MLX keeps a failed task's error on its stream and rethrows it from the next
// enqueue on the main thread; one rethrown between the scheduler's
// notify_new_task and the matching completion leaks an "active task", and
// after ten such leaks every eval blocks for good (seen with repeated
// singular-matrix inverses). So after an evaluation error: drain this
// environment's streams, clear their stale errors, and, when this is the only
// environment, reset a leaked count (the count is process-wide; with its
// streams drained, only work on streams made by mx.newStream could still be
// counted, and the count then merely undercounts, which never blocks).
void recover_streams(napi_env env) {
  Env* e = Env::get(env);
  if (!e) return;
  for (auto& st : e->streams) {
    for (int k = 0; k < 4; k++) {
      try {
        mx::synchronize(st);
        break;
      } catch (...) {  // a stale error surfaced (and was cleared): try again
      }
    }
    try {
      mx::scheduler::check_error(st);
    } catch (...) {
    }
  }
  if (live_envs.load() == 1 && !e->streams.empty())
    while (mx::scheduler::n_active_tasks() > 0) mx::scheduler::notify_task_completion(e->streams.front());
}

// Runs `f`, which evaluates arrays; on failure recovers the streams, then rethrows.
template <typename F>
napi_value evaluating(napi_env env, F f) {
  try {
    return f();
  } catch (...) {
    recover_streams(env);
    throw;
  }
}

// ---- arrays ----------------------------------------------------------------

// fromValue(owner, value, dtypeCode): mx.array(value, dtype).
napi_value from_value(napi_env env, napi_callback_info info) {
  Args a(env, info);
  std::optional<mx::Dtype> dt;
  auto t = type_of(env, a.argv[2]);
  if (t != napi_undefined && t != napi_null) dt = dtype_from_code(get_int(env, a.argv[2], "mx.array: dtype"));
  napi_value owner = type_of(env, a.argv[0]) == napi_object ? a.argv[0] : nullptr;
  return return_array(env, array_from_js(env, a.argv[1], dt, "mx.array"), owner);
}

// The environment's scratch Int32Array (set by the JS layer): shapes come
// back through it, since building a JS array element by element through
// Node-API costs more than the rest of the call.
Scratch& scratch_of(napi_env env) {
  Env* e = Env::get(env);
  if (!e->scratch || !e->scratch->data) throw_type("shape: the scratch buffer is not set");
  return *e->scratch;
}

// Points `ref` (a strong reference owned by the Env) at `v`.
void set_ref(napi_env env, napi_ref& ref, napi_value v) {
  if (ref) napi_delete_reference(env, ref);
  ref = nullptr;
  NAPI_OK(napi_create_reference(env, v, 1, &ref));
}

// The elements of an Int32Array `v`; false when `v` is not one.
bool int32_view(napi_env env, napi_value v, int32_t*& data, size_t& length) {
  napi_typedarray_type type;
  void* p;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, &length, &p, &buffer, &offset) != napi_ok || type != napi_int32_array)
    return false;
  data = static_cast<int32_t*>(p);
  return true;
}

napi_value set_scratch(napi_env env, napi_callback_info info) {
  Args a(env, info);
  Env* e = Env::get(env);
  int32_t* data;
  size_t length;
  if (!int32_view(env, a.argv[0], data, length) || length < 64)
    throw_type("setScratch: expected an Int32Array of at least 64 elements");
  if (!e->scratch) e->scratch = new Scratch();
  set_ref(env, e->scratch->ref, a.argv[0]);
  e->scratch->data = data;
  e->scratch->length = length;
  return js_undefined(env);
}

// shapeInto(handle): writes the dims into the scratch array and returns ndim;
// a shape longer than the scratch comes back as a JS array instead.
napi_value shape_into(napi_env env, napi_callback_info info) {
  Args a(env, info);
  mx::array x = array_of_handle(env, a.argv[0], "shape");
  Scratch& sc = scratch_of(env);
  napi_value out;
  if (x.ndim() > sc.length) {
    NAPI_OK(napi_create_array_with_length(env, x.ndim(), &out));
    for (size_t i = 0; i < x.ndim(); i++)
      NAPI_OK(napi_set_element(env, out, static_cast<uint32_t>(i), js_number(env, x.shape(static_cast<int>(i)))));
    return out;
  }
  for (size_t i = 0; i < x.ndim(); i++) sc.data[i] = x.shape(static_cast<int>(i));
  NAPI_OK(napi_create_uint32(env, static_cast<uint32_t>(x.ndim()), &out));
  return out;
}

// meta(handle, field): one of [dtypeCode, ndim, size, itemsize, nbytes].
// The array getters' path: no copy of the array, exact arity.
napi_value meta(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  NAPI_OK(napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  int32_t h = kDisposedHandle - 1, code = -1;
  if (argc == 2) {
    napi_get_value_int32(env, argv[0], &h);
    napi_get_value_int32(env, argv[1], &code);
  }
  const mx::array* x = slab_of(env).get(h);
  if (!x) {
    if (argc < 1) throw_type("array: expected an mx.array");
    array_of_handle(env, argv[0], "array");  // throws the right TypeError
  }
  switch (code) {
    case 0: return js_number(env, dtype_code(x->dtype()));
    case 1: return js_number(env, static_cast<double>(x->ndim()));
    case 2: return js_number(env, static_cast<double>(x->size()));
    case 3: return js_number(env, static_cast<double>(x->itemsize()));
    case 4: return js_number(env, static_cast<double>(x->nbytes()));
  }
  throw_type("meta: bad field");
}

napi_value item(napi_env env, napi_callback_info info) {
  Args a(env, info);
  mx::array x = array_of_handle(env, a.argv[0], "item");
  return evaluating(env, [&] {
    check_eval_memory(x, "item");
    return item_to_js(env, x);
  });
}

napi_value tolist(napi_env env, napi_callback_info info) {
  Args a(env, info);
  mx::array x = array_of_handle(env, a.argv[0], "tolist");
  return evaluating(env, [&] {
    check_eval_memory(x, "tolist");
    return tolist_to_js(env, x);
  });
}

napi_value typed(napi_env env, napi_callback_info info) {
  Args a(env, info);
  mx::array x = array_of_handle(env, a.argv[0], "toTypedArray");
  bool raw = false;
  napi_get_value_bool(env, a.argv[1], &raw);
  int32_t view = 0;  // 0 copy, 1 view (copy where external buffers are forbidden), 2 that fallback forced (tests)
  if (a.argc > 2) napi_get_value_int32(env, a.argv[2], &view);
  if (view < 0 || view > 2) view = 0;
  return evaluating(env, [&] {
    check_eval_memory(x, "toTypedArray");
    return to_typed_array(env, x, raw, view);
  });
}

napi_value repr(napi_env env, napi_callback_info info) {
  Args a(env, info);
  mx::array x = array_of_handle(env, a.argv[0], "toString");
  return evaluating(env, [&] {
    check_eval_memory(x, "toString");
    std::ostringstream os;
    mx::get_global_formatter().capitalize_bool = true;  // True/False, as Python's repr prints
    os << x;
    return js_string(env, os.str());
  });
}

// dispose(handle): frees the array now; false when it was not live.
napi_value dispose(napi_env env, napi_callback_info info) {
  Args a(env, info);
  auto h = handle_value(env, a.argv[0]);
  return js_bool(env, h && slab_of(env).dispose(*h));
}

// disposeMany(handles, count): a tidy scope's arrays (an Int32Array of
// handles), freed in one call.
napi_value dispose_many(napi_env env, napi_callback_info info) {
  Args a(env, info);
  int32_t* h;
  size_t length;
  if (!int32_view(env, a.argv[0], h, length)) throw_type("disposeMany: expected an Int32Array");
  uint32_t count = 0;
  napi_get_value_uint32(env, a.argv[1], &count);
  if (count > length) throw_range("disposeMany: count beyond the array");
  Slab& slab = slab_of(env);
  // Newest first: those are still in cache (measured faster than oldest first).
  for (uint32_t i = count; i-- > 0;) slab.dispose(h[i]);
  return js_undefined(env);
}

// adopt(objects, handles?): results escaping a tidy scope, and results the JS
// layer wrapped itself (lists of handles), get their finalizers. Internal: the
// objects are mx.array wrappers the JS layer has just made, and `handles`
// (when given) their `_i`, in order. Only their type is checked here: a
// Node-API `instanceof` cost ~1 us an object and reading `_i` by name another
// string lookup, together as much as the rest of a compiled call's JS side. A
// wrong handle is refused by the slab (generation check), never dereferenced.
napi_value adopt(napi_env env, napi_callback_info info) {
  Args a(env, info);
  Slab& slab = slab_of(env);
  uint32_t n = array_length(env, a.argv[0]);
  bool given = a.argc > 1 && type_of(env, a.argv[1]) == napi_object;
  if (given && array_length(env, a.argv[1]) != n) throw_type("adopt: one handle per object");
  napi_value key = nullptr;
  if (!given) NAPI_OK(napi_create_string_latin1(env, "_i", 2, &key));
  for (uint32_t i = 0; i < n; i++) {
    napi_value o = element(env, a.argv[0], i);
    if (type_of(env, o) != napi_object) throw_type("adopt: expected mx.array objects");
    napi_value h;
    if (given) h = element(env, a.argv[1], i);
    else NAPI_OK(napi_get_property(env, o, key, &h));
    if (auto hv = handle_value(env, h)) slab.adopt(static_cast<int32_t>(*hv), o);
  }
  return js_undefined(env);
}

napi_value is_disposed(napi_env env, napi_callback_info info) {
  Args a(env, info);
  auto h = handle_value(env, a.argv[0]);
  return js_bool(env, !h || !slab_of(env).get(*h));
}

// Arrays alive in this environment's slab (for tests of lifetimes).
napi_value live_arrays(napi_env env, napi_callback_info) {
  return js_number(env, static_cast<double>(slab_of(env).live_count()));
}

// ---- evaluation --------------------------------------------------------------

std::vector<mx::array> array_list(napi_env env, napi_value list, const char* what) {
  uint32_t n = array_length(env, list);
  std::vector<mx::array> out;
  out.reserve(n);
  for (uint32_t i = 0; i < n; i++) out.push_back(array_of_handle(env, element(env, list, i), what));
  return out;
}

napi_value eval(napi_env env, napi_callback_info info) {
  Args a(env, info);
  auto arrays = array_list(env, a.argv[0], "mx.eval");
  return evaluating(env, [&] {
    check_eval_memory(arrays, "mx.eval");
    mx::eval(arrays);
    return js_undefined(env);
  });
}

// asyncEval: MLX 0.32's default streams belong to the thread that made them,
// so scheduling happens here on the JS thread: mx::async_eval hands the graph
// to the stream's own worker thread and returns at once. Completion is then
// polled from the JS thread (asyncEvalPoll, driven by timers in runtime.ts):
// libmlx does not export Event::wait, and waiting on the arrays themselves
// from a libuv thread would race with JS-thread use of the same arrays.
struct PendingEval {
  std::vector<mx::array> arrays;
};

napi_value async_eval_start(napi_env env, napi_callback_info info) {
  Args a(env, info);
  auto p = std::make_unique<PendingEval>();
  p->arrays = array_list(env, a.argv[0], "mx.asyncEval");
  evaluating(env, [&] {
    check_eval_memory(p->arrays, "mx.asyncEval");
    mx::async_eval(p->arrays);
    return nullptr;
  });
  napi_value ext;
  NAPI_OK(napi_create_external(
      env, p.get(), [](node_api_basic_env, void* d, void*) { delete static_cast<PendingEval*>(d); }, nullptr, &ext));
  p.release();
  return ext;
}

napi_value async_eval_poll(napi_env env, napi_callback_info info) {
  Args a(env, info);
  void* d = nullptr;
  if (type_of(env, a.argv[0]) != napi_external) throw_type("asyncEvalPoll: bad handle");
  NAPI_OK(napi_get_value_external(env, a.argv[0], &d));
  auto* p = static_cast<PendingEval*>(d);
  for (auto& x : p->arrays)
    if (!x.is_available()) return js_bool(env, false);
  auto arrays = std::move(p->arrays);  // released whether or not they failed
  p->arrays.clear();
  return evaluating(env, [&] {
    for (auto& x : arrays) x.wait();  // all done: finalizes status, rethrows errors
    return js_bool(env, true);
  });
}

// ---- dtypes -------------------------------------------------------------------

// [[name, size, kind], ...] indexed by code: the JS layer makes the singletons.
napi_value dtype_table(napi_env env, napi_callback_info) {
  napi_value out;
  NAPI_OK(napi_create_array(env, &out));
  for (int code = 0; code < 14; code++) {
    mx::Dtype d = dtype_from_code(code);
    std::ostringstream name, kind;
    name << d;
    kind << mx::kindof(d);
    napi_value row;
    NAPI_OK(napi_create_array_with_length(env, 3, &row));
    NAPI_OK(napi_set_element(env, row, 0, js_string(env, name.str())));
    NAPI_OK(napi_set_element(env, row, 1, js_number(env, d.size())));
    NAPI_OK(napi_set_element(env, row, 2, js_string(env, kind.str())));
    NAPI_OK(napi_set_element(env, out, code, row));
  }
  return out;
}

// A dtype code (0..13) or a category code (100 + Dtype::Category).
struct DtypeOrCategory {
  bool is_category;
  mx::Dtype dtype = mx::float32;
  mx::Dtype::Category category = mx::Dtype::Category::generic;
};
DtypeOrCategory dtype_or_category(napi_env env, napi_value v, const char* what) {
  int c = get_int(env, v, what);
  if (c >= 100 && c <= 107) return {true, mx::float32, static_cast<mx::Dtype::Category>(c - 100)};
  return {false, dtype_from_code(c)};
}

napi_value issubdtype(napi_env env, napi_callback_info info) {
  Args a(env, info);
  auto x = dtype_or_category(env, a.argv[0], "mx.issubdtype: arg1");
  auto y = dtype_or_category(env, a.argv[1], "mx.issubdtype: arg2");
  bool r = x.is_category ? (y.is_category ? mx::issubdtype(x.category, y.category) : mx::issubdtype(x.category, y.dtype))
                         : (y.is_category ? mx::issubdtype(x.dtype, y.category) : mx::issubdtype(x.dtype, y.dtype));
  return js_bool(env, r);
}

napi_value promote_types(napi_env env, napi_callback_info info) {
  Args a(env, info);
  return js_number(env, dtype_code(mx::promote_types(dtype_from_code(get_int(env, a.argv[0], "dtype")),
                                                     dtype_from_code(get_int(env, a.argv[1], "dtype")))));
}

napi_value finfo(napi_env env, napi_callback_info info) {
  Args a(env, info);
  mx::finfo f(dtype_from_code(get_int(env, a.argv[0], "mx.finfo")));
  napi_value o;
  NAPI_OK(napi_create_object(env, &o));
  NAPI_OK(napi_set_named_property(env, o, "dtype", js_number(env, dtype_code(f.dtype))));
  NAPI_OK(napi_set_named_property(env, o, "bits", js_number(env, f.bits)));
  NAPI_OK(napi_set_named_property(env, o, "min", js_number(env, f.min)));
  NAPI_OK(napi_set_named_property(env, o, "max", js_number(env, f.max)));
  NAPI_OK(napi_set_named_property(env, o, "eps", js_number(env, f.eps)));
  NAPI_OK(napi_set_named_property(env, o, "smallestNormal", js_number(env, f.smallest_normal)));
  return o;
}

napi_value iinfo(napi_env env, napi_callback_info info) {
  Args a(env, info);
  mx::iinfo f(dtype_from_code(get_int(env, a.argv[0], "mx.iinfo")));
  napi_value o;
  NAPI_OK(napi_create_object(env, &o));
  NAPI_OK(napi_set_named_property(env, o, "dtype", js_number(env, dtype_code(f.dtype))));
  NAPI_OK(napi_set_named_property(env, o, "min", js_bigint(env, f.min)));
  NAPI_OK(napi_set_named_property(env, o, "max", js_biguint(env, f.max)));
  return o;
}

// ---- setup ---------------------------------------------------------------------

napi_value set_array_class(napi_env env, napi_callback_info info) {
  Args a(env, info);
  if (type_of(env, a.argv[0]) != napi_function) throw_type("setArrayClass: expected a class");
  set_ref(env, Env::get(env)->array_class_ref, a.argv[0]);
  return js_undefined(env);
}

napi_value set_error_class(napi_env env, napi_callback_info info) {
  Args a(env, info);
  set_ref(env, Env::get(env)->error_class_ref, a.argv[0]);
  return js_undefined(env);
}

// Threads and streams, by design: every environment (the main thread and
// each worker_threads worker) builds graphs and evaluates only on its own JS
// thread; nothing is evaluated on libuv's pool threads, whose streams would
// not own these graphs (asyncEval schedules on the JS thread and polls).
// MLX 0.32 gives each thread its own default streams, each with a scheduler
// thread that lives until the process ends, so a server that keeps starting
// workers would leak a thread per worker. Instead each environment borrows
// streams from a process-wide pool (streams made with
// new_thread_unsafe_stream, usable from any thread) and makes them its
// thread's defaults; one environment at a time uses a stream, and teardown
// returns it after synchronizing.
struct StreamPool {
  std::mutex mutex;
  std::vector<mx::Stream> free;
  std::vector<mx::Stream> all;  // every stream the addon made, for drain_at_exit
};
StreamPool& stream_pool() {
  static auto* pool = new StreamPool();  // never destroyed: used until exit
  return *pool;
}

// process.exit() while MLX is computing deadlocked the process about one time
// in two (measured: `node` exiting 2-40 ms after starting an asyncEval of a
// matmul chain): exit() runs OpenBLAS's library destructor, which joins its
// worker threads while a stream thread is still inside sgemm. An atexit
// handler registered after OpenBLAS was loaded runs before that destructor:
// it waits for the work on every stream the addon made.
void drain_at_exit() {
  std::vector<mx::Stream> streams;
  {
    std::lock_guard<std::mutex> lock(stream_pool().mutex);
    streams = stream_pool().all;
  }
  for (auto& s : streams) {
    try {
      mx::synchronize(s);
    } catch (...) {  // a failed task's error: nothing to report at exit
    }
  }
}

void borrow_default_streams(Env* e) {
  std::lock_guard<std::mutex> lock(stream_pool().mutex);
  for (mx::Device d : {mx::Device(mx::Device::cpu), mx::Device(mx::Device::gpu)}) {
    if (!mx::is_available(d)) continue;
    auto& free = stream_pool().free;
    auto it = std::find_if(free.begin(), free.end(), [&](const mx::Stream& s) { return s.device == d; });
    mx::Stream s = it != free.end() ? *it : mx::new_thread_unsafe_stream(d);
    if (it != free.end()) free.erase(it);
    else stream_pool().all.push_back(s);
    mx::set_default_stream(s);
    e->streams.push_back(s);
  }
}

void return_default_streams(Env* e) {
  for (auto& s : e->streams) mx::synchronize(s);
  std::lock_guard<std::mutex> lock(stream_pool().mutex);
  for (auto& s : e->streams) stream_pool().free.push_back(s);
  e->streams.clear();
}

// Runs at environment teardown, on the environment's own thread.
void finalize_env(node_api_basic_env, void* data, void*) {
  auto* e = static_cast<Env*>(data);
  try {
    return_default_streams(e);
  } catch (...) {
    // A stream whose work failed is not returned; teardown must not throw.
  }
  for (auto* op : e->ops) delete op;
  e->slab->close();  // frees every array; finalizers that Node runs later find it closed
  delete e->scratch;  // its reference dies with the environment
  delete e;
  live_envs--;
}

std::string libmlx_path() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&mx::version), &info) && info.dli_fname) return info.dli_fname;
  return "libmlx";
}

#define MLXNODE_STR2(x) #x
#define MLXNODE_STR(x) MLXNODE_STR2(x)
constexpr const char* kCompiledVersion =
    MLXNODE_STR(MLX_VERSION_MAJOR) "." MLXNODE_STR(MLX_VERSION_MINOR) "." MLXNODE_STR(MLX_VERSION_PATCH);

napi_value init(napi_env env, napi_value exports) {
  // Refuse a libmlx other than the one we were compiled against: the C++ ABI
  // (array layout, primitive vtables) is not stable across MLX releases.
  std::string runtime = mx::version();
  if (runtime.rfind(kCompiledVersion, 0) != 0 ||
      (runtime.size() > std::strlen(kCompiledVersion) && runtime[std::strlen(kCompiledVersion)] != '.')) {
    std::string msg = std::string("mlx-node was built against MLX ") + kCompiledVersion + " but loaded MLX " +
                      runtime + " from " + libmlx_path() + "; rebuild with `npm run build` (after `npm run setup`)";
    napi_throw_error(env, "ERR_MLX_VERSION_MISMATCH", msg.c_str());
    return nullptr;
  }

  auto* e = new Env();
  e->slab = new Slab(env);
  try {
    borrow_default_streams(e);
  } catch (const std::exception& ex) {
    e->slab->close();
    delete e;
    napi_throw_error(env, nullptr, (std::string("mlx-node: cannot set up MLX streams: ") + ex.what()).c_str());
    return nullptr;
  }
  if (napi_set_instance_data(env, e, finalize_env, nullptr) != napi_ok) return nullptr;
  live_envs++;
  static std::once_flag drain_registered;
  std::call_once(drain_registered, [] { std::atexit(drain_at_exit); });

  struct Fn {
    const char* name;
    napi_callback cb;
  };
  const Fn fns[] = {
      {"fromValue", entry<from_value>},
      {"setScratch", entry<set_scratch>},
      {"shapeInto", entry<shape_into>},
      {"meta", entry<meta>},
      {"item", entry<item>},
      {"tolist", entry<tolist>},
      {"toTypedArray", entry<typed>},
      {"repr", entry<repr>},
      {"dispose", entry<dispose>},
      {"disposeMany", entry<dispose_many>},
      {"adopt", entry<adopt>},
      {"isDisposed", entry<is_disposed>},
      {"liveArrays", entry<live_arrays>},
      {"eval", entry<eval>},
      {"asyncEvalStart", entry<async_eval_start>},
      {"asyncEvalPoll", entry<async_eval_poll>},
      {"dtypeTable", entry<dtype_table>},
      {"issubdtype", entry<issubdtype>},
      {"promoteTypes", entry<promote_types>},
      {"finfo", entry<finfo>},
      {"iinfo", entry<iinfo>},
      {"setErrorClass", entry<set_error_class>},
      {"setArrayClass", entry<set_array_class>},
  };
  try {
    for (const Fn& f : fns) {
      napi_value fn;
      NAPI_OK(napi_create_function(env, f.name, NAPI_AUTO_LENGTH, f.cb, nullptr, &fn));
      NAPI_OK(napi_set_named_property(env, exports, f.name, fn));
    }
    // What a failed call returns (napi_util.h): JS reads and throws `.error`.
    napi_value sentinel;
    NAPI_OK(napi_create_object(env, &sentinel));
    NAPI_OK(napi_create_reference(env, sentinel, 1, &e->sentinel_ref));
    NAPI_OK(napi_set_named_property(env, exports, "errorSentinel", sentinel));
    napi_value tables;
    NAPI_OK(napi_create_object(env, &tables));
    // One JS list per MLX module; mlx.core is made of several tables (one per family).
    for (const Table* t : {&kCoreTable, &kRuntimeTable, &kElementwiseTable, &kReductionsTable, &kStructureTable,
                           &kConvQuantTable, &kIndexingTable, &kIoTable, &kTransformsTable, &kRandomTable, &kLinalgTable, &kFftTable, &kFastTable, &kCudaTable, &kMetalTable,
                           &kArrayTable}) {
      napi_value existing = nullptr;
      bool has = false;
      NAPI_OK(napi_has_named_property(env, tables, t->module, &has));
      if (has) NAPI_OK(napi_get_named_property(env, tables, t->module, &existing));
      NAPI_OK(napi_set_named_property(env, tables, t->module, export_table(env, t->module, t->defs, t->count, existing)));
    }
    NAPI_OK(napi_set_named_property(env, exports, "tables", tables));
    NAPI_OK(napi_set_named_property(env, exports, "version", js_string(env, runtime)));
    NAPI_OK(napi_set_named_property(env, exports, "arrayOverhead", js_number(env, Slab::kArrayOverhead)));
    NAPI_OK(napi_set_named_property(env, exports, "compiledVersion", js_string(env, kCompiledVersion)));
    NAPI_OK(napi_set_named_property(env, exports, "libmlxPath", js_string(env, libmlx_path())));
  } catch (...) {
    throw_current_exception(env);
    return nullptr;
  }
  return exports;
}

}  // namespace

void note_stream(const mx::Stream& s) {
  std::lock_guard<std::mutex> lock(stream_pool().mutex);
  stream_pool().all.push_back(s);
}

}  // namespace mlxnode

NAPI_MODULE_INIT() { return mlxnode::init(env, exports); }
