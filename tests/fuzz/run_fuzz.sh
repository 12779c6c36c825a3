#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time and prints its figures:
#   run_fuzz.sh BINARY WORK_DIR KEPT_CORPUS_DIR SECONDS
# New inputs go to WORK_DIR/corpus (the kept corpus in the source tree is
# only read); a crash's input is written to WORK_DIR/crash-* and the run
# fails. Copy such an input into KEPT_CORPUS_DIR once the bug is fixed, so
# it replays in every build from then on.
set -uo pipefail
bin=$1 work=$2 kept=$3 seconds=$4
name=$(basename "$bin")
mkdir -p "$work/corpus"
log="$work/fuzz.log"
"$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=20 \
  -rss_limit_mb=3072 -artifact_prefix="$work/" "$work/corpus" "$kept" \
  >"$log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
crashes=$(find "$work" -maxdepth 1 -name 'crash-*' -o -maxdepth 1 -name 'leak-*' -o -maxdepth 1 -name 'timeout-*' | wc -l)
echo "fuzz $name: ${execs:-0} executions in ${seconds}s, exit $rc, crash/leak/timeout inputs in $work: $crashes"
if ((rc != 0)); then
  tail -60 "$log"
fi
exit "$rc"
