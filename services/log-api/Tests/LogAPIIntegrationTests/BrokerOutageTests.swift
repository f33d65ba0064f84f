import Foundation
import Hummingbird
import TestInfra
import Testing

@testable import LogAPICore

/// A broker that cannot be reached or goes away: 503 within the publish time limit, no id claimed
/// that is not in the queue, and publishing again once the broker is back.
// Serialized: each test starts a private broker, and two starting at once collide (epmd).
@Suite("log intake while RabbitMQ is down", .serialized, .timeLimit(.minutes(5)))
struct BrokerOutageTests {
    @Test func anUnreachableBrokerGives503PromptlyAndQueuesNothing() async throws {
        let closedPort = try FreePort.next()
        let overrides = [
            "AMQP_URL": "amqp://guest:guest@127.0.0.1:\(closedPort)/%2f", "LOG_PUBLISH_TIMEOUT_MS": "1000",
        ]
        try await LogAPITestbed.with(overrides: overrides) { testbed in
            let clock = ContinuousClock()
            for (path, body) in [("/log", "{}"), ("/logs", "[{},{}]")] {
                let started = clock.now
                let (status, json) = try await testbed.post(path, body)
                #expect(status == .serviceUnavailable)
                #expect(json["id"] == nil && json["ids"] == nil)
                #expect(
                    json["error"] as? String
                        == "the log records were not queued: the message broker is unavailable; retry later")
                #expect(clock.now - started < .seconds(3))
            }
            // The test's own connection (to the run's broker) declared the queue: it stayed empty.
            #expect(try await testbed.queuedCount() == 0)
        }
    }

    @Test func aStoppedBrokerGives503ThenLogsAreQueuedAgainOnceItIsBack() async throws {
        try await PrivateServer.with("rabbitmq") { broker in
            let amqpURL = try #require(try broker.environment["AMQP_URL"])
            try await LogAPITestbed.with(amqpURL: amqpURL, overrides: ["LOG_PUBLISH_TIMEOUT_MS": "1000"]) { testbed in
                let (before, beforeJSON) = try await testbed.post("/log", #"{"message":"before"}"#)
                #expect(before == .accepted)
                let beforeID = try #require(beforeJSON["id"] as? String)

                try await broker.stop()
                let clock = ContinuousClock()
                for (path, body) in [("/log", #"{"message":"during"}"#), ("/logs", #"[{"message":"during"}]"#)] {
                    let started = clock.now
                    let (status, json) = try await testbed.post(path, body)
                    #expect(status == .serviceUnavailable)
                    #expect(json["id"] == nil && json["ids"] == nil)
                    #expect(clock.now - started < .seconds(3))
                }

                try await broker.start()
                let afterID = try await pollUntil("log-api publishes again", timeout: .seconds(60)) {
                    let (status, json) = try await testbed.post("/log", #"{"message":"after"}"#)
                    return status == .accepted ? json["id"] as? String : nil
                }
                try await testbed.inspector.waitUntilConnected(timeout: .seconds(30))
                // Exactly the accepted records survived the restart: nothing answered 503 was queued.
                let records = try await testbed.takeMessages(2).flatMap(\.envelope.payload.records)
                #expect(records.map { $0.id.uuidString.lowercased() } == [beforeID, afterID])
                #expect(records.map(\.message) == ["before", "after"])
            }
        }
    }
}
