import Foundation
import NIOCore

/// Redis answers `PING` with `+PONG`. Its role depends on what the service keeps there (a cache is
/// ``DependencyRole/derived``), so the caller says it.
public struct RedisPingCheck: DependencyCheck {
    public let name: String
    public let role: DependencyRole
    public let endpoint: HostPort

    public init(name: String = "redis", endpoint: HostPort, role: DependencyRole) {
        self.name = name
        self.role = role
        self.endpoint = endpoint
    }

    public func check() async throws {
        let line = try await TCPExchange.exchange(with: endpoint, sending: Array("*1\r\n$4\r\nPING\r\n".utf8)) {
            buffer -> String? in
            let bytes = buffer.readableBytesView
            guard let end = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            return String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard line == "+PONG" else { throw DependencyCheckError("redis answered PING with \(line)") }
    }
}

/// RabbitMQ answers the AMQP 0-9-1 protocol header with a `connection.start` method frame. A broker
/// carries the work, so it is ``DependencyRole/required``.
public struct AMQPHandshakeCheck: DependencyCheck {
    public let name: String
    public var role: DependencyRole { .required }
    public let endpoint: HostPort

    public init(name: String = "rabbitmq", endpoint: HostPort) {
        self.name = name
        self.endpoint = endpoint
    }

    public func check() async throws {
        let header: [UInt8] = Array("AMQP".utf8) + [0, 0, 9, 1]
        let answer = try await TCPExchange.exchange(with: endpoint, sending: header) {
            buffer -> (UInt8, UInt16, UInt16)? in
            // Frame: type (1), channel (2), size (4), payload (size), frame-end 0xCE.
            guard let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
                let size = buffer.getInteger(at: buffer.readerIndex + 3, as: UInt32.self)
            else { return nil }
            if type == UInt8(ascii: "A") { return (type, 0, 0) }  // the server proposes another protocol version
            guard buffer.readableBytes >= 7 + Int(size) + 1,
                let classID = buffer.getInteger(at: buffer.readerIndex + 7, as: UInt16.self),
                let methodID = buffer.getInteger(at: buffer.readerIndex + 9, as: UInt16.self)
            else { return nil }
            return (type, classID, methodID)
        }
        guard answer == (1, 10, 10) else {
            throw DependencyCheckError("rabbitmq did not answer the AMQP 0-9-1 header with connection.start")
        }
    }
}

/// A Kafka-API broker answers an `ApiVersions` (v0) request with error code 0. A broker carries the
/// work, so it is ``DependencyRole/required``.
public struct KafkaApiVersionsCheck: DependencyCheck {
    public let name: String
    public var role: DependencyRole { .required }
    public let brokers: [HostPort]

    public init(name: String = "kafka", brokers: [HostPort]) {
        self.name = name
        self.brokers = brokers
    }

    /// Ready when any bootstrap broker answers: clients fail over between them the same way.
    public func check() async throws {
        var lastError: any Error = DependencyCheckError("no Kafka brokers configured")
        for broker in brokers {
            do {
                return try await check(broker)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private func check(_ broker: HostPort) async throws {
        let correlationID: Int32 = 0x7472_6962
        let clientID = Array("tributary-ready".utf8)
        var request = ByteBuffer()
        request.writeInteger(Int32(2 + 2 + 4 + 2 + clientID.count))
        request.writeInteger(Int16(18))  // api_key ApiVersions
        request.writeInteger(Int16(0))  // api_version 0
        request.writeInteger(correlationID)
        request.writeInteger(Int16(clientID.count))
        request.writeBytes(clientID)
        let (answeredID, errorCode) = try await TCPExchange.exchange(
            with: broker, sending: Array(request.readableBytesView)
        ) { buffer -> (Int32, Int16)? in
            guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self),
                buffer.readableBytes >= 4 + Int(size), size >= 6,
                let id = buffer.getInteger(at: buffer.readerIndex + 4, as: Int32.self),
                let code = buffer.getInteger(at: buffer.readerIndex + 8, as: Int16.self)
            else { return nil }
            return (id, code)
        }
        guard answeredID == correlationID, errorCode == 0 else {
            throw DependencyCheckError("kafka broker \(broker) answered ApiVersions with error code \(errorCode)")
        }
    }
}
