import Contracts

/// Queues the processing task of a stored, recorded upload for log-worker.
///
/// Guarantees of every implementation: ``publish(_:within:)`` returns only when the task is safely
/// queued (for RabbitMQ: confirmed, persistent, on a durable queue), and otherwise throws a
/// ``LogPublishError`` (the broker's verdict on a publish, for log batches and file tasks alike)
/// within `limit`. A task may be queued more than once (the sweeper publishes again a file that
/// stays `queued`); log-worker processes a file once whatever the number of its tasks.
public protocol FileTaskPublishing: Sendable {
    func publish(_ task: FileTask, within limit: Duration) async throws(LogPublishError)
}
