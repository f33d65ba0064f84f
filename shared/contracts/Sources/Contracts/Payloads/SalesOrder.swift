/// One row of the raw sales CSV as the ETL reads it (flow 7: csv-producer `etl`).
///
/// Guarantees: carries the row as found, before cleaning: only `orderID` is required. `orderDate` is the raw text
/// (the ETL parses it and drops rows whose date is missing or invalid); a missing `quantity` is `nil` here (the ETL
/// fills it with 1). `orderID` is the key the ETL removes duplicates on.
public struct SalesOrder: MessagePayload, Hashable {
    public static let messageType = "sales.order"
    public static let schemaVersion = 1

    public let orderID: String
    public let orderDate: String?
    public let customerID: String?
    public let product: String?
    public let quantity: Int?
    public let unitPrice: Double?
    public let region: String?

    public init(
        orderID: String,
        orderDate: String? = nil,
        customerID: String? = nil,
        product: String? = nil,
        quantity: Int? = nil,
        unitPrice: Double? = nil,
        region: String? = nil
    ) {
        self.orderID = orderID
        self.orderDate = orderDate
        self.customerID = customerID
        self.product = product
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.region = region
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case orderDate = "order_date"
        case customerID = "customer_id"
        case product
        case quantity
        case unitPrice = "unit_price"
        case region
    }

    public init(from decoder: any Decoder) throws {
        let reader = try FieldReader(decoder, keyedBy: CodingKeys.self)
        self.init(
            orderID: try reader.required(.orderID),
            orderDate: try reader.optional(.orderDate),
            customerID: try reader.optional(.customerID),
            product: try reader.optional(.product),
            quantity: try reader.optional(.quantity),
            unitPrice: try reader.optional(.unitPrice),
            region: try reader.optional(.region)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var writer = FieldWriter(encoder, keyedBy: CodingKeys.self)
        try writer.encode(orderID, .orderID)
        try writer.encode(orderDate, .orderDate)
        try writer.encode(customerID, .customerID)
        try writer.encode(product, .product)
        try writer.encode(quantity, .quantity)
        try writer.encode(unitPrice, .unitPrice)
        try writer.encode(region, .region)
    }
}
