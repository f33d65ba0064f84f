import CRabbitMQ
import Glibc

/// One AMQP connection opened with rabbitmq-c: its C state, and the calls made on it.
///
/// Confined to its connection thread (a rabbitmq-c connection is not thread-safe). The C state is
/// freed exactly once, by ``destroy()`` or at deinit, whichever comes first.
final class AMQPSession {
    let broker: String
    private var state: amqp_connection_state_t?
    /// Scratch memory for encoding one outgoing method; recycled after each call.
    let scratch = ScratchPool()
    /// When the broker last answered a synchronous call. rabbitmq-c reads those replies itself,
    /// past the connection loop's frame reading, and the broker sends no heartbeat while it is
    /// sending anything else: without this, a run of calls looks like silence.
    private(set) var lastReply: ContinuousClock.Instant?

    private init(broker: String, state: amqp_connection_state_t) {
        self.broker = broker
        self.state = state
    }

    deinit { destroy() }

    /// Opens the TCP connection and logs in, with the heartbeat, timeouts and connection name of
    /// `configuration`.
    static func open(_ configuration: RabbitMQConfiguration) throws(RabbitMQError) -> AMQPSession {
        let broker = configuration.brokerName
        let endpoint = configuration.amqp.endpoint
        guard let state = amqp_new_connection() else {
            throw RabbitMQError(.connectionFailed, broker: broker, operation: "connect", detail: "out of memory")
        }
        // From here on the session owns the state: every early exit frees it through deinit.
        let session = AMQPSession(broker: broker, state: state)
        guard let socket = amqp_tcp_socket_new(state) else {
            throw RabbitMQError(.connectionFailed, broker: broker, operation: "connect", detail: "no socket")
        }
        var connectTimeout = timeval(configuration.connectTimeout)
        let opened = amqp_socket_open_noblock(socket, endpoint.host, Int32(endpoint.port), &connectTimeout)
        guard opened == AMQP_STATUS_OK.rawValue else {
            throw ReplyFailure.socketAware(opened).error(
                .connectionFailed, broker: broker, operation: "open TCP connection")
        }
        amqp_set_handshake_timeout(state, &connectTimeout)
        var rpcTimeout = timeval(configuration.rpcTimeout)
        amqp_set_rpc_timeout(state, &rpcTimeout)
        try session.login(configuration, state: state)
        return session
    }

    private func login(_ configuration: RabbitMQConfiguration, state: amqp_connection_state_t) throws(RabbitMQError) {
        defer { scratch.recycle() }
        let amqp = configuration.amqp
        // consumer_cancel_notify: the broker tells a consumer that its queue was deleted;
        // connection.blocked: it tells a publisher that it stopped reading (memory or disk alarm).
        let capabilities: AMQPTable = ["consumer_cancel_notify": true, "connection.blocked": true]
        var properties = scratch.table([
            "connection_name": .string(configuration.connectionName), "capabilities": .table(capabilities),
        ])
        let heartbeatSeconds = Int32(clamping: configuration.heartbeat.components.seconds)
        let reply = crabbitmq_login_plain(
            state, scratch.cString(amqp.virtualHost), 0, 131_072, heartbeatSeconds, &properties,
            scratch.cString(amqp.username), scratch.cString(amqp.password))
        if let failure = ReplyFailure(reply) {
            throw failure.error(
                .loginFailed, broker: broker,
                operation: "log in as '\(amqp.username)' to virtual host '\(amqp.virtualHost)'")
        }
    }

    /// Closes the socket and frees the C state; later calls fail with `connectionLost`.
    func destroy() {
        guard let state else { return }
        self.state = nil
        amqp_destroy_connection(state)
    }

    /// Says goodbye to the broker (connection.close, waiting at most the RPC timeout), then frees
    /// the C state.
    func close() {
        if let state { _ = amqp_connection_close(state, AMQP_REPLY_SUCCESS) }
        destroy()
    }

    func liveState(_ operation: @autoclosure () -> String) throws(RabbitMQError) -> amqp_connection_state_t {
        guard let state else {
            throw RabbitMQError(.connectionLost, broker: broker, operation: operation(), detail: "connection closed")
        }
        return state
    }

    var socketDescriptor: Int32 { state.map { amqp_get_sockfd($0) } ?? -1 }

    /// rabbitmq-c holds frames or bytes it read from the socket but did not hand out yet.
    var hasBufferedInput: Bool {
        guard let state else { return false }
        return amqp_frames_enqueued(state) != 0 || amqp_data_in_buffer(state) != 0
    }

    /// Runs one synchronous AMQP call and turns a failure into an error: `kind` when the broker
    /// closed only the channel (after answering its close with close-ok, so the connection stays
    /// usable), `connectionLost` otherwise.
    func rpc(
        _ kind: RabbitMQError.Kind, channel: UInt16, _ operation: @autoclosure () -> String,
        _ call: (amqp_connection_state_t) -> Void
    ) throws(RabbitMQError) {
        let state = try liveState(operation())
        defer { scratch.recycle() }
        call(state)
        guard let failure = ReplyFailure(amqp_get_rpc_reply(state)) else {
            lastReply = .now
            return
        }
        switch failure {
        case .channelClosed:
            lastReply = .now
            sendCloseOK(channel: channel)
            throw failure.error(kind, broker: broker, operation: operation())
        case .connectionClosed:
            sendCloseOK(channel: 0)
            throw failure.error(.connectionLost, broker: broker, operation: operation())
        case .library:
            throw failure.error(.connectionLost, broker: broker, operation: operation())
        }
    }

    /// A status from a call that sends without waiting for an answer: anything but OK means the
    /// connection is unusable.
    func check(_ status: Int32, _ operation: @autoclosure () -> String) throws(RabbitMQError) {
        guard status == AMQP_STATUS_OK.rawValue else {
            throw ReplyFailure.socketAware(status).error(.connectionLost, broker: broker, operation: operation())
        }
    }

    /// Answers a close the broker sent: channel.close-ok on `channel`, or connection.close-ok on 0.
    func sendCloseOK(channel: UInt16) {
        guard let state else { return }
        if channel == 0 {
            var closeOK = amqp_connection_close_ok_t()
            _ = amqp_send_method(state, 0, CRABBITMQ_CONNECTION_CLOSE_OK, &closeOK)
        } else {
            var closeOK = amqp_channel_close_ok_t()
            _ = amqp_send_method(state, channel, CRABBITMQ_CHANNEL_CLOSE_OK, &closeOK)
        }
    }
}

extension timeval {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self.init(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
    }
}
