import Contracts
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ObjectStore
import PostgresNIO
import ServiceKit
import TestInfra

@testable import LogAPICore

/// log-api in process on a real socket against the run's servers (or a broker of the test's own),
/// with a database of its own holding log-worker's schema, a bucket, exchange and queue of its
/// own; plus the test's own view of each: the S3 client, the database pool, the files queue.
struct FilesTestbed: Sendable {
    let client: any TestClientProtocol
    let queue: FileQueueInspector
    let s3: ObjectStoreClient
    let bucket: String
    let database: PostgresClient
    let config: LogAPIConfig

    static func with(
        amqpURL: String? = nil, overrides: [String: String] = [:], _ body: @Sendable (FilesTestbed) async throws -> Void
    ) async throws {
        let servers = try await TestServers.shared()
        let files = FileQueueInspector.uniqueConfig()
        let bucket = TestNames.unique("uploads", separator: "-")
        let logs = TestNames.unique("logs", separator: "-")
        var settings = [
            "S3_BUCKET": bucket, "FILE_EXCHANGE": files.exchange, "FILE_QUEUE": files.queue,
            "LOG_INGEST_EXCHANGE": logs, "LOG_INGEST_QUEUE": logs + ".ingest",
            // The sweeper's first pass runs at start; later ones only when a test asks for them.
            "FILE_SWEEP_INTERVAL": "1h",
        ]
        if let amqpURL { settings["AMQP_URL"] = amqpURL }
        settings.merge(overrides) { _, new in new }
        let environment = settings
        try await FileDatabase.with { databaseConfig, database in
            let config = try LogAPIConfig(
                environment: servers.serviceEnvironmentReader(database: databaseConfig, overrides: environment))
            let s3 = ObjectStoreClient(configuration: config.objectStore)
            try await s3.createBucket(bucket)
            let app = LogAPIApplication.build(config, logger: FileDatabase.logger)
            let amqp =
                try amqpURL.map { try AMQPConfig(environment: EnvironmentReader(["AMQP_URL": $0])) } ?? servers.amqp
            try await FileQueueInspector.with(amqp, config: config.files) { queue in
                try await app.test(.live) { client in
                    try await body(
                        FilesTestbed(
                            client: client, queue: queue, s3: s3, bucket: bucket, database: database, config: config))
                }
            }
        }
    }

    /// `POST /files` with a multipart form holding `content` as its `file` part.
    func upload(
        _ content: [UInt8], filename: String = "data.json", query: String = ""
    ) async throws -> (
        status: HTTPResponse.Status, json: [String: Any]
    ) {
        let boundary = "------------------------" + TestNames.unique("b", separator: "")
        var body = Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\n".utf8)
        body += Array("Content-Type: application/octet-stream\r\n\r\n".utf8)
        body += content
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        return try await post(
            "/files" + query, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    func post(
        _ path: String, body: [UInt8], contentType: String
    ) async throws -> (
        status: HTTPResponse.Status, json: [String: Any]
    ) {
        try await client.execute(
            uri: path, method: .post, headers: [.contentType: contentType], body: ByteBuffer(bytes: body)
        ) { response in
            let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
            return (response.status, object as? [String: Any] ?? [:])
        }
    }

    func get(_ path: String) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        try await client.execute(uri: path, method: .get) { response in
            let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
            return (response.status, object as? [String: Any] ?? [:])
        }
    }

    func delete(_ path: String) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        try await client.execute(uri: path, method: .delete) { response in
            let object = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
            return (response.status, object as? [String: Any] ?? [:])
        }
    }

    /// Every key under `uploads/`.
    func objectKeys() async throws -> [String] {
        try await s3.listObjects(bucket: bucket, prefix: FileUploadConfig.keyPrefix).objects.map(\.key)
    }

    func pendingUploads() async throws -> [PendingMultipartUpload] {
        try await s3.listMultipartUploads(bucket: bucket, prefix: FileUploadConfig.keyPrefix)
    }

    func download(_ key: String) async throws -> [UInt8] {
        let object = try await s3.getObject(bucket: bucket, key: key)
        var bytes: [UInt8] = []
        for try await chunk in object.body { bytes += chunk.readableBytesView }
        return bytes
    }

    func rowCount() async throws -> Int {
        try await FileDatabase.count("SELECT count(*) FROM files", client: database)
    }

    var store: PostgresFileStore { PostgresFileStore(client: database, logger: FileDatabase.logger) }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// `count` bytes of NDJSON-ish text, different for each `seed`.
    static func content(_ count: Int, seed: Int = 0) -> [UInt8] {
        var line = Array("{\"message\":\"record \(seed)\",\"n\":".utf8)
        line += Array(String(repeating: "7", count: 40).utf8) + Array("}\n".utf8)
        var bytes = line
        while bytes.count < count { bytes += bytes }
        return Array(bytes.prefix(count))
    }
}
