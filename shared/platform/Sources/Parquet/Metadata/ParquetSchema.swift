/// The columns of a Parquet file: a flat schema (no nesting, no repeated fields), which is what a
/// table of rows needs.
public struct ParquetSchema: Sendable, Equatable {
    public var columns: [ParquetColumn]

    public init(_ columns: [ParquetColumn]) {
        self.columns = columns
    }
}

/// One column: its name, the values it holds, whether a row may leave it empty (only then does the
/// file carry definition levels for it) and whether its values are dictionary-encoded.
public struct ParquetColumn: Sendable, Equatable {
    public var name: String
    public var type: ParquetColumnType
    public var isOptional: Bool
    public var isDictionaryEncoded: Bool

    public init(_ name: String, _ type: ParquetColumnType, optional: Bool = true, dictionary: Bool = false) {
        self.name = name
        self.type = type
        self.isOptional = optional
        self.isDictionaryEncoded = dictionary
    }
}

/// The value types the writer supports, each a physical type plus, where readers need one to see
/// more than raw numbers or bytes, a logical type.
public enum ParquetColumnType: Sendable, Equatable {
    /// INT64, no logical type: a signed 64-bit integer.
    case int64
    /// DOUBLE.
    case double
    /// BYTE_ARRAY with the STRING logical type: UTF-8 text.
    case string
    /// INT64 with the TIMESTAMP logical type, not adjusted to UTC (a local date-time, as pandas'
    /// timezone-naive datetime64 is): the count of `unit`s since 1970-01-01T00:00.
    case timestamp(TimeUnit)
    /// INT32 with the DATE logical type: days since 1970-01-01.
    case date
    /// INT32 with the UNKNOWN (null) logical type: a column whose every value is null, as pyarrow
    /// writes a column of no known type.
    case null

    public enum TimeUnit: Sendable, Equatable {
        case milliseconds
        case microseconds
        case nanoseconds
    }

    var physicalType: PhysicalType {
        switch self {
        case .int64, .timestamp: .int64
        case .double: .double
        case .string: .byteArray
        case .date, .null: .int32
        }
    }
}

/// Parquet's physical types (the `Type` enum of parquet.thrift), the ones this writer emits.
enum PhysicalType: Int32 {
    case int32 = 1
    case int64 = 2
    case double = 5
    case byteArray = 6
}

/// Page compression (the `CompressionCodec` enum of parquet.thrift), the codecs this writer has.
public enum ParquetCompression: Sendable, Equatable {
    case uncompressed
    case snappy
    /// Zstandard at `level` (1 is fast; 3 is zstd's own default).
    case zstd(level: Int32)

    var codecID: Int32 {
        switch self {
        case .uncompressed: 0
        case .snappy: 1
        case .zstd: 6
        }
    }
}
