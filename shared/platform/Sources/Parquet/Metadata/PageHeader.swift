/// The `PageHeader` that precedes every page: a data page (v1) or a dictionary page.
struct PageHeader: Equatable {
    enum Kind: Equatable {
        /// A v1 data page of `valueCount` values, nulls included, in `encoding`; its levels
        /// are RLE.
        case data(valueCount: Int32, encoding: Encoding)
        /// The dictionary of a column chunk: `valueCount` PLAIN values.
        case dictionary(valueCount: Int32)
    }

    var kind: Kind
    var uncompressedSize: Int32
    var compressedSize: Int32

    func encoded() -> [UInt8] {
        var writer = CompactProtocolWriter()
        writer.writeStructValue { header in
            switch kind {
            case .data: header.writeI32(1, PageType.dataPage.rawValue)
            case .dictionary: header.writeI32(1, PageType.dictionaryPage.rawValue)
            }
            header.writeI32(2, uncompressedSize)
            header.writeI32(3, compressedSize)
            switch kind {
            case .data(let valueCount, let encoding):
                header.writeStruct(5) { data in
                    data.writeI32(1, valueCount)
                    data.writeI32(2, encoding.rawValue)
                    data.writeI32(3, Encoding.rle.rawValue)  // definition levels
                    data.writeI32(4, Encoding.rle.rawValue)  // repetition levels (none: flat schema)
                }
            case .dictionary(let valueCount):
                header.writeStruct(7) { dictionary in
                    dictionary.writeI32(1, valueCount)
                    dictionary.writeI32(2, Encoding.plain.rawValue)
                }
            }
        }
        return writer.bytes
    }
}
