#!/usr/bin/env bash
# Run Tributary's five long-running services as plain processes on 127.0.0.1 (`make up`), each as
# any number of replicas behind one gateway port.
#
#   services.sh start  RUN_DIR [NAME...]   start (NAME: default all five), wait for /health/ready
#   services.sh scale  RUN_DIR NAME N      run N replicas of NAME (N ≥ 0): start the missing ones,
#                                          or stop the newest ones (SIGTERM, graceful)
#   services.sh stop   RUN_DIR [NAME...]   SIGTERM every replica, up to 20 s each, then SIGKILL
#   services.sh status RUN_DIR [NAME...]   per service its gateway URL and /health/ready through it,
#                                          then every replica: pid, port, /health/ready status
#
# A replica is the same executable with the same environment; only its HTTP_PORT differs (a free
# port the kernel picks). Workers compete on their queue by themselves. Every service's documented
# port (user-consumer 8081, user-api 8082, log-api 8083, log-worker 8084, query-service 8085, or
# USER_CONSUMER_PORT … QUERY_SERVICE_PORT) belongs to one nginx gateway process for all of them
# (Hummingbird has no SO_REUSEPORT), which spreads requests over the ready replicas: a replica joins
# it once it answers 200 on /health/ready, and leaves it (nginx -s reload, in-flight requests
# finish) before it is sent SIGTERM, so scaling drops no request. Answers through the gateway carry
# X-Tributary-Replica: the replica's address.
#
# How many: `start` runs USER_CONSUMER_REPLICAS … QUERY_SERVICE_REPLICAS when set (the names
# docker-compose.yml reads), else keeps what runs, else 1.
#
# The executables must already be built, at $BUILD_DIR/$MODE/<name> (BUILD_DIR defaults to the
# repository's .build, the shared scratch folder; MODE is release, or debug: `make up` builds them
# with deploy/build-product.sh). The servers must already run from RUN_DIR (deploy/local/servers.sh
# start RUN_DIR): each replica gets the lines of RUN_DIR/servers.env in its environment, plus
# HTTP_HOST=127.0.0.1, HTTP_PORT and LOG_FORMAT=text.
#
# Layout: RUN_DIR/services/<name>/<i>.pid and <i>.port per replica (i counts up: the highest is the
# newest), gateway.port; RUN_DIR/gateway/ the nginx configuration and pidfile; logs in
# RUN_DIR/logs/<name>.<i>.log and gateway.log.
# Timeouts: SERVICES_READY_TIMEOUT (60 s), SERVICES_STOP_TIMEOUT (20 s).
set -euo pipefail

readonly SERVICES=(user-consumer:8081 user-api:8082 log-api:8083 log-worker:8084 query-service:8085)
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd "$HERE/../.." && pwd -P)
readonly HERE ROOT
readonly BUILD_DIR=${BUILD_DIR:-$ROOT/.build}
readonly MODE=${MODE:-release}
[[ $MODE == release || $MODE == debug ]] || { echo "services.sh: MODE must be release or debug, not '$MODE'" >&2; exit 2; }
readonly READY_TIMEOUT=${SERVICES_READY_TIMEOUT:-60}
readonly STOP_TIMEOUT=${SERVICES_STOP_TIMEOUT:-20}
# Every process we start carries this variable (value: RUN_DIR): a pidfile whose PID was reused by
# another program is never signalled.
readonly MARKER=TRIBUTARY_SERVICES_DIR
readonly NGINX=${NGINX:-nginx}

# port_listening, port_owner, free_ports, pid_alive
# shellcheck source=deploy/local/processes.sh
source "$HERE/processes.sh"

RUN_DIR=

