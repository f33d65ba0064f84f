import Parquet

/// The sales CSV's columns, in the order the ETL requires and writes them.
enum SalesColumn: Int, CaseIterable {
    case orderID, customerID, product, quantity, price, orderDate

    static let names = ["order_id", "customer_id", "product", "quantity", "price", "order_date"]
    /// The columns whose type is inferred from their values, as `read_csv` infers it.
    static let inferred: [SalesColumn] = [.orderID, .customerID, .product, .quantity, .price]

    var name: String { Self.names[rawValue] }
}

/// The dtype `read_csv` gives a column, from the least to the most general: a column is the most
/// general kind any of its values needs. A missing value needs `.float64` (NaN), so an integer
/// column with an empty field is float64, which is why pandas writes the filled quantity as `1.0`.
enum ColumnKind: Int, Comparable, Sendable {
    case int64
    case float64
    case text

    static func < (left: ColumnKind, right: ColumnKind) -> Bool { left.rawValue < right.rawValue }
}

/// The inferred kinds of the five inferred columns, indexed by ``SalesColumn/rawValue``.
struct ColumnKinds: Equatable, Sendable {
    var kinds: [ColumnKind] = Array(repeating: .int64, count: SalesColumn.inferred.count)

    subscript(column: SalesColumn) -> ColumnKind {
        get { kinds[column.rawValue] }
        set { kinds[column.rawValue] = newValue }
    }

    /// The Parquet schema pandas + pyarrow write for these kinds: every column optional (pyarrow
    /// marks every pandas column nullable), strings dictionary-encoded, `order_date` a timestamp
    /// without time zone — microseconds when any date was valid (pandas' datetime64[us]), else
    /// milliseconds (pandas' datetime64[s], which Parquet stores as ms). A file without rows has no
    /// types to infer: pandas' object columns, which pyarrow writes as null columns.
    func parquetSchema(rowsRead: Int, anyValidDate: Bool) -> ParquetSchema {
        var columns = SalesColumn.inferred.map { column -> ParquetColumn in
            guard rowsRead > 0 else { return ParquetColumn(column.name, .null) }
            switch self[column] {
            case .int64: return ParquetColumn(column.name, .int64)
            case .float64: return ParquetColumn(column.name, .double)
            case .text: return ParquetColumn(column.name, .string, dictionary: true)
            }
        }
        columns.append(ParquetColumn("order_date", .timestamp(anyValidDate ? .microseconds : .milliseconds)))
        return ParquetSchema(columns)
    }
}
