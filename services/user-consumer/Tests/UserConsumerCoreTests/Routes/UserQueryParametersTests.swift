import Testing

@testable import UserConsumerCore

@Suite("query parameters and cursors", .timeLimit(.minutes(1)))
struct UserQueryParametersTests {
    @Test func limitDefaultsTo100AndTakes1To1000() throws {
        #expect(try UserQueryParameters.limit(nil) == 100)
        #expect(try UserQueryParameters.limit("1") == 1)
        #expect(try UserQueryParameters.limit("1000") == 1000)
    }

    @Test(arguments: ["0", "1001", "-1", "ten", "1.5", "", " 5"])
    func aBadLimitIs400(text: String) {
        let error = #expect(throws: APIError.self) { try UserQueryParameters.limit(text) }
        #expect(error?.status == .badRequest)
        #expect(error?.field == "limit")
        #expect(error?.message.hasPrefix("query parameter 'limit' must be an integer from 1 to 1000") == true)
    }

    @Test func aCursorIsAUserIDOrZero() throws {
        #expect(try UserQueryParameters.cursor(nil, name: "after", in: .query) == 0)
        #expect(try UserQueryParameters.cursor("0", name: "after", in: .query) == 0)
        #expect(try UserQueryParameters.cursor("9223372036854775807", name: "after", in: .query) == Int64.max)
    }

    @Test(arguments: ["-1", "x", "9223372036854775808", "1e3"])
    func aBadCursorNamesWhereItCameFrom(text: String) {
        let header = #expect(throws: APIError.self) {
            try UserQueryParameters.cursor(text, name: "Last-Event-ID", in: .header)
        }
        #expect(header?.message.hasPrefix("header Last-Event-ID must be a user id") == true)
        let query = #expect(throws: APIError.self) { try UserQueryParameters.cursor(text, name: "after", in: .query) }
        #expect(query?.message.hasPrefix("query parameter 'after' must be a user id") == true)
    }

    @Test func aUserIDIsPositive() throws {
        #expect(try UserQueryParameters.userID("42", name: "id", in: .path) == 42)
        for text in ["0", "-3", "abc", ""] {
            let error = #expect(throws: APIError.self) { try UserQueryParameters.userID(text, name: "id", in: .path) }
            #expect(error?.status == .badRequest)
        }
        let missing = #expect(throws: APIError.self) { try UserQueryParameters.userID(nil, name: "id", in: .query) }
        #expect(missing?.message == "query parameter 'id' is required: the user id")
    }

    @Test func followIsTrueOrFalse() throws {
        #expect(try UserQueryParameters.follow(nil) == false)
        #expect(try UserQueryParameters.follow("false") == false)
        #expect(try UserQueryParameters.follow("true") == true)
        #expect(throws: APIError.self) { try UserQueryParameters.follow("yes") }
    }

    @Test func contentTypeMustBeJSON() {
        #expect(UsersController.isJSON("application/json"))
        #expect(UsersController.isJSON("Application/JSON; charset=utf-8"))
        #expect(!UsersController.isJSON("text/plain"))
        #expect(!UsersController.isJSON("application/jsonx"))
        #expect(!UsersController.isJSON(nil))
    }
}
