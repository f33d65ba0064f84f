import Contracts

/// One message of topic `user-submissions`: a run of consecutive users of one submission.
///
/// `{"slug":"…","part":0,"parts":2,"first_index":0,"users":[{…},{…}]}`: `part` counts from 0 to
/// `parts - 1`; `first_index` is the submission-wide index of the first user (errors and ids use
/// it). The users are the client's JSON objects as they were sent (CSV rows converted), unchecked:
/// the consumer checks each one (``SubmittedUserRules``). Every message of a submission has the
/// slug as its key, so they share a partition and keep their order.
public struct SubmissionMessage: Sendable, Equatable {
    public let slug: String
    public let part: Int
    public let parts: Int
    public let firstIndex: Int
    /// The text of each user's JSON object.
    public let users: [[UInt8]]

    public init(slug: String, part: Int, parts: Int, firstIndex: Int, users: [[UInt8]]) {
        self.slug = slug
        self.part = part
        self.parts = parts
        self.firstIndex = firstIndex
        self.users = users
    }

    /// The most bytes the envelope around the users takes (slug, numbers, keys, brackets).
    static let envelopeBytes = 160

    /// `users` cut in order into messages whose values are at most `maximumBytes` long. Each user
    /// must be at most `maximumBytes - envelopeBytes` long (``SubmissionBody`` refuses longer ones).
    public static func split(slug: String, users: [[UInt8]], maximumBytes: Int) -> [SubmissionMessage] {
        let budget = maximumBytes - envelopeBytes - slug.utf8.count
        var runs: [Range<Int>] = []
        var start = 0
        var size = 0
        for (index, user) in users.enumerated() {
            let cost = user.count + 1
            if index > start, size + cost > budget {
                runs.append(start..<index)
                start = index
                size = 0
            }
            size += cost
        }
        if start < users.count { runs.append(start..<users.count) }
        return runs.enumerated().map { part, run in
            SubmissionMessage(
                slug: slug, part: part, parts: runs.count, firstIndex: run.lowerBound, users: Array(users[run]))
        }
    }

    /// The message's value.
    public var encoded: [UInt8] {
        var writer = JSONWriter(capacity: users.reduce(Self.envelopeBytes + slug.utf8.count) { $0 + $1.count + 1 })
        writer.raw("{\"slug\":")
        writer.string(slug)
        writer.raw(",\"part\":")
        writer.integer(part)
        writer.raw(",\"parts\":")
        writer.integer(parts)
        writer.raw(",\"first_index\":")
        writer.integer(firstIndex)
        writer.raw(",\"users\":[")
        for (position, user) in users.enumerated() {
            if position > 0 { writer.raw(",") }
            writer.raw(user)
        }
        writer.raw("]}")
        return writer.bytes
    }

    /// Why a message value is not a submission message (it goes to the dead-letter topic).
    public struct DecodingError: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Reads a message value; each user is kept as its JSON text (checked by the consumer).
    public static func decode(_ value: [UInt8]) throws(DecodingError) -> SubmissionMessage {
        var slug: String?
        var part: Int64?
        var parts: Int64?
        var firstIndex: Int64?
        var users: [[UInt8]]?
        do {
            try value.withUnsafeBufferPointer { bytes throws(JSONSyntaxError) in
                var reader = JSONReader(bytes)
                reader.skipWhitespace()
                try reader.beginObject()
                var first = true
                while let key = try reader.nextMember(&first) {
                    reader.skipWhitespace()
                    switch key {
                    case "slug": slug = try reader.readString()
                    case "part": part = try reader.readInteger()
                    case "parts": parts = try reader.readInteger()
                    case "first_index": firstIndex = try reader.readInteger()
                    case "users":
                        var found: [[UInt8]] = []
                        try reader.beginArray()
                        var firstElement = true
                        while try reader.nextElement(&firstElement) {
                            let range = try reader.skipValueReturningRange()
                            found.append(Array(bytes[range]))
                        }
                        users = found
                    default: try reader.skipValue()
                    }
                }
                try reader.expectEnd()
            }
        } catch {
            throw DecodingError(description: "not a submission message: \(error.message(in: value))")
        }
        guard let slug, SubmissionSlug.isWellFormed(slug) else {
            throw DecodingError(description: "no well-formed slug")
        }
        guard let part, let parts, let firstIndex, let users, parts >= 1, (0..<parts).contains(part), firstIndex >= 0,
            !users.isEmpty, firstIndex + Int64(users.count) <= Int64(Int32.max)
        else {
            throw DecodingError(description: "part, parts, first_index or users missing or out of range")
        }
        return SubmissionMessage(
            slug: slug, part: Int(part), parts: Int(parts), firstIndex: Int(firstIndex), users: users)
    }
}
