import Contracts
import Foundation
import ServiceKit

/// One client log object from a request body, with where it was: its 0-based position among the
/// request's records and, for NDJSON, its 1-based line.
public struct ClientLogObject: Sendable, Equatable {
    public let members: [String: JSONValue]
    public let index: Int
    public let line: Int?
}

/// Reads the log objects of a request body: one JSON object, a JSON array of objects, or NDJSON.
///
/// Guarantees: either every object of the body is returned, in body order, or an ``APIError``
/// says what is wrong with the first problem: invalid JSON with its line and column (the body's
/// lines, also for NDJSON), a value that is not an object with its index (and line), an empty
/// body, or more records than allowed (413, decided before any object is decoded for NDJSON).
public enum LogBodyParser {
    /// The one object of a `POST /log` body.
    public static func object(_ body: [UInt8]) throws(APIError) -> [String: JSONValue] {
        let value = try decode(body[...], line: nil)
        guard case .object(let members) = value else {
            throw APIError.logRejection(
                .invalidRecord, "the body must be one JSON object (a log record), found \(phrase(for: value))")
        }
        return members
    }

    /// The objects of a `POST /logs` body in `mediaType`, at most `maxRecords` of them.
    public static func objects(
        _ body: [UInt8], as mediaType: LogMediaType, maxRecords: Int
    ) throws(APIError) -> [ClientLogObject] {
        let objects: [ClientLogObject]
        switch mediaType {
        case .json: objects = try array(body, maxRecords: maxRecords)
        case .ndjson: objects = try ndjson(body, maxRecords: maxRecords)
        }
        guard !objects.isEmpty else {
            throw APIError.logRejection(.invalidRecord, "the body holds no log records")
        }
        return objects
    }

    static func array(_ body: [UInt8], maxRecords: Int) throws(APIError) -> [ClientLogObject] {
        let value = try decode(body[...], line: nil)
        guard case .array(let elements) = value else {
            throw APIError.logRejection(
                .invalidRecord,
                "an application/json body must be an array of log objects, found \(phrase(for: value))"
                    + (value.kind == .object ? " (POST /log takes one object)" : ""))
        }
        guard elements.count <= maxRecords else { throw tooMany(maxRecords) }
        var objects: [ClientLogObject] = []
        objects.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard case .object(let members) = element else {
                throw APIError.logRejection(
                    .invalidRecord,
                    ClientLogProblem.notAnObject(found: phrase(for: element)).message(at: .index(index)), index: index)
            }
            objects.append(ClientLogObject(members: members, index: index, line: nil))
        }
        return objects
    }

    static func ndjson(_ body: [UInt8], maxRecords: Int) throws(APIError) -> [ClientLogObject] {
        let lines = nonBlankLines(body)
        guard lines.count <= maxRecords else { throw tooMany(maxRecords) }
        var objects: [ClientLogObject] = []
        objects.reserveCapacity(lines.count)
        for (index, (number, bytes)) in lines.enumerated() {
            let value = try decode(bytes, line: number)
            guard case .object(let members) = value else {
                throw APIError.logRejection(
                    .invalidRecord, ClientLogProblem.notAnObject(found: phrase(for: value)).message(at: .line(number)),
                    index: index, line: number)
            }
            objects.append(ClientLogObject(members: members, index: index, line: number))
        }
        return objects
    }

    /// The lines of `body` that hold more than spaces, tabs and a carriage return, with their 1-based numbers.
    static func nonBlankLines(_ body: [UInt8]) -> [(number: Int, bytes: ArraySlice<UInt8>)] {
        var lines: [(Int, ArraySlice<UInt8>)] = []
        var start = body.startIndex
        var number = 1
        while start <= body.endIndex {
            let end = body[start...].firstIndex(of: UInt8(ascii: "\n")) ?? body.endIndex
            let line = body[start..<end]
            if !line.allSatisfy(isBlank) { lines.append((number, line)) }
            start = end + 1
            number += 1
        }
        return lines
    }

    /// A space, a tab, or the carriage return of a CRLF line end.
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// The JSON value in `bytes` (a UTF-8 byte order mark before it is allowed); `line` is the body line they
    /// start on when they are one NDJSON line.
    static func decode(_ bytes: ArraySlice<UInt8>, line: Int?) throws(APIError) -> JSONValue {
        let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes
        do {
            // The same lexer, with line, column and the words for the first problem (Contracts' parse, which
            // log-worker applies to the records of uploaded files).
            return try text.withUnsafeBufferPointer { buffer throws(ClientLogProblem) in
                try ClientLogValidation.parse(buffer)
            }
        } catch {
            guard case .invalidJSON(_, let position, _) = error else {
                throw APIError.logRejection(.invalidJSON, error.message(at: .line(line ?? 1)))
            }
            // One NDJSON line holds no line break: its problem is on that line of the body.
            let bodyPosition = JSONTextPosition(line: line ?? position.line, column: position.column)
            throw APIError.logRejection(
                .invalidJSON, error.message(at: .line(bodyPosition.line), problemAt: bodyPosition),
                line: bodyPosition.line, column: bodyPosition.column)
        }
    }

    static func tooMany(_ maxRecords: Int) -> APIError {
        APIError.logRejection(.tooManyRecords, "the body holds more than \(maxRecords) log records (LOG_MAX_RECORDS)")
    }

    /// `an array`, `a string`, …: how a message names the kind of a value.
    static func phrase(for value: JSONValue) -> String {
        ClientLogProblem.phrase(for: value)
    }
}
