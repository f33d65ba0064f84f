import Contracts
import Testing

/// What a split produced, owned (the splitter lends record bytes only during the handler call).
struct SplitOutcome: Equatable, CustomStringConvertible {
    enum Item: Equatable {
        case record(index: Int, line: Int, column: Int, offset: Int64, text: [UInt8], syntaxError: JSONSyntaxError?)
        case oversized(JSONRecordSplitter.OversizedRecord)
    }

    var items: [Item] = []
    var failure: JSONRecordSplitter.Failure?
    var form: JSONRecordSplitter.Form?

    var records: [[UInt8]] {
        items.compactMap {
            if case .record(_, _, _, _, let text, _) = $0 { return text }
            return nil
        }
    }

    var description: String {
        items.map { item in
            switch item {
            case .record(let index, let line, let column, _, let text, let error):
                return
                    "#\(index) \(line):\(column) \(String(decoding: text, as: UTF8.self)) \(error.map { "\($0)" } ?? "")"
            case .oversized(let record): return "#\(record.index) oversized \(record.byteCount)"
            }
        }.joined(separator: "\n") + (failure.map { "\nfailure \($0)" } ?? "")
    }

    /// Splits `document` fed in chunks of the sizes `chunkSize` gives, in turn.
    static func split(
        _ document: [UInt8], maxRecordBytes: Int = JSONRecordSplitter.defaultMaxRecordBytes,
        chunkSize: (Int) -> Int = { _ in Int.max }
    ) -> SplitOutcome {
        var outcome = SplitOutcome()
        var splitter = JSONRecordSplitter(maxRecordBytes: maxRecordBytes)
        let handle: (JSONRecordSplitter.Event) -> Void = { event in
            switch event {
            case .record(let record):
                outcome.items.append(
                    .record(
                        index: record.index, line: record.position.line, column: record.position.column,
                        offset: record.offset, text: Array(record.bytes), syntaxError: record.syntaxError()))
            case .oversized(let record):
                outcome.items.append(.oversized(record))
            }
        }
        do {
            var start = 0
            var number = 0
            while start < document.count {
                let end = min(document.count, start + max(1, chunkSize(number)))
                try document.withUnsafeBufferPointer {
                    try splitter.feed(UnsafeBufferPointer(rebasing: $0[start..<end]), handle)
                }
                start = end
                number += 1
            }
            try splitter.finish(handle)
        } catch let failure as JSONRecordSplitter.Failure {
            outcome.failure = failure
        } catch {
            Issue.record("unexpected error \(error)")
        }
        outcome.form = splitter.form
        return outcome
    }

    static func split(_ text: String, maxRecordBytes: Int = JSONRecordSplitter.defaultMaxRecordBytes) -> SplitOutcome {
        split(Array(text.utf8), maxRecordBytes: maxRecordBytes)
    }
}

@Suite("JSONRecordSplitter: records of arrays and NDJSON, fed in any chunks", .timeLimit(.minutes(1)))
struct JSONRecordSplitterTests {
    typealias Item = SplitOutcome.Item

