#!/usr/bin/env bash
# A throw-away 3-node MariaDB Galera cluster on loopback for the failover test.
#
#   galera_fixture.sh start DIR        # bootstrap node 1, join nodes 2 and 3
#   galera_fixture.sh stop DIR         # stop every node, remove DIR
#   galera_fixture.sh kill DIR N       # SIGKILL node N (1..3)
#   galera_fixture.sh restart DIR N    # start node N again, wait until it
#                                      # is Synced and the cluster has 3 nodes
#   galera_fixture.sh freeze DIR N     # SIGSTOP node N: a hung server, whose
#                                      # sockets stay open and answer nothing
#   galera_fixture.sh thaw DIR N       # SIGCONT node N, wait as for restart
#
# Every node has its own data directory (DIR/nodeN/data), socket, SQL port and
# Galera ports (group communication, incremental state transfer, rsync state
# snapshot transfer), all on 127.0.0.1 and chosen free at `start`. Each node
# reads only its own option file, DIR/nodeN/my.cnf (--defaults-file; the state
# transfer scripts mariadbd runs read that file too, never /etc/mysql). Node 1
# is bootstrapped with --wsrep-new-cluster; nodes 2 and 3 join it. State
# snapshot transfer is by rsync (no SST user or password: rsync needs none); a
# restarted node catches up by incremental state transfer (see `restart`).
#
# `start` waits until wsrep_cluster_size is 3 and every node is Synced, creates
# the hub's user `mdm`@`127.0.0.1` (replicated to all nodes) and writes
# DIR/connection.env:
#
#   MDM_MYSQL_HOST, MDM_MYSQL_PORT (node 1; as the single-server fixture),
#   MDM_GALERA_PORTS (the three SQL ports, comma separated, node 1 first),
#   MDM_MYSQL_USER, MDM_MYSQL_PASSWORD, MDM_MYSQL_DATABASE,
#   MDM_MYSQL_ADMIN_USER (root over TCP, no password),
#   MDM_GALERA_FIXTURE (this script), MDM_GALERA_DIR (DIR)
#
# As root (CI) the servers run as the `mysql` user, which owns DIR (mariadbd
# refuses to run as root, and the rsync transfer writes into the joiner's data
# directory as the server's user).
set -euo pipefail

usage() {
  echo "usage: $0 start DIR | stop DIR | kill DIR N | restart DIR N |" \
    "freeze DIR N | thaw DIR N" >&2
  exit 2
}

