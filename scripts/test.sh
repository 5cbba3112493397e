#!/usr/bin/env bash
# `make test`: every test on one debug build, against a throwaway PostgreSQL.
#  1. install missing Debian packages and the pinned Python venv
#  2. start a PostgreSQL cluster under .build/test-postgres (stopped on exit)
#  3. build debug once (sources and tests), run the Swift tests
#  4. run the end-to-end tests (pytest, real processes and real clients) on that build
# Exits non-zero when anything fails.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
venv="$root/.build/venv"
cluster="$root/.build/test-postgres"
started=$(date +%s)

scripts/setup-test-env.sh "$venv" || exit 1

# The end-to-end tests get a temporary directory of their own, removed at the end: Chromium
# leaves its profile directories there.
e2e_tmp=$(mktemp -d)
cleanup() {
  scripts/postgres-cluster.sh stop "$cluster" || true
  rm -rf "$e2e_tmp"
}
trap cleanup EXIT
export TESSERA_TEST_DATABASE_URL
TESSERA_TEST_DATABASE_URL=$(scripts/postgres-cluster.sh start "$cluster") || exit 1

echo "==> swift build (debug, with tests)"
build_started=$(date +%s)
swift build --build-tests 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Write|Emitting|Linking|Applying|Building)'
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "build failed"; exit 1; }
echo "==> build took $(( $(date +%s) - build_started )) s"

status=0
echo "==> swift test"
swift test --skip-build 2>&1 | grep -vE '^(􀟈|◇) Test .* started\.$'
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

echo "==> end-to-end tests"
export TESSERA_BIN_DIR
TESSERA_BIN_DIR=$(swift build --show-bin-path)
export TESSERA_CACHE_DIR="$root/.build/cache"
export TESSERA_ARTIFACTS_DIR="$root/.build/artifacts"
TMPDIR="$e2e_tmp" "$venv/bin/python" -m pytest -q -p no:cacheprovider Tests/EndToEnd || status=1

echo "==> screenshots of the browser journeys: $TESSERA_ARTIFACTS_DIR"
echo "==> make test took $(( $(date +%s) - started )) s; status $status"
exit $status
