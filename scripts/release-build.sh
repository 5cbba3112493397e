#!/usr/bin/env bash
# The release build that `make run`, `make bench` and the container image run: a static Swift
# standard library and Foundation (`--static-swift-stdlib`), linked as Package.swift's
# serviceLinkerSettings say. One scratch path, .build-static, so it never mixes with a
# dynamic release build (switching between the two in one scratch path rebuilds every
# dependency).
#
#   scripts/release-build.sh [PRODUCT ...]   build these products (default: the three services)
#   scripts/release-build.sh --bin-path      print the directory holding the executables
set -euo pipefail
cd "$(dirname "$0")/.."
build=(swift build -c release --static-swift-stdlib --scratch-path .build-static)
if [ "${1:-}" = --bin-path ]; then
  exec "${build[@]}" --show-bin-path
fi
[ $# -gt 0 ] || set -- identity-service pacs-service edge-gateway
for product in "$@"; do
  "${build[@]}" --product "$product"
done
