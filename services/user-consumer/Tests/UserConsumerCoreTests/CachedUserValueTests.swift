import Foundation
import Testing

@testable import UserConsumerCore

@Suite("cached user values and change messages")
struct CachedUserValueTests {
    let cipher = EmailCipher(key: EmailCipher.developmentKey)

    func user(_ id: Int64) throws -> StoredUser {
        StoredUser(
            id: id, firstName: "Ada", lastName: "Lovelace", emailSealed: try cipher.seal("ada@example.com", userID: id),
            createdAt: 1_700_000_000, deletedAt: nil, mergedAt: -5, parentUserID: 2)
    }

    @Test func roundTripsWithTheAddressStillSealed() throws {
        let stored = try user(7)
        let value = try CachedUserValue.encode(stored)
        let text = String(decoding: value, as: UTF8.self)
        #expect(!text.contains("ada@example.com"))
        #expect(text.contains("\"email_sealed\":\"\(Data(stored.emailSealed).base64EncodedString())\""))
        #expect(text.contains("\"deleted_at\":null"))
        #expect(try CachedUserValue.decode(value) == stored)
        #expect(try CachedUserValue.decode(value).opened(with: cipher).emailAddress == "ada@example.com")
    }

    @Test func aTombstoneOrForeignValueIsNoUser() {
        #expect(throws: (any Error).self) { try CachedUserValue.decode(CachedUserValue.tombstone) }
        #expect(throws: (any Error).self) { try CachedUserValue.decode(Array("{\"id\":1}".utf8)) }
        #expect(throws: (any Error).self) {
            try CachedUserValue.decode(
                Array(
                    #"{"id":1,"first_name":"a","last_name":"b","email_sealed":"%%%","created_at":null,"deleted_at":null,"merged_at":null,"parent_user_id":null}"#
                        .utf8))
        }
    }

    @Test func changeMessagesAreJSONArraysOfIDs() {
        #expect(UserChangeMessage.encode([3, 17, 42]) == "[3,17,42]")
        #expect(UserChangeMessage.decode("[3,17,42]") == [3, 17, 42])
        #expect(UserChangeMessage.decode(" [ 1 , 2 ] ") == [1, 2])
        #expect(UserChangeMessage.decode("[]") == [])
        for bad in ["", "3", "[a]", "[1,,2]", "{\"ids\":[1]}", "[1.5]"] {
            #expect(UserChangeMessage.decode(bad) == nil, "\(bad)")
        }
    }
}
