#!/usr/bin/env bash
# Redis GET through the pool of shared/platform vs `redis-benchmark -t get`, same server, same
# concurrency, same 1 KiB value, same run. Usage: bench/redis/run.sh SERVERS_ENV
#
# Settings (environment): REQUESTS (200000 per round), CONCURRENCY (50), ROUNDS (3, alternating;
# the median of each is reported). Our client runs twice per round: with a pool of CONCURRENCY
# connections (one per concurrent request, exactly what redis-benchmark opens) and with the
# default pool size of 8 (the pool pipelines the 50 tasks' GETs over 8 connections). Traffic stays on 127.0.0.1; every round is bounded by REQUESTS and
# by a 60 s time limit.
# Prints Markdown table rows on stdout; details go to stderr.
set -euo pipefail

servers_env=${1:?usage: bench/redis/run.sh SERVERS_ENV}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
requests=${REQUESTS:-200000}
concurrency=${CONCURRENCY:-50}
pool_sizes=("$concurrency" 8)
rounds=${ROUNDS:-3}
value_size=1024

redis_url=$(sed -n 's/^REDIS_URL=//p' "$servers_env" | tail -n 1)
[[ $redis_url =~ ^redis://([^:/]+):([0-9]+) ]] || { echo "no REDIS_URL in $servers_env" >&2; exit 1; }
host=${BASH_REMATCH[1]}
port=${BASH_REMATCH[2]}
[[ $host == 127.* || $host == localhost ]] || { echo "refusing to benchmark a non-loopback host: $host" >&2; exit 1; }

command -v redis-benchmark >/dev/null || { echo "redis-benchmark missing: apt-get install -y redis-tools" >&2; exit 1; }

echo "building redis-bench (release)…" >&2
export SWIFT_DETERMINISTIC_HASHING=1  # stable compiler flags: no needless rebuilds (docs/building.md)
bench_bin=$(SCRATCH=$root/.build "$root/deploy/build-product.sh" "$here" redis-bench)

# Both clients read the key redis-benchmark's GET test uses; SET it to a 1 KiB value first.
redis-benchmark -h "$host" -p "$port" -t set -n 1 -c 1 -d "$value_size" -q >/dev/null

theirs=()
declare -A ours=()
for ((round = 1; round <= rounds; round++)); do
    line=$(timeout 120 redis-benchmark -h "$host" -p "$port" -t get -n "$requests" -c "$concurrency" \
        -d "$value_size" -q | tr '\r' '\n' | grep -E '^GET: ' | tail -n 1)
    rate=$(sed -E 's/^GET: ([0-9.]+) requests per second.*/\1/' <<<"$line")
    theirs+=("${rate%.*}")
    echo "round $round: redis-benchmark -c $concurrency: $line" >&2
    for pool_size in "${pool_sizes[@]}"; do
        out=$(timeout 120 "$bench_bin" --host "$host" --port "$port" --requests "$requests" \
            --concurrency "$concurrency" --pool-size "$pool_size" --value-size "$value_size" --time-limit 60)
        rate=$(sed -n 's/^requests_per_second=//p' <<<"$out")
        ours[$pool_size]+="$rate "
        echo "round $round: redis-bench, $concurrency tasks, pool $pool_size: $rate requests per second" >&2
    done
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
their_median=$(median "${theirs[@]}")
for pool_size in "${pool_sizes[@]}"; do
    # shellcheck disable=SC2086 # a list of numbers
    our_median=$(median ${ours[$pool_size]})
    ratio=$(awk -v a="$our_median" -v b="$their_median" 'BEGIN { printf "%.0f", 100 * a / b }')
    verdict=$(awk -v r="$ratio" 'BEGIN { print (r >= 70 ? "meets" : "below") }')
    echo "| Redis GET through the pool (1 KiB, $concurrency concurrent tasks, pool of $pool_size) | $our_median req/s | ≥ 70% of redis-benchmark -t get at the same concurrency | redis-benchmark -c $concurrency -d 1024: $their_median req/s; ratio $ratio% ($verdict the target; medians of $rounds rounds) |"
done
