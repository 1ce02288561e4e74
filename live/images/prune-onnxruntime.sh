#!/bin/sh
# Run in a function image after `npm ci` (live/openfaas/Dockerfile), from the folder holding
# node_modules. onnxruntime-node ships its native runtime for every platform it supports
# (linux x64 and arm64, darwin arm64, win32 x64 and arm64: 255 of its 301 MB in 1.30.0);
# it loads only ../bin/napi-v*/<process.platform>/<process.arch>/ (its dist/binding.js), so
# the others are removed. Images without onnxruntime-node are left as they are.
set -eu
bin=node_modules/onnxruntime-node/bin
[ -d "$bin" ] || exit 0
keep="$(node -p 'process.platform + "/" + process.arch')"
# Check first, so a platform it has no runtime for fails the build with everything in place.
if ! ls -d "$bin"/napi-v*/"$keep" >/dev/null 2>&1; then
  echo "prune-onnxruntime: onnxruntime-node has no runtime for $keep under $bin" >&2
  exit 1
fi
platform=${keep%/*}
for dir in "$bin"/napi-v*/*; do
  case "$dir" in
    */"$platform") ;;
    *) rm -rf "$dir" ;;
  esac
done
for dir in "$bin"/napi-v*/"$platform"/*; do
  case "$dir" in
    */"$keep") ;;
    *) rm -rf "$dir" ;;
  esac
done
