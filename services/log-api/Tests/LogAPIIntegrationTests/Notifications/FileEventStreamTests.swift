import Contracts
import Foundation
import Hummingbird
import TestInfra
import Testing

@testable import LogAPICore

/// `GET /files/{id}/events`: the same messages as Server-Sent Events, ending after a final status.
@Suite("file events as Server-Sent Events", .timeLimit(.minutes(5)))
struct FileEventStreamTests {
    /// The `(event, data)` pairs and the comment lines of an event-stream body.
    static func parse(_ body: String) -> (events: [(String, [String: Any])], comments: Int) {
        var events: [(String, [String: Any])] = []
        var comments = 0
        for block in body.components(separatedBy: "\n\n") where !block.isEmpty {
            if block.hasPrefix(":") {
                comments += 1
                continue
            }
            var name = ""
            var data: [String: Any] = [:]
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") {
                    data =
                        (try? JSONSerialization.jsonObject(with: Data(line.dropFirst(6).utf8))) as? [String: Any] ?? [:]
                }
            }
            events.append((name, data))
        }
        return (events, comments)
    }

    @Test func aProcessedFileStreamsItsSnapshotAndEndsAfterItsFinalStatus() async throws {
        try await NotificationsTestbed.with { testbed in
            let id = try await testbed.upload(NotificationsTestbed.records(2_000))
            let (status, type, body) = try await testbed.client.execute(
                uri: "/files/\(id.uuidString.lowercased())/events", method: .get
            ) { ($0.status, $0.headers[.contentType], String(buffer: $0.body)) }
            #expect(status == .ok && type == "text/event-stream")
            let (events, _) = Self.parse(body)
            #expect(events.first?.0 == "snapshot", "\(body)")
            let last = try #require(events.last)
            #expect(last.1["status"] as? String == "completed" && last.1["records_stored"] as? Int == 2_000, "\(body)")
            #expect(events.allSatisfy { $0.1["file_id"] as? String == id.uuidString.lowercased() })
            // Already final: the snapshot alone, and the stream ends.
            let again = try await testbed.client.execute(
                uri: "/files/\(id.uuidString.lowercased())/events", method: .get
            ) { String(buffer: $0.body) }
            let replay = Self.parse(again).events
            #expect(replay.count == 1 && replay.first?.0 == "snapshot", "\(again)")
        }
    }

    @Test func anIdleStreamGetsHeartbeatsThenTheChangeThatEndsIt() async throws {
        try await NotificationsTestbed.with(overrides: ["NOTIFY_SSE_HEARTBEAT": "100ms"]) { testbed in
            // A row with no task: no worker touches it; the test plays log-worker on Redis.
            let id = UUID()
            let inserted = try await testbed.store.insertQueued(
                NewFile(
                    id: id, name: "idle.ndjson", contentType: "application/x-ndjson", objectKey: "uploads/\(id)",
                    sizeBytes: 10, sha256: String(repeating: "0", count: 64), forced: true))
            guard case .inserted = inserted else { throw StalledSocketError("not inserted: \(inserted)") }
            let final = FileEvent(
                snapshot: FileStatusSnapshot(
                    fileID: id, status: .completed, sizeBytes: 10, bytesProcessed: 10, recordsProcessed: 1,
                    recordsStored: 1),
                attempt: 1, occurredAt: Date())
            let publisher = Task {
                // Long enough for a few heartbeats; the stream only ends with this event.
                try await Task.sleep(for: .milliseconds(600))
                try await testbed.publish(final)
            }
            let body = try await testbed.client.execute(
                uri: "/files/\(id.uuidString.lowercased())/events", method: .get
            ) { String(buffer: $0.body) }
            try await publisher.value
            let (events, comments) = Self.parse(body)
            #expect(events.map(\.0) == ["snapshot", "change"], "\(body)")
            #expect(events.first?.1["status"] as? String == "queued")
            #expect(events.last?.1["status"] as? String == "completed")
            #expect(comments >= 1, "\(body)")
        }
    }

    @Test func anUnknownFileIs404AndABadIDIs400() async throws {
        try await NotificationsTestbed.with { testbed in
            let missing = try await testbed.client.execute(
                uri: "/files/\(UUID().uuidString.lowercased())/events", method: .get
            ) { $0.status }
            #expect(missing == .notFound)
            let bad = try await testbed.client.execute(uri: "/files/42/events", method: .get) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(bad.0 == .badRequest && bad.1.contains(#""parameter":"id""#), "\(bad.1)")
        }
    }
}
