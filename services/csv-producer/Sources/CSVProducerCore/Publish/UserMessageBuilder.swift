import Contracts
import RabbitMQ

/// The message `publish` sends for consecutive valid rows: an `Envelope<UserRecord>` for a single
/// row, an `Envelope<UserBatch>` for several (see `--rows-per-message`), persistent JSON either way.
struct UserMessageBuilder: Sendable {
    let exchange: String
    let queue: String

    func message(for rows: ArraySlice<(user: UserRecord, id: UserMessageID)>) throws -> RabbitMQOutgoingMessage {
        precondition(!rows.isEmpty, "a message carries at least one row")
        let id: UserMessageID
        let body: [UInt8]
        let type: String
        if rows.count == 1, let row = rows.first {
            id = row.id
            body = Array(try ContractCoding.encode(Envelope(payload: row.user, messageID: id.uuid)))
            type = UserRecord.messageType
        } else {
            id = UserMessageID(rows: rows.lazy.map(\.id), firstUserID: rows[rows.startIndex].user.id)
            body = Array(
                try ContractCoding.encode(Envelope(payload: UserBatch(users: rows.map(\.user)), messageID: id.uuid)))
            type = UserBatch.messageType
        }
        return RabbitMQOutgoingMessage(
            exchange: exchange, routingKey: queue, messageID: id.messageID, body: body,
            properties: RabbitMQMessageProperties(contentType: "application/json", type: type))
    }
}
