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

    static func body<P: MessagePayload>(_ payload: P) throws -> Data {
        try ContractCoding.encode(Envelope(payload: payload))
    }

    @Test func aBatchGivesItsRecordsInOrder() throws {
        let records = (1...3).map { Self.record($0, data: ["n": .int(Int64($0))]) }
        #expect(try LogIngestHandler.decode(Self.body(LogBatch(records: records))) == records)
    }

    @Test func aSingleRecordIsAcceptedToo() throws {
        let record = Self.record(1, data: ["nested": ["a": [1, 2.5, nil, "x"]]])
        #expect(try LogIngestHandler.decode(Self.body(record)) == [record])
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
        let error = #expect(throws: ContractError.self) { try LogIngestHandler.decode(Data("{\"oops".utf8)) }
        #expect(error?.description.hasPrefix("invalid JSON at line 1") == true, "\(String(describing: error))")
    }

    @Test func aRecordWithoutAnIDNamesTheField() throws {
        var document = try #require(
            try ContractCoding.decode(JSONValue.self, from: Self.body(LogBatch(records: [Self.record(1)])))
                .objectValue)
        var payload = try #require(document["payload"]?.objectValue)
        var record = try #require(payload["records"]?.arrayValue?.first?.objectValue)
        record["id"] = nil
        payload["records"] = .array([.object(record)])
        document["payload"] = .object(payload)
        let error = #expect(throws: ContractError.self) {
            try LogIngestHandler.decode(ContractCoding.encode(JSONValue.object(document)))
        }
        #expect(error?.description == "missing required field 'payload.records[0].id'")
    }

    @Test func contractErrorsArePermanentAndOtherErrorsAreNot() {
        #expect(LogIngestHandler.isPermanentFailure(ContractError(path: "", reason: .missingField)))
        #expect(!LogIngestHandler.isPermanentFailure(CancellationError()))
    }
}
