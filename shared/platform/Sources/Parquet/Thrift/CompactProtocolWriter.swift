/// The Thrift compact protocol, write side only: what Parquet's footer and page headers need.
///
/// A struct is a sequence of field headers (the field id as a delta from the previous one when it
/// fits in four bits) each followed by its value, ended by a stop byte. Integers are zigzag
/// varints; booleans live in the field header itself. Written from the protocol specification
/// (thrift/doc/specs/thrift-compact-protocol.md), not from any Thrift library.
struct CompactProtocolWriter {
    /// The wire type nibble of a field header or list header.
    enum WireType: UInt8 {
        case booleanTrue = 1
        case booleanFalse = 2
        case byte = 3
        case i16 = 4
        case i32 = 5
        case i64 = 6
        case double = 7
        case binary = 8
        case list = 9
        case `struct` = 12
    }

    private(set) var bytes: [UInt8] = []
    /// The id of the last field written in each open struct; the innermost last.
    private var lastFieldIDs: [Int16] = [0]

    init() {}

    // MARK: Fields

    mutating func writeI32(_ id: Int16, _ value: Int32) {
        writeFieldHeader(id, .i32)
        writeVarint(zigzag(Int64(value)))
    }

    mutating func writeI64(_ id: Int16, _ value: Int64) {
        writeFieldHeader(id, .i64)
        writeVarint(zigzag(value))
    }

    mutating func writeI8(_ id: Int16, _ value: Int8) {
        writeFieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func writeBool(_ id: Int16, _ value: Bool) {
        writeFieldHeader(id, value ? .booleanTrue : .booleanFalse)
    }

    mutating func writeBinary(_ id: Int16, _ value: [UInt8]) {
        writeFieldHeader(id, .binary)
        writeBinaryValue(value)
    }

    mutating func writeString(_ id: Int16, _ value: String) {
        writeBinary(id, Array(value.utf8))
    }

    /// A struct-valued field: `body` writes the inner fields; the stop byte is added here.
    mutating func writeStruct(_ id: Int16, _ body: (inout CompactProtocolWriter) -> Void) {
        writeFieldHeader(id, .struct)
        writeStructValue(body)
    }

    /// A list-valued field of `count` elements of `elementType`, written by `body` as values
    /// (``writeStructValue(_:)``, ``writeBinaryValue(_:)``, ``writeI32Value(_:)``…).
    mutating func writeList(
        _ id: Int16, of elementType: WireType, count: Int, _ body: (inout CompactProtocolWriter) -> Void
    ) {
        writeFieldHeader(id, .list)
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
        body(&self)
    }

    // MARK: Values (list elements and the top-level struct)

    /// A struct value: a fresh field-id context, the fields `body` writes, the stop byte.
    mutating func writeStructValue(_ body: (inout CompactProtocolWriter) -> Void) {
        lastFieldIDs.append(0)
        body(&self)
        bytes.append(0)  // stop
        lastFieldIDs.removeLast()
    }

    mutating func writeBinaryValue(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func writeI32Value(_ value: Int32) {
        writeVarint(zigzag(Int64(value)))
    }

    // MARK: Encoding

    private mutating func writeFieldHeader(_ id: Int16, _ type: WireType) {
        let last = lastFieldIDs[lastFieldIDs.count - 1]
        let delta = Int(id) - Int(last)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            // Long form: the type alone, then the id as a zigzag varint (an i16).
            bytes.append(type.rawValue)
            writeVarint(zigzag(Int64(id)))
        }
        lastFieldIDs[lastFieldIDs.count - 1] = id
    }

    private mutating func writeVarint(_ value: UInt64) {
        Varint.append(value, to: &bytes)
    }

    private func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
