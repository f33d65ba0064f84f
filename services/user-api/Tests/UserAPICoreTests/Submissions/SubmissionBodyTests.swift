import Contracts
import ServiceKit
import Testing

@testable import UserAPICore

@Suite("POST /api/user bodies", .timeLimit(.minutes(1)))
struct SubmissionBodyTests {
    func users(
        _ text: String, _ format: SubmissionBody.Format = .json, maximumUsers: Int = 10_000
    ) throws(APIError)
        -> [String]
    {
        try SubmissionBody.users(
            Array(text.utf8), format: format, maximumUsers: maximumUsers, maximumUserBytes: 1000
        ).map { String(decoding: $0, as: UTF8.self) }
    }

    func refusal(_ text: String, _ format: SubmissionBody.Format = .json, maximumUsers: Int = 10_000) -> APIError? {
        do {
            _ = try users(text, format, maximumUsers: maximumUsers)
            return nil
        } catch {
            return error
        }
    }

    @Test func oneObjectOrAnArrayGivesTheUsersAsSent() throws {
        #expect(try users(#" {"name":"Ada","age":36} "#) == [#"{"name":"Ada","age":36}"#])
        #expect(
            try users(#"[{"name":"Ada","age":36}, {"age":"x"} ]"#) == [#"{"name":"Ada","age":36}"#, #"{"age":"x"}"#])
    }

    @Test func theShapeIsCheckedWithThePosition() {
        let notObject = refusal("[{\"name\":\"A\"},\n 7]")
        #expect(notObject?.status == .badRequest)
        #expect(notObject?.index == 1)
        #expect(notObject?.line == 2 && notObject?.column == 2)
        let broken = refusal(#"[{"name":"A"},{"name":}]"#)
        #expect(broken?.status == .badRequest && broken?.index == 1 && broken?.column == 23)
        #expect(refusal("not json")?.status == .badRequest)
        #expect(refusal(#"{"a":1} {"b":2}"#)?.status == .badRequest)
        #expect(refusal("[]")?.code == "no_users")
        #expect(refusal(#"[{"a":1}"#)?.status == .badRequest)
    }

    @Test func tooManyOrTooLargeUsersAre413() {
        let many = refusal("[" + Array(repeating: "{}", count: 4).joined(separator: ",") + "]", maximumUsers: 3)
        #expect(many?.status == .contentTooLarge && many?.index == 3)
        let large = refusal("[{},{\"name\":\"" + String(repeating: "a", count: 2000) + "\"}]")
        #expect(large?.status == .contentTooLarge && large?.index == 1)
    }

    @Test func theMediaTypeDecidesTheFormat() throws {
        #expect(try SubmissionBody.format("application/json; charset=utf-8") == .json)
        #expect(try SubmissionBody.format("text/csv") == .csv)
        #expect(throws: APIError.self) { try SubmissionBody.format("text/plain") }
        #expect(throws: APIError.self) { try SubmissionBody.format(nil) }
    }

    @Test func csvRowsBecomeObjects() throws {
        let csv = "age,name,email,phone\r\n36,\"Lovelace, Ada\",ada@example.com,\n\nx,\"Bob \"\"B\"\"\",,+1 555 0100\n"
        #expect(
            try users(csv, .csv) == [
                #"{"name":"Lovelace, Ada","age":36,"email":"ada@example.com"}"#,
                #"{"name":"Bob \"B\"","age":"x","phone":"+1 555 0100"}"#,
            ])
        #expect(refusal("name,age,city\nA,1,X\n", .csv)?.field == "city")
        #expect(refusal("name\nA\n", .csv)?.field == "age")
        let short = refusal("name,age\nA,1\nB\n", .csv)
        #expect(short?.index == 1 && short?.line == 3)
        #expect(refusal("name,age\n\"A,1\n", .csv)?.status == .badRequest)
        #expect(refusal("name,age\n", .csv)?.code == "no_users")
    }
}

@Suite("submitted user rules", .timeLimit(.minutes(1)))
struct SubmittedUserRulesTests {
    func check(_ json: String) -> SubmittedUserRules.Check {
        SubmittedUserRules.check(Array(json.utf8), index: 4)
    }

    @Test func aValidUserPasses() {
        #expect(
            check(#"{"name":"Ada","age":36,"email":"ada@example.com","phone":"+44 (20) 7946-0958"}"#)
                == .valid(SubmittedUser(name: "Ada", age: 36, email: "ada@example.com", phone: "+44 (20) 7946-0958")))
        #expect(
            check(#"{"name":"Ada","age":0,"email":null}"#)
                == .valid(SubmittedUser(name: "Ada", age: 0, email: nil, phone: nil)))
    }

