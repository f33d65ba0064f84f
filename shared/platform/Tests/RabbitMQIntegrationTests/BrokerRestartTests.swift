import Foundation
import RabbitMQ
import ServiceKit
import TestInfra
import Testing

/// A RabbitMQ of this test's own, stopped and started again on the same port: the connection
/// comes back by itself, publishes made while it was down wait (or fail clearly), and the
/// consumer resumes.
@Suite("RabbitMQ broker restart", .serialized)
struct BrokerRestartTests {
    @Test func connectionsComeBackAfterTheBrokerRestarts() async throws {
        let broker = try await PrivateBroker.start()
        do {
            try await restartScenario(broker)
            await broker.stop()
        } catch {
            await broker.stop()
            throw error
        }
    }

    private func restartScenario(_ broker: PrivateBroker) async throws {
        let amqp = broker.amqp
        let names = TestQueue()
        let patient = testConfiguration(amqp, publishWaitForConnection: .seconds(60))
        let impatient = testConfiguration(amqp, publishWaitForConnection: .milliseconds(300))
        try await withRunningConnection(patient, topology: names.topology) { publisher in
            try await withRunningConnection(impatient, topology: names.topology) { impatientPublisher in
                try await withRunningConnection(testConfiguration(amqp), topology: names.topology) {
                    consumerConnection in
                    let collector = DeliveryCollector(consumerConnection.consume(queue: names.queue, prefetch: 10))
                    try await publisher.publish(names.message("before"))
                    try collector.consumer.ack(try await collector.waitFor(1)[0])

                    try await broker.stopServer()
                    try await waitUntil("every connection noticed the broker is gone") {
                        !publisher.isConnected && !impatientPublisher.isConnected && !consumerConnection.isConnected
                    }
                    // While it is down: a publish that may wait does; one that may not fails clearly.
                    let waiting = Task { try await publisher.publish(names.message("during")) }
                    let error = await #expect(throws: RabbitMQError.self) {
                        try await impatientPublisher.publish(names.message("too-impatient"))
                    }
                    #expect(error?.kind == .notConnected)
                    #expect(error?.messageID == "too-impatient")
                    #expect(error?.broker == "127.0.0.1:\(amqp.endpoint.port)")

                    try await broker.startServer()
                    try await waiting.value
                    try await impatientPublisher.waitUntilConnected(timeout: .seconds(30))
                    try await impatientPublisher.publish(names.message("after"))
                    let deliveries = try await collector.waitFor(3, timeout: .seconds(60))
                    #expect(deliveries.dropFirst().compactMap(\.messageID).sorted() == ["after", "during"])
                    try collector.consumer.ack(deliveries[2], multiple: true)
                }
            }
        }
    }

    private func waitUntil(_ what: String, timeout: Duration = .seconds(30), _ condition: () -> Bool) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while !condition() {
            guard clock.now < deadline else { throw CollectorError(description: "not within \(timeout): \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// A RabbitMQ node started by deploy/local/servers.sh in a folder of its own, on a fixed port so
/// that it comes back where the clients look for it.
private struct PrivateBroker {
    let directory: String
    let amqp: AMQPConfig

    /// deploy/local/servers.sh, found from this file's place in the repository
    /// (shared/platform/Tests/RabbitMQIntegrationTests/BrokerRestartTests.swift).
    private static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("deploy/local/servers.sh").path

    static func start() async throws -> PrivateBroker {
        let directory = "/tmp/rabbitmq-restart-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let broker = PrivateBroker(
            directory: directory, amqp: AMQPConfig(endpoint: HostPort(host: "127.0.0.1", port: try FreePort.next())))
        try await broker.startServer()
        return broker
    }

    func startServer() async throws {
        try await run(
            [Self.script, "start", directory, "rabbitmq"], environment: ["AMQP_PORT": "\(amqp.endpoint.port)"])
    }

    func stopServer() async throws {
        try await run([Self.script, "stop", directory])
    }

    func stop() async {
        try? await stopServer()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs the script to completion without blocking a thread of the concurrency pool.
    private func run(_ command: [String], environment: [String: String] = [:]) async throws {
        let log = URL(fileURLWithPath: directory).appendingPathComponent("script-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let process = Process()
        // Threads of the Swift concurrency pool block SIGTERM, and a child inherits the mask: the
        // broker would ignore the script's SIGTERM and be killed 20 s later. python3 (which the
        // script needs anyway) clears the mask before exec'ing the script.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", "-c",
                "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execvp(sys.argv[1], sys.argv[1:])",
            ] + command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = output
        process.standardError = output
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: error)
            }
        }
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw CollectorError(
                description: "\(command.joined(separator: " ")) exited \(process.terminationStatus):\n\(text)")
        }
    }
}
