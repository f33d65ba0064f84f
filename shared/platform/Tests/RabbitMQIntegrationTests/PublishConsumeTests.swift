import Foundation
import RabbitMQ
import ServiceKit
import TestInfra
import Testing

/// Publishing with confirms and consuming with manual acks, against the run's real RabbitMQ.
@Suite("RabbitMQ publish and consume", .timeLimit(.minutes(3)))
struct PublishConsumeTests {
    @Test func aMessageArrivesWithItsIDHeadersAndPropertiesIntact() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            let collector = DeliveryCollector(connection.consume(queue: names.queue, prefetch: 10))
            var message = names.message("m-1", body: #"{"name":"Ada"}"#, headers: ["tenant": "t-1", "attempt": 2])
            message.properties.contentType = "application/json"
            message.properties.correlationID = "c-1"
            message.properties.timestamp = 1_700_000_000
            try await connection.publish(message)
            let delivery = try #require(try await collector.waitFor(1).first)
            #expect(delivery.messageID == "m-1")
            #expect(delivery.text == #"{"name":"Ada"}"#)
            #expect(delivery.properties.headers["tenant"] == .string("t-1"))
            #expect(delivery.properties.headers["attempt"] == .int64(2))
            #expect(delivery.properties.contentType == "application/json")
            #expect(delivery.properties.correlationID == "c-1")
            #expect(delivery.properties.timestamp == 1_700_000_000)
            #expect(delivery.properties.deliveryMode == .persistent)
            #expect(delivery.exchange == names.exchange)
            #expect(delivery.routingKey == names.queue)
            #expect(!delivery.redelivered)
            try collector.consumer.ack(delivery)
        }
    }

    @Test func tenThousandConfirmedPublishesArriveExactlyOnce() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        let total = 10_000
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            // Half through concurrent single publishes, half as one pipelined batch.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for index in stride(from: worker, to: total / 2, by: 8) {
                            try await connection.publish(names.message("single-\(index)"))
                        }
                    }
                }
                group.addTask {
                    try await connection.publish((total / 2..<total).map { names.message("batch-\($0)") })
                }
                try await group.waitForAll()
            }
            let collector = DeliveryCollector(connection.consume(queue: names.queue, prefetch: 500), ackEvery: 100)
            let deliveries = try await collector.waitFor(total, timeout: .seconds(60))
            let ids = deliveries.compactMap(\.messageID)
            #expect(deliveries.count == total)
            #expect(Set(ids).count == total)
            #expect(Set(ids) == Set((0..<total / 2).map { "single-\($0)" } + (total / 2..<total).map { "batch-\($0)" }))
            #expect(deliveries.allSatisfy { !$0.redelivered })
            #expect(try await connection.queueState(names.queue).messageCount == 0)
        }
    }

    @Test func nackWithRequeueRedeliversAndNackWithoutRequeueDeadLetters() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            let collector = DeliveryCollector(connection.consume(queue: names.queue, prefetch: 10))
            try await connection.publish(names.message("retry-me"))
            let first = try #require(try await collector.waitFor(1).first)
            #expect(!first.redelivered)
            try collector.consumer.nack(first, requeue: true)
            let again = try await collector.waitFor(2)[1]
            #expect(again.messageID == "retry-me")
            #expect(again.redelivered)
            try collector.consumer.nack(again, requeue: false)
            // Without requeue the broker dead-letters it (the queue has a dead-letter exchange).
            let dead = DeliveryCollector(connection.consume(queue: names.queue + ".dead"))
            let deadLetter = try #require(try await dead.waitFor(1).first)
            #expect(deadLetter.messageID == "retry-me")
            try dead.consumer.ack(deadLetter)
        }
    }

    @Test func deadLetteringStoresTheMessageWithItsReasonThenAcksTheOriginal() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            let collector = DeliveryCollector(connection.consume(queue: names.queue, prefetch: 10))
            try await connection.publish(names.message("poison", body: "not json", headers: ["tenant": "t-9"]))
            let delivery = try #require(try await collector.waitFor(1).first)
            try await collector.consumer.deadLetter(delivery, reason: "invalid JSON at byte 0")

            let dead = DeliveryCollector(connection.consume(queue: names.queue + ".dead"))
            let deadLetter = try #require(try await dead.waitFor(1).first)
            #expect(deadLetter.messageID == "poison")
            #expect(deadLetter.text == "not json")
            #expect(deadLetter.properties.headers["x-death-reason"] == .string("invalid JSON at byte 0"))
            #expect(deadLetter.properties.headers["x-original-routing-key"] == .string(names.queue))
            #expect(deadLetter.properties.headers["tenant"] == .string("t-9"))
            #expect(deadLetter.properties.contentType == "text/plain")
            #expect(deadLetter.properties.deliveryMode == .persistent)
            try dead.consumer.ack(deadLetter)
            // The original was acked: nothing is left in the work queue, and it is not redelivered.
            collector.stop()
            #expect(try await connection.queueState(names.queue).messageCount == 0)
        }
    }

    @Test func aConsumerThatDiesBeforeAckingHasItsMessagesRedeliveredToTheNext() async throws {
        let amqp = try await TestServers.shared().amqp
        let names = TestQueue()
        let ids = (0..<5).map { "unacked-\($0)" }
        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { publisher in
            try await publisher.publish(ids.map { names.message($0) })
        }
        // The first consumer takes all five and its connection goes away (cancelled: no ack, no
        // graceful drain), as when a process dies.
        let firstConnection = RabbitMQConnection(configuration: testConfiguration(amqp), topology: names.topology)
        let run = Task { try await firstConnection.run() }
        let first = DeliveryCollector(firstConnection.consume(queue: names.queue, prefetch: 10))
        #expect(try await first.waitFor(5).allSatisfy { !$0.redelivered })
        run.cancel()
        try await run.value

        try await withRunningConnection(testConfiguration(amqp), topology: names.topology) { connection in
            let second = DeliveryCollector(connection.consume(queue: names.queue, prefetch: 10))
            let again = try await second.waitFor(5)
            #expect(Set(again.compactMap(\.messageID)) == Set(ids))
            let allRedelivered = again.allSatisfy { $0.redelivered }
            #expect(allRedelivered)
            try second.consumer.ack(again[4], multiple: true)
        }
        // Settling a delivery of the dead connection is refused, not sent to another channel.
        let stale = try #require(first.deliveries.first)
        #expect(throws: RabbitMQError.self) { try first.consumer.ack(stale) }
    }
}
