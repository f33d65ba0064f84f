import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceKit

/// The checks every service passes, written once: tests of a service hand in how to build it and
/// assert on what comes back.
public enum ServiceConformance {
    /// Builds a service against the run's real servers (with a database of its own and the given
    /// environment `overrides`), runs it in process on a real socket, and returns its answer to
    /// `GET /health/ready`.
    public static func readiness<App: ApplicationProtocol>(
        overrides: [String: String] = [:],
        build: @escaping @Sendable (EnvironmentReader) throws -> App
    ) async throws -> (status: HTTPResponse.Status, report: ReadinessReport) {
        let servers = try await TestServers.shared()
        return try await TestDatabase.with(servers) { database in
            let app = try build(servers.serviceEnvironmentReader(database: database, overrides: overrides))
            return try await app.test(.live) { client in
                try await client.execute(uri: "/health/ready", method: .get) { response in
                    let report = try JSONDecoder().decode(
                        ReadinessReport.self, from: Data(response.body.readableBytesView))
                    return (response.status, report)
                }
            }
        }
    }

    /// Runs the service's executable against the run's real servers with its HTTP port already taken by
    /// another listener, so its HTTP service fails; returns how the process ended by itself (its exit
    /// status, within `deadline`) and what it logged. A service's failure must end the process with
    /// ``ServiceMain/serviceFailureExitCode`` and a log line, not hang or trap.
    public static func failure(
        executable: String, deadline: Duration = .seconds(60)
    ) async throws -> (exitStatus: Int32, output: String) {
        let servers = try await TestServers.shared()
        return try await TestDatabase.with(servers) { database in
            let held = try HeldPort()
            let process = try ServiceProcess(
                executable: executable, environment: servers.serviceEnvironment(database: database), port: held.port)
            let status = try await process.waitForExit(deadline: deadline)
            return (status, process.output)
        }
    }

    /// Runs the service's executable as a process against the run's real servers (with a database
    /// of its own) from start to SIGTERM; see ``LifecycleObservation``.
    public static func lifecycle(executable: String) async throws -> LifecycleObservation {
        let servers = try await TestServers.shared()
        return try await TestDatabase.with(servers) { database in
            try await LifecycleObservation.observe(
                executable: executable, environment: servers.serviceEnvironment(database: database))
        }
    }
}
