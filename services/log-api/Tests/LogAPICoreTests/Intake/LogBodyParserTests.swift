import Contracts
import ServiceKit
import Testing

@testable import LogAPICore

@Suite("reading log bodies", .timeLimit(.minutes(2)))
struct LogBodyParserTests {
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func oneObject() throws {
        let members = try LogBodyParser.object(Self.bytes(#"{"level":"info","n":1}"#))
        #expect(members == ["level": "info", "n": 1])
    }

    @Test func oneObjectMustBeAnObject() {
        #expect(
            throws: APIError.logRejection(
                .invalidRecord, "the body must be one JSON object (a log record), found an array")
        ) {
            try LogBodyParser.object(Self.bytes(#"[{"level":"info"}]"#))
        }
    }

    @Test func invalidJSONNamesLineAndColumn() {
        let error = #expect(throws: APIError.self) {
            try LogBodyParser.object(Self.bytes("{\n  \"level\": \"info\",\n  \"message\" \"x\"\n}"))
        }
        #expect(error?.logRejectionReason == .invalidJSON)
        #expect(error?.status == .badRequest)
        #expect(error?.line == 3)
        #expect(error?.column == 13)
        #expect(error?.message == "invalid JSON at line 3, column 13: expected ':' after an object key, found '\"'")
    }

    @Test func anEmptyBodyIsInvalidJSON() {
        let error = #expect(throws: APIError.self) { try LogBodyParser.object([]) }
        #expect(error?.message == "invalid JSON at line 1, column 1: the document is empty")
    }

    @Test func arrayOfObjectsInOrder() throws {
        let objects = try LogBodyParser.objects(
            Self.bytes(#"[{"message":"a"}, {"message":"b"}, {}]"#), as: .json, maxRecords: 10)
        #expect(objects.map(\.members) == [["message": "a"], ["message": "b"], [:]])
        #expect(objects.map(\.index) == [0, 1, 2])
        #expect(objects.allSatisfy { $0.line == nil })
    }

    @Test func arrayElementThatIsNotAnObjectIsNamedByIndex() {
        let error = #expect(throws: APIError.self) {
            try LogBodyParser.objects(Self.bytes(#"[{}, {}, "text"]"#), as: .json, maxRecords: 10)
        }
        #expect(error?.message == "record at index 2 must be a JSON object, found a string")
        #expect(error?.index == 2)
    }

    @Test func aJSONBodyForManyMustBeAnArray() {
        let error = #expect(throws: APIError.self) {
            try LogBodyParser.objects(Self.bytes(#"{"message":"a"}"#), as: .json, maxRecords: 10)
        }
        #expect(
            error?.message
                == "an application/json body must be an array of log objects, found an object (POST /log takes one object)"
        )
    }

    @Test func invalidJSONInAnArrayNamesTheBodyLine() {
        let error = #expect(throws: APIError.self) {
            try LogBodyParser.objects(Self.bytes("[\n{\"a\":1},\n{\"a\":01}\n]"), as: .json, maxRecords: 10)
        }
        #expect(error?.line == 3)
        #expect(error?.column == 7)
        #expect(error?.message == "invalid JSON at line 3, column 7: numbers must not have leading zeros, found '1'")
    }

    @Test func ndjsonSkipsBlankLinesAndReadsCRLF() throws {
        let body = "{\"message\":\"a\"}\r\n\r\n   \n{\"message\":\"b\"}\n\t\n{\"message\":\"c\"}"
        let objects = try LogBodyParser.objects(Self.bytes(body), as: .ndjson, maxRecords: 10)
        #expect(objects.map(\.members) == [["message": "a"], ["message": "b"], ["message": "c"]])
        #expect(objects.map(\.line) == [1, 4, 6])
        #expect(objects.map(\.index) == [0, 1, 2])
    }

    @Test func ndjsonInvalidLineNamesBodyLineAndColumn() {
        let body = "{\"message\":\"a\"}\n\n{\"message\":\"b\" \"c\"}\n"
        let error = #expect(throws: APIError.self) {
            try LogBodyParser.objects(Self.bytes(body), as: .ndjson, maxRecords: 10)
        }
        #expect(error?.line == 3)
        #expect(error?.column == 16)
        #expect(
            error?.message
                == "invalid JSON at line 3, column 16: expected ',' or '}' after an object member, found '\"'")
    }

    @Test func ndjsonLineThatIsNotAnObject() {
        let error = #expect(throws: APIError.self) {
            try LogBodyParser.objects(Self.bytes("{}\n[1]\n"), as: .ndjson, maxRecords: 10)
        }
        #expect(error?.message == "line 2 must be a JSON object, found an array")
        #expect(error?.index == 1)
        #expect(error?.line == 2)
    }

    @Test func aBodyWithoutRecordsIsRefused() {
        for (body, type) in [("[]", LogMediaType.json), ("\n \r\n", .ndjson), ("", .ndjson)] {
            #expect(throws: APIError.logRejection(.invalidRecord, "the body holds no log records")) {
                try LogBodyParser.objects(Self.bytes(body), as: type, maxRecords: 10)
            }
        }
    }

    @Test func moreRecordsThanAllowedIs413() {
        let tooMany = APIError.logRejection(.tooManyRecords, "the body holds more than 2 log records (LOG_MAX_RECORDS)")
        #expect(throws: tooMany) {
            try LogBodyParser.objects(Self.bytes("[{},{},{}]"), as: .json, maxRecords: 2)
        }
        // NDJSON is counted before anything is decoded: the broken third line is not reached.
        #expect(throws: tooMany) {
            try LogBodyParser.objects(Self.bytes("{}\n{}\n{oops\n"), as: .ndjson, maxRecords: 2)
        }
        #expect(tooMany.status == .contentTooLarge)
        #expect(throws: Never.self) {
            try LogBodyParser.objects(Self.bytes("{}\n\n{}\n"), as: .ndjson, maxRecords: 2)
        }
    }

    @Test func valuesAreKeptAsSent() throws {
        let object = try LogBodyParser.object(
            Self.bytes(#"{"n":1.5,"big":9007199254740993,"nested":{"a":[true,null,"x"]},"s":"é\n"}"#))
        #expect(object["n"] == .number(1.5))
        #expect(object["big"] == .int(9_007_199_254_740_993))
        #expect(object["nested"] == ["a": [true, nil, "x"]])
        #expect(object["s"] == "é\n")
    }
}
