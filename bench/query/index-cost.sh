#!/usr/bin/env bash
# What an index for `contains=` costs the ingest and what it gives the query, measured in the same
# run on the same data. Usage: bench/query/index-cost.sh DATABASE_URL
#
# DATABASE_URL: a database holding log-worker's `logs` table filled by `query-bench load` (run
# `KEEP_DATABASE=1 bench/query/run.sh SERVERS_ENV`, then pass …/tributary_bench_query), on 127.0.0.1.
#
# 1. A table `index_cost_stage` gets INSERT_ROWS (100,000) rows copied at random from `logs` with
#    new ids and times one week later, so the inserts land at the right edge of the time indexes as
#    log-worker's do, with the same messages and `data`.
# 2. For each candidate (none; trigram GIN with the default fastupdate and pending list, with
#    fastupdate off, with a 64 MB pending list; trigram GiST; a `tsvector` GIN), the index is built
#    on the 1,000,000 rows (timed), then ROUNDS times: the staged rows are inserted as log-worker
#    does (one INSERT … ON CONFLICT (id) DO NOTHING of BATCH rows per transaction, in one session),
#    then GIN's pending list is flushed (`gin_clean_pending_list`, timed apart: with a large pending
#    list that work moves from the insert to autovacuum, it does not go away), then the rows are
#    deleted and the table vacuumed (not timed), and the same rows go in again with one COPY (plus
#    its flush; timed: the ceiling bench/log-ingest measures the ingest against) and are deleted
#    again. Rounds of `none` run first and last, so that a
#    drift of the machine's load shows.
#    After each round's inserts, before the flush, the rare phrase is EXPLAIN ANALYZEd once.
# 3. For each candidate, EXPLAIN ANALYZE of query-service's `contains` statement (the same SQL as
#    `LogSQL.page`) for a rare phrase, a common word, two letters and one letter, QUERY_ROUNDS times.
# Prints one line per measurement (`candidate=… what=… ms=…`) and a Markdown summary of medians on
# stdout. The stage table and the candidate indexes are dropped at the end.
set -euo pipefail

url=${1:?usage: bench/query/index-cost.sh DATABASE_URL}
[[ $url =~ ^postgres(ql)?://[^@]*@(127\.[0-9.]+|localhost):[0-9]+/ ]] || { echo "DATABASE_URL is not on 127.0.0.1" >&2; exit 1; }
insert_rows=${INSERT_ROWS:-100000}
batch=${BATCH:-1000}
rounds=${ROUNDS:-3}
query_rounds=${QUERY_ROUNDS:-5}
candidates=${CANDIDATES:-none trgm_gin trgm_gin_nofastupdate trgm_gin_pending64mb trgm_gist tsvector_gin none}
say() { printf 'index-cost: %s\n' "$*" >&2; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$url" "$@"; }
now_ms() { date +%s%3N; }

index_sql() {
    case $1 in
    none) ;;
    trgm_gin) echo "CREATE INDEX index_cost_idx ON logs USING gin (message gin_trgm_ops)" ;;
    trgm_gin_nofastupdate) echo "CREATE INDEX index_cost_idx ON logs USING gin (message gin_trgm_ops) WITH (fastupdate = off)" ;;
    trgm_gin_pending64mb) echo "CREATE INDEX index_cost_idx ON logs USING gin (message gin_trgm_ops) WITH (gin_pending_list_limit = 65536)" ;;
    trgm_gist) echo "CREATE INDEX index_cost_idx ON logs USING gist (message gist_trgm_ops)" ;;
    tsvector_gin) echo "CREATE INDEX index_cost_idx ON logs USING gin (to_tsvector('simple', message))" ;;
    *) echo "unknown candidate $1" >&2; exit 1 ;;
    esac
}

# query-service's statement for `contains` alone (LogSQL.page), with the LIKE pattern literal. For
# the `tsvector` candidate, the rare phrase also gets the best prefilter it could have: its last
# word as a prefix (the first word may end a longer word, so it cannot be used).
contains_sql() {
    local prefilter=
    [[ $1 == tsvector_gin && $2 == "checksum mismatch" ]] &&
        prefilter="to_tsvector('simple', message) @@ to_tsquery('simple', 'mismatch:*') AND "
    printf "SELECT id, received_at, ts, level, service, message, data FROM logs WHERE %smessage ILIKE '%%%s%%' ORDER BY ts DESC, id DESC LIMIT 51" "$prefilter" "$2"
}

# log-worker's own trigram index (migration 2) is dropped for the run, so that `none` has none, and
# built again at the end.
had_trgm_index=$(sql -c "SELECT count(*) FROM pg_indexes WHERE indexname = 'logs_message_trgm_idx'")
cleanup() {
    sql -c "DROP INDEX IF EXISTS index_cost_idx" -c "DROP TABLE IF EXISTS index_cost_stage" 2>/dev/null || true
    if [[ $had_trgm_index == 1 ]]; then
        sql -c "CREATE INDEX IF NOT EXISTS logs_message_trgm_idx ON logs USING gin (message gin_trgm_ops)" || true
    fi
}
trap cleanup EXIT

sql -c "CREATE EXTENSION IF NOT EXISTS pg_trgm"
sql -c "DROP INDEX IF EXISTS logs_message_trgm_idx"
sql -c "DROP INDEX IF EXISTS index_cost_idx" -c "DROP TABLE IF EXISTS index_cost_stage"
sql -c "CREATE TABLE index_cost_stage AS
    SELECT row_number() OVER (ORDER BY ts, id) AS n, gen_random_uuid() AS id, received_at + interval '7 days' AS received_at,
        ts + interval '7 days' AS ts, level, service, message, data
    FROM (SELECT * FROM logs ORDER BY random() LIMIT $insert_rows) AS sample"
