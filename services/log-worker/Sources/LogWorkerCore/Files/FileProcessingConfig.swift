import Contracts
import RabbitMQ
import ServiceKit

/// How log-worker processes uploaded files (flow 4), each variable with a documented default (README,
/// "Uploaded files: processing"):
/// - `FILE_EXCHANGE` (`files`), `FILE_QUEUE` (`files.process`): where log-api publishes the `Envelope<FileTask>`s;
///   dead letters go to `<queue>.dead`;
/// - `FILE_CONCURRENCY` (1, 1…16): files processed at once by one worker (prefetch is this + 1);
/// - `FILE_BATCH_SIZE` (1000, 1…10000) and `FILE_BATCH_MAX_BYTES` (4 MiB): the most records, and record bytes,
///   stored in one transaction;
/// - `FILE_MAX_RECORD_BYTES` (1 MiB, 1 KiB…64 MiB): a longer record is rejected, never held whole;
/// - `FILE_MAX_ERRORS` (1000, 0…1000000): `file_errors` rows kept per file (the count in `files` is exact);
/// - `FILE_PROGRESS_INTERVAL_MS` (250, 10…60000): the shortest time between two progress writes and events;
/// - `FILE_EVENTS_CHANNEL` (`file-events`): the Redis channel of the `Envelope<FileEvent>`s.
public struct FileProcessingConfig: Sendable, Equatable {
    public static let defaultBatchSize = 1_000
    public static let defaultBatchMaxBytes = 4 << 20
    public static let defaultMaxErrors = 1_000
    public static let defaultProgressInterval = Duration.milliseconds(250)
    /// The bucket of the uploads when `S3_BUCKET` is not set (log-api's default too).
    public static let defaultBucket = "tributary-uploads"

    public var exchange: String
    public var queue: String
    public var concurrency: Int
    public var batchSize: Int
    public var batchMaxBytes: Int
    public var maxRecordBytes: Int
    public var maxErrors: Int
    public var progressInterval: Duration
    public var eventsChannel: String

    public init(
        exchange: String = "files", queue: String = "files.process", concurrency: Int = 1,
        batchSize: Int = Self.defaultBatchSize, batchMaxBytes: Int = Self.defaultBatchMaxBytes,
        maxRecordBytes: Int = JSONRecordSplitter.defaultMaxRecordBytes, maxErrors: Int = Self.defaultMaxErrors,
        progressInterval: Duration = Self.defaultProgressInterval, eventsChannel: String = "file-events"
    ) {
        self.exchange = exchange
        self.queue = queue
        self.concurrency = concurrency
        self.batchSize = batchSize
        self.batchMaxBytes = batchMaxBytes
        self.maxRecordBytes = maxRecordBytes
        self.maxErrors = maxErrors
        self.progressInterval = progressInterval
        self.eventsChannel = eventsChannel
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        self.init(
            exchange: environment.string("FILE_EXCHANGE", default: "files"),
            queue: environment.string("FILE_QUEUE", default: "files.process"),
            concurrency: try environment.int("FILE_CONCURRENCY", default: 1, in: 1...16),
            batchSize: try environment.int("FILE_BATCH_SIZE", default: Self.defaultBatchSize, in: 1...10_000),
            batchMaxBytes: try environment.int(
                "FILE_BATCH_MAX_BYTES", default: Self.defaultBatchMaxBytes, in: 1_024...(256 << 20)),
            maxRecordBytes: try environment.int(
                "FILE_MAX_RECORD_BYTES", default: JSONRecordSplitter.defaultMaxRecordBytes, in: 1_024...(64 << 20)),
            maxErrors: try environment.int("FILE_MAX_ERRORS", default: Self.defaultMaxErrors, in: 0...1_000_000),
            progressInterval: try environment.milliseconds(
                "FILE_PROGRESS_INTERVAL_MS", default: Self.defaultProgressInterval, in: 10...60_000),
            eventsChannel: environment.string("FILE_EVENTS_CHANNEL", default: "file-events"))
    }

    /// One task per batch: a file is processed whole (many transactions of its own) before its task is
    /// acknowledged, so prefetch stays small (``concurrency`` + 1).
    public var batching: BatchConsumerConfiguration {
        BatchConsumerConfiguration(
            queue: queue, maxDeliveries: 1, maxBytes: 1 << 20, maxWait: .zero, concurrentBatches: concurrency,
            orderedStores: false)
    }

    /// The exchange, work queue and dead-letter queue, the same log-api declares.
    public var topology: Topology {
        Topology.workQueue(exchange: exchange, queue: .workQueue(queue))
    }
}
