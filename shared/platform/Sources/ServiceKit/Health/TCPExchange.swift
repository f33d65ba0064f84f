import NIOCore
import NIOPosix

/// Sends a few bytes over a fresh TCP connection and reads until `complete` accepts the answer.
///
/// This is how readiness checks speak to brokers at the protocol level (a Redis PING, an AMQP
/// protocol header, a Kafka ApiVersions request) without holding a client of their own: one
/// connection, one exchange, closed at once.
enum TCPExchange {
    struct ConnectionClosed: Error, CustomStringConvertible {
        let endpoint: HostPort
        var description: String { "\(endpoint) closed the connection before answering" }
    }

    /// - Parameter complete: returns the parsed answer once `received` holds enough bytes, nil to read on.
    static func exchange<Answer: Sendable>(
        with endpoint: HostPort, sending request: [UInt8],
        complete: @escaping @Sendable (ByteBuffer) throws -> Answer?
    ) async throws -> Answer {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(2))
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: request))
            var received = ByteBuffer()
            for try await chunk in inbound {
                received.writeImmutableBuffer(chunk)
                if let answer = try complete(received) { return answer }
            }
            throw ConnectionClosed(endpoint: endpoint)
        }
    }
}
