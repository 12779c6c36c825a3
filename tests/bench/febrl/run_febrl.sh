#!/usr/bin/env bash
# Accuracy on the Febrl benchmark data: for each case a fresh hub on the
# embedded store, the Febrl files imported with mdmctl, the cross-reference
# exported and scored pairwise against the known truth.
#   link:  dataset4a + dataset4b as two sources (5,000 true pairs)
#   dedup: dataset3 as one source (6,538 true pairs)
# Usage: run_febrl.sh BUILD_DIR [MIN_F1]  (MIN_F1 applies to the link case)
set -euo pipefail
BUILD_DIR=$(realpath "$1")
MIN_F1=${2:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$(realpath "$HERE/../../../../shared/data/febrl")
MDMCTL="$BUILD_DIR/clients/mdmctl/mdmctl"
WORK=$(mktemp -d -t mdm-febrl.XXXXXX)
HUB_PID=""
stop_hub() {
  if [[ -n "$HUB_PID" ]]; then
    kill -TERM "$HUB_PID" 2>/dev/null && wait "$HUB_PID" || true
    HUB_PID=""
  fi
}
trap 'stop_hub; rm -rf "$WORK"' EXIT

# run_case NAME MIN_F1 FILE:SOURCE...
run_case() {
  local name=$1 min_f1=$2 dir truths=() spec file source
  dir=$(mktemp -d -p "$WORK")
  shift 2
  "$BUILD_DIR/hub/server/mdm-hub" --listen 127.0.0.1:0 --store "sqlite:$dir/hub.db" \
    --port_file "$dir/port" --log_level warn &
  HUB_PID=$!
  for _ in $(seq 1 100); do [[ -s "$dir/port" ]] && break; sleep 0.1; done
  export MDM_HUB="127.0.0.1:$(cat "$dir/port")"
  for spec in "$@"; do
    file=${spec%%:*}
    source=${spec##*:}
    python3 "$HERE/febrl_to_csv.py" "$DATA/$file" "$dir/$source.csv" \
      --truth "$dir/truth_$source.csv" --source "$source" >/dev/null 2>&1
    # Some Febrl birth dates are impossible (e.g. 19560231): they are kept and
    # warned about; only rejected rows would fail the import.
    "$MDMCTL" import --source "$source" "$dir/$source.csv" 2>/dev/null | grep -E "^rate"
    truths+=("$dir/truth_$source.csv")
  done
  "$MDMCTL" export xref >"$dir/xref.csv"
  stop_hub
  printf '%s: ' "$name"
  python3 "$HERE/xref_f1.py" --truth "${truths[@]}" --min-f1 "$min_f1" "$dir/xref.csv"
}

run_case "febrl4 link (4a+4b)" "$MIN_F1" dataset4a.csv:febrl_a dataset4b.csv:febrl_b
run_case "febrl3 dedup" 0 dataset3.csv:febrl3
