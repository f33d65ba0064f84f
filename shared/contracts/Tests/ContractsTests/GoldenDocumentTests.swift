import Contracts
import Foundation
import Testing

/// One message type checked against its golden document.
struct GoldenCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// Decodes the document and tells whether it equals the expected value.
    let decodesToExpected: @Sendable (Data) throws -> Bool
    /// Encodes the expected value with `ContractCoding.encode`.
    let encodeExpected: @Sendable () throws -> Data
    /// Encodes the expected value with a plain `JSONEncoder` (default strategies).
    let encodeWithPlainEncoder: @Sendable (JSONEncoder) throws -> Data

    var testDescription: String { name }

    init<P: MessagePayload>(_ expected: Envelope<P>) {
        name = P.messageType
        decodesToExpected = { data in try ContractCoding.decode(Envelope<P>.self, from: data) == expected }
        encodeExpected = { try ContractCoding.encode(expected) }
        encodeWithPlainEncoder = { encoder in try encoder.encode(expected) }
    }

    static let all = [
        GoldenCase(Fixtures.userRecord),
        GoldenCase(Fixtures.logRecord),
        GoldenCase(Fixtures.userBatch),
        GoldenCase(Fixtures.logBatch),
        GoldenCase(Fixtures.fileTask),
        GoldenCase(Fixtures.fileEvent),
        GoldenCase(Fixtures.userSubmission),
        GoldenCase(Fixtures.salesOrder),
    ]
}

@Suite("Golden documents", .timeLimit(.minutes(1)))
struct GoldenDocumentTests {
    @Test("decoding the golden document gives the expected value", arguments: GoldenCase.all)
    func decodesGolden(_ golden: GoldenCase) throws {
        #expect(try golden.decodesToExpected(Fixtures.golden(golden.name)))
    }

    @Test("encoding the expected value gives exactly the golden bytes", arguments: GoldenCase.all)
    func encodesGolden(_ golden: GoldenCase) throws {
        let encoded = try golden.encodeExpected()
        let expected = try Fixtures.golden(golden.name)
        #expect(String(decoding: encoded, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(encoded == expected)
    }

    @Test("any JSONEncoder writes the contract's names, dates and UUIDs", arguments: GoldenCase.all)
    func plainEncoderAgrees(_ golden: GoldenCase) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970  // ignored by contract types
        #expect(try golden.encodeWithPlainEncoder(encoder) == Fixtures.golden(golden.name))
    }

    @Test("every message type has its name and version 1")
    func messageTypes() {
        #expect(UserRecord.messageType == "user.record")
        #expect(LogRecord.messageType == "log.record")
        #expect(FileTask.messageType == "file.task")
        #expect(FileEvent.messageType == "file.event")
        #expect(UserSubmission.messageType == "user.submission")
        #expect(SalesOrder.messageType == "sales.order")
        #expect(UserBatch.messageType == "user.batch")
        #expect(LogBatch.messageType == "log.batch")
        let versions = [
            UserRecord.schemaVersion, LogRecord.schemaVersion, FileTask.schemaVersion, FileEvent.schemaVersion,
            UserSubmission.schemaVersion, SalesOrder.schemaVersion, UserBatch.schemaVersion, LogBatch.schemaVersion,
        ]
        #expect(versions.allSatisfy { $0 == 1 })
    }

    @Test("the envelope header reads any message without its payload")
    func header() throws {
        let header = try ContractCoding.decode(EnvelopeHeader.self, from: Fixtures.golden("log.record"))
        #expect(header.type == "log.record")
        #expect(header.schemaVersion == 1)
        #expect(header.messageID == Fixtures.logRecord.messageID)
        #expect(header.producedAt == Fixtures.producedAt)
    }
}
