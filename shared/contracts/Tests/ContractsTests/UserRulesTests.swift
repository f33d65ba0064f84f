import Testing

@testable import Contracts

/// Each user rule, tested once here: the services test only that they apply them (a bad row is
/// rejected with its line, a bad body with its field).
@Suite("Rules: e-mail address", .timeLimit(.minutes(1)))
struct EmailAddressRuleTests {
    @Test(arguments: ["a@b.io", "ada.lovelace+tag@mail.example.com", "zoë@exämple.çö", "x@y.z"])
    func plausibleAddressesPass(address: String) {
        #expect(EmailAddressRule.problem(address) == nil)
    }

    @Test(arguments: [
        ("", "empty"),
        ("ada", "expected exactly one @"),
        ("a@b@c.io", "expected exactly one @"),
        ("@example.com", "nothing before the @"),
        ("ada@", "no domain after the @"),
        ("ada@localhost", "the domain is not a dotted name"),
        ("ada@example..com", "the domain is not a dotted name"),
        ("ada@example.", "the domain is not a dotted name"),
        ("ada@.example.com", "the domain is not a dotted name"),
        ("a da@example.com", "contains spaces or control characters"),
        ("ada@exa\u{0}mple.com", "contains spaces or control characters"),
        ("ada@exa\u{3000}mple.com", "contains spaces or control characters"),
        (String(repeating: "a", count: 250) + "@b.io", "longer than 254 bytes"),
    ])
    func implausibleAddressesSayWhy(address: String, problem: String) {
        #expect(EmailAddressRule.problem(address) == problem)
    }

    @Test func theViolationNamesTheFieldAndDoesNotEchoTheAddress() {
        let violation = EmailAddressRule.violation("ada@", field: "email_address")
        #expect(violation?.description == "field 'email_address' is not an e-mail address: no domain after the @")
        #expect(violation?.value == nil)
    }
}

@Suite("Rules: names", .timeLimit(.minutes(1)))
struct NameRuleTests {
    @Test(arguments: ["Ada", "Lee, Jr", " Ann ", "Zoë", "O'Brien", "李", String(repeating: "é", count: 200)])
    func acceptableNamesPass(name: String) {
        #expect(NameRule.standard.problem(name) == nil)
    }

    @Test(arguments: [
        ("", "must not be empty"),
        ("   ", "must not be only white space"),
        ("\u{3000}", "must not be only white space"),
        ("a\u{0}b", "must not contain a control character (NUL, line break, tab, …)"),
        ("a\nb", "must not contain a control character (NUL, line break, tab, …)"),
        ("a\tb", "must not contain a control character (NUL, line break, tab, …)"),
        ("a\u{7F}", "must not contain a control character (NUL, line break, tab, …)"),
        ("a\u{85}b", "must not contain a control character (NUL, line break, tab, …)"),
        (String(repeating: "a", count: 201), "must be at most 200 characters long (found 201)"),
    ])
    func unacceptableNamesSayWhy(name: String, problem: String) {
        #expect(NameRule.standard.problem(name) == problem)
    }

    @Test func theLimitCountsCharactersNotBytes() {
        #expect(NameRule(maximumLength: 3).problem("Zoë") == nil)
        #expect(NameRule(maximumLength: 3).problem("Zoës") != nil)
    }
}

@Suite("Rules: ids, times, ranges, choices", .timeLimit(.minutes(1)))
struct NumberRulesTests {
    @Test func anIdIsPositive() {
        #expect(IdentifierRule.violation(1, field: "id") == nil)
        #expect(IdentifierRule.violation(.max, field: "id") == nil)
        #expect(
            IdentifierRule.violation(0, field: "id")?.description == "field 'id' must be a positive integer, found 0")
        #expect(IdentifierRule.violation(-4, field: "parent_user_id")?.field == "parent_user_id")
    }

    @Test func aTimeIsNoneOrFrom1970ToTheYear9999() {
        #expect(UnixTimeRule.violation(nil, field: "created_at") == nil)
        #expect(UnixTimeRule.violation(0, field: "created_at") == nil)
        #expect(UnixTimeRule.violation(253_402_300_799, field: "created_at") == nil)
        #expect(
            UnixTimeRule.violation(253_402_300_800, field: "merged_at")?.description
                == "field 'merged_at' must be Unix seconds from 0 to 253402300799, or none, found 253402300800")
        #expect(UnixTimeRule.violation(-1, field: "created_at") != nil)
    }

    @Test func anAgeIsFrom0To150() {
        #expect(IntegerRangeRule.age.violation(0, field: "age") == nil)
        #expect(IntegerRangeRule.age.violation(150, field: "age") == nil)
        #expect(
            IntegerRangeRule.age.violation(151, field: "age")?.description
                == "field 'age' must be an integer from 0 to 150, found 151")
        #expect(IntegerRangeRule.age.violation(-1, field: "age") != nil)
    }

    @Test func aChoiceIsOneOfTheConfiguredSet() {
        let roles = ChoiceRule(["admin", "member", "viewer"])
        #expect(roles.violation("member", field: "role") == nil)
        #expect(
            roles.violation("Admin", field: "role")?.description
                == #"field 'role' must be one of admin, member, viewer, found "Admin""#)
    }
}

@Suite("Rules: a whole user", .timeLimit(.minutes(1)))
struct UserRecordRulesTests {
    static let valid = UserRecord(
        id: 7, firstName: "Ada", lastName: "Lovelace", emailAddress: "ada@example.com", createdAt: 1_700_000_000,
        deletedAt: nil, mergedAt: nil, parentUserID: 3)

    @Test func aValidUserBreaksNoRule() {
        #expect(UserRecordRules.violations(of: Self.valid).isEmpty)
    }

    @Test func everyBrokenRuleIsListedInFieldOrder() {
        let user = UserRecord(
            id: 0, firstName: "", lastName: "a\u{0}", emailAddress: "x@", createdAt: -5, deletedAt: 1,
            mergedAt: 253_402_300_800, parentUserID: -1)
        #expect(
            UserRecordRules.violations(of: user).map(\.field) == [
                "id", "first_name", "last_name", "email_address", "created_at", "merged_at", "parent_user_id",
            ])
    }
}
