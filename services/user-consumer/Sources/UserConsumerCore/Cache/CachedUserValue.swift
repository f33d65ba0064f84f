import Foundation
import NIOCore

/// How a ``StoredUser`` is written into its Redis key: compact JSON of the stored row, keys sorted,
/// absent values as `null`, the e-mail still sealed (base64 of the stored bytes), so Redis never
/// holds an address in clear:
///
/// `{"created_at":1700000000,"deleted_at":null,"email_sealed":"…","first_name":"Ada","id":7,
/// "last_name":"Lovelace","merged_at":null,"parent_user_id":null}`
///
/// Every cache hit decodes one, so both directions are written out by hand (profiled: Foundation's
/// `JSONDecoder` took about 8% of the process at 16,000 requests/s). ``decode(_:)`` reads exactly
/// this layout and nothing else: any other value (another version's, a tombstone) throws, and the
/// caller treats the key as a miss.
enum CachedUserValue {
    /// The value of a key whose user was deleted: not JSON, so it can never be read as a user.
    static let tombstone: [UInt8] = Array("deleted".utf8)

    static func encode(_ user: StoredUser) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(160 + user.emailSealed.count * 4 / 3)
        buffer.writeStaticString("{\"created_at\":")
        UserJSON.writeNumber(user.createdAt, into: &buffer)
        buffer.writeStaticString(",\"deleted_at\":")
        UserJSON.writeNumber(user.deletedAt, into: &buffer)
        buffer.writeStaticString(",\"email_sealed\":\"")
        buffer.writeString(Data(user.emailSealed).base64EncodedString())
        buffer.writeStaticString("\",\"first_name\":")
        UserJSON.writeString(user.firstName, into: &buffer)
        buffer.writeStaticString(",\"id\":")
        UserJSON.writeNumber(user.id, into: &buffer)
        buffer.writeStaticString(",\"last_name\":")
        UserJSON.writeString(user.lastName, into: &buffer)
        buffer.writeStaticString(",\"merged_at\":")
        UserJSON.writeNumber(user.mergedAt, into: &buffer)
        buffer.writeStaticString(",\"parent_user_id\":")
        UserJSON.writeNumber(user.parentUserID, into: &buffer)
        buffer.writeStaticString("}")
        return Array(buffer.readableBytesView)
    }

    /// The user in `value`; throws ``CachedUserValueError`` when it is not a value ``encode(_:)`` wrote.
    static func decode(_ value: ByteBuffer) throws(CachedUserValueError) -> StoredUser {
        try value.withUnsafeReadableBytes { bytes throws(CachedUserValueError) in
            var reader = StrictJSONReader(bytes: bytes)
            try reader.expect("{\"created_at\":")
            let createdAt = try reader.optionalInteger()
            try reader.expect(",\"deleted_at\":")
            let deletedAt = try reader.optionalInteger()
            try reader.expect(",\"email_sealed\":")
            guard let sealed = Data(base64Encoded: try reader.string()) else { throw .notBase64 }
            try reader.expect(",\"first_name\":")
            let firstName = try reader.string()
            try reader.expect(",\"id\":")
            let id = try reader.integer()
            try reader.expect(",\"last_name\":")
            let lastName = try reader.string()
            try reader.expect(",\"merged_at\":")
            let mergedAt = try reader.optionalInteger()
            try reader.expect(",\"parent_user_id\":")
            let parent = try reader.optionalInteger()
            try reader.expect("}")
            guard reader.isAtEnd else { throw .notACachedUser }
            return StoredUser(
                id: id, firstName: firstName, lastName: lastName, emailSealed: Array(sealed), createdAt: createdAt,
                deletedAt: deletedAt, mergedAt: mergedAt, parentUserID: parent)
        }
    }

    static func decode(_ bytes: [UInt8]) throws(CachedUserValueError) -> StoredUser {
        try decode(ByteBuffer(bytes: bytes))
    }
}

/// A cached value that is not a user this version wrote.
enum CachedUserValueError: Error {
    case notACachedUser
    case notBase64
    /// The value under one user's key holds another user.
    case otherUser
}

/// Reads the pieces of one fixed JSON layout, in order, from a buffer.
private struct StrictJSONReader {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    var isAtEnd: Bool { index == bytes.count }

    mutating func expect(_ literal: StaticString) throws(CachedUserValueError) {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count,
            memcmp(bytes.baseAddress! + index, literal.utf8Start, count) == 0
        else { throw .notACachedUser }
        index += count
    }

    mutating func optionalInteger() throws(CachedUserValueError) -> Int64? {
        if bytes.count - index >= 4, bytes[index] == UInt8(ascii: "n") {
            try expect("null")
            return nil
        }
        return try integer()
    }

    mutating func integer() throws(CachedUserValueError) -> Int64 {
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        var magnitude: UInt64 = 0
        while index < bytes.count, case let digit = bytes[index] &- UInt8(ascii: "0"), digit < 10 {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { throw .notACachedUser }
            magnitude = sum
            index += 1
        }
        guard index > start else { throw .notACachedUser }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw .notACachedUser }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw .notACachedUser }
        return Int64(magnitude)
    }

    /// A JSON string with any of JSON's escapes, as valid UTF-8.
    mutating func string() throws(CachedUserValueError) -> String {
        try expect("\"")
        var start = index
        var decoded: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                decoded.append(contentsOf: bytes[start..<index])
                index += 1
                guard let text = String(validating: decoded, as: UTF8.self) else { throw .notACachedUser }
                return text
            }
            guard byte >= 0x20 else { throw .notACachedUser }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            decoded.append(contentsOf: bytes[start..<index])
            index += 1
            try appendEscape(to: &decoded)
            start = index
        }
        throw .notACachedUser
    }

    private mutating func appendEscape(to decoded: inout [UInt8]) throws(CachedUserValueError) {
        guard index < bytes.count else { throw .notACachedUser }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = UInt32(try hex4())
            if (0xD800..<0xDC00).contains(scalar) {
                try expect("\\u")
                let low = UInt32(try hex4())
                guard (0xDC00..<0xE000).contains(low) else { throw .notACachedUser }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw .notACachedUser }
            decoded.append(contentsOf: String(Character(unicode)).utf8)
        default: throw .notACachedUser
        }
    }

    private mutating func hex4() throws(CachedUserValueError) -> UInt16 {
        guard bytes.count - index >= 4 else { throw .notACachedUser }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .notACachedUser
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }
}
