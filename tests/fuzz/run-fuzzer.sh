#!/bin/sh
# Runs a libFuzzer binary for a bounded time over a scratch copy of its seed
# corpus (the checked-in corpus is never written to). Any crash, leak or
# sanitizer report fails the test; the reproducer is printed by libFuzzer.
set -eu
fuzzer=$1 corpus=$2 seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus"/. "$work/"
exec "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 "$work"
