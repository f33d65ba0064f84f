# shellcheck shell=bash
# What every benchmark script does before and after measuring, written once. Source it from a
# bench/<name>/run.sh after `set -euo pipefail`:
#
#   bench_name=file-upload
#   source "$root/bench/lib.sh"
#   load_servers "$servers_env" POSTGRES_URL AMQP_URL   # fills ${server[NAME]}, loopback only
#   require_tools psql curl
#   binary=$(build "$root/services/log-api" log-api)   # release, into $scratch
#
# It gives: `log`; the servers' variables in the associative array `server`; `build`; processes
# started with `track_process PID`, databases made with `new_database NAME` and the folder
# `make_work_dir` puts in $work, all stopped, dropped and removed on exit, then the functions named
# with `on_exit NAME` (the script's own clean-up); `database_url`,
# `free_port`, `now`, `elapsed`. Traffic stays on 127.0.0.1: a server variable elsewhere stops the script.

: "${bench_name:?set bench_name before sourcing bench/lib.sh}"
: "${root:?set root (the repository) before sourcing bench/lib.sh}"
scratch=${SCRATCH:-$root/.build}
export SWIFT_DETERMINISTIC_HASHING=1 # stable compiler flags: no needless rebuilds (docs/building.md)

log() { echo "$bench_name: $*" >&2; }

declare -A server
# load_servers SERVERS_ENV NAME...: every variable of SERVERS_ENV into ${server[…]}; each NAME must be
# there and point at loopback.
load_servers() {
    local file=$1 name value
    shift
    while IFS='=' read -r name value; do
        [[ $name =~ ^[A-Z_0-9]+$ ]] && server[$name]=$value
    done <"$file"
    for name in "$@"; do
        [[ -n ${server[$name]:-} ]] || { log "no $name in $file"; exit 1; }
        [[ ${server[$name]} =~ @127\.[0-9.]+:|//127\.[0-9.]+:|@localhost:|//localhost:|^127\.[0-9.]+:|^localhost: ]] ||
            { log "refusing a server that is not on loopback: $name=${server[$name]}"; exit 1; }
    done
}

require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { log "$tool is missing (make deps)"; exit 1; }
    done
}

# build PACKAGE_DIR PRODUCT: a release build into $scratch; prints the binary's path.
build() { SCRATCH=$scratch "$root/deploy/build-product.sh" "$1" "$2"; }

bench_pids=() # processes this script started, stopped on exit
bench_databases=() # databases this script created, dropped on exit
work=""     # this run's scratch folder (make_work_dir), removed on exit
exit_hooks=() # the script's own clean-up functions, run on exit
on_exit() { exit_hooks+=("$1"); }
track_process() { bench_pids+=("$1"); }
stop_started() {
    local pid
    for pid in "${bench_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${bench_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    bench_pids=()
}
bench_cleanup() {
    local db
    stop_started
    for db in "${bench_databases[@]}"; do
        psql -q "${server[POSTGRES_URL]}" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    done
    local hook
    for hook in "${exit_hooks[@]}"; do "$hook" || true; done
    if [[ -n $work ]]; then rm -rf "$work"; fi
}
trap bench_cleanup EXIT

make_work_dir() { work=$(mktemp -d "/tmp/$bench_name-bench.XXXXXX"); }
database_url() { echo "${server[POSTGRES_URL]%/*}/$1"; }
new_database() { # NAME: created empty, dropped at exit
    psql -q "${server[POSTGRES_URL]}" -c "CREATE DATABASE $1" >/dev/null
    bench_databases+=("$1")
}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
