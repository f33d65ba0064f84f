import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceKit
import TestInfra
import Testing

@testable import UserAPICore

@Suite("user-api with real servers")
struct UserAPIServiceTests {
    @Test func readyWhenItsDependenciesAnswer() async throws {
        let servers = try await TestServers.shared()
        try await TestDatabase.with(servers) { database in
            let config = try UserAPIConfig(environment: servers.serviceEnvironmentReader(database: database))
            try await UserAPIApplication.build(config, logger: Logger(label: "test")).test(.live) { client in
                try await client.execute(uri: "/health/ready", method: .get) { response in
                    #expect(response.status == .ok)
                    let report = try JSONDecoder().decode(
                        ReadinessReport.self, from: Data(response.body.readableBytesView))
                    #expect(report.checks.keys.sorted() == ["elasticsearch", "kafka", "postgres", "redis"])
                }
            }
        }
    }

    @Test func notReadyWhileRedisIsUnreachable() async throws {
        let servers = try await TestServers.shared()
        let closedPort = try FreePort.next()
        try await TestDatabase.with(servers) { database in
            let environment = servers.serviceEnvironmentReader(
                database: database, overrides: ["REDIS_URL": "redis://127.0.0.1:\(closedPort)"])
            let config = try UserAPIConfig(environment: environment)
            try await UserAPIApplication.build(config, logger: Logger(label: "test")).test(.live) { client in
                try await client.execute(uri: "/health/ready", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    let report = try JSONDecoder().decode(
                        ReadinessReport.self, from: Data(response.body.readableBytesView))
                    #expect(report.checks["redis"]?.status == "down")
                    #expect(report.checks.values.filter { $0.status == "down" }.count == 1)
                }
            }
        }
    }

    @Test func processServesThenStopsGracefullyOnSIGTERM() async throws {
        let servers = try await TestServers.shared()
        try await TestDatabase.with(servers) { database in
            let observed = try await LifecycleObservation.observe(
                executable: "user-api", environment: servers.serviceEnvironment(database: database))
            #expect(observed.readiness.isReady)
            #expect(observed.metrics.contains("dependency_up"))
            #expect(observed.exitStatus == 0)
            #expect(observed.logEvents.contains { $0["service"] == "user-api" })
        }
    }
}
