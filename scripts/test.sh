#!/usr/bin/env bash
# Sets up, builds and runs every Ravelin test:
#   1. unit tests (release build)
#   2. the same unit tests under ASan/UBSan
#   3. every fuzz target for a bounded time (clang, libFuzzer, ASan/UBSan)
#   4. integration tests that need root and network namespaces (skipped, visibly,
#      when not root)
# Exits non-zero on any failure; the last thing printed is ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${RAVELIN_JOBS:-$(nproc)}

stage() { printf '\n==== %s ====\n' "$*"; }

if ! scripts/setup.sh --check 2>/dev/null; then
    stage "installing missing packages"
    scripts/setup.sh
fi

build() {
    local preset=$1
    stage "configure and build: $preset"
    cmake --preset "$preset" -DRAVELIN_FUZZ_SECONDS="${RAVELIN_FUZZ_SECONDS:-30}" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
}

run_ctest() {
    local preset=$1 label=$2
    stage "ctest: $label tests ($preset build)"
    ctest --preset "$preset" -L "$label" --no-tests=error -j "$jobs" --timeout 600
}

build release
run_ctest release unit

build asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_ctest asan unit

stage "configure and build: fuzz targets"
cmake --preset fuzz -DRAVELIN_FUZZ_SECONDS="${RAVELIN_FUZZ_SECONDS:-30}" >/dev/null
cmake --build --preset fuzz -j "$jobs" --target fuzz_targets
stage "ctest: fuzz targets, ${RAVELIN_FUZZ_SECONDS:-30}s each (fuzz build)"
ctest --preset fuzz -L fuzz --no-tests=ignore -j "$jobs" --timeout 600

if [[ $(id -u) -ne 0 ]]; then
    stage "integration tests SKIPPED: they need root for network namespaces (run as root)"
    exit 0
fi
# Namespaced tests share host-wide resources (veth names, charon processes): one at a time.
stage "ctest: integration tests (release build, as root)"
ctest --preset release -L integration --no-tests=error -j 1 --timeout 900
