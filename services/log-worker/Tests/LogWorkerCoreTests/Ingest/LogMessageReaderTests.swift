import Contracts
import Foundation
import TestInfra
import Testing

@testable import LogWorkerCore

/// ``LogMessageReader`` must accept only what the contracts accept, with the same result.
@Suite("log-worker: reading messages without the contracts' decoder", .timeLimit(.minutes(2)))
struct LogMessageReaderTests {
    typealias Numbers = SeededNumbers

    static let texts = [
        "", "plain", "zoë", "日本語", "🚀 rocket", "quote \" and \\ backslash", "slash /api/x", "tab\tnew\nline",
        "bell\u{7}", "\u{1F}", "é\u{301}", "mixed 𝄞 \u{FFFF}",
    ]

    static func text(_ numbers: inout Numbers) -> String { texts[numbers.below(texts.count)] }

    static func value(_ numbers: inout Numbers, depth: Int) -> JSONValue {
        switch numbers.below(depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(numbers.chance(50))
        case 2:
            let choices: [Int64] = [0, -1, 42, Int64.max, Int64.min, 9_007_199_254_740_993]
            return .int(choices[numbers.below(choices.count)])
        case 3:
            let choices = [12.5, -0.001, 1e-7, 6.02e23, 1.7976931348623157e308, 0.1]
            return .number(choices[numbers.below(choices.count)])
        case 4: return .string(text(&numbers))
        case 5: return .array((0..<numbers.below(4)).map { _ in value(&numbers, depth: depth + 1) })
        default: return .object(object(&numbers, depth: depth + 1))
        }
    }

