#!/usr/bin/env bash
# Redis GET through the pool of shared/platform vs `redis-benchmark -t get`, same server, same
# concurrency, same 1 KiB value, same run. Usage: bench/redis/run.sh SERVERS_ENV
#
# Settings (environment): REQUESTS (200000 per round), CONCURRENCY (50), POOL_SIZE (50, one
# connection per concurrent request, as redis-benchmark has), ROUNDS (3, alternating; the median
# of each side is reported). Traffic stays on 127.0.0.1; every round is bounded by REQUESTS and
# by a 60 s time limit.
# Prints Markdown table rows on stdout; details go to stderr.
set -euo pipefail

servers_env=${1:?usage: bench/redis/run.sh SERVERS_ENV}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
requests=${REQUESTS:-200000}
concurrency=${CONCURRENCY:-50}
pool_size=${POOL_SIZE:-50}
rounds=${ROUNDS:-3}
value_size=1024

redis_url=$(sed -n 's/^REDIS_URL=//p' "$servers_env" | tail -n 1)
[[ $redis_url =~ ^redis://([^:/]+):([0-9]+) ]] || { echo "no REDIS_URL in $servers_env" >&2; exit 1; }
host=${BASH_REMATCH[1]}
port=${BASH_REMATCH[2]}
[[ $host == 127.* || $host == localhost ]] || { echo "refusing to benchmark a non-loopback host: $host" >&2; exit 1; }

command -v redis-benchmark >/dev/null || { echo "redis-benchmark missing: apt-get install -y redis-tools" >&2; exit 1; }

echo "building redis-bench (release)…" >&2
swift build -c release --package-path "$here" --scratch-path "$root/.build" --product redis-bench >&2
bench_bin=$(swift build -c release --package-path "$here" --scratch-path "$root/.build" --show-bin-path)/redis-bench

# Both clients read the key redis-benchmark's GET test uses; SET it to a 1 KiB value first.
redis-benchmark -h "$host" -p "$port" -t set -n 1 -c 1 -d "$value_size" -q >/dev/null

theirs=()
ours=()
for ((round = 1; round <= rounds; round++)); do
    line=$(timeout 120 redis-benchmark -h "$host" -p "$port" -t get -n "$requests" -c "$concurrency" \
        -d "$value_size" -q | tr '\r' '\n' | grep -E '^GET: ' | tail -n 1)
    rate=$(sed -E 's/^GET: ([0-9.]+) requests per second.*/\1/' <<<"$line")
    theirs+=("${rate%.*}")
    echo "round $round: redis-benchmark: $line" >&2
    out=$(timeout 120 "$bench_bin" --host "$host" --port "$port" --requests "$requests" \
        --concurrency "$concurrency" --pool-size "$pool_size" --value-size "$value_size" --time-limit 60)
    ours+=("$(sed -n 's/^requests_per_second=//p' <<<"$out")")
    echo "round $round: redis-bench (pool): ${ours[-1]} requests per second" >&2
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
their_median=$(median "${theirs[@]}")
our_median=$(median "${ours[@]}")
ratio=$(awk -v a="$our_median" -v b="$their_median" 'BEGIN { printf "%.0f", 100 * a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r >= 70 ? "meets" : "below") }')

echo "| Redis GET through the pool (1 KiB, $concurrency concurrent, pool $pool_size) | $our_median req/s | ≥ 70% of redis-benchmark -t get | redis-benchmark -c $concurrency: $their_median req/s; ratio $ratio% ($verdict target; medians of $rounds rounds) |"
