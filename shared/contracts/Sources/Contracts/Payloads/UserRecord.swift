/// One row of the users CSV (flow 1: csv-producer `publish` → exchange `users` → user-consumer).
///
/// Guarantees: `id` is the user's identity from the source and the key consumers upsert on, so a redelivered
/// record changes nothing. Timestamps are Unix seconds as in the CSV; the CSV's `-1` ("none") is `nil` here and
/// `null` on the wire, as is a `parent_user_id` of `-1`. The producer does that translation; this type carries
/// whatever values it is given.
public struct UserRecord: MessagePayload, Hashable {
    public static let messageType = "user.record"
    public static let schemaVersion = 1

    public let id: Int64
    public let firstName: String
    public let lastName: String
    public let emailAddress: String
    /// Unix seconds.
    public let createdAt: Int64?
    /// Unix seconds; `nil` while the user is not deleted.
    public let deletedAt: Int64?
    /// Unix seconds; `nil` unless the user was merged into `parentUserID`.
    public let mergedAt: Int64?
    public let parentUserID: Int64?

    public init(
        id: Int64,
        firstName: String,
        lastName: String,
        emailAddress: String,
        createdAt: Int64?,
        deletedAt: Int64? = nil,
        mergedAt: Int64? = nil,
        parentUserID: Int64? = nil
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.emailAddress = emailAddress
        self.createdAt = createdAt
        self.deletedAt = deletedAt
        self.mergedAt = mergedAt
        self.parentUserID = parentUserID
    }

    enum CodingKeys: String, CodingKey {
        case id
        case firstName = "first_name"
        case lastName = "last_name"
        case emailAddress = "email_address"
        case createdAt = "created_at"
        case deletedAt = "deleted_at"
        case mergedAt = "merged_at"
        case parentUserID = "parent_user_id"
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(
            id: try reader.required(.id),
            firstName: try reader.required(.firstName),
            lastName: try reader.required(.lastName),
            emailAddress: try reader.required(.emailAddress),
            createdAt: try reader.optional(.createdAt),
            deletedAt: try reader.optional(.deletedAt),
            mergedAt: try reader.optional(.mergedAt),
            parentUserID: try reader.optional(.parentUserID)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(id, .id)
        try writer.encode(firstName, .firstName)
        try writer.encode(lastName, .lastName)
        try writer.encode(emailAddress, .emailAddress)
        try writer.encode(createdAt, .createdAt)
        try writer.encode(deletedAt, .deletedAt)
        try writer.encode(mergedAt, .mergedAt)
        try writer.encode(parentUserID, .parentUserID)
    }
}
