import Contracts
import Foundation

/// Reads the client log objects of a request body in place with ``JSONReader``: the known members
/// (`level`, `message`, `service`, `timestamp`) as ``LogRecord/init(clientObject:id:receivedAt:)``
/// reads them, every other member validated and kept as the text the client wrote.
///
/// Guarantees: it accepts exactly the bodies that ``LogBodyParser`` and ``LogRecordBuilder`` accept
/// (one lexer, one rule set: the depth limit, a key repeated in one object refused, numbers within
/// `Double`, a UTF-8 byte order mark before a value allowed), and reads them to the same records
/// (the differential tests compare both over generated bodies). Anything else it refuses with
/// ``Refused``, without the words: ``LogRecordReader`` then asks the value-tree path, whose answers
/// (line and column, index, field) stay what they were.
enum LogObjectReader {
    /// The body is not accepted as it stands; the value-tree path says why.
    struct Refused: Error {}

    /// The one object of a `POST /log` body.
    static func object(_ body: [UInt8]) throws(Refused) -> ClientLogFields {
        var scratch = Scratch()
        return try reading(withoutByteOrderMark(body[...])) { reader in
            let fields = try readObject(&reader, scratch: &scratch)
            try reader.expectEnd()
            return fields
        }
    }

    /// The objects of a `POST /logs` body in `mediaType`: at least one, at most `maxRecords`.
    static func objects(
        _ body: [UInt8], as mediaType: LogMediaType, maxRecords: Int
    ) throws(Refused) -> [ClientLogFields] {
        var objects: [ClientLogFields] = []
        var scratch = Scratch()
        switch mediaType {
        case .json:
            try reading(withoutByteOrderMark(body[...])) { reader in
                guard reader.peek() == UInt8(ascii: "[") else { throw Refused() }
                try reader.beginArray()
                var first = true
                while try reader.nextElement(&first) {
                    guard objects.count < maxRecords else { throw Refused() }
                    objects.append(try readObject(&reader, scratch: &scratch))
                }
                try reader.expectEnd()
            }
        case .ndjson:
            let lines = LogBodyParser.nonBlankLines(body)
            guard lines.count <= maxRecords else { throw Refused() }
            objects.reserveCapacity(lines.count)
            for (_, line) in lines {
                objects.append(
                    try reading(withoutByteOrderMark(line)) { reader in
                        let fields = try readObject(&reader, scratch: &scratch)
                        try reader.expectEnd()
                        return fields
                    })
            }
        }
        guard !objects.isEmpty else { throw Refused() }
        return objects
    }

    /// `bytes` without the UTF-8 byte order mark that may start a JSON text.
    static func withoutByteOrderMark(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes
    }

    /// Runs `read` with a reader over `bytes`; any error it throws is a refusal.
    static func reading<Result>(
        _ bytes: ArraySlice<UInt8>, _ read: (inout JSONReader) throws -> Result
    ) throws(Refused) -> Result {
        do {
            return try bytes.withUnsafeBufferPointer { buffer in
                var reader = JSONReader(buffer)
                return try read(&reader)
            }
        } catch {
            throw Refused()
        }
    }

    /// Space reused from object to object: the keys of the object being read (a repeated one is refused)
    /// and where the text of its other members is.
    struct Scratch {
        var keys: [String] = []
        var dataMembers: [(key: Range<Int>, value: Range<Int>)] = []
    }

    /// One object at the reader: its known members, and the others copied into a `data` object.
    static func readObject(_ reader: inout JSONReader, scratch: inout Scratch) throws -> ClientLogFields {
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

    /// The key just read, quotes included, as the client wrote it: `JSONReader/nextMember(_:)` read it
    /// from `start` (where only whitespace or a comma come before its opening quote) to `end` (just after
    /// the colon, with only whitespace between its closing quote and the colon).
    static func keyRange(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, toColonBefore end: Int) -> Range<Int> {
        var opening = start
        while bytes[opening] != UInt8(ascii: "\"") { opening += 1 }
        var closing = end - 1
        while bytes[closing] != UInt8(ascii: "\"") { closing -= 1 }
        return opening..<(closing + 1)
    }
}
