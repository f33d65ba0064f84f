import Testing

@testable import CSVProducerCore

@Suite("streaming CSV parser", .timeLimit(.minutes(1)))
struct CSVParserTests {
    @Test func plainRecordsWithAndWithoutFinalNewline() {
        #expect(parse("a,b\n1,2\n") == [record(1, "a", "b"), record(2, "1", "2")])
        #expect(parse("a,b\n1,2") == [record(1, "a", "b"), record(2, "1", "2")])
    }

    @Test func quotedFieldsHoldCommasQuotesAndNewlines() {
        let text = "id,name\n1,\"Lee, Jr\"\n2,\"O\"\"Brien\"\n3,\"two\nlines\"\n4,\"\"\n"
        #expect(
            parse(text) == [
                record(1, "id", "name"), record(2, "1", "Lee, Jr"), record(3, "2", "O\"Brien"),
                record(4, "3", "two\nlines"), record(6, "4", ""),
            ])
    }

    @Test func lineNumbersCountEmbeddedNewlinesAndBlankLines() {
        let text = "h\n\"a\r\nb\nc\"\n\nx\n"
        #expect(parse(text) == [record(1, "h"), record(2, "a\r\nb\nc"), record(6, "x")])
    }

    @Test func crlfAndByteOrderMark() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,x\r\n1,\"y\"\r\n2,z".utf8)
        #expect(parse(bytes) == [record(1, "id", "x"), record(2, "1", "y"), record(3, "2", "z")])
    }

    @Test func utf8IsKeptAndInvalidBytesAreFlagged() {
        #expect(parse("Zoë,渡辺,🦊\n") == [record(1, "Zoë", "渡辺", "🦊")])
        let records = parse([0x61, 0xFF, 0x2C, 0x62, 0x0A])
        #expect(records.count == 1)
        #expect(records.first?.problem == "not valid UTF-8")
    }

    @Test func unterminatedQuoteIsFlagged() {
        let records = parse("a\n\"open,b\n")
        #expect(records.count == 2)
        #expect(records.last?.line == 2)
        #expect(records.last?.problem == "unterminated quoted field")
    }

    @Test func anyChunkingGivesTheSameRecords() {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF]
            + Array("id,name\r\n1,\"Lee, \"\"J\"\"\r\nr\"\r\n\r\n2,Zoë\n3,\"\"\"\",last".utf8)
        let whole = parse(bytes)
        #expect(whole.count == 4)
        #expect(whole[1] == record(2, "1", "Lee, \"J\"\r\nr"))
        #expect(whole[2] == record(5, "2", "Zoë"))
        #expect(whole[3] == record(6, "3", "\"", "last"))
        for size in [1, 2, 3, 5, 7] {
            var parser = CSVParser()
            var records: [CSVRecord] = []
            var start = 0
            while start < bytes.count {
                parser.feed(bytes[start..<min(start + size, bytes.count)], into: &records)
                start += size
            }
            parser.finish(into: &records)
            #expect(records == whole, "chunks of \(size) bytes")
        }
    }

    @Test func aShortFileThatStartsLikeABOMIsNotLost() {
        #expect(parse([0xEF]).first?.fields.first?.utf8.count == 3)  // U+FFFD for the lone byte
        #expect(parse("") == [])
    }

    private func parse(_ text: String) -> [CSVRecord] { parse(Array(text.utf8)) }

    private func parse(_ bytes: [UInt8]) -> [CSVRecord] {
        var parser = CSVParser()
        var records: [CSVRecord] = []
        parser.feed(bytes, into: &records)
        parser.finish(into: &records)
        return records
    }

    private func record(_ line: Int, _ fields: String...) -> CSVRecord { CSVRecord(line: line, fields: fields) }
}