(($# >= 2)) || usage
cmd=$1
dir=$2
readonly NODES=3
readonly PROVIDER=/usr/lib/galera/libgalera_smm.so

log() { echo "galera_fixture: $*" >&2; }

node_dir() { echo "$dir/node$1"; }

# The pid the fixture launched node N with (mariadbd does not fork; its own
# pid file appears only once it has joined, too late for a failed start).
node_pid() {
  local pidfile
  pidfile="$(node_dir "$1")/launched.pid"
  [[ -f $pidfile ]] && cat "$pidfile" 2>/dev/null || true
}

# SQL as root over node N's socket (works while TCP is refused).
node_sql() {
  local n=$1
  shift
  mariadb --no-defaults --socket="$(node_dir "$n")/sock" --user=root \
    --connect-timeout=2 --batch --skip-column-names "$@"
}

# A status variable of node N ("" when the node does not answer).
wsrep_status() {
  node_sql "$1" -e "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | cut -f2 || true
}

stop_node() {
  local n=$1 pid
  pid=$(node_pid "$n")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  # A frozen node (a test that failed before `thaw`) must run to stop.
  kill -CONT "$pid" 2>/dev/null || true
  mariadb-admin --no-defaults --socket="$(node_dir "$n")/sock" --user=root \
    --connect-timeout=5 shutdown 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "node $n ($pid) did not shut down in 15 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
}

stop_all() {
  # Joiners first, the bootstrap node last: a clean shutdown of the last node
  # is what a real cluster does, and nothing waits on a lost quorum meanwhile.
  local n
  for ((n = NODES; n >= 1; n--)); do stop_node "$n"; done
  # State transfer helpers (rsync daemons) a killed node may have left behind.
  stop_transfer_helpers
  rm -rf "$dir"
}

# rsync daemons started by a state transfer hold a pid file in a data
# directory of ours; stop exactly those processes.
stop_transfer_helpers() {
  local f pid
  for f in "$dir"/node*/data/*.pid; do
    [[ -f $f ]] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null || true
  done
}

free_ports() {
  # Bind all at once so that the kernel gives distinct ports; the race until
  # the servers bind them is acceptable on a test machine (start fails loudly).
  python3 -c 'import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))' "$1"
}

# Port of kind K (sql, gcomm, ist, sst) of node N, from DIR/ports.env.
port() {
  local var="${1}_$2"
  echo "${!var}"
}

provider_options() {
  local n=$1 options
  options="gmcast.listen_addr=tcp://127.0.0.1:$(port gcomm "$n")"
  options+="; ist.recv_addr=127.0.0.1:$(port ist "$n")"
  # Short failure detection so that a killed node leaves the cluster within
  # seconds (defaults: suspect 5 s, inactive 15 s); the survivors' writes wait
  # for that view change.
  options+="; evs.keepalive_period=PT0.5S; evs.suspect_timeout=PT2S"
  options+="; evs.inactive_timeout=PT4S; evs.install_timeout=PT4S"
  options+="; gcache.size=64M"
  echo "$options"
}

write_config() {
  local n=$1 d members="" m
  d=$(node_dir "$n")
  for ((m = 1; m <= NODES; m++)); do
    members+="${members:+,}127.0.0.1:$(port gcomm "$m")"
  done
  cat >"$d/my.cnf" <<EOF
[mariadbd]
datadir=$d/data
socket=$d/sock
port=$(port sql "$n")
bind-address=127.0.0.1
pid-file=$d/mariadbd.pid
tmpdir=$dir/tmp
log-error=$d/mariadbd.err
skip-name-resolve
innodb-buffer-pool-size=64M
innodb-log-file-size=32M
innodb-flush-log-at-trx-commit=1
character-set-server=utf8mb4
collation-server=utf8mb4_bin
max-connections=200
# What Galera requires: row-based replication of InnoDB tables, interleaved
# auto-increment locks (no table lock a replica could wait on forever).
binlog-format=ROW
default-storage-engine=InnoDB
innodb-autoinc-lock-mode=2
wsrep-on=ON
wsrep-provider=$PROVIDER
wsrep-cluster-name=mdm-test
wsrep-cluster-address=gcomm://$members
wsrep-node-name=node$n
wsrep-node-address=127.0.0.1:$(port gcomm "$n")
wsrep-node-incoming-address=127.0.0.1:$(port sql "$n")
wsrep-provider-options=$(provider_options "$n")
wsrep-sst-method=rsync
wsrep-sst-receive-address=127.0.0.1:$(port sst "$n")
EOF
  # `mysql` (the server's user when we are root) must read it.
  chmod 644 "$d/my.cnf"
}

launch_node() {
  local n=$1 d
  d=$(node_dir "$n")
  shift
  # The option file first: mariadbd requires --defaults-file to lead.
  mariadbd --defaults-file="$d/my.cnf" "${run_as[@]}" "$@" >/dev/null 2>&1 &
  echo $! >"$d/launched.pid"
  disown
}

# Waits until node N is Synced and sees a cluster of `size` nodes.
wait_synced() {
  local n=$1 size=$2 timeout_s=$3 state cluster
  for _ in $(seq 1 $((timeout_s * 5))); do
    state=$(wsrep_status "$n" wsrep_local_state_comment)
    cluster=$(wsrep_status "$n" wsrep_cluster_size)
    if [[ $state == Synced && $cluster == "$size" ]]; then return 0; fi
    local pid
    pid=$(node_pid "$n")
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.2
  done
  log "node $n not Synced in a cluster of $size within ${timeout_s} s" \
    "(state '${state:-}', size '${cluster:-}'); its log:"
  tail -n 60 "$(node_dir "$n")/mariadbd.err" >&2 || true
  return 1
}

# The position (UUID:SEQNO) node N's InnoDB committed up to. A killed node's
# grastate.dat says -1; started without its position it would need a full
# state snapshot, with it only the missed write sets from a donor's cache
# (incremental state transfer). This is what MariaDB's galera_recovery does
# before a service start.
recover_position() {
  local n=$1 d position
  d=$(node_dir "$n")
  mariadbd --defaults-file="$d/my.cnf" "${run_as[@]}" --wsrep-recover \
    --log-error="$d/recover.err" >/dev/null 2>&1 || true
  position=$(sed -n 's/.*WSREP: Recovered position: *//p' "$d/recover.err" |
    tail -n 1)
  if [[ -z $position ]]; then
    log "node $n: no position recovered; its log:"
    tail -n 30 "$d/recover.err" >&2 || true
    return 1
  fi
  echo "$position"
}

check_node() {
  [[ ${1:-} =~ ^[1-3]$ ]] || usage
}

run_as=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id mysql >/dev/null 2>&1; then
    log "no 'mysql' user: install mariadb-server (scripts/setup)"
    exit 1
  fi
  run_as=(--user=mysql)
fi

# The pid of node $1, which must be running (else exits 1).
running_node_pid() {
  check_node "$1"
  local pid
  pid=$(node_pid "$1")
  if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
    log "node $1 is not running"
    exit 1
  fi
  echo "$pid"
}

case $cmd in
  stop)
    stop_all
    exit 0
    ;;
  kill)
    (($# == 3)) || usage
    pid=$(running_node_pid "$3") || exit
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    log "node $3 ($pid) killed"
    exit 0
    ;;
  freeze | thaw)
    (($# == 3)) || usage
    pid=$(running_node_pid "$3") || exit
    if [[ $cmd == freeze ]]; then
      kill -STOP "$pid"
      log "node $3 ($pid) stopped (SIGSTOP)"
      exit 0
    fi
    kill -CONT "$pid"
    # The survivors evicted it meanwhile; it rejoins by itself (incremental
    # state transfer of what it missed).
    started_ns=$(date +%s%N)
    wait_synced "$3" "$NODES" 120
    log "node $3 rejoined in $((($(date +%s%N) - started_ns) / 1000000)) ms"
    exit 0
    ;;
  restart)
    (($# == 3)) || usage
    check_node "$3"
    # shellcheck source=/dev/null
    source "$dir/ports.env"
    started_ns=$(date +%s%N)
    launch_node "$3" --wsrep-start-position="$(recover_position "$3")"
    wait_synced "$3" "$NODES" 120
    log "node $3 rejoined in $((($(date +%s%N) - started_ns) / 1000000)) ms"
    exit 0
    ;;
  start)
    (($# == 2)) || usage
    ;;
  *) usage ;;
esac

started_ns=$(date +%s%N)
# A failed start leaves nothing running behind.
trap 'status=$?; if ((status != 0)); then stop_all; fi' EXIT
stop_all
mkdir -p "$dir"

read -r -a ports <<<"$(free_ports $((NODES * 4)))"
{
  for ((n = 1; n <= NODES; n++)); do
    i=$(((n - 1) * 4))
    echo "sql_$n=${ports[i]}"
    echo "gcomm_$n=${ports[i + 1]}"
    echo "ist_$n=${ports[i + 2]}"
    echo "sst_$n=${ports[i + 3]}"
  done
} >"$dir/ports.env"
# shellcheck source=/dev/null
source "$dir/ports.env"

for ((n = 1; n <= NODES; n++)); do
  mkdir -p "$(node_dir "$n")"
  write_config "$n"
done

# Temporary files in DIR too, never shared with another server in /tmp.
mkdir -p "$dir/tmp"
[[ ${#run_as[@]} -gt 0 ]] && chown -R mysql: "$dir"
if ! mariadb-install-db --no-defaults "${run_as[@]}" \
  --datadir="$(node_dir 1)/data" --tmpdir="$dir/tmp" \
  --auth-root-authentication-method=normal \
  --skip-test-db --skip-name-resolve >"$dir/install.log" 2>&1; then
  log "mariadb-install-db failed:"
  cat "$dir/install.log" >&2
  exit 1
fi
[[ ${#run_as[@]} -gt 0 ]] && chown -R mysql: "$dir"

# Node 1 founds the cluster and gets the hub's database and user.
launch_node 1 --wsrep-new-cluster
wait_synced 1 1 60
password="mdm-test-$RANDOM$RANDOM"
database=mdm
node_sql 1 <<SQL
CREATE DATABASE $database CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER 'mdm'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`mdm%\`.* TO 'mdm'@'127.0.0.1';
SQL

# The joiners are seeded with a copy of node 1's cleanly stopped data
# directory, whose grastate.dat names the cluster and its position: they join
# only the few write sets behind that the re-bootstrap and the joins add, and
# catch up by incremental state transfer from node 1's cache. A joiner with an
# empty or foreign data directory gets a full rsync state snapshot instead,
# which works (the configuration above) but takes 20-30 s per node, one at a
# time, on a busy 2-core machine.
stop_node 1
for ((n = 2; n <= NODES; n++)); do
  cp -a "$(node_dir 1)/data" "$(node_dir "$n")/data"
  sed -i 's/^safe_to_bootstrap: 1/safe_to_bootstrap: 0/' \
    "$(node_dir "$n")/data/grastate.dat"
done
launch_node 1 --wsrep-new-cluster
wait_synced 1 1 60
for ((n = 2; n <= NODES; n++)); do launch_node "$n"; done
for ((n = 1; n <= NODES; n++)); do wait_synced "$n" "$NODES" 120; done

env_file="$dir/connection.env"
# shellcheck disable=SC2154  # sql_N come from ports.env
cat >"$env_file.tmp" <<EOF
MDM_MYSQL_HOST=127.0.0.1
MDM_MYSQL_PORT=$sql_1
MDM_GALERA_PORTS=$sql_1,$sql_2,$sql_3
MDM_MYSQL_USER=mdm
MDM_MYSQL_PASSWORD=$password
MDM_MYSQL_DATABASE=$database
MDM_MYSQL_ADMIN_USER=root
MDM_GALERA_FIXTURE=$(realpath "$0")
MDM_GALERA_DIR=$dir
EOF
chmod 644 "$env_file.tmp"
mv "$env_file.tmp" "$env_file"
log "Galera cluster of $NODES nodes on 127.0.0.1:$sql_1,$sql_2,$sql_3 ready" \
  "in $((($(date +%s%N) - started_ns) / 1000000)) ms"
