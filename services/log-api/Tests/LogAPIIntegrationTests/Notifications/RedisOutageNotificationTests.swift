import Contracts
import Foundation
import TestInfra
import Testing

@testable import LogAPICore

/// Redis stopped while a file is processed: PostgreSQL keeps the right status, and once Redis is back every
/// WebSocket client gets a fresh snapshot and follows the changes again.
@Suite("file notifications through a Redis outage", .serialized, .timeLimit(.minutes(6)))
struct RedisOutageNotificationTests {
    @Test func clientsCatchUpAfterRedisComesBack() async throws {
        try await PrivateServer.with("redis") { redisServer in
            let redisURL = try #require(try redisServer.environment["REDIS_URL"])
            try await NotificationsTestbed.with(redisURL: redisURL) { testbed in
                let first = try await testbed.upload(NotificationsTestbed.records(20), name: "first.ndjson")
                let socket = NotificationSocket(port: testbed.port, query: "?file_id=\(first.uuidString.lowercased())")
                _ = try await socket.waitFor("the first file final") { _ in
                    socket.notes(of: first).last(where: \.isFinal)
                }

                try await redisServer.stop()
                let recordCount = 5_000
                let second = try await testbed.upload(NotificationsTestbed.records(recordCount), name: "second.ndjson")
                socket.send(#"{"subscribe":["\#(second.uuidString.lowercased())"]}"#)
                let duringOutage = try await socket.waitFor("the second file's snapshot from PostgreSQL") { _ in
                    socket.notes(of: second).first
                }
                #expect(duringOutage.type == "snapshot")
                // Processing goes on without Redis, and PostgreSQL has the exact outcome.
                let row = try await testbed.waitUntilFinal(second)
                #expect(row["status"] as? String == "completed" && row["records_stored"] as? Int == recordCount)
                let seenBeforeRestart = socket.received.count

                try await redisServer.start()
                let caughtUp = try await socket.waitFor("a fresh final snapshot after Redis came back") { notes in
                    notes.dropFirst(seenBeforeRestart).first {
                        $0.type == "snapshot" && $0.fileID == second.uuidString.lowercased() && $0.isFinal
                    }
                }
                #expect(caughtUp.recordsStored == Int64(recordCount))
                WebSocketNotificationTests.expectOrdered(socket.notes(of: second), file: second)

                // Live again: a change published now comes through the new subscription.
                try await testbed.publish(
                    FileEvent(
                        snapshot: FileStatusSnapshot(
                            fileID: second, status: .processing, sizeBytes: 1, bytesProcessed: 1, recordsProcessed: 1),
                        attempt: 99, occurredAt: Date()))
                let live = try await socket.waitFor("a change through the new subscription") { _ in
                    socket.notes(of: second).first { $0.type == "change" && $0.attempt == 99 }
                }
                #expect(live.status == "processing")
                await socket.close()
            }
        }
    }
}