say() { printf 'services.sh: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}
usage() {
    cat >&2 <<'EOF'
usage: services.sh start|stop|status RUN_DIR [NAME...]
       services.sh scale RUN_DIR NAME N
       NAME: user-consumer user-api log-api log-worker query-service (default: all)
EOF
    exit 2
}

for cmd in curl ss ps setsid python3; do
    command -v "$cmd" >/dev/null 2>&1 || die "$cmd not found — run: make deps"
done

env_name() { # user-api PORT → USER_API_PORT
    local v=${1^^}
    echo "${v//-/_}_$2"
}
default_port() {
    local s
    for s in "${SERVICES[@]}"; do [[ ${s%%:*} == "$1" ]] && echo "${s#*:}"; done
}
known_service() {
    [[ -n $(default_port "$1") ]] && return 0
    if [[ $1 == csv-producer ]]; then
        die "csv-producer is a command line, not a long-running service: run several \`csv-producer publish FILE\` at once to publish files in parallel (they share the queue; user-consumer's replicas share the work)"
    fi
    die "unknown service '$1' (one of: user-consumer user-api log-api log-worker query-service)"
}

service_dir() { echo "$RUN_DIR/services/$1"; }
gateway_dir() { echo "$RUN_DIR/gateway"; }
chosen_port() { # the gateway port chosen now (env or default)
    local var
    var=$(env_name "$1" PORT)
    echo "${!var:-$(default_port "$1")}"
}
gateway_port() { # the port its replicas were started behind, else the one chosen now
    local f
    f=$(service_dir "$1")/gateway.port
    if [[ -s $f ]]; then cat "$f"; else chosen_port "$1"; fi
}
logfile() { echo "$RUN_DIR/logs/$1.$2.log"; }

# alive and ours; a zombie (PID 1 here does not always reap) counts as gone
pid_ours() {
    pid_alive "$1" || return 1
    grep -qzFx -- "$MARKER=$RUN_DIR" "/proc/$1/environ" 2>/dev/null
}
read_pid() { if [[ -f $1 ]]; then tr -dc '0-9' 2>/dev/null <"$1" || true; fi; }

# replicas NAME — the indices of its recorded replicas, oldest first
replicas() {
    local f
    for f in "$(service_dir "$1")"/*.pid; do
        [[ -f $f ]] || continue
        f=${f##*/}
        echo "${f%.pid}"
    done | sort -n
}
replica_pid() { read_pid "$(service_dir "$1")/$2.pid"; }
replica_port() { cat "$(service_dir "$1")/$2.port" 2>/dev/null || true; }
replica_running() { pid_ours "$(replica_pid "$1" "$2")"; }
ready_code() { # PORT → HTTP status of /health/ready (000: no answer)
    curl -s -m 3 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health/ready" 2>/dev/null || true
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
        known_service "$s"
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
    # Debian's librdkafka 2.0.2 cannot talk to the local Kafka broker (Tansu); when Kafka is in
    # servers.env, services get LD_LIBRARY_PATH=RUN_DIR/lib with librdkafka.so.1 linked to the 2.16
    # bundled in PyPI confluent-kafka (deploy/local/rdkafka-runtime.sh, which also honours
    # RDKAFKA_LIBDIR=DIR|none).
    local libdir
    if printf '%s\n' "${ENV_LINES[@]}" | grep -q '^KAFKA_BROKERS='; then
        libdir=$("$ROOT/deploy/local/rdkafka-runtime.sh" "$RUN_DIR/lib")
        if [[ -n $libdir ]]; then ENV_LINES+=("LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"); fi
    fi
}

# ------------------------------------------------------------------------------------ gateway
# One nginx process (master + one worker) for every service of RUN_DIR, configured from the
# replicas that are ready; regenerated and reloaded on every change. How it proxies (streaming,
# upgrades, retries, the X-Tributary-Replica header) is deploy/gateway/proxy.conf, which compose's
# gateway includes too.

gateway_pid() { read_pid "$(gateway_dir)/nginx.pid"; }
# nginx writes its process title over its environment, so the marker is gone: it is ours when its
# command line names our configuration file.
gateway_running() {
    local pid
    pid=$(gateway_pid)
    pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-c $(gateway_dir)/nginx.conf "
}
gateway_workers() { # the worker processes of the running gateway
    local pid
    pid=$(gateway_pid)
    [[ -n $pid ]] && ps -o pid= --ppid "$pid" 2>/dev/null | tr -d ' '
}

