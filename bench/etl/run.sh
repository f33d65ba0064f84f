#!/usr/bin/env bash
# The sales ETL against the pandas script it replaces, same machine, same run, same input: a
# generated ROWS-row sales CSV (default 1,000,000; generate_sales.py) cleaned by etl_pandas.py
# (pandas + pyarrow) and by `csv-producer etl` (release). Measures each process's wall time and
# peak resident memory (/usr/bin/time), checks that both produce the same result
# (check_outputs.py: CSV byte for byte, Parquet as pandas and pyarrow read it), and prints
# Markdown rows on stdout, details on stderr. Needs no server (SERVERS_ENV is accepted and unused,
# as bench/run.sh passes one); S3 uploads are measured by the integration tests, not here.
#
#   bench/etl/run.sh [SERVERS_ENV]
#
# Settings (environment): ROWS (1000000), ROUNDS (3: each tool runs this many times, alternating,
# and the best wall time of each counts), COMPRESSION (snappy, pandas' default; or zstd).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
scratch=${SCRATCH:-$root/.build}
rows=${ROWS:-1000000}
rounds=${ROUNDS:-3}
compression=${COMPRESSION:-snappy}
say() { printf 'bench/etl: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}
for cmd in /usr/bin/time python3 awk; do command -v "$cmd" >/dev/null || die "$cmd missing: make deps"; done
python3 -c 'import pandas, pyarrow' 2>/dev/null || die "pandas and pyarrow missing: make deps"

export SWIFT_DETERMINISTIC_HASHING=1
say "building csv-producer (release)…"
producer=$(SCRATCH=$scratch "$root/deploy/build-product.sh" "$root/services/csv-producer" csv-producer)

work=$(mktemp -d /tmp/tributary-etl.XXXXXX)
trap 'rm -rf "$work"' EXIT
say "generating $rows rows…"
python3 "$here/generate_sales.py" "$rows" "$work/sales.csv"
mkdir -p "$work/ours"

# One timed run: wall seconds and peak RSS in KiB, appended to $work/NAME.times.
timed() {
    local name=$1
    shift
    /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" \
        || die "$name failed: $(tail -n 5 "$work/$name.err")"
    cat "$work/$name.time" >>"$work/$name.times"
}
for round in $(seq 1 "$rounds"); do
    say "round $round of $rounds"
    timed pandas python3 "$here/etl_pandas.py" "$work/sales.csv" "$work/pandas"
    timed ours "$producer" etl "$work/sales.csv" --out "$work/ours" --compression "$compression"
done
say "pandas: $(tail -n 1 "$work/pandas.err")"
say "ours: $(tr '\n' ' ' <"$work/ours.out")"
check=$(python3 "$here/check_outputs.py" "$work/sales.csv" "$work/ours/sales_clean.csv" "$work/ours/sales_clean.parquet") \
    || die "outputs differ from pandas': $check"
say "check: $check"

best() { sort -n "$work/$1.times" | head -n 1 | awk '{print $1}'; }
peak() { sort -n -k2 "$work/$1.times" | tail -n 1 | awk '{print $2}'; }
pandas_s=$(best pandas)
ours_s=$(best ours)
pandas_kib=$(peak pandas)
ours_kib=$(peak ours)
speedup=$(awk "BEGIN { printf \"%.1f\", $pandas_s / $ours_s }")
memory=$(awk "BEGIN { printf \"%.1f\", $pandas_kib / $ours_kib }")
parquet_bytes=$(stat -c %s "$work/ours/sales_clean.parquet")
pandas_parquet_bytes=$(stat -c %s "$work/pandas.parquet")
printf '| sales ETL, %s rows: `csv-producer etl` vs pandas (best of %s) | %.2f s vs %.2f s = **%s× faster** | ≥ 3× | same input, same run; outputs checked equal (%s) |\n' \
    "$rows" "$rounds" "$ours_s" "$pandas_s" "$speedup" "${check%% types=*}"
printf '| sales ETL peak resident memory | %s MB vs %s MB = **1/%s** | ≤ 1/4 of pandas | Parquet %s MB (%s) vs pandas %s MB (snappy) |\n' \
    "$((ours_kib / 1024))" "$((pandas_kib / 1024))" "$memory" "$((parquet_bytes / 1048576))" "$compression" \
    "$((pandas_parquet_bytes / 1048576))"