    @Test func everyProblemIsCollected() {
        guard case .invalid(let errors) = check(#"{"name":" ","age":151,"email":"x","phone":"12","city":1}"#) else {
            Issue.record("accepted")
            return
        }
        #expect(errors.map(\.field) == ["city", "name", "age", "email", "phone"])
        #expect(errors.allSatisfy { $0.index == 4 })
        #expect(errors[2].reason.contains("0 to 150"))
    }

    @Test func typesAndPresenceAreChecked() {
        guard case .invalid(let errors) = check(#"{"age":"36","email":7}"#) else {
            Issue.record("accepted")
            return
        }
        #expect(errors.map(\.field) == ["name", "age", "email"])
        guard case .invalid(let whole) = check("[1]") else {
            Issue.record("accepted")
            return
        }
        #expect(whole.count == 1 && whole[0].field == nil)
    }

    @Test func readAsAWholeValueWouldBe() {
        #expect(
            check(#"{"name":"Ada","age":36.0}"#) == .valid(SubmittedUser(name: "Ada", age: 36, email: nil, phone: nil)))
        guard case .invalid(let fraction) = check(#"{"name":"Ada","age":36.5}"#) else {
            Issue.record("accepted")
            return
        }
        #expect(fraction.map(\.field) == ["age"])
        for json in [#"{"name":"Ada","age":36,"name":"Bob"}"#, #"{"x":1,"x":2}"#, #"{"name":"Ada","age":3"#, "{} 1"] {
            guard case .invalid(let errors) = check(json) else {
                Issue.record("accepted \(json)")
                continue
            }
            #expect(errors.count == 1 && errors[0].field == nil, "\(json): \(errors)")
        }
        #expect(
            check(#" {"phone":null,"age":7,"name":"Kid"} "#)
                == .valid(SubmittedUser(name: "Kid", age: 7, email: nil, phone: nil)))
    }

    @Test func phoneNumbers() {
        #expect(PhoneNumberRule.problem("+1 555 010 0100") == nil)
        #expect(PhoneNumberRule.problem("555-0100") == nil)
        #expect(PhoneNumberRule.problem("12345") != nil)
        #expect(PhoneNumberRule.problem("1+2345678") != nil)
        #expect(PhoneNumberRule.problem("call 5550100") != nil)
    }
}

@Suite("submission slugs and messages", .timeLimit(.minutes(1)))
struct SubmissionMessageTests {
    @Test func slugsAreShortURLSafeAndDifferent() {
        let slugs = (0..<1000).map { _ in SubmissionSlug.make() }
        #expect(Set(slugs).count == 1000)
        #expect(slugs.allSatisfy { SubmissionSlug.isWellFormed($0) })
        #expect(slugs.allSatisfy { $0.count == 22 && $0.last.map { "AQgw".contains($0) } == true })
        #expect(!SubmissionSlug.isWellFormed("short"))
        #expect(!SubmissionSlug.isWellFormed("abcdefghijklmnopqrstu/"))
    }

    @Test func splittingKeepsOrderAndSize() throws {
        let users = (0..<1000).map { Array(#"{"name":"user \#($0)","age":\#($0 % 100)}"#.utf8) }
        let slug = SubmissionSlug.make()
        let messages = SubmissionMessage.split(slug: slug, users: users, maximumBytes: 4096)
        #expect(messages.count > 1)
        #expect(messages.allSatisfy { $0.encoded.count <= 4096 && $0.parts == messages.count })
        #expect(messages.map(\.part) == Array(0..<messages.count))
        var next = 0
        for message in messages {
            #expect(message.firstIndex == next)
            let decoded = try SubmissionMessage.decode(message.encoded)
            #expect(decoded == message)
            next += message.users.count
        }
        #expect(messages.flatMap(\.users) == users)
        #expect(SubmissionMessage.split(slug: slug, users: users, maximumBytes: 1_000_000).count == 1)
    }

    @Test func anUndecodableMessageSaysWhy() {
        for value in [
            "", "{", #"{"slug":"x","part":0,"parts":1,"first_index":0,"users":[{}]}"#,
            #"{"slug":"AAAAAAAAAAAAAAAAAAAAAA","part":1,"parts":1,"first_index":0,"users":[{}]}"#,
        ] {
            #expect(throws: SubmissionMessage.DecodingError.self) { try SubmissionMessage.decode(Array(value.utf8)) }
        }
    }
}
