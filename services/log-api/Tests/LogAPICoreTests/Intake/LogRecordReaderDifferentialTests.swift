import Contracts
import Foundation
import ServiceKit
import TestInfra
import Testing

@testable import LogAPICore

/// The in-place reader against the value-tree path it replaced (``LogBodyParser`` then
/// ``LogRecordBuilder``, the records encoded by `ContractCoding`) over generated bodies, valid and
/// damaged: the same answer for each (the same ``APIError``, or records that decode from the
/// message to what the tree's message decoded to). Reproducible from the seed.
@Suite("reading log bodies in place agrees with the value tree", .timeLimit(.minutes(4)))
struct LogRecordReaderDifferentialTests {
    static let seed: UInt64 = 0x7A1B_5EED
    static let receivedAt = Date(timeIntervalSince1970: 1_790_000_000.123)

    /// A record as log-worker decodes it, id aside.
    struct Decoded: Equatable {
        let receivedAt: Date
        let level: String?
        let message: String?
        let service: String?
        let timestamp: Date?
        let data: [String: JSONValue]

        init(_ record: LogRecord) {
            receivedAt = record.receivedAt
            level = record.level
            message = record.message
            service = record.service
            timestamp = record.timestamp
            data = record.data
        }
    }

    enum Outcome: Equatable {
        case accepted([Decoded])
        case rejected(APIError)
        /// Accepted, but with a date the contract's format cannot write (the publish is refused).
        case unwritable
    }

    /// What the value-tree path answered, its records through `ContractCoding`'s encoder and decoder.
    static func treeOutcome(_ body: [UInt8], _ type: LogMediaType?, maxRecords: Int = 20) throws -> Outcome {
        let records: [LogRecord]
        do throws(APIError) {
            if let type {
                let objects = try LogBodyParser.objects(body, as: type, maxRecords: maxRecords)
                records = try LogRecordBuilder.records(objects, ids: LogIDGenerator(), receivedAt: receivedAt)
            } else {
                records = [
                    try LogRecordBuilder.record(
                        try LogBodyParser.object(body), id: UUID(), receivedAt: receivedAt)
                ]
            }
        } catch {
            return .rejected(error)
        }
        guard let encoded = try? ContractCoding.encode(Envelope(payload: LogBatch(records: records))) else {
            return .unwritable
        }
        return .accepted(
            try ContractCoding.decode(Envelope<LogBatch>.self, from: encoded).payload.records.map(Decoded.init))
    }

    /// What the in-place reader answered, its records through the message log-api writes.
    static func passThroughOutcome(_ body: [UInt8], _ type: LogMediaType?, maxRecords: Int = 20) throws -> Outcome {
        let records: [PassThroughLogRecord]
        do throws(APIError) {
            if let type {
                records = try LogRecordReader.records(
                    body, as: type, maxRecords: maxRecords, ids: LogIDGenerator(), receivedAt: receivedAt)
            } else {
                records = [try LogRecordReader.record(body, ids: LogIDGenerator(), receivedAt: receivedAt)]
            }
        } catch {
            return .rejected(error)
        }
        guard let message = LogBatchMessage(records: records, messageID: UUID()) else { return .unwritable }
        let envelope = try ContractCoding.decode(Envelope<LogBatch>.self, from: Data(message.body))
        #expect(envelope.payload.records.map(\.id) == records.map(\.id))
        return .accepted(envelope.payload.records.map(Decoded.init))
    }

    @Test func generatedBodiesGetTheSameAnswer() throws {
        var generator = BodyGenerator(seed: Self.seed)
        var accepted = 0
        var inPlace = 0
        var unwritable = 0
        for round in 0..<3_000 {
            let (body, type) = generator.body()
            // Now and then a limit below the body's records (413).
            let maxRecords = generator.below(8) == 0 ? 2 : 20
            let tree = try Self.treeOutcome(body, type, maxRecords: maxRecords)
            let passed = try Self.passThroughOutcome(body, type, maxRecords: maxRecords)
            #expect(
                tree == passed,
                "round \(round), \(type.map { "\($0)" } ?? "POST /log"): \(String(decoding: body, as: UTF8.self))")
            if case .accepted = tree { accepted += 1 }
            if case .unwritable = tree { unwritable += 1 }
            if (try? Self.readInPlace(body, type, maxRecords: maxRecords)) != nil { inPlace += 1 }
            guard tree == passed else { return }
        }
        // Both kinds of body were generated, and every accepted body was read in place (not by the tree).
        #expect(accepted > 600 && accepted < 2_400 && unwritable > 0, "accepted \(accepted), unwritable \(unwritable)")
        #expect(inPlace == accepted + unwritable)
    }

    static func readInPlace(_ body: [UInt8], _ type: LogMediaType?, maxRecords: Int) throws -> Int {
        if let type { return try LogObjectReader.objects(body, as: type, maxRecords: maxRecords).count }
        _ = try LogObjectReader.object(body)
        return 1
    }

    @Test func theClientsKeysAndNumbersGoOutAsWritten() throws {
        let body = Array(
            #"﻿{"level":null,"lev\u0065l2":1e2,"n":-0.0,"big":12345678901234567890,"s":"\ud83d\ude00\/"}"#.utf8)
        let record = try LogRecordReader.record(body, ids: LogIDGenerator(), receivedAt: Self.receivedAt)
        #expect(record.level == nil)
        #expect(
            String(decoding: record.dataJSON, as: UTF8.self)
                == #"{"lev\u0065l2":1e2,"n":-0.0,"big":12345678901234567890,"s":"\ud83d\ude00\/"}"#)
        #expect(try Self.treeOutcome(body, nil) == Self.passThroughOutcome(body, nil))
    }
}

