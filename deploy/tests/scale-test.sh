#!/usr/bin/env bash
# Scaling with `make up` (deploy/local/services.sh), against real servers and the release builds:
#
#   1. three log-workers share the queue; one is SIGKILLed while logs keep arriving through log-api;
#      every id log-api answered is then stored exactly once (rows compared with the ids sent);
#   2. three log-api replicas behind the one gateway port all serve: every replica's address shows
#      in X-Tributary-Replica and each replica's own hb_requests counter rises;
#   3. scaling log-api from 3 down to 1 while POST /log requests keep coming drops none of them;
#   4. `services.sh status` lists every replica with pid, port and readiness.
#
#   deploy/tests/scale-test.sh        (make scale-test: builds the release executables first)
#
# Everything runs in a throwaway folder on free ports (servers and gateway), stopped at the end.
# Settings: SCALE_TEST_REQUESTS (POST /logs requests of phase 1, 60), SCALE_TEST_BATCH (records
# per request, 100), SCALE_TEST_TIMEOUT (seconds to wait for the rows, 180). Exit 0 only if every
# check passed; the last line is "scale-test: N passed, M failed".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
readonly ROOT
# shellcheck source=deploy/local/processes.sh
source "$ROOT/deploy/local/processes.sh"
readonly REQUESTS=${SCALE_TEST_REQUESTS:-60}
readonly BATCH=${SCALE_TEST_BATCH:-100}
readonly TIMEOUT=${SCALE_TEST_TIMEOUT:-180}
export MODE=${MODE:-release}

passed=0
failed=0
say() { printf 'scale-test: %s\n' "$*"; }
pass() {
    passed=$((passed + 1))
    say "ok: $*"
}
fail() {
    failed=$((failed + 1))
    say "FAILED: $*" >&2
}

for cmd in curl jq psql; do
    command -v "$cmd" >/dev/null 2>&1 || {
        say "$cmd not found — run: make deps"
        exit 2
    }
done

dir=$(mktemp -d /tmp/tributary-scale.XXXXXX)
chmod 755 "$dir" # PostgreSQL runs as its own user and must reach its data folder below
cleanup() {
    "$ROOT/deploy/local/services.sh" stop "$dir" >/dev/null 2>&1 || true
    "$ROOT/deploy/local/servers.sh" stop "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

started=$SECONDS
say "servers in $dir"
FAST_UNSAFE=1 "$ROOT/deploy/local/servers.sh" start "$dir" postgres redis rabbitmq s3 >/dev/null
read -r LOG_API_PORT LOG_WORKER_PORT QUERY_SERVICE_PORT <<<"$(free_ports 3)"
export LOG_API_PORT LOG_WORKER_PORT QUERY_SERVICE_PORT
postgres_url=$(sed -n 's/^POSTGRES_URL=//p' "$dir/servers.env")
services() { "$ROOT/deploy/local/services.sh" "$1" "$dir" "${@:2}"; }
replica_ports() { # NAME → the ports of its running replicas, oldest first
    local f
    for f in "$dir/services/$1"/*.port; do
        [[ $f == */gateway.port ]] || cat "$f"
    done | sort -n
}
replica_pid_on() { # NAME PORT → pid of the replica listening there
    local f
    for f in "$dir/services/$1"/*.port; do
        if [[ $f != */gateway.port && $(cat "$f") == "$2" ]]; then cat "${f%.port}.pid"; fi
    done
}
metric_sum() { # PORT METRIC [TEXT] → the sum of its samples (those containing TEXT) on that replica
    curl -s -m 5 "http://127.0.0.1:$1/metrics" |
        awk -v m="$2" -v t="${3:-}" '(index($0, m "{") == 1 || $1 == m) && index($0, t) { s += $NF } END { printf "%d\n", s }'
}

