/// Consecutive valid rows of one users CSV, queued as one message (flow 1: `csv-producer publish` →
/// exchange `users` → user-consumer).
///
/// Guarantees: every user is upserted on its own ``UserRecord/id``, so a redelivered batch changes
/// nothing. Carrying many rows per message keeps the broker's per-message cost (routing, persisting,
/// confirming, acknowledging) off the path of a million-row file; consumers accept a single
/// ``UserRecord`` message as well. A batch is never empty.
public struct UserBatch: MessagePayload, Hashable {
    public static let messageType = "user.batch"
    public static let schemaVersion = 1

    public let users: [UserRecord]

    public init(users: [UserRecord]) {
        self.users = users
    }

    enum CodingKeys: String, CodingKey {
        case users
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(users: try reader.required(.users))
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(users, .users)
    }
}

extension UserRecord: FieldValue {
    static var expectation: FieldExpectation { .object }
}
