import Foundation

/// What one client log object holds once it is accepted: the members with fields of their own (as
/// ``LogRecord/init(clientObject:id:receivedAt:)`` reads them) and every other member as JSON text.
///
/// Guarantees: `dataJSON` is one JSON object with no repeated key and none of ``LogRecord/clientFieldNames``;
/// each of its members' values is the text the client wrote (validated by ``JSONReader``). Read into a
/// ``LogRecord`` it is the record the value tree builds from the same object.
public struct ClientLogFields: Sendable, Equatable {
    public var level: String?
    public var message: String?
    public var service: String?
    public var timestamp: Date?
    /// The `data` object as JSON text.
    public var dataJSON: [UInt8]

    public init(
        level: String? = nil, message: String? = nil, service: String? = nil, timestamp: Date? = nil,
        dataJSON: [UInt8]
    ) {
        self.level = level
        self.message = message
        self.service = service
        self.timestamp = timestamp
        self.dataJSON = dataJSON
    }

    /// The fields of a record the value tree built; nil when its data holds a number JSON cannot (non-finite).
    public init?(_ record: LogRecord) {
        var writer = JSONWriter(capacity: 64)
        guard writer.value(.object(record.data)) else { return nil }
        self.init(
            level: record.level, message: record.message, service: record.service, timestamp: record.timestamp,
            dataJSON: writer.bytes)
    }
}
