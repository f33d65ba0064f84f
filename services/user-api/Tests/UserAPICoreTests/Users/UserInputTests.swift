import Contracts
import NIOCore
import Testing

@testable import UserAPICore

@Suite("user bodies", .timeLimit(.minutes(1)))
struct UserInputTests {
    let roles = ChoiceRule(["admin", "member", "viewer"])

    func parse(_ json: String, requireAll: Bool = true) -> Result<UserInput, UserInputError> {
        UserInput.parse(ByteBuffer(string: json), roles: roles, requireAll: requireAll)
    }

    @Test func aValidCreateKeepsTheFieldsAsGiven() throws {
        let input = try parse(#"{"name":" Ada ","email":"Ada@Example.com","role":"admin"}"#).get()
        #expect(input == UserInput(name: " Ada ", email: "Ada@Example.com", role: "admin"))
    }

    @Test func eachProblemNamesItsField() {
        let cases: [(String, String?)] = [
            (#"{"name":"A","email":"a@b","role":"admin"}"#, "email"),
            (#"{"name":"A","email":"a@b.c","role":"Admin"}"#, "role"),
            (#"{"name":"A\u0000","email":"a@b.c","role":"admin"}"#, "name"),
            (#"{"email":"a@b.c","role":"admin"}"#, "name"),
            (#"{"name":"A","email":"a@b.c","role":null}"#, "role"),
            (#"{"name":"A","email":"a@b.c","role":"admin","extra":1}"#, "extra"),
            (#"{"name":"A""#, nil),
            ("\"text\"", nil),
        ]
        for (json, field) in cases {
            guard case .failure(let error) = parse(json) else {
                Issue.record("accepted \(json)")
                continue
            }
            #expect(error.field == field, "\(json): \(error.message)")
        }
    }

    @Test func aPatchTakesAnySubsetButNotNothing() throws {
        #expect(try parse(#"{"role":"viewer"}"#, requireAll: false).get() == UserInput(role: "viewer"))
        guard case .failure(let error) = parse("{}", requireAll: false) else {
            Issue.record("accepted an empty patch")
            return
        }
        #expect(error.field == nil)
        #expect(error.message.contains("nothing to change"))
    }
}
