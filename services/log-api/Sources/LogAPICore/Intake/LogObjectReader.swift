import Contracts
import Foundation

/// Reads the client log objects of a request body in place with ``JSONReader``: each object with
/// Contracts' ``ClientLogObjectReader`` (the known members (`level`, `message`, `service`,
/// `timestamp`) as ``LogRecord/init(clientObject:id:receivedAt:)`` reads them, every other member
/// validated and kept as the text the client wrote), the body around them here.
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
        var scratch = ClientLogObjectReader.Scratch()
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
        var scratch = ClientLogObjectReader.Scratch()
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

    /// One object at the reader: the shared reader of client log objects (Contracts), which
    /// log-worker applies to the records of uploaded files.
    static func readObject(
        _ reader: inout JSONReader, scratch: inout ClientLogObjectReader.Scratch
    ) throws -> ClientLogFields {
        try ClientLogObjectReader.readObject(&reader, scratch: &scratch)
    }
}
