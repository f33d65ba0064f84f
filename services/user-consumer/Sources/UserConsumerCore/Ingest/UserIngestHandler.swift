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

    /// Unix seconds PostgreSQL's `timestamptz` holds: the years 0001 to 9999.
    static let storableSeconds: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    /// Rejects the values the `users` table cannot hold before they reach the database, so that the
    /// reason names the field (PostgreSQL would reject the whole statement, and the batch consumer
    /// would then isolate the message by splitting).
    static func validate(_ user: UserRecord, at path: String) throws(ContractError) {
        let times: [(String, Int64?)] = [
            ("created_at", user.createdAt), ("deleted_at", user.deletedAt), ("merged_at", user.mergedAt),
        ]
        for (field, value) in times {
            if let value, !storableSeconds.contains(value) {
                throw ContractError(
                    path: "\(path).\(field)",
                    reason: .unexpectedValue(expected: "Unix seconds in the years 0001 to 9999", found: "\(value)"))
            }
        }
        let texts = [
            ("first_name", user.firstName), ("last_name", user.lastName), ("email_address", user.emailAddress),
        ]
        for (field, value) in texts where value.utf8.contains(0) {
            throw ContractError(
                path: "\(path).\(field)",
                reason: .unexpectedValue(expected: "text without NUL characters", found: "a NUL character"))
        }
        if user.parentUserID == PostgresUserStore.none {
            throw ContractError(
                path: "\(path).parent_user_id",
                reason: .unexpectedValue(expected: "a user id", found: "\(Int64.min)"))
        }
    }
}
