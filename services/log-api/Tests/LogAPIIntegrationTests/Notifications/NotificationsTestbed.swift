import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import LogWorkerCore
import Logging
import NIOCore
import ObjectStore
import PostgresNIO
import Redis
import ServiceKit
import TestInfra
import Testing

@testable import LogAPICore

/// log-api and log-worker in process on real sockets, sharing a database (log-worker's schema), a bucket,
/// an exchange and queue of files and an events channel of the test's own, on the run's Redis or on
/// `redisURL` (a private one a test stops and starts).
struct NotificationsTestbed: Sendable {
    let client: any TestClientProtocol
    let port: Int
    let channel: String
    let redis: RedisConnectionPool
    let database: PostgresClient

    static func with(
        redisURL: String? = nil, overrides: [String: String] = [:],
        _ body: @Sendable (NotificationsTestbed) async throws -> Void
    ) async throws {
        let servers = try await TestServers.shared()
        let exchange = TestNames.unique("files", separator: ".")
        let bucket = TestNames.unique("uploads", separator: "-")
        var settings = [
            "S3_BUCKET": bucket, "FILE_EXCHANGE": exchange, "FILE_QUEUE": exchange + ".process",
            "FILE_EVENTS_CHANNEL": exchange + ".events",
            "LOG_INGEST_EXCHANGE": exchange + ".logs", "LOG_INGEST_QUEUE": exchange + ".logs.ingest",
            "FILE_SWEEP_INTERVAL": "1h", "FILE_PROGRESS_INTERVAL_MS": "10", "FILE_BATCH_SIZE": "100",
            "LOG_LEVEL": "warning",
        ]
        if let redisURL { settings["REDIS_URL"] = redisURL }
        settings.merge(overrides) { _, new in new }
        let environmentOverrides = settings
        try await FileDatabase.with { databaseConfig, database in
            let environment = servers.serviceEnvironment(database: databaseConfig, overrides: environmentOverrides)
            let apiConfig = try LogAPIConfig(environment: EnvironmentReader(environment))
            try await ObjectStoreClient(configuration: apiConfig.objectStore).createBucket(bucket)
            let worker = LogWorkerApplication.build(
                try LogWorkerConfig(environment: EnvironmentReader(environment)), logger: FileDatabase.logger)
            let api = LogAPIApplication.build(apiConfig, logger: FileDatabase.logger)
            let redis = RedisConnectionPool(configuration: apiConfig.notifications.redis)
            do {
                try await worker.test(.live) { _ in
                    try await api.test(.live) { client in
                        let port = try #require(client.port)
                        try await body(
                            NotificationsTestbed(
                                client: client, port: port, channel: apiConfig.notifications.channel, redis: redis,
                                database: database))
                    }
                }
                await redis.shutdown()
            } catch {
                await redis.shutdown()
                throw error
            }
        }
    }

    var store: PostgresFileStore { PostgresFileStore(client: database, logger: FileDatabase.logger) }

    /// `POST /files` of `body` as NDJSON; the new file's id.
    func upload(_ body: [UInt8], name: String = "records.ndjson") async throws -> UUID {
        try await client.execute(
            uri: "/files?name=\(name)&force=true", method: .post, headers: [.contentType: "application/x-ndjson"],
            body: ByteBuffer(bytes: body)
        ) { response in
            let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
            let id = (object as? [String: Any])?["id"] as? String
            return try #require(id.flatMap(UUID.init(uuidString:)), "\(response.status) \(object)")
        }
    }

    /// `count` NDJSON records, each a valid log (the `n`-th says `record n`).
    static func records(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for n in 0..<count {
            bytes += Array(#"{"level":"info","message":"record \#(n)","service":"notifications-test"}"#.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The file's row as `GET /files/{id}` shows it.
    func file(_ id: UUID) async throws -> [String: Any] {
        try await client.execute(uri: "/files/\(id.uuidString.lowercased())", method: .get) { response in
            try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
        }
    }

    /// Waits until the file is final in PostgreSQL; its row.
    func waitUntilFinal(_ id: UUID, timeout: Duration = .seconds(120)) async throws -> [String: Any] {
        try await pollUntil("file \(id) final in PostgreSQL", timeout: timeout, every: .milliseconds(100)) {
            let row = try await file(id)
            let status = row["status"] as? String
            return status == "completed" || status == "completed_with_errors" || status == "failed" ? row : nil
        }
    }

    /// Publishes `event` on the channel as log-worker does.
    func publish(_ event: FileEvent) async throws {
        let body = try ContractCoding.encode(Envelope(payload: event))
        _ = try await redis.publish(RedisArgument(bytes: Array(body)), to: channel)
    }

    /// A sample of `/metrics`: the value of the line starting with `name{labels}`.
    func metric(_ name: String, labels: String) async throws -> Double {
        try await client.execute(uri: "/metrics", method: .get) { response in
            let text = String(buffer: response.body)
            let prefix = "\(name){\(labels)} "
            let line = text.split(separator: "\n").first { $0.hasPrefix(prefix) }
            return line.flatMap { Double($0.dropFirst(prefix.count)) } ?? 0
        }
    }
}
