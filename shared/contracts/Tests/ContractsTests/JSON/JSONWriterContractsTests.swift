import Foundation
import Testing

@testable import Contracts

/// The hand-written contract documents must be `ContractCoding.encode`'s bytes exactly.
@Suite("JSONWriter: the contracts' documents", .timeLimit(.minutes(1)))
struct JSONWriterContractsTests {
    static let texts = ["Ada", "Zoë", "日本語", "🚀", "quote \" \\", "a/b", "tab\t\n\u{1F}", ""]
    static let times: [Int64?] = [nil, 0, 1_700_000_000, -1, Int64.max, Int64.min]

    static func users(count: Int, seed: Int) -> [UserRecord] {
        (0..<count).map { index in
            let n = seed &* 31 &+ index
            return UserRecord(
                id: Int64(n) &* 7_919, firstName: texts[n % texts.count], lastName: texts[(n / 3) % texts.count],
                emailAddress: "user\(n)@example.com", createdAt: times[n % times.count],
                deletedAt: times[(n / 2) % times.count], mergedAt: times[(n / 5) % times.count],
                parentUserID: n % 4 == 0 ? nil : Int64(n))
        }
    }

    static func written<P: MessagePayload>(
        _ envelope: Envelope<P>, payload: (inout JSONWriter) -> Bool
    ) throws -> [UInt8] {
        var writer = JSONWriter()
        let done = writer.envelope(
            type: P.messageType, schemaVersion: envelope.schemaVersion, messageID: envelope.messageID,
            producedAt: envelope.producedAt, payload: payload)
        #expect(done)
        return writer.bytes
    }

    @Test func userBatchesAndRecordsAreTheContractsBytes() throws {
        for seed in 0..<200 {
            let users = Self.users(count: 1 + seed % 7, seed: seed)
            let batch = Envelope(payload: UserBatch(users: users))
            #expect(
                try Self.written(batch) {
                    $0.userBatch(users)
                    return true
                }
                    == Array(try ContractCoding.encode(batch)))
            let single = Envelope(payload: users[0])
            #expect(
                try Self.written(single) {
                    $0.user(users[0])
                    return true
                }
                    == Array(try ContractCoding.encode(single)))
        }
    }

    @Test func refusesADateNoMessageCanCarry() {
        var writer = JSONWriter()
        let done = writer.envelope(
            type: UserBatch.messageType, schemaVersion: 1, messageID: UUID(),
            producedAt: Date(timeIntervalSince1970: 1e12)
        ) { _ in true }
        #expect(!done)
    }
}
