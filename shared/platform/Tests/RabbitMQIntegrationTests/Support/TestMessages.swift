import RabbitMQ
import TestInfra

/// The names one test declares: an exchange and a work queue (with its dead-letter parts), all unique.
struct TestQueue {
    let exchange = TestNames.unique("itest", separator: ".")
    let queue = TestNames.unique("itest", separator: ".")

    var topology: Topology { Topology.workQueue(exchange: exchange, queue: .workQueue(queue)) }

    func topology(_ spec: (String) -> QueueSpec) -> Topology {
        Topology.workQueue(exchange: exchange, queue: spec(queue))
    }

    func message(_ id: String, body: String? = nil, headers: AMQPTable = [:]) -> RabbitMQOutgoingMessage {
        RabbitMQOutgoingMessage(
            exchange: exchange, routingKey: queue, messageID: id, body: Array((body ?? "body of \(id)").utf8),
            properties: RabbitMQMessageProperties(contentType: "text/plain", headers: headers))
    }
}

extension RabbitMQDelivery {
    var text: String { String(decoding: body, as: UTF8.self) }
}
