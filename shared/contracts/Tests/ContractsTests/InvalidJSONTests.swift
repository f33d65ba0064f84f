import Contracts
import Foundation
import Testing

@Suite("Invalid JSON is reported with line and column", .timeLimit(.minutes(1)))
struct InvalidJSONTests {
    struct Example: Sendable, CustomTestStringConvertible {
        let document: String
        let message: String
        var testDescription: String { message }
    }

    static let examples: [Example] = [
        Example(document: "", message: "invalid JSON at line 1, column 1: the document is empty"),
        Example(document: " \n ", message: "invalid JSON at line 2, column 2: the document is empty"),
        Example(
            document: #"{"type" "user.record"}"#,
            message: #"invalid JSON at line 1, column 9: expected ':' after an object key, found '"'"#
        ),
        Example(
            document: #"{"type":"user.record""#,
            message:
                "invalid JSON at line 1, column 22: expected ',' or '}' after an object member, found the end of the document"
        ),
        Example(
            document: "{\n  \"type\": \"user.record\",\n  \"schema_version\": 01\n}",
            message: "invalid JSON at line 3, column 22: numbers must not have leading zeros, found '1'"
        ),
        Example(
            document: #"{"type": "user.record", "schema_version": nul}"#,
            message: "invalid JSON at line 1, column 43: expected a value, found 'nul'"
        ),
        Example(
            document: #"{'type': 'user.record'}"#,
            message: "invalid JSON at line 1, column 2: expected a string as object key, found '''"
        ),
        Example(
            document: #"{"type": "user.record",}"#,
            message: "invalid JSON at line 1, column 24: expected a string as object key, found '}'"
        ),
        Example(
            document: "{\"type\": \"user\trecord\"}",
            message: "invalid JSON at line 1, column 15: control characters must be escaped in a string, found U+0009"
        ),
        Example(
            document: #"{"type": "user.record\q"}"#,
            message: #"invalid JSON at line 1, column 22: invalid escape sequence in a string, found '\'"#
        ),
        Example(
            document: #"{"type": "\ud800"}"#,
            message: #"invalid JSON at line 1, column 11: a \u escape has a high surrogate without a low one"#
        ),
        Example(
            document: #"{"type": "user.record"} {}"#,
            message: "invalid JSON at line 1, column 25: unexpected content after the end of the JSON value, found '{'"
        ),
        Example(
            document: #"{"schema_version": -}"#,
            message: "invalid JSON at line 1, column 21: expected a digit after '-', found '}'"
        ),
        Example(
            document: #"{"schema_version": 1.}"#,
            message: "invalid JSON at line 1, column 22: expected a digit after the decimal point, found '}'"
        ),
        Example(
            document: #"["é", NaN]"#,
            message: "invalid JSON at line 1, column 7: expected a value, found 'NaN'"
        ),
        Example(
            document: String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
            message: "invalid JSON at line 1, column 513: arrays and objects are nested deeper than 512 levels"
        ),
    ]

    @Test(arguments: examples)
    func message(_ example: Example) {
        #expect(decodingError(Envelope<UserRecord>.self, example.document) == example.message)
    }

    @Test("bytes that are not UTF-8")
    func notUTF8() {
        let badByte = Data([0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D])  // {"t":"\xFF"}
        #expect(
            decodingError(Envelope<UserRecord>.self, badByte)
                == "invalid JSON at line 1, column 7: the text is not valid UTF-8"
        )
        let utf16 = Data("{}".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(
            decodingError(Envelope<UserRecord>.self, utf16)
                == "invalid JSON at line 1, column 1: the document is not UTF-8 text"
        )
    }

    @Test("the reason carries line, column and problem")
    func structured() throws {
        let error = try #require(throws: ContractError.self) {
            try ContractCoding.decode(Envelope<UserRecord>.self, from: "{\n\"type\":}")
        }
        #expect(error.path == "type")
        #expect(error.reason == .invalidJSON(line: 2, column: 8, problem: "expected a value, found '}'"))
    }
}
