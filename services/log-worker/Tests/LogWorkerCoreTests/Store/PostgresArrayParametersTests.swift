import Contracts
import Foundation
import PostgresNIO
import Testing

@testable import LogWorkerCore

@Suite("log-worker: the insert's array parameters", .timeLimit(.minutes(2)))
struct PostgresArrayParametersTests {
    static func bytes(_ value: some PostgresNonThrowingEncodable) -> [UInt8] {
        var buffer = ByteBuffer()
        value.encode(into: &buffer, context: .default)
        return Array(buffer.readableBytesView)
    }

    /// The `array_recv` layout: dimensions, has-NULLs flag, element type, then length and lower bound.
    static func header(elementType: UInt32, count: Int32, hasNulls: Bool) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(1, as: Int32.self)
        buffer.writeInteger(hasNulls ? 1 : 0, as: Int32.self)
        buffer.writeInteger(elementType)
        buffer.writeInteger(count)
        buffer.writeInteger(1, as: Int32.self)
        return Array(buffer.readableBytesView)
    }

    @Test func aNullableTextArrayWritesNULLAsLengthMinusOne() {
        var expected = Self.header(elementType: 25, count: 3, hasNulls: true)
        expected += [0, 0, 0, 2] + Array("ab".utf8)
        expected += [0xFF, 0xFF, 0xFF, 0xFF]
        expected += [0, 0, 0, 3] + Array("é!".utf8)
        #expect(Self.bytes(NullableTextArray(elements: ["ab", nil, "é!"])) == expected)
        #expect(NullableTextArray.psqlType == .textArray)
    }

    @Test func aJSONBArrayPrefixesEachDocumentWithTheVersion() {
        var expected = Self.header(elementType: 3802, count: 2, hasNulls: false)
        expected += [0, 0, 0, 3, 1] + Array("{}".utf8)
        expected += [0, 0, 0, 8, 1] + Array(#"{"a":1}"#.utf8)
        #expect(Self.bytes(JSONBArray(documents: [Array("{}".utf8), Array(#"{"a":1}"#.utf8)])) == expected)
    }

    @Test func anEmptyArrayHasNoDimensions() {
        #expect(Self.bytes(NullableTextArray(elements: [])) == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25])
    }

    @Test func timestampsAreExactToTheMillisecond() throws {
        // A floating-point product truncated to an integer loses a microsecond for some of these.
        for milliseconds in Int64(1_790_000_000_000)..<1_790_000_002_000 {
            let date = ContractDateFormat.roundedToMilliseconds(
                Date(timeIntervalSince1970: Double(milliseconds) / 1_000))
            #expect(TimestampArray.postgresMicroseconds(date) == (milliseconds - 946_684_800_000) * 1_000)
        }
        let date = try #require(ContractDateFormat.date(from: "2026-09-21T14:13:20.123Z"))
        var expected = Self.header(elementType: 1184, count: 1, hasNulls: false) + [0, 0, 0, 8]
        var value = ByteBuffer()
        value.writeInteger((1_790_000_000_123 - 946_684_800_000) * 1_000 as Int64)
        expected += Array(value.readableBytesView)
        #expect(Self.bytes(TimestampArray(dates: [date])) == expected)
    }

    @Test func columnsFallBackToReceivedAtAndKeepDataAsSent() throws {
        let receivedAt = Date(timeIntervalSince1970: 1_790_000_000.5)
        let timestamp = Date(timeIntervalSince1970: 1_789_999_999.25)
        let logs = [
            IncomingLog(
                id: UUID(), receivedAt: receivedAt, level: "warn", message: "m", service: nil, timestamp: timestamp,
                data: Array(#"{"b": 1, "a": {"x": "y"}}"#.utf8)),
            try IncomingLog(LogRecord(id: UUID(), receivedAt: receivedAt)),
        ]
        let columns = LogColumns(logs)
        #expect(columns.ids == logs.map(\.id))
        #expect(columns.timestamps.dates == [timestamp, receivedAt])
        #expect(columns.receivedAt.dates == [receivedAt, receivedAt])
        #expect(columns.levels.elements == ["warn", nil])
        #expect(columns.services.elements == [nil, nil])
        #expect(columns.messages.elements == ["m", nil])
        #expect(
            columns.data.documents.map { String(decoding: $0, as: UTF8.self) } == [#"{"b": 1, "a": {"x": "y"}}"#, "{}"])
    }
}