/// Seeded random log bodies: JSON arrays, NDJSON and single objects, with known members of every kind,
/// nested data, unicode, escapes, numbers of every form and whitespace; about a third damaged.
struct BodyGenerator {
    var numbers: SeededNumbers

    init(seed: UInt64) { numbers = SeededNumbers(seed: seed) }

    mutating func below(_ bound: Int) -> Int { numbers.below(bound) }
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    static let texts = [
        "", "plain", "payment failed", "é", "中文", "😀", #"quote \" in"#, #"back \\ slash"#, #"\n\t\r\b\f"#,
        #"\u00e9\u4e2d"#, #"\ud83d\ude00"#, #"\/slash"#, "a/b", #"\u0000"#, "tab\there",
    ]
    static let numbers = [
        "0", "-0", "7", "-42", "1.0", "1.5", "-0.25", "1e3", "1E+2", "2.5e-3", "1e308", "-1.7976931348623157e308",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890",
        "0.1", "100.000", "5e-324",
    ]
    static let keys = [
        "level", "message", "service", "timestamp", "order_id", "latency_ms", "user", "tags", "é", "中", "a/b",
        "", "Level", #"lev\u0065l"#, #"mess\u0061ge"#, "data", "id", "nested",
    ]
    static let timestamps = [
        "2026-11-21T06:02:13Z", "2026-11-21T06:02:13.123Z", "2026-11-21T06:02:13.5+01:00", "2026-11-21 06:02:13",
        "21/11/2026", "2026-02-30T00:00:00Z", "0000-01-01T00:30:00+01:00",
    ]

    mutating func space() -> String { pick(["", "", "", " ", "\n", " \t", "\r\n "]) }

    mutating func value(depth: Int) -> String {
        switch below(depth > 2 ? 5 : 8) {
        case 0: return "\"" + pick(Self.texts) + "\""
        case 1: return pick(Self.numbers)
        case 2: return pick(["true", "false"])
        case 3: return "null"
        case 4: return "\"" + pick(Self.texts) + pick(Self.texts) + "\""
        case 5, 6: return object(depth: depth + 1, known: false)
        default:
            let count = below(4)
            return "[" + (0..<count).map { _ in space() + value(depth: depth + 1) + space() }.joined(separator: ",")
                + "]"
        }
    }

    mutating func knownValue(_ key: String) -> String {
        switch below(10) {
        case 0: return "null"
        case 1: return value(depth: 3)
        default:
            return key.hasPrefix("t") ? "\"" + pick(Self.timestamps) + "\"" : "\"" + pick(Self.texts) + "\""
        }
    }

