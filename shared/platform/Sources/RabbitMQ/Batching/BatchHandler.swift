/// What a ``RabbitMQBatchConsumer`` does with its deliveries: turn each into items, store a batch
/// of items at once, and say which failures can never pass.
///
/// The consumer owns the delivery guarantees (nothing acknowledged before it is stored or
/// dead-lettered, transient failures retried, poison isolated); a handler only knows its data.
public protocol BatchHandler: Sendable {
    associatedtype Item: Sendable

    /// The items one delivery carries (one or many), or an error saying why the delivery can never
    /// be stored: the delivery then goes to the dead-letter queue with the error's description as
    /// its reason.
    func decode(_ delivery: RabbitMQDelivery) throws -> [Item]

    /// Stores `items` all or nothing (one transaction), idempotently: the same items stored again
    /// change nothing, since a delivery is stored again after a crash before its ack.
    func store(_ items: [Item]) async throws

    /// True when `error`, thrown by ``store(_:)``, says that some item can never be stored (the
    /// database rejected a value), so retrying the same batch would fail forever. The consumer then
    /// splits the batch to find the deliveries at fault. False for everything that may pass later
    /// (the database unreachable or restarting): the batch is retried as it is.
    func isPermanent(_ error: any Error) -> Bool

    /// The reason recorded with a delivery dead-lettered for `error` (from ``decode(_:)`` or a
    /// permanent ``store(_:)`` failure). The default is the error's description.
    func reason(for error: any Error) -> String

    /// Runs after `items` were committed and before their deliveries are acknowledged: derived data
    /// such as a cache or a notification. With ordered stores it runs in batch order, while the
    /// next batch may already be committing. It cannot fail the batch, so it must bound its own time.
    func stored(_ items: [Item]) async
}

extension BatchHandler {
    public func stored(_ items: [Item]) async {}

    public func reason(for error: any Error) -> String { "\(error)" }
}
