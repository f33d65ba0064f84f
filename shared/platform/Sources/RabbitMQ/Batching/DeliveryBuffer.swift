/// The deliveries received but not yet taken into a batch, and the batch loop waiting for them.
///
/// Bounded by the consumer's prefetch: the broker sends no more until deliveries are settled.
actor DeliveryBuffer {
    private var deliveries: [RabbitMQDelivery] = []
    /// The body bytes of `deliveries`.
    private var bufferedBytes = 0
    /// Set once the consumer's sequence ended; `failure` says why, if it failed.
    private var finished = false
    private var failure: (any Error)?
    /// The batch loop, while it waits for deliveries or for its batch deadline.
    private var waiter: CheckedContinuation<Void, Never>?
    /// Counts batches, so that a late timer of an earlier batch cannot cut the current one short.
    private var batchNumber = 0
    private var deadlinePassed = false

    func append(_ delivery: RabbitMQDelivery) {
        deliveries.append(delivery)
        bufferedBytes += delivery.body.count
        wake()
    }

    func finish(throwing error: (any Error)?) {
        finished = true
        failure = error
        wake()
    }

    /// Up to `limit` deliveries of at most `maxBytes` together (but at least one): waits for the
    /// first, then up to `wait` for more. Empty once the consumer's sequence ended and nothing is
    /// left; throws if it ended with an error.
    func take(limit: Int, maxBytes: Int, wait: Duration) async throws -> [RabbitMQDelivery] {
        while deliveries.isEmpty && !finished { await suspend() }
        func full() -> Bool { deliveries.count >= limit || bufferedBytes >= maxBytes }
        if !full() && !finished && wait > .zero {
            batchNumber += 1
            deadlinePassed = false
            let number = batchNumber
            let timer = Task {
                try? await Task.sleep(for: wait)
                self.deadline(of: number)
            }
            while !full() && !finished && !deadlinePassed { await suspend() }
            timer.cancel()
        }
        if deliveries.isEmpty, let failure { throw failure }
        var count = 0
        var bytes = 0
        while count < min(limit, deliveries.count), count == 0 || bytes + deliveries[count].body.count <= maxBytes {
            bytes += deliveries[count].body.count
            count += 1
        }
        let batch = Array(deliveries.prefix(count))
        deliveries.removeFirst(count)
        bufferedBytes -= bytes
        return batch
    }

    private func deadline(of number: Int) {
        guard number == batchNumber else { return }
        deadlinePassed = true
        wake()
    }

    private func suspend() async {
        await withCheckedContinuation { waiter = $0 }
    }

    private func wake() {
        waiter?.resume()
        waiter = nil
    }
}
