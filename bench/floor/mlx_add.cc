// MLX's own cost for `add` on 0-d arrays, no bindings: create and destroy at
// once (as Python's refcounting does) or in batches (as a GC does).
#include <mlx/mlx.h>

#include <chrono>
#include <cstdio>
#include <vector>

namespace mx = mlx::core;
using clk = std::chrono::steady_clock;

int main() {
  auto a = mx::array(1.0f), b = mx::array(2.0f);
  const int n = 1000000;
  for (int r = 0; r < 3; r++) {
    auto t0 = clk::now();
    for (int i = 0; i < n; i++) auto c = mx::add(a, b);
    auto t1 = clk::now();
    std::vector<mx::array> batch;
    batch.reserve(10000);
    for (int i = 0; i < n; i++) {
      batch.push_back(mx::add(a, b));
      if (batch.size() == 10000) batch.clear();
    }
    auto t2 = clk::now();
    printf("mx::add create+destroy: immediately %.0f ns, in batches of 10k %.0f ns\n",
           std::chrono::duration<double, std::nano>(t1 - t0).count() / n,
           std::chrono::duration<double, std::nano>(t2 - t1).count() / n);
  }
}
