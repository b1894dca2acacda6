#!/usr/bin/env bash
# A local Parley cluster on one machine: nodes on 127.0.0.1, one PostgreSQL database.
#
#   cluster-configs/cluster.sh start [N]   PostgreSQL up, role and database made, the jar built
#                                          when missing, then nodes 1-3 (or node N) in the background
#   cluster-configs/cluster.sh stop [N]    SIGTERM: the node leaves the cluster gracefully (its shards
#                                          are handed over first) and exits; all nodes without N
#   cluster-configs/cluster.sh status      the processes, then the members as the cluster sees them
#   cluster-configs/cluster.sh add         one more node (4, 5, …): it joins through the seeds
#   cluster-configs/cluster.sh kill N      kill -9: a crash; the others down it (split-brain resolver)
#
# Node N listens for SIP on 127.0.0.1:510N (UDP and TCP), for Pekko remoting on 2552N and for
# management HTTP on 855N (N up to 9; from 10 on, 5100+N, 25520+N, 8550+N). Pid files, logs and
# the configuration of added nodes go under $PARLEY_RUN (cluster-configs/run by default).
# PARLEY_JAVA_OPTS reaches every node's JVM, PARLEY_JAR names another jar; PARLEY_JDBC_URL, PARLEY_DB_USER and
# PARLEY_DB_PASSWORD replace the database of common.conf (then nothing is started or created).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="${PARLEY_JAR:-$root/target/parley.jar}"
run="${PARLEY_RUN:-$here/run}"
db_user="${PARLEY_DB_USER:-parley}"
db_password="${PARLEY_DB_PASSWORD:-parley}"
db_name=parley

say() { echo "cluster: $*" >&2; }
die() { say "$*"; exit 1; }

sip_port() { if [ "$1" -lt 10 ]; then echo "510$1"; else echo $((5100 + $1)); fi; }
remote_port() { if [ "$1" -lt 10 ]; then echo "2552$1"; else echo $((25520 + $1)); fi; }
management_port() { if [ "$1" -lt 10 ]; then echo "855$1"; else echo $((8550 + $1)); fi; }

