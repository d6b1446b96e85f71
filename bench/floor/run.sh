#!/usr/bin/env bash
# Measures the floors under mlx-node's per-op overhead: a Node-API call, a finalizable
# Node-API handle per result, and MLX's own op. Needs `npm install` first.
set -euo pipefail
cd "$(dirname "$0")"
root=../..
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mlx=$(python3 -c "import json; print(json.load(open('$root/runtime/mlx.json'))['mlx_package'])")
g++ -O2 -shared -fPIC -I"$root/node_modules/node-api-headers/include" napi_external.cc -o "$out/ext.node"
g++ -O2 -std=c++20 -I"$mlx/include" mlx_ops.cc -L"$mlx/lib" -lmlx -Wl,-rpath,"$mlx/lib" -o "$out/mlx_ops"
node -e "
const e = require('$out/ext.node');
const n = 2000000;
for (const [name, f] of [['N-API call', () => e.noop()], ['External without finalizer', () => e.withoutFinalizer()], ['External with finalizer (GC included)', () => e.withFinalizer()]]) {
  let best = Infinity;
  for (let r = 0; r < 3; r++) { const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) f(); best = Math.min(best, Number(process.hrtime.bigint() - t) / n); }
  console.log(name + ': ' + best.toFixed(0) + ' ns');
}"
"$out/mlx_ops"
