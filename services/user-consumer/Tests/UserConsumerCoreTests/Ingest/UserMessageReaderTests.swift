import Contracts
import Foundation
import TestInfra
import Testing

@testable import UserConsumerCore

/// ``UserMessageReader`` must accept only what the contracts accept, with the same result, and the
/// handler must answer every message as it did with the contracts alone.
@Suite("user-consumer: reading ingest messages without the contracts' decoder", .timeLimit(.minutes(1)))
struct UserMessageReaderTests {
    static let names = [
        "Ada", "Zoë", "日本語", "🚀 Rocket", "quote \" and \\ backslash", "O'Brien", "tab\there", "a/b", "\u{1F}",
        "", "   ", String(repeating: "x", count: 201),
    ]
    static let times: [Int64?] = [nil, 0, 1_700_000_000, -5, 253_402_300_800, Int64.max]

    static func user(_ numbers: inout SeededNumbers) -> UserRecord {
        let ids: [Int64] = [1, 42, Int64.max, 0, -7]
        return UserRecord(
            id: ids[numbers.below(numbers.chance(90) ? 3 : ids.count)],
            firstName: names[numbers.below(numbers.chance(90) ? 8 : names.count)],
            lastName: names[numbers.below(8)],
            emailAddress: numbers.chance(90) ? "user\(numbers.below(1000))@example.com" : "not-an-address",
            createdAt: times[numbers.below(numbers.chance(90) ? 3 : times.count)],
            deletedAt: numbers.chance(70) ? nil : times[numbers.below(times.count)],
            mergedAt: numbers.chance(80) ? nil : 1_700_000_100,
            parentUserID: numbers.chance(80) ? nil : Int64(1 + numbers.below(50)))
    }