# Runs a command as the postgres user (PostgreSQL refuses to run its server as root).
as_postgres() {
  if [ "$(id -un)" = postgres ]; then
    "$@"
  elif [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@" 2>/dev/null || su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n -u postgres "$@"
  else
    die "run this as root or as postgres to start PostgreSQL and create the database, or set PARLEY_JDBC_URL"
  fi
}

# The Debian package's server: the first cluster pg_lsclusters lists, started when it is down.
# Sets pg_port.
postgres_up() {
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    die "PostgreSQL is not installed (apt-get install postgresql), or set PARLEY_JDBC_URL to a running one"
  fi
  local line version name port status
  line="$(pg_lsclusters -h | head -1)"
  [ -n "$line" ] || die "no PostgreSQL cluster (pg_createcluster 15 main)"
  read -r version name port status _ <<<"$line"
  pg_port="$port"
  if [ "$status" != online ]; then
    say "starting PostgreSQL $version/$name on port $port"
    if [ "$(id -u)" = 0 ]; then
      pg_ctlcluster "$version" "$name" start || service postgresql start
    else
      as_postgres pg_ctlcluster "$version" "$name" start
    fi
  fi
  local i
  for i in $(seq 1 30); do
    as_postgres psql -p "$pg_port" -qAtc 'select 1' >/dev/null 2>&1 && return 0
    sleep 1
  done
  die "PostgreSQL on port $pg_port does not answer"
}

# The role and the database of common.conf, when they are missing.
database_made() {
  local q="psql -p $pg_port -qAt"
  if [ "$(as_postgres $q -c "select 1 from pg_roles where rolname = '$db_user'")" != 1 ]; then
    say "creating role $db_user"
    as_postgres $q -c "create role \"$db_user\" login password '$db_password'" >/dev/null
  fi
  if [ "$(as_postgres $q -c "select 1 from pg_database where datname = '$db_name'")" != 1 ]; then
    say "creating database $db_name"
    as_postgres $q -c "create database \"$db_name\" owner \"$db_user\"" >/dev/null
  fi
}

jar_built() {
  if [ ! -f "$jar" ]; then
    say "building $jar (first run)…"
    (cd "$root" && mvn -B -q -DskipTests package)
  fi
}

# The management token every node and the CLI share: PARLEY_MANAGEMENT_TOKEN, else one drawn
# once into the run directory.
token() {
  if [ -n "${PARLEY_MANAGEMENT_TOKEN:-}" ]; then
    echo "$PARLEY_MANAGEMENT_TOKEN"
    return
  fi
  if [ ! -s "$run/token" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '\n' >"$run/token")
  fi
  cat "$run/token"
}

# The configuration file of node N: cluster-configs/nodeN.conf, or one written for an added node.
config_of() {
  local n="$1"
  if [ -f "$here/node$n.conf" ]; then
    echo "$here/node$n.conf"
    return
  fi
  local f="$run/node$n.conf"
  cat >"$f" <<EOF
# Node $n, added by cluster.sh add: the shared settings and its own ports.
include file("$here/common.conf")

parley.sip.listen = ["udp:127.0.0.1:$(sip_port "$n")", "tcp:127.0.0.1:$(sip_port "$n")"]
parley.cluster.port = $(remote_port "$n")
pekko.management.http.port = $(management_port "$n")
EOF
  echo "$f"
}

pid_of() { [ -f "$run/node$1.pid" ] && cat "$run/node$1.pid" || true; }
running() { local p; p="$(pid_of "$1")"; [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
known_nodes() { ls "$run" 2>/dev/null | sed -n 's/^node\([0-9]*\)\.pid$/\1/p' | sort -n; }

start_node() {
  local n="$1"
  if running "$n"; then
    say "node $n runs already (pid $(pid_of "$n"))"
    return
  fi
  local conf
  conf="$(config_of "$n")"
  local env=(PARLEY_MANAGEMENT_TOKEN="$(token)")
  [ -n "${pg_port:-}" ] && [ -z "${PARLEY_JDBC_URL:-}" ] \
    && env+=(PARLEY_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/$db_name")
  # nohup and setsid: the node outlives this shell; SIGTERM to its pid runs the JVM's shutdown
  # hook, which is Pekko's coordinated shutdown (leave the cluster, hand the shards over)
  env "${env[@]}" setsid nohup java -XX:+ExitOnOutOfMemoryError ${PARLEY_JAVA_OPTS:-} \
    -Dconfig.file="$conf" -jar "$jar" >>"$run/node$n.log" 2>&1 </dev/null &
  echo $! >"$run/node$n.pid"
  say "node $n started (pid $!): SIP 127.0.0.1:$(sip_port "$n"), management http://127.0.0.1:$(management_port "$n"), log $run/node$n.log"
}

wait_alive() {
  local n="$1" i
  # the warm-up alone takes 20 s (parley.warm-up.duration), longer with three JVMs compiling at once
  for i in $(seq 1 120); do
    if ! running "$n"; then
      say "node $n exited; the end of $run/node$n.log:"
      tail -20 "$run/node$n.log" >&2
      return 1
    fi
    curl -fs -o /dev/null "http://127.0.0.1:$(management_port "$n")/ready" && return 0
    sleep 1
  done
  say "node $n not ready after 120 s (see $run/node$n.log)"
  return 1
}

stop_node() {
  local n="$1" p i
  p="$(pid_of "$n")"
  if ! running "$n"; then
    say "node $n is not running"
    return 0
  fi
  say "node $n: SIGTERM (leaving the cluster)"
  kill -TERM "$p"
  for i in $(seq 1 60); do
    kill -0 "$p" 2>/dev/null || { say "node $n stopped"; return 0; }
    sleep 0.5
  done
  say "node $n still runs after 30 s (pid $p)"
  return 1
}

# Some node's management address that answers, for the members and shards.
live_management() {
  local n
  for n in $(known_nodes); do
    if running "$n" && curl -fs -o /dev/null "http://127.0.0.1:$(management_port "$n")/alive"; then
      echo "http://127.0.0.1:$(management_port "$n")"
      return 0
    fi
  done
  return 1
}

status() {
  local n
  printf '%-5s %-8s %-8s %-10s %s\n' node pid process sip management
  for n in $(known_nodes); do
    local state=stopped
    running "$n" && state=running
    printf '%-5s %-8s %-8s %-10s %s\n' "$n" "$(pid_of "$n")" "$state" "$(sip_port "$n")" \
      "http://127.0.0.1:$(management_port "$n")"
  done
  local m
  if m="$(live_management)"; then
    echo
    echo "members, as $m sees them:"
    PARLEY_MANAGEMENT_TOKEN="$(token)" java -jar "$jar" cluster --management "$m" \
      || curl -s "$m/cluster/members"
  else
    echo "no node answers"
  fi
}

mkdir -p "$run"
cmd="${1:-}"
case "$cmd" in
  start)
    jar_built
    [ -n "${PARLEY_JDBC_URL:-}" ] || { postgres_up; database_made; }
    if [ -n "${2:-}" ]; then
      start_node "$2"
      wait_alive "$2"
    else
      # node 1 first: as the first seed it forms the cluster; the others join it
      start_node 1
      wait_alive 1
      start_node 2
      start_node 3
      wait_alive 2
      wait_alive 3
    fi
    ;;
  add)
    jar_built
    [ -n "${PARLEY_JDBC_URL:-}" ] || postgres_up
    n=4
    while running "$n"; do n=$((n + 1)); done
    start_node "$n"
    wait_alive "$n"
    ;;
  stop)
    if [ -n "${2:-}" ]; then
      stop_node "$2"
    else
      # the newest first, the first seed last
      for n in $(known_nodes | sort -rn); do stop_node "$n" || true; done
    fi
    ;;
  kill)
    [ -n "${2:-}" ] || die "kill needs the node's number"
    running "$2" || die "node $2 is not running"
    kill -KILL "$(pid_of "$2")"
    say "node $2 killed (kill -9); the others down it once the split-brain resolver's stable-after has passed"
    ;;
  status)
    status
    ;;
  *)
    sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
