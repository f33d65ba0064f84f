import Foundation
import HummingbirdTesting
import LogWorkerCore
import Logging
import ServiceKit
import TestInfra
import Testing

@testable import QueryServiceCore

/// PostgreSQL going away under a running query-service: a 503 that says so within
/// `QUERY_TIMEOUT_MS` (the pool would wait for a connection for ever), and answers again once it is back.
@Suite("query-service while PostgreSQL is down", .timeLimit(.minutes(5)))
struct PostgresOutageTests {
    @Test func aStoppedDatabaseIsA503AndItsReturnIsNoticed() async throws {
        let servers = try await TestServers.shared()
        try await PrivateServer.with("postgres") { postgresServer in
            let database = try postgresServer.servers.postgres
            let logger = Logger(label: "query-service-test")
            _ = try await withPostgresClient(database) { client in
                try await MigrationRunner(
                    service: "log-worker", migrations: LogWorkerMigrations.all, client: client, logger: logger
                ).run()
            }
            let config = try QueryServiceConfig(
                environment: servers.serviceEnvironmentReader(
                    database: database, overrides: ["QUERY_TIMEOUT_MS": "1000"]))
            try await QueryServiceApplication.build(config, logger: logger).test(.live) { client in
                let stats = "/logs/stats?from=2026-03-01T10:00:00Z&to=2026-03-01T11:00:00Z"
                #expect(
                    try await client.executeRequest(uri: "/logs", method: .get, headers: [:], body: nil).status == .ok)
                try await postgresServer.stop()

                let clock = ContinuousClock()
                for uri in ["/logs?level=a", stats, "/logs/\(UUID())"] {
                    let started = clock.now
                    let response = try await client.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
                    #expect(response.status == .serviceUnavailable, "\(uri): \(String(buffer: response.body))")
                    #expect(String(buffer: response.body).contains("PostgreSQL is unavailable"))
                    #expect(clock.now - started < .seconds(5), "\(uri)")
                }

                try await postgresServer.start()
                let back = try await eventually(within: .seconds(30), every: .milliseconds(200)) {
                    try await client.executeRequest(uri: "/logs?level=b", method: .get, headers: [:], body: nil).status
                        == .ok
                }
                #expect(back)
            }
        }
    }
}
