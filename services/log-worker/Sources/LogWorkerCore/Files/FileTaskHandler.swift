import Contracts
import Foundation
import RabbitMQ

/// How log-worker reads the tasks of the file queue, for the shared ``RabbitMQBatchConsumer`` (one task per
/// batch): an `Envelope<FileTask>` is processed whole by the ``FileProcessor`` before it is acknowledged.
///
/// A message that is not an `Envelope<FileTask>` goes to the dead-letter queue with the `ContractError` as its
/// reason. Every failure of processing is transient (PostgreSQL or the object store unreachable, shutting
/// down): what the file itself gets wrong ends in its `failed` status, not in an error.
struct FileTaskHandler<Objects: FileObjects>: BatchHandler {
    let processor: FileProcessor<Objects>

    func decode(_ delivery: RabbitMQDelivery) throws -> [FileTask] {
        [try ContractCoding.decode(Envelope<FileTask>.self, from: Data(delivery.body)).payload]
    }

    func store(_ tasks: [FileTask]) async throws {
        for task in tasks { try await processor.process(task) }
    }

    func isPermanent(_ error: any Error) -> Bool { false }
}
