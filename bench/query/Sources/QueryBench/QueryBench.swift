import Foundation
import Logging
import PostgresNIO
import Redis
import ServiceKit

/// `query-bench load|measure|explain --option value …`, driven by run.sh:
/// - `load --postgres-url URL --database NAME --rows N`: (re)creates the database with log-worker's
///   schema and N generated logs;
/// - `measure --url http://127.0.0.1:PORT --redis-url URL --requests N --time-limit S`: for each
///   scenario, one `key=value` line on stdout with uncached and cached p50/p99 (ms), and its URL;
/// - `explain --postgres-url URL --database NAME`: EXPLAIN ANALYZE of each scenario's SQL on stderr,
///   one `scenario=… execution_ms=…` line each on stdout.
@main
struct QueryBench {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard !arguments.isEmpty else { throw BenchError("usage: query-bench load|measure|explain --option value …") }
        let command = arguments.removeFirst()
        var options: [String: String] = [:]
        var remaining = arguments.makeIterator()
        while let name = remaining.next() {
            guard name.hasPrefix("--"), let value = remaining.next() else { throw BenchError("bad option \(name)") }
            options[String(name.dropFirst(2))] = value
        }
        func option(_ name: String) throws -> String {
            guard let value = options[name] else { throw BenchError("\(command) needs --\(name)") }
            return value
        }
        func number(_ name: String, default value: Int) throws -> Int {
            guard let text = options[name] else { return value }
            guard let number = Int(text), number > 0 else { throw BenchError("--\(name) needs a positive integer") }
            return number
        }
        let environment = EnvironmentReader([
            "POSTGRES_URL": options["postgres-url"] ?? "", "REDIS_URL": options["redis-url"] ?? "",
        ])
        switch command {
        case "load":
            try await LogLoader(
                server: try PostgresConfig(environment: environment), database: try option("database"),
                rows: try number("rows", default: 1_000_000)
            ).run()
        case "measure":
            let redis = RedisConnectionPool(configuration: try RedisClientConfiguration(environment: environment))
            let probe = LatencyProbe(
                baseURL: try option("url"), redis: redis, requests: try number("requests", default: 200),
                timeLimit: .seconds(try number("time-limit", default: 60)))
            for scenario in Scenario.all {
                let result = try await probe.measure(scenario)
                Output.detail(
                    "\(scenario.name): \(result.count) requests, \(result.bytes) bytes; uncached p50 \(format(result.uncached.p50)) ms, p99 \(format(result.uncached.p99)) ms; cached p50 \(format(result.cached.p50)) ms, p99 \(format(result.cached.p99)) ms"
                )
                Output.result([
                    ("scenario", scenario.name), ("uncached_p50", format(result.uncached.p50)),
                    ("uncached_p99", format(result.uncached.p99)), ("cached_p50", format(result.cached.p50)),
                    ("cached_p99", format(result.cached.p99)), ("url", try option("url") + scenario.pathAndQuery),
                ])
            }
            await redis.shutdown()
        case "explain":
            let config = try PostgresConfig(environment: environment).with(database: try option("database"))
            let client = PostgresClient(
                configuration: config.clientConfiguration, backgroundLogger: Logger(label: "query-bench"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await client.run() }
                defer { group.cancelAll() }
                for scenario in Scenario.all {
                    let plan = try await QueryExplainer(client: client).explain(scenario)
                    Output.detail(
                        "EXPLAIN ANALYZE, \(scenario.name) (\(scenario.pathAndQuery)):\n    "
                            + plan.joined(separator: "\n    "))
                    let execution = plan.last { $0.hasPrefix("Execution Time") } ?? ""
                    Output.result([("scenario", scenario.name), ("execution", execution)])
                }
            }
        default:
            throw BenchError("unknown command \(command): load, measure or explain")
        }
    }

    static func format(_ milliseconds: Double) -> String { String(format: "%.2f", milliseconds) }
}
