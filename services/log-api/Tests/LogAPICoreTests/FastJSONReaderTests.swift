import Contracts
import Foundation
import Testing

@testable import LogAPICore

@Suite("the fast JSON reader agrees with ContractCoding")
struct FastJSONReaderTests {
    static func foundation(_ text: String) -> JSONValue? {
        try? ContractCoding.decode(JSONValue.self, from: Data(text.utf8))
    }

    static func fast(_ text: String) -> JSONValue? {
        FastJSONReader.value(Array(text.utf8)[...])
    }

    static let documents: [String] = [
        #"{"level":"info","message":"GET /api/orders/81723 answered 200 in 12 ms","status":200,"latency_ms":12}"#,
        #"{}"#, #"[]"#, #" [ 1 , -2 , 3.25 , -0.5 , 1.5e-7 , 2.5E-3 , true , false , null ] "#,
        #"{"nested":{"a":[{"b":[[]]},{}],"c":{"d":null}}}"#,
        #"{"escapes":"quote \" backslash \\ slash \/ \b\f\n\r\t \u0041\u00e9\u4e2d \ud83d\ude00"}"#,
        #"{"utf8":"é 中文 😀","key with spaces":1,"":"empty key"}"#,
        #"{"max":9223372036854775807,"min":-9223372036854775808,"zero":0}"#,
        #"{"small":0.1,"third":0.3333333333333333,"large":12345.678e-2,"tiny":5e-324}"#,
        "\n\t{\"a\":1}\r\n",
    ]

    @Test(arguments: documents)
    func sameValueAsContractCoding(_ document: String) throws {
        let fast = try #require(Self.fast(document))
        #expect(fast == Self.foundation(document))
    }

    /// Documents it leaves to ContractCoding: the caller then gets ContractCoding's value or error.
    @Test(arguments: [
        "", " ", "{", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, "01", "-", "1.", "1e", "tru", "nul", #""abc"#,
        "\"tab\there\"", #"{"a":1}x"#, "\u{FEFF}{}", #"{"a":1,"a":2}"#, "1.0", "1e3", "2.5E+3",
        "1.7976931348623157e308", "-0", "-0.0",
        "18446744073709551616", "1e400", #""\ud800""#, #""\udc00""#, #""\u12""#, #""\x""#,
        String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
    ])
    func leavesTheRestToContractCoding(_ document: String) {
        let fast = Self.fast(document)
        #expect(fast == Optional<JSONValue>.none, "\(String(describing: fast))")
    }

    @Test func invalidUTF8IsLeftToContractCoding() {
        #expect(FastJSONReader.value([0x22, 0xC3, 0x28, 0x22][...]) == Optional<JSONValue>.none)
        #expect(FastJSONReader.value([0x22, 0xC3, 0xA9, 0x22][...]) == .string("é"))
    }

    @Test func nestingUpToItsLimitIsRead() {
        let depth = FastJSONReader.maximumDepth
        let document = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(Self.fast(document) != nil)
        #expect(Self.fast(document) == Self.foundation(document))
    }
}
