#!/usr/bin/env bash
# A throw-away MariaDB server on loopback for the MySQL store's tests.
#
#   mariadb_fixture.sh start DIR PORT   # PORT 0: pick a free one
#   mariadb_fixture.sh stop DIR
#
# `start` creates DIR, initializes a data directory in DIR/data, runs mariadbd
# in the background on 127.0.0.1:PORT (socket DIR/sock), waits until it answers,
# creates the hub's user and writes DIR/connection.env:
#
#   MDM_MYSQL_HOST, MDM_MYSQL_PORT, MDM_MYSQL_USER, MDM_MYSQL_PASSWORD,
#   MDM_MYSQL_DATABASE (a database that exists), MDM_MYSQL_SOCKET,
#   MDM_MYSQL_ADMIN_USER (root over TCP, no password: mariadb-install-db's
#   'normal' authentication creates root@127.0.0.1; tests use it to kill
#   connections and watch lock waits)
#
# $MDM_MARIADB_EXTRA_ARGS, if set, adds server options (split on blanks),
# e.g. the data-at-rest encryption options of mariadb_encryption_test.sh.
#
# The hub's user `mdm`@`127.0.0.1` may create and use databases named mdm*
# (the tests make one per case). `stop` shuts the server down (kills it if it
# does not go) and removes DIR. No system-wide service is touched: the server
# reads no option file (--no-defaults) and listens only on loopback.
#
# As root (CI), the server runs as the `mysql` user and DIR is owned by it;
# mariadbd refuses to run as root, and DIR must be traversable by `mysql`
# (ctest puts it under /tmp for that reason).
set -euo pipefail

usage() {
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
}

(($# >= 2)) || usage
cmd=$1
dir=$2

log() { echo "mariadb_fixture: $*" >&2; }

# Stops the server whose pid file is in $dir, if any, and removes $dir.
stop_server() {
  local pidfile="$dir/mariadbd.pid" pid=""
  [[ -f $pidfile ]] && pid=$(cat "$pidfile" 2>/dev/null || true)
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    # Over the socket as root: works even if the TCP port is gone.
    mariadb-admin --no-defaults --socket="$dir/sock" --user=root \
      --connect-timeout=5 shutdown 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "server $pid did not shut down in 10 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
  fi
  rm -rf "$dir"
}

free_port() {
  # Bind to port 0 and let the kernel choose; the tiny race until mariadbd
  # binds is acceptable on a test machine (start fails loudly if it loses).
  python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

case $cmd in
  stop)
    stop_server
    exit 0
    ;;
  start)
    (($# == 3)) || usage
    port=$3
    ;;
  *) usage ;;
esac

started_ns=$(date +%s%N)
# A failed start leaves nothing running behind.
trap 'status=$?; if ((status != 0)); then stop_server; fi' EXIT
# A server left over by an interrupted run would hold the socket and datadir.
stop_server
mkdir -p "$dir"
[[ $port == 0 ]] && port=$(free_port)

run_as=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id mysql >/dev/null 2>&1; then
    log "no 'mysql' user: install mariadb-server (scripts/setup)"
    exit 1
  fi
  chown mysql: "$dir"
  run_as=(--user=mysql)
fi

if ! mariadb-install-db --no-defaults "${run_as[@]}" --datadir="$dir/data" \
  --auth-root-authentication-method=normal --skip-test-db \
  --skip-name-resolve >"$dir/install.log" 2>&1; then
  log "mariadb-install-db failed:"
  cat "$dir/install.log" >&2
  exit 1
fi

# Small and quick to start, but durable like production (flush at commit),
# so the tests exercise the real commit path.
read -ra extra_args <<<"${MDM_MARIADB_EXTRA_ARGS:-}"
mariadbd --no-defaults "${run_as[@]}" --datadir="$dir/data" \
  --socket="$dir/sock" --port="$port" --bind-address=127.0.0.1 \
  --pid-file="$dir/mariadbd.pid" --log-error="$dir/mariadbd.err" \
  --skip-name-resolve --innodb-buffer-pool-size=64M \
  --innodb-log-file-size=32M --innodb-flush-log-at-trx-commit=1 \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
  --max-connections=200 --skip-log-bin "${extra_args[@]}" >/dev/null 2>&1 &
disown

ready=0
for _ in $(seq 1 300); do
  if mariadb-admin --no-defaults --socket="$dir/sock" --user=root \
    --connect-timeout=1 ping >/dev/null 2>&1; then
    ready=1
    break
  fi
  sleep 0.1
done
if ((ready == 0)); then
  log "server did not answer within 30 s; its log:"
  cat "$dir/mariadbd.err" >&2 || true
  stop_server
  exit 1
fi

password="mdm-test-$RANDOM$RANDOM"
database=mdm
mariadb --no-defaults --socket="$dir/sock" --user=root <<SQL
CREATE DATABASE $database CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER 'mdm'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`mdm%\`.* TO 'mdm'@'127.0.0.1';
SQL

env_file="$dir/connection.env"
cat >"$env_file.tmp" <<EOF
MDM_MYSQL_HOST=127.0.0.1
MDM_MYSQL_PORT=$port
MDM_MYSQL_USER=mdm
MDM_MYSQL_PASSWORD=$password
MDM_MYSQL_DATABASE=$database
MDM_MYSQL_SOCKET=$dir/sock
MDM_MYSQL_ADMIN_USER=root
EOF
chmod 644 "$env_file.tmp"
mv "$env_file.tmp" "$env_file"
log "MariaDB $(mariadbd --version | awk '{print $3}') on 127.0.0.1:$port" \
  "ready in $((($(date +%s%N) - started_ns) / 1000000)) ms"
