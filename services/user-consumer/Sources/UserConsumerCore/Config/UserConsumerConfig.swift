import Foundation
import RabbitMQ
import Redis
import ServiceKit

/// Everything user-consumer reads from its environment, each variable with a documented default
/// (README, "Configuration"):
/// - `HTTP_HOST`, `HTTP_PORT` (default 8081), `LOG_LEVEL`, `LOG_FORMAT`
/// - `POSTGRES_URL`, `POSTGRES_POOL_SIZE`; `AMQP_URL`
/// - `REDIS_URL`, `REDIS_POOL_SIZE` (8), `REDIS_CONNECT_TIMEOUT_MS` and `REDIS_COMMAND_TIMEOUT_MS`
///   (both default to `USER_CACHE_TIMEOUT_MS` here)
/// - `ROLE`: `api`, `worker` or `all` (default `all`); the worker role runs the ingest consumer
/// - `USER_INGEST_EXCHANGE` (default `users`), `USER_INGEST_QUEUE` (default `users.ingest`, also the
///   routing key; its dead letters go to `<queue>.dead`), `USER_INGEST_BATCH_SIZE` (messages per
///   batch, default 100), `USER_INGEST_BATCH_MAX_BYTES` (default 2 MiB), `USER_INGEST_BATCH_WAIT_MS`
///   (default 50), `USER_INGEST_CONCURRENT_BATCHES` (default 2: batches decoding while one is stored)
/// - `USER_CACHE_TTL_SECONDS` (3600), `USER_CACHE_TIMEOUT_MS` (1000), `USER_CACHE_KEY_PREFIX`
///   (`tributary:user:`), `USER_CHANGES_CHANNEL` (`tributary:users:changes`), `USER_SSE_PAGE_SIZE`
///   (500), `USER_SSE_HEARTBEAT_SECONDS` (15): see ``UserRoutesConfig``; `REDIS_POOL_SIZE` (8)
/// - `USER_EMAIL_KEY`: the AES-256-GCM key for stored e-mail addresses, 32 bytes in base64. Unset, a
///   fixed development key is used (``EmailCipher/developmentKey``) and a warning is logged: set it
///   in every shared or production deployment, and never change it while rows exist.
public struct UserConsumerConfig: Sendable {
    public static let defaultPort = 8081

    /// Which parts of user-consumer this process runs.
    public enum Role: String, Sendable, CaseIterable {
        /// The HTTP API only.
        case api
        /// The ingest consumer (with the operational endpoints).
        case worker
        /// Both.
        case all

        public var runsIngest: Bool { self != .api }
        public var servesAPI: Bool { self != .worker }
    }

    public var http: HTTPServerConfig
    public var logging: LoggingConfig
    public var postgres: PostgresConfig
    /// The Redis pool of the cache and the change channel (and of the subscriptions of `follow=true`).
    public var redis: RedisClientConfiguration
    public var amqp: AMQPConfig
    public var role: Role
    public var ingest: UserIngestConfig
    public var api: UserRoutesConfig
    /// The e-mail key, or nil when `USER_EMAIL_KEY` is unset and the development key applies.
    public var emailKey: EmailCipher.Key?

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.http = try HTTPServerConfig(environment: environment, defaultPort: Self.defaultPort)
        self.logging = try LoggingConfig(environment: environment)
        self.postgres = try PostgresConfig(environment: environment)
        self.amqp = try AMQPConfig(environment: environment)
        self.role = try environment.choice("ROLE", default: Role.all)
        self.ingest = try UserIngestConfig(environment: environment)
        let api = try UserRoutesConfig(environment: environment)
        self.api = api
        self.redis = try RedisClientConfiguration(environment: environment, defaults: .cache(timeout: api.cacheTimeout))
        self.emailKey = try environment.raw("USER_EMAIL_KEY").map { text throws(ConfigurationError) in
            guard let key = EmailCipher.Key(base64: text) else {
                throw ConfigurationError(
                    variable: "USER_EMAIL_KEY", value: "(\(text.count) characters, not shown)",
                    expected: "32 bytes in base64 (for example from `openssl rand -base64 32`)")
            }
            return key
        }
    }
}

/// Where the ingest consumer reads users and how it batches them.
public struct UserIngestConfig: Sendable, Equatable {
    public var exchange: String
    /// The work queue; also the routing key, as `csv-producer publish` binds it.
    public var queue: String
    /// The most messages stored in one transaction.
    public var batchSize: Int
    /// The most message bytes stored in one transaction (at least one message): bounds a batch when
    /// each message carries many users (`csv-producer` sends up to 1,000 per message).
    public var batchMaxBytes: Int
    /// How long a batch waits for more deliveries once its first one arrived.
    public var batchWait: Duration
    /// Batches worked on at once: the next ones decode while one is stored. Stores stay one at a
    /// time in queue order, so when a user appears twice the later row wins, across batches too.
    public var concurrentBatches: Int

