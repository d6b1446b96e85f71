// Function transforms: grad, value_and_grad, vjp, jvp, vmap, compile, custom_function, checkpoint, stop_gradient (signatures from the mlx 0.32.4 stubs; bodies follow python/src/*.cpp).
//
// The public functions are written in TypeScript (src/ts/transforms.ts): it
// flattens and rebuilds trees. The natives here take a JS *trampoline* and
// flat lists of array handles. MLX calls the trampoline synchronously on the
// JS thread (std::function -> napi_call_function) with a JS array of handles
// (slots without finalizers); it returns [outHandles, freeHandles, extra?]:
// the arrays it produced, and the handles made during the call (its inputs
// included) that we free once the outputs are read. A JS exception thrown in
// the trampoline is taken off the environment, carried through MLX as a C++
// exception (JsThrown) and thrown again, the same JS value, once MLX has
// unwound.
#include "../array_handle.h"
#include "../env.h"
#include "../op_table.h"

#include <mlx/compile.h>
#include <mlx/compile_impl.h>
#include <mlx/transforms.h>
#include <mlx/transforms_impl.h>

#include <memory>
#include <thread>

namespace mlxnode {

namespace {

// Whether each environment is still alive: MLX's compile cache is
// thread-local and may outlive the environment (a worker's teardown), and
// graphs holding callbacks may be freed late; their references are then
// dropped without Node-API calls.
std::shared_ptr<bool> alive_token(napi_env env) {
  thread_local std::vector<std::pair<napi_env, std::shared_ptr<bool>>> tokens;
  for (auto& [e, t] : tokens)
    if (e == env && *t) return t;
  auto t = std::make_shared<bool>(true);
  auto* hook = new std::shared_ptr<bool>(t);
  napi_add_env_cleanup_hook(
      env,
      [](void* p) {
        auto* h = static_cast<std::shared_ptr<bool>*>(p);
        **h = false;
        delete h;
      },
      hook);
  tokens.emplace_back(env, t);
  return t;
}

// A persistent reference to a JS value; deleted only on its own thread while
// its environment lives (an MLX graph holding a callback may be freed
// elsewhere or later: then it is left to the environment's teardown).
struct JsRef {
  napi_env env;
  napi_ref ref = nullptr;
  std::thread::id tid = std::this_thread::get_id();
  std::shared_ptr<bool> alive;
  JsRef(napi_env e, napi_value v) : env(e), alive(alive_token(e)) {
    if (napi_create_reference(e, v, 1, &ref) != napi_ok) ref = nullptr;
  }
  ~JsRef() {
    if (ref && *alive && std::this_thread::get_id() == tid) napi_delete_reference(env, ref);
  }
  napi_value value() const {
    napi_value v = nullptr;
    if (*alive) napi_get_reference_value(env, ref, &v);
    return v;
  }
};
using JsRefPtr = std::shared_ptr<JsRef>;

// A JS exception travelling through MLX.
struct JsThrown {
  JsRefPtr error;
};

// Runs `body`; a JsThrown becomes the call's JS error again.
template <typename F>
auto guarded(napi_env env, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const JsThrown& t) {
    throw_js_value(env, t.error ? t.error->value() : nullptr);
  }
}

napi_value handles_js(napi_env env, const std::vector<mx::array>& v) {
  napi_value out;
  NAPI_OK(napi_create_array_with_length(env, v.size(), &out));
  for (size_t k = 0; k < v.size(); ++k)
    NAPI_OK(napi_set_element(env, out, static_cast<uint32_t>(k), return_array(env, v[k], nullptr)));
  return out;
}

napi_value ints_js(napi_env env, const std::vector<int>& v) {
  napi_value out;
  NAPI_OK(napi_create_array_with_length(env, v.size(), &out));
  for (size_t k = 0; k < v.size(); ++k) NAPI_OK(napi_set_element(env, out, static_cast<uint32_t>(k), js_number(env, v[k])));
  return out;
}

std::vector<mx::array> arrays_of_handles(napi_env env, napi_value list, const char* what) {
  if (!is_array(env, list)) throw_type(std::string(what) + ": expected a list of array handles");
  uint32_t n = array_length(env, list);
  std::vector<mx::array> out;
  out.reserve(n);
  for (uint32_t k = 0; k < n; ++k) out.push_back(array_of_handle(env, element(env, list, k), what));
  return out;
}

std::vector<int> ints_of(napi_env env, napi_value list) {
  std::vector<int> out;
  if (!list || !is_array(env, list)) return out;
  uint32_t n = array_length(env, list);
  for (uint32_t k = 0; k < n; ++k) {
    double d = 0;
    napi_get_value_double(env, element(env, list, k), &d);
    out.push_back(static_cast<int>(d));
  }
  return out;
}

// Calls the trampoline; returns its outputs (and extra integers when asked).
// A callback: borrowed (a napi_value of the running native call, for
// transforms that call it only during that call) or held (a JsRef, for
// callbacks MLX keeps in a graph: custom vjp/jvp/vmap, checkpoint).
struct JsFn {
  napi_value borrowed = nullptr;
  JsRefPtr held;
  napi_value value() const { return held ? held->value() : borrowed; }
};

std::vector<mx::array> invoke(napi_env env, const JsFn& fn, std::initializer_list<napi_value> args,
                              std::vector<int>* extra = nullptr) {
  napi_handle_scope scope;
  NAPI_OK(napi_open_handle_scope(env, &scope));
  struct Closer {
    napi_env env;
    napi_handle_scope s;
    ~Closer() { napi_close_handle_scope(env, s); }
  } closer{env, scope};
  napi_value undef = js_undefined(env);
  napi_value result = nullptr;
  std::vector<napi_value> argv(args);
  napi_status st = napi_call_function(env, undef, fn.value(), argv.size(), argv.data(), &result);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (st != napi_ok || pending) {
    napi_value err = nullptr;
    napi_get_and_clear_last_exception(env, &err);
    if (!err) throw std::runtime_error("[transforms] the callback failed");
    throw JsThrown{std::make_shared<JsRef>(env, err)};
  }
  std::vector<mx::array> outs = arrays_of_handles(env, element(env, result, 0), "[transforms] callback result");
  if (extra) *extra = ints_of(env, element(env, result, 2));
  napi_value frees = element(env, result, 1);
  if (is_array(env, frees)) {
    Slab& slab = slab_of(env);
    uint32_t n = array_length(env, frees);
    for (uint32_t k = 0; k < n; ++k) {
      auto h = handle_value(env, element(env, frees, k));
      if (h) slab.dispose(*h);
    }
  }
  return outs;
}

using ArrayFn = std::function<std::vector<mx::array>(const std::vector<mx::array>&)>;

ArrayFn unary_callback(napi_env env, JsFn fn) {
  return [env, fn](const std::vector<mx::array>& in) { return invoke(env, fn, {handles_js(env, in)}); };
}

napi_value function_arg(Call& c, size_t i, const char* what) {
  napi_value v = c.raw(i);
  if (!v || type_of(c.env, v) != napi_function) throw_type(std::string(what) + ": expected a function");
  return v;
}
// Valid only while the native call runs.
JsFn borrowed_fn(Call& c, size_t i, const char* what) { return JsFn{function_arg(c, i, what), nullptr}; }
// Kept alive for as long as MLX holds the callback.
JsFn held_fn(Call& c, size_t i, const char* what) {
  return JsFn{nullptr, std::make_shared<JsRef>(c.env, function_arg(c, i, what))};
}

napi_value pair_js(napi_env env, const std::vector<mx::array>& a, const std::vector<mx::array>& b) {
  napi_value out;
  NAPI_OK(napi_create_array_with_length(env, 2, &out));
  NAPI_OK(napi_set_element(env, out, 0, handles_js(env, a)));
  NAPI_OK(napi_set_element(env, out, 1, handles_js(env, b)));
  return out;
}

napi_value t_vjp(Call& c) {
  auto fn = borrowed_fn(c, 0, "mx.vjp");
  auto primals = arrays_of_handles(c.env, c.raw(1), "mx.vjp");
  auto cots = arrays_of_handles(c.env, c.raw(2), "mx.vjp");
  auto [outs, vjps] = guarded(c.env, [&] { return mx::vjp(unary_callback(c.env, fn), primals, cots); });
  return pair_js(c.env, outs, vjps);
}

napi_value t_jvp(Call& c) {
  auto fn = borrowed_fn(c, 0, "mx.jvp");
  auto primals = arrays_of_handles(c.env, c.raw(1), "mx.jvp");
  auto tans = arrays_of_handles(c.env, c.raw(2), "mx.jvp");
  auto [outs, jvps] = guarded(c.env, [&] { return mx::jvp(unary_callback(c.env, fn), primals, tans); });
  return pair_js(c.env, outs, jvps);
}

// value_and_grad with respect to every array given (the TS side passes only
// the differentiated ones; the rest are closed over).
napi_value t_value_and_grad(Call& c) {
  auto fn = borrowed_fn(c, 0, "mx.value_and_grad");
  auto primals = arrays_of_handles(c.env, c.raw(1), "mx.value_and_grad");
  std::vector<int> argnums(primals.size());
  for (size_t k = 0; k < argnums.size(); ++k) argnums[k] = static_cast<int>(k);
  auto [vals, grads] =
      guarded(c.env, [&] { return mx::value_and_grad(unary_callback(c.env, fn), argnums)(primals); });
  return pair_js(c.env, vals, grads);
}

napi_value t_vmap_trace(Call& c) {
  auto fn = borrowed_fn(c, 0, "mx.vmap");
  auto inputs = arrays_of_handles(c.env, c.raw(1), "mx.vmap");
  auto in_axes = ints_of(c.env, c.raw(2));
  auto [ti, to] = guarded(c.env, [&] { return mx::detail::vmap_trace(unary_callback(c.env, fn), inputs, in_axes); });
  return pair_js(c.env, ti, to);
}

napi_value t_vmap_replace(Call& c) {
  auto inputs = arrays_of_handles(c.env, c.raw(0), "mx.vmap");
  auto ti = arrays_of_handles(c.env, c.raw(1), "mx.vmap");
  auto to = arrays_of_handles(c.env, c.raw(2), "mx.vmap");
  auto in_axes = ints_of(c.env, c.raw(3));
  auto out_axes = ints_of(c.env, c.raw(4));
  // custom vmap callbacks run here
  return handles_js(c.env, guarded(c.env, [&] { return mx::detail::vmap_replace(inputs, ti, to, in_axes, out_axes); }));
}

// One call of a compiled function: fun_id names the JS compiled function,
// `constants` the structure and non-array leaves of this call's arguments
// (interned to numbers by the TS side: one number, or a list). The
// trampoline's extra result is [number of outputs belonging to the function
// (the rest are captured outputs), index of the output structure the JS side
// recorded for this trace]; the cache keeps it with the compiled graph. The
// outputs come back as a list (Call::ret: through the scratch when short) or,
// when there is one, as its handle (owned by the call's owner object, as for
// any op); the structure index is left in the scratch's last slot
// (kStructureSlot).
struct Attached {
  int num_outputs;
  int structure;
};
constexpr size_t kStructureSlot = 1023;

napi_value t_compiled_call(Call& c) {
  napi_env env = c.env;
  auto fn = borrowed_fn(c, 0, "mx.compile");
  auto fun_id = static_cast<std::uintptr_t>(c.number(1));
  bool shapeless = c.boolean(2);
  std::vector<uint64_t> constants;
  napi_value kv = c.raw(3);
  if (kv && type_of(env, kv) == napi_number) {
    double d = 0;
    napi_get_value_double(env, kv, &d);
    constants.push_back(static_cast<uint64_t>(static_cast<uint32_t>(d)));
  } else {
    for (int v : ints_of(env, kv)) constants.push_back(static_cast<uint64_t>(static_cast<uint32_t>(v)));
  }
  auto inputs = arrays_of_handles(env, c.raw(4), "mx.compile");
  mx::detail::ArrayFnWithExtra fun = [env, fn](const std::vector<mx::array>& in) {
    std::vector<int> extra;
    auto outs = invoke(env, fn, {handles_js(env, in)}, &extra);
    auto att = std::make_shared<Attached>(Attached{extra.size() > 0 ? extra[0] : 0, extra.size() > 1 ? extra[1] : 0});
    return mx::detail::ArraysAndExtra{outs, att};
  };
  auto [outs, extra] = guarded(env, [&] { return mx::detail::compile(fun, fun_id, shapeless, constants)(inputs); });
  auto* att = static_cast<Attached*>(extra.get());
  Scratch* sc = c.spec->env_state->scratch;
  if (!sc || !sc->data || sc->length <= kStructureSlot) throw std::runtime_error("[compile] no scratch");
  sc->data[kStructureSlot] = att->structure;
  // One output: its handle, owned (finalizer attached) by the call's owner
  // object when the JS side passed one; several: a list (Call::ret).
  if (outs.size() == 1) return c.ret(std::move(outs[0]));
  return c.ret(std::move(outs));
}

napi_value t_compile_erase(Call& c) {
  mx::detail::compile_erase(mx::detail::compile_cache(), static_cast<std::uintptr_t>(c.number(0)));
  return js_undefined(c.env);
}

// custom_function: fun, vjp, jvp, vmap trampolines (the last three may be null).
napi_value t_custom_call(Call& c) {
  napi_env env = c.env;
  auto fn = held_fn(c, 0, "mx.custom_function");
  std::optional<std::function<std::vector<mx::array>(const std::vector<mx::array>&, const std::vector<mx::array>&,
                                                     const std::vector<mx::array>&)>>
      vjp;
  std::optional<std::function<std::vector<mx::array>(const std::vector<mx::array>&, const std::vector<mx::array>&,
                                                     const std::vector<int>&)>>
      jvp;
  std::optional<std::function<std::pair<std::vector<mx::array>, std::vector<int>>(const std::vector<mx::array>&,
                                                                                const std::vector<int>&)>>
      vmap;
  if (!c.none(1)) {
    auto r = held_fn(c, 1, "mx.custom_function.vjp");
    vjp = [env, r](const std::vector<mx::array>& p, const std::vector<mx::array>& ct, const std::vector<mx::array>& o) {
      return invoke(env, r, {handles_js(env, p), handles_js(env, ct), handles_js(env, o)});
    };
  }
  if (!c.none(2)) {
    auto r = held_fn(c, 2, "mx.custom_function.jvp");
    jvp = [env, r](const std::vector<mx::array>& p, const std::vector<mx::array>& t, const std::vector<int>& argnums) {
      return invoke(env, r, {handles_js(env, p), handles_js(env, t), ints_js(env, argnums)});
    };
  }
  if (!c.none(3)) {
    auto r = held_fn(c, 3, "mx.custom_function.vmap");
    vmap = [env, r](const std::vector<mx::array>& in, const std::vector<int>& axes) {
      std::vector<int> out_axes;
      auto outs = invoke(env, r, {handles_js(env, in), ints_js(env, axes)}, &out_axes);
      return std::make_pair(outs, out_axes);
    };
  }
  auto inputs = arrays_of_handles(env, c.raw(4), "mx.custom_function");
  auto f = mx::custom_function(unary_callback(env, fn), vjp, jvp, vmap);
  return handles_js(env, guarded(env, [&] { return f(inputs); }));
}

napi_value t_checkpoint_call(Call& c) {
  napi_env env = c.env;
  auto fn = held_fn(c, 0, "mx.checkpoint");
  auto inputs = arrays_of_handles(env, c.raw(1), "mx.checkpoint");
  // MLX's checkpoint reads its first output: a function that returns no
  // array (mx.checkpoint(() => 1)(x)) segfaulted there; refused instead.
  auto cb = unary_callback(env, fn);
  auto f = mx::checkpoint([cb](const std::vector<mx::array>& xs) {
    auto outs = cb(xs);
    if (outs.empty()) throw std::invalid_argument("[checkpoint] The function must return at least one array.");
    return outs;
  });
  return handles_js(env, guarded(env, [&] { return f(inputs); }));
}

napi_value stop_gradient(Call& c) { return c.ret(mx::stop_gradient(c.arr(0), c.stream(1))); }

napi_value disable_compile(Call& c) {
  mx::disable_compile();
  return js_undefined(c.env);
}
napi_value enable_compile(Call& c) {
  mx::enable_compile();
  return js_undefined(c.env);
}

constexpr unsigned kValue = kFunction | kReturnsValue;

const OpDef kDefs[] = {
    {"stop_gradient", "a, /, *, stream=None", kFunction, stop_gradient},
    {"disable_compile", "", kValue, disable_compile},
    {"enable_compile", "", kValue, enable_compile},
    // Internal natives of src/ts/transforms.ts (not exported as functions;
    // the tf_ prefix keeps them apart from MLX names).
    {"tf_vjp", "fun, primals, cotangents", kReturnsValue, t_vjp},
    {"tf_jvp", "fun, primals, tangents", kReturnsValue, t_jvp},
    {"tf_value_and_grad", "fun, primals", kReturnsValue, t_value_and_grad},
    {"tf_vmap_trace", "fun, inputs, in_axes", kReturnsValue, t_vmap_trace},
    {"tf_vmap_replace", "inputs, s_inputs, s_outputs, in_axes, out_axes", kReturnsValue, t_vmap_replace},
    {"tf_compiled_call", "fun, fun_id, shapeless, constants, inputs", kReturnsValue, t_compiled_call},
    {"tf_compile_erase", "fun_id", kReturnsValue, t_compile_erase},
    {"tf_custom_call", "fun, vjp, jvp, vmap, inputs", kReturnsValue, t_custom_call},
    {"tf_checkpoint_call", "fun, inputs", kReturnsValue, t_checkpoint_call},
};

}  // namespace

const Table kTransformsTable = {"core", kDefs, sizeof(kDefs) / sizeof(kDefs[0])};

}  // namespace mlxnode
