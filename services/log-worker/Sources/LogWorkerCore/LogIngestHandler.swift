import Contracts
import Foundation
import RabbitMQ
import ServiceKit

/// How log-worker reads and stores the messages of the ingest queue, for the shared
/// ``RabbitMQBatchConsumer``: an `Envelope<LogBatch>` (what log-api publishes) or a single
/// `Envelope<LogRecord>` becomes ``LogRecord``s, inserted by the repository; after each commit the
/// query-cache generation is bumped.
struct LogIngestHandler: BatchHandler {
    let repository: any LogRepository
    let generation: QueryCacheGeneration
    let metrics: LogIngestMetrics

    func decode(_ delivery: RabbitMQDelivery) throws -> [LogRecord] {
        try Self.decode(Data(delivery.body))
    }

    func store(_ records: [LogRecord]) async throws {
        let inserted = try await repository.insert(records)
        metrics.stored(records: records.count, inserted: inserted)
    }

    func isPermanent(_ error: any Error) -> Bool {
        Self.isPermanentFailure(error)
    }

    func reason(for error: any Error) -> String {
        PostgresFailure.describe(error)
    }

    func stored(_ records: [LogRecord]) async {
        await generation.bump()
    }

    /// A value PostgreSQL refuses (a `\u0000` in `data`, a NUL in a text field, a service name too
    /// long for its index) fails the same way however often it is retried; so does a record whose
    /// `data` cannot be written back as JSON. Anything else (PostgreSQL unreachable) may pass later.
    static func isPermanentFailure(_ error: any Error) -> Bool {
        error is ContractError || PostgresFailure.rejectsData(error)
    }

    /// The records of one message, or the ``ContractError`` saying why it can never be stored.
    static func decode(_ body: Data) throws(ContractError) -> [LogRecord] {
        do throws(ContractError) {
            let records = try ContractCoding.decode(Envelope<LogBatch>.self, from: body).payload.records
            guard !records.isEmpty else {
                throw ContractError(
                    path: "payload.records", reason: .unexpectedValue(expected: "at least one record", found: "none"))
            }
            return records
        } catch where error.reason == .wrongMessageType(expected: LogBatch.messageType, found: LogRecord.messageType) {
            return [try ContractCoding.decode(Envelope<LogRecord>.self, from: body).payload]
        }
    }
}
