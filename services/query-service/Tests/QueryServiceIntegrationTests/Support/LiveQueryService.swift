import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import LogWorkerCore
import Logging
import NIOCore
import PostgresNIO
import Redis
import ServiceKit
import TestInfra
import Testing

@testable import QueryServiceCore

/// A log as a test stores it, straight into log-worker's table.
struct TestLog: Sendable {
    var id = UUID()
    var receivedAt: LogTime
    var timestamp: LogTime
    var level: String? = "info"
    var service: String? = "api"
    var message: String? = "hello"
    var data = "{}"
    /// The uploaded file it came from (log-worker sets it for the records of `POST /files`).
    var fileID: UUID?

    init(
        at timestamp: LogTime, level: String? = "info", service: String? = "api", message: String? = "hello",
        data: String = "{}", fileID: UUID? = nil
    ) {
        self.timestamp = timestamp
        self.receivedAt = timestamp.adding(microseconds: 1_000)
        self.level = level
        self.service = service
        self.message = message
        self.data = data
        self.fileID = fileID
    }
}

/// One answer of the service under test.
struct APIResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer

    var cache: String? { headers[.xCache] }
    var text: String { String(buffer: body) }

    var object: [String: Any] {
        get throws {
            try #require(
                try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any], "\(text)")
        }
    }

    /// The ids of a `/logs` page, in order, and its next cursor.
    var page: (ids: [UUID], nextCursor: String?) {
        get throws {
            let object = try object
            let logs = try #require(object["logs"] as? [[String: Any]], "\(text)")
            return (logs.map { UUID(uuidString: $0["id"] as? String ?? "")! }, object["next_cursor"] as? String)
        }
    }

    var error: String? { (try? object)?["error"] as? String }
}

/// query-service running in process on a real socket, against the run's PostgreSQL (a database of
/// its own with log-worker's migrations applied, unless `withTable` is false) and a Redis server of
/// its own, which the test may stop and start, and whose generation key no other test touches.
struct LiveQueryService: Sendable {
    let client: any TestClientProtocol
    let postgres: PostgresClient
    let redis: RedisConnectionPool
    let redisServer: PrivateServer
    /// The test's database, for other services' processes to use.
    let database: PostgresConfig

    static func with(
        withTable: Bool = true, overrides: [String: String] = [:],
        _ body: @escaping @Sendable (LiveQueryService) async throws -> Void
    ) async throws {
        let servers = try await TestServers.shared()
        try await PrivateServer.with("redis") { redisServer in
            let redisEnvironment = try redisServer.environment
            try await TestDatabase.with(servers) { database in
                try await withPostgresClient(database) { postgres in
                    let logger = Logger(label: "query-service-test")
                    if withTable {
                        try await MigrationRunner(
                            service: "log-worker", migrations: LogWorkerMigrations.all, client: postgres, logger: logger
                        ).run()
                    }
                    let environment = servers.serviceEnvironmentReader(
                        database: database,
                        overrides: ["REDIS_URL": redisEnvironment["REDIS_URL"] ?? ""].merging(overrides) { $1 })
                    let config = try QueryServiceConfig(environment: environment)
                    let redis = RedisConnectionPool(
                        configuration: RedisClientConfiguration(endpoint: config.redis.endpoint))
                    let app = QueryServiceApplication.build(config, logger: logger)
                    do {
                        try await app.test(.live) { client in
                            try await body(
                                LiveQueryService(
                                    client: client, postgres: postgres, redis: redis, redisServer: redisServer,
                                    database: database))
                        }
                    } catch {
                        await redis.shutdown()
                        throw error
                    }
                    await redis.shutdown()
                }
            }
        }
    }

    func get(_ path: String, _ parameters: [(String, String)] = []) async throws -> APIResponse {
        let query = parameters.map { "\($0.0)=\(Self.percentEncoded($0.1))" }.joined(separator: "&")
        let response = try await client.executeRequest(
            uri: query.isEmpty ? path : path + "?" + query, method: .get, headers: [:], body: nil)
        return APIResponse(status: response.status, headers: response.headers, body: response.body)
    }

    static func percentEncoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? value
    }

    func insert(_ logs: [TestLog]) async throws {
        try await postgres.withConnection { connection in
            for log in logs {
                try await connection.query(
                    """
                    INSERT INTO logs (id, received_at, ts, level, service, message, data, file_id)
                    VALUES (\(log.id), \(log.receivedAt), \(log.timestamp), \(log.level), \(log.service), \(log.message),
                        \(log.data)::jsonb, \(log.fileID))
                    """, logger: Logger(label: "query-service-test"))
            }
        }
    }

    /// What log-worker does after each commit.
    @discardableResult
    func bumpGeneration() async throws -> Int {
        try await redis.incr(CacheKeys.logsGeneration)
    }

    /// The value of one series of `/metrics`, 0 when it is not there yet.
    func metric(_ name: String, endpoint: String) async throws -> Int {
        let text = try await get("/metrics").text
        let prefix = "\(name){endpoint=\"\(endpoint)\"} "
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return 0 }
        return Int(line.dropFirst(prefix.count)) ?? -1
    }
}

extension LogTime {
    /// `2026-03-01T10:00:00Z` plus `seconds`: the tests' clock.
    static func at(_ seconds: Double) -> LogTime {
        LogTime(microsecondsSince1970: 1_772_359_200_000_000 + Int64((seconds * 1_000_000).rounded()))
    }
}