    mutating func object(depth: Int, known: Bool) -> String {
        var used: Set<String> = []
        var members: [String] = []
        for _ in 0..<below(known ? 7 : 4) {
            let key = pick(Self.keys)
            // Mostly distinct keys (a repeated one is a damage of its own below).
            guard used.insert(key).inserted else { continue }
            let isKnown = known && ["level", "message", "service", "timestamp"].contains(key)
            members.append(
                space() + "\"" + key + "\"" + space() + ":" + space()
                    + (isKnown ? knownValue(key) : value(depth: depth))
                    + space())
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// A body, and its type: nil for a `POST /log` object.
    mutating func body() -> ([UInt8], LogMediaType?) {
        let type: LogMediaType? = pick([nil, .json, .ndjson])
        let objects = (0..<(type == nil ? 1 : 1 + below(4))).map { _ in object(depth: 0, known: true) }
        var text: String
        switch type {
        case nil: text = space() + objects[0] + space()
        case .json?:
            text = space() + "[" + objects.map { space() + $0 + space() }.joined(separator: ",") + "]" + space()
        case .ndjson?:
            text = objects.map { $0 + pick(["", " ", "\r"]) }.joined(separator: pick(["\n", "\n\n", "\n \n"]))
        }
        if below(5) == 0 { text = "\u{FEFF}" + text }
        var bytes = Array(text.utf8)
        if below(3) == 0 { damage(&bytes) }
        return (bytes, type)
    }

    /// One damage: a cut, a changed byte, a repeated key, a trailing comma, a number beyond Double, a lone
    /// surrogate, a value that is not an object, or bytes that are not UTF-8.
    mutating func damage(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        switch below(8) {
        case 0: bytes.removeSubrange(below(bytes.count)...)
        case 1: bytes[below(bytes.count)] = pick(Array(#"{}[],:"0a\ "#.utf8) + [0x01, 0xFF])
        case 2:
            if let brace = bytes.firstIndex(of: UInt8(ascii: "{")) {
                bytes.insert(contentsOf: Array(#""k":1,"k":2,"#.utf8), at: brace + 1)
            }
        case 3:
            if let close = bytes.lastIndex(where: { $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: "]") }) {
                bytes.insert(UInt8(ascii: ","), at: close)
            }
        case 4:
            if let brace = bytes.firstIndex(of: UInt8(ascii: "{")) {
                bytes.insert(
                    contentsOf: Array(pick([#""x":1e400,"#, #""x":"\ud800","#, #""x":-,"#]).utf8), at: brace + 1)
            }
        case 5: bytes = Array(pick([#""text""#, "[1]", "42", "null", "[]", "", "\n\n"]).utf8)
        case 6:
            if let brace = bytes.firstIndex(of: UInt8(ascii: "{")) {
                bytes.insert(
                    contentsOf: Array(#""level":"#.utf8) + [
                        UInt8(ascii: "\""), 0xC3, UInt8(ascii: "\""), UInt8(ascii: ","),
                    ], at: brace + 1)
            }
        default:
            if let brace = bytes.firstIndex(of: UInt8(ascii: "{")) {
                let nested = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
                bytes.insert(contentsOf: Array(("\"deep\":" + nested + ",").utf8), at: brace + 1)
            }
        }
    }
}

/// The per-object decision log-worker applies to each record of an uploaded file (Contracts'
/// ``ClientLogValidation``) against `POST /logs` itself: over generated NDJSON bodies, a body is
/// accepted exactly when every line is, and a refused body's answer is the refusal of its first bad
/// line, word for word (the same text `file_errors` holds for that record). Which bad line the API
/// names follows its order: every line is read as JSON before any field is checked.
@Suite("each record judged alone as POST /logs judges the body", .timeLimit(.minutes(2)))
struct ClientLogValidationAgreementTests {
    @Test func ndjsonLinesGetTheAnswerOfTheBody() throws {
        var generator = BodyGenerator(seed: 0x0F11_E5)
        var compared = 0
        for round in 0..<2_000 {
            let (body, type) = generator.body()
            guard type == .ndjson else { continue }
            let api: APIError?
            do throws(APIError) {
                _ = try LogRecordReader.records(
                    body, as: .ndjson, maxRecords: 1_000, ids: LogIDGenerator(), receivedAt: Date())
                api = nil
            } catch {
                api = error
            }
            // The refusal of the line the API names: it reads every line before it checks any field,
            // so the first line that is not JSON or not an object, else the first with a bad field.
            var parseRefusal: String?
            var fieldRefusal: String?
            var scratch = ClientLogObjectReader.Scratch()
            var lines = 0
            for (number, line) in LogBodyParser.nonBlankLines(body) {
                lines += 1
                let verdict = Array(line).withUnsafeBufferPointer {
                    ClientLogValidation.validate($0, scratch: &scratch)
                }
                guard case .failure(let problem) = verdict else { continue }
                var position: JSONTextPosition?
                if case .invalidJSON(_, let inLine, _) = problem {
                    position = JSONTextPosition(line: number, column: inLine.column)
                }
                let message = problem.message(at: .line(number), problemAt: position)
                if case .invalidField = problem {
                    fieldRefusal = fieldRefusal ?? message
                } else if parseRefusal == nil {
                    parseRefusal = message
                }
            }
            let firstRefusal = parseRefusal ?? fieldRefusal
            switch (api, firstRefusal) {
            case (nil, nil): break
            case (let api?, let refusal?): #expect(api.message == refusal, "round \(round)")
            case (let api?, nil):
                // Refused for the body as a whole: no record, or too many.
                #expect(lines == 0 || api.code == "too_many_records", "round \(round): \(api.message)")
            case (nil, let refusal?): Issue.record("round \(round): the API accepts what a line refuses: \(refusal)")
            }
            compared += 1
        }
        #expect(compared > 400)
    }
}
