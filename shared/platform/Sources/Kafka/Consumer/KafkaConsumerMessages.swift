/// The records of a ``KafkaConsumer``, in order within each partition. Iterate it once, from one
/// task at a time. The iteration ends when the consumer closes or shuts down, and throws
/// ``KafkaClientError`` when the client failed for good.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaMessage

    /// Thrown when a second task waits for records while another already does.
    public struct ConcurrentIterationError: Error, CustomStringConvertible {
        public var description: String { "KafkaConsumerMessages is being iterated by another task" }
    }

    let buffer: MessageBuffer
    let ledger: PartitionLedger

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer, ledger: ledger)
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: MessageBuffer
        let ledger: PartitionLedger

        public mutating func next() async throws -> KafkaMessage? {
            guard let message = try await buffer.next() else { return nil }
            ledger.markDelivered(message)
            return message
        }
    }
}
