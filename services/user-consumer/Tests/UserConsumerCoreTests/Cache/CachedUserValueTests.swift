import Foundation
import Testing

@testable import UserConsumerCore

@Suite("cached user values and change messages", .timeLimit(.minutes(1)))
struct CachedUserValueTests {
    let cipher = EmailCipher(key: EmailCipher.developmentKey)

    func user(_ id: Int64) throws -> StoredUser {
        StoredUser(
            id: id, firstName: "Ada", lastName: "Lovelace", emailSealed: try cipher.seal("ada@example.com", userID: id),
            createdAt: 1_700_000_000, deletedAt: nil, mergedAt: -5, parentUserID: 2)
    }

    @Test func roundTripsWithTheAddressStillSealed() throws {
        let stored = try user(7)
        let value = CachedUserValue.encode(stored)
        let text = String(decoding: value, as: UTF8.self)
        #expect(!text.contains("ada@example.com"))
        #expect(text.contains("\"email_sealed\":\"\(Data(stored.emailSealed).base64EncodedString())\""))
        #expect(text.contains("\"deleted_at\":null"))
        #expect(try CachedUserValue.decode(value) == stored)
        #expect(try CachedUserValue.decode(value).opened(with: cipher).emailAddress == "ada@example.com")
    }

    /// The same value Foundation's encoder writes for the row (keys sorted, nulls kept).
    static func foundationJSON(_ user: StoredUser) throws -> String {
        struct Row: Encodable {
            let user: StoredUser
            enum Keys: String, CodingKey {
                case id
                case firstName = "first_name"
                case lastName = "last_name"
                case emailSealed = "email_sealed"
                case createdAt = "created_at"
                case deletedAt = "deleted_at"
                case mergedAt = "merged_at"
                case parentUserID = "parent_user_id"
            }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(user.id, forKey: .id)
                try container.encode(user.firstName, forKey: .firstName)
                try container.encode(user.lastName, forKey: .lastName)
                try container.encode(Data(user.emailSealed).base64EncodedString(), forKey: .emailSealed)
                try container.encode(user.createdAt, forKey: .createdAt)
                try container.encode(user.deletedAt, forKey: .deletedAt)
                try container.encode(user.mergedAt, forKey: .mergedAt)
                try container.encode(user.parentUserID, forKey: .parentUserID)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(Row(user: user)), as: UTF8.self)
    }

    @Test(arguments: [
        ("Ada", "Lovelace", Int64(1), Int64?.some(0), Int64?.none),
        ("Zoë \"Z\" \\ / 😀 \u{2028}", "tab\tline\nret\r\u{8}\u{C}\u{1}\u{1F}\u{7F}", Int64.max, Int64.min, -1),
        ("", "x", Int64(42), nil, Int64?.some(253_402_300_799)),
    ])
    func isTheCompactJSONOfTheRowAndReadsBack(
        firstName: String, lastName: String, id: Int64, createdAt: Int64?, mergedAt: Int64?
    ) throws {
        let stored = StoredUser(
            id: id, firstName: firstName, lastName: lastName, emailSealed: try cipher.seal("a@b.co", userID: id),
            createdAt: createdAt, deletedAt: nil, mergedAt: mergedAt, parentUserID: id)
        let value = CachedUserValue.encode(stored)
        #expect(String(decoding: value, as: UTF8.self) == (try Self.foundationJSON(stored)))
        #expect(try CachedUserValue.decode(value) == stored)
    }

    @Test func readsEveryJSONEscapeInNames() throws {
        let value =
            #"{"created_at":null,"deleted_at":null,"email_sealed":"AAEC","first_name":"\u00e9\ud83d\ude00\/\"","#
            + #""id":3,"last_name":"\b\f\n\r\t\\","merged_at":null,"parent_user_id":null}"#
        let user = try CachedUserValue.decode(Array(value.utf8))
        #expect(user.firstName == "é😀/\"")
        #expect(user.lastName == "\u{8}\u{C}\n\r\t\\")
        #expect(user.emailSealed == [0, 1, 2])
    }

    static let otherValues = [
        "", "{}", "deleted", #"{"id":1}"#,
        #"{"created_at":1,"deleted_at":null,"email_sealed":"AAEC","first_name":"a","id":1,"last_name":"b","merged_at":null}"#,
        #"{"created_at":1,"deleted_at":null,"email_sealed":"AAEC","first_name":"a","id":1,"last_name":"b","merged_at":null,"parent_user_id":null} "#,
        #"{"created_at":1.5,"deleted_at":null,"email_sealed":"AAEC","first_name":"a","id":1,"last_name":"b","merged_at":null,"parent_user_id":null}"#,
        #"{"created_at":1,"deleted_at":null,"email_sealed":"AAEC","first_name":"a","id":9223372036854775808,"last_name":"b","merged_at":null,"parent_user_id":null}"#,
        #"{"created_at":1,"deleted_at":null,"email_sealed":"%%%","first_name":"a","id":1,"last_name":"b","merged_at":null,"parent_user_id":null}"#,
        #"{"created_at":1,"deleted_at":null,"email_sealed":"AAEC","first_name":"\ud800","id":1,"last_name":"b","merged_at":null,"parent_user_id":null}"#,
        #"{"created_at":1,"deleted_at":null,"email_sealed":"AAEC","first_name":"a\qb","id":1,"last_name":"b","merged_at":null,"parent_user_id":null}"#,
        "{\"created_at\":1,\"deleted_at\":null,\"email_sealed\":\"AAEC\",\"first_name\":\"a\u{1}b\",\"id\":1,"
            + "\"last_name\":\"b\",\"merged_at\":null,\"parent_user_id\":null}",
        #"{"created_at":1,"deleted_at":null,"email_sealed":"AAEC","first_name":"unterminated"#,
    ]

    @Test(arguments: otherValues)
    func anyOtherValueIsNoUser(value: String) {
        #expect(throws: CachedUserValueError.self) { try CachedUserValue.decode(Array(value.utf8)) }
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
