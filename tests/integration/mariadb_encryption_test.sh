#!/usr/bin/env bash
# Data at rest on the MySQL store: MariaDB's InnoDB encryption with the
# file_key_management plugin (README, Reliability). Starts a MariaDB server
# of its own (mariadb_fixture.sh) with encryption on, imports the sample
# customers through the real mdm-hub and mdmctl, flushes the tables to their
# .ibd files and checks that a known resident id, which the records table holds as written,
# is nowhere in them, nor in
# the redo log, while a table created with ENCRYPTED=NO on the same server
# does show it in plain text (so the search would find it).
#
#   mariadb_encryption_test.sh MDM_HUB MDMCTL SOURCE_DIR
set -euo pipefail
hub_bin=$1 mdmctl=$2 src=$3
fixture=$src/tests/integration/mariadb_fixture.sh
probe=110105198503120311  # 王小明's resident id in tests/data/sample/erp.csv

keys=$(mktemp -d /tmp/mdm-enc-keys.XXXXXX)
dir=/tmp/mdm-enc-$$
work=$(mktemp -d)
hub_pid=""
cleanup() {
  [[ -n $hub_pid ]] && kill -TERM "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
  "$fixture" stop "$dir" || true
  rm -rf "$keys" "$work"
}
trap cleanup EXIT

# Key id 1, 256 bits. In production the file lives on a Secret volume and is
# itself encrypted with --file-key-management-filekey (see README).
echo "1;$(openssl rand -hex 32)" >"$keys/keys.txt"
chmod 755 "$keys"
chmod 644 "$keys/keys.txt"

encryption=(--plugin-load-add=file_key_management
  --file-key-management-filename="$keys/keys.txt"
  --file-key-management-encryption-algorithm=AES_CTR
  --innodb-encrypt-tables=FORCE --innodb-encrypt-log=ON
  --innodb-encrypt-temporary-tables=ON --encrypt-tmp-files=ON
  --aria-encrypt-tables=ON --innodb-encryption-threads=1)
MDM_MARIADB_EXTRA_ARGS="${encryption[*]}" \
  "$fixture" start "$dir" 0
# shellcheck disable=SC1091
source "$dir/connection.env"
admin=(mariadb --no-defaults --socket="$MDM_MYSQL_SOCKET" --user=root -N)

MDM_MYSQL_PASSWORD=$MDM_MYSQL_PASSWORD "$hub_bin" --listen=127.0.0.1:0 \
  --port_file="$work/port" \
  --store="mysql://mdm@127.0.0.1:$MDM_MYSQL_PORT/mdm_enc" >"$work/hub.log" 2>&1 &
hub_pid=$!
for _ in $(seq 1 200); do [[ -s $work/port ]] && break; sleep 0.1; done
[[ -s $work/port ]] || { cat "$work/hub.log"; exit 1; }
"$mdmctl" --hub "127.0.0.1:$(cat "$work/port")" import --source erp \
  "$src/tests/data/sample/erp.csv" >/dev/null

# The control: FORCE refuses ENCRYPTED=NO, so relax it for this one table.
"${admin[@]}" <<SQL
SET GLOBAL innodb_encrypt_tables = ON;
CREATE TABLE mdm_enc.plain_probe (v VARCHAR(64)) ENCRYPTED=NO;
INSERT INTO mdm_enc.plain_probe VALUES ('$probe');
FLUSH TABLES mdm_enc.records, mdm_enc.entities, mdm_enc.plain_probe FOR EXPORT;
UNLOCK TABLES;
SQL

datadir=$dir/data
unencrypted=$("${admin[@]}" -e "SELECT COUNT(*) FROM
  information_schema.INNODB_TABLESPACES_ENCRYPTION
  WHERE NAME LIKE 'mdm_enc/%' AND ENCRYPTION_SCHEME = 0")
encrypted=$("${admin[@]}" -e "SELECT COUNT(*) FROM
  information_schema.INNODB_TABLESPACES_ENCRYPTION
  WHERE NAME LIKE 'mdm_enc/%' AND ENCRYPTION_SCHEME = 1")
records=$("${admin[@]}" -e "SELECT COUNT(*) FROM mdm_enc.records")
holding=$("${admin[@]}" -e "SELECT COUNT(*) FROM mdm_enc.records
  WHERE data LIKE '%$probe%'")
fail=0
if ! grep -qa "$probe" "$datadir/mdm_enc/plain_probe.ibd"; then
  echo "FAIL: the unencrypted control table does not show $probe in plain text"
  fail=1
fi
for f in "$datadir"/mdm_enc/*.ibd "$datadir"/ib_logfile0; do
  [[ $f == */plain_probe.ibd ]] && continue
  if grep -qa "$probe" "$f"; then
    echo "FAIL: $f holds $probe in plain text"
    fail=1
  fi
done
echo "encryption at rest: $records records through the hub ($holding holding" \
  "$probe); $encrypted" \
  "encrypted tablespaces in mdm_enc, $unencrypted unencrypted (the control);" \
  "plain text found only in the control: $([[ $fail == 0 ]] && echo yes || echo NO)"
((records > 0 && holding > 0)) || {
  echo "FAIL: $records records imported, $holding holding $probe"
  fail=1
}
exit "$fail"
