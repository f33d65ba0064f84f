import Contracts
import Foundation
import RabbitMQ
import Redis
import ServiceKit
import TestInfra
import Testing

@testable import LogWorkerCore

/// The ingest consumer against real servers: each test has its own database, exchange and queue.
@Suite("log-worker ingest with real servers", .timeLimit(.minutes(5)))
struct LogIngestTests {
    /// Records with every kind of value a client may send, and the fields it may leave out.
    static func variedRecords() -> [LogRecord] {
        let receivedAt = Date(timeIntervalSince1970: 1_790_000_000.123)
        return [
            LogRecord(
                id: UUID(), receivedAt: receivedAt, level: "error", message: "payment failed", service: "checkout",
                timestamp: Date(timeIntervalSince1970: 1_789_999_999.001),
                data: [
                    "attempt": 3, "duration_ms": 12.5, "retried": true, "trace": nil, "user": "zoë 🚀",
                    "http": ["path": "/api/orders?x=1&y=\"2\"", "status": 503], "tags": ["checkout", "eu", 1, nil],
                    "negative": -9_007_199_254_740_993, "control": "tab\tnewline\nbell\u{7}", "with space key": "v",
                    "empty": [:], "list": [],
                ]),
            // No client timestamp: ts falls back to received_at.
            LogRecord(id: UUID(), receivedAt: receivedAt.addingTimeInterval(0.001), message: "bare"),
            LogRecord(
                id: UUID(), receivedAt: receivedAt, level: "", message: "", service: "",
                timestamp: Date(timeIntervalSince1970: -86_400.5), data: ["unicode": "日本語", "quote": "\"'\\"]),
            LogRecord(
                id: UUID(), receivedAt: receivedAt, level: "debug", message: String(repeating: "long ", count: 2_000),
                service: "search", data: ["deep": ["a": ["b": ["c": ["d": [1, [2, [3]]]]]]]]),
        ]
    }

    @Test func storesEveryPublishedRecordWithEveryColumnAsSent() async throws {
        let varied = Self.variedRecords()
        let plain = (1...200).map { LogMessages.record($0) }
        try await withLogWorker { worker in
            var messages = [try worker.message(varied)]
            messages += try stride(from: 0, to: plain.count, by: 25).map {
                try worker.message(Array(plain[$0..<$0 + 25]))
            }
            let single = LogMessages.record(201)
            messages.append(try LogMessages.single(single, exchange: worker.exchange, queue: worker.queue))
            try await worker.publish(messages)
            let expected = Set((varied + plain + [single]).map(StoredLog.init(expected:)))
            let rows = try await worker.waitForRows(count: expected.count)
            #expect(rows.count == expected.count)
            #expect(rows.subtracting(expected).isEmpty, "unexpected rows: \(rows.subtracting(expected))")
            #expect(expected.subtracting(rows).isEmpty, "missing rows: \(expected.subtracting(rows))")
            try await worker.waitUntilQueueIsSettled()
            #expect(try await worker.metric("log_worker_rows_inserted_total") == Double(expected.count))
            #expect(try await worker.metric("batch_consumer_stored_messages_total") == Double(messages.count))
        }
    }

    @Test func theSameMessagesTwiceAddNoRows() async throws {
        let records = (1...60).map { LogMessages.record($0) }
        try await withLogWorker { worker in
            let messages = try stride(from: 0, to: records.count, by: 10).map {
                try worker.message(Array(records[$0..<$0 + 10]))
            }
            try await worker.publish(messages)
            let first = try await worker.waitForRows(count: records.count)
            try await worker.waitUntilQueueIsSettled()
            // Again, and one record repeated inside a new message next to a new one.
            try await worker.publish(messages + [try worker.message([records[0], LogMessages.record(1_000)])])
            // One consumer stores in order and acknowledges after storing: once the marker's record
            // is stored, the repeated messages were handled.
            let second = try await worker.waitForRows(count: records.count + 1)
            try await worker.waitUntilQueueIsSettled()
            #expect(second.count == records.count + 1)
            #expect(first.isSubset(of: second))
            #expect(try await worker.metric("log_worker_records_stored_total") == Double(2 * records.count + 2))
            #expect(try await worker.metric("log_worker_rows_inserted_total") == Double(records.count + 1))
        }
    }

    @Test func poisonMessagesAreDeadLetteredWithTheirReasonAndTheOthersStored() async throws {
        let records = (1...5).map { LogMessages.record($0) }
        try await withLogWorker { worker in
            var messages = try records.map { try worker.message([$0]) }
            let user = UserRecord(id: 1, firstName: "A", lastName: "B", emailAddress: "a@example.com", createdAt: nil)
            let userID = UUID()
            messages.insert(
                LogMessages.raw(
                    "{\"message_id\": oops", id: "not-json", exchange: worker.exchange, queue: worker.queue), at: 1)
            messages.insert(
                RabbitMQOutgoingMessage(
                    exchange: worker.exchange, routingKey: worker.queue, messageID: "wrong-type",
                    body: Array(try ContractCoding.encode(Envelope(payload: user, messageID: userID)))),
                at: 3)
            messages.append(try worker.message([]))
            try await worker.publish(messages)
            let dead = try await worker.deadLetters(count: 3)
            #expect(dead.map(\.messageID) == ["not-json", "wrong-type", messages.last?.messageID])
            let reasons = dead.map { $0.properties.headers["x-death-reason"]?.stringValue ?? "" }
            #expect(reasons[0].hasPrefix("invalid JSON at line 1"), "\(reasons[0])")
            #expect(reasons[1] == "unexpected message type 'user.record', expected 'log.batch'")
            #expect(reasons[2] == "field 'payload.records' expected at least one record, found none")
            #expect(try await worker.waitForRows(count: records.count) == Set(records.map(StoredLog.init(expected:))))
            try await worker.waitUntilQueueIsSettled()
            #expect(try await worker.rows().count == records.count)
            #expect(try await worker.metric("batch_consumer_dead_lettered_messages_total") == 3)
        }
    }

