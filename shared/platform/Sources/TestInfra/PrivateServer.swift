import Foundation

/// A server of one test's own, for tests that stop and restart it (reconnects, resubscribes): the
/// shared servers of the run are never restarted. Started with `deploy/local/servers.sh` in a
/// folder of its own; a restart reuses the same port, so clients find it again.
public final class PrivateServer: Sendable {
    public let name: String
    public let directory: String

    private init(name: String) throws {
        self.name = name
        self.directory = "/tmp/tributary-private-\(name)-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        chmod(directory, 0o755)
    }

    /// Starts server `name` (postgres, redis, rabbitmq, kafka, elasticsearch, s3), runs `body` with
    /// it, then stops and removes it whatever happens.
    public static func with<T: Sendable>(_ name: String, _ body: (PrivateServer) async throws -> T) async throws -> T {
        let server = try PrivateServer(name: name)
        do {
            try await server.start()
            let result = try await body(server)
            try await server.remove()
            return result
        } catch {
            try? await server.remove()
            throw error
        }
    }

    /// Its `servers.env` lines (AMQP_URL, REDIS_URL, …), as ``TestServers/environment`` has them.
    public var environment: [String: String] {
        get throws { try ServersEnvFile.read(at: directory + "/servers.env") }
    }

    /// Its variables as a ``TestServers`` value, to reach the typed configurations.
    public var servers: TestServers { get throws { TestServers(environment: try environment) } }

    /// Starts it; the first start takes free ports, later ones reuse them (kept in `directory`).
    public func start() async throws {
        try await ShellCommand.run([Self.script, "start", directory, name], environment: TestServers.scriptEnvironment)
    }

    public func stop() async throws {
        try await ShellCommand.run([Self.script, "stop", directory])
    }

    private func remove() async throws {
        try await stop()
        try FileManager.default.removeItem(atPath: directory)
    }

    private static var script: String {
        TestServers.repositoryRoot.appendingPathComponent("deploy/local/servers.sh").path
    }
}
