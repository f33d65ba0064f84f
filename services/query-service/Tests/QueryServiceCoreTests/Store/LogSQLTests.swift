import Foundation
import PostgresNIO
import Testing

@testable import QueryServiceCore

@Suite("the query builder: SQL text and bind parameters", .timeLimit(.minutes(1)))
struct LogSQLTests {
    @Test func withoutFiltersItOrdersByTheTimeIndexAndFetchesOneMore() {
        let query = LogSQL.page(LogQuery(limit: 50))
        #expect(
            query.sql == """
                SELECT id, received_at, ts, level, service, message, data
                FROM logs
                ORDER BY ts DESC, id DESC
                LIMIT $1
                """)
        var binds = PostgresBindings()
        binds.append(51)
        #expect(query.binds == binds)
    }

    @Test func everyFilterIsABindParameter() throws {
        let from = LogTime(microsecondsSince1970: 1_000_000)
        let to = LogTime(microsecondsSince1970: 2_000_000)
        let cursor = LogCursor(timestamp: LogTime(microsecondsSince1970: 1_500_000), id: UUID())
        let query = LogSQL.page(
            LogQuery(
                level: "error", service: "billing'; DROP TABLE logs; --", from: from, to: to, contains: "50%_off\\",
                match: #"{"user":{"id":42}}"#, limit: 10, cursor: cursor))
        #expect(
            query.sql == """
                SELECT id, received_at, ts, level, service, message, data
                FROM logs
                WHERE level = $1
                  AND service = $2
                  AND ts >= $3
                  AND ts < $4
                  AND message ILIKE $5
                  AND data @> $6::jsonb
                  AND (ts, id) < ($7, $8)
                ORDER BY ts DESC, id DESC
                LIMIT $9
                """)
        var binds = PostgresBindings()
        binds.append("error")
        binds.append("billing'; DROP TABLE logs; --")
        binds.append(from)
        binds.append(to)
        binds.append(#"%50\%\_off\\%"#)
        binds.append(#"{"user":{"id":42}}"#)
        binds.append(cursor.timestamp)
        binds.append(cursor.id)
        binds.append(11)
        #expect(query.binds == binds)
    }

    @Test func timesAreBoundAsTimestamptzToTheMicrosecond() {
        var encoded = ByteBuffer()
        LogTime(microsecondsSince1970: 946_684_800_000_001).encode(into: &encoded, context: .default)
        #expect(encoded.readInteger(as: Int64.self) == 1)
        #expect(LogTime.psqlType == .timestamptz)
    }

    @Test func likePatternsTakeTheTextLiterally() {
        #expect(LogSQL.likePattern(containing: "disk full") == "%disk full%")
        #expect(LogSQL.likePattern(containing: "100%") == #"%100\%%"#)
        #expect(LogSQL.likePattern(containing: "a_b") == #"%a\_b%"#)
        #expect(LogSQL.likePattern(containing: #"C:\temp"#) == #"%C:\\temp%"#)
    }

    @Test func oneLogByID() {
        let id = UUID()
        let query = LogSQL.log(id: id)
        #expect(query.sql.hasSuffix("FROM logs\nWHERE id = $1"))
        var binds = PostgresBindings()
        binds.append(id)
        #expect(query.binds == binds)
    }

    @Test func statsAreOneGroupedQueryOverTheRange() {
        let stats = LogStatsQuery(
            from: LogTime(microsecondsSince1970: 0), to: LogTime(microsecondsSince1970: 3_600_000_000), bucket: .hour)
        let query = LogSQL.stats(stats)
        #expect(
            query.sql == """
                SELECT bucket, level, count(*)
                FROM (
                    SELECT date_bin($1::interval, ts, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS bucket, level
                    FROM logs
                    WHERE ts >= $2 AND ts < $3
                    OFFSET 0
                ) AS binned
                GROUP BY bucket, level
                ORDER BY bucket, level
                """)
        var binds = PostgresBindings()
        binds.append("1 hour")
        binds.append(stats.from)
        binds.append(stats.to)
        #expect(query.binds == binds)
    }
}
