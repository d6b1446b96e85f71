#include "memory_guard.h"

#include "napi_util.h"

#include <mlx/memory.h>
#include <mlx/primitives.h>
#include <mlx/utils.h>

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <sstream>
#include <unordered_set>

namespace mlxnode {
namespace mx = mlx::core;

namespace {

// Below this bound no system memory is consulted (reading it costs ~10 µs).
constexpr uint64_t kCheckFrom = uint64_t(64) << 20;
// Steps smaller than this are counted without asking whether they are views.
constexpr uint64_t kSmallStep = uint64_t(1) << 20;

// Primitives whose CPU output shares its input's buffer.
bool is_view(const mx::array& a) {
  static const char* const kViews[] = {"AsStrided", "Broadcast", "BroadcastAxes", "Depends", "ExpandDims",
                                       "Flatten",   "Imag",      "Real",          "Reshape", "Slice",
                                       "Squeeze",   "StopGradient", "Transpose",  "Unflatten", "View"};
  const char* name = a.primitive().name();
  for (const char* v : kViews)
    if (std::strcmp(name, v) == 0) return true;
  return false;
}

bool pending(const mx::array& a) { return a.status() == mx::array::unscheduled && a.has_primitive(); }

// Bytes a pending array's step allocates for this output (0 for a view).
uint64_t new_bytes(const mx::array& a) {
  uint64_t n = a.nbytes();
  if (n >= kSmallStep && is_view(a)) return 0;
  return n;
}

uint64_t read_u64(const char* path) {  // UINT64_MAX: missing, or "max"
  FILE* f = std::fopen(path, "r");
  if (!f) return UINT64_MAX;
  unsigned long long v = 0;
  bool ok = std::fscanf(f, "%llu", &v) == 1;
  std::fclose(f);
  return ok ? v : UINT64_MAX;
}

uint64_t meminfo_available() {
  FILE* f = std::fopen("/proc/meminfo", "r");
  if (!f) return UINT64_MAX;
  char line[256];
  unsigned long kb = 0;
  bool found = false;
  while (!found && std::fgets(line, sizeof line, f)) found = std::sscanf(line, "MemAvailable: %lu kB", &kb) == 1;
  std::fclose(f);
  return found ? uint64_t(kb) * 1024 : UINT64_MAX;
}

uint64_t left_of(uint64_t limit, uint64_t used) {
  if (limit == UINT64_MAX || used == UINT64_MAX) return UINT64_MAX;
  return limit > used ? limit - used : 0;
}

// What this process can still get from the system: the least of the
// machine's available memory, its container's memory cgroup (v2 or v1; a
// server in Docker meets that limit first) and its address-space rlimit
// (ulimit -v, under which malloc fails rather than the OOM killer acting).
uint64_t system_left(const char** which) {
  uint64_t best = meminfo_available();
  *which = "available on this machine";
  uint64_t cg = left_of(read_u64("/sys/fs/cgroup/memory.max"), read_u64("/sys/fs/cgroup/memory.current"));
  if (cg == UINT64_MAX)
    cg = left_of(read_u64("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
                 read_u64("/sys/fs/cgroup/memory/memory.usage_in_bytes"));
  if (cg < best) best = cg, *which = "left in this container's memory limit (cgroup)";
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
    FILE* f = std::fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (f && std::fscanf(f, "%lu", &pages) == 1) {
      uint64_t as = left_of(rl.rlim_cur, uint64_t(pages) * uint64_t(sysconf(_SC_PAGESIZE)));
      if (as < best) best = as, *which = "left in this process's address-space limit (ulimit -v)";
    }
    if (f) std::fclose(f);
  }
  return best;
}

std::string bytes_text(uint64_t b) {
  std::ostringstream os;
  os.precision(3);
  if (b < (uint64_t(1) << 20)) {
    os << b << " bytes";
    return os.str();
  }
  if (b >= (uint64_t(1) << 30)) os << static_cast<double>(b) / (1 << 30) << " GiB";
  else os << static_cast<double>(b) / (1 << 20) << " MiB";
  os << " (" << b << " bytes)";
  return os.str();
}

std::string describe_step(const mx::array& a) {
  std::ostringstream os;
  os << a.primitive().name() << " -> shape (";
  for (size_t k = 0; k < a.shape().size(); k++) os << (k ? ", " : "") << a.shape()[k];
  os << ") " << a.dtype();
  return os.str();
}

}  // namespace

uint64_t eval_memory_lower_bound(const std::vector<mx::array>& outputs, std::string* largest_step) {
  uint64_t requested = 0, step_max = 0;
  const mx::array* step_arr = nullptr;
  std::unordered_set<std::uintptr_t> seen;
  std::vector<const mx::array*> stack;
  for (auto& o : outputs) {
    if (!pending(o)) continue;
    if (seen.insert(o.id()).second) {
      requested += new_bytes(o);
      stack.push_back(&o);
    }
  }
  // Iterative: a graph may be far deeper than the C++ stack.
  while (!stack.empty()) {
    const mx::array& a = *stack.back();
    stack.pop_back();
    uint64_t step = 0;
    for (auto& s : a.siblings()) step += new_bytes(s);
    step += new_bytes(a);
    for (auto& in : a.inputs()) {
      if (!pending(in)) continue;
      step += new_bytes(in);
      if (seen.insert(in.id()).second) stack.push_back(&in);
    }
    if (step > step_max) step_max = step, step_arr = &a;
  }
  if (largest_step && step_arr) *largest_step = describe_step(*step_arr);
  return requested > step_max ? requested : step_max;
}

void check_eval_memory(const std::vector<mx::array>& outputs, const char* what) {
  std::string step;
  uint64_t need = eval_memory_lower_bound(outputs, nullptr);
  if (need < kCheckFrom) return;
  uint64_t limit = mx::get_memory_limit(), active = mx::get_active_memory();
  uint64_t left_limit = limit > active ? limit - active : 0;
  const char* which = "";
  uint64_t sys = system_left(&which);
  uint64_t left_sys = sys == UINT64_MAX ? UINT64_MAX : sys + mx::get_cache_memory();
  if (need <= left_limit && need <= left_sys) return;
  eval_memory_lower_bound(outputs, &step);
  std::ostringstream os;
  os << what << ": evaluating this needs at least " << bytes_text(need) << " of new memory (largest step: " << step
     << "), more than is left: ";
  if (need > left_limit)
    os << bytes_text(left_limit) << " under the memory limit (mx.setMemoryLimit: " << bytes_text(limit)
       << ", of which MLX holds " << bytes_text(active) << ")";
  else
    os << bytes_text(left_sys) << " " << which;
  throw std::runtime_error(os.str());
}

void check_eval_memory(const mx::array& output, const char* what) {
  if (!(output.status() == mx::array::unscheduled && output.has_primitive())) return;  // the common read
  check_eval_memory(std::vector<mx::array>{output}, what);
}

}  // namespace mlxnode