    /// The forms of one message: the contracts' own, unsorted with escaped slashes, and pretty-printed.
    static func forms<Payload: MessagePayload>(of envelope: Envelope<Payload>) throws -> [[UInt8]] {
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted]
        return [
            Array(try ContractCoding.encode(envelope)), Array(try JSONEncoder().encode(envelope)),
            Array(try pretty.encode(envelope)),
        ]
    }

    /// The handler's answer with the reader (`read`) and with the contracts alone: the same users,
    /// or errors that say the same.
    static func answers(_ body: [UInt8]) -> (read: String, contracts: String) {
        func describe(_ work: () throws(ContractError) -> UserMessage) -> String {
            do throws(ContractError) {
                let message = try work()
                return "\(message.messageID) \(message.isBatch) \(message.users)"
            } catch {
                return "error \(error.path): \(error.reason)"
            }
        }
        let read = describe { () throws(ContractError) in
            try body.withUnsafeBufferPointer { bytes throws(ContractError) in try UserIngestHandler.read(bytes) }
        }
        let contracts = describe { () throws(ContractError) in
            let message = try UserIngestHandler.decodeWithContracts(Data(body))
            for (index, user) in message.users.enumerated() {
                try UserIngestHandler.validate(user, at: message.path(of: index))
            }
            return message
        }
        return (read, contracts)
    }

    static func checkAgreement(_ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let (read, contracts) = answers(body)
        #expect(read == contracts, "\(String(decoding: body, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    static func fastRead(_ body: [UInt8]) -> UserMessage? {
        body.withUnsafeBufferPointer { UserMessageReader.read($0) }
    }

    @Test func readsWhatTheContractsReadInEveryForm() throws {
        var numbers = SeededNumbers(seed: 1)
        for _ in 0..<400 {
            let users = (0..<(1 + numbers.below(6))).map { _ in Self.user(&numbers) }
            for body in try Self.forms(of: Envelope(payload: UserBatch(users: users))) {
                let read = try #require(Self.fastRead(body), "\(String(decoding: body, as: UTF8.self))")
                #expect(read.users == users && read.isBatch)
                Self.checkAgreement(body)
            }
            for body in try Self.forms(of: Envelope(payload: users[0])) {
                let read = try #require(Self.fastRead(body))
                #expect(read.users == [users[0]] && !read.isBatch)
                Self.checkAgreement(body)
            }
        }
    }

    @Test func namesTheUserThatBreaksARule() throws {
        let users = [
            UserRecord(id: 1, firstName: "Ada", lastName: "L", emailAddress: "ada@example.com", createdAt: 0),
            UserRecord(id: 2, firstName: "Bob", lastName: "B", emailAddress: "nope", createdAt: 0),
        ]
        let body = Array(try ContractCoding.encode(Envelope(payload: UserBatch(users: users))))
        #expect(Self.fastRead(body) != nil)
        #expect(Self.answers(body).read.hasPrefix("error payload.users[1].email_address"))
        Self.checkAgreement(body)
    }

    /// A valid single-user message with one part replaced.
    static func variant(replacing old: String, with new: String) throws -> [UInt8] {
        let user = UserRecord(
            id: 7, firstName: "Ada", lastName: "Lovelace", emailAddress: "ada@example.com", createdAt: 1_700_000_000,
            deletedAt: nil, mergedAt: nil, parentUserID: 3)
        let envelope = Envelope(
            payload: UserBatch(users: [user]), messageID: UUID(uuidString: "6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2e")!,
            producedAt: ContractDateFormat.date(from: "2026-11-21T06:02:13.123Z")!)
        let text = String(decoding: try ContractCoding.encode(envelope), as: UTF8.self)
        #expect(text.contains(old), "\(text)")
        return Array(text.replacingOccurrences(of: old, with: new).utf8)
    }

    @Test(arguments: [
        (#""id":7"#, #""id":7.0"#), (#""id":7"#, #""id":"7""#), (#""id":7"#, #""id":1e1"#),
        (#""id":7"#, #""id":99999999999999999999"#), (#""id":7"#, #""id":null"#), (#""id":7"#, #""i":7"#),
        (#""first_name":"Ada""#, #""first_name":null"#), (#""first_name":"Ada""#, #""first_name":1"#),
        (#""first_name":"Ada""#, #""first_name":"Ada","first_name":"Eve""#),
        (#""created_at":1700000000"#, #""created_at":"1700000000""#),
        (#""created_at":1700000000"#, #""created_at":1.5"#), (#""users":["#, #""users":[1,"#),
        (#""users":["#, #""users":[],"x":["#), (#""schema_version":1"#, #""schema_version":2"#),
        (#""type":"user.batch""#, #""type":"user.other""#), (#""type":"user.batch""#, #""type":"log.batch""#),
        (#""message_id":"#, #""message":"#), (#""payload":{"users""#, #""payload":{"user""#),
        (#""email_address":"ada@example.com""#, #""email_address":"ada@example.com","extra":{"a":1,"a":2}"#),
        (#""email_address":"ada@example.com""#, #""email_address":"\ud800""#),
    ])
    func leavesEveryOtherShapeToTheContracts(old: String, new: String) throws {
        let body = try Self.variant(replacing: old, with: new)
        #expect(Self.fastRead(body) == nil, "\(String(decoding: body, as: UTF8.self))")
        Self.checkAgreement(body)
    }

    @Test func readsUnknownKeysAndNullsAsTheContractsDo() throws {
        let body = try Self.variant(
            replacing: #""email_address":"ada@example.com""#,
            with: #""email_address":"ada@example.com","nickname":{"x":[1,null]}"#)
        let read = try #require(Self.fastRead(body))
        #expect(read.users.first?.deletedAt == nil && read.users.first?.parentUserID == 3)
        Self.checkAgreement(body)
    }

    @Test(arguments: ["", "[]", "{}", "{} x", #"{"type":"user.batch""#, "null"])
    func refusesWhatIsNotAUserMessage(_ body: String) {
        #expect(Self.fastRead(Array(body.utf8)) == nil)
        Self.checkAgreement(Array(body.utf8))
    }
}
