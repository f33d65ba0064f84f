import Contracts
import Testing

@Suite("JSONReader: typed reads, limits and refusals", .timeLimit(.minutes(1)))
struct JSONReaderTests {
    private func read<T>(
        _ text: String, _ body: (inout JSONReader) throws(JSONSyntaxError) -> T
    ) throws(JSONSyntaxError)
        -> T
    {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var reader = JSONReader(buffer)
            let value = try body(&reader)
            try reader.expectEnd()
            return value
        }
    }

    private func refusal(_ text: String, _ body: (inout JSONReader) throws(JSONSyntaxError) -> Void) -> JSONSyntaxError?
    {
        do {
            try read(text, body)
            return nil
        } catch {
            return error
        }
    }

    @Test("members are read in order, the unwanted ones skipped and validated")
    func members() throws {
        let (name, age) = try read(#" {"name": "Ada", "skip": [1, {"x": null}], "age": 36} "#) {
            reader throws(JSONSyntaxError) in
            var name = ""
            var age: Int64 = 0
            try reader.beginObject()
            var first = true
            while let key = try reader.nextMember(&first) {
                switch key {
                case "name": name = try reader.readString()
                case "age": age = try reader.readInteger()
                default: try reader.skipValue()
                }
            }
            return (name, age)
        }
        #expect(name == "Ada")
        #expect(age == 36)
    }

    @Test("integers: 64 bits exactly, no fraction or exponent")
    func integers() throws {
        #expect(try read("9223372036854775807") { reader throws(JSONSyntaxError) in try reader.readInteger() } == .max)
        #expect(try read("-9223372036854775808") { reader throws(JSONSyntaxError) in try reader.readInteger() } == .min)
        #expect(
            refusal("9223372036854775808") { reader throws(JSONSyntaxError) in _ = try reader.readInteger() }?.reason
                == .numberOutOfRange)
        #expect(
            refusal("1.0") { reader throws(JSONSyntaxError) in _ = try reader.readInteger() }?.reason
                == .unexpectedKind(expected: "an integer"))
        #expect(
            refusal("01") { reader throws(JSONSyntaxError) in _ = try reader.readInteger() }?.reason == .leadingZero)
    }

    @Test("a repeated key is refused by every front-end, also when escaped differently")
    func repeatedKeys() {
        let text = #"{"a": 1, "\u0061": 2}"#
        #expect(
            refusal(text) { reader throws(JSONSyntaxError) in try reader.skipValue() }?.reason == .duplicateKey("a"))
        #expect(throws: JSONSyntaxError(offset: 9, reason: .duplicateKey("a"))) {
            try JSONValue.parse(Array(text.utf8))
        }
        #expect(JSONDiagnostics.firstProblem(in: Array(text.utf8))?.reason == .duplicateKey("a"))
        // Nested objects have keys of their own.
        #expect(
            refusal(#"{"a": {"a": 1}, "b": {"a": 2}}"#) { reader throws(JSONSyntaxError) in try reader.skipValue() }
                == nil)
    }

    @Test("one depth limit: 512 levels pass, 513 are refused where the 513th opens")
    func depth() {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        let tooDeep = "[" + deepest + "]"
        #expect(refusal(deepest) { reader throws(JSONSyntaxError) in try reader.skipValue() } == nil)
        #expect((try? JSONValue.parse(Array(deepest.utf8))) != nil)
        #expect(
            refusal(tooDeep) { reader throws(JSONSyntaxError) in try reader.skipValue() }
                == JSONSyntaxError(offset: 512, reason: .tooDeep))
        #expect(throws: JSONSyntaxError(offset: 512, reason: .tooDeep)) { try JSONValue.parse(Array(tooDeep.utf8)) }
    }

    @Test("strings: escapes, surrogate pairs, UTF-8 checked")
    func strings() throws {
        let text = try read(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#) { reader throws(JSONSyntaxError) in
            try reader.readString()
        }
        #expect(text == "a\"b\\c/d\u{08}\u{0C}\n\r\té😀")
        #expect(
            refusal(#""\udc00""#) { reader throws(JSONSyntaxError) in _ = try reader.readString() }?.reason
                == .loneLowSurrogate)
        #expect(
            refusal(#""\ud800x""#) { reader throws(JSONSyntaxError) in _ = try reader.readString() }?.reason
                == .loneHighSurrogate)
        let overlong: [UInt8] = [0x22, 0xC0, 0xAF, 0x22]
        #expect(throws: JSONSyntaxError(offset: 1, reason: .invalidUTF8)) { try JSONValue.parse(overlong) }
    }

    @Test("a value's text is passed on as the sender wrote it")
    func rawRange() throws {
        let text = #"{"data": {"b": 1, "a": [true]} }"#
        let bytes = Array(text.utf8)
        let range = try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var reader = JSONReader(buffer)
            try reader.beginObject()
            var first = true
            _ = try reader.nextMember(&first)
            return try reader.skipValueReturningRange()
        }
        #expect(String(decoding: bytes[range], as: UTF8.self) == #"{"b": 1, "a": [true]}"#)
    }

    @Test("a fixed layout is read with expect")
    func fixedLayout() throws {
        let id = try read(#"{"id":7}"#) { reader throws(JSONSyntaxError) in
            try reader.expect(#"{"id":"#)
            let id = try reader.readInteger()
            try reader.expect("}")
            return id
        }
        #expect(id == 7)
        #expect(refusal(#"{"ID":7}"#) { reader throws(JSONSyntaxError) in try reader.expect(#"{"id":"#) } != nil)
    }

    @Test("diagnostics: line, column and the path of the value being read")
    func diagnostics() throws {
        let problem = try #require(JSONDiagnostics.firstProblem(in: Array("{\n \"a\": [1, {\"b c\": tru}]}".utf8)))
        #expect(problem.line == 2)
        #expect(problem.column == 19)
        #expect(problem.path == #"a[1]["b c"]"#)
        #expect(problem.message == "expected a value, found 'tru'")
    }
}

@Suite("JSONWriter writes what JSONEncoder writes", .timeLimit(.minutes(1)))
struct JSONWriterTests {
    @Test("escapes: quotes, backslashes, every control character; slashes and non-ASCII as they are")
    func escapes() throws {
        let text = String((0..<0x20).map { Character(Unicode.Scalar($0)!) }) + "\"\\/é😀\u{7F}"
        var writer = JSONWriter()
        writer.string(text)
        let encoded = try ContractCoding.encode([text])
        #expect("[" + String(decoding: writer.bytes, as: UTF8.self) + "]" == String(decoding: encoded, as: UTF8.self))
    }

    @Test("numbers: integral doubles without a fraction, non-finite ones refused")
    func numbers() {
        var writer = JSONWriter()
        writer.double(2.0)
        writer.byte(UInt8(ascii: " "))
        writer.double(0.1)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "2 0.1")
        let acceptedNaN = writer.double(.nan)
        let acceptedInfinity = writer.double(.infinity)
        #expect(!acceptedNaN && !acceptedInfinity)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "2 0.1")
    }
}
