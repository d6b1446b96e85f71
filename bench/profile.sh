#!/usr/bin/env bash
# Where a.add(b) spends its time, with results left to the GC and inside
# mx.tidy: `perf record` over 3M calls each, then the share per library and
# the top symbols. Needs `perf` (Debian: apt-get install linux-perf) and a
# built package (npm install).
#   bash bench/profile.sh [calls]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3000000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cat > "$out/loop.js" <<JS
const mx = require(process.cwd());
const a = mx.array(1.0, mx.float32), b = mx.array(2.0, mx.float32);
mx.eval(a, b);
const mode = process.argv[2], n = $n;
const t0 = process.hrtime.bigint();
if (mode === 'tidy') for (let k = 0; k < n / 1000; k++) mx.tidy(() => { for (let i = 0; i < 1000; i++) a.add(b); });
else for (let i = 0; i < n; i++) a.add(b);
console.log(mode + ': ' + (Number(process.hrtime.bigint() - t0) / n).toFixed(0) + ' ns per a.add(b)');
JS
for mode in gc tidy; do
  perf record -q -o "$out/$mode.data" node "$out/loop.js" "$mode" 2>/dev/null
  echo "--- share per library ($mode)"
  perf report -q -i "$out/$mode.data" --no-children --sort dso 2>/dev/null | head -8
  echo "--- top symbols ($mode)"
  perf report -q -i "$out/$mode.data" --no-children --sort symbol 2>/dev/null | head -20 | cut -c1-120
done
