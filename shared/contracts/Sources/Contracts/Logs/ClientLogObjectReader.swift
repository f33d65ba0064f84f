import Foundation

/// Reads a client log object in place with ``JSONReader``: the known members (`level`, `message`, `service`,
/// `timestamp`) as ``LogRecord/init(clientObject:id:receivedAt:)`` reads them, every other member validated and
/// kept as the text the client wrote. The fast path of ``ClientLogValidation``, and of log-api's request bodies.
///
/// Guarantees: it accepts exactly the objects the value tree and ``LogRecord/init(clientObject:id:receivedAt:)``
/// accept (one lexer, one rule set: the depth limit, a key repeated in one object refused, numbers within
/// `Double`), and reads them to the same record (log-api's differential tests compare both over generated
/// bodies). Anything else it refuses with ``Refused``, without the words: ``ClientLogValidation`` then asks the
/// value tree, whose answer names the problem.
public enum ClientLogObjectReader {
    /// The object is not accepted as it stands; the value-tree path says why.
    public struct Refused: Error {}

    /// Space reused from object to object: the keys of the object being read (a repeated one is refused) and
    /// where the text of its other members is.
    public struct Scratch {
        var keys: [String] = []
        var dataMembers: [(key: Range<Int>, value: Range<Int>)] = []

        public init() {}
    }

    /// The one object that is all of `bytes` (whitespace around it, and a UTF-8 byte order mark before it,
    /// allowed).
    public static func object(
        _ bytes: UnsafeBufferPointer<UInt8>, scratch: inout Scratch
    ) throws(Refused) -> ClientLogFields {
        let text = withoutByteOrderMark(bytes)
        do {
            var reader = JSONReader(text)
            let fields = try readObject(&reader, scratch: &scratch)
            try reader.expectEnd()
            return fields
        } catch {
            throw Refused()
        }
    }

    /// `bytes` without the UTF-8 byte order mark that may start a JSON text.
    public static func withoutByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF else { return bytes }
        return UnsafeBufferPointer(rebasing: bytes[3...])
    }

    /// One object at the reader: its known members, and the others copied into a `data` object.
    public static func readObject(_ reader: inout JSONReader, scratch: inout Scratch) throws -> ClientLogFields {
        guard reader.peek() == UInt8(ascii: "{") else { throw Refused() }
        try reader.beginObject()
        scratch.keys.removeAll(keepingCapacity: true)
        scratch.dataMembers.removeAll(keepingCapacity: true)
        var fields = ClientLogFields(dataJSON: [])
        var first = true
        while true {
            let beforeKey = reader.index
            guard let key = try reader.nextMember(&first) else { break }
            // Keys compare as Swift strings, as the value tree's dictionary compares them.
            guard !scratch.keys.contains(key) else { throw Refused() }
            scratch.keys.append(key)
            switch key {
            case "level": fields.level = try text(&reader)
            case "message": fields.message = try text(&reader)
            case "service": fields.service = try text(&reader)
            case "timestamp":
                if let raw = try text(&reader) {
                    guard let date = ContractDateFormat.date(from: raw) else { throw Refused() }
                    fields.timestamp = date
                }
            default:
                let keyText = keyRange(in: reader.bytes, from: beforeKey, toColonBefore: reader.index)
                scratch.dataMembers.append((keyText, try reader.skipValueReturningRange()))
            }
        }
        var size = 2
        for member in scratch.dataMembers { size += member.key.count + member.value.count + 2 }
        var data = JSONWriter(capacity: size)
        data.byte(UInt8(ascii: "{"))
        for (position, member) in scratch.dataMembers.enumerated() {
            if position > 0 { data.byte(UInt8(ascii: ",")) }
            data.raw(UnsafeBufferPointer(rebasing: reader.bytes[member.key]))
            data.byte(UInt8(ascii: ":"))
            data.raw(UnsafeBufferPointer(rebasing: reader.bytes[member.value]))
        }
        data.byte(UInt8(ascii: "}"))
        fields.dataJSON = data.bytes
        return fields
    }

    /// A known member's value: a string, or nil for `null`; any other kind is refused.
    static func text(_ reader: inout JSONReader) throws -> String? {
        switch reader.peek() {
        case UInt8(ascii: "\""): return try reader.readString()
        case UInt8(ascii: "n"):
            guard try reader.consumeNull() else { throw Refused() }
            return nil
        default: throw Refused()
        }
    }

    /// The key just read, quotes included, as the client wrote it: `JSONReader/nextMember(_:)` read it from
    /// `start` (where only whitespace or a comma come before its opening quote) to `end` (just after the colon,
    /// with only whitespace between its closing quote and the colon).
    static func keyRange(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, toColonBefore end: Int) -> Range<Int> {
        var opening = start
        while bytes[opening] != UInt8(ascii: "\"") { opening += 1 }
        var closing = end - 1
        while bytes[closing] != UInt8(ascii: "\"") { closing -= 1 }
        return opening..<(closing + 1)
    }
}
