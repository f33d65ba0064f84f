import Metrics

/// The counters a ``RabbitMQBatchConsumer`` exports (through whatever metrics backend the service
/// bootstrapped; Prometheus in every service), labelled by queue.
struct BatchConsumerMetrics: Sendable {
    private let storedMessages: Counter
    private let deadLetteredMessages: Counter
    private let retriedBatches: Counter

    init(queue: String) {
        let dimensions = [("queue", queue)]
        storedMessages = Counter(label: "batch_consumer_stored_messages_total", dimensions: dimensions)
        deadLetteredMessages = Counter(label: "batch_consumer_dead_lettered_messages_total", dimensions: dimensions)
        retriedBatches = Counter(label: "batch_consumer_retried_batches_total", dimensions: dimensions)
    }

    func stored(messages: Int) { storedMessages.increment(by: messages) }
    func deadLettered() { deadLetteredMessages.increment() }
    func retried() { retriedBatches.increment() }
}