    @Test func valuesPostgreSQLRefusesAreIsolatedByTheirMessageAndDeadLettered() async throws {
        let records = (1...40).map { LogMessages.record($0) }
        // One batch for all of them, so PostgreSQL fails the statement and the consumer must split.
        try await withLogWorker(overrides: ["LOG_WORKER_BATCH_WAIT_MS": "1000"]) { worker in
            var messages = try stride(from: 0, to: records.count, by: 4).map {
                try worker.message(Array(records[$0..<$0 + 4]))
            }
            // jsonb refuses the escape \u0000, which is how the contracts' encoder writes a NUL.
            let nulInData = LogMessages.record(100, data: ["bad": "a\u{0}b"])
            messages.insert(try worker.message([LogMessages.record(101), nulInData]), at: 3)
            #expect(String(decoding: messages[3].body, as: UTF8.self).contains(#""a\u0000b""#))
            // text refuses a NUL byte.
            let nulInMessage = LogRecord(id: UUID(), receivedAt: Date(), message: "x\u{0}y")
            messages.insert(try worker.message([nulInMessage]), at: 8)
            try await worker.publish(messages)
            let dead = try await worker.deadLetters(count: 2)
            #expect(Set(dead.map(\.messageID)) == [messages[3].messageID, messages[8].messageID])
            for delivery in dead {
                let reason = delivery.properties.headers["x-death-reason"]?.stringValue ?? ""
                let expected = delivery.messageID == messages[3].messageID ? "SQLSTATE 22P05" : "SQLSTATE 22021"
                #expect(reason.hasPrefix("PostgreSQL rejected the batch") && reason.contains(expected), "\(reason)")
            }
            #expect(try await worker.waitForRows(count: records.count) == Set(records.map(StoredLog.init(expected:))))
            try await worker.waitUntilQueueIsSettled()
            #expect(try await worker.rows().count == records.count)
        }
    }

    @Test func theQueryCacheGenerationIncreasesAfterEachCommit() async throws {
        try await PrivateServer.with("redis") { redisServer in
            let redisURL = try redisServer.environment["REDIS_URL"] ?? ""
            let redis = RedisConnectionPool(
                configuration: RedisClientConfiguration(endpoint: try redisServer.servers.redis.endpoint))
            do {
                try await Self.checkGenerations(redis: redis, redisURL: redisURL)
                await redis.shutdown()
            } catch {
                await redis.shutdown()
                throw error
            }
        }
    }

    static func checkGenerations(redis: RedisConnectionPool, redisURL: String) async throws {
        try await withLogWorker(overrides: ["REDIS_URL": redisURL]) { worker in
            #expect(try await redis.getString(CacheKeys.logsGeneration) == nil)
            try await worker.publish([try worker.message([LogMessages.record(1)])])
            _ = try await worker.waitForRows(count: 1)
            let first = try await pollUntil("a generation") {
                try await redis.getString(CacheKeys.logsGeneration).flatMap(Int.init)
            }
            #expect(first >= 1)
            try await worker.publish([try worker.message([LogMessages.record(2)])])
            _ = try await worker.waitForRows(count: 2)
            let second = try await pollUntil("a newer generation") {
                try await redis.getString(CacheKeys.logsGeneration).flatMap(Int.init).flatMap { $0 > first ? $0 : nil }
            }
            #expect(second > first)
            #expect(try await worker.metric("log_worker_generation_bumps_total", labels: "result=\"failed\"") == 0)
            #expect(try await worker.metric("log_worker_generation_bumps_total", labels: "result=\"ok\"") >= 2)
        }
    }

    @Test func anUnreachableRedisNeverHoldsUpABatch() async throws {
        let closedPort = try FreePort.next()
        try await withLogWorker(overrides: ["REDIS_URL": "redis://127.0.0.1:\(closedPort)"]) { worker in
            let records = (1...30).map { LogMessages.record($0) }
            let before = try await worker.metric("log_worker_generation_bumps_total", labels: "result=\"failed\"")
            try await worker.publish(
                try stride(from: 0, to: 30, by: 10).map { try worker.message(Array(records[$0..<$0 + 10])) })
            #expect(try await worker.waitForRows(count: records.count) == Set(records.map(StoredLog.init(expected:))))
            try await worker.waitUntilQueueIsSettled()
            let after = try await worker.metric("log_worker_generation_bumps_total", labels: "result=\"failed\"")
            #expect(after > before)
        }
    }
}
