#!/usr/bin/env bash
# Imports Febrl dataset4a and dataset4b as two sources into a fresh hub,
# exports the cross-reference and prints pairwise precision/recall/F1 against
# the known truth. Usage: run_febrl.sh BUILD_DIR [MIN_F1]
set -euo pipefail
BUILD_DIR=$(realpath "$1")
MIN_F1=${2:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=$(realpath "$HERE/../../../../shared/data/febrl")
WORK=$(mktemp -d -t mdm-febrl.XXXXXX)
HUB_PID=""
cleanup() {
  [[ -n "$HUB_PID" ]] && kill -TERM "$HUB_PID" 2>/dev/null && wait "$HUB_PID" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

python3 "$HERE/febrl_to_csv.py" "$DATA/dataset4a.csv" "$WORK/a.csv" --truth "$WORK/truth_a.csv" --source febrl_a
python3 "$HERE/febrl_to_csv.py" "$DATA/dataset4b.csv" "$WORK/b.csv" --truth "$WORK/truth_b.csv" --source febrl_b
"$BUILD_DIR/hub/server/mdm-hub" --listen 127.0.0.1:0 --store "sqlite:$WORK/hub.db" \
  --port_file "$WORK/port" --log_level warn &
HUB_PID=$!
for _ in $(seq 1 100); do [[ -s "$WORK/port" ]] && break; sleep 0.1; done
export MDM_HUB="127.0.0.1:$(cat "$WORK/port")"
MDMCTL="$BUILD_DIR/clients/mdmctl/mdmctl"
# Some Febrl dates of birth are impossible (e.g. 19560231): they are kept and
# warned about, which exits 0; only rejected rows would be a failure.
"$MDMCTL" import --source febrl_a "$WORK/a.csv" 2>/dev/null | grep -E "accepted|rate"
"$MDMCTL" import --source febrl_b "$WORK/b.csv" 2>/dev/null | grep -E "accepted|rate"
"$MDMCTL" export xref >"$WORK/xref.csv"
python3 "$HERE/xref_f1.py" --truth "$WORK/truth_a.csv" "$WORK/truth_b.csv" \
  --min-f1 "$MIN_F1" "$WORK/xref.csv"
