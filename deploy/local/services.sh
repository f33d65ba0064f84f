#!/usr/bin/env bash
# Run Tributary's five HTTP services as plain processes on 127.0.0.1, for `make up` without Docker.
#
#   services.sh start  RUN_DIR [NAME...]   start (NAME: default all five), wait for /health/ready
#   services.sh stop   RUN_DIR [NAME...]   SIGTERM, up to 20 s for a graceful exit, then SIGKILL
#   services.sh status RUN_DIR [NAME...]   name, URL, /health/ready status code and body
#
# The executables must already be built, at $BUILD_DIR/$MODE/<name> (BUILD_DIR defaults to the
# repository's .build, the shared scratch folder; MODE is release, or debug: `make up` builds them
# with swift build -c $MODE --package-path services/<name> --scratch-path .build --product <name>). The servers must already run from RUN_DIR (deploy/local/servers.sh start
# RUN_DIR): each service gets the lines of RUN_DIR/servers.env in its environment, plus
# HTTP_HOST=127.0.0.1, HTTP_PORT and LOG_FORMAT=text. Output: RUN_DIR/logs/<name>.log; pidfile and
# port: RUN_DIR/services/<name>.pid and .port.
#
# Ports: user-consumer 8081, user-api 8082, log-api 8083, log-worker 8084, query-service 8085, or
# USER_CONSUMER_PORT, USER_API_PORT, LOG_API_PORT, LOG_WORKER_PORT, QUERY_SERVICE_PORT.
# Timeouts: SERVICES_READY_TIMEOUT (60 s), SERVICES_STOP_TIMEOUT (20 s).
set -euo pipefail

readonly SERVICES=(user-consumer:8081 user-api:8082 log-api:8083 log-worker:8084 query-service:8085)
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
readonly ROOT
readonly BUILD_DIR=${BUILD_DIR:-$ROOT/.build}
readonly MODE=${MODE:-release}
[[ $MODE == release || $MODE == debug ]] || { echo "services.sh: MODE must be release or debug, not '$MODE'" >&2; exit 2; }
readonly READY_TIMEOUT=${SERVICES_READY_TIMEOUT:-60}
readonly STOP_TIMEOUT=${SERVICES_STOP_TIMEOUT:-20}
# Every service we start carries this variable (value: RUN_DIR): a pidfile whose PID was reused by
# another program is never signalled.
readonly MARKER=TRIBUTARY_SERVICES_DIR

RUN_DIR=

