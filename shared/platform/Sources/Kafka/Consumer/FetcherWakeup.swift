import CRdKafka
import Synchronization

/// Interrupts the consumer thread's `rd_kafka_consumer_poll` (through `rd_kafka_queue_yield` on the
/// consumer queue), so that a resume or close request is acted on at once rather than at the end of
/// the poll timeout. The lock keeps a wake-up from touching the queue while it is destroyed.
final class FetcherWakeup: Sendable {
    /// librdkafka queues are thread-safe; the lock only orders wake-ups against `detach`.
    private struct QueueHandle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private let queue = Mutex<QueueHandle?>(nil)

    func attach(_ consumerQueue: OpaquePointer) {
        let handle = QueueHandle(pointer: consumerQueue)
        queue.withLock { $0 = handle }
    }

    func wake() {
        queue.withLock { queue in
            if let queue { rd_kafka_queue_yield(queue.pointer) }
        }
    }

    /// Releases the queue handle; later wake-ups do nothing.
    func detach() {
        queue.withLock { queue in
            if let queue { rd_kafka_queue_destroy(queue.pointer) }
            queue = nil
        }
    }
}
