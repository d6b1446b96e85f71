// A check before evaluation that refuses graphs whose new allocations
// certainly exceed the memory left, so that they throw mx.MLXError instead of
// killing the process.
//
// Why it is needed (measured with MLX 0.32.4's CPU backend): its allocator
// stores an 8-byte size header before the data, so a failed malloc returns a
// buffer whose data pointer is 8, not null; MLX's null check passes and the
// kernel writes to address 8 on the stream's worker thread (SIGSEGV). An
// allocation malloc grants but the machine cannot back (Linux overcommit)
// ends with the OOM killer instead. And `set_memory_limit` is not enforced on
// the CPU: with a 1 GiB limit MLX allocates 2 GiB without complaint.
//
// So before every evaluation the addon starts (eval, asyncEval, item, tolist,
// toTypedArray, printing, saving), it walks the part of the graph not yet
// evaluated and computes a lower bound of the memory the evaluation must
// allocate: the larger of (a) the bytes of the requested outputs and (b) for
// any single step, its outputs plus its not-yet-evaluated inputs, which must
// exist at the same time. Views (broadcast, reshape, transpose, slices, ...)
// count nothing: they share their input's memory. When the bound is at least
// kCheckFrom bytes, it is compared with the memory left: the memory limit
// (mx.setMemoryLimit; by default MLX's, a fraction of RAM) minus MLX's active
// memory, and the system's available memory (MemAvailable) plus MLX's cache.
// A bound above either throws. A lower bound never refuses a graph that could
// run; a graph whose peak exceeds the memory only through many intermediates
// alive together can still reach the OOM killer.
#pragma once

#include <mlx/array.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mlxnode {

// Throws mx.MLXError (std::runtime_error) naming `what` and the sizes when
// evaluating `outputs` certainly needs more memory than is left.
void check_eval_memory(const std::vector<mlx::core::array>& outputs, const char* what);
void check_eval_memory(const mlx::core::array& output, const char* what);

// The lower bound itself (bytes), for tests and the check above.
uint64_t eval_memory_lower_bound(const std::vector<mlx::core::array>& outputs, std::string* largest_step = nullptr);

}  // namespace mlxnode
