/// The exchanges, queues and bindings a connection declares every time it connects.
///
/// Declaring is idempotent: the same topology declared again changes nothing. A topology that
/// contradicts what the broker already has (a queue declared before with other arguments) is a
/// deployment error: the connection stops with ``RabbitMQError/Kind/topologyMismatch`` instead of
/// retrying. Dead-letter exchanges and queues of work queues are declared too (see ``QueueSpec``).
public struct Topology: Sendable, Hashable {
    public var exchanges: [ExchangeSpec]
    public var queues: [QueueSpec]
    public var bindings: [BindingSpec]

    public init(exchanges: [ExchangeSpec] = [], queues: [QueueSpec] = [], bindings: [BindingSpec] = []) {
        self.exchanges = exchanges
        self.queues = queues
        self.bindings = bindings
    }

    /// The common shape: one durable exchange with a work queue bound to it under `routingKey`
    /// (which defaults to the queue's name).
    public static func workQueue(
        exchange: String, kind: ExchangeSpec.Kind = .direct, queue: QueueSpec, routingKey: String? = nil
    ) -> Topology {
        Topology(
            exchanges: [ExchangeSpec(exchange, kind: kind)], queues: [queue],
            bindings: [BindingSpec(queue: queue.name, exchange: exchange, routingKey: routingKey ?? queue.name)])
    }

    /// This topology and `other` together.
    public func adding(_ other: Topology) -> Topology {
        Topology(
            exchanges: exchanges + other.exchanges, queues: queues + other.queues, bindings: bindings + other.bindings)
    }

    /// The queue named `name`, if this topology declares it.
    public func queue(named name: String) -> QueueSpec? { queues.first { $0.name == name } }

    /// Everything to declare, in an order the broker accepts: exchanges (dead-letter ones
    /// included), then queues (dead-letter queues first), then bindings. Duplicates are dropped.
    public var declarations: (exchanges: [ExchangeSpec], queues: [QueueSpec], bindings: [BindingSpec]) {
        var allExchanges: [ExchangeSpec] = []
        var allQueues: [QueueSpec] = []
        var allBindings: [BindingSpec] = []
        for queue in queues {
            guard let deadLetter = queue.deadLetter else { continue }
            allExchanges.append(ExchangeSpec(deadLetter.exchange, kind: .fanout))
            allQueues.append(QueueSpec(deadLetter.queue, lazy: queue.lazy))
            allBindings.append(BindingSpec(queue: deadLetter.queue, exchange: deadLetter.exchange, routingKey: ""))
        }
        allExchanges += exchanges
        allQueues += queues
        allBindings += bindings
        return (allExchanges.uniqued(), allQueues.uniqued(), allBindings.uniqued())
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each kept the first time it appears.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
