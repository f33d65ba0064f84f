import Testing

@testable import LogAPICore

@Suite("Content-Type of log bodies", .timeLimit(.minutes(2)))
struct LogMediaTypeTests {
    @Test func jsonAndNDJSONWithParameters() {
        #expect(LogMediaType(contentType: "application/json") == .json)
        #expect(LogMediaType(contentType: "Application/JSON; charset=UTF-8") == .json)
        #expect(LogMediaType(contentType: "application/json;charset=\"utf-8\"") == .json)
        #expect(LogMediaType(contentType: "application/x-ndjson") == .ndjson)
        #expect(LogMediaType(contentType: "application/ndjson; charset=utf-8") == .ndjson)
    }

    @Test func otherTypesAndCharsetsAreRefused() {
        #expect(LogMediaType(contentType: nil) == nil)
        #expect(LogMediaType(contentType: "") == nil)
        #expect(LogMediaType(contentType: "text/plain") == nil)
        #expect(LogMediaType(contentType: "application/jsonx") == nil)
        #expect(LogMediaType(contentType: "application/x-www-form-urlencoded") == nil)
        #expect(LogMediaType(contentType: "application/json; charset=latin1") == nil)
    }
}
