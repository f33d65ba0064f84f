import Glibc
import Logging

/// The body of a connection thread: connects, serves commands and frames, reconnects with
/// backoff when the connection breaks, and on shutdown drains and closes.
///
/// Every rabbitmq-c call of the connection happens here, on this one thread; all the state below
/// is confined to it. Callers reach it only through the ``CommandInbox``.
final class ConnectionLoop {
    /// Channel 1 carries publishes (in confirm mode) and topology declarations on every
    /// connection; consumers get channels of their own from 2 up.
    static let publishChannel: UInt16 = 1

    let configuration: RabbitMQConfiguration
    let topology: Topology
    let inbox: CommandInbox
    let limiter: InFlightLimiter
    let logger: Logger
    let clock = ContinuousClock()

    var session: AMQPSession?
    var confirms = ConfirmTracker<PublishWaiter>()
    var assembler = ContentAssembler<ContentMethod>()
    /// Every consumer not cancelled, by id, whether or not its channel is open right now.
    var consumers: [Int: ConsumerRecord] = [:]
    var consumerIDByChannel: [UInt16: Int] = [:]
    /// The channel the next consumer gets on this connection.
    var nextConsumerChannel: UInt16 = 2
    /// Counts channel openings, so a delivery can tell whether its channel is still the live one.
    var channelGenerations: UInt64 = 0
    /// Publishes that arrived while no connection was up, oldest first.
    var waitingPublishes: [WaitingPublish] = []
    /// When the broker last sent anything: silence for two heartbeat intervals means it is gone.
    var lastInbound: ContinuousClock.Instant
    /// The error of the last failed connection attempt, for publishes that give up waiting.
    var lastConnectionError: RabbitMQError?
    /// Set while the broker blocks this connection's publishes (connection.blocked: a memory or
    /// disk alarm), with its reason; publishes wait meanwhile.
    var publishingBlockedBy: String?

    init(
        configuration: RabbitMQConfiguration, topology: Topology, inbox: CommandInbox, limiter: InFlightLimiter,
        logger: Logger
    ) {
        self.configuration = configuration
        self.topology = topology
        self.inbox = inbox
        self.limiter = limiter
        var logger = logger
        logger[metadataKey: "broker"] = "\(configuration.brokerName)"
        logger[metadataKey: "connection"] = "\(configuration.connectionName)"
        self.logger = logger
        lastInbound = clock.now
    }

    var broker: String { configuration.brokerName }

    /// Whether to (re)connect: until shutdown is requested, and during a graceful one for as
    /// long as admitted publishes wait for their outcome (they wait for a connection as usual).
    var keepsRunning: Bool {
        switch inbox.shutdownMode {
        case nil: true
        case .graceful: hasAcceptedPublishes
        case .immediate: false
        }
    }

    /// Publishes admitted and not yet settled: calls under way, messages waiting to be sent, or
    /// sent and unconfirmed.
    var hasAcceptedPublishes: Bool {
        !confirms.isEmpty || !waitingPublishes.isEmpty || inbox.activePublishCalls > 0
    }

    /// Runs until shutdown is requested or a fatal error (a topology the broker refuses) occurs.
    func run() -> Result<Void, RabbitMQError> {
        var reconnectDelay = configuration.initialReconnectDelay
        var failedAttempts = 0
        var fatal: RabbitMQError?
        while keepsRunning {
            do {
                let session = try establishSession()
                logger.info(
                    "RabbitMQ connected",
                    metadata: ["consumers": "\(consumers.count)", "failed_attempts": "\(failedAttempts)"])
                reconnectDelay = configuration.initialReconnectDelay
                failedAttempts = 0
                try serve(session)
                closeSession()
                break
            } catch {
                abandonSession(error)
                if error.kind == .topologyMismatch {
                    logger.error("the broker refused the topology; stopping", metadata: ["error": "\(error)"])
                    fatal = error
                    break
                }
                lastConnectionError = error
                inbox.status = .disconnected(error)
                // Every failure of a streak is logged, but only the first and every tenth loudly.
                logger.log(
                    level: failedAttempts % 10 == 0 ? .warning : .debug, "RabbitMQ connection down; reconnecting",
                    metadata: [
                        "error": "\(error)", "retry_in": "\(reconnectDelay)", "failed_attempts": "\(failedAttempts)",
                    ])
                failedAttempts += 1
                waitWhileDisconnected(for: reconnectDelay)
                reconnectDelay = min(reconnectDelay * 2, configuration.maximumReconnectDelay)
            }
        }
        stop(fatal: fatal)
        return fatal.map { .failure($0) } ?? .success(())
    }

    /// Fails everything still waiting and ends every consumer's deliveries.
    private func stop(fatal: RabbitMQError?) {
        let shutDown =
            fatal
            ?? RabbitMQError(.shutDown, broker: broker, operation: "publish", detail: "the connection is shut down")
        for command in inbox.close() { reject(command, with: shutDown) }
        for waiting in waitingPublishes { fail(waiting.waiter, shutDown.about(messageID: waiting.message.messageID)) }
        waitingPublishes.removeAll()
        failUnconfirmed(with: shutDown)
        for record in consumers.values {
            record.shared.liveChannelGeneration = nil
            if let fatal { record.shared.deliveries.finish(throwing: fatal) } else { record.shared.deliveries.finish() }
        }
        consumers.removeAll()
        session?.destroy()
        session = nil
    }
}

/// A publish waiting for a connection.
struct WaitingPublish {
    let message: RabbitMQOutgoingMessage
    let waiter: PublishWaiter
    let enqueuedAt: ContinuousClock.Instant
}

/// The methods whose content the ``ContentAssembler`` collects.
enum ContentMethod {
    case deliver(IncomingFrame.Deliver)
    case returned(IncomingFrame.Return)
}

/// The connection thread's view of one consumer. A class, so that recording a delivery mutates
/// `unsettled` in place instead of copying the set (up to `prefetch` tags) every time.
final class ConsumerRecord {
    let shared: ConsumerShared
    let consumerTag: String
    /// The channel delivering right now, nil while disconnected.
    var channel: UInt16?
    var channelGeneration: UInt64 = 0
    /// Delivery tags handed out and not yet acked or nacked (a cancel waits for them).
    var unsettled: Set<UInt64> = []
    /// Set once basic.cancel was sent: the channel is closed when every delivery handed out is
    /// settled, or at this instant, whichever comes first.
    var closeDeadline: ContinuousClock.Instant?
    /// basic.cancel-ok arrived: the broker sends nothing more, and the deliveries have ended.
    var cancelConfirmed = false

    init(shared: ConsumerShared, consumerTag: String) {
        self.shared = shared
        self.consumerTag = consumerTag
    }
}
