import Contracts
import NIOCore
import Testing

@testable import UserConsumerCore

@Suite("POST /users body validation", .timeLimit(.minutes(1)))
struct NewUserInputTests {
    static let valid = #"""
        {"id": 7, "first_name": "Ada", "last_name": "Lovelace", "email_address": "ada@example.com",
         "created_at": 1700000000, "deleted_at": -1, "merged_at": null, "parent_user_id": 3}
        """#

    func parse(_ text: String) -> Result<UserRecord, UserInputError> {
        NewUserInput.parse(ByteBuffer(string: text))
    }

    func failure(_ text: String) -> UserInputError? {
        if case .failure(let error) = parse(text) { return error }
        return nil
    }

    /// `valid` with `field` replaced by the JSON `value` (or removed when nil).
    func with(_ field: String, _ value: String?) -> String {
        var fields: [String: String] = [
            "id": "7", "first_name": "\"Ada\"", "last_name": "\"Lovelace\"", "email_address": "\"ada@example.com\"",
        ]
        fields[field] = value
        return "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ",") + "}"
    }

    @Test func aValidUserWithMinusOneAsNone() throws {
        let user = try parse(Self.valid).get()
        #expect(
            user
                == UserRecord(
                    id: 7, firstName: "Ada", lastName: "Lovelace", emailAddress: "ada@example.com",
                    createdAt: 1_700_000_000, deletedAt: nil, mergedAt: nil, parentUserID: 3))
    }

    @Test func optionalFieldsMayBeAbsent() throws {
        let user = try parse(with("id", "9")).get()
        #expect(user.id == 9 && user.createdAt == nil && user.parentUserID == nil)
    }

    @Test func anUnknownFieldIsRejectedByName() {
        let error = failure(with("parent_id", "3"))
        #expect(error?.field == "parent_id")
        #expect(error?.message.hasPrefix("unknown field 'parent_id'") == true)
    }

    /// The body's own syntax, and that the shared rules (``UserRecordRules``, tested in Contracts)
    /// are applied: one case per rule, answered with its field.
    @Test(arguments: [
        ("id", nil, "missing required field 'id'"),
        ("id", "0", "field 'id' must be a positive integer, found 0"),
        ("first_name", "\"\"", "field 'first_name' must not be empty"),
        (
            "last_name", "\"a\\u0000b\"",
            "field 'last_name' must not contain a control character (NUL, line break, tab, …)"
        ),
        ("email_address", "\"ada@\"", "field 'email_address' is not an e-mail address: no domain after the @"),
        (
            "merged_at", "253402300800",
            "field 'merged_at' must be Unix seconds from 0 to 253402300799, or none, found 253402300800"
        ),
        ("parent_user_id", "-1", "field 'parent_user_id' must be a positive integer, found -1"),
    ])
    func aBadFieldIsNamed(field: String, value: String?, message: String) {
        let error = failure(with(field, value))
        #expect(error?.field == field)
        #expect(error?.message == message)
    }

    @Test func aValueOfTheWrongTypeIsNamed() {
        let error = failure(with("id", "\"7\""))
        #expect(error?.field == "id")
        #expect(error?.message == "field 'id' expected an integer, found a string")
        #expect(failure(with("created_at", "1.5"))?.field == "created_at")
    }

    @Test func aBodyThatIsNotOneJSONObject() {
        #expect(failure("[1,2]")?.message == "the body must be a JSON object holding one user")
        #expect(failure("{\"id\": 1,")?.message.hasPrefix("invalid JSON at line 1") == true)
        #expect(failure("")?.field == nil)
    }
}
