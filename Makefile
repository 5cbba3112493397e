# Tessera: the two commands are `make run` and `make test`.
.PHONY: run test bench build build-release check-release clean

## Start the whole stack locally (release build, throwaway PostgreSQL under .data/).
run:
	@scripts/run.sh

## Every test: Swift unit + integration (real PostgreSQL) + end-to-end (real processes and clients).
test:
	@scripts/test.sh

## Benchmarks against the peers (each bench/*/run prints its figures).
bench:
	@set -e; for runner in bench/*/run; do [ -x "$$runner" ] && "$$runner"; done

build:
	swift build

build-release:
	swift build -c release

## What the container image builds: release with a static Swift standard library (its own
## scratch path: mixing it with the normal release build in .build rebuilds every dependency).
check-release:
	swift build -c release --static-swift-stdlib --scratch-path .build-static

clean:
	rm -rf .build .data
