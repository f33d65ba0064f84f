import Foundation
import ServiceKit

/// The settings of the managed users, their cache and their search index:
/// - `USER_ROLES` (default `admin,member,viewer`): the roles a user may have, comma-separated;
/// - `USER_CACHE_TTL` (seconds, default 300): how long a user read or written stays in Redis;
/// - `USER_CACHE_MISS_TTL` (seconds, default 5): how long "no such user" stays in Redis, so a burst of
///   unknown addresses does not reach PostgreSQL; any write of that address replaces it at once;
/// - `USER_CACHE_TIMEOUT_MS` (default 500): the longest a Redis step may hold up a request;
/// - `USER_CACHE_KEY_PREFIX` (default `tributary:managed-user:`): keys are the prefix and the
///   lower-cased address;
/// - `USER_SEARCH_INDEX` (default `managed-users`): the Elasticsearch index;
/// - `USER_SEARCH_TIMEOUT_MS` (default 2000): how long a search waits for Elasticsearch before
///   PostgreSQL answers instead;
/// - `USER_SEARCH_COOLDOWN_MS` (default 5000): after Elasticsearch failed a search, how long
///   searches go straight to PostgreSQL before it is asked again;
/// - `USER_INDEXER_BATCH_SIZE` (default 1000): outbox rows per bulk request;
/// - `USER_INDEXER_CONCURRENCY` (default 4): indexers in this process, each with its own batches;
/// - `USER_INDEXER_IDLE_MS` (default 100): how long the indexer waits when the outbox is empty;
/// - `USER_INDEXER_MAX_BACKOFF_MS` (default 2000): the longest wait between failed bulk requests
///   (the wait doubles from 50 ms): bounds how late the index catches up once Elasticsearch is back.
public struct ManagedUsersConfig: Sendable, Equatable {
    public var roles: Set<String>
    public var cacheTTLSeconds: Int
    public var cacheMissTTLSeconds: Int
    public var cacheTimeout: Duration
    public var cacheKeyPrefix: String
    public var searchIndex: String
    public var searchTimeout: Duration
    public var searchCooldown: Duration
    public var indexerBatchSize: Int
    public var indexerConcurrency: Int
    public var indexerIdle: Duration
    public var indexerMaximumBackoff: Duration

    public static let defaultRoles: Set<String> = ["admin", "member", "viewer"]

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        let rolesText = environment.string("USER_ROLES", default: "admin,member,viewer")
        let roles = Set(rolesText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            .subtracting([""])
        guard !roles.isEmpty, roles.allSatisfy({ $0.count <= 64 }) else {
            throw ConfigurationError(
                variable: "USER_ROLES", value: rolesText, expected: "comma-separated role names of 1 to 64 characters")
        }
        self.roles = roles
        self.cacheTTLSeconds = try environment.int("USER_CACHE_TTL", default: 300, in: 1...86_400 * 30)
        self.cacheMissTTLSeconds = try environment.int("USER_CACHE_MISS_TTL", default: 5, in: 1...3600)
        self.cacheTimeout = try environment.milliseconds(
            "USER_CACHE_TIMEOUT_MS", default: .milliseconds(500), in: 1...60_000)
        self.cacheKeyPrefix = environment.string("USER_CACHE_KEY_PREFIX", default: "tributary:managed-user:")
        self.searchIndex = environment.string("USER_SEARCH_INDEX", default: "managed-users")
        guard searchIndex == searchIndex.lowercased(), !searchIndex.hasPrefix("_"), !searchIndex.contains("/") else {
            throw ConfigurationError(
                variable: "USER_SEARCH_INDEX", value: searchIndex,
                expected: "an Elasticsearch index name: lower case, no leading _ and no /")
        }
        self.searchTimeout = try environment.milliseconds(
            "USER_SEARCH_TIMEOUT_MS", default: .seconds(2), in: 1...600_000)
        self.searchCooldown = try environment.milliseconds(
            "USER_SEARCH_COOLDOWN_MS", default: .seconds(5), in: 0...3_600_000)
        self.indexerBatchSize = try environment.int("USER_INDEXER_BATCH_SIZE", default: 1000, in: 1...10_000)
        self.indexerConcurrency = try environment.int("USER_INDEXER_CONCURRENCY", default: 4, in: 1...64)
        self.indexerIdle = try environment.milliseconds(
            "USER_INDEXER_IDLE_MS", default: .milliseconds(100), in: 1...60_000)
        self.indexerMaximumBackoff = try environment.milliseconds(
            "USER_INDEXER_MAX_BACKOFF_MS", default: .seconds(2), in: 50...600_000)
    }
}
