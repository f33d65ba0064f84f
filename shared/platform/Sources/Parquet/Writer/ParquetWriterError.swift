/// Why a Parquet file could not be written.
public enum ParquetWriterError: Error, Equatable, CustomStringConvertible {
    /// The output file could not be created or written (`message` is the system's reason).
    case io(path: String, message: String)
    case compression(String)
    /// A value was appended to a column of another type, or a null to a required column.
    case wrongValue(column: String, reason: String)

    public var description: String {
        switch self {
        case .io(let path, let message): "cannot write \(path): \(message)"
        case .compression(let message): "page compression failed: \(message)"
        case .wrongValue(let column, let reason): "column \(column): \(reason)"
        }
    }
}
