import Foundation
import PostgresNIO

/// The SQL of query-service: one statement per request, every value a bind parameter (public so
/// that bench/query can EXPLAIN exactly what the service runs).
///
/// `/logs` filters and orders on the indexes of log-worker's migration: `(ts DESC, id DESC)`,
/// `(level, ts DESC, id DESC)`, `(service, ts DESC, id DESC)` and GIN `(data jsonb_path_ops)`, and
/// `contains` on the trigram GIN `(message gin_trgm_ops)` of its second migration.
/// The keyset condition `(ts, id) < (…)` and the order `ts DESC, id DESC` match those indexes, so a
/// page reads about `limit` index entries instead of skipping over the rows before it.
public enum LogSQL {
    static let columns = "id, received_at, ts, level, service, message, data"

    /// One page of `query`, newest first, with one row more than the limit: if it comes back,
    /// there is a next page.
    public static func page(_ query: LogQuery) -> PostgresQuery {
        var builder = SQLBuilder()
        builder.append("SELECT \(columns)\nFROM logs")
        var keyword = "\nWHERE "
        func condition(_ fragment: String) {
            builder.append(keyword + fragment)
            keyword = "\n  AND "
        }
        if let level = query.level {
            condition("level = ")
            builder.bind(level)
        }
        if let service = query.service {
            condition("service = ")
            builder.bind(service)
        }
        if let from = query.from {
            condition("ts >= ")
            builder.bind(from)
        }
        if let to = query.to {
            condition("ts < ")
            builder.bind(to)
        }
        if let contains = query.contains {
            // A text of 3 or more characters is looked up by its trigrams (GIN) when the planner
            // expects few matches, and every candidate is rechecked with this ILIKE: the index only
            // narrows the rows read, the answer is the ILIKE's. A common text keeps the newest-first
            // walk of `(ts DESC, id DESC)`; 1–2 characters have no trigram and keep that plan or a scan.
            condition("message ILIKE ")
            builder.bind(likePattern(containing: contains))
        }
        if let match = query.match {
            condition("data @> ")
            builder.bind(match)
            builder.append("::jsonb")
        }
        if let fileID = query.fileID {
            // The partial index `(file_id)` of log-worker's third migration finds the file's logs.
            condition("file_id = ")
            builder.bind(fileID)
        }
        if let cursor = query.cursor {
            condition("(ts, id) < (")
            builder.bind(cursor.timestamp)
            builder.append(", ")
            builder.bind(cursor.id)
            builder.append(")")
        }
        builder.append("\nORDER BY ts DESC, id DESC\nLIMIT ")
        builder.bind(query.limit + 1)
        return builder.query
    }

    /// The log with `id`.
    public static func log(id: UUID) -> PostgresQuery {
        var builder = SQLBuilder()
        builder.append("SELECT \(columns)\nFROM logs\nWHERE id = ")
        builder.bind(id)
        return builder.query
    }

    /// Counts per bucket and level in one pass over the `ts` range; a bucket without logs has no row.
    /// `date_bin` from the Unix epoch aligns buckets to UTC, whatever the session's time zone.
    ///
    /// `OFFSET 0` keeps the inner query from being merged into the outer one. Merged, the planner
    /// takes the number of groups from `ts`, which is nearly unique, expects one group per row and
    /// sorts every row (a day of 142,857 logs spilled 3 MB to disk at the default `work_mem`);
    /// kept apart, it expects a few hundred groups and hashes them: 92 ms instead of 181 ms
    /// (median of 8, bench/query data).
    public static func stats(_ query: LogStatsQuery) -> PostgresQuery {
        var builder = SQLBuilder()
        builder.append("SELECT bucket, level, count(*)\nFROM (\n    SELECT date_bin(")
        builder.bind(query.bucket.interval)
        builder.append(
            "::interval, ts, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS bucket, level\n    FROM logs\n    WHERE ts >= ")
        builder.bind(query.from)
        builder.append(" AND ts < ")
        builder.bind(query.to)
        builder.append("\n    OFFSET 0\n) AS binned\nGROUP BY bucket, level\nORDER BY bucket, level")
        return builder.query
    }

    /// A LIKE pattern matching any text that contains `text` literally: `\`, `%` and `_` are
    /// escaped with `\`, LIKE's default escape character.
    static func likePattern(containing text: String) -> String {
        var pattern = "%"
        for character in text {
            if character == "\\" || character == "%" || character == "_" { pattern.append("\\") }
            pattern.append(character)
        }
        return pattern + "%"
    }
}
