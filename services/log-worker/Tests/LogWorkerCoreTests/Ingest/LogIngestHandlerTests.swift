import Contracts
import Foundation
import Logging
import ServiceKit
import Testing

@testable import LogWorkerCore

@Suite("log-worker: reading and storing ingest messages", .timeLimit(.minutes(2)))
struct LogIngestHandlerTests {
    static let receivedAt = Date(timeIntervalSince1970: 1_790_000_000.123)

    static func record(_ number: Int, data: [String: JSONValue] = [:]) -> LogRecord {
        LogRecord(
            id: UUID(), receivedAt: receivedAt, level: "info", message: "message \(number)", service: "svc",
            data: data)
    }

    static func body<P: MessagePayload>(_ payload: P) throws -> [UInt8] {
        Array(try ContractCoding.encode(Envelope(payload: payload)))
    }

    @Test func aBatchGivesItsRecordsInOrder() throws {
        let records = (1...3).map { Self.record($0, data: ["n": .int(Int64($0))]) }
        let logs = try LogIngestHandler.decode(Self.body(LogBatch(records: records)))
        #expect(try logs.map(ComparableLog.init) == records.map(ComparableLog.init))
    }

    @Test func aSingleRecordIsAcceptedToo() throws {
        let record = Self.record(1, data: ["nested": ["a": [1, 2.5, nil, "x"]]])
        let logs = try LogIngestHandler.decode(Self.body(record))
        #expect(try logs.map(ComparableLog.init) == [try ComparableLog(record)])
    }

    @Test func whatTheReaderLeavesTheContractsDecode() throws {
        // A repeated key: the reader leaves the message to the contracts, which keep the first.
        let record = Self.record(1, data: ["k": "v"])
        var text = String(
            decoding: try ContractCoding.encode(Envelope(payload: LogBatch(records: [record]))), as: UTF8.self)
        text = text.replacingOccurrences(of: #""level":"info""#, with: #""level":"warn","level":"info""#)
        #expect(LogMessageReader.read(Array(text.utf8)) == nil)
        let logs = try LogIngestHandler.decode(Array(text.utf8))
        #expect(logs.map(\.level) == ["warn"])
        #expect(logs.map(\.id) == [record.id])
    }

    @Test func anEmptyBatchCanNeverBeStored() throws {
        let error = #expect(throws: ContractError.self) {
            try LogIngestHandler.decode(Self.body(LogBatch(records: [])))
        }
        #expect(error?.description == "field 'payload.records' expected at least one record, found none")
    }

    @Test func anotherMessageTypeIsRefusedByName() throws {
        let user = UserRecord(id: 1, firstName: "A", lastName: "B", emailAddress: "a@example.com", createdAt: nil)
        let error = #expect(throws: ContractError.self) { try LogIngestHandler.decode(Self.body(user)) }
        #expect(error?.description == "unexpected message type 'user.record', expected 'log.batch'")
    }

    @Test func invalidJSONNamesThePosition() {
        let error = #expect(throws: ContractError.self) { try LogIngestHandler.decode(Array("{\"oops".utf8)) }
        #expect(error?.description.hasPrefix("invalid JSON at line 1") == true, "\(String(describing: error))")
    }

    @Test func aRecordWithoutAnIDNamesTheField() throws {
        var document = try #require(
            try ContractCoding.decode(JSONValue.self, from: Data(Self.body(LogBatch(records: [Self.record(1)]))))
                .objectValue)
        var payload = try #require(document["payload"]?.objectValue)
        var record = try #require(payload["records"]?.arrayValue?.first?.objectValue)
        record["id"] = nil
        payload["records"] = .array([.object(record)])
        document["payload"] = .object(payload)
        let error = #expect(throws: ContractError.self) {
            try LogIngestHandler.decode(Array(ContractCoding.encode(JSONValue.object(document))))
        }
        #expect(error?.description == "missing required field 'payload.records[0].id'")
    }

    /// A handler storing into `store` and bumping the generation in `redis`, its counters labelled
    /// with a queue of the test's own (tests run at the same time and count too).
    static func handler(store: InMemoryLogStore, redis: GenerationCounter, queue: String) -> LogIngestHandler {
        // Counters made before the metrics bootstrap would never reach the registry.
        _ = PrometheusMetrics.registry
        let metrics = LogIngestMetrics(queue: queue)
        return LogIngestHandler(
            store: store,
            generation: QueryCacheGeneration(redis: redis, metrics: metrics, logger: Logger(label: "log-worker-test")),
            metrics: metrics)
    }

    /// The value of the sample of `name` for `queue` (and `label`, when given) in `/metrics`; 0 when absent.
    static func sample(_ name: String, queue: String, label: String? = nil) -> Double {
        let lines = PrometheusMetrics.exposition().split(separator: "\n")
        let line = lines.first { line in
            line.hasPrefix(name + "{") && line.contains("queue=\"\(queue)\"")
                && (label.map { line.contains($0) } ?? true)
        }
        return line.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } ?? 0
    }

    @Test func storingTheSameMessageAgainInsertsNothing() async throws {
        let store = InMemoryLogStore()
        let queue = "logs.test-\(UUID().uuidString.lowercased())"
        let handler = Self.handler(store: store, redis: GenerationCounter(), queue: queue)
        let logs = try LogIngestHandler.decode(Self.body(LogBatch(records: (1...3).map { Self.record($0) })))
        try await handler.store(logs)
        try await handler.store(logs)  // redelivered after a lost acknowledgement
        #expect(store.stored.map(\.id) == logs.map(\.id))
        #expect(Self.sample("log_worker_records_stored_total", queue: queue) == 6)
        #expect(Self.sample("log_worker_rows_inserted_total", queue: queue) == 3)
    }

    @Test func aStoreThatFailsFailsTheBatchSoItIsRetried() async throws {
        let store = InMemoryLogStore()
        let queue = "logs.test-\(UUID().uuidString.lowercased())"
        let handler = Self.handler(store: store, redis: GenerationCounter(), queue: queue)
        let logs = try LogIngestHandler.decode(Self.body(Self.record(1)))
        store.setUnreachable(true)
        await #expect(throws: InMemoryLogStore.Unreachable.self) { try await handler.store(logs) }
        #expect(
            !handler.isPermanent(InMemoryLogStore.Unreachable()), "an unreachable store is retried, not dead-lettered")
        #expect(store.stored.isEmpty)
        #expect(Self.sample("log_worker_records_stored_total", queue: queue) == 0)
        store.setUnreachable(false)
        try await handler.store(logs)
        #expect(store.stored.map(\.id) == logs.map(\.id))
    }

    @Test func eachCommitBumpsTheGenerationAndARedisFailureIsOnlyCounted() async throws {
        let redis = GenerationCounter()
        let queue = "logs.test-\(UUID().uuidString.lowercased())"
        let handler = Self.handler(store: InMemoryLogStore(), redis: redis, queue: queue)
        let logs = try LogIngestHandler.decode(Self.body(Self.record(1)))
        await handler.stored(logs)
        await handler.stored(logs)
        #expect(redis.generation == 2)
        redis.setUnreachable(true)
        await handler.stored(logs)  // returns all the same: the batch is acknowledged
        #expect(redis.generation == 2)
        #expect(Self.sample("log_worker_generation_bumps_total", queue: queue, label: #"result="ok""#) == 2)
        #expect(Self.sample("log_worker_generation_bumps_total", queue: queue, label: #"result="failed""#) == 1)
    }
}
