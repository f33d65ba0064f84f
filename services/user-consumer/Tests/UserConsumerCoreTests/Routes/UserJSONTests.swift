import Contracts
import Foundation
import NIOCore
import Testing

@testable import UserConsumerCore

@Suite("user JSON of the API", .timeLimit(.minutes(1)))
struct UserJSONTests {
    static let users = [
        UserRecord(
            id: 7, firstName: "Ada", lastName: "Lovelace", emailAddress: "ada@example.com", createdAt: 1_700_000_000,
            deletedAt: nil, mergedAt: nil, parentUserID: nil),
        UserRecord(
            id: Int64.max, firstName: "Zoë \"Z\" Ünal", lastName: "back\\slash/slash\ttab\nline\r\u{8}\u{C}\u{1}\u{1F}",
            emailAddress: "zoë@exämple.com", createdAt: -62_135_596_800, deletedAt: 0, mergedAt: 253_402_300_799,
            parentUserID: 1),
        UserRecord(
            id: 1, firstName: "😀 \u{2028}", lastName: "\u{7F}", emailAddress: "a@b.c", createdAt: nil,
            deletedAt: -1, mergedAt: 5, parentUserID: Int64.max),
    ]

    @Test(arguments: users)
    func isByteForByteTheContractEncoding(user: UserRecord) throws {
        let ours = String(buffer: UserJSON.encode(user))
        let contract = String(decoding: try ContractCoding.encode(user), as: UTF8.self)
        #expect(ours == contract)
        #expect(try ContractCoding.decode(UserRecord.self, from: ours) == user)
    }
}

@Suite("Server-Sent Events format", .timeLimit(.minutes(1)))
struct UserEventFormatTests {
    @Test func aUserIsOneEventWithItsIDAndOneDataLine() {
        var buffer = ByteBuffer()
        let user = UserRecord(
            id: 42, firstName: "Line\nbreak", lastName: "L", emailAddress: "l@example.com", createdAt: 1)
        UserEventFormat.writeUser(user, into: &buffer)
        #expect(
            String(buffer: buffer)
                == "id: 42\nevent: user\ndata: {\"created_at\":1,\"deleted_at\":null,\"email_address\":\"l@example.com\","
                + "\"first_name\":\"Line\\nbreak\",\"id\":42,\"last_name\":\"L\",\"merged_at\":null,\"parent_user_id\":null}\n\n"
        )
    }

    @Test func controlEvents() {
        #expect(String(buffer: UserEventFormat.end(sent: 3)) == "event: end\ndata: {\"sent\":3}\n\n")
        #expect(String(buffer: UserEventFormat.live(sent: 0)) == "event: live\ndata: {\"sent\":0}\n\n")
        #expect(String(buffer: UserEventFormat.keepAlive) == ": keep-alive\n\n")
        #expect(
            String(buffer: UserEventFormat.error("say \"no\"\nnow"))
                == "event: error\ndata: {\"error\":\"say \\\"no\\\"\\nnow\"}\n\n")
    }
}
