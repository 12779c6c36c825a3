#!/usr/bin/env bash
# Accuracy of the engine on every labelled data set we have, unsupervised:
# per data set the exact-key baseline, the hand-set model and a model
# trained by EM on the same records (no labels, nothing tuned per data set).
# See accuracy_bench.cc for what is measured.
# Usage: run_accuracy.sh BUILD_DIR
set -euo pipefail
BUILD_DIR=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$(realpath "$HERE/../../../../shared/data")
BENCH="$BUILD_DIR/tests/bench/mdm-bench-accuracy"
WORK=$(mktemp -d -t mdm-accuracy.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

febrl() {  # febrl NAME FILE:SOURCE...
  local name=$1 spec files=() truths=()
  shift
  for spec in "$@"; do
    python3 "$HERE/../febrl/febrl_to_csv.py" "$DATA/febrl/${spec%%:*}" \
      "$WORK/${spec##*:}.csv" --truth "$WORK/truth_${spec##*:}.csv" \
      --source "${spec##*:}" >/dev/null
    files+=("$WORK/${spec##*:}.csv:${spec##*:}")
    truths+=("$WORK/truth_${spec##*:}.csv")
  done
  "$BENCH" --name "$name" --truth "$(IFS=,; echo "${truths[*]}")" "${files[@]}"
}

other() {  # other NAME KIND INPUT
  local out="$WORK/$2" args
  args=$(python3 "$HERE/to_canonical.py" "$2" "$3" "$out")
  # shellcheck disable=SC2086  # FILE:SOURCE words, no spaces in them
  "$BENCH" --name "$1" --truth "$out/truth.csv" $args
}

febrl "febrl4 link (4a+4b)" dataset4a.csv:febrl_a dataset4b.csv:febrl_b
febrl "febrl3 dedup" dataset3.csv:febrl3
febrl "febrl dsgen C (10k)" dsgen/dataset_C_10000.csv:dsgen_c
other "splink fake_1000" fake_1000 "$DATA/splink/fake_1000.csv"
other "splink historical 50k" historical \
  "$DATA/splink/historical_figures_with_errors_50k.csv.gz"
other "senzing truth set" senzing "$DATA/senzing_truthset"
"$BENCH" --name "multilingual generated (20k)" --generated 20000