# write_gateway_config — RUN_DIR/gateway/nginx.conf from every service's ready replicas (the files
# services/<name>/<i>.ready); a service without one has no server block, so its port is closed.
write_gateway_config() {
    local dir name i any=0 conf
    dir=$(gateway_dir)
    mkdir -p "$dir/temp"
    conf=$(mktemp "$dir/nginx.conf.XXXXXX")
    {
        cat <<EOF
# Generated by deploy/local/services.sh: do not edit, it is rewritten on every scale change.
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $RUN_DIR/logs/gateway.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/temp/client;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    include $ROOT/deploy/gateway/proxy.conf;
EOF
        for name in "${ALL_NAMES[@]}"; do
            local ready=()
            for i in $(replicas "$name"); do
                [[ -f $(service_dir "$name")/$i.ready ]] && ready+=("$(replica_port "$name" "$i")")
            done
            ((${#ready[@]})) || continue
            any=1
            printf '\n    upstream %s {\n' "$name"
            printf '        server 127.0.0.1:%s max_fails=1 fail_timeout=2s;\n' "${ready[@]}"
            printf '        keepalive 32;\n    }\n'
            cat <<EOF
    server {
        listen 127.0.0.1:$(gateway_port "$name");
        location / { proxy_pass http://$name; }
    }
EOF
        done
        echo "}"
    } >"$conf"
    mv -f "$conf" "$dir/nginx.conf"
    GATEWAY_HAS_SERVERS=$any
}

# apply_gateway — bring the running gateway in line with the configuration: start it, reload it
# (and wait until the workers of the previous configuration have finished their requests and
# exited, so that a replica taken out can then be stopped without cutting one), or stop it.
apply_gateway() {
    command -v "$NGINX" >/dev/null 2>&1 || die "$NGINX not found — run: make deps (Debian nginx-light)"
    write_gateway_config
    local dir=$RUN_DIR/gateway out
    if ! out=$("$NGINX" -t -q -p "$dir" -c "$dir/nginx.conf" -e "$RUN_DIR/logs/gateway.log" 2>&1); then
        die "the gateway configuration $dir/nginx.conf is invalid: $out"
    fi
    local name port gw
    gw=$(gateway_pid)
    for name in "${ALL_NAMES[@]}"; do
        [[ -n $(replicas "$name") ]] || continue
        port=$(gateway_port "$name")
        if port_listening "$port" && ! { gateway_running && port_owner "$port" | grep -qF "pid=$gw,"; }; then
            die "$name: port $port is already in use: $(port_owner "$port") (set $(env_name "$name" PORT) to use another)"
        fi
    done
    if gateway_running; then
        if ((GATEWAY_HAS_SERVERS == 0)); then
            stop_gateway
            return
        fi
        local old=() w deadline
        mapfile -t old < <(gateway_workers)
        kill -HUP "$(gateway_pid)" # what `nginx -s reload` sends
        deadline=$((SECONDS + STOP_TIMEOUT))
        for w in "${old[@]}"; do
            while pid_alive "$w" && ((SECONDS < deadline)); do sleep 0.1; done
        done
        return
    fi
    ((GATEWAY_HAS_SERVERS)) || return 0
    (
        for fd in /proc/"$BASHPID"/fd/*; do
            fd=${fd##*/}
            if ((fd > 2)); then exec {fd}>&-; fi
        done
        exec env "$MARKER=$RUN_DIR" setsid "$NGINX" -p "$dir" -c "$dir/nginx.conf" -e "$RUN_DIR/logs/gateway.log" \
            </dev/null >>"$RUN_DIR/logs/gateway.out" 2>&1
    ) &
    local deadline=$((SECONDS + 10))
    until gateway_running && [[ -n $(gateway_workers) ]]; do
        if ((SECONDS >= deadline)); then
            tail_log "$RUN_DIR/logs/gateway.log"
            die "the gateway (nginx) did not start"
        fi
        sleep 0.1
    done
}

stop_gateway() {
    local pid deadline
    gateway_running || return 0
    pid=$(gateway_pid)
    kill -QUIT "$pid" 2>/dev/null || true # graceful: finish the requests in flight
    deadline=$((SECONDS + STOP_TIMEOUT))
    while gateway_running && ((SECONDS < deadline)); do sleep 0.1; done
    if gateway_running; then kill -KILL "$pid" 2>/dev/null || true; fi
    echo "stopped the gateway"
}

# ------------------------------------------------------------------------------------ replicas

# launch NAME COUNT — start COUNT new replicas of NAME on free ports → LAUNCHED ("name:i" each)
launch() {
    local name=$1 count=$2 exe=$BUILD_DIR/$MODE/$1 dir i last ports=() k
    [[ -x $exe ]] || die "not built: $exe — build it with: make executables MODE=$MODE"
    dir=$(service_dir "$name")
    mkdir -p "$dir" "$RUN_DIR/logs"
    [[ -n $(replicas "$name") ]] || chosen_port "$name" >"$dir/gateway.port"
    read -ra ports <<<"$(free_ports "$count" "$(gateway_port "$name")")"
    last=$(cat "$dir/last-index" 2>/dev/null || echo 0)
    for ((k = 0; k < count; k++)); do
        i=$((last + k + 1))
        echo "$i" >"$dir/last-index"
        echo "${ports[k]}" >"$dir/$i.port"
        rm -f "$dir/$i.ready"
        printf '\n===== %s: starting %s on 127.0.0.1:%s (replica %s)\n' "$(date '+%F %T')" "$exe" "${ports[k]}" "$i" >>"$(logfile "$name" "$i")"
        # setsid: its own process group, out of reach of a Ctrl-C on the caller's terminal;
        # </dev/null and the log: nothing tied to the caller's pipes (make would wait for them).
        (
            cd "$ROOT"
            for fd in /proc/"$BASHPID"/fd/*; do
                fd=${fd##*/}
                if ((fd > 2)); then exec {fd}>&-; fi
            done
            exec env "${ENV_LINES[@]}" HTTP_HOST=127.0.0.1 HTTP_PORT="${ports[k]}" \
                LOG_FORMAT="${LOG_FORMAT:-text}" "$MARKER=$RUN_DIR" setsid "$exe" \
                </dev/null >>"$(logfile "$name" "$i")" 2>&1
        ) &
        echo "$!" >"$dir/$i.pid"
        LAUNCHED+=("$name:$i")
    done
}

# await_ready "name:i"... — until each answers 200 on /health/ready (then marked .ready), or exits,
# or READY_TIMEOUT passes; the failed ones are stopped and reported, and the call fails.
await_ready() {
    local pending=("$@") still failed=() r name i code deadline=$((SECONDS + READY_TIMEOUT))
    while ((${#pending[@]})); do
        still=()
        for r in "${pending[@]}"; do
            name=${r%%:*} i=${r#*:}
            code=$(ready_code "$(replica_port "$name" "$i")")
            if [[ $code == 200 ]]; then
                touch "$(service_dir "$name")/$i.ready"
            elif ! replica_running "$name" "$i"; then
                say "$name replica $i exited during startup"
                failed+=("$r")
            elif ((SECONDS >= deadline)); then
                say "$name replica $i did not answer 200 on /health/ready within ${READY_TIMEOUT}s (last: $code)"
                failed+=("$r")
            else
                still+=("$r")
            fi
        done
        pending=("${still[@]}")
        if ((${#pending[@]})); then sleep 0.2; fi
    done
    ((${#failed[@]})) || return 0
    for r in "${failed[@]}"; do
        tail_log "$(logfile "${r%%:*}" "${r#*:}")"
        stop_replica "${r%%:*}" "${r#*:}" >/dev/null 2>&1 || true # a half-started one must not linger
    done
    say "failed to start: ${failed[*]} (logs in $RUN_DIR/logs/)"
    return 1
}

# stop_replica NAME I — SIGTERM, wait for the graceful shutdown, SIGKILL past STOP_TIMEOUT; port free?
stop_replica() {
    local name=$1 i=$2 pid port deadline dir
    dir=$(service_dir "$name")
    pid=$(replica_pid "$name" "$i")
    port=$(replica_port "$name" "$i")
    if pid_ours "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + STOP_TIMEOUT))
        while pid_ours "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
        if pid_ours "$pid"; then
            say "$name replica $i (pid $pid) did not exit within ${STOP_TIMEOUT}s of SIGTERM: killed with SIGKILL"
            kill -KILL -- "-$pid" "$pid" 2>/dev/null || true
            sleep 0.3
        else
            echo "stopped $name replica $i (pid $pid, port $port)"
        fi
    fi
    rm -f "$dir/$i.pid" "$dir/$i.port" "$dir/$i.ready"
    if [[ -n $port ]] && port_listening "$port"; then
        say "error: $name replica $i's port $port is still listening: $(port_owner "$port")"
        return 1
    fi
}

# stop_single NAME — a service started before replicas existed (RUN_DIR/services/<name>.pid and
# .port), so that `make down` after an upgrade still stops it
stop_single() {
    local pidfile=$RUN_DIR/services/$1.pid pid deadline
    [[ -f $pidfile ]] || return 0
    pid=$(read_pid "$pidfile")
    if pid_ours "$pid"; then
        kill -TERM "$pid" 2>/dev/null || true
        deadline=$((SECONDS + STOP_TIMEOUT))
        while pid_ours "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
        if pid_ours "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
        echo "stopped $1 (pid $pid)"
    fi
    rm -f "$pidfile" "$RUN_DIR/services/$1.port"
}

# stop_replicas "name:i"... — in parallel: each may take its time to finish what it holds
stop_replicas() {
    local r jobs=() rc=0 k
    for r in "$@"; do
        stop_replica "${r%%:*}" "${r#*:}" &
        jobs+=("$!")
    done
    for ((k = 0; k < ${#jobs[@]}; k++)); do wait "${jobs[k]}" || rc=1; done
    return "$rc"
}

# forget_dead NAME — drop the records of replicas that are no longer running (crashed, killed)
forget_dead() {
    local i
    for i in $(replicas "$1"); do
        replica_running "$1" "$i" || rm -f "$(service_dir "$1")/$i".{pid,port,ready}
    done
}

# scale_to "name:N"... — start or stop replicas until each named service has N; one gateway
# change for all of them
scale_to() {
    local spec name want have launch_list=() doomed=() all i
    LAUNCHED=()
    for spec in "$@"; do
        name=${spec%%:*} want=${spec#*:}
        forget_dead "$name"
        mapfile -t all < <(replicas "$name")
        have=${#all[@]}
        if ((want > have)); then
            launch "$name" $((want - have))
        elif ((want < have)); then
            for ((i = want; i < have; i++)); do doomed+=("$name:${all[i]}"); done
        fi
    done
    launch_list=("${LAUNCHED[@]}")
    # Every replica that runs but is not in the gateway yet (just launched, or a restart) joins
    # once ready; a failure to start is reported after the others have joined.
    local waiting=() rc=0
    for spec in "$@"; do
        name=${spec%%:*}
        for i in $(replicas "$name"); do
            [[ -f $(service_dir "$name")/$i.ready ]] || waiting+=("$name:$i")
        done
    done
    ((${#waiting[@]} == 0)) || await_ready "${waiting[@]}" || rc=1
    # Out of the gateway first (old workers finish their requests), then SIGTERM.
    for spec in "${doomed[@]}"; do rm -f "$(service_dir "${spec%%:*}")/${spec#*:}.ready"; done
    apply_gateway
    ((${#doomed[@]} == 0)) || stop_replicas "${doomed[@]}" || rc=1
    ((${#launch_list[@]} == 0)) || print_ready "${launch_list[@]}"
    return "$rc"
}

print_ready() {
    local r
    for r in "$@"; do
        [[ -f $(service_dir "${r%%:*}")/${r#*:}.ready ]] || continue
        printf '%-14s replica %-3s %-24s ready (via http://127.0.0.1:%s)\n' "${r%%:*}" "${r#*:}" \
            "http://127.0.0.1:$(replica_port "${r%%:*}" "${r#*:}")" "$(gateway_port "${r%%:*}")"
    done
}

# --------------------------------------------------------------------------------------- commands

readonly ALL_NAMES=("${SERVICES[@]%%:*}")

cmd_start() {
    set_run_dir "${1:-}"
    shift
    select_services "$@"
    read_servers_env
    local name var want specs=() count
    for name in "${SELECTED[@]}"; do
        var=$(env_name "$name" REPLICAS)
        want=${!var:-}
        if [[ -n $want ]]; then
            [[ $want =~ ^[0-9]+$ ]] || die "$var must be a whole number, not '$want'"
        else
            forget_dead "$name"
            count=$(replicas "$name" | wc -l)
            want=$((count > 0 ? count : 1))
        fi
        specs+=("$name:$want")
    done
    scale_to "${specs[@]}"
}

cmd_scale() {
    (($# == 3)) || usage
    set_run_dir "$1"
    known_service "$2"
    if ! [[ $3 =~ ^[0-9]+$ ]] || (($3 > 64)); then die "N must be a whole number from 0 to 64, not '$3'"; fi
    read_servers_env
    scale_to "$2:$3"
    echo "$2: $3 replica(s)"
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
    local name i doomed=() rc=0
    for name in "${SELECTED[@]}"; do
        for i in $(replicas "$name"); do
            doomed+=("$name:$i")
            rm -f "$(service_dir "$name")/$i.ready"
        done
    done
    # The gateway first: no new request reaches a replica that is about to stop.
    if gateway_running; then apply_gateway; fi
    for name in "${SELECTED[@]}"; do stop_single "$name" || rc=1; done
    ((${#doomed[@]} == 0)) || stop_replicas "${doomed[@]}" || rc=1
    for name in "${SELECTED[@]}"; do
        [[ -n $(replicas "$name") ]] || rm -f "$(service_dir "$name")/gateway.port"
    done
    for name in "${SELECTED[@]}"; do
        if port_listening "$(gateway_port "$name")" && ! gateway_running; then
            say "error: $name's port $(gateway_port "$name") is still listening: $(port_owner "$(gateway_port "$name")")"
            rc=1
        fi
    done
    return "$rc"
}

cmd_status() {
    [[ -n ${1:-} ]] || usage
    [[ -d $1 ]] || die "$1 does not exist"
    RUN_DIR=$(cd "$1" && pwd -P)
    shift
    select_services "$@"
    local name url body code rc=0 i pid port state
    for name in "${SELECTED[@]}"; do
        url=http://127.0.0.1:$(gateway_port "$name")
        if [[ -z $(replicas "$name") ]]; then
            printf '%-14s %-24s not started\n' "$name" "$url"
            continue
        fi
        body=$(curl -s -m 3 -w '\n%{http_code}' "$url/health/ready" 2>/dev/null || true)
        code=${body##*$'\n'}
        body=${body%$'\n'*}
        [[ $body == "$code" ]] && body=
        [[ $code == 200 ]] || rc=1
        [[ $code == 000 ]] && body="(no answer$(gateway_running || echo ', gateway not running'))"
        printf '%-14s %-24s %s %s\n' "$name" "$url" "$code" "$(tr -s '\n' ' ' <<<"$body" | cut -c1-300)"
        for i in $(replicas "$name"); do
            pid=$(replica_pid "$name" "$i")
            port=$(replica_port "$name" "$i")
            if ! replica_running "$name" "$i"; then
                state="not running"
                rc=1
            else
                code=$(ready_code "$port")
                case $code in
                    200) state=ready ;;
                    000) state="not ready (no answer)" ;;
                    *) state="not ready ($code)" ;;
                esac
                [[ $code == 200 ]] || rc=1
                [[ -f $(service_dir "$name")/$i.ready ]] || state+=", not in the gateway"
            fi
            printf '  replica %-3s pid %-8s port %-6s %s\n' "$i" "$pid" "$port" "$state"
        done
    done
    return "$rc"
}

main() {
    local cmd=${1:-}
    (($#)) && shift
    case $cmd in
        start) cmd_start "$@" ;;
        scale) cmd_scale "$@" ;;
        stop) cmd_stop "$@" ;;
        status) cmd_status "$@" ;;
        *) usage ;;
    esac
}

main "$@"