say() { printf 'services.sh: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}
usage() {
    cat >&2 <<'EOF'
usage: services.sh start|stop|status RUN_DIR [NAME...]
       NAME: user-consumer user-api log-api log-worker query-service (default: all)
EOF
    exit 2
}

for cmd in curl ss ps setsid; do
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd not found — run: make deps"
done

port_var() { # user-api → USER_API_PORT
    local v=${1^^}
    echo "${v//-/_}_PORT"
}
default_port() {
    local s
    for s in "${SERVICES[@]}"; do [[ ${s%%:*} == "$1" ]] && echo "${s#*:}"; done
}
port_of() { # the port chosen now (env or default)
    local var
    var=$(port_var "$1")
    echo "${!var:-$(default_port "$1")}"
}
pidfile() { echo "$RUN_DIR/services/$1.pid"; }
portfile() { echo "$RUN_DIR/services/$1.port"; }
logfile() { echo "$RUN_DIR/logs/$1.log"; }
recorded_port() { # the port it was started on (falls back to the one chosen now)
    if [[ -s $(portfile "$1") ]]; then cat "$(portfile "$1")"; else port_of "$1"; fi
}

port_listening() { [[ -n $(ss -Hltn "sport = :$1" 2>/dev/null) ]]; }
port_owner() { ss -Hltnp "sport = :$1" 2>/dev/null | head -n 1 | sed 's/.*users:/users:/'; }

# alive and ours; a zombie (PID 1 here does not always reap) counts as gone
pid_ours() {
    [[ $1 =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null || return 1
    local stat
    stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [[ -n $stat && $stat != Z* ]] || return 1
    grep -qzFx -- "$MARKER=$RUN_DIR" "/proc/$1/environ" 2>/dev/null
}
service_pid() { if [[ -f $(pidfile "$1") ]]; then tr -dc '0-9' <"$(pidfile "$1")"; fi; }
running() { pid_ours "$(service_pid "$1")"; }

ready_code() { # NAME → HTTP status of /health/ready (000: no answer)
    curl -s -m 3 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(recorded_port "$1")/health/ready" 2>/dev/null || true
}

tail_log() {
    say "last lines of $1:"
    if [[ -s $1 ]]; then tail -n 30 "$1" | sed 's/^/    /' >&2; else say "    (empty)"; fi
}

set_run_dir() {
    [[ -n ${1:-} ]] || usage
    [[ $1 != *[[:space:]]* ]] || die "RUN_DIR must not contain white space: '$1'"
    mkdir -p "$1"
    RUN_DIR=$(cd "$1" && pwd -P)
}

select_services() { # NAME... → SELECTED (all when none given)
    SELECTED=()
    local s
    if (($# == 0)); then
        for s in "${SERVICES[@]}"; do SELECTED+=("${s%%:*}"); done
        return
    fi
    for s in "$@"; do
        [[ -n $(default_port "$s") ]] || die "unknown service '$s'"
        SELECTED+=("$s")
    done
}

# servers.env → ENV_LINES (KEY=VALUE, comments and blank lines skipped)
read_servers_env() {
    local f=$RUN_DIR/servers.env line
    [[ -f $f ]] || die "$f not found: start the servers first: deploy/local/servers.sh start $RUN_DIR"
    ENV_LINES=()
    while IFS= read -r line || [[ -n $line ]]; do
        [[ -z $line || $line == \#* ]] && continue
        [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "$f: not a KEY=VALUE line: $line"
        ENV_LINES+=("$line")
    done <"$f"
}

# Debian's librdkafka 2.0.2 cannot talk to the local Kafka broker (Tansu); when Kafka is in
# servers.env, services get LD_LIBRARY_PATH=RUN_DIR/lib with librdkafka.so.1 linked to the 2.16
# bundled in PyPI confluent-kafka (deploy/local/rdkafka-runtime.sh, which also honours
# RDKAFKA_LIBDIR=DIR|none).
rdkafka_libdir() { "$ROOT/deploy/local/rdkafka-runtime.sh" "$RUN_DIR/lib"; }

# ---------------------------------------------------------------------------------------- start

cmd_start() {
    set_run_dir "${1:-}"
    shift
    select_services "$@"
    read_servers_env
    mkdir -p "$RUN_DIR/logs" "$RUN_DIR/services"

    local name exe port missing=() extra=() libdir
    for name in "${SELECTED[@]}"; do
        [[ -x $BUILD_DIR/$MODE/$name ]] || missing+=("$name")
    done
    if ((${#missing[@]})); then
        die "not built: ${missing[*]/#/$BUILD_DIR/$MODE/} — build them with: make executables MODE=$MODE"
    fi
    if printf '%s\n' "${ENV_LINES[@]}" | grep -q '^KAFKA_BROKERS='; then
        libdir=$(rdkafka_libdir)
        if [[ -n $libdir ]]; then extra+=("LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"); fi
    fi

    local launched=() pending=()
    for name in "${SELECTED[@]}"; do
        if running "$name"; then
            pending+=("$name")
            continue
        fi
        port=$(port_of "$name")
        if port_listening "$port"; then
            die "$name: port $port is already in use: $(port_owner "$port") (set $(port_var "$name") to use another)"
        fi
        exe=$BUILD_DIR/$MODE/$name
        echo "$port" >"$(portfile "$name")"
        printf '\n===== %s: starting %s on 127.0.0.1:%s\n' "$(date '+%F %T')" "$exe" "$port" >>"$(logfile "$name")"
        # setsid: its own process group, out of reach of a Ctrl-C on the caller's terminal;
        # </dev/null and the log: nothing tied to the caller's pipes (make would wait for them).
        (
            cd "$ROOT"
            for fd in /proc/"$BASHPID"/fd/*; do
                fd=${fd##*/}
                if ((fd > 2)); then exec {fd}>&-; fi
            done
            exec env "${ENV_LINES[@]}" "${extra[@]}" HTTP_HOST=127.0.0.1 HTTP_PORT="$port" \
                LOG_FORMAT="${LOG_FORMAT:-text}" "$MARKER=$RUN_DIR" setsid "$exe" \
                </dev/null >>"$(logfile "$name")" 2>&1
        ) &
        echo "$!" >"$(pidfile "$name")"
        launched+=("$name")
        pending+=("$name")
    done

    # Wait for all of them at once, until each answers 200 on /health/ready.
    local deadline=$((SECONDS + READY_TIMEOUT)) failed=() still=() code
    while ((${#pending[@]})); do
        still=()
        for name in "${pending[@]}"; do
            code=$(ready_code "$name")
            if [[ $code == 200 ]]; then
                printf '%-14s %-24s ready\n' "$name" "http://127.0.0.1:$(recorded_port "$name")"
            elif ! running "$name"; then
                say "$name exited during startup"
                failed+=("$name")
            elif ((SECONDS >= deadline)); then
                say "$name did not answer 200 on /health/ready within ${READY_TIMEOUT}s (last: $code)"
                failed+=("$name")
            else
                still+=("$name")
            fi
        done
        pending=("${still[@]}")
        if ((${#pending[@]})); then sleep 0.2; fi
    done
    if ((${#failed[@]})); then
        for name in "${failed[@]}"; do
            tail_log "$(logfile "$name")"
            stop_one "$name" >/dev/null 2>&1 || true # a half-started service must not linger
        done
        die "failed to start: ${failed[*]} (logs in $RUN_DIR/logs/)"
    fi
}

# ----------------------------------------------------------------------------------------- stop

# stop_one NAME — SIGTERM, wait for the graceful shutdown, SIGKILL past STOP_TIMEOUT; port free?
stop_one() {
    local name=$1 pid port deadline
    pid=$(service_pid "$name")
    port=$(recorded_port "$name")
    if pid_ours "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + STOP_TIMEOUT))
        while pid_ours "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
        if pid_ours "$pid"; then
            say "$name (pid $pid) did not exit within ${STOP_TIMEOUT}s of SIGTERM: killed with SIGKILL"
            kill -KILL -- "-$pid" "$pid" 2>/dev/null || true
            sleep 0.3
        else
            echo "stopped $name"
        fi
    fi
    rm -f "$(pidfile "$name")"
    if port_listening "$port"; then
        say "error: $name's port $port is still listening: $(port_owner "$port")"
        return 1
    fi
}

cmd_stop() {
    [[ -n ${1:-} ]] || usage
    if [[ ! -d $1/services ]]; then
        echo "nothing to stop in $1"
        return 0
    fi
    set_run_dir "$1"
    shift
    select_services "$@"
    # In parallel: each may take its time to finish what it holds.
    local name jobs=() rc=0 i=0
    for name in "${SELECTED[@]}"; do
        if [[ -f $(pidfile "$name") ]]; then
            stop_one "$name" &
            jobs+=("$!")
        fi
    done
    for ((i = 0; i < ${#jobs[@]}; i++)); do wait "${jobs[i]}" || rc=1; done
    return "$rc"
}

# --------------------------------------------------------------------------------------- status

cmd_status() {
    [[ -n ${1:-} ]] || usage
    [[ -d $1 ]] || die "$1 does not exist"
    RUN_DIR=$(cd "$1" && pwd -P)
    shift
    select_services "$@"
    local name url body code rc=0
    for name in "${SELECTED[@]}"; do
        url=http://127.0.0.1:$(recorded_port "$name")
        if [[ ! -f $(pidfile "$name") ]]; then
            printf '%-14s %-24s not started\n' "$name" "$url"
            continue
        fi
        body=$(curl -s -m 3 -w '\n%{http_code}' "$url/health/ready" 2>/dev/null || true)
        code=${body##*$'\n'}
        body=${body%$'\n'*}
        [[ $body == "$code" ]] && body=
        [[ $code == 200 ]] || rc=1
        [[ $code == 000 ]] && body="(no answer$(running "$name" || echo ', process not running'))"
        printf '%-14s %-24s %s %s\n' "$name" "$url" "$code" "$(tr -s '\n' ' ' <<<"$body" | cut -c1-300)"
    done
    return "$rc"
}

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
