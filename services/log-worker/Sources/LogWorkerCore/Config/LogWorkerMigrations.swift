import ServiceKit

/// The schema of log-worker, in version order. Never edit a shipped migration: add the next one.
/// The runner applies these at start-up, before the server takes traffic.
///
/// log-worker owns the `logs` table; query-service only reads it (its integration tests apply these
/// migrations through the `LogWorkerCore` product, and in a deployment log-worker starts first).
public enum LogWorkerMigrations {
    public static let all: [Migration] = [
        Migration(
            version: 1, name: "logs",
            statements: [
                // `ts` is when the event happened: the client's `timestamp`, or `received_at` when it
                // sent none, so every row sorts and filters by time. `id` breaks ties in keyset pages.
                """
                CREATE TABLE logs (
                    id uuid PRIMARY KEY,
                    received_at timestamptz NOT NULL,
                    ts timestamptz NOT NULL,
                    level text,
                    service text,
                    message text,
                    data jsonb NOT NULL DEFAULT '{}'::jsonb
                )
                """,
                "CREATE INDEX logs_ts_idx ON logs (ts DESC, id DESC)",
                "CREATE INDEX logs_level_ts_idx ON logs (level, ts DESC, id DESC)",
                "CREATE INDEX logs_service_ts_idx ON logs (service, ts DESC, id DESC)",
                // jsonb_path_ops: smaller and faster than the default operator class, and `@>`
                // (containment, the `match=` filter) is the only operator the queries use on `data`.
                "CREATE INDEX logs_data_idx ON logs USING gin (data jsonb_path_ops)",
            ]),
        Migration(
            version: 2, name: "logs message trigram index",
            statements: [
                // query-service's `contains=` is `message ILIKE '%text%'`. With this index PostgreSQL
                // answers a rare text of 3 or more characters from the trigrams it shares with the
                // message and rechecks every candidate with the ILIKE itself, so the answer is exactly
                // the same as without the index; a shorter text has no trigram and keeps the plan it had.
                // bench/query/index-cost.sh measures what it costs each insert (BENCHMARKS.md).
                // Built in the migration's transaction (not CONCURRENTLY): on a filled table inserts
                // wait for the build, ~25–35 s per 1,000,000 logs here, while messages wait in the queue.
                // pg_trgm is a trusted extension: the database's owner may create it.
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX logs_message_trgm_idx ON logs USING gin (message gin_trgm_ops)",
            ]),
        Migration(
            version: 3, name: "uploaded files",
            statements: [
                // One row per uploaded file (flow 4): log-api inserts it `queued` after the object is
                // stored, log-worker moves it through `processing` to a final status. The counters
                // are exact; `bytes_processed` and the record counts are progress while processing.
                """
                CREATE TABLE files (
                    id uuid PRIMARY KEY,
                    name text NOT NULL,
                    content_type text NOT NULL,
                    object_key text NOT NULL,
                    size_bytes bigint NOT NULL,
                    sha256 text NOT NULL,
                    forced boolean NOT NULL DEFAULT false,
                    status text NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'processing', 'completed', 'completed_with_errors', 'failed')),
                    bytes_processed bigint NOT NULL DEFAULT 0,
                    records_processed bigint NOT NULL DEFAULT 0,
                    records_stored bigint NOT NULL DEFAULT 0,
                    records_rejected bigint NOT NULL DEFAULT 0,
                    error text,
                    error_line integer,
                    error_column integer,
                    attempts integer NOT NULL DEFAULT 0,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    started_at timestamptz,
                    finished_at timestamptz
                )
                """,
                // The same bytes under the same name are the same upload, decided by the database
                // (two identical uploads at once: one row); `?force=true` uploads are exempt.
                "CREATE UNIQUE INDEX files_name_sha256_idx ON files (name, sha256) WHERE NOT forced",
                "CREATE INDEX files_created_idx ON files (created_at DESC, id DESC)",
                "CREATE INDEX files_status_created_idx ON files (status, created_at DESC, id DESC)",
                // The rejected records of a file, the first few hundred (the count in `files` is exact).
                """
                CREATE TABLE file_errors (
                    file_id uuid NOT NULL REFERENCES files (id) ON DELETE CASCADE,
                    record_index bigint NOT NULL,
                    line_number integer NOT NULL,
                    column_number integer NOT NULL,
                    reason text NOT NULL,
                    PRIMARY KEY (file_id, record_index)
                )
                """,
                // The records of an uploaded file are logs like any other, marked with their file:
                // query-service filters by it, and `DELETE /files/{id}?records=true` removes them.
                // Nullable without a default: adding it rewrites nothing.
                "ALTER TABLE logs ADD COLUMN file_id uuid",
                "CREATE INDEX logs_file_id_idx ON logs (file_id) WHERE file_id IS NOT NULL",
            ]),
    ]
}
