import CRabbitMQ
import Testing

@testable import RabbitMQ

/// Swift values go through rabbitmq-c's own wire encoder and decoder and come back unchanged.
@Suite("Field tables and properties through rabbitmq-c", .timeLimit(.minutes(1)))
struct FieldTableCodingTests {
    private let everyKind: AMQPTable = [
        "bool": .bool(true), "i8": .int8(-8), "u8": .uint8(8), "i16": .int16(-16), "u16": .uint16(16),
        "i32": .int32(-32), "u32": .uint32(32), "i64": .int64(-64), "u64": .uint64(64), "f32": .float(1.5),
        "f64": .double(-2.25), "decimal": .decimal(scale: 2, value: 12345), "text": "héllo",
        "raw": .bytes([0, 255, 7]), "time": .timestamp(1_700_000_000), "list": .array(["a", 1, .array([])]),
        "nested": .table(["inner": "value", "empty": .table([:])]), "nothing": .void,
    ]

    @Test func everyKindSurvivesTheWireEncoding() throws {
        let scratch = ScratchPool()
        var encoded = scratch.table(everyKind)
        var buffer = [UInt8](repeating: 0, count: 4096)
        let decodePool = UnsafeMutablePointer<amqp_pool_t>.allocate(capacity: 1)
        init_amqp_pool(decodePool, 4096)
        defer {
            empty_amqp_pool(decodePool)
            decodePool.deallocate()
        }
        let decoded = try buffer.withUnsafeMutableBytes { raw -> AMQPTable in
            var offset = 0
            let wire = amqp_bytes_t(len: raw.count, bytes: raw.baseAddress)
            try #require(amqp_encode_table(wire, &encoded, &offset) == AMQP_STATUS_OK.rawValue)
            var readOffset = 0
            var table = amqp_table_t()
            let written = amqp_bytes_t(len: offset, bytes: raw.baseAddress)
            try #require(amqp_decode_table(written, decodePool, &table, &readOffset) == AMQP_STATUS_OK.rawValue)
            #expect(readOffset == offset)
            return AMQPTable(table)
        }
        #expect(decoded == everyKind)
    }

    @Test func propertiesKeepEverySetFieldAndOnlyThose() {
        let scratch = ScratchPool()
        let properties = RabbitMQMessageProperties(
            messageID: "m-1", contentType: "application/json", headers: ["tenant": "t1", "attempt": 3],
            deliveryMode: .persistent, priority: 4, correlationID: "c-1", timestamp: 1_700_000_000, appID: "tests")
        let encoded = scratch.basicProperties(properties)
        #expect(RabbitMQMessageProperties(encoded) == properties)
        #expect(
            RabbitMQMessageProperties(scratch.basicProperties(RabbitMQMessageProperties()))
                == RabbitMQMessageProperties())
    }

    @Test func anOutgoingMessageIsAlwaysSentWithItsIDAndDeliveryMode() {
        let message = RabbitMQOutgoingMessage(
            exchange: "e", routingKey: "k", messageID: "id-7", body: [],
            properties: RabbitMQMessageProperties(messageID: "ignored", deliveryMode: .transient))
        #expect(message.wireProperties.messageID == "id-7")
        #expect(message.wireProperties.deliveryMode == .persistent)
    }
}
