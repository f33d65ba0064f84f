import CRabbitMQ
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// One connection to RabbitMQ, run as a swift-service-lifecycle `Service`.
///
/// Guarantees:
/// - Every rabbitmq-c call runs on the connection's own thread, never on the Swift concurrency pool.
/// - The topology is declared each time the connection is made; the connection reconnects with
///   exponential backoff when it breaks, and consumers then resume by themselves.
/// - ``publish(_:)-(RabbitMQOutgoingMessage)`` returns only once the broker confirmed the message;
///   a nack, a return (mandatory publish nobody took) or a broken connection is an error naming
///   the message id. Many publishes are in flight at once, up to
///   ``RabbitMQConfiguration/maximumInFlightPublishes``; beyond that, publishers wait.
/// - On graceful shutdown it refuses publish calls made from then on, and carries out every call
///   made before, whole (a batch is never cut: all of it gets the broker's verdict). It cancels
///   every consumer (``RabbitMQConsumer/cancel()``), keeps each channel open until the deliveries
///   handed out are settled or ``RabbitMQConfiguration/shutdownDrainTimeout`` passed, then closes
///   channels and connection. Cancelling the `run()` task closes at once instead.
///
/// Start it with `run()` (in a `ServiceGroup`, or a task of its own): commands issued before wait
/// for the connection, up to ``RabbitMQConfiguration/publishWaitForConnection``.
public final class RabbitMQConnection: Service, Sendable {
    public let configuration: RabbitMQConfiguration
    public let topology: Topology
    let inbox = CommandInbox()
    let limiter: InFlightLimiter
    private let logger: Logger
    /// Protects whether `run()` was called (the connection thread starts once) and the id the
    /// next consumer gets.
    private let registry = Mutex<(started: Bool, nextConsumerID: Int)>((false, 1))

    public init(
        configuration: RabbitMQConfiguration, topology: Topology = Topology(),
        logger: Logger = Logger(label: "rabbitmq")
    ) {
        self.configuration = configuration
        self.topology = topology
        self.logger = logger
        limiter = InFlightLimiter(capacity: configuration.maximumInFlightPublishes)
    }

    /// Runs the connection thread until graceful shutdown or cancellation, then closes it.
    /// Throws only for a fatal error: a topology the broker refuses (``RabbitMQError/Kind/topologyMismatch``).
    public func run() async throws {
        let firstRun = registry.withLock { registry in
            defer { registry.started = true }
            return !registry.started
        }
        guard firstRun else {
            throw RabbitMQError(
                .invalidUse, broker: configuration.brokerName, operation: "run", detail: "run() was already called")
        }
        let thread = Thread { [configuration, topology, inbox, limiter, logger] in
            // Named for top -H, ps -L and perf (Linux keeps 15 bytes; a new thread would otherwise
            // inherit the name of the pool thread that started it).
            crabbitmq_name_current_thread("amqp \(configuration.connectionName)")
            let loop = ConnectionLoop(
                configuration: configuration, topology: topology, inbox: inbox, limiter: limiter, logger: logger)
            inbox.markExited(loop.run())
        }
        thread.start()
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await self.inbox.waitForExit()
            } onCancel: {
                self.inbox.requestShutdown(.immediate)
            }
        } onGracefulShutdown: {
            self.inbox.requestShutdown(.graceful)
        }
    }

    /// Whether the connection is up right now.
    public var isConnected: Bool {
        if case .connected = inbox.status { return true }
        return false
    }

    /// Waits until the connection is up, polling every 20 ms; throws ``RabbitMQError/Kind/notConnected``
    /// (with the last connection error) if it is not up within `timeout`.
    public func waitUntilConnected(timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            switch inbox.status {
            case .connected:
                return
            case .closed:
                throw RabbitMQError(.shutDown, broker: configuration.brokerName, operation: "wait for connection")
            case .connecting, .disconnected:
                guard clock.now < deadline else {
                    var detail = "not connected within \(timeout)"
                    if case .disconnected(let error) = inbox.status { detail += "; last error: \(error)" }
                    throw RabbitMQError(
                        .notConnected, broker: configuration.brokerName, operation: "wait for connection",
                        detail: detail)
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Starts consuming `queue` with at most `prefetch` unacknowledged deliveries. The consumer
    /// starts as soon as the connection is up and restarts after every reconnect. Dead-lettering
    /// from it needs the queue in this connection's topology with a dead-letter exchange.
    public func consume(queue: String, prefetch: UInt16 = 100) -> RabbitMQConsumer {
        let id = registry.withLock { registry in
            defer { registry.nextConsumerID += 1 }
            return registry.nextConsumerID
        }
        let (stream, continuation) = AsyncThrowingStream<RabbitMQDelivery, any Error>.makeStream()
        let shared = ConsumerShared(
            id: id, queue: queue, prefetch: max(1, prefetch), deadLetter: topology.queue(named: queue)?.deadLetter,
            deliveries: continuation)
        let inbox = inbox
        // A caller that stops iterating cancels the consumer, so its deliveries go back to the queue.
        // (An end the connection caused, `.finished`, needs nothing: held deliveries may still be acked.)
        continuation.onTermination = { termination in
            if case .cancelled = termination { _ = inbox.enqueue(.cancelConsumer(consumerID: id)) }
        }
        if !inbox.enqueue(.startConsumer(shared)) {
            continuation.finish(
                throwing: RabbitMQError(
                    .shutDown, broker: configuration.brokerName, operation: "consume from queue '\(queue)'",
                    detail: "the connection is shut down"))
        }
        return RabbitMQConsumer(shared: shared, stream: stream, inbox: inbox, broker: configuration.brokerName)
    }
}
