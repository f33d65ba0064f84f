import Foundation

/// A batch of users submitted to `POST /api/user`, queued for the Kafka consumer (flow 6: user-api → topic
/// `user-submissions` → user-api consumer).
///
/// Guarantees: `slug` names the batch's status row, created as `queued` before the message is produced; the
/// consumer reports every outcome under it. The shape of each user is checked by decoding; the consumer still
/// validates their values (age range, email form) and collects every error per user.
public struct UserSubmission: MessagePayload, Hashable {
    public static let messageType = "user.submission"
    public static let schemaVersion = 1

    public let slug: String
    /// In the order the client sent them; error reports refer to users by this index.
    public let users: [SubmittedUser]
    public let submittedAt: Date

    public init(slug: String, users: [SubmittedUser], submittedAt: Date) {
        self.slug = slug
        self.users = users
        self.submittedAt = ContractDateFormat.roundedToMilliseconds(submittedAt)
    }

    enum CodingKeys: String, CodingKey {
        case slug
        case users
        case submittedAt = "submitted_at"
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(
            slug: try reader.required(.slug),
            users: try reader.required(.users),
            submittedAt: try reader.required(.submittedAt)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(slug, .slug)
        try writer.encode(users, .users)
        try writer.encode(submittedAt, .submittedAt)
    }
}

/// One user of a ``UserSubmission``, as the client described it. (name, age) is unique among stored users.
public struct SubmittedUser: Codable, Sendable, Hashable {
    public let name: String
    public let age: Int
    public let email: String?

    public init(name: String, age: Int, email: String? = nil) {
        self.name = name
        self.age = age
        self.email = email
    }

    enum CodingKeys: String, CodingKey {
        case name
        case age
        case email
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(name: try reader.required(.name), age: try reader.required(.age), email: try reader.optional(.email))
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(name, .name)
        try writer.encode(age, .age)
        try writer.encode(email, .email)
    }
}

extension SubmittedUser: FieldValue {
    static var expectation: FieldExpectation { .object }
}
