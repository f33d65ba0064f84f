import Contracts
import Foundation
import RabbitMQ
import ServiceKit

/// How log-worker reads and stores the messages of the ingest queue, for the shared
/// ``RabbitMQBatchConsumer``: an `Envelope<LogBatch>` (what log-api publishes) or a single
/// `Envelope<LogRecord>` becomes ``IncomingLog``s, inserted by the ``LogStore``; after each commit
/// the query-cache generation is bumped.
struct LogIngestHandler: BatchHandler {
    let store: any LogStore
    let generation: QueryCacheGeneration
    let metrics: LogIngestMetrics

    func decode(_ delivery: RabbitMQDelivery) throws -> [IncomingLog] {
        try Self.decode(delivery.body)
    }

    func store(_ logs: [IncomingLog]) async throws {
        let inserted = try await store.insert(logs)
        metrics.stored(records: logs.count, inserted: inserted)
    }

    /// A value PostgreSQL refuses (a `\u0000` in `data`, a NUL in a text field, a service name too
    /// long for its index) fails the same way however often it is retried; anything else
    /// (PostgreSQL unreachable or restarting) may pass later.
    func isPermanent(_ error: any Error) -> Bool {
        PostgresFailure.rejectsData(error)
    }

    func reason(for error: any Error) -> String {
        PostgresFailure.describe(error)
    }

    func stored(_ logs: [IncomingLog]) async {
        await generation.bump()
    }

    /// The records of one message, or the ``ContractError`` saying why it can never be stored.
    /// ``LogMessageReader`` reads the messages log-api writes; whatever it leaves (or refuses) is
    /// decoded by the contracts, which have the last word and name what is wrong.
    static func decode(_ body: [UInt8]) throws(ContractError) -> [IncomingLog] {
        let logs: [IncomingLog]
        if let read = LogMessageReader.read(body) {
            logs = read
        } else {
            logs = try decodeWithContracts(Data(body))
        }
        guard !logs.isEmpty else {
            throw ContractError(
                path: "payload.records", reason: .unexpectedValue(expected: "at least one record", found: "none"))
        }
        return logs
    }

    /// The records of one message as the contracts decode it, each `data` encoded again by them.
    static func decodeWithContracts(_ body: Data) throws(ContractError) -> [IncomingLog] {
        do throws(ContractError) {
            let records = try ContractCoding.decode(Envelope<LogBatch>.self, from: body).payload.records
            var logs: [IncomingLog] = []
            for record in records { logs.append(try IncomingLog(record)) }
            return logs
        } catch  where error.reason == .wrongMessageType(expected: LogBatch.messageType, found: LogRecord.messageType) {
            return [try IncomingLog(ContractCoding.decode(Envelope<LogRecord>.self, from: body).payload)]
        }
    }
}
