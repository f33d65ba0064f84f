import Foundation
import ServiceKit
import TestInfra

/// A Redis server of one test's own, started with `deploy/local/servers.sh` on a fixed port so it
/// comes back on the same port after ``restart()``: the shared servers are never restarted.
final class PrivateRedisServer: Sendable {
    let directory: String
    let port: Int
    /// deploy/local/servers.sh, found from this file's place: Tests/RedisIntegrationTests in
    /// shared/platform, five levels below the repository root.
    private let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/local/servers.sh").path

    var endpoint: HostPort { HostPort(host: "127.0.0.1", port: port) }

    private init() throws {
        directory = NSTemporaryDirectory() + "redis-private-" + UUID().uuidString.prefix(8).lowercased()
        port = try FreePort.next()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Starts a server, runs `body` with it, and stops and removes it whatever happens.
    static func with<T>(_ body: (PrivateRedisServer) async throws -> T) async throws -> T {
        let server = try PrivateRedisServer()
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

    func start() async throws { try await run(["start", directory, "redis"]) }
    func stop() async throws { try await run(["stop", directory]) }

    private func remove() async throws {
        try await stop()
        try FileManager.default.removeItem(atPath: directory)
    }

    /// The script waits for the server; that wait runs on a thread of its own, not on a Swift
    /// concurrency thread. The thread clears its signal mask first: a child inherits its spawner's
    /// mask (Foundation's Process does not reset it), and threads of this test process block
    /// SIGTERM, so a server started from one would ignore `stop` until the script's SIGKILL 20 s later.
    private func run(_ arguments: [String]) async throws {
        let (script, port) = (self.script, self.port)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread {
                var none = sigset_t()
                sigemptyset(&none)
                pthread_sigmask(SIG_SETMASK, &none, nil)
                continuation.resume(with: Result { try Self.runBlocking(script: script, port: port, arguments) })
            }.start()
        }
    }

    private static func runBlocking(script: String, port: Int, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["REDIS_PORT": String(port), "FAST_UNSAFE": "1"]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ServerScriptFailed(arguments: arguments, status: process.terminationStatus, output: text)
        }
    }
}

struct ServerScriptFailed: Error, CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let output: String
    var description: String { "servers.sh \(arguments.joined(separator: " ")) exited with \(status): \(output)" }
}
