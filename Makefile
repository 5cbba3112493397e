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

## The release build make run and make bench use (static, as in the image; .build-static).
build-release:
	scripts/release-build.sh

## What the container image builds (the same as build-release).
check-release: build-release

clean:
	rm -rf .build .build-static .data
