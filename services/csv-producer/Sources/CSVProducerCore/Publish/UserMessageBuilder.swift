import Contracts
import Foundation
import RabbitMQ

/// The message `publish` sends for consecutive valid rows: an `Envelope<UserRecord>` for a single
/// row, an `Envelope<UserBatch>` for several (see `--rows-per-message`), persistent JSON either way.
///
/// Written with the shared ``JSONWriter`` (the bytes `ContractCoding.encode` would write): encoding
/// with `JSONEncoder` was the largest part of the producer's CPU per row.
struct UserMessageBuilder: Sendable {
    let exchange: String
    let queue: String

    func message(for rows: ArraySlice<(user: UserRecord, id: UserMessageID)>) throws -> RabbitMQOutgoingMessage {
        precondition(!rows.isEmpty, "a message carries at least one row")
        let single = rows.count == 1
        let id =
            single
            ? rows[rows.startIndex].id
            : UserMessageID(rows: rows.lazy.map(\.id), firstUserID: rows[rows.startIndex].user.id)
        let type = single ? UserRecord.messageType : UserBatch.messageType
        var writer = JSONWriter(capacity: 160 + rows.count * 200)
        let written = writer.envelope(
            type: type, schemaVersion: single ? UserRecord.schemaVersion : UserBatch.schemaVersion, messageID: id.uuid,
            producedAt: Date()
        ) { writer in
            if single { writer.user(rows[rows.startIndex].user) } else { writer.userBatch(rows.lazy.map(\.user)) }
            return true
        }
        guard written else { throw UserMessageBuilderError.clockOutOfRange }
        return RabbitMQOutgoingMessage(
            exchange: exchange, routingKey: queue, messageID: id.messageID, body: writer.bytes,
            properties: RabbitMQMessageProperties(contentType: "application/json", type: type))
    }
}

/// The machine's clock is outside the years 0000–9999, which no message can carry.
struct UserMessageBuilderError: Error, CustomStringConvertible {
    static let clockOutOfRange = UserMessageBuilderError()
    var description: String { "the system clock is outside the years 0000-9999" }
}
