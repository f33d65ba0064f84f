import Contracts
import Foundation
import RabbitMQ
import ServiceKit

/// How user-consumer reads and stores the messages of the ingest queue, for the shared
/// ``RabbitMQBatchConsumer``: an `Envelope<UserBatch>` (what `csv-producer publish` sends) or an
/// `Envelope<UserRecord>` becomes ``IngestedUser``s, upserted by the repository.
struct UserIngestHandler: BatchHandler {
    let repository: any UserIngestStore
    let redisSync: UserRedisSync?

    func decode(_ delivery: RabbitMQDelivery) throws -> [IngestedUser] {
        try Self.decode(Data(delivery.body))
    }

    /// Upserts `users`, then (committed, not yet acknowledged) refreshes their cache entries and
    /// announces them; the Redis steps are bounded in time and cannot fail the batch.
    func store(_ users: [IngestedUser]) async throws {
        let committed = try await repository.upsert(users)
        await redisSync?.committed(committed)
    }

    func isPermanent(_ error: any Error) -> Bool {
        PostgresFailure.rejectsData(error)
    }

    func reason(for error: any Error) -> String {
        PostgresFailure.describe(error)
    }

    /// The users of one message, or the ``ContractError`` saying why it can never be stored.
    static func decode(_ body: Data) throws(ContractError) -> [IngestedUser] {
        do throws(ContractError) {
            let envelope = try ContractCoding.decode(Envelope<UserBatch>.self, from: body)
            let messageID = envelope.messageID.uuidString.lowercased()
            guard !envelope.payload.users.isEmpty else {
                throw ContractError(
                    path: "payload.users", reason: .unexpectedValue(expected: "at least one user", found: "none"))
            }
            for (index, user) in envelope.payload.users.enumerated() {
                try validate(user, at: "payload.users[\(index)]")
            }
            return envelope.payload.users.map { IngestedUser(record: $0, messageID: messageID) }
        } catch  where error.reason == .wrongMessageType(expected: UserBatch.messageType, found: UserRecord.messageType)
        {
            let envelope = try ContractCoding.decode(Envelope<UserRecord>.self, from: body)
            try validate(envelope.payload, at: "payload")
            return [IngestedUser(record: envelope.payload, messageID: envelope.messageID.uuidString.lowercased())]
        }
    }

    /// Holds every user to the rules of every user (``UserRecordRules``, the ones csv-producer and
    /// `POST /users` apply), so a message from any producer meets the same standard, and a value the
    /// `users` table cannot hold (a time past the year 9999, a NUL character) is refused with its
    /// field named before it reaches the database (PostgreSQL would reject the whole statement, and
    /// the batch consumer would then isolate the message by splitting).
    static func validate(_ user: UserRecord, at path: String) throws(ContractError) {
        guard let violation = UserRecordRules.violations(of: user).first else { return }
        throw ContractError(
            path: "\(path).\(violation.field)",
            reason: .undecodable(problem: violation.problem + (violation.value.map { ", found \($0)" } ?? "")))
    }
}
