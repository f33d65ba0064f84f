import Contracts
import Foundation
import TestInfra
import Testing

@testable import LogAPICore

/// A client that stops reading is dropped after its buffer (`NOTIFY_CLIENT_BUFFER`) fills; the others get
/// every event all the same.
@Suite("slow notification clients", .serialized, .timeLimit(.minutes(5)))
struct SlowClientTests {
    @Test func aClientThatStopsReadingIsDroppedAndTheOthersGetEveryEvent() async throws {
        try await NotificationsTestbed.with(overrides: ["NOTIFY_CLIENT_BUFFER": "256"]) { testbed in
            let droppedBefore = try await testbed.metric(
                "log_api_notification_clients_dropped_total", labels: #"transport="websocket""#)
            let fileID = UUID()
            let fast = NotificationSocket(port: testbed.port)
            try await fast.waitUntilConnected()
            let stalled = try StalledSocket(port: testbed.port)
            // Paced by the fast client: it is never more than one round behind, the stalled one falls behind.
            // 30,000 events, about 10 MB: more than the kernel's socket buffers hold for the stalled one. A round
            // is well under the buffer, so the fast client is never that far behind, however loaded the machine.
            let rounds = 300
            let perRound = 100
            for round in 0..<rounds {
                for step in 0..<perRound {
                    let n = Int64(round * perRound + step + 1)
                    try await testbed.publish(
                        FileEvent(
                            snapshot: FileStatusSnapshot(
                                fileID: fileID, status: .processing, sizeBytes: 1 << 40, bytesProcessed: n * 100,
                                recordsProcessed: n, recordsStored: n),
                            attempt: 1, occurredAt: Date()))
                }
                let expected = (round + 1) * perRound
                _ = try await fast.waitFor("round \(round) at the fast client") { _ in
                    fast.notes(of: fileID).count >= expected ? true : nil
                }
            }
            let got = fast.notes(of: fileID)
            #expect(got.count == rounds * perRound)
            #expect(got.map(\.recordsProcessed) == (1...Int64(rounds * perRound)).map { $0 })
            _ = try await pollUntil("the stalled client counted as dropped") {
                try await testbed.metric(
                    "log_api_notification_clients_dropped_total", labels: #"transport="websocket""#)
                    > droppedBefore ? true : nil
            }
            withExtendedLifetime(stalled) {}
            await fast.close()
        }
    }
}