    /// Seeded documents, valid and damaged, arrays and NDJSON.
    static func documents() -> [[UInt8]] {
        var generator = JSONDocumentGenerator(seed: 0x5B11_7732)
        var documents: [[UInt8]] = []
        for round in 0..<60 {
            let values = (0..<(1 + generator.random.below(5))).map { _ in generator.validDocument() }
            var document: [UInt8]
            if round % 2 == 0 {
                document = Array("[".utf8) + values.joined(separator: Array(",\n ".utf8)) + Array("]\n".utf8)
            } else {
                // One value a line: their own line breaks (whitespace only) removed.
                let lines = values.map { $0.filter { $0 != 0x0A && $0 != 0x0D } }
                document = Array("{\"first\":1}\r\n\n".utf8) + lines.joined(separator: Array("\r\n".utf8))
            }
            if round % 3 == 0 { document.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) }
            if round % 5 == 4 {
                // A damage somewhere: a changed byte.
                let position = generator.random.below(document.count)
                document[position] = generator.random.pick(Array("[]{},\"\\x\n".utf8) + [0xFF])
            }
            documents.append(document)
        }
        return documents
    }

    @Test func everyChunkingGivesTheSameRecords() {
        for (number, document) in Self.documents().enumerated() {
            let whole = SplitOutcome.split(document)
            for size in 1...min(document.count, 64) {
                let chunked = SplitOutcome.split(document) { _ in size }
                #expect(chunked == whole, "document \(number), chunks of \(size):\n\(chunked)\nwhole:\n\(whole)")
                if chunked != whole { return }
            }
            var random = JSONDocumentGenerator.Random(state: UInt64(number))
            let irregular = SplitOutcome.split(document) { _ in 1 + random.below(9) }
            #expect(irregular == whole, "document \(number), irregular chunks")
            // A small record limit: the same oversized records whatever the chunks.
            let limited = SplitOutcome.split(document, maxRecordBytes: 12)
            #expect(
                SplitOutcome.split(document, maxRecordBytes: 12) { _ in 3 } == limited, "document \(number), limit 12")
        }
    }

    @Test func theRecordsOfAValidArrayAreItsElements() throws {
        var generator = JSONDocumentGenerator(seed: 0xA11A)
        for _ in 0..<200 {
            let values = (0..<(1 + generator.random.below(6))).map { _ in generator.validDocument() }
            let document = Array(" [".utf8) + values.joined(separator: Array(" ,".utf8)) + Array("] ".utf8)
            let outcome = SplitOutcome.split(document) { _ in 7 }
            #expect(outcome.failure == nil && outcome.form == .array)
            guard case .array(let elements) = try JSONValue.parse(document) else {
                Issue.record("not an array")
                return
            }
            #expect(try outcome.records.map { try JSONValue.parse($0) } == elements)
            #expect(outcome.items.allSatisfy { if case .record(_, _, _, _, _, nil) = $0 { true } else { false } })
        }
    }

    @Test func positionsAreThoseOfTheFirstByte() {
        let outcome = SplitOutcome.split("[\n  {\"a\":1},{\"é\":2},\n\t{\"b\":\n3}\n]")
        #expect(
            outcome.items == [
                .record(index: 0, line: 2, column: 3, offset: 4, text: Array(#"{"a":1}"#.utf8), syntaxError: nil),
                .record(index: 1, line: 2, column: 11, offset: 12, text: Array(#"{"é":2}"#.utf8), syntaxError: nil),
                .record(index: 2, line: 3, column: 2, offset: 23, text: Array("{\"b\":\n3}".utf8), syntaxError: nil),
            ])
        #expect(outcome.failure == nil)
    }

    @Test func ndjsonWithCRLFAndBlankLines() {
        let outcome = SplitOutcome.split("{\"a\":1}\r\n\r\n  \t\r\n  {\"b\":2} \r\n[3]\r\n{\"c\":\"x\"}")
        #expect(outcome.form == .ndjson && outcome.failure == nil)
        #expect(
            outcome.items == [
                .record(index: 0, line: 1, column: 1, offset: 0, text: Array("{\"a\":1}\r".utf8), syntaxError: nil),
                .record(index: 1, line: 4, column: 3, offset: 18, text: Array("{\"b\":2} \r".utf8), syntaxError: nil),
                .record(index: 2, line: 5, column: 1, offset: 28, text: Array("[3]\r".utf8), syntaxError: nil),
                .record(index: 3, line: 6, column: 1, offset: 33, text: Array("{\"c\":\"x\"}".utf8), syntaxError: nil),
            ])
    }

    @Test func aBrokenRecordInTheMiddleLeavesTheOthers() throws {
        let text = "[{\"a\":1},\n {\"b\": ,\"c\":2},\n {\"d\":3}]"
        let outcome = SplitOutcome.split(text)
        #expect(outcome.failure == nil && outcome.items.count == 3)
        guard case .record(1, 2, 2, _, let broken, let error?) = outcome.items[1] else {
            Issue.record("expected the broken record second: \(outcome)")
            return
        }
        #expect(error.reason == .expectedValue)
        // Its place in the document: line 2, column 8 (the ',' where a value belongs).
        try Array(broken).withUnsafeBufferPointer { bytes in
            var record: JSONRecordSplitter.Record?
            var splitter = JSONRecordSplitter()
            try splitter.feed(Array(text.utf8)) { event in
                if case .record(let found) = event, found.index == 1 {
                    record = found
                    #expect(found.position(ofByte: error.offset) == JSONTextPosition(line: 2, column: 8))
                }
            }
            #expect(record == nil || bytes.count == broken.count)
        }
        #expect(
            outcome.items[2]
                == .record(index: 2, line: 3, column: 2, offset: 27, text: Array(#"{"d":3}"#.utf8), syntaxError: nil))
        // In NDJSON, the same.
        let lines = SplitOutcome.split("{\"a\":1}\n{\"b\": ,\"c\":2}\n{\"d\":3}\n")
        #expect(lines.records.count == 3 && lines.failure == nil)
        if case .record(1, 2, 1, _, _, let error?) = lines.items[1] {
            #expect(error.offset == 6)
        } else {
            Issue.record("\(lines)")
        }
    }

    @Test func invalidUTF8RejectsOnlyItsRecord() {
        var document = Array(#"[{"a":"ok"},{"b":"X"},{"c":"ok"}]"#.utf8)
        document[document.firstIndex(of: UInt8(ascii: "X"))!] = 0xC3
        let outcome = SplitOutcome.split(document) { _ in 2 }
        #expect(outcome.failure == nil && outcome.items.count == 3)
        let errors = outcome.items.map { item -> JSONSyntaxError? in
            if case .record(_, _, _, _, _, let error) = item { return error }
            return nil
        }
        #expect(errors[0] == nil && errors[1]?.reason == .invalidUTF8 && errors[2] == nil)
    }

    @Test func deepNestingIsTheRecordsProblem() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let outcome = SplitOutcome.split("[{\"a\":1}," + deep + ",{\"b\":" + deep + "},{\"c\":3}]")
        #expect(outcome.failure == nil && outcome.items.count == 4)
        if case .record(1, _, _, _, _, let error?) = outcome.items[1] {
            #expect(error.reason == .tooDeep)
        } else {
            Issue.record("\(outcome)")
        }
        if case .record(3, _, _, _, _, nil) = outcome.items[3] {} else { Issue.record("\(outcome)") }
    }

    @Test func anOversizedRecordIsSkippedAndCounted() {
        let long = "{\"text\":\"" + String(repeating: "x", count: 100) + "\"}"
        for text in ["[{\"a\":1}, " + long + " ,{\"b\":2}]", "{\"a\":1}\n" + long + "\n{\"b\":2}"] {
            let outcome = SplitOutcome.split(Array(text.utf8), maxRecordBytes: 50) { _ in 16 }
            #expect(outcome.failure == nil && outcome.items.count == 3, "\(outcome)")
            guard case .oversized(let record) = outcome.items[1] else {
                Issue.record("\(outcome)")
                continue
            }
            #expect(record.index == 1 && record.byteCount == Int64(long.utf8.count))
            #expect(outcome.records == [Array(#"{"a":1}"#.utf8), Array(#"{"b":2}"#.utf8)])
        }
        // Exactly at the limit it is a record, whitespace after it notwithstanding.
        let exact = SplitOutcome.split("[" + long + "          ]", maxRecordBytes: long.utf8.count)
        #expect(exact.records == [Array(long.utf8)])
    }

    @Test func anArrayOfOtherValuesIsRecordsNotAFailure() {
        let outcome = SplitOutcome.split(#"[1, "x", null, [2], {}]"#)
        #expect(
            outcome.failure == nil
                && outcome.records.map { String(decoding: $0, as: UTF8.self) } == ["1", "\"x\"", "null", "[2]", "{}"])
        #expect(SplitOutcome.split("[]").items.isEmpty && SplitOutcome.split(" [ \n ] ").failure == nil)
    }

    @Test func whatIsNotRecordsFailsWithItsPlace() {
        func failure(_ text: String) -> (Int, Int, String)? {
            SplitOutcome.split(text).failure.map { ($0.position.line, $0.position.column, $0.message) }
        }
        #expect(
            failure("hello") ?? (0, 0, "") == (
                1, 1, "expected a JSON array ('[') or NDJSON objects ('{'), found 'hello'"
            ))
        #expect(failure(" \n  42")! == (2, 3, "expected a JSON array ('[') or NDJSON objects ('{'), found '4'"))
        #expect(failure("")! == (1, 1, "the document is empty"))
        #expect(failure(" \n ")! == (2, 2, "the document is empty"))
        #expect(failure("[{\"a\":1}]\n x")! == (2, 2, "unexpected content after the end of the JSON array, found 'x'"))
        #expect(failure("[{},,{}]")! == (1, 5, "expected a record, found ','"))
        #expect(failure("[{},]")! == (1, 5, "expected a record, found ']'"))
        #expect(
            SplitOutcome.split(Array([0xFF, 0xFE, 0x5B, 0x00])).failure?.message == "the document is not UTF-8 text")
        // A truncated file: the records before the cut come out, then the failure at the end.
        let truncated = SplitOutcome.split("[{\"a\":1},\n{\"b\":2},\n{\"c\":")
        #expect(truncated.records == [Array(#"{"a":1}"#.utf8), Array(#"{"b":2}"#.utf8)])
        #expect(truncated.failure?.position == JSONTextPosition(line: 3, column: 6))
        #expect(truncated.failure?.message == "the document ends before the JSON array is closed with ']'")
        // Trailing garbage after the array: every record, then the failure.
        let trailing = SplitOutcome.split("[{\"a\":1},{\"b\":2}] , {\"c\":3}")
        #expect(trailing.records.count == 2 && trailing.failure?.position == JSONTextPosition(line: 1, column: 19))
    }

    @Test func aByteOrderMarkIsSkippedAndNotCounted() {
        let outcome = SplitOutcome.split(Array([0xEF, 0xBB, 0xBF]) + Array("[{\"a\":1}]".utf8)) { _ in 1 }
        #expect(
            outcome.items == [
                .record(index: 0, line: 1, column: 2, offset: 4, text: Array(#"{"a":1}"#.utf8), syntaxError: nil)
            ])
        let short = SplitOutcome.split(Array([0xEF, 0xBB]))
        #expect(short.failure?.position == JSONTextPosition(line: 1, column: 1))
    }
}
