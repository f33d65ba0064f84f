/// Telling publishers the fate of their messages.
extension ConnectionLoop {
    /// Resumes the waiters of confirmed, nacked and returned publishes; a batch hears about all
    /// its settled messages at once, and the in-flight permits go back in one call.
    func complete(_ resolutions: [ConfirmTracker<PublishWaiter>.Resolution]) {
        guard !resolutions.isEmpty else { return }
        var permits = 0
        var batches: [ObjectIdentifier: BatchTally] = [:]
        for resolution in resolutions {
            let result = outcome(resolution)
            switch resolution.waiter {
            case .single(let continuation):
                continuation.resume(with: result.mapError { $0 })
                permits += 1
            case .batch(let confirmation):
                batches[ObjectIdentifier(confirmation), default: BatchTally(confirmation)].add(
                    result, resolution.published.messageID)
                permits += 1
            case .deadLetter(let followUp):
                finishDeadLetter(followUp, result)
            }
        }
        for tally in batches.values { tally.confirmation.record(confirmed: tally.confirmed, failures: tally.failures) }
        limiter.release(permits)
    }

    /// Fails every publish awaiting a confirm (its channel or connection is gone).
    func failUnconfirmed(with error: RabbitMQError) {
        for (waiter, published) in confirms.removeAll() {
            fail(waiter, error.about(messageID: published.messageID, operation: operation(published)))
        }
    }

    /// Fails one publish and gives back its permit.
    func fail(_ waiter: PublishWaiter, _ error: RabbitMQError) {
        switch waiter {
        case .single(let continuation):
            continuation.resume(throwing: error)
        case .batch(let confirmation):
            confirmation.record(confirmed: 0, failures: [(error.messageID ?? "", error)])
        case .deadLetter(let followUp):
            followUp.continuation.resume(throwing: error)
        }
        if waiter.holdsPermit { limiter.release(1) }
    }

    private func outcome(_ resolution: ConfirmTracker<PublishWaiter>.Resolution) -> Result<Void, RabbitMQError> {
        let published = resolution.published
        switch resolution.outcome {
        case .confirmed:
            return .success(())
        case .nacked:
            return .failure(
                RabbitMQError(
                    .publishNacked, broker: broker, operation: operation(published), messageID: published.messageID,
                    detail:
                        "the broker refused the message (basic.nack): a full queue with x-overflow reject-publish, or a broker-side error"
                ))
        case .returned(let code, let text):
            return .failure(
                RabbitMQError(
                    .returnedUnroutable, broker: broker, operation: operation(published),
                    messageID: published.messageID,
                    replyCode: code, detail: "\(text): no queue is bound to receive it"))
        }
    }

    /// A dead-letter copy is settled: once confirmed, ack the original and report success.
    private func finishDeadLetter(_ followUp: DeadLetterFollowUp, _ result: Result<Void, RabbitMQError>) {
        if case .failure(let error) = result {
            followUp.continuation.resume(throwing: error)
            return
        }
        guard let record = consumers[followUp.consumerID], let channel = record.channel,
            record.channelGeneration == followUp.channelGeneration, let session
        else {
            followUp.continuation.resume(
                throwing: RabbitMQError(
                    .deliveryExpired, broker: broker,
                    operation: "ack after dead-lettering delivery \(followUp.deliveryTag)",
                    detail:
                        "the dead letter is stored, but the original's channel closed: the broker will redeliver it and it will be dead-lettered again"
                ))
            return
        }
        do {
            try session.ack(followUp.deliveryTag, multiple: false, on: channel)
            record.unsettled.remove(followUp.deliveryTag)
            followUp.continuation.resume()
        } catch {
            followUp.continuation.resume(throwing: error)
        }
    }

    private func operation(_ published: ConfirmTracker<PublishWaiter>.Published) -> String {
        "basic.publish to exchange '\(published.exchange)' with routing key '\(published.routingKey)'"
    }
}

/// The settled messages of one batch within one round of confirms.
private struct BatchTally {
    let confirmation: BatchConfirmation
    var confirmed = 0
    var failures: [(messageID: String, error: RabbitMQError)] = []

    init(_ confirmation: BatchConfirmation) { self.confirmation = confirmation }

    mutating func add(_ result: Result<Void, RabbitMQError>, _ messageID: String) {
        switch result {
        case .success: confirmed += 1
        case .failure(let error): failures.append((messageID, error))
        }
    }
}
