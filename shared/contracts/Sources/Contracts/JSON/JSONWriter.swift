import Foundation

/// The one JSON writer and string escaper of the project: compact JSON written straight into bytes.
///
/// Guarantees: what it writes is what `ContractCoding.encode` (Foundation's `JSONEncoder` with sorted keys and
/// unescaped slashes) writes for the same values: strings with `"` and `\` escaped, control characters as
/// `\b \f \n \r \t` or `\u00XX`, everything else (slashes, non-ASCII text) as UTF-8 unchanged; integral
/// doubles without a fraction; UUIDs in lowercase; dates in ``ContractDateFormat``. ``JSONReader`` reads it
/// all back to the same values.
///
/// Callers that answer in a NIO `ByteBuffer` write with this and copy ``bytes`` once (one `memcpy`).
public struct JSONWriter: Sendable {
    public var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Text that is JSON already (punctuation, keys of a fixed layout, a value passed through).
    @inlinable
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func raw<Bytes: Sequence>(_ json: Bytes) where Bytes.Element == UInt8 {
        bytes.append(contentsOf: json)
    }

    @inlinable
    public mutating func byte(_ byte: UInt8) {
        bytes.append(byte)
    }

    public mutating func null() {
        raw("null")
    }

    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    public mutating func integer<Integer: BinaryInteger>(_ value: Integer) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `null` for nil.
    public mutating func integer<Integer: BinaryInteger>(_ value: Integer?) {
        if let value { integer(value) } else { null() }
    }

    /// A finite double as Foundation writes it: integral values without a fraction, otherwise the shortest
    /// text that reads back as the same double. Returns false, writing nothing, for NaN and infinities,
    /// which JSON cannot hold.
    @discardableResult
    public mutating func double(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
        return true
    }

    /// A JSON string, escaped.
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        JSONEscaping.escape(text) { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `null` for nil.
    public mutating func string(_ text: String?) {
        if let text { string(text) } else { null() }
    }

    /// `"018f…"`: lowercase, with hyphens.
    public mutating func uuid(_ uuid: UUID) {
        bytes.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: uuid.uuid) { value in
            for (position, byte) in value.enumerated() {
                if position == 4 || position == 6 || position == 8 || position == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(JSONEscaping.hexDigits[Int(byte >> 4)])
                bytes.append(JSONEscaping.hexDigits[Int(byte & 0x0F)])
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A date in ``ContractDateFormat``; returns false, writing nothing, outside the years 0000–9999.
    @discardableResult
    public mutating func date(_ date: Date) -> Bool {
        guard let text = ContractDateFormat.string(from: date) else { return false }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: text.utf8)
        bytes.append(UInt8(ascii: "\""))
        return true
    }

    /// Any value, object keys sorted; returns false (with part of the value written) when it holds a
    /// non-finite number.
    @discardableResult
    public mutating func value(_ value: JSONValue) -> Bool {
        switch value {
        case .null: null()
        case .bool(let bool): self.bool(bool)
        case .int(let int): integer(int)
        case .number(let double): return self.double(double)
        case .string(let string): self.string(string)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                guard self.value(element) else { return false }
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (position, key) in members.keys.sorted().enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                string(key)
                bytes.append(UInt8(ascii: ":"))
                guard self.value(members[key]!) else { return false }
            }
            bytes.append(UInt8(ascii: "}"))
        }
        return true
    }
}

/// How a string is escaped inside JSON quotes, once for every writer.
public enum JSONEscaping {
    public static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Calls `emit` with the escaped form of `text` in pieces: runs that need no escape as they are, and each
    /// escape sequence. (For writers into other buffers than ``JSONWriter``'s, such as a NIO `ByteBuffer`.)
    @inlinable
    public static func escape(_ text: String, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index { emit(UnsafeBufferPointer(rebasing: utf8[start..<index])) }
                escapeSequence(for: byte, emit)
                start = index + 1
            }
            if start < utf8.count { emit(UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
    }

    /// The escape sequence of one byte that needs one.
    @usableFromInline
    static func escapeSequence(for byte: UInt8, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var sequence: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (UInt8(ascii: "\\"), 0, 0, 0, 0, 0)
        var count = 2
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): sequence.1 = byte
        case 0x08: sequence.1 = UInt8(ascii: "b")
        case 0x0C: sequence.1 = UInt8(ascii: "f")
        case 0x0A: sequence.1 = UInt8(ascii: "n")
        case 0x0D: sequence.1 = UInt8(ascii: "r")
        case 0x09: sequence.1 = UInt8(ascii: "t")
        default:
            sequence = (
                UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)],
                hexDigits[Int(byte & 0x0F)]
            )
            count = 6
        }
        withUnsafeBytes(of: sequence) { raw in
            emit(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[..<count]))
        }
    }
}
