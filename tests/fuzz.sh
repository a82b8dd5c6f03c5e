#!/usr/bin/env bash
# Fuzzes Ember's readers of outside input for MINUTES minutes (default 5): the property tests
# in src/fuzz.rs, run again and again with many cases each (new random inputs every run),
# optimized. Prints the runs, the cases tried, and any failure; a failing input is kept in
# proptest-regressions/fuzz.txt and tried first ever after (commit it).
#
#   tests/fuzz.sh 10
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-5}
cases=${EMBER_FUZZ_CASES:-2000}
deadline=$(( $(date +%s) + minutes * 60 ))
cargo test --release --lib fuzz --no-run 2>&1 | tail -1
runs=0
properties=$(grep -c '^    fn .*(.* in ' src/fuzz.rs)
while [ "$(date +%s)" -lt "$deadline" ]; do
  if ! EMBER_FUZZ_CASES=$cases cargo test --release --lib fuzz -- --test-threads 2 > target/fuzz-last.log 2>&1; then
    echo "FAILED after $runs runs; see target/fuzz-last.log and proptest-regressions/fuzz.txt"
    grep -E "minimal failing input|panicked" -A5 target/fuzz-last.log | head -40
    exit 1
  fi
  runs=$((runs + 1))
done
echo "fuzz: $runs runs x $properties properties x $cases cases = $((runs * properties * cases)) executions, no failure"
