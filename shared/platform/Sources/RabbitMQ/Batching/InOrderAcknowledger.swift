import Synchronization

/// What became of one batch: its stored deliveries, to acknowledge; or nothing settled, because
/// shutdown came while its store was failing (the broker redelivers it).
enum BatchOutcome: Sendable {
    case stored([RabbitMQDelivery])
    case abandoned
}

/// Acknowledges the batches of a ``RabbitMQBatchConsumer`` in the order they were taken, whatever
/// order their stores finish in.
///
/// A batch's deliveries precede the next batch's, and `ack multiple` settles every earlier
/// unsettled delivery of the channel, so one `ack multiple` per batch is right only once every
/// earlier batch is settled: finished batches wait here for the ones before them. After an
/// abandoned batch, whose deliveries must stay unsettled, every later delivery is acknowledged on
/// its own.
final class InOrderAcknowledger: Sendable {
    let consumer: RabbitMQConsumer
    private let state = Mutex(State())

    private struct State {
        /// The number of the next batch to acknowledge.
        var next = 0
        var waiting: [Int: BatchOutcome] = [:]
        var singleAcks = false
    }

    init(consumer: RabbitMQConsumer) {
        self.consumer = consumer
    }

    /// Records that batch `number` (counted from 0 in the order taken) is settled, and acknowledges
    /// it and the finished batches after it once no earlier batch is pending. Acknowledging only
    /// enqueues commands for the connection's thread, so holding the lock meanwhile is cheap.
    func finished(_ number: Int, _ outcome: BatchOutcome) {
        state.withLock { state in
            state.waiting[number] = outcome
            while let outcome = state.waiting.removeValue(forKey: state.next) {
                state.next += 1
                switch outcome {
                case .abandoned:
                    state.singleAcks = true
                case .stored(let deliveries):
                    guard let last = deliveries.last else { continue }
                    if !state.singleAcks, (try? consumer.ack(last, multiple: true)) != nil { continue }
                    // After an abandoned batch, or when the channel changed during the batch: one
                    // by one (those of a closed channel come back and are stored again, harmlessly).
                    for delivery in deliveries { try? consumer.ack(delivery) }
                }
            }
        }
    }
}
