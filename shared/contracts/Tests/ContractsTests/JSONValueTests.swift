import Contracts
import Foundation
import Testing

@Suite("JSONValue keeps what the client sent", .timeLimit(.minutes(1)))
struct JSONValueTests {
    @Test(arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("0", .int(0)),
        ("-42", .int(-42)),
        ("9007199254740993", .int(9_007_199_254_740_993)),
        ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)),
        ("9223372036854775808", .number(9_223_372_036_854_775_808)),
        ("1.5", .number(1.5)),
        ("1.0", .int(1)),
        ("1e3", .int(1000)),
        ("-2.5e-3", .number(-0.0025)),
        ("1e30", .number(1e30)),
        ("\"\"", .string("")),
        ("\"a\\\"b\\u00e9\\ud83d\\ude00\"", .string("a\"bé😀")),
        ("[]", .array([])),
        ("{}", .object([:])),
        (#"{"a":[1,{"b":null}],"c":"d"}"#, JSONValue.object(["a": [1, ["b": nil]], "c": "d"])),
    ])
    func decodes(text: String, value: JSONValue) throws {
        #expect(try ContractCoding.decode(JSONValue.self, from: text) == value)
    }

    @Test func encodesCompactlyWithSortedKeys() throws {
        let value: JSONValue = ["z": 1, "a": [true, nil, 2.5, "x/y"], "m": ["b": -1, "a": .int(.max)]]
        let text = String(decoding: try ContractCoding.encode(value), as: UTF8.self)
        #expect(text == #"{"a":[true,null,2.5,"x/y"],"m":{"a":9223372036854775807,"b":-1},"z":1}"#)
    }

    @Test("an integral number comes back as an int")
    func integralNumbers() throws {
        let data = try ContractCoding.encode(JSONValue.number(3))
        #expect(String(decoding: data, as: UTF8.self) == "3")
        #expect(try ContractCoding.decode(JSONValue.self, from: data) == .int(3))
    }

    @Test func accessors() {
        let value: JSONValue = ["name": "Ada", "age": 36, "tags": ["a"], "score": 1.5]
        #expect(value["name"]?.stringValue == "Ada")
        #expect(value["age"]?.doubleValue == 36)
        #expect(value["score"]?.doubleValue == 1.5)
        #expect(value["tags"]?.arrayValue == ["a"])
        #expect(value["missing"] == nil)
        #expect(value.objectValue?.count == 4)
        #expect(value["age"]?.kind == .number)
        #expect(JSONValue.null.stringValue == nil)
    }

    @Test("a number beyond Double names its path")
    func outOfRange() {
        #expect(
            throws: ContractError(
                path: "a[1]",
                reason: .unexpectedValue(expected: "a JSON value", found: "a malformed or out-of-range value")
            )
        ) {
            try ContractCoding.decode(JSONValue.self, from: #"{"a": [1, 1e400]}"#)
        }
    }
}
