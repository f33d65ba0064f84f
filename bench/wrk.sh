# Helpers of the wrk benchmarks, sourced by bench/*/run.sh (not a benchmark itself).

# measure WRK_ARGS…: runs `wrk --latency WRK_ARGS…` (with -d, for at most $duration + 60 s) and
# prints "<requests/s> <p99 ms>"; wrk's own report goes to stderr. Any non-2xx answer fails the run.
measure() {
    local out
    out=$(timeout $((${duration:-20} + 60)) wrk --latency "$@")
    echo "$out" >&2
    if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers: $(grep Non-2xx <<<"$out")" >&2; exit 1; fi
    local rate p99
    rate=$(awk '/^Requests\/sec:/ { printf "%d", $2 }' <<<"$out")
    # The 99% line of the latency distribution ("99%  3.21ms"), in milliseconds.
    p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.2f", v }' <<<"$out")
    echo "$rate $p99"
}

# median VALUES…: the median (the lower middle of an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
