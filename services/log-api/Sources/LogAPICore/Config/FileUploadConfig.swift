import ServiceKit

/// How `POST /files` takes uploads and where it queues their tasks.
///
/// Each variable has a documented default (README, "Uploading files (API)"):
/// - `FILE_MAX_BYTES` (256 MiB): the largest file; a larger one gets 413 and nothing is kept;
/// - `FILE_EXCHANGE` (`files`): the direct exchange file tasks are published to;
/// - `FILE_QUEUE` (`files.process`): the work queue, also the routing key; dead letters go to
///   `<queue>.dead`, as log-worker declares it;
/// - `FILE_PUBLISH_TIMEOUT_MS` (5000): how long an upload waits for the broker's confirm of its task
///   before it answers 503 (the file stays `queued`, and the sweeper publishes it later);
/// - `FILE_DATABASE_TIMEOUT_MS` (5000): how long a `/files` request waits for PostgreSQL before it
///   answers 503 (PostgresNIO's pool waits up to a minute for a server that is down);
/// - `S3_BUCKET` (`tributary-uploads`) with ServiceKit's other `S3_*` variables: where files are stored,
///   under `uploads/<file id>`.
public struct FileUploadConfig: Sendable, Equatable {
    public static let defaultMaxBytes = 256 * 1024 * 1024
    public static let defaultBucket = "tributary-uploads"
    /// Where uploads are stored in the bucket; the sweeper looks only here.
    public static let keyPrefix = "uploads/"

    public var maxBytes: Int
    public var exchange: String
    /// The work queue; also the routing key, as log-worker binds it.
    public var queue: String
    public var publishTimeout: Duration
    public var databaseTimeout: Duration

    public init(
        maxBytes: Int = Self.defaultMaxBytes, exchange: String = "files", queue: String = "files.process",
        publishTimeout: Duration = .milliseconds(5000), databaseTimeout: Duration = .milliseconds(5000)
    ) {
        self.maxBytes = maxBytes
        self.exchange = exchange
        self.queue = queue
        self.publishTimeout = publishTimeout
        self.databaseTimeout = databaseTimeout
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.init(
            maxBytes: try environment.int("FILE_MAX_BYTES", default: Self.defaultMaxBytes, in: 1...(1 << 40)),
            exchange: environment.string("FILE_EXCHANGE", default: "files"),
            queue: environment.string("FILE_QUEUE", default: "files.process"),
            publishTimeout: try environment.milliseconds(
                "FILE_PUBLISH_TIMEOUT_MS", default: .milliseconds(5000), in: 1...600_000),
            databaseTimeout: try environment.milliseconds(
                "FILE_DATABASE_TIMEOUT_MS", default: .milliseconds(5000), in: 1...600_000))
    }
}
