import Testing

@testable import Parquet

@Suite("Parquet page headers and statistics", .timeLimit(.minutes(1)))
struct PageHeaderTests {
    @Test func aDataPageHeader() {
        let header = PageHeader(kind: .data(valueCount: 3, encoding: .plain), uncompressedSize: 10, compressedSize: 8)
        #expect(
            header.encoded() == [
                0x15, 0x00,  // 1: type DATA_PAGE
                0x15, 0x14,  // 2: uncompressed_page_size 10
                0x15, 0x10,  // 3: compressed_page_size 8
                0x2C,  // 5: data_page_header
                0x15, 0x06, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, 0x00,  // 3 values, PLAIN, RLE, RLE
                0x00,
            ])
    }

    @Test func aDictionaryPageHeader() {
        let header = PageHeader(kind: .dictionary(valueCount: 200), uncompressedSize: 64, compressedSize: 64)
        #expect(
            header.encoded() == [
                0x15, 0x04,  // type DICTIONARY_PAGE (2)
                0x15, 0x80, 0x01,  // 64
                0x15, 0x80, 0x01,
                0x4C,  // 7: dictionary_page_header (delta 4 from 3)
                0x15, 0x90, 0x03, 0x15, 0x00, 0x00,  // 200 values, PLAIN
                0x00,
            ])
    }

    @Test func statisticsCarryTheNullCountAndTheNewMinMaxFields() {
        var writer = CompactProtocolWriter()
        writer.writeStructValue {
            ColumnStatistics(nullCount: 2, minValue: [0x61], maxValue: [0x7A]).encode(into: &$0)
        }
        #expect(writer.bytes == [0x36, 0x04, 0x28, 0x01, 0x7A, 0x18, 0x01, 0x61, 0x00])
    }
}
