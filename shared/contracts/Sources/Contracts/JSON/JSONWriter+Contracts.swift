import Foundation

/// The contracts' documents written with ``JSONWriter``, for the hot paths that send or answer them
/// by the thousand (csv-producer's batches, log-api's batches, user-consumer's answers), in exactly
/// the bytes `ContractCoding.encode` writes: keys sorted, absent optionals as `null`.
extension JSONWriter {
    /// An ``Envelope``: `{"message_id":…,"payload":…,"produced_at":…,"schema_version":…,"type":…}`,
    /// the payload written by `payload`. Returns false when `producedAt` is outside the years
    /// 0000–9999 or `payload` returns false (`ContractCoding` refuses those too).
    public mutating func envelope(
        type: String, schemaVersion: Int, messageID: UUID, producedAt: Date,
        payload: (inout JSONWriter) -> Bool
    ) -> Bool {
        raw(#"{"message_id":"#)
        uuid(messageID)
        raw(#","payload":"#)
        guard payload(&self) else { return false }
        raw(#","produced_at":"#)
        guard date(producedAt) else { return false }
        raw(#","schema_version":"#)
        integer(schemaVersion)
        raw(#","type":"#)
        string(type)
        byte(UInt8(ascii: "}"))
        return true
    }

    /// A ``UserRecord``: `{"created_at":…,"deleted_at":…,"email_address":…,"first_name":…,"id":…,
    /// "last_name":…,"merged_at":…,"parent_user_id":…}`.
    public mutating func user(_ user: UserRecord) {
        raw(#"{"created_at":"#)
        integer(user.createdAt)
        raw(#","deleted_at":"#)
        integer(user.deletedAt)
        raw(#","email_address":"#)
        string(user.emailAddress)
        raw(#","first_name":"#)
        string(user.firstName)
        raw(#","id":"#)
        integer(user.id)
        raw(#","last_name":"#)
        string(user.lastName)
        raw(#","merged_at":"#)
        integer(user.mergedAt)
        raw(#","parent_user_id":"#)
        integer(user.parentUserID)
        byte(UInt8(ascii: "}"))
    }

    /// A ``UserBatch``: `{"users":[…]}`.
    public mutating func userBatch(_ users: some Sequence<UserRecord>) {
        raw(#"{"users":["#)
        var first = true
        for user in users {
            if !first { byte(UInt8(ascii: ",")) }
            first = false
            self.user(user)
        }
        raw("]}")
    }
}
