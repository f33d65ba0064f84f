import Contracts
import Foundation
import Testing

@testable import LogWorkerCore

@Suite("log-worker: reading ingest messages")
struct LogIngestHandlerTests {
    static let receivedAt = Date(timeIntervalSince1970: 1_790_000_000.123)

    static func record(_ number: Int, data: [String: JSONValue] = [:]) -> LogRecord {
        LogRecord(
            id: UUID(), receivedAt: receivedAt, level: "info", message: "message \(number)", service: "svc",
            data: data)
    }

    static func body<P: MessagePayload>(_ payload: P) throws -> [UInt8] {
        Array(try ContractCoding.encode(Envelope(payload: payload)))
    }

    @Test func aBatchGivesItsRecordsInOrder() throws {
        let records = (1...3).map { Self.record($0, data: ["n": .int(Int64($0))]) }
        let logs = try LogIngestHandler.decode(Self.body(LogBatch(records: records)))
        #expect(try logs.map(ComparableLog.init) == records.map(ComparableLog.init))
    }

    @Test func aSingleRecordIsAcceptedToo() throws {
        let record = Self.record(1, data: ["nested": ["a": [1, 2.5, nil, "x"]]])
        let logs = try LogIngestHandler.decode(Self.body(record))
        #expect(try logs.map(ComparableLog.init) == [try ComparableLog(record)])
    }

    @Test func whatTheReaderLeavesTheContractsDecode() throws {
        // A repeated key: the reader leaves the message to the contracts, which keep the first.
        let record = Self.record(1, data: ["k": "v"])
        var text = String(
            decoding: try ContractCoding.encode(Envelope(payload: LogBatch(records: [record]))), as: UTF8.self)
        text = text.replacingOccurrences(of: #""level":"info""#, with: #""level":"warn","level":"info""#)
        #expect(LogMessageReader.read(Array(text.utf8)) == nil)
        let logs = try LogIngestHandler.decode(Array(text.utf8))
        #expect(logs.map(\.level) == ["warn"])
        #expect(logs.map(\.id) == [record.id])
    }

    @Test func anEmptyBatchCanNeverBeStored() throws {
        let error = #expect(throws: ContractError.self) {
            try LogIngestHandler.decode(Self.body(LogBatch(records: [])))
        }
        #expect(error?.description == "field 'payload.records' expected at least one record, found none")
    }

    @Test func anotherMessageTypeIsRefusedByName() throws {
        let user = UserRecord(id: 1, firstName: "A", lastName: "B", emailAddress: "a@example.com", createdAt: nil)
        let error = #expect(throws: ContractError.self) { try LogIngestHandler.decode(Self.body(user)) }
        #expect(error?.description == "unexpected message type 'user.record', expected 'log.batch'")
    }

    @Test func invalidJSONNamesThePosition() {
        let error = #expect(throws: ContractError.self) { try LogIngestHandler.decode(Array("{\"oops".utf8)) }
        #expect(error?.description.hasPrefix("invalid JSON at line 1") == true, "\(String(describing: error))")
    }

    @Test func aRecordWithoutAnIDNamesTheField() throws {
        var document = try #require(
            try ContractCoding.decode(JSONValue.self, from: Data(Self.body(LogBatch(records: [Self.record(1)]))))
                .objectValue)
        var payload = try #require(document["payload"]?.objectValue)
        var record = try #require(payload["records"]?.arrayValue?.first?.objectValue)
        record["id"] = nil
        payload["records"] = .array([.object(record)])
        document["payload"] = .object(payload)
        let error = #expect(throws: ContractError.self) {
            try LogIngestHandler.decode(Array(ContractCoding.encode(JSONValue.object(document))))
        }
        #expect(error?.description == "missing required field 'payload.records[0].id'")
    }
}
