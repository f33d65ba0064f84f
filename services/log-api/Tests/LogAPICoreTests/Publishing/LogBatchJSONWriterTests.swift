import Contracts
import Foundation
import Testing

@testable import LogAPICore

@Suite("the envelope writer writes what ContractCoding writes", .timeLimit(.minutes(2)))
struct LogBatchJSONWriterTests {
    static let receivedAt = Date(timeIntervalSince1970: 1_790_000_000.123)

    static let records: [LogRecord] = [
        LogRecord(id: UUID(), receivedAt: receivedAt),
        LogRecord(
            id: LogIDGenerator().next(), receivedAt: receivedAt, level: "warn", message: "disk \"91%\" / full\n",
            service: "node-7", timestamp: Date(timeIntervalSince1970: 1_700_000_000.5),
            data: [
                "int": 42, "negative": -7, "double": 0.91, "tiny": 1.5e-7, "huge": 1e300,
                "bool": true, "null": nil, "text": "é 中文 😀 \u{1} \u{7F} \t", "list": [1, "two", [3], ["four": 4]],
                "Zebra": "capital", "apple": "lower", "a/b": "slash", "": "empty",
            ]),
        LogRecord(id: UUID(), receivedAt: receivedAt, message: String(repeating: "x", count: 2000)),
    ]

    @Test func bytesEqualContractCodingAndReadBack() throws {
        let envelope = Envelope(
            payload: LogBatch(records: Self.records), messageID: UUID(), producedAt: Self.receivedAt)
        let written = try #require(LogBatchJSONWriter.bytes(for: envelope))
        let expected = Array(try ContractCoding.encode(envelope))
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(try ContractCoding.decode(Envelope<LogBatch>.self, from: Data(written)) == envelope)
    }

    @Test func integralDoublesAreWrittenAsContractCodingWritesThem() throws {
        let record = LogRecord(
            id: UUID(), receivedAt: Self.receivedAt, data: ["three": .number(3.0), "minus zero": .number(-0.0)])
        let envelope = Envelope(payload: LogBatch(records: [record]))
        #expect(LogBatchJSONWriter.bytes(for: envelope) == Array(try ContractCoding.encode(envelope)))
    }

    @Test func everyControlCharacterIsEscapedAsContractCodingDoes() throws {
        let text = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self)
        let envelope = Envelope(
            payload: LogBatch(records: [LogRecord(id: UUID(), receivedAt: Self.receivedAt, message: text)]))
        let written = try #require(LogBatchJSONWriter.bytes(for: envelope))
        #expect(written == Array(try ContractCoding.encode(envelope)))
    }

    @Test func whatItCannotWriteIsLeftToContractCoding() {
        let record = LogRecord(id: UUID(), receivedAt: Self.receivedAt, data: ["bad": .number(.infinity)])
        #expect(LogBatchJSONWriter.bytes(for: Envelope(payload: LogBatch(records: [record]))) == Optional<[UInt8]>.none)
    }
}
