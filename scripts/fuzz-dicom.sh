#!/usr/bin/env bash
# Fuzzes the DICOM parser, JSON codec, writer, frames and renderer with libFuzzer.
#
#   scripts/fuzz-dicom.sh [SECONDS]        default 600 (the issue's 10-minute acceptance run)
#
# Builds the dicom-fuzz target with `-sanitize=fuzzer,address -DFUZZING` in its own scratch path
# (.build-fuzz), copies the committed seed corpus (Tests/Fuzz/dicom-corpus, regenerate it with
# Tests/Fuzz/make-dicom-corpus.py) to .build-fuzz/corpus and runs until the time is up.
# Crashing inputs are written to .build-fuzz/artifacts/; replay one with
#   swift build --product dicom-fuzz && .build/debug/dicom-fuzz FILE
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
swift build --scratch-path .build-fuzz --product dicom-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING 2>&1 | grep -E 'error|Build' || true
mkdir -p .build-fuzz/corpus .build-fuzz/artifacts
cp -n Tests/Fuzz/dicom-corpus/* .build-fuzz/corpus/
exec .build-fuzz/debug/dicom-fuzz .build-fuzz/corpus \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -timeout=20 \
    -artifact_prefix=.build-fuzz/artifacts/ -print_final_stats=1
