#!/usr/bin/env bash
# The longer fuzz run: the same fuzz tests that mvn verify runs briefly (channel lines, scale
# targets, instance counts, logged values), with many more inputs and a seed of your choice.
#
#   bash bench/fuzz.sh                        # 2 million inputs per test, a random seed
#   ITERATIONS=200000 SEED=42 bash bench/fuzz.sh
#
# Each test prints "fuzz: N <inputs> tried (seed S), M accepted as valid"; a failure prints the
# input that broke it, and the seed reproduces the run.
set -euo pipefail
cd "$(dirname "$0")/.."
ITERATIONS=${ITERATIONS:-2000000}
SEED=${SEED:-$(date +%s)}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
status=0
mvn -B -pl cluster-spring-boot-autoconfigure test -Dtest='*FuzzTests' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.iterations="$ITERATIONS" -Dfuzz.seed="$SEED" >"$LOG" 2>&1 || status=$?
grep -E "^fuzz:|<<< FAIL|Decoding|threw" "$LOG" || true
[[ $status == 0 ]] || { echo "Failed (seed $SEED); the whole output:" >&2; tail -60 "$LOG" >&2; }
exit "$status"
