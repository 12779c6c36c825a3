#!/usr/bin/env bash
# Streaming ingest on the MySQL store with 1 hub replica and with 3, in one
# run on one throw-away MariaDB server (tests/integration/mariadb_fixture.sh):
#
#   1 replica:  one hub, the three generated source files imported one after
#               another (one stream at a time), on database mdm_bench_1;
#   3 replicas: three hubs on database mdm_bench_3, each importing one of the
#               same three files, all at once.
#
# Prints records/s of both (all records / wall time from the first record sent
# to the last answer) and the ratio 3-replica / 1-replica. Each hub gets a
# fresh database. Everything it starts is stopped and removed on exit.
#
# Usage: replicas_bench.sh BUILD_DIR [RECORDS]
# RECORDS defaults to 50000: about 2 minutes on the 2-core development machine.
set -euo pipefail
BUILD_DIR=$(realpath "$1")
RECORDS=${2:-50000}
HERE=$(cd "$(dirname "$0")" && pwd)
FIXTURE="$HERE/../integration/mariadb_fixture.sh"
HUB="$BUILD_DIR/hub/server/mdm-hub"
MDMCTL="$BUILD_DIR/clients/mdmctl/mdmctl"
SOURCES=(erp finance callcenter)

WORK=$(mktemp -d -t mdm-replicas-bench.XXXXXX)
# Short, under /tmp: the server's socket lives there, and as root the server
# runs as `mysql`, which must reach it.
DB_DIR=$(mktemp -d /tmp/mdm-rb.XXXXXX)
HUB_PIDS=()
stop_hubs() {
  local pid
  for pid in "${HUB_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${HUB_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  HUB_PIDS=()
}
cleanup() {
  stop_hubs
  "$FIXTURE" stop "$DB_DIR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$FIXTURE" start "$DB_DIR" 0
# shellcheck disable=SC1091
source "$DB_DIR/connection.env"
export MDM_MYSQL_PASSWORD

"$BUILD_DIR/tests/bench/gen/mdm-gen-csv" --out "$WORK/data" --count "$RECORDS"

now_ns() { date +%s%N; }

# start_hub DATABASE NAME: starts a hub on the database, sets HUB_TARGET.
start_hub() {
  local dir="$WORK/$2"
  mkdir -p "$dir"
  "$HUB" --listen 127.0.0.1:0 --log_level warn --port_file "$dir/port" \
    --store "mysql://$MDM_MYSQL_USER@$MDM_MYSQL_HOST:$MDM_MYSQL_PORT/$1" \
    >"$dir/hub.log" 2>&1 &
  HUB_PIDS+=($!)
  for _ in $(seq 1 300); do
    [[ -s "$dir/port" ]] && break
    sleep 0.1
  done
  if [[ ! -s "$dir/port" ]]; then
    echo "hub $2 did not start:" >&2
    cat "$dir/hub.log" >&2
    exit 1
  fi
  HUB_TARGET="127.0.0.1:$(cat "$dir/port")"
}

# import_file TARGET SOURCE: one mdmctl import stream; fails on any rejected row.
import_file() {
  "$MDMCTL" --hub "$1" import --source "$2" "$WORK/data/$2.csv" \
    >"$WORK/import-$2-$1.out" 2>&1 ||
    {
      echo "import of $2 into $1 failed:" >&2
      cat "$WORK/import-$2-$1.out" >&2
      return 1
    }
}

# golden_ids TARGET: how many golden ids the hub's xref export names.
golden_ids() {
  "$MDMCTL" --hub "$1" export xref | tail -n +2 | cut -d, -f3 | sort -u | wc -l
}

# seconds NS
seconds() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e9 }'; }
# rate RECORDS NS: records per second.
rate() { awk -v n="$1" -v ns="$2" 'BEGIN { printf "%.0f", n * 1e9 / ns }'; }

echo "machine: $(nproc) cores ($(uname -m)), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

start_hub mdm_bench_1 single
start=$(now_ns)
for source in "${SOURCES[@]}"; do import_file "$HUB_TARGET" "$source"; done
one_ns=$(($(now_ns) - start))
one_groups=$(golden_ids "$HUB_TARGET")
stop_hubs

targets=()
for i in 0 1 2; do
  start_hub mdm_bench_3 "replica$i"
  targets+=("$HUB_TARGET")
done
start=$(now_ns)
import_pids=()
for i in 0 1 2; do
  import_file "${targets[$i]}" "${SOURCES[$i]}" &
  import_pids+=($!)
done
for pid in "${import_pids[@]}"; do wait "$pid"; done
three_ns=$(($(now_ns) - start))
three_groups=$(golden_ids "${targets[0]}")
stop_hubs

one_rate=$(rate "$RECORDS" "$one_ns")
three_rate=$(rate "$RECORDS" "$three_ns")
echo "1 replica,  1 stream:   $one_rate records/s ($RECORDS records in $(seconds "$one_ns") s, $one_groups golden ids)"
echo "3 replicas, 3 streams:  $three_rate records/s ($RECORDS records in $(seconds "$three_ns") s, $three_groups golden ids)"
awk -v a="$three_rate" -v b="$one_rate" 'BEGIN { printf "ratio 3-replica / 1-replica: %.2f\n", a / b }'
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at end; hubs, mdmctl and MariaDB share the $(nproc) cores"
