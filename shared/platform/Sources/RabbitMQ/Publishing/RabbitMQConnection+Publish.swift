/// Publishing with confirms.
extension RabbitMQConnection {
    /// Publishes `message` and returns once the broker confirmed it (for a durable queue: the
    /// message is on disk). Throws a ``RabbitMQError`` naming the message id when the broker nacks
    /// it, returns it unroutable, or the connection breaks before the confirm (then the message
    /// may or may not have been stored: publish it again, consumers deduplicate on its id).
    /// A call made after shutdown began is refused (``RabbitMQError/Kind/shutDown``); one made
    /// before is carried out by a graceful shutdown.
    public func publish(_ message: RabbitMQOutgoingMessage) async throws {
        guard inbox.admitPublishCall() else { throw shutDownError(for: message) }
        defer { inbox.publishCallReturned() }
        try await limiter.acquire(1)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let command = ConnectionCommand.publish(message, .single(continuation), enqueuedAt: .now)
            if !inbox.enqueue(command) {
                limiter.release(1)
                continuation.resume(throwing: shutDownError(for: message))
            }
        }
    }

    /// Publishes every message of `batch`, pipelined (never one round trip per message), and
    /// returns once the broker confirmed them all. Throws ``RabbitMQBatchPublishError`` listing the
    /// messages that failed, by id; the others were confirmed. At most
    /// ``RabbitMQConfiguration/maximumInFlightPublishes`` are unconfirmed at a time.
    ///
    /// Graceful shutdown never cuts a batch: a call made before it began is carried out whole
    /// (every message gets the broker's confirm, however long that takes past
    /// ``RabbitMQConfiguration/shutdownDrainTimeout``), one made after is refused whole (every
    /// message fails with ``RabbitMQError/Kind/shutDown``, none is sent).
    public func publish(_ batch: [RabbitMQOutgoingMessage]) async throws {
        guard !batch.isEmpty else { return }
        guard inbox.admitPublishCall() else {
            throw RabbitMQBatchPublishError(
                confirmedCount: 0,
                failures: Dictionary(batch.map { ($0.messageID, shutDownError(for: $0)) }) { first, _ in first })
        }
        defer { inbox.publishCallReturned() }
        let confirmation = BatchConfirmation(messageCount: batch.count)
        // Chunks of a quarter of the window keep the connection thread busy while earlier chunks
        // are being confirmed.
        let chunkSize = max(1, limiter.capacity / 4)
        var start = 0
        while start < batch.count {
            let end = min(start + chunkSize, batch.count)
            do {
                try await limiter.acquire(end - start)
            } catch {
                // Cancelled: what was handed over is still settled; the rest fails here.
                let rest = batch[start...].map { ($0.messageID, cancellationError(for: $0)) }
                confirmation.record(confirmed: 0, failures: rest)
                break
            }
            let chunk = Array(batch[start..<end])
            if !inbox.enqueue(.publishBatch(chunk, confirmation, enqueuedAt: .now)) {
                limiter.release(chunk.count)
                confirmation.record(
                    confirmed: 0, failures: batch[start...].map { ($0.messageID, shutDownError(for: $0)) })
                break
            }
            start = end
        }
        try await confirmation.wait()
    }

    private func shutDownError(for message: RabbitMQOutgoingMessage) -> RabbitMQError {
        RabbitMQError(
            .shutDown, broker: configuration.brokerName, operation: "basic.publish to exchange '\(message.exchange)'",
            messageID: message.messageID, detail: "the connection is shut down")
    }

    private func cancellationError(for message: RabbitMQOutgoingMessage) -> RabbitMQError {
        RabbitMQError(
            .shutDown, broker: configuration.brokerName, operation: "basic.publish to exchange '\(message.exchange)'",
            messageID: message.messageID, detail: "the publishing task was cancelled before the message was sent")
    }
}

/// Looking at queues.
extension RabbitMQConnection {
    /// The ready-message and consumer counts of `queue`; throws ``RabbitMQError/Kind/channelClosed``
    /// (404) if it does not exist.
    public func queueState(_ queue: String) async throws -> RabbitMQQueueState {
        try await withCheckedThrowingContinuation { continuation in
            if !inbox.enqueue(.inspectQueue(queue, continuation)) {
                continuation.resume(
                    throwing: RabbitMQError(
                        .shutDown, broker: configuration.brokerName, operation: "inspect queue '\(queue)'",
                        detail: "the connection is shut down"))
            }
        }
    }
}
