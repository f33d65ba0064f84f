import Contracts
import Foundation
import Testing

@testable import LogAPICore

@Suite("the envelope writer writes what ContractCoding reads", .timeLimit(.minutes(2)))
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

    static func message(_ records: [LogRecord], messageID: UUID = UUID()) throws -> LogBatchMessage {
        let passed = try records.map { try #require(PassThroughLogRecord($0)) }
        return try #require(LogBatchMessage(records: passed, messageID: messageID, producedAt: receivedAt))
    }

    @Test func dataWrittenFromATreeGivesContractCodingsBytesAndReadsBack() throws {
        let messageID = UUID()
        let envelope = Envelope(
            payload: LogBatch(records: Self.records), messageID: messageID, producedAt: Self.receivedAt)
        let written = try Self.message(Self.records, messageID: messageID).body
        let expected = Array(try ContractCoding.encode(envelope))
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(try ContractCoding.decode(Envelope<LogBatch>.self, from: Data(written)) == envelope)
    }

    @Test func clientDataIsCopiedAsWritten() throws {
        let body = Array(#"{"message":"m","z":[1, 2],"a":{"k" : "v\u00e9"},"n":1.50}"#.utf8)
        let record = try LogRecordReader.record(body, ids: LogIDGenerator(), receivedAt: Self.receivedAt)
        #expect(String(decoding: record.dataJSON, as: UTF8.self) == #"{"z":[1, 2],"a":{"k" : "v\u00e9"},"n":1.50}"#)
        let message = try #require(LogBatchMessage(records: [record], messageID: UUID()))
        let decoded = try ContractCoding.decode(Envelope<LogBatch>.self, from: Data(message.body))
        #expect(decoded.payload.records.first?.data == ["z": [1, 2], "a": ["k": "vé"], "n": 1.5])
    }

    @Test func integralDoublesAreWrittenAsContractCodingWritesThem() throws {
        let record = LogRecord(
            id: UUID(), receivedAt: Self.receivedAt, data: ["three": .number(3.0), "minus zero": .number(-0.0)])
        let messageID = UUID()
        let envelope = Envelope(payload: LogBatch(records: [record]), messageID: messageID, producedAt: Self.receivedAt)
        #expect(try Self.message([record], messageID: messageID).body == Array(try ContractCoding.encode(envelope)))
    }

    @Test func everyControlCharacterIsEscapedAsContractCodingDoes() throws {
        let text = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self)
        let record = LogRecord(id: UUID(), receivedAt: Self.receivedAt, message: text)
        let messageID = UUID()
        let envelope = Envelope(payload: LogBatch(records: [record]), messageID: messageID, producedAt: Self.receivedAt)
        #expect(try Self.message([record], messageID: messageID).body == Array(try ContractCoding.encode(envelope)))
    }

    @Test func whatJSONCannotHoldIsNotWritten() throws {
        let infinite = LogRecord(id: UUID(), receivedAt: Self.receivedAt, data: ["bad": .number(.infinity)])
        #expect(PassThroughLogRecord(infinite) == nil)
        let ancient = try #require(
            PassThroughLogRecord(
                LogRecord(
                    id: UUID(), receivedAt: Self.receivedAt, timestamp: Date(timeIntervalSince1970: -70_000_000_000))))
        #expect(LogBatchMessage(records: [ancient], messageID: UUID()) == nil)
    }
}
