// MLX's own cost for the per-op benchmark's call shapes, no bindings: each
// result created and destroyed at once (as Python's reference counting does)
// or kept and destroyed in batches of 1,000 (as an mx.tidy scope of 1,000
// calls does) or 10,000 (about what one young-generation GC frees).
#include <mlx/mlx.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

namespace mx = mlx::core;
using clk = std::chrono::steady_clock;

static double per_call(const std::function<mx::array()>& f, size_t batch, int n) {
  std::vector<mx::array> kept;
  kept.reserve(batch);
  auto t0 = clk::now();
  for (int i = 0; i < n; i++) {
    if (batch == 0) {
      auto c = f();
    } else {
      kept.push_back(f());
      if (kept.size() == batch) kept.clear();
    }
  }
  kept.clear();
  return std::chrono::duration<double, std::nano>(clk::now() - t0).count() / n;
}

int main() {
  auto a = mx::array(1.0f), b = mx::array(2.0f);
  auto v = mx::ones({16});
  auto m = mx::multiply(mx::eye(4), mx::array(2.0f));
  mx::eval({a, b, v, m});
  std::vector<std::pair<const char*, std::function<mx::array()>>> cases = {
      {"add(a, b)", [&] { return mx::add(a, b); }},
      {"multiply(a, 2)", [&] { return mx::multiply(a, mx::array(2.0f)); }},
      {"sum(v, 0)", [&] { return mx::sum(v, std::vector<int>{0}, false); }},
      {"reshape(v, 4, 4)", [&] { return mx::reshape(v, {4, 4}); }},
      {"astype(v, int32)", [&] { return mx::astype(v, mx::int32); }},
      {"transpose(m)", [&] { return mx::transpose(m); }},
      {"zeros({4})", [&] { return mx::zeros({4}, mx::float32); }},
      {"linalg::qr(m)", [&] { return mx::linalg::qr(m, mx::Device::cpu).first; }},
  };
  const int n = 300000;
  printf("%-18s %12s %14s %15s   (ns per call, best of 3)\n", "MLX op", "at once", "batches 1000", "batches 10000");
  for (auto& [name, f] : cases) {
    double best[3] = {1e9, 1e9, 1e9};
    for (int r = 0; r < 3; r++) {
      best[0] = std::min(best[0], per_call(f, 0, n));
      best[1] = std::min(best[1], per_call(f, 1000, n));
      best[2] = std::min(best[2], per_call(f, 10000, n));
    }
    printf("%-18s %12.0f %14.0f %15.0f\n", name, best[0], best[1], best[2]);
  }
}
