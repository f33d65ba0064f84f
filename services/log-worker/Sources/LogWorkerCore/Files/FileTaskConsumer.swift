import Logging
import RabbitMQ
import Redis
import ServiceLifecycle

/// Processes the uploaded files of the file queue (flow 4: log-api `POST /files` → exchange `files` → queue
/// `files.process` → PostgreSQL, events on Redis), through the platform's ``RabbitMQBatchConsumer``, one task
/// per batch and ``FileProcessingConfig/concurrency`` files at once.
///
/// Guarantees (the batch consumer's, with files): a task is acknowledged only after its file's final status
/// is committed (or when there is nothing to do: the file is gone or already final); a task that is not an
/// `Envelope<FileTask>` is dead-lettered with the reason; while PostgreSQL or the object store is down the
/// task is retried with backoff (each retry a new attempt from the file's start), never acknowledged; on
/// graceful shutdown a file in progress is left (its task returns to the queue for the next worker).
public struct FileTaskConsumer<Objects: FileObjects>: Service {
    let consumer: RabbitMQBatchConsumer<FileTaskHandler<Objects>>

    init(
        rabbit: RabbitMQConnection, store: any FileStore, objects: Objects, redis: any RedisCommandSending,
        config: FileProcessingConfig, logger: Logger
    ) {
        let recordMetrics = LogIngestMetrics(queue: config.queue)
        let processor = FileProcessor(
            store: store, objects: objects, redis: redis, config: config,
            generation: QueryCacheGeneration(redis: redis, metrics: recordMetrics, logger: logger),
            recordMetrics: recordMetrics, metrics: FileProcessingMetrics(queue: config.queue), logger: logger)
        consumer = RabbitMQBatchConsumer(
            rabbit: rabbit, configuration: config.batching, handler: FileTaskHandler(processor: processor),
            logger: logger)
    }

    public func run() async throws {
        try await consumer.run()
    }
}