    public init(
        exchange: String = "users", queue: String = "users.ingest", batchSize: Int = 100,
        batchMaxBytes: Int = 2 << 20, batchWait: Duration = .milliseconds(50), concurrentBatches: Int = 2
    ) {
        self.exchange = exchange
        self.queue = queue
        self.batchSize = batchSize
        self.batchMaxBytes = batchMaxBytes
        self.batchWait = batchWait
        self.concurrentBatches = concurrentBatches
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.init(
            exchange: environment.string("USER_INGEST_EXCHANGE", default: "users"),
            queue: environment.string("USER_INGEST_QUEUE", default: "users.ingest"),
            batchSize: try environment.int("USER_INGEST_BATCH_SIZE", default: 100, in: 1...10_000),
            batchMaxBytes: try environment.int(
                "USER_INGEST_BATCH_MAX_BYTES", default: 2 << 20, in: 1_024...(256 << 20)),
            batchWait: try environment.milliseconds(
                "USER_INGEST_BATCH_WAIT_MS", default: .milliseconds(50), in: 0...60_000),
            concurrentBatches: try environment.int("USER_INGEST_CONCURRENT_BATCHES", default: 2, in: 1...16))
    }

    /// The batching of the shared consumer.
    public var batching: BatchConsumerConfiguration {
        BatchConsumerConfiguration(
            queue: queue, maxDeliveries: batchSize, maxBytes: batchMaxBytes, maxWait: batchWait,
            concurrentBatches: concurrentBatches)
    }

    /// The broker's unacknowledged-message limit: one full batch plus room for the next to fill,
    /// capped at what AMQP allows.
    public var prefetch: UInt16 { batching.prefetch }
}

/// The cache, the change channel and the SSE stream of the HTTP API (the ingest consumer uses the
/// cache and the channel too).
public struct UserRoutesConfig: Sendable, Equatable {
    /// How long a cached user lives in Redis (`USER_CACHE_TTL_SECONDS`, default 3600, 1 to 30 days).
    public var cacheTTLSeconds: Int
    /// The longest one Redis step may take (`USER_CACHE_TIMEOUT_MS`, default 1000): the default
    /// connect and command timeout of user-consumer's Redis pool (`REDIS_CONNECT_TIMEOUT_MS` and
    /// `REDIS_COMMAND_TIMEOUT_MS` override it), so an unreachable or stalled Redis slows a request or
    /// an ingest batch by at most about twice this, never stalls it.
    public var cacheTimeout: Duration
    /// Cache keys are this followed by the user id (`USER_CACHE_KEY_PREFIX`, default `tributary:user:`).
    public var cacheKeyPrefix: String
    /// The Redis channel that carries the ids of committed users (`USER_CHANGES_CHANNEL`, default
    /// `tributary:users:changes`).
    public var changesChannel: String
    /// Users read per query while streaming `/users/sse` (`USER_SSE_PAGE_SIZE`, default 500, 1 to 10000).
    public var ssePageSize: Int
    /// How often an idle `/users/sse?follow=true` stream sends a `: keep-alive` comment
    /// (`USER_SSE_HEARTBEAT_SECONDS`, default 15, 1 to 3600).
    public var sseHeartbeat: Duration

    public init(
        cacheTTLSeconds: Int = 3600, cacheTimeout: Duration = .seconds(1), cacheKeyPrefix: String = "tributary:user:",
        changesChannel: String = "tributary:users:changes", ssePageSize: Int = 500,
        sseHeartbeat: Duration = .seconds(15)
    ) {
        self.cacheTTLSeconds = cacheTTLSeconds
        self.cacheTimeout = cacheTimeout
        self.cacheKeyPrefix = cacheKeyPrefix
        self.changesChannel = changesChannel
        self.ssePageSize = ssePageSize
        self.sseHeartbeat = sseHeartbeat
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.init(
            cacheTTLSeconds: try environment.int("USER_CACHE_TTL_SECONDS", default: 3600, in: 1...2_592_000),
            cacheTimeout: try environment.milliseconds("USER_CACHE_TIMEOUT_MS", default: .seconds(1), in: 1...60_000),
            cacheKeyPrefix: environment.string("USER_CACHE_KEY_PREFIX", default: "tributary:user:"),
            changesChannel: environment.string("USER_CHANGES_CHANNEL", default: "tributary:users:changes"),
            ssePageSize: try environment.int("USER_SSE_PAGE_SIZE", default: 500, in: 1...10_000),
            sseHeartbeat: .seconds(try environment.int("USER_SSE_HEARTBEAT_SECONDS", default: 15, in: 1...3600)))
    }
}
