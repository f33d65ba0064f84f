import Contracts
import Foundation
import Testing

@Suite("Round trips", .timeLimit(.minutes(1)))
struct RoundTripTests {
    private func roundTrip<P: MessagePayload>(_ envelope: Envelope<P>) throws {
        let data = try ContractCoding.encode(envelope)
        let decoded = try ContractCoding.decode(Envelope<P>.self, from: data)
        #expect(decoded == envelope)
        #expect(decoded.type == P.messageType)
        #expect(decoded.schemaVersion == P.schemaVersion)
        // Plain Foundation coders agree with ContractCoding.
        #expect(try JSONDecoder().decode(Envelope<P>.self, from: JSONEncoder().encode(envelope)) == envelope)
    }

    @Test func userRecord() throws {
        try roundTrip(Fixtures.userRecord)
        try roundTrip(
            Envelope(
                payload: UserRecord(
                    id: .max,
                    firstName: "",
                    lastName: "O'Brien \"Jr\"",
                    emailAddress: "o@example.com",
                    createdAt: nil,
                    deletedAt: 1_700_000_001,
                    mergedAt: 1_700_000_002,
                    parentUserID: nil
                )
            )
        )
    }

    @Test func logRecord() throws {
        try roundTrip(Fixtures.logRecord)
        try roundTrip(Envelope(payload: LogRecord(id: UUID(), receivedAt: Date())))
        try roundTrip(
            Envelope(
                payload: LogRecord(
                    id: UUID(),
                    receivedAt: Date(),
                    timestamp: Date(timeIntervalSince1970: -1.5),
                    data: [
                        "big": .int(9_007_199_254_740_993),
                        "min": .int(.min),
                        "tiny": .number(.leastNonzeroMagnitude),
                        "deep": [["a": [nil, true, 1, 1.25, "x"]]],
                        "emoji 😀": "line\nbreak\u{0}",
                    ]
                )
            )
        )
    }

    @Test func fileTask() throws {
        try roundTrip(Fixtures.fileTask)
    }

    @Test(arguments: FileStatus.allCases)
    func fileEvent(status: FileStatus) throws {
        try roundTrip(Fixtures.fileEvent)
        try roundTrip(
            Envelope(
                payload: FileEvent(
                    snapshot: FileStatusSnapshot(
                        fileID: UUID(),
                        status: status,
                        sizeBytes: 10,
                        error: status == .failed ? "not JSON" : nil,
                        errorLine: status == .failed ? 3 : nil,
                        errorColumn: status == .failed ? 1 : nil
                    ),
                    attempt: 2,
                    occurredAt: Date()
                )
            )
        )
    }

    @Test func userSubmission() throws {
        try roundTrip(Fixtures.userSubmission)
        try roundTrip(Envelope(payload: UserSubmission(slug: "s", users: [], submittedAt: Date())))
    }

    @Test func salesOrder() throws {
        try roundTrip(Fixtures.salesOrder)
        try roundTrip(Envelope(payload: SalesOrder(orderID: "only-the-id")))
    }

    @Test("new envelopes carry the payload's type and version, and round dates to milliseconds")
    func envelopeDefaults() throws {
        let before = Date()
        let envelope = Envelope(payload: Fixtures.salesOrder.payload)
        #expect(envelope.type == "sales.order")
        #expect(envelope.schemaVersion == 1)
        #expect(abs(envelope.producedAt.timeIntervalSince(before)) < 1)
        #expect(envelope.producedAt == ContractDateFormat.roundedToMilliseconds(envelope.producedAt))
        #expect(Envelope(payload: Fixtures.salesOrder.payload).messageID != envelope.messageID)
    }

    @Test("concurrent encoding and decoding from many tasks")
    func concurrentUse() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let envelope = Envelope(payload: SalesOrder(orderID: "ORD-\(index)", quantity: index))
                    let data = try ContractCoding.encode(envelope)
                    return try ContractCoding.decode(Envelope<SalesOrder>.self, from: data) == envelope
                }
            }
            for try await equal in group {
                #expect(equal)
            }
        }
    }
}
