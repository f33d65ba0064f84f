import Foundation
import TestInfra
import Testing

/// `csv-producer upload` against the real log-api and log-worker executables (built into the same scratch
/// folder: `make build`, or deploy/test.sh) on the run's servers: the files go through S3, RabbitMQ and
/// PostgreSQL, their progress comes back over the WebSocket.
@Suite("csv-producer upload against log-api and log-worker", .timeLimit(.minutes(5)))
struct UploadCommandIntegrationTests {
    @Test func goodFilesExitZeroAFailedFileExitsOneAndEachGetsItsSummary() async throws {
        try await Self.withServices { api, environment in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let good = directory.appendingPathComponent("good.json")
            try Data(#"[{"message":"one"},{"message":"two"},{"message":"three"}]"#.utf8).write(to: good)
            let mixed = directory.appendingPathComponent("mixed.ndjson")
            try Data("{\"message\":\"a\"}\n{\"level\":42}\n{\"message\":\"b\"}\n".utf8).write(to: mixed)
            let broken = directory.appendingPathComponent("broken.json")
            try Data("this is not JSON".utf8).write(to: broken)

            let fine = try await Self.upload([good.path, mixed.path, "--api", api], environment: environment)
            #expect(fine.status == 0, "\(fine.output)")
            #expect(fine.output.contains("good.json: completed, 3 stored, 0 rejected"), "\(fine.output)")
            #expect(fine.output.contains("mixed.ndjson: completed_with_errors, 2 stored, 1 rejected"), "\(fine.output)")

            let failed = try await Self.upload([broken.path, "--api", api], environment: environment)
            #expect(failed.status == 1, "\(failed.output)")
            #expect(failed.output.contains("broken.json: failed, 0 stored, 0 rejected"), "\(failed.output)")

            // The same bytes again: the same file, already final: its snapshot is the answer.
            let again = try await Self.upload([good.path, "--api", api], environment: environment)
            #expect(again.status == 0 && again.output.contains("uploaded before"), "\(again.output)")
        }
    }

    @Test func anUnreadableFileIsAUsageErrorAndAnUnreachableAPIFailsTheFile() async throws {
        let missing = try await Self.upload(["/nonexistent/file.json"], environment: [:])
        #expect(missing.status == 2, "\(missing.output)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).json")
        try Data("[]".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let closed = try FreePort.next()
        let unreachable = try await Self.upload(
            [file.path, "--api", "http://127.0.0.1:\(closed)", "--timeout", "5"], environment: [:])
        #expect(unreachable.status == 1, "\(unreachable.output)")
        #expect(unreachable.output.contains("upload failed"), "\(unreachable.output)")
    }

    static func upload(
        _ arguments: [String], environment: [String: String]
    ) async throws -> (
        status: Int32, output: String
    ) {
        try await ShellCommand.capture(
            [BuiltProducts.path("csv-producer"), "upload"] + arguments, environment: environment)
    }

    /// log-api and log-worker as processes on a database, bucket, queue and events channel of the test's own.
    static func withServices(_ body: (String, [String: String]) async throws -> Void) async throws {
        for name in ["log-api", "log-worker"] {
            try #require(
                FileManager.default.isExecutableFile(atPath: BuiltProducts.path(name)),
                "build \(name) into the same scratch folder first (make build, or deploy/test.sh)")
        }
        let servers = try await TestServers.shared()
        let names = TestNames.unique("files", separator: ".")
        try await TestDatabase.with(servers) { database in
            let environment = servers.serviceEnvironment(
                database: database,
                overrides: [
                    "S3_BUCKET": TestNames.unique("uploads", separator: "-"), "FILE_EXCHANGE": names,
                    "FILE_QUEUE": names + ".process", "FILE_EVENTS_CHANNEL": names + ".events",
                    "LOG_INGEST_EXCHANGE": names + ".logs", "LOG_INGEST_QUEUE": names + ".logs.ingest",
                    "LOG_LEVEL": "warning",
                ])
            let api = try ServiceProcess(executable: "log-api", environment: environment)
            let worker = try ServiceProcess(executable: "log-worker", environment: environment)
            do {
                try await api.waitUntilAnswering("/health/ready/files", deadline: .seconds(60))
                try await worker.waitUntilAnswering(deadline: .seconds(60))
                try await body(api.baseURL, servers.environment)
                _ = try await api.stop()
                _ = try await worker.stop()
            } catch {
                _ = try? await api.stop()
                _ = try? await worker.stop()
                throw error
            }
        }
    }
}
