import Contracts
import Foundation
import Hummingbird
import HummingbirdTesting
import TestInfra
import Testing

@testable import LogAPICore

/// `POST /log` and `POST /logs` against the run's RabbitMQ: each test publishes to an exchange and
/// queue of its own and reads back what is in it.
@Suite("log intake with real servers", .timeLimit(.minutes(5)))
struct LogIntakeTests {
    @Test func oneLogIsAnsweredAfterItsConfirmWithTheIdItIsQueuedUnder() async throws {
        try await LogAPITestbed.with { testbed in
            let (status, json) = try await testbed.post(
                "/log",
                #"{"level":"warn","message":"disk 91%","service":"node-7","timestamp":"2026-11-21T06:02:13Z","disk":{"used":0.91}}"#
            )
            #expect(status == .accepted)
            let id = try #require(json["id"] as? String)
            // Confirmed before the answer: the message is in the queue already, nothing to wait for.
            #expect(try await testbed.queuedCount() == 1)
            let messages = try await testbed.takeMessages(1)
            let message = try #require(messages.first)
            #expect(message.amqpMessageID == message.envelope.messageID.uuidString.lowercased())
            #expect(message.type == "log.batch")
            let record = try #require(message.envelope.payload.records.first)
            #expect(message.envelope.payload.records.count == 1)
            #expect(record.id.uuidString.lowercased() == id)
            #expect(record.level == "warn")
            #expect(record.message == "disk 91%")
            #expect(record.service == "node-7")
            #expect(record.timestamp == ContractDateFormat.date(from: "2026-11-21T06:02:13Z"))
            #expect(record.data == ["disk": ["used": 0.91]])
        }
    }

    @Test func manyLogsAreQueuedInMessagesOfAtMostTheConfiguredSize() async throws {
        try await LogAPITestbed.with(overrides: ["LOG_MESSAGE_MAX_RECORDS": "4"]) { testbed in
            let array = "[" + (1...10).map { #"{"message":"array \#($0)","n":\#($0)}"# }.joined(separator: ",") + "]"
            let (arrayStatus, arrayJSON) = try await testbed.post("/logs", array)
            #expect(arrayStatus == .accepted)
            let arrayIDs = try #require(arrayJSON["ids"] as? [String])
            #expect(arrayIDs.count == 10)
            #expect(try await testbed.queuedCount() == 3)

            let ndjson = (1...3).map { #"{"message":"line \#($0)"}"# }.joined(separator: "\n\n") + "\n"
            let (ndjsonStatus, ndjsonJSON) = try await testbed.post(
                "/logs", ndjson, contentType: "application/x-ndjson")
            #expect(ndjsonStatus == .accepted)
            let ndjsonIDs = try #require(ndjsonJSON["ids"] as? [String])

            let messages = try await testbed.takeMessages(4)
            #expect(messages.map(\.envelope.payload.records.count) == [4, 4, 2, 3])
            let records = messages.flatMap(\.envelope.payload.records)
            #expect(records.map { $0.id.uuidString.lowercased() } == arrayIDs + ndjsonIDs)
            #expect(records.map(\.message) == (1...10).map { "array \($0)" } + (1...3).map { "line \($0)" })
            #expect(messages.allSatisfy { $0.amqpMessageID == $0.envelope.messageID.uuidString.lowercased() })
        }
    }

    @Test func concurrentRequestsShareTheConnectionAndAreAllQueued() async throws {
        try await LogAPITestbed.with { testbed in
            let ids = try await withThrowingTaskGroup(of: String?.self) { group in
                for number in 1...200 {
                    group.addTask {
                        let (status, json) = try await testbed.post("/log", #"{"message":"concurrent \#(number)"}"#)
                        return status == .accepted ? json["id"] as? String : nil
                    }
                }
                var ids: [String?] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(ids.compactMap { $0 }.count == 200)
            // Records of concurrent requests may share messages; each is in exactly one.
            let messages = try await testbed.takeAllMessages()
            let queued = messages.flatMap(\.envelope.payload.records).map { $0.id.uuidString.lowercased() }
            #expect(queued.count == 200)
            #expect(Set(queued) == Set(ids.compactMap { $0 }))
            #expect(messages.count <= 200)
            #expect(messages.allSatisfy { $0.amqpMessageID == $0.envelope.messageID.uuidString.lowercased() })
        }
    }

    /// Every 4xx case: the status and message, and an empty queue afterwards.
    @Test func everyRefusedRequestQueuesNothing() async throws {
        let overrides = ["LOG_MAX_RECORDS": "5", "LOG_MAX_BODY_BYTES": "2000"]
        try await LogAPITestbed.with(overrides: overrides) { testbed in
            let cases: [(String, String, String, HTTPResponse.Status, String)] = [
                ("/log", "text/plain", "{}", .unsupportedMediaType, "Content-Type must be application/json"),
                ("/logs", "application/xml", "<a/>", .unsupportedMediaType, "Content-Type must be application/json"),
                ("/log", "application/json", "{\"a\":", .badRequest, "invalid JSON at line 1, column 6"),
                ("/log", "application/json", "[{}]", .badRequest, "must be one JSON object"),
                ("/log", "application/json", #"{"message":42}"#, .badRequest, "field 'message' expected a string"),
                (
                    "/logs", "application/json", #"[{},{"level":null},{"timestamp":"noon"}]"#, .badRequest,
                    "record at index 2: field 'timestamp'"
                ),
                (
                    "/logs", "application/x-ndjson", "{}\n{}\n\n{\"service\":1}\n", .badRequest,
                    "line 4: field 'service'"
                ),
                ("/logs", "application/x-ndjson", "{}\n{\"a\" 1}\n", .badRequest, "invalid JSON at line 2, column 6"),
                ("/logs", "application/json", "[{},{},{},{},{},{}]", .contentTooLarge, "more than 5 log records"),
                (
                    "/logs", "application/json", "[" + String(repeating: #"{"message":"x"},"#, count: 200) + "{}]",
                    .contentTooLarge, "larger than 2000 bytes"
                ),
            ]
            for (path, contentType, body, status, message) in cases {
                let (answered, json) = try await testbed.post(path, body, contentType: contentType)
                #expect(answered == status, "\(path) \(contentType) \(body.prefix(40))")
                let error = json["error"] as? String ?? ""
                #expect(error.contains(message), "\(error)")
            }
            #expect(try await testbed.queuedCount() == 0)

            let metrics = try await testbed.client.execute(uri: "/metrics", method: .get) {
                String(buffer: $0.body)
            }
            #expect(metrics.contains(#"log_api_requests_rejected_total{reason="invalid_record"}"#))
            #expect(metrics.contains(#"log_api_requests_rejected_total{reason="too_many_records"}"#))
        }
    }
}
