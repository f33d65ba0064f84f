import Contracts
import Foundation
import TestInfra
import Testing

@testable import LogAPICore

/// `/notifications/events` end to end: log-api and log-worker in process, a file uploaded and processed for
/// real, WebSocket clients following it. Serialized: the tests read the process-wide client gauge.
@Suite("file notifications over WebSocket", .serialized, .timeLimit(.minutes(5)))
struct WebSocketNotificationTests {
    static let recordCount = 3_000

    /// The states of one file a socket got are in order: a snapshot first, nothing older after anything newer.
    static func expectOrdered(_ notes: [NotificationSocket.Note], file id: UUID) {
        #expect(notes.first?.type == "snapshot", "\(notes)")
        for (earlier, later) in zip(notes, notes.dropFirst()) {
            #expect(
                later.order.lexicographicallyPrecedes(earlier.order) == false,
                "\(later) came after \(earlier) for \(id)")
        }
    }

    @Test func aSubscriberGetsTheSnapshotThenEveryChangeInOrder() async throws {
        try await NotificationsTestbed.with { testbed in
            // Following every file before the upload: the changes come live, in order.
            let everything = NotificationSocket(port: testbed.port)
            try await everything.waitUntilConnected()
            let id = try await testbed.upload(NotificationsTestbed.records(Self.recordCount))
            let late = NotificationSocket(port: testbed.port, query: "?file_id=\(id.uuidString.lowercased())")
            let last = try await late.waitFor("the final status") { _ in
                late.notes(of: id).last(where: \.isFinal)
            }
            #expect(last.status == "completed" && last.recordsStored == Int64(Self.recordCount))
            Self.expectOrdered(late.notes(of: id), file: id)
            let live = try await everything.waitFor("the final change") { _ in
                everything.notes(of: id).last(where: \.isFinal)
            }
            #expect(live.type == "change" && live.recordsStored == Int64(Self.recordCount))
            let changes = everything.notes(of: id).filter { $0.type == "change" }
            #expect(changes.contains { $0.status == "processing" }, "\(changes)")
            for (earlier, later) in zip(changes, changes.dropFirst()) {
                #expect(earlier.order.lexicographicallyPrecedes(later.order), "\(later) after \(earlier)")
            }
            let row = try await testbed.waitUntilFinal(id)
            #expect(row["records_stored"] as? Int == Self.recordCount)
            await late.close()
            await everything.close()
        }
    }

    @Test func twoSubscribersBothFollowAndOneLeavingDoesNotDisturbTheOther() async throws {
        try await NotificationsTestbed.with { testbed in
            let before = try await testbed.metric("log_api_notification_clients", labels: #"transport="websocket""#)
            let id = try await testbed.upload(NotificationsTestbed.records(Self.recordCount))
            let query = "?file_id=\(id.uuidString.lowercased())"
            let first = NotificationSocket(port: testbed.port, query: query)
            let second = NotificationSocket(port: testbed.port, query: query)
            _ = try await first.waitFor("a first snapshot") { _ in first.notes(of: id).first }
            _ = try await second.waitFor("a second snapshot") { _ in second.notes(of: id).first }
            #expect(
                try await testbed.metric("log_api_notification_clients", labels: #"transport="websocket""#)
                    == before + 2)
            await first.close()
            _ = try await pollUntil("the gauge counts the socket that left") {
                try await testbed.metric("log_api_notification_clients", labels: #"transport="websocket""#)
                    == before + 1 ? true : nil
            }
            let last = try await second.waitFor("the final status") { _ in second.notes(of: id).last(where: \.isFinal) }
            #expect(last.recordsStored == Int64(Self.recordCount))
            Self.expectOrdered(second.notes(of: id), file: id)
            await second.close()
        }
    }

    @Test func subscribingByMessageNarrowsTheSocketAndBadMessagesAreAnswered() async throws {
        try await NotificationsTestbed.with { testbed in
            let done = try await testbed.upload(NotificationsTestbed.records(10), name: "done.ndjson")
            _ = try await testbed.waitUntilFinal(done)
            let socket = NotificationSocket(port: testbed.port)
            try await socket.waitUntilConnected()
            socket.send("not json")
            socket.send(#"{"subscribe":["nope"]}"#)
            socket.send(#"{"subscribe":["\#(done.uuidString.lowercased())"]}"#)
            let snapshot = try await socket.waitFor("the snapshot of the finished file") { _ in
                socket.notes(of: done).first
            }
            #expect(snapshot.type == "snapshot" && snapshot.status == "completed" && snapshot.recordsStored == 10)
            let errors = socket.received.filter { $0.type == "error" }
            #expect(errors.count == 2 && errors.allSatisfy { $0.code == "bad_request" }, "\(socket.received)")

            let missing = UUID()
            socket.send(#"{"subscribe":["\#(missing.uuidString.lowercased())"]}"#)
            let notFound = try await socket.waitFor("an answer for an unknown file") { _ in
                socket.notes(of: missing).first
            }
            #expect(notFound.type == "error" && notFound.code == "not_found")

            // Narrowed to `done`: another file's changes do not come.
            let other = try await testbed.upload(NotificationsTestbed.records(10), name: "other.ndjson")
            _ = try await testbed.waitUntilFinal(other)
            socket.send(
                #"{"unsubscribe":["\#(done.uuidString.lowercased())"],"subscribe":["\#(other.uuidString.lowercased())"]}"#
            )
            let otherSnapshot = try await socket.waitFor("the other file's snapshot") { _ in
                socket.notes(of: other).first
            }
            #expect(otherSnapshot.type == "snapshot" && otherSnapshot.status == "completed")
            #expect(socket.notes(of: other).allSatisfy { $0.type == "snapshot" }, "\(socket.notes(of: other))")
            await socket.close()
        }
    }

    @Test func aBadFileIDIsRefusedWithA400AndPlainHTTPGetsA426() async throws {
        try await NotificationsTestbed.with { testbed in
            let plain = try await testbed.client.execute(uri: "/notifications/events", method: .get) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(plain.0 == .upgradeRequired && plain.1.contains("upgrade_required"), "\(plain.1)")
            let listed = try await testbed.client.execute(uri: "/notifications/events?file_id=42", method: .get) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(listed.0 == .badRequest && listed.1.contains(#""parameter":"file_id""#), "\(listed.1)")
            // The same through an upgrade request, on a connection of its own (a refused upgrade ends it).
            let refused = try StalledSocket.upgradeAnswer(port: testbed.port, query: "?file_id=42")
            #expect(refused.hasPrefix("HTTP/1.1 400"), "\(refused)")
        }
    }
}