sql -c "VACUUM ANALYZE logs"
say "staged $insert_rows rows; candidates: $candidates"

inserts=$(mktemp /tmp/index-cost.XXXXXX)
for ((first = 1; first <= insert_rows; first += batch)); do
    echo "INSERT INTO logs (id, received_at, ts, level, service, message, data)
        SELECT id, received_at, ts, level, service, message, data FROM index_cost_stage
        WHERE n BETWEEN $first AND $((first + batch - 1)) ORDER BY n
        ON CONFLICT (id) DO NOTHING;"
done >"$inserts"

copy_file=$(mktemp /tmp/index-cost-copy.XXXXXX)
sql -c "\\copy (SELECT id, received_at, ts, level, service, message, data FROM index_cost_stage ORDER BY n) TO '$copy_file'"
results=$(mktemp /tmp/index-cost-results.XXXXXX)
trap 'cleanup; rm -f "$inserts" "$copy_file" "$results"' EXIT
record() { echo "candidate=$1 what=$2 ms=$3" | tee -a "$results"; }

for candidate in $candidates; do
    sql -c "DROP INDEX IF EXISTS index_cost_idx"
    create=$(index_sql "$candidate")
    if [[ -n $create ]]; then
        started=$(now_ms)
        sql -c "SET maintenance_work_mem = '256MB'" -c "$create"
        record "$candidate" build $(($(now_ms) - started))
        record "$candidate" size_mb "$(sql -c "SELECT pg_relation_size('index_cost_idx') / 1048576")"
    fi
    sql -c "ANALYZE logs"
    for ((round = 1; round <= rounds; round++)); do
        started=$(now_ms)
        sql -f "$inserts"
        record "$candidate" insert $(($(now_ms) - started))
        # The rare phrase right after the inserts, before GIN's pending list is flushed: a query reads
        # the whole pending list, so a large one costs every query until it is flushed.
        plan=$(sql -c "EXPLAIN (ANALYZE, BUFFERS) $(contains_sql "$candidate" "checksum mismatch")")
        record "$candidate" query_before_flush "$(sed -n 's/^Execution Time: \([0-9.]*\) ms/\1/p' <<<"$plan")"
        started=$(now_ms)
        if [[ $candidate == trgm_gin* || $candidate == tsvector_gin ]]; then
            sql -c "SELECT gin_clean_pending_list('index_cost_idx')" >/dev/null
        fi
        record "$candidate" flush $(($(now_ms) - started))
        sql -c "DELETE FROM logs WHERE ts >= TIMESTAMPTZ '2026-01-08 00:00:00+00'" -c "VACUUM logs"
        # The ceiling bench/log-ingest compares the ingest with: one COPY of the same rows, with
        # the same indexes, and its own pending-list flush.
        started=$(now_ms)
        sql -c "\\copy logs (id, received_at, ts, level, service, message, data) FROM '$copy_file'"
        if [[ $candidate == trgm_gin* || $candidate == tsvector_gin ]]; then
            sql -c "SELECT gin_clean_pending_list('index_cost_idx')" >/dev/null
        fi
        record "$candidate" copy $(($(now_ms) - started))
        sql -c "DELETE FROM logs WHERE ts >= TIMESTAMPTZ '2026-01-08 00:00:00+00'" -c "VACUUM logs"
    done
    for text in "checksum mismatch" timeout "ck" "k"; do
        for ((round = 1; round <= query_rounds; round++)); do
            plan=$(sql -c "EXPLAIN (ANALYZE, BUFFERS) $(contains_sql "$candidate" "$text")")
            ms=$(sed -n 's/^Execution Time: \([0-9.]*\) ms/\1/p' <<<"$plan")
            record "$candidate" "query:${text// /_}" "$ms"
        done
        say "$candidate, contains=$text: $(grep -E -o '(Bitmap Index Scan|Index Scan[^(]*|Parallel Seq Scan|Seq Scan) on [a-z_]+' <<<"$plan" | head -n 2 | tr '\n' ';')"
    done
done

# Medians per candidate and measurement.
echo
echo "| candidate | build ms | size MB | insert $insert_rows rows ms | pending-list flush ms | COPY + flush ms | rare phrase before the flush ms | contains rare / common / 2 letters / 1 letter ms |"
echo "|---|---|---|---|---|---|---|---|"
awk '
    { split($1, c, "="); split($2, w, "="); split($3, m, "="); key = c[2] SUBSEP w[2]; n[key]++; v[key, n[key]] = m[2]
      if (!(c[2] in seen)) { seen[c[2]] = 1; order[++count] = c[2] } }
    function median(key,   i, j, t, k, a) {
        k = n[key]; if (k == 0) return "–"
        for (i = 1; i <= k; i++) a[i] = v[key, i] + 0
        for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    END {
        for (i = 1; i <= count; i++) {
            name = order[i]
            printf "| %s | %s | %s | %s | %s | %s | %s | %s / %s / %s / %s |\n", name, median(name SUBSEP "build"), median(name SUBSEP "size_mb"),
                median(name SUBSEP "insert"), median(name SUBSEP "flush"), median(name SUBSEP "copy"), median(name SUBSEP "query_before_flush"),
                median(name SUBSEP "query:checksum_mismatch"),
                median(name SUBSEP "query:timeout"), median(name SUBSEP "query:ck"), median(name SUBSEP "query:k")
        }
    }' "$results"