    static func object(_ numbers: inout Numbers, depth: Int) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        for _ in 0..<numbers.below(5) {
            members[text(&numbers) + "\(numbers.below(3))"] = value(&numbers, depth: depth)
        }
        return members
    }

    static func record(_ numbers: inout Numbers) -> LogRecord {
        LogRecord(
            id: UUID(),
            receivedAt: Date(timeIntervalSince1970: Double(1_790_000_000_000 + numbers.below(1_000_000)) / 1_000),
            level: numbers.chance(80) ? text(&numbers) : nil, message: numbers.chance(80) ? text(&numbers) : nil,
            service: numbers.chance(80) ? text(&numbers) : nil,
            timestamp: numbers.chance(50) ? Date(timeIntervalSince1970: -Double(numbers.below(1_000_000))) : nil,
            data: numbers.chance(90) ? object(&numbers, depth: 0) : [:])
    }

    /// `text` with every character outside ASCII written as a `\u` escape (a pair for those
    /// beyond U+FFFF): JSON allows both, and only strings hold such characters.
    static func asciiOnly(_ text: String) -> String {
        var result = ""
        for unit in text.utf16 {
            if unit < 0x80 {
                result.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            } else {
                result += String(format: "\\u%04x", unit)
            }
        }
        return result
    }

    /// The forms of one message: the contracts' own, unsorted with escaped slashes, pretty-printed,
    /// and all-ASCII.
    static func forms(of envelope: Envelope<LogBatch>) throws -> [[UInt8]] {
        let contracts = try ContractCoding.encode(envelope)
        let plain = try JSONEncoder().encode(envelope)
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted]
        return [
            Array(contracts), Array(plain), Array(try pretty.encode(envelope)),
            Array(asciiOnly(String(decoding: contracts, as: UTF8.self)).utf8),
        ]
    }

    /// What the contracts make of `body`, as the handler's fallback does.
    static func contracts(_ body: [UInt8]) -> [ComparableLog]? {
        try? LogIngestHandler.decodeWithContracts(Data(body)).map(ComparableLog.init)
    }

    /// The property: the reader refuses whatever the contracts refuse, and when it accepts, it
    /// reads what the contracts read.
    static func checkAgreement(_ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = contracts(body)
        guard let read = LogMessageReader.read(body) else { return }
        let text = String(decoding: body, as: UTF8.self)
        #expect(
            expected != nil, "the reader accepted what the contracts refuse: \(text)", sourceLocation: sourceLocation)
        if let expected {
            #expect(try read.map(ComparableLog.init) == expected, "\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func readsWhatTheContractsReadInEveryForm() throws {
        var numbers = Numbers(seed: 1)
        for _ in 0..<300 {
            let records = (0..<(1 + numbers.below(5))).map { _ in Self.record(&numbers) }
            let expected = try records.map(ComparableLog.init)
            for body in try Self.forms(of: Envelope(payload: LogBatch(records: records))) {
                let read = try #require(LogMessageReader.read(body), "\(String(decoding: body, as: UTF8.self))")
                #expect(try read.map(ComparableLog.init) == expected)
                #expect(Self.contracts(body) == expected)
            }
        }
    }

    @Test func keepsDataAsTheMessageWroteIt() throws {
        let body = #"""
            {"type":"log.batch","schema_version":1,"message_id":"6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2e",
             "produced_at":"2026-11-21T06:02:13.123Z","extra":{"ignored":[1,{"x":null}]},
             "payload":{"records":[{"id":"0E5A7B2C-1D3F-4A6B-9C8D-7E6F5A4B3C2D","received_at":"2026-11-21T06:02:13.123Z",
               "data":{"path":"\/api", "n": 1.50, "nested": {"a": [true, false]}}, "unknown": "skipped"},
               {"id":"0e5a7b2c-1d3f-4a6b-9c8d-7e6f5a4b3c2e","received_at":"2026-11-21T06:02:13.124Z","data":null,
                "level":null,"timestamp":"2026-11-21T06:02:12.900Z"}]}}
            """#
        let read = try #require(LogMessageReader.read(Array(body.utf8)))
        #expect(read.count == 2)
        #expect(
            String(decoding: read[0].data, as: UTF8.self)
                == #"{"path":"\/api", "n": 1.50, "nested": {"a": [true, false]}}"#)
        #expect(read[0].id == UUID(uuidString: "0e5a7b2c-1d3f-4a6b-9c8d-7e6f5a4b3c2d"))
        #expect(String(decoding: read[1].data, as: UTF8.self) == "{}")
        #expect(read[1].level == nil && read[1].timestamp == ContractDateFormat.date(from: "2026-11-21T06:02:12.900Z"))
        try Self.checkAgreement(Array(body.utf8))
    }

    @Test func aSingleRecordEnvelopeIsReadToo() throws {
        var numbers = Numbers(seed: 7)
        let record = Self.record(&numbers)
        let body = Array(try ContractCoding.encode(Envelope(payload: record)))
        #expect(try #require(LogMessageReader.read(body)).map(ComparableLog.init) == [try ComparableLog(record)])
    }

    @Test(arguments: [
        // not JSON
        #"{"type":"log.batch""#, #"{"type":"log.batch",}"#, "{} x", #"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#,
        #"{"a":"\x"}"#, #"{"a":"\ud800"}"#, #"{"a":"\udc00\ud800"}"#, "{\"a\":\"tab\there\"}", #"{"a":NaN}"#,
        #"{"a":[1,]}"#, #"{"a" 1}"#, "[]", "",
        // not a log message
        #"{"type":"user.record","schema_version":1,"message_id":"6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2e","produced_at":"2026-11-21T06:02:13.123Z","payload":{}}"#,
    ])
    func refusesWhatIsNotALogMessage(_ body: String) throws {
        #expect(LogMessageReader.read(Array(body.utf8)) == nil)
        try Self.checkAgreement(Array(body.utf8))
    }

    /// A valid message with one part replaced.
    static func variant(replacing old: String, with new: String) throws -> [UInt8] {
        let record = LogRecord(
            id: UUID(uuidString: "0e5a7b2c-1d3f-4a6b-9c8d-7e6f5a4b3c2d")!,
            receivedAt: ContractDateFormat.date(from: "2026-11-21T06:02:13.123Z")!, level: "info", message: "m",
            service: "s", timestamp: nil, data: ["n": 1])
        let envelope = Envelope(
            payload: LogBatch(records: [record]), messageID: UUID(uuidString: "6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2e")!,
            producedAt: record.receivedAt)
        let text = String(decoding: try ContractCoding.encode(envelope), as: UTF8.self)
        #expect(text.contains(old), "\(text)")
        return Array(text.replacingOccurrences(of: old, with: new).utf8)
    }

    @Test(arguments: [
        (#""level":"info""#, #""level":5"#), (#""data":{"n":1}"#, #""data":[1]"#), (#""data":{"n":1}"#, #""data":"x""#),
        (#""data":{"n":1}"#, #""data":{"n":1e400}"#), (#""timestamp":null"#, #""timestamp":"yesterday""#),
        (#""id":"0e5a7b2c"#, #""id":"nope","x":"0e5a7b2c"#), (#""schema_version":1"#, #""schema_version":2"#),
        (#""schema_version":1"#, #""schema_version":"1""#), (#""schema_version":1"#, #""schema_version":1.0"#),
        (#""type":"log.batch""#, #""type":"log.other""#), (#""records":["#, #""records":[1,"#),
        (#""produced_at":"#, #""produced":"#), (#""message_id":"#, #""message":"#),
        (#""payload":{"records""#, #""payload":{"rec""#),
        (#""level":"info""#, #""level":"info","level":"warn""#), (#""data":{"n":1}"#, #""data":{"n":1,"n":2}"#),
        (#""data":{"n":1}"#, #""data":{"n":{"a":1,"b":2,"a":3}}"#), (#""data":{"n":1}"#, #""data":{"n":1,"\u006e":2}"#),
        (#""data":{"n":1}"#, #""data":{"K":1,"\u212a":2}"#), (#""data":{"n":1}"#, #""data":{"é":1,"e\u0301":2}"#),
    ])
    func leavesEveryOtherShapeToTheContracts(old: String, new: String) throws {
        let body = try Self.variant(replacing: old, with: new)
        #expect(LogMessageReader.read(body) == nil, "\(String(decoding: body, as: UTF8.self))")
        try Self.checkAgreement(body)
    }

    @Test func refusesBytesThatAreNotUTF8() throws {
        for invalid: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xE0, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            for (old, prefix) in [(#""message":"m""#, #""message":""#), (#""data":{"n":1}"#, #""data":{"n":""#)] {
                let template = try Self.variant(
                    replacing: old, with: prefix + "@\"" + (old.hasPrefix(#""data"#) ? "}" : ""))
                var body: [UInt8] = []
                for byte in template { if byte == UInt8(ascii: "@") { body += invalid } else { body.append(byte) } }
                #expect(LogMessageReader.read(body) == nil, "\(invalid)")
                try Self.checkAgreement(body)
            }
        }
    }

    @Test func refusesNestingDeeperThanTheContractsRead() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let body = try Self.variant(replacing: #""data":{"n":1}"#, with: #""data":{"n":"# + deep + "}")
        #expect(LogMessageReader.read(body) == nil)
        let shallow = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        try Self.checkAgreement(try Self.variant(replacing: #""data":{"n":1}"#, with: #""data":{"n":"# + shallow + "}"))
    }

    static let punctuation = Array(#"{}[]",:0-e.\ u"#.utf8)

    @Test func neverAcceptsWhatTheContractsRefuseWhateverTheDamage() throws {
        var numbers = Numbers(seed: 42)
        for _ in 0..<40 {
            let records = (0..<(1 + numbers.below(3))).map { _ in Self.record(&numbers) }
            let original = Array(try ContractCoding.encode(Envelope(payload: LogBatch(records: records))))
            for _ in 0..<50 {
                var body = original
                for _ in 0..<(1 + numbers.below(3)) {
                    let at = numbers.below(body.count)
                    switch numbers.below(3) {
                    case 0: body.remove(at: at)
                    case 1: body.insert(Self.punctuation[numbers.below(Self.punctuation.count)], at: at)
                    default: body[at] = UInt8(truncatingIfNeeded: numbers.next())
                    }
                }
                try Self.checkAgreement(body)
            }
        }
    }
}
