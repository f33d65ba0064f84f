import Contracts
import Foundation
import Testing

/// Every front-end of the JSON toolkit against Foundation's `JSONSerialization`, over seeded, reproducible
/// documents, valid and damaged: what Foundation refuses, every front-end refuses; what a front-end accepts,
/// Foundation accepts with the same value; the front-ends refuse the same documents at the same place; the
/// writer writes `ContractCoding.encode`'s bytes and reads back the same value.
///
/// The toolkit refuses a few documents Foundation accepts, on purpose (see ``JSONReader``): a repeated key, a
/// number beyond `Double`, a lone surrogate in a `\u` escape, a trailing comma, and text that is not UTF-8
/// (Foundation guesses UTF-16 or UTF-32 from NUL bytes). Those are the only disagreements allowed.
@Suite("JSON toolkit against Foundation", .timeLimit(.minutes(3)))
struct JSONDifferentialTests {
    static let seed: UInt64 = 0x5452_4942_5554_4152
    static let documentCount = 100_000

    static let deliberateRefusals: Set<String> = [
        "duplicateKey", "numberOutOfRange", "loneHighSurrogate", "loneLowSurrogate",
    ]

    @Test("100,000 documents, valid and damaged, seeded")
    func frontEndsAgreeWithFoundation() throws {
        var generator = JSONDocumentGenerator(seed: Self.seed)
        var tally = Tally()
        for number in 0..<Self.documentCount {
            let document = number.isMultiple(of: 2) ? generator.validDocument() : generator.damagedDocument()
            compare(document, number: number, tally: &tally)
            if tally.failures >= 10 { break }
        }
        // The generator must reach both sides, and the deliberate refusals must stay rare.
        #expect(tally.accepted > Self.documentCount / 3)
        #expect(tally.refused > Self.documentCount / 5)
        #expect(tally.refusedByToolkitOnly < Self.documentCount / 100)
    }

    struct Tally {
        var accepted = 0
        var refused = 0
        var refusedByToolkitOnly = 0
        var failures = 0
    }

    private func compare(_ document: [UInt8], number: Int, tally: inout Tally) {
        let shown =
            "document #\(number) of seed \(Self.seed): \(String(decoding: document, as: UTF8.self).debugDescription)"
        let foundation = try? JSONSerialization.jsonObject(with: Data(document), options: [.fragmentsAllowed])
        let tree = Result { () throws(JSONSyntaxError) in try JSONValue.parse(document) }
        let skipped = skip(document)
        let problem = JSONDiagnostics.firstProblem(in: document)
        func fail(_ what: String) {
            tally.failures += 1
            Issue.record("\(what) — \(shown)")
        }

        switch tree {
        case .success(let value):
            tally.accepted += 1
            if skipped != nil { fail("the skipper refused what the tree accepted: \(skipped!)") }
            if let problem { fail("diagnostics found \(problem.message) where the tree accepted") }
            guard let foundation else { return fail("Foundation refused what the toolkit accepted") }
            if !Self.same(value, foundation) { fail("values differ: toolkit \(value), Foundation \(foundation)") }
            checkTypedReads(document, value: value, fail: fail)
            checkWriter(value, fail: fail)
        case .failure(let error):
            tally.refused += 1
            guard let skipped else { return fail("the skipper accepted what the tree refused (\(error))") }
            guard let problem else {
                if error.reason != .numberOutOfRange { fail("diagnostics accepted what the tree refused (\(error))") }
                return
            }
            if !isDuplicate(error), !isDuplicate(skipped), skipped != error {
                // (The skipper checks a number's range only where it can overflow: the same verdict.)
                fail("the skipper refused with \(skipped), the tree with \(error)")
            }
            // Diagnostics also judge the encoding and the empty document, and leave a number's range to the
            // field's reader; a repeated key is found before its value by the skipper, after it by the tree.
            let comparable =
                !isDuplicate(error) && !isDuplicate(JSONSyntaxError(offset: 0, reason: problem.reason))
                && error.reason != .numberOutOfRange && ![.notUTF8Text, .empty].contains(problem.reason)
            if comparable, problem.offset != error.offset {
                fail("diagnostics point at offset \(problem.offset), the tree at \(error.offset)")
            }
            if foundation != nil {
                tally.refusedByToolkitOnly += 1
                let reason = String(describing: error.reason).prefix { $0 != "(" }
                // Foundation reads a text starting with a NUL byte as UTF-16 or UTF-32; the toolkit reads UTF-8 only.
                let otherEncoding = document.prefix(2).contains(0)
                if !Self.deliberateRefusals.contains(String(reason)), !otherEncoding, !isTrailingComma(error, document)
                {
                    fail("the toolkit refused (\(error.message(in: document))) what Foundation accepted")
                }
            }
        }
    }

