import Logging
import PostgresNIO
import QueryServiceCore

/// Runs `EXPLAIN (ANALYZE, BUFFERS)` on the very statement query-service builds for a scenario,
/// with the same bind parameters.
struct QueryExplainer {
    let client: PostgresClient
    let logger = Logger(label: "query-bench")

    func explain(_ scenario: Scenario) async throws -> [String] {
        let statement: PostgresQuery
        let pairs = scenario.parameters.map { (name: $0.0, value: $0.1) }
        if scenario.path == "/logs/stats" {
            statement = LogSQL.stats(try LogStatsQuery(pairs, now: .now))
        } else {
            statement = LogSQL.page(try LogQuery(pairs))
        }
        let rows = try await client.query(
            PostgresQuery(unsafeSQL: "EXPLAIN (ANALYZE, BUFFERS) " + statement.sql, binds: statement.binds),
            logger: logger)
        var lines: [String] = []
        for try await line in rows.decode(String.self) { lines.append(line) }
        return lines
    }
}
