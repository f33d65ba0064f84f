import Testing

@testable import RabbitMQ

@Suite("Topology description", .timeLimit(.minutes(1)))
struct TopologyTests {
    @Test func aWorkQueueGetsADeadLetterExchangeAndQueue() {
        let queue = QueueSpec.workQueue("users.ingest")
        #expect(queue.deadLetter == QueueSpec.DeadLetter(exchange: "users.ingest.dlx", queue: "users.ingest.dead"))
        #expect(queue.arguments["x-dead-letter-exchange"] == .string("users.ingest.dlx"))
        #expect(queue.arguments["x-queue-mode"] == .string("lazy"))
        #expect(queue.durable)
    }

    @Test func limitsBecomeQueueArgumentsOfTheKindsRabbitMQReads() {
        let queue = QueueSpec(
            "q", maxLength: 1, maxLengthBytes: 1024, overflow: .rejectPublish, messageTTL: 60_000,
            arguments: ["x-queue-mode": "lazy", "x-max-length": 99])
        let arguments = queue.arguments
        #expect(arguments["x-max-length"] == .int64(1))
        #expect(arguments["x-max-length-bytes"] == .int64(1024))
        #expect(arguments["x-overflow"] == .string("reject-publish"))
        #expect(arguments["x-message-ttl"] == .int64(60_000))
        #expect(arguments["x-queue-mode"] == .string("lazy"))
        #expect(arguments["x-dead-letter-exchange"] == nil)
        #expect(arguments.count == 5)
    }

    @Test func declarationsPutDeadLetterPartsFirstAndDropDuplicates() {
        let topology = Topology.workQueue(exchange: "users", queue: .workQueue("users.ingest"))
            .adding(Topology.workQueue(exchange: "users", queue: .workQueue("users.ingest")))
        let (exchanges, queues, bindings) = topology.declarations
        #expect(exchanges.map(\.name) == ["users.ingest.dlx", "users"])
        #expect(exchanges.map(\.kind) == [.fanout, .direct])
        #expect(queues.map(\.name) == ["users.ingest.dead", "users.ingest"])
        #expect(queues.allSatisfy { $0.lazy })
        #expect(
            bindings.map { "\($0.exchange)->\($0.queue):\($0.routingKey)" } == [
                "users.ingest.dlx->users.ingest.dead:", "users->users.ingest:users.ingest",
            ])
    }

    @Test func aQueueIsFoundByName() {
        let topology = Topology(queues: [.workQueue("a"), QueueSpec("b")])
        #expect(topology.queue(named: "a")?.deadLetter?.queue == "a.dead")
        #expect(topology.queue(named: "b")?.deadLetter == nil)
        #expect(topology.queue(named: "c") == nil)
    }

    @Test func tablesKeepInsertionOrderAndOneEntryPerKey() {
        var table: AMQPTable = ["b": 1, "a": "x"]
        table["b"] = 2
        table["c"] = true
        table["a"] = nil
        #expect(table.entries.map(\.key) == ["b", "c"])
        #expect(table["b"]?.int64Value == 2)
        #expect(table.merging(["c": false, "d": .void]).entries.map(\.key) == ["b", "c", "d"])
    }
}
