/// Parquet's value encodings (the `Encoding` enum of parquet.thrift), the ones this writer emits.
enum Encoding: Int32 {
    case plain = 0
    case rle = 3
    case rleDictionary = 8
}

/// Parquet's page types (the `PageType` enum of parquet.thrift), the ones this writer emits.
enum PageType: Int32 {
    case dataPage = 0
    case dictionaryPage = 2
}