    private func skip(_ document: [UInt8]) -> JSONSyntaxError? {
        document.withUnsafeBufferPointer { bytes -> JSONSyntaxError? in
            var reader = JSONReader(bytes)
            do throws(JSONSyntaxError) {
                try reader.skipValue()
                try reader.expectEnd()
                return nil
            } catch {
                return error
            }
        }
    }

    /// The typed front-end: an object's string members read in place, the rest skipped.
    private func checkTypedReads(_ document: [UInt8], value: JSONValue, fail: (String) -> Void) {
        guard case .object(let members) = value else { return }
        document.withUnsafeBufferPointer { bytes in
            var reader = JSONReader(bytes)
            do {
                try reader.beginObject()
                var first = true
                var read = 0
                while let key = try reader.nextMember(&first) {
                    read += 1
                    switch members[key] {
                    case .string(let expected):
                        let string = try reader.readString()
                        if string != expected { fail("readString gave \(string.debugDescription) for \(key)") }
                    case .int(let expected) where reader.peek() != UInt8(ascii: "-") || expected != 0:
                        let token = try reader.scanNumber()
                        if token.isInteger, reader.integerValue(token) != expected {
                            fail("integerValue differs for \(key)")
                        }
                    default:
                        try reader.skipValue()
                    }
                }
                try reader.expectEnd()
                if read != members.count { fail("read \(read) members of \(members.count)") }
            } catch {
                fail("typed reading refused: \(error)")
            }
        }
    }

    private func checkWriter(_ value: JSONValue, fail: (String) -> Void) {
        var writer = JSONWriter()
        guard writer.value(value) else { return fail("the writer refused \(value)") }
        guard let encoded = try? ContractCoding.encode(value) else { return fail("ContractCoding refused \(value)") }
        if writer.bytes != Array(encoded) {
            fail(
                "the writer wrote \(String(decoding: writer.bytes, as: UTF8.self)), JSONEncoder \(String(decoding: encoded, as: UTF8.self))"
            )
        }
        if (try? JSONValue.parse(writer.bytes)) != value { fail("the writer's bytes read back differently") }
    }

    /// Foundation accepts a comma before `]` or `}`; RFC 8259 (and the toolkit) does not.
    private func isTrailingComma(_ error: JSONSyntaxError, _ document: [UInt8]) -> Bool {
        guard error.offset < document.count, [UInt8(ascii: "]"), UInt8(ascii: "}")].contains(document[error.offset])
        else {
            return false
        }
        return document[..<error.offset].last { ![0x20, 0x0A, 0x0D, 0x09].contains($0) } == UInt8(ascii: ",")
    }

    private func isDuplicate(_ error: JSONSyntaxError) -> Bool {
        if case .duplicateKey = error.reason { return true }
        return false
    }

    /// A toolkit value and a `JSONSerialization` value hold the same JSON value (numbers by value).
    static func same(_ value: JSONValue, _ other: Any) -> Bool {
        switch value {
        case .null:
            return other is NSNull
        case .bool(let bool):
            return (other as? Bool) == bool
        case .int(let int):
            guard let number = other as? NSNumber else { return false }
            return number.int64Value == int || Double(number.description) == Double(int)
        case .number(let double):
            // Foundation keeps long numbers as decimals: compare their text read as a Double, correctly rounded.
            guard let number = other as? NSNumber else { return false }
            return Double(number.description) == double
        case .string(let string):
            return (other as? String) == string
        case .array(let elements):
            guard let others = other as? [Any], others.count == elements.count else { return false }
            return zip(elements, others).allSatisfy { same($0, $1) }
        case .object(let members):
            guard let others = other as? [String: Any], others.count == members.count else { return false }
            return members.allSatisfy { key, member in others[key].map { same(member, $0) } ?? false }
        }
    }
}
