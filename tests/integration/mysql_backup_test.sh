#!/usr/bin/env bash
# The documented backup path of the MySQL store (README, Reliability): a hub
# on the MariaDB fixture imports the sample customers; `mariadb-dump
# --single-transaction` (a consistent InnoDB snapshot, writers not blocked),
# encrypted with `openssl enc`, is restored into a new database, and a second
# hub on that database exports the same cross-references and shows the same
# golden records.
#
#   mysql_backup_test.sh MDM_HUB MDMCTL SOURCE_DIR   ($MDM_MYSQL_TEST_ENV set)
set -euo pipefail
hub_bin=$1 mdmctl=$2 src=$3
# shellcheck disable=SC1090
source "$MDM_MYSQL_TEST_ENV"
work=$(mktemp -d)
db=mdm_bk_$$
restored=mdm_rs_$$
pids=()
export MYSQL_PWD=$MDM_MYSQL_PASSWORD  # the client tools' password variable
client=(--no-defaults -h127.0.0.1 "-P$MDM_MYSQL_PORT" -umdm)
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  mariadb "${client[@]}" -e "DROP DATABASE IF EXISTS $db;
    DROP DATABASE IF EXISTS $restored" || true
  rm -rf "$work"
}
trap cleanup EXIT

# start_hub NAME DATABASE: a hub on DATABASE; its address in $work/NAME.addr.
start_hub() {
  MDM_MYSQL_PASSWORD=$MDM_MYSQL_PASSWORD "$hub_bin" --listen=127.0.0.1:0 \
    --port_file="$work/$1.port" \
    --store="mysql://mdm@127.0.0.1:$MDM_MYSQL_PORT/$2" >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 200); do [[ -s $work/$1.port ]] && break; sleep 0.1; done
  [[ -s $work/$1.port ]] || { cat "$work/$1.log"; exit 1; }
  echo "127.0.0.1:$(cat "$work/$1.port")" >"$work/$1.addr"
}

start_hub original "$db"
original=$(cat "$work/original.addr")
for s in erp finance callcenter; do
  "$mdmctl" --hub "$original" import --source "$s" \
    "$src/tests/data/sample/$s.csv" >/dev/null
done

openssl rand -base64 32 >"$work/key"
mariadb-dump "${client[@]}" --single-transaction --no-tablespaces "$db" |
  openssl enc -aes-256-cbc -pbkdf2 -iter 600000 -salt -pass "file:$work/key" \
    >"$work/dump.sql.enc"
if grep -qa 110105198503120311 "$work/dump.sql.enc"; then
  echo "FAIL: the encrypted dump holds a resident id in plain text"
  exit 1
fi
mariadb "${client[@]}" -e "CREATE DATABASE $restored"
openssl enc -d -aes-256-cbc -pbkdf2 -iter 600000 -pass "file:$work/key" \
  <"$work/dump.sql.enc" | mariadb "${client[@]}" "$restored"

start_hub copy "$restored"
copy=$(cat "$work/copy.addr")
"$mdmctl" --hub "$original" export xref >"$work/original.xref"
"$mdmctl" --hub "$copy" export xref >"$work/copy.xref"
fail=0
cmp -s "$work/original.xref" "$work/copy.xref" ||
  { echo "FAIL: xref exports differ"; diff "$work/original.xref" "$work/copy.xref" | head; fail=1; }
golden=0
for id in $(cut -d, -f3 "$work/original.xref" | tail -n +2 | sort -u); do
  if ! cmp -s <("$mdmctl" --hub "$original" get --records "$id") \
    <("$mdmctl" --hub "$copy" get --records "$id"); then
    echo "FAIL: golden record $id differs"
    fail=1
  fi
  golden=$((golden + 1))
done
echo "mysql backup: $(($(wc -l <"$work/original.xref") - 1)) xrefs and $golden" \
  "golden records identical after mariadb-dump | openssl enc and restore" \
  "($(stat -c %s "$work/dump.sql.enc") bytes encrypted)"
exit "$fail"
