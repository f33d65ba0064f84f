import Contracts
import Foundation

/// Reads the messages of the ingest queue straight from their bytes: an `Envelope<UserBatch>` (what
/// `csv-producer publish` sends) or an `Envelope<UserRecord>` becomes its ``UserRecord``s and the
/// message id.
///
/// Why: `JSONDecoder` was 44% of the ingest consumer's CPU (a `perf record` of
/// `bench/user-ingest`); reading the fields in place with the shared ``JSONReader`` costs a
/// fraction of that.
///
/// Guarantees:
/// - It accepts only what `ContractCoding.decode` accepts, with the same result: the envelope
///   (``JSONReader/readEnvelope()``), a batch's non-empty `users` array or a single record, each
///   user's `id`, `first_name`, `last_name`, `email_address` and optional `created_at`,
///   `deleted_at`, `merged_at`, `parent_user_id` (integers or `null`); unknown keys are skipped, and
///   must be valid JSON too.
/// - Anything else (a repeated key, a value of another kind, a number written with a fraction, an
///   empty batch, text that is not JSON) returns nil, never a guess: the caller then decodes with
///   `ContractCoding`, whose error names the field or the position.
/// - It checks no rule of the values (``UserRecordRules``): the handler does, for both paths.
enum UserMessageReader {
    /// The users of `body`, or nil when the contracts must judge it.
    static func read(_ body: UnsafeBufferPointer<UInt8>) -> UserMessage? {
        var scanner = JSONReader(body)
        guard var envelope = try? scanner.readEnvelope() else { return nil }
        let users: [UserRecord]?
        switch envelope.type {
        case UserBatch.messageType: users = try? readBatch(&envelope.payload)
        case UserRecord.messageType: users = (try? readUser(&envelope.payload)).map { [$0] }
        default: users = nil
        }
        guard let users, !users.isEmpty else { return nil }
        return UserMessage(
            messageID: envelope.messageID.uuidString.lowercased(), users: users,
            isBatch: envelope.type == UserBatch.messageType)
    }

    private static func readBatch(_ scanner: inout JSONReader) throws(JSONSyntaxError) -> [UserRecord] {
        var users: [UserRecord]?
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextMember(&first) {
            guard key == "users" else {
                try scanner.skipValue()
                continue
            }
            guard users == nil else { throw scanner.notTheContract() }
            var list: [UserRecord] = []
            list.reserveCapacity(512)
            try scanner.beginArray()
            var firstUser = true
            while try scanner.nextElement(&firstUser) { list.append(try readUser(&scanner)) }
            users = list
        }
        guard let users else { throw scanner.notTheContract() }
        return users
    }

    private static func readUser(_ scanner: inout JSONReader) throws(JSONSyntaxError) -> UserRecord {
        var id: Int64?
        var firstName: String?
        var lastName: String?
        var email: String?
        var createdAt: Int64?
        var deletedAt: Int64?
        var mergedAt: Int64?
        var parent: Int64?
        var seen: UInt8 = 0  // one bit per known key: a repeated one is left to the contracts
        func mark(_ bit: UInt8, _ scanner: JSONReader) throws(JSONSyntaxError) {
            guard seen & bit == 0 else { throw scanner.notTheContract() }
            seen |= bit
        }
        try scanner.beginObject()
        var first = true
        while let key = try scanner.nextMember(&first) {
            switch key {
            case "id":
                try mark(1, scanner)
                id = try scanner.readInteger()
            case "first_name":
                try mark(2, scanner)
                firstName = try scanner.readString()
            case "last_name":
                try mark(4, scanner)
                lastName = try scanner.readString()
            case "email_address":
                try mark(8, scanner)
                email = try scanner.readString()
            case "created_at":
                try mark(16, scanner)
                createdAt = try scanner.readOptionalInteger()
            case "deleted_at":
                try mark(32, scanner)
                deletedAt = try scanner.readOptionalInteger()
            case "merged_at":
                try mark(64, scanner)
                mergedAt = try scanner.readOptionalInteger()
            case "parent_user_id":
                try mark(128, scanner)
                parent = try scanner.readOptionalInteger()
            default:
                try scanner.skipValue()
            }
        }
        guard let id, let firstName, let lastName, let email else { throw scanner.notTheContract() }
        return UserRecord(
            id: id, firstName: firstName, lastName: lastName, emailAddress: email, createdAt: createdAt,
            deletedAt: deletedAt, mergedAt: mergedAt, parentUserID: parent)
    }
}

/// The users one message of the ingest queue carries.
struct UserMessage {
    /// The envelope's message id, lowercased: what the `users` table records.
    let messageID: String
    let users: [UserRecord]
    /// A ``UserBatch`` (`payload.users`), or a single ``UserRecord`` (`payload`).
    let isBatch: Bool

    /// Where user `index` is in the message, for an error to name.
    func path(of index: Int) -> String {
        isBatch ? "payload.users[\(index)]" : "payload"
    }
}
