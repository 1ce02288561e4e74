#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh Debian machine, then nothing else:
#   1. the Debian packages in scripts/debian-packages.txt (the speech recogniser and its model
#      for the deepspeech stage, espeak-ng for the stage tests' speech and flite for the fixture
#      video's (docs/search.md, "Choosing the fixture's voice"), fonts for the fixture frames,
#      Chromium for the report's browser tests, nats-server with JetStream for the async
#      path's queue), installed with apt-get when root;
#      otherwise it stops and prints the `sudo apt-get install ...` line to run;
#   2. the npm packages, exactly as package-lock.json pins them (npm ci);
#   3. the fixture media the stage, live and calibration tests read (stages/fixtures).
# `npm test` runs this, then the type check and the whole suite (`npx vitest run <files>`
# runs some tests on a machine already set up).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
while read -r pkg; do
  [ -n "$pkg" ] || continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done < scripts/debian-packages.txt

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-tests: the tests need these Debian packages, and this machine has no apt-get: ${missing[*]}" >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-tests: the tests need Debian packages that are not installed: ${missing[*]}" >&2
    echo "run this once, then this command again:" >&2
    echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  echo "setup-tests: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# onnxruntime-node's install script downloads its runtime from outside; the CPU runtime the
# stages use ships inside the npm package, so the download is skipped (package.json's
# allowScripts says the same to npm).
# npm ci starts from scratch (~15 s); skipped when npm's own record of the last install
# (node_modules/.package-lock.json) is newer than package.json and package-lock.json.
export ONNXRUNTIME_NODE_INSTALL=skip
installed=node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ package-lock.json -nt "$installed" ] || [ package.json -nt "$installed" ]; then
  npm ci --no-audit --no-fund
fi

# Node 22, the function images' Node, for scripts/test-node22.sh: the official build from the
# npm registry in its own folder (its `node` must not shadow Node 20 in node_modules/.bin).
node22=scripts/node22
if [ ! -f "$node22/node_modules/.package-lock.json" ] || [ "$node22/package-lock.json" -nt "$node22/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$node22" --ignore-scripts --no-audit --no-fund
fi

npm run --silent fixtures >/dev/null
echo "setup-tests: ready"
