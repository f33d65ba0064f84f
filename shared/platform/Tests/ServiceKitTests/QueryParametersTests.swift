import Testing

@testable import ServiceKit

/// The one query-parameter policy of every service.
@Suite("Query parameters: one policy", .timeLimit(.minutes(1)))
struct QueryParametersTests {
    enum Bucket: String, CaseIterable { case minute, hour }

    func read(
        _ pairs: [(String, String)], allowed: Set<String> = ["limit", "level", "bucket", "follow", "id"]
    )
        throws(QueryParameterError) -> QueryParameters
    {
        try QueryParameters(pairs.map { (name: $0.0, value: $0.1) }, allowed: allowed)
    }

    @Test func anUnknownNameIsRefusedNamingTheKnownOnes() {
        let error = #expect(throws: QueryParameterError.self) {
            try read([("levle", "x")], allowed: ["level", "limit"])
        }
        #expect(
            error == QueryParameterError(parameter: "levle", reason: "unknown parameter; expected one of level, limit"))
    }

    @Test func aNameGivenTwiceIsRefused() {
        let error = #expect(throws: QueryParameterError.self) { try read([("level", "a"), ("level", "b")]) }
        #expect(error?.description == "level: given more than once")
    }

    @Test func aNULCharacterIsRefused() {
        let error = #expect(throws: QueryParameterError.self) { try read([("level", "a\u{0}b")]) }
        #expect(error?.description == "level: contains a NUL character")
    }

    @Test func anEmptyValueCountsAsNotGiven() throws {
        let parameters = try read([("level", ""), ("limit", "")])
        #expect(parameters["level"] == nil)
        #expect(try parameters.integer("limit", in: 1...10) == nil)
    }

    @Test func integersAreCheckedAgainstTheirRange() throws {
        #expect(try read([("limit", "1000")]).integer("limit", in: 1...1000) == 1000)
        for text in ["0", "1001", "ten", "1.5", " 5", "-1"] {
            let error = #expect(throws: QueryParameterError.self) {
                try read([("limit", text)]).integer("limit", in: 1...1000)
            }
            #expect(error?.description == "limit: expected an integer from 1 to 1000, found \"\(text)\"")
        }
    }

    @Test func openRangesAreWordedPlainly() {
        let positive = #expect(throws: QueryParameterError.self) {
            try QueryParameters.integer("0", named: "id", in: Int64(1)...Int64.max)
        }
        #expect(positive?.description == "id: expected a positive integer, found \"0\"")
        let cursor = #expect(throws: QueryParameterError.self) {
            try QueryParameters.integer("x", named: "Last-Event-ID", in: Int64(0)...Int64.max)
        }
        #expect(cursor?.description == "Last-Event-ID: expected an integer ≥ 0, found \"x\"")
    }

    @Test func booleansChoicesAndRequiredValues() throws {
        #expect(try read([("follow", "true")]).boolean("follow") == true)
        #expect(try read([("follow", "false")]).boolean("follow") == false)
        let follow = #expect(throws: QueryParameterError.self) { try read([("follow", "yes")]).boolean("follow") }
        #expect(follow?.description == "follow: expected true or false, found \"yes\"")
        #expect(try read([("bucket", "hour")]).choice("bucket", as: Bucket.self) == .hour)
        let bucket = #expect(throws: QueryParameterError.self) {
            try read([("bucket", "day")]).choice("bucket", as: Bucket.self)
        }
        #expect(bucket?.description == "bucket: expected one of minute, hour, found \"day\"")
        let missing = #expect(throws: QueryParameterError.self) { try read([]).required("id", expected: "the user id") }
        #expect(missing?.description == "id: required: the user id")
    }

    @Test func echoedValuesAreQuotedAndCut() {
        #expect(QueryParameters.quoted(#"a"b\c"#) == #""a\"b\\c""#)
        #expect(
            QueryParameters.quoted(String(repeating: "x", count: 100)) == "\"" + String(repeating: "x", count: 60)
                + "…\"")
    }
}