# ------------------------------------------------------------------ 1. three log-workers, one killed
LOG_WORKER_REPLICAS=3 LOG_API_REPLICAS=1 services start log-api log-worker
mapfile -t workers < <(replica_ports log-worker)
if ((${#workers[@]} == 3)); then pass "three log-worker replicas ready (ports ${workers[*]})"; else fail "log-worker replicas: ${#workers[@]}, expected 3"; fi

tag="scale-test-$$-$RANDOM"
ids=$dir/sent-ids
: >"$ids"
victim=${workers[1]}
victim_pid=$(replica_pid_on log-worker "$victim")
killed_after=0
post_failures=0
for ((r = 1; r <= REQUESTS; r++)); do
    body=$(for ((k = 1; k <= BATCH; k++)); do printf '{"service":"%s","message":"request %d record %d","seq":%d}\n' "$tag" "$r" "$k" $(((r - 1) * BATCH + k)); done)
    answer=$(curl -s -m 30 -w '\n%{http_code}' -X POST "http://127.0.0.1:$LOG_API_PORT/logs" \
        -H 'Content-Type: application/x-ndjson' --data-binary "$body") || answer=$'\n000'
    if [[ ${answer##*$'\n'} == 202 ]]; then
        jq -r '.ids[]' <<<"${answer%$'\n'*}" >>"$ids"
    else
        post_failures=$((post_failures + 1))
    fi
    # Mid-load: once the victim has stored some rows of its own, and a third of the load is sent.
    if ((killed_after == 0 && r >= REQUESTS / 3)) && (($(metric_sum "$victim" log_worker_rows_inserted_total) > 0)); then
        kill -KILL "$victim_pid"
        killed_after=$r
        say "SIGKILLed log-worker on port $victim (pid $victim_pid) after request $r of $REQUESTS"
    fi
done
sent=$(wc -l <"$ids")
if ((post_failures == 0)); then pass "log-api accepted all $REQUESTS POST /logs ($sent ids)"; else fail "$post_failures of $REQUESTS POST /logs were not accepted"; fi
if ((killed_after > 0)); then pass "a worker was killed mid-load (after request $killed_after)"; else fail "the victim never stored a row before the load ended: nothing was killed"; fi

count_rows() { psql "$postgres_url" -XAtq -c "SELECT count(*) FROM logs WHERE service = '$tag'"; }
deadline=$((SECONDS + TIMEOUT))
while (($(count_rows) < sent && SECONDS < deadline)); do sleep 1; done
psql "$postgres_url" -XAtq -c "SELECT id FROM logs WHERE service = '$tag'" | sort >"$dir/stored-ids"
sort "$ids" >"$dir/sent-sorted"
missing=$(comm -23 "$dir/sent-sorted" "$dir/stored-ids" | wc -l)
extra=$(comm -13 "$dir/sent-sorted" "$dir/stored-ids" | wc -l)
twice=$(uniq -d "$dir/stored-ids" | wc -l)
stored=$(wc -l <"$dir/stored-ids")
if ((missing == 0 && extra == 0 && twice == 0 && stored == sent)); then
    pass "every one of the $sent logs stored exactly once (rows $stored)"
else
    fail "rows $stored for $sent ids sent: $missing missing, $extra unknown, $twice stored twice"
fi
# What the survivors did: one of them, at least, took over the killed one's unacknowledged work.
for p in "${workers[@]}"; do
    [[ $p == "$victim" ]] && continue
    say "log-worker on port $p inserted $(metric_sum "$p" log_worker_rows_inserted_total) rows"
done
services scale log-worker 1 >/dev/null

# ------------------------------------------------------------------ 2. three log-api replicas serve
services scale log-api 3 >/dev/null
mapfile -t apis < <(replica_ports log-api)
declare -A before=()
for p in "${apis[@]}"; do before[$p]=$(metric_sum "$p" hb_requests /health/live); done
: >"$dir/replicas-seen"
for ((r = 0; r < 90; r++)); do
    curl -s -m 5 -o /dev/null -D - "http://127.0.0.1:$LOG_API_PORT/health/live" |
        tr -d '\r' | sed -n 's/^x-tributary-replica: //Ip' >>"$dir/replicas-seen"
done
seen=$(sort -u "$dir/replicas-seen" | tr '\n' ' ')
expected=$(printf '127.0.0.1:%s\n' "${apis[@]}" | sort -u | tr '\n' ' ')
if ((${#apis[@]} == 3)) && [[ $seen == "$expected" ]]; then
    pass "all three log-api replicas answered through port $LOG_API_PORT ($seen)"
else
    fail "replicas seen through the gateway: '$seen', running: '$expected'"
fi
rose=0
for p in "${apis[@]}"; do
    after=$(metric_sum "$p" hb_requests /health/live)
    say "log-api on port $p: hb_requests of /health/live ${before[$p]} → $after"
    ((after > before[$p])) && rose=$((rose + 1))
done
if ((rose == 3)); then pass "each replica's own request counter rose"; else fail "the request counter rose on $rose of 3 replicas"; fi

# ------------------------------------------------------------------ 3. scaling down drops nothing
codes=$dir/codes
: >"$codes"
(
    end=$((SECONDS + 60))
    for ((r = 0; r < 2000 && SECONDS < end; r++)); do
        [[ -f $dir/stop-load ]] && break
        curl -s -m 30 -o /dev/null -w '%{http_code}\n' -X POST "http://127.0.0.1:$LOG_API_PORT/log" \
            -H 'Content-Type: application/json' -d "{\"service\":\"$tag-drain\",\"message\":\"$r\"}" >>"$codes" || echo 000 >>"$codes"
    done
) &
load=$!
sleep 1
services scale log-api 1 >/dev/null
sleep 1
touch "$dir/stop-load"
wait "$load"
total=$(wc -l <"$codes")
bad=$(grep -cv '^202$' "$codes" || true)
left=$(replica_ports log-api | wc -l)
if ((bad == 0 && total > 0 && left == 1)); then
    pass "log-api scaled 3 → 1 under load: $total POST /log, all 202"
else
    fail "scaling 3 → 1 under load: $bad of $total POST /log not 202 ($(sort "$codes" | uniq -c | tr -s ' \n' ' ')), $left replicas left"
fi

# ------------------------------------------------------------------ 4. status lists every replica
status=$(services status log-api log-worker || true)
lines=$(grep -c '^  replica .* pid [0-9]\+ .* port [0-9]\+ \+ready$' <<<"$status" || true)
if ((lines == 2)); then pass "status lists each replica with pid, port and readiness"; else
    fail "status:"$'\n'"$status"
fi

say "took $((SECONDS - started)) s"
say "$passed passed, $failed failed"
((failed == 0))
