import Contracts
import Foundation
import TestInfra
import Testing

@testable import LogWorkerCore

@Suite("log-worker ingest while PostgreSQL is down", .timeLimit(.minutes(5)))
struct LogIngestOutageTests {
    @Test func nothingIsAcknowledgedWhileDownAndNothingLostOnceBack() async throws {
        try await PrivateServer.with("postgres") { postgresServer in
            // Batches of 5 messages: the broker hands the worker at most 15 (its prefetch: two batches
            // in the works and one filling) and
            // keeps the rest ready, so the ready count shows whether anything was acknowledged.
            try await withLogWorker(
                postgresServer: try postgresServer.servers, overrides: ["LOG_WORKER_BATCH_SIZE": "5"]
            ) {
                worker in
                let warmUp = LogMessages.record(0)
                try await worker.publish([try worker.message([warmUp])])
                _ = try await worker.waitForRows(count: 1)
                try await worker.waitUntilQueueIsSettled()

                try await postgresServer.stop()
                let records = (1...300).map { LogMessages.record($0) }
                let messages = try stride(from: 0, to: records.count, by: 10).map {
                    try worker.message(Array(records[$0..<$0 + 10]))
                }
                try await worker.publish(messages)
                let held = messages.count - 15
                _ = try await pollUntil("the worker holding its prefetch") {
                    try await worker.rabbit.queueState(worker.queue).messageCount == held ? true : nil
                }
                let acknowledgedWhileDown = try await eventually(within: .seconds(4)) {
                    try await worker.rabbit.queueState(worker.queue).messageCount != held
                }
                #expect(!acknowledgedWhileDown, "the worker took more messages while PostgreSQL was down")

                try await postgresServer.start()
                let expected = Set(([warmUp] + records).map(StoredLog.init(expected:)))
                let rows = try await pollUntil("every row after the outage", timeout: .seconds(60)) {
                    let rows = (try? await worker.rows()) ?? []
                    return rows.count >= expected.count ? rows : nil
                }
                #expect(rows == expected)
                try await worker.waitUntilQueueIsSettled()
                #expect(try await worker.rabbit.queueState(worker.queue + ".dead").messageCount == 0)
            }
        }
    }
}
