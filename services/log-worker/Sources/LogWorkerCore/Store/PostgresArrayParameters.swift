import Foundation
import NIOCore
import PostgresNIO

/// A `text[]` bind parameter whose elements may be NULL, in PostgreSQL's binary array format:
/// PostgresNIO binds `[String]` but no optional elements, and `level`, `service` and `message` of
/// the `logs` table are nullable. A sentinel value would do for numbers, but any string is a
/// legitimate log value.
struct NullableTextArray: PostgresNonThrowingEncodable {
    static var psqlType: PostgresDataType { .textArray }
    static var psqlFormat: PostgresFormat { .binary }

    let elements: [String?]

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        BinaryArrayFormat.writeHeader(
            into: &buffer, elementType: .text, count: elements.count, hasNulls: elements.contains(nil))
        for element in elements {
            guard let element else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            let written = buffer.writeString(element)
            buffer.setInteger(Int32(written), at: lengthIndex)
        }
    }
}

/// A `uuid[]` bind parameter whose elements may be NULL (`logs.file_id`: set for the records of
/// uploaded files, NULL for logs sent over HTTP), in PostgreSQL's binary array format.
struct NullableUUIDArray: PostgresNonThrowingEncodable {
    static var psqlType: PostgresDataType { .uuidArray }
    static var psqlFormat: PostgresFormat { .binary }

    let elements: [UUID?]

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        BinaryArrayFormat.writeHeader(
            into: &buffer, elementType: .uuid, count: elements.count, hasNulls: elements.contains(nil))
        for element in elements {
            guard let element else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            buffer.writeInteger(16, as: Int32.self)
            _ = withUnsafeBytes(of: element.uuid) { buffer.writeBytes($0) }
        }
    }
}

/// A `jsonb[]` bind parameter from JSON documents already encoded as UTF-8 text. Sent in jsonb's
/// binary form (a version byte, then the text), so PostgreSQL parses each document once, as it
/// would for a `jsonb` literal; a document it refuses (a `\u0000` escape) fails the statement with
/// a data exception.
struct JSONBArray: PostgresNonThrowingEncodable {
    static var psqlType: PostgresDataType { .jsonbArray }
    static var psqlFormat: PostgresFormat { .binary }

    /// The version byte that starts jsonb's binary form.
    static let jsonbVersion: UInt8 = 1

    let documents: [[UInt8]]

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        BinaryArrayFormat.writeHeader(into: &buffer, elementType: .jsonb, count: documents.count, hasNulls: false)
        for document in documents {
            buffer.writeInteger(Int32(document.count + 1), as: Int32.self)
            buffer.writeInteger(Self.jsonbVersion)
            buffer.writeBytes(document)
        }
    }
}

/// The header of a one-dimensional array in PostgreSQL's binary format (`array_recv`): the number
/// of dimensions, whether any element is NULL, the element type, then the length and lower bound
/// (1) of the one dimension. An empty array has no dimensions.
enum BinaryArrayFormat {
    static func writeHeader(into buffer: inout ByteBuffer, elementType: PostgresDataType, count: Int, hasNulls: Bool) {
        buffer.writeInteger(count == 0 ? 0 : 1, as: Int32.self)
        buffer.writeInteger(hasNulls ? 1 : 0, as: Int32.self)
        buffer.writeInteger(elementType.rawValue)
        guard count > 0 else { return }
        buffer.writeInteger(Int32(count), as: Int32.self)
        buffer.writeInteger(1, as: Int32.self)
    }
}

/// A `timestamptz[]` bind parameter exact to the millisecond. PostgresNIO's `Date` encoding
/// truncates a floating-point product, which can store 12:00:00.123 as 12:00:00.122999; log
/// times are whole milliseconds (``Contracts/LogRecord`` rounds them), so they travel as integers.
struct TimestampArray: PostgresNonThrowingEncodable {
    static var psqlType: PostgresDataType { .timestamptzArray }
    static var psqlFormat: PostgresFormat { .binary }

    /// Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01 00:00 UTC.
    static let postgresEpochMicroseconds: Int64 = 946_684_800_000_000

    let dates: [Date]

    /// What PostgreSQL stores for `date`: microseconds since 2000-01-01, from the nearest millisecond.
    static func postgresMicroseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000).rounded()) * 1_000 - postgresEpochMicroseconds
    }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        BinaryArrayFormat.writeHeader(into: &buffer, elementType: .timestamptz, count: dates.count, hasNulls: false)
        for date in dates {
            buffer.writeInteger(8, as: Int32.self)
            buffer.writeInteger(Self.postgresMicroseconds(date))
        }
    }
}
