import ObjectStore
import ServiceKit

/// Everything log-api reads from its environment, each variable with a documented default
/// (README, "Configuration", "log-api" and "Uploading files (API)"):
/// - `HTTP_HOST`, `HTTP_PORT` (default 8083), `LOG_LEVEL`, `LOG_FORMAT`
/// - `AMQP_URL`; the log ingest variables of ``LogIntakeConfig`` (`LOG_INGEST_EXCHANGE`, `LOG_INGEST_QUEUE`,
///   `LOG_MAX_BODY_BYTES`, `LOG_MAX_RECORDS`, `LOG_MESSAGE_MAX_RECORDS`, `LOG_PUBLISH_TIMEOUT_MS`,
///   `LOG_AMQP_CONNECTIONS`)
/// - for file uploads: `POSTGRES_URL`, `POSTGRES_POOL_SIZE` (the `files` table), the object store's
///   (``ObjectStoreConfiguration``: `S3_ENDPOINT`, `S3_REGION`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`,
///   `S3_BUCKET` (default `tributary-uploads`), `S3_PART_SIZE_MIB`, … and their `AWS_` fallbacks),
///   ``FileUploadConfig`` (`FILE_MAX_BYTES`, `FILE_EXCHANGE`, `FILE_QUEUE`, `FILE_PUBLISH_TIMEOUT_MS`)
///   and ``FileSweepConfig`` (`FILE_SWEEP_INTERVAL`, `FILE_REQUEUE_AFTER`, `FILE_ORPHAN_AFTER`).
/// - for the live notifications: ``NotificationsConfig`` (`REDIS_URL` and the Redis settings,
///   `FILE_EVENTS_CHANNEL`, `NOTIFY_CLIENT_BUFFER`, `NOTIFY_PING_INTERVAL`, `NOTIFY_SSE_HEARTBEAT`,
///   `NOTIFY_MAX_FILES`).
public struct LogAPIConfig: Sendable {
    public static let defaultPort = 8083

    public var http: HTTPServerConfig
    public var logging: LoggingConfig
    public var amqp: AMQPConfig
    public var ingest: LogIntakeConfig
    public var postgres: PostgresConfig
    public var objectStore: ObjectStoreConfiguration
    public var files: FileUploadConfig
    public var sweep: FileSweepConfig
    public var notifications: NotificationsConfig

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.http = try HTTPServerConfig(environment: environment, defaultPort: Self.defaultPort)
        self.logging = try LoggingConfig(environment: environment)
        self.amqp = try AMQPConfig(environment: environment)
        self.ingest = try LogIntakeConfig(environment: environment)
        self.postgres = try PostgresConfig(environment: environment)
        self.objectStore = try ObjectStoreConfiguration(
            environment: environment, defaultBucket: FileUploadConfig.defaultBucket)
        self.files = try FileUploadConfig(environment: environment)
        self.sweep = try FileSweepConfig(environment: environment)
        self.notifications = try NotificationsConfig(environment: environment)
    }
}
