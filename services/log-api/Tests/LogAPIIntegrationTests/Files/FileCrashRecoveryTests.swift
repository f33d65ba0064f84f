import Contracts
import Foundation
import Hummingbird
import NIOCore
import TestInfra
import Testing

@testable import LogAPICore

/// Each crash point of an upload on real servers, made by running only the steps before it with
/// the service's own stores, then the service's sweeper repairing it; and a broker outage during an
/// upload, repaired the same way once the broker is back.
@Suite("file crash recovery with real servers", .timeLimit(.minutes(5)))
struct FileCrashRecoveryTests {
    /// The sweeper every 200 ms, re-publishing at once, deleting orphans at once.
    static let eagerSweeper = ["FILE_SWEEP_INTERVAL": "200ms", "FILE_REQUEUE_AFTER": "0", "FILE_ORPHAN_AFTER": "0"]

    /// The steps with the testbed's S3 and PostgreSQL, and a publisher that never confirms: a crash after step 2.
    static func intake(_ testbed: FilesTestbed) -> FileIntake<S3FileObjectStore, PostgresFileStore, NeverConfirming> {
        FileIntake(
            objects: S3FileObjectStore(client: testbed.s3, bucket: testbed.bucket), store: testbed.store,
            publisher: NeverConfirming(), config: testbed.config.files, logger: FileDatabase.logger)
    }

    struct NeverConfirming: FileTaskPublishing {
        func publish(_ task: FileTask, within limit: Duration) async throws(LogPublishError) {
            throw LogPublishError(.unavailable, "crashed before publishing")
        }
    }

    static func body(_ text: String) -> ChunkList { ChunkList(chunks: [ByteBuffer(string: text)]) }

    @Test func anObjectWithoutARowIsDeletedAndARowWithoutATaskIsQueued() async throws {
        try await FilesTestbed.with(overrides: Self.eagerSweeper) { testbed in
            let steps = Self.intake(testbed)
            // Crash after step 1: an object, no row.
            let orphan = UUID()
            _ = try await steps.storeObject(id: orphan, body: Self.body("[{}]"), format: .json)
            // Crash after step 2: a row, no task.
            let recorded = UUID()
            let stored = try await steps.storeObject(id: recorded, body: Self.body("[{\"a\":1}]"), format: .json)
            _ = try await steps.record(
                NewFile(
                    id: recorded, name: "recorded.json", contentType: "application/json",
                    objectKey: FileObjectKey.of(recorded), sizeBytes: stored.size, sha256: stored.sha256, forced: false)
            )

            let keys = try await pollUntil("the orphan object deleted", timeout: .seconds(30)) {
                let keys = try await testbed.objectKeys()
                return keys.contains(FileObjectKey.of(orphan)) ? nil : keys
            }
            #expect(keys == [FileObjectKey.of(recorded)])
            let queued = try await pollUntil("the recorded file's task queued", timeout: .seconds(30)) {
                try await testbed.queue.queuedCount() > 0 ? true : nil
            }
            #expect(queued)
            let tasks = try await testbed.queue.takeAll()
            #expect(tasks.allSatisfy { $0.envelope.payload.fileID == recorded })
            #expect(tasks.first?.envelope.payload.sha256 == stored.sha256)
        }
    }
}

/// Chunks as an async sequence.
struct ChunkList: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let chunks: [ByteBuffer]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<ByteBuffer>
        mutating func next() async throws -> ByteBuffer? { remaining.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: chunks[...]) }
}

/// An upload while the broker is down, in the suite of the other broker outages: one private
/// broker at a time.
extension BrokerOutageTests {
    @Test func aBrokerDownAnswers503AndTheSweeperQueuesTheFileOnceItIsBack() async throws {
        try await PrivateServer.with("rabbitmq") { broker in
            let amqpURL = try #require(try broker.environment["AMQP_URL"])
            let overrides = [
                "FILE_SWEEP_INTERVAL": "200ms", "FILE_REQUEUE_AFTER": "1s", "FILE_PUBLISH_TIMEOUT_MS": "1000",
            ]
            try await FilesTestbed.with(amqpURL: amqpURL, overrides: overrides) { testbed in
                try await broker.stop()
                let answer = try await testbed.upload(Array("[{\"during\":\"outage\"}]".utf8), filename: "outage.json")
                #expect(answer.status == .serviceUnavailable, "\(answer.json)")
                #expect(answer.json["code"] as? String == "queue_unavailable")
                let rows = try await testbed.store.files(status: .queued, after: nil, limit: 10)
                #expect(rows.count == 1)
                let id = try #require(rows.first?.id)
                #expect(try await testbed.objectKeys() == [FileObjectKey.of(id)])

                try await broker.start()
                try await testbed.queue.connection.waitUntilConnected(timeout: .seconds(60))
                _ = try await pollUntil("the sweeper queues the file", timeout: .seconds(60), every: .milliseconds(200))
                {
                    try await testbed.queue.queuedCount() > 0 ? true : nil
                }
                let tasks = try await testbed.queue.takeAll()
                #expect(!tasks.isEmpty && tasks.allSatisfy { $0.amqpMessageID == id.uuidString.lowercased() })
            }
        }
    }
}
