/// The delivery reports one `rd_kafka_poll` (or `rd_kafka_flush`) call served, collected by the
/// delivery-report callback and handed to the waiting sends together when the call returns: one
/// registry lock per poll instead of one per record, and no continuation resumed while librdkafka
/// is inside its callback.
///
/// Only the producer's poll thread touches it: librdkafka runs the callback on the thread that
/// polls or flushes, and that thread is the only one that does either (hence `@unchecked Sendable`).
final class DeliveryReportBuffer: @unchecked Sendable {
    private var outcomes: [DeliveryOutcome] = []
    private var resumptions: [(DeliveryRegistry.Waiter, SendOutcome)] = []

    /// Called by the delivery-report callback, once per record.
    func append(_ outcome: DeliveryOutcome) {
        outcomes.append(outcome)
    }

    /// Resumes the sends of the reports collected since the last call; returns how many reports
    /// there were (each freed a place in librdkafka's queue).
    func deliver(to registry: DeliveryRegistry) -> Int {
        let count = outcomes.count
        guard count > 0 else { return 0 }
        registry.takeWaiters(for: outcomes, into: &resumptions)
        for (waiter, outcome) in resumptions { waiter.resume(returning: outcome) }
        outcomes.removeAll(keepingCapacity: true)
        resumptions.removeAll(keepingCapacity: true)
        return count
    }
}
