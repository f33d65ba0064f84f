import Contracts
import Foundation
import RabbitMQ
import ServiceKit

/// How user-consumer reads and stores the messages of the ingest queue, for the shared
/// ``RabbitMQBatchConsumer``: an `Envelope<UserBatch>` (what `csv-producer publish` sends) or an
/// `Envelope<UserRecord>` becomes ``IngestedUser``s, sealed in the parallel decode stage and upserted
/// by the repository in the ordered store stage.
struct UserIngestHandler: BatchHandler {
    let repository: any UserIngestStore
    let cipher: EmailCipher
    let redisSync: UserRedisSync?

    func decode(_ delivery: RabbitMQDelivery) throws -> [IngestedUser] {
        let message = try delivery.body.withUnsafeBufferPointer { body throws(ContractError) in
            try Self.read(body)
        }
        return try message.users.map { try IngestedUser(sealing: $0, messageID: message.messageID, with: cipher) }
    }

    /// Upserts `users` in one transaction.
    func store(_ users: [IngestedUser]) async throws {
        try await repository.upsert(users)
    }

    /// Once `users` are committed (not yet acknowledged), refreshes their cache entries and
    /// announces them, the last of each id winning as in the upsert. Runs while the next batch
    /// commits, in batch order; the Redis steps are bounded in time and cannot fail the batch.
    func stored(_ users: [IngestedUser]) async {
        await redisSync?.committed(users.lastOfEachID.map(\.user))
    }

    func isPermanent(_ error: any Error) -> Bool {
        PostgresFailure.rejectsData(error)
    }

    func reason(for error: any Error) -> String {
        PostgresFailure.describe(error)
    }

    /// The users of one message, each valid, or the ``ContractError`` saying why it can never be
    /// stored. ``UserMessageReader`` reads what it can in place; anything it leaves goes through
    /// ``ContractCoding``, whose error names the field or the position.
    static func read(_ body: UnsafeBufferPointer<UInt8>) throws(ContractError) -> UserMessage {
        let message =
            if let read = UserMessageReader.read(body) { read } else { try decodeWithContracts(Data(body)) }
        for (index, user) in message.users.enumerated() {
            try validate(user, at: message.path(of: index))
        }
        return message
    }

    /// The contracts' reading of a message the fast reader left to them.
    static func decodeWithContracts(_ body: Data) throws(ContractError) -> UserMessage {
        do throws(ContractError) {
            let envelope = try ContractCoding.decode(Envelope<UserBatch>.self, from: body)
            guard !envelope.payload.users.isEmpty else {
                throw ContractError(
                    path: "payload.users", reason: .unexpectedValue(expected: "at least one user", found: "none"))
            }
            return UserMessage(
                messageID: envelope.messageID.uuidString.lowercased(), users: envelope.payload.users, isBatch: true)
        } catch  where error.reason == .wrongMessageType(expected: UserBatch.messageType, found: UserRecord.messageType)
        {
            let envelope = try ContractCoding.decode(Envelope<UserRecord>.self, from: body)
            return UserMessage(
                messageID: envelope.messageID.uuidString.lowercased(), users: [envelope.payload], isBatch: false)
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
