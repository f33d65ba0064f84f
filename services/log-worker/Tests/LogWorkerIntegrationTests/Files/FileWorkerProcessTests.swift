import Contracts
import Foundation
import PostgresNIO
import RabbitMQ
import RabbitMQTestSupport
import ServiceKit
import TestInfra
import Testing

@testable import LogWorkerCore

/// The real log-worker executable processing a file from S3, SIGKILLed in the middle of it.
@Suite("log-worker processes and uploaded files", .timeLimit(.minutes(6)))
struct FileWorkerProcessTests {
    @Test func aWorkerKilledMidFileLeavesEveryRecordStoredExactlyOnce() async throws {
        let count = 60_000
        let text = FileProcessingTests.ndjson(count)
        let overrides = ["FILE_BATCH_SIZE": "500", "FILE_PROGRESS_INTERVAL_MS": "50"]
        try await withFileSurroundings(overrides: overrides) { worker, environment in
            let first = try ServiceProcess(executable: "log-worker", environment: environment)
            try await first.waitUntilAnswering()
            let task = try await worker.upload(Array(text.utf8))
            let storedBeforeKill = try await pollUntil("some records", timeout: .seconds(120)) {
                let rows = try await worker.logIDs(of: task.fileID).rows
                return rows >= 5_000 ? rows : nil
            }
            _ = try await first.stop(signal: SIGKILL)
            let killed = try #require(try await worker.file(task.fileID))
            #expect(storedBeforeKill < count && !killed.finished, "the worker finished before it could be killed")
            #expect(killed.status == "processing" && killed.attempts == 1)

            let second = try ServiceProcess(executable: "log-worker", environment: environment)
            let row = try await worker.finalFile(task.fileID, timeout: .seconds(180))
            _ = try await pollUntil("an empty queue", timeout: .seconds(30)) {
                let state = try await worker.rabbit.queueState(worker.queue)
                return state.messageCount == 0 ? true : nil
            }
            #expect(try await second.stop() == 0)
            #expect(
                row
                    == FileRow(
                        status: "completed", bytesProcessed: Int64(text.utf8.count), recordsProcessed: Int64(count),
                        recordsStored: Int64(count), recordsRejected: 0, error: nil, errorLine: nil, errorColumn: nil,
                        attempts: 2, finished: true))
            let stored = try await worker.logIDs(of: task.fileID)
            #expect(stored.rows == count)
            #expect(stored.ids == Set((0..<count).map { FileRecordID.make(fileID: task.fileID, index: $0) }))
            #expect(try await worker.rabbit.queueState(worker.queue + ".dead").messageCount == 0)
        }
    }
}
