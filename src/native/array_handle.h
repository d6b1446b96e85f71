// The native side of an mx.array: a slot in a per-environment slab.
//
// A JS mx.array is a plain JS-made object whose `_i` field holds a *handle*:
// a small integer naming a slab slot (low 24 bits) and the low bits of the
// slot's generation (bits 24..29), so it stays a V8 small integer. Creating a
// result costs one slab insert; only results that can become garbage get a
// Node-API finalizer (napi_add_finalizer on the JS object), and results made
// inside an mx.tidy scope get none until they escape it (Slab::adopt).
//
// Every handle from JS is validated (bounds, live, generation), so a forged
// or stale number never reaches a freed slot: it is a TypeError.
#pragma once

#include "napi_util.h"

#include <mlx/mlx.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace mlxnode {

namespace mx = mlx::core;

// Handle value of a disposed wrapper (the JS side sets `_i` to it).
constexpr int32_t kDisposedHandle = -1;

class Slab {
 public:
  static constexpr uint32_t kIndexBits = 24;
  static constexpr uint32_t kMaxSlots = 1u << kIndexBits;  // live arrays per environment
  static constexpr uint32_t kGenBits = 6;                    // generation bits in a handle
  // Native bytes charged per array beyond its data: MLX's ArrayDesc, shape
  // and strides vectors, primitive, inputs, the Node-API reference and the
  // slot. ~690 B measured for a lazy `a.add(b)` (RSS per live array,
  // tests/js/handles.test.ts checks it stays within 2x).
  static constexpr int64_t kArrayOverhead = 640;

  explicit Slab(napi_env env) : env_(env) {}
  ~Slab();

  // Stores `a`; returns its handle. With `owner` (a JS object), a finalizer
  // on it frees the slot when the object is collected.
  int32_t put(mx::array a, napi_value owner);
  // Registers the finalizer for a slot made without one (a result escaping a
  // tidy scope). No-op for an invalid handle or one that already has it.
  void adopt(int32_t handle, napi_value owner);

  // The live array behind `handle`, or nullptr.
  mx::array* get(int64_t handle);
  // Frees the array now; false when `handle` is not live.
  bool dispose(int64_t handle);

  // Environment teardown: frees every array; the Slab object itself lives
  // until the last outstanding finalizer has run (Node may run them later).
  void close();
  int64_t live_count() const { return live_; }

 private:
  enum State : uint8_t { kFree, kLive, kDead };  // kDead: disposed, finalizer pending
  struct Slot {
    std::optional<mx::array> arr;
    uint32_t gen = 0;
    State state = kFree;
    bool finalizer = false;
    uint32_t next_free = 0;
    int64_t charged = 0;    // bytes this slot accounts for
    int64_t reported = 0;   // of those, bytes already told to V8
  };
  static constexpr uint32_t kChunkBits = 12;
  static constexpr uint32_t kChunk = 1u << kChunkBits;

  Slot* at(uint32_t idx) {
    return idx < capacity_ ? &chunks_[idx >> kChunkBits][idx & (kChunk - 1)] : nullptr;
  }
  Slot* slot_of(int64_t handle);
  void release(uint32_t idx, Slot& s);  // slot back to the free list
  void free_array(Slot& s);             // drops the array, settles accounting
  napi_status attach_finalizer(uint32_t idx, Slot& s, napi_value owner);
  static void finalize(node_api_basic_env env, void* data, void* hint);

  // External-memory accounting. A new array's bytes are held back in a
  // window of recent results and told to V8 only if the array is still
  // alive when it leaves the window (kWindowCount newer results, or
  // kWindowBytes newer bytes): arrays disposed soon after creation (tidy,
  // dispose, `using`) never trigger a GC, while garbage still does, in
  // steps bounded by the window. Deltas reach V8 in 1 MiB batches.
  static constexpr uint32_t kWindowCount = 1024;
  static constexpr int64_t kWindowBytes = int64_t(128) << 20;
  struct Recent {
    uint32_t idx, gen;
    int64_t bytes;
  };
  void window_push(uint32_t idx, uint32_t gen, int64_t bytes);
  void window_pop();
  void report(int64_t delta);

  napi_env env_;
  std::vector<std::unique_ptr<Slot[]>> chunks_;
  uint32_t capacity_ = 0;
  uint32_t free_head_ = UINT32_MAX;
  int64_t live_ = 0;
  int64_t finalizers_ = 0;  // registered and not yet run
  bool closed_ = false;
  static constexpr uint32_t kRing = 2 * kWindowCount;  // a power of two above kWindowCount
  static_assert(kWindowCount >= 1 && (kRing & (kRing - 1)) == 0, "the window ring is indexed by masking");
  std::vector<Recent> window_ = std::vector<Recent>(kRing);
  uint32_t window_head_ = 0, window_len_ = 0;
  int64_t window_bytes_ = 0;
  int64_t unreported_ = 0;  // delta not yet passed to napi_adjust_external_memory
};

// The slab of the calling environment.
Slab& slab_of(napi_env env);

// Reads a handle number; nullopt when `v` is not a number.
std::optional<int64_t> handle_value(napi_env env, napi_value v);

// The array behind handle number `v`; TypeError naming `what` when it is not
// a live handle ("the array was disposed" for kDisposedHandle).
mx::array array_of_handle(napi_env env, napi_value v, const char* what);

// An mx.array JS object (instance of the registered class) -> its array, for
// values found inside lists and trees; nullptr when `v` is not one. Throws
// when it is one but was disposed.
mx::array* array_of_object(napi_env env, napi_value v, const char* what);

// True when `v` is a JS mx.array object (live or disposed).
bool is_array_object(napi_env env, napi_value v);

// Result of a native call: the handle as a JS number. `owner` as for put().
napi_value return_array(napi_env env, mx::array a, napi_value owner);

}  // namespace mlxnode
