#include "array_handle.h"

#include "env.h"

#include <unistd.h>

namespace mlxnode {

// The bytes charged to V8 for an array: its logical size, which for a view
// (a broadcast, as_strided) can be far beyond any real memory or overflow
// size_t ([2**31 - 1] * 3 elements); V8 aborts the process on a change of
// 2**60 bytes or more ("Check failed: kMinReasonableBytes <= change_in_bytes"),
// so the charge is at most the machine's memory (no array holds more data).
static int64_t charge_of(const mx::array& a) {
  static const double max_charge = [] {
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? static_cast<double>(pages) * static_cast<double>(size) : 1099511627776.0;
  }();
  double n = a.itemsize();
  for (auto d : a.shape()) n *= d;  // a double: no overflow
  return static_cast<int64_t>(n < max_charge ? n : max_charge);
}


Slab::~Slab() = default;

Slab& slab_of(napi_env env) { return *Env::get(env)->slab; }

// ---- slots -----------------------------------------------------------------

Slab::Slot* Slab::slot_of(int64_t handle) {
  if (handle < 0 || handle >= (int64_t(1) << (kIndexBits + kGenBits))) return nullptr;
  uint32_t idx = static_cast<uint32_t>(handle) & (kMaxSlots - 1);
  uint32_t gen = static_cast<uint32_t>(handle) >> kIndexBits;
  Slot* s = at(idx);
  if (!s || s->state != kLive || (s->gen & ((1u << kGenBits) - 1)) != gen) return nullptr;
  return s;
}

int32_t Slab::put(mx::array a, napi_value owner) {
  if (closed_) throw_type("mx.array: the environment is shutting down");
  if (free_head_ == UINT32_MAX) {
    if (capacity_ >= kMaxSlots)
      throw JsError(ErrKind::Range, "mlx-node: more than " + std::to_string(kMaxSlots) +
                                        " arrays are alive in this thread; dispose some (mx.tidy, a.dispose())");
    chunks_.emplace_back(new Slot[kChunk]);
    // Link the new slots, lowest index first.
    for (uint32_t k = kChunk; k-- > 0;) {
      Slot& s = chunks_.back()[k];
      s.next_free = free_head_;
      free_head_ = capacity_ + k;
    }
    capacity_ += kChunk;
  }
  uint32_t idx = free_head_;
  Slot& s = *at(idx);
  free_head_ = s.next_free;  // taken before anything below can run a GC (and finalizers)
  s.gen++;
  s.state = kLive;
  s.finalizer = false;
  if (owner) {
    napi_status st = attach_finalizer(idx, s, owner);
    if (st != napi_ok) {
      release(idx, s);
      napi_failed(env_, st, "napi_add_finalizer");
    }
  }
  int64_t bytes = charge_of(a) + kArrayOverhead;
  s.arr.emplace(std::move(a));
  s.charged = bytes;
  s.reported = 0;
  live_++;
  window_push(idx, s.gen, bytes);
  return static_cast<int32_t>(idx | ((s.gen & ((1u << kGenBits) - 1)) << kIndexBits));
}

void Slab::adopt(int32_t handle, napi_value owner) {
  Slot* s = slot_of(handle);
  if (!s || s->finalizer) return;
  napi_status st = attach_finalizer(static_cast<uint32_t>(handle) & (kMaxSlots - 1), *s, owner);
  if (st != napi_ok) napi_failed(env_, st, "napi_add_finalizer");
}

// The finalizer's data names the slot and its full generation.
napi_status Slab::attach_finalizer(uint32_t idx, Slot& s, napi_value owner) {
  uint64_t token = idx | (static_cast<uint64_t>(s.gen) << 32);
  napi_status st = napi_add_finalizer(env_, owner, reinterpret_cast<void*>(token), finalize, this, nullptr);
  if (st == napi_ok) {
    finalizers_++;
    s.finalizer = true;
  }
  return st;
}

mx::array* Slab::get(int64_t handle) {
  Slot* s = slot_of(handle);
  return s ? &*s->arr : nullptr;
}

void Slab::free_array(Slot& s) {
  s.arr.reset();
  live_--;
  if (s.reported) report(-s.reported);
  s.charged = s.reported = 0;
}

void Slab::release(uint32_t idx, Slot& s) {
  s.state = kFree;
  s.finalizer = false;
  s.next_free = free_head_;
  free_head_ = idx;
}

bool Slab::dispose(int64_t handle) {
  Slot* s = slot_of(handle);
  if (!s) return false;
  free_array(*s);
  // A slot with a finalizer stays reserved until the finalizer runs, so the
  // finalizer can never free a later occupant of the slot.
  if (s->finalizer) s->state = kDead;
  else release(static_cast<uint32_t>(handle) & (kMaxSlots - 1), *s);
  return true;
}

// Runs during GC (a basic finalizer: no JS), or at environment teardown.
void Slab::finalize(node_api_basic_env, void* data, void* hint) {
  auto* slab = static_cast<Slab*>(hint);
  auto token = reinterpret_cast<uint64_t>(data);
  uint32_t idx = static_cast<uint32_t>(token);
  uint32_t gen = static_cast<uint32_t>(token >> 32);
  slab->finalizers_--;
  if (slab->closed_) {
    if (slab->finalizers_ == 0) delete slab;
    return;
  }
  Slot* s = slab->at(idx);
  if (!s || s->gen != gen || !s->finalizer) return;  // cannot happen: slots wait for their finalizer
  if (s->state == kLive) slab->free_array(*s);
  slab->release(idx, *s);
}

void Slab::close() {
  closed_ = true;
  for (uint32_t i = 0; i < capacity_; i++) at(i)->arr.reset();
  chunks_.clear();
  capacity_ = 0;
  if (finalizers_ == 0) delete this;
}

// ---- external-memory accounting --------------------------------------------

void Slab::window_push(uint32_t idx, uint32_t gen, int64_t bytes) {
  window_[(window_head_ + window_len_) & (kRing - 1)] = {idx, gen, bytes};
  window_len_++;
  window_bytes_ += bytes;
  while (window_len_ > kWindowCount || (window_bytes_ > kWindowBytes && window_len_ > 1)) window_pop();
}

void Slab::window_pop() {
  Recent r = window_[window_head_];
  window_head_ = (window_head_ + 1) & (kRing - 1);
  window_len_--;
  window_bytes_ -= r.bytes;
  Slot* s = at(r.idx);
  if (s && s->gen == r.gen && s->state == kLive && !s->reported) {
    s->reported = s->charged;
    report(s->charged);
  }
}

void Slab::report(int64_t delta) {
  unreported_ += delta;
  if (unreported_ > -(1 << 20) && unreported_ < (1 << 20)) return;
  int64_t pending = unreported_, total;
  unreported_ = 0;
  napi_adjust_external_memory(env_, pending, &total);
}

// ---- JS values ---------------------------------------------------------------

std::optional<int64_t> handle_value(napi_env env, napi_value v) {
  int64_t h;
  if (napi_get_value_int64(env, v, &h) != napi_ok) return std::nullopt;
  return h;
}

mx::array array_of_handle(napi_env env, napi_value v, const char* what) {
  auto h = handle_value(env, v);
  if (h) {
    if (mx::array* a = slab_of(env).get(*h)) return *a;
    if (*h == kDisposedHandle) throw_type(std::string(what) + ": the array was disposed");
  }
  throw_type(std::string(what) + ": expected an mx.array, got an invalid array handle");
}

bool is_array_object(napi_env env, napi_value v) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_object) return false;
  napi_value ctor = Env::get(env)->array_class(env);
  bool r = false;
  if (!ctor || napi_instanceof(env, v, ctor, &r) != napi_ok) return false;
  return r;
}

mx::array* array_of_object(napi_env env, napi_value v, const char* what) {
  if (!is_array_object(env, v)) return nullptr;
  napi_value h;
  NAPI_OK(napi_get_named_property(env, v, "_i", &h));
  auto hv = handle_value(env, h);
  mx::array* a = hv ? slab_of(env).get(*hv) : nullptr;
  if (!a) throw_type(std::string(what) + (hv && *hv == kDisposedHandle ? ": the array was disposed"
                                                                        : ": an mx.array has an invalid handle"));
  return a;
}

napi_value return_array(napi_env env, mx::array a, napi_value owner) {
  napi_value out;
  NAPI_OK(napi_create_int32(env, slab_of(env).put(std::move(a), owner), &out));
  return out;
}

}  // namespace mlxnode
