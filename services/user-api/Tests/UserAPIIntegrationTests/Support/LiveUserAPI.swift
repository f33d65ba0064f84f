import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresNIO
import Redis
import Search
import ServiceKit
import TestInfra

@testable import UserAPICore

/// A running user-api (in process, real sockets) with a database, cache key prefix and search
/// index of its own, and the clients a test inspects it with.
struct LiveUserAPI: Sendable {
    let client: any TestClientProtocol
    let postgres: PostgresClient
    let redis: RedisConnectionPool
    let search: SearchClient
    let keyPrefix: String
    let index: String
    /// The store's reads of one user by address.
    let lookups: QueryCounter
    /// The test's own database, for service processes started beside this one.
    let database: PostgresConfig

    func execute(
        _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    func post(_ body: String, contentType: String = "application/json") async throws -> TestResponse {
        try await execute(.post, "/users", headers: [.contentType: contentType], body: body)
    }

    func create(_ name: String, _ email: String, role: String = "member") async throws -> TestResponse {
        try await post(#"{"name":"\#(name)","email":"\#(email)","role":"\#(role)"}"#)
    }

    func patch(_ email: String, _ body: String) async throws -> TestResponse {
        try await execute(.patch, "/users/\(email)", headers: [.contentType: "application/json"], body: body)
    }

    /// The raw cached value of `email`, or nil.
    func cached(_ email: String) async throws -> String? {
        try await redis.getString(keyPrefix + email.lowercased())
    }

    func count(_ sql: String) async throws -> Int {
        let rows = try await postgres.query(PostgresQuery(unsafeSQL: sql))
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// The ids of the users in the table.
    func tableIDs() async throws -> Set<String> {
        var ids = Set<String>()
        for try await id in try await postgres.query("SELECT id FROM managed_users").decode(UUID.self) {
            ids.insert(id.uuidString.lowercased())
        }
        return ids
    }

    /// The ids of the users (not tombstones) in the search index.
    func indexedIDs() async throws -> Set<String> {
        struct Document: Decodable, Sendable { let id: String }
        try await search.refresh(index)
        let request = #"{"size":10000,"query":{"bool":{"must_not":[{"term":{"deleted":true}}]}}}"#
        let hits = try await search.search(index, request: Array(request.utf8), as: Document.self)
        return Set(hits.hits.map(\.document.id))
    }

    /// Waits until the outbox is empty and the index holds exactly the table's users.
    func waitUntilIndexed(timeout: Duration = .seconds(120)) async throws {
        _ = try await pollUntil("the index equals the table", timeout: timeout, every: .milliseconds(200)) {
            () async throws -> Bool? in
            guard try await count("SELECT count(*) FROM managed_user_outbox") == 0 else { return nil }
            return try await indexedIDs() == tableIDs() ? true : nil
        }
    }
}

/// Runs user-api (`ROLE=all` unless overridden) against the shared servers, or against the
/// servers in `overrides` (a private Redis or Elasticsearch), for `body`; its submission topics,
/// consumer group and age-groups keys are its own (``submissionOverrides(_:)``).
func withLiveUserAPI(
    overrides: [String: String] = [:], _ body: @escaping @Sendable (LiveUserAPI) async throws -> Void
) async throws {
    let servers = try await TestServers.shared()
    let name = TestNames.unique("users", separator: ".")
    let keyPrefix = "test:\(name):user:"
    let index = "test-" + name.lowercased().replacingOccurrences(of: ".", with: "-")
    try await TestDatabase.with(servers) { database in
        let environment = servers.serviceEnvironmentReader(
            database: database,
            overrides: [
                "USER_CACHE_KEY_PREFIX": keyPrefix, "USER_SEARCH_INDEX": index, "USER_INDEXER_IDLE_MS": "20",
                "USER_INDEXER_MAX_BACKOFF_MS": "500",
            ]
            // Topics, group and age-groups keys of its own for the consumer every `ROLE=all` runs.
            .merging(submissionOverrides()) { _, new in new }
            .merging(overrides) { _, new in new })
        let config = try UserAPIConfig(environment: environment)
        let lookups = QueryCounter()
        let app = try UserAPIApplication.build(config, logger: Logger(label: "user-api-test"), lookups: lookups)
        let redis = RedisConnectionPool(
            configuration: RedisClientConfiguration(endpoint: config.redis.endpoint, commandTimeout: .seconds(2)),
            logger: Logger(label: "user-api-test"))
        // Short: a test with Elasticsearch stopped still removes its index on the way out (or gives up).
        let search = SearchClient(baseURL: config.elasticsearch.url, timeout: .seconds(2))
        do {
            try await app.test(.live) { client in
                // The first answer comes once the migrations ran (the server starts after them).
                _ = try await client.execute(uri: "/health/live", method: .get)
                try await withPostgresClient(database) { postgres in
                    try await body(
                        LiveUserAPI(
                            client: client, postgres: postgres, redis: redis, search: search, keyPrefix: keyPrefix,
                            index: index, lookups: lookups, database: database))
                }
            }
        } catch {
            await redis.shutdown()
            _ = try? await search.deleteIndex(index)
            throw error
        }
        await redis.shutdown()
        _ = try? await search.deleteIndex(index)
    }
}
