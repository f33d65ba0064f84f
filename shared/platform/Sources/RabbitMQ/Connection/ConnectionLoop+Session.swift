import Glibc

/// Connecting, serving one live connection, and giving it up.
extension ConnectionLoop {
    /// Opens the connection, declares the topology, puts channel 1 in confirm mode and starts
    /// every registered consumer (none during a graceful shutdown, which reconnects only to settle
    /// the publishes it accepted).
    func establishSession() throws(RabbitMQError) -> AMQPSession {
        inbox.status = .connecting
        let session = try AMQPSession.open(configuration)
        self.session = session
        nextConsumerChannel = Self.publishChannel + 1
        try session.openChannel(Self.publishChannel)
        try session.declare(topology, on: Self.publishChannel)
        try session.selectConfirms(on: Self.publishChannel)
        if inbox.shutdownMode == nil {
            for id in consumers.keys.sorted() { try openConsumerChannel(id) }
        }
        lastInbound = clock.now
        inbox.status = .connected
        return session
    }

    /// Serves the live connection: commands from callers, frames from the broker. Returns when a
    /// shutdown was requested and, for a graceful one, once every consumer is closed (each after
    /// its deliveries were settled or ``RabbitMQConfiguration/shutdownDrainTimeout`` passed) and
    /// every publish admitted before the shutdown has its outcome (those are never cut short: a
    /// batch is confirmed whole); throws when the connection breaks.
    func serve(_ session: AMQPSession) throws(RabbitMQError) {
        try sendWaitingPublishes()
        var draining = false
        var overdueAt = clock.now
        var warnedOverdue = false
        while true {
            if let mode = inbox.shutdownMode {
                if mode == .immediate { return }
                if !draining {
                    draining = true
                    overdueAt = clock.now.advanced(by: configuration.shutdownDrainTimeout)
                    try stopConsumersForShutdown()
                }
                if consumers.isEmpty && !hasAcceptedPublishes { return }
                if !warnedOverdue, hasAcceptedPublishes, clock.now >= overdueAt {
                    warnedOverdue = true
                    logger.warning(
                        "graceful shutdown is waiting past its drain timeout for publishes accepted before it",
                        metadata: [
                            "unconfirmed": "\(confirms.count)", "publish_calls": "\(inbox.activePublishCalls)",
                        ])
                }
            }
            let events = waitForEvents(session, upTo: earliestConsumerCloseDeadline)
            // Heartbeat frames are consumed inside rabbitmq-c and never returned: a readable
            // socket is what proves the broker is alive.
            if events.socket { lastInbound = clock.now }
            if events.wakeup { inbox.wakeup.reset() }
            try execute(inbox.takeCommands())
            if publishingBlockedBy != nil { expireWaitingPublishes() }
            if events.socket || events.timedOut || session.hasBufferedInput { try readFrames(session) }
            closeCancelledConsumers()
            try checkHeartbeat()
        }
    }

    /// Sends the publishes that waited for a connection (or for the broker to unblock it).
    func sendWaitingPublishes() throws(RabbitMQError) {
        let waiting = waitingPublishes
        waitingPublishes.removeAll()
        for (index, publish) in waiting.enumerated() {
            do {
                try send(publish.message, publish.waiter)
            } catch {
                // Those not sent yet wait for the next connection; the one that was is failed.
                waitingPublishes += waiting[(index + 1)...]
                throw error
            }
        }
    }

    private var earliestConsumerCloseDeadline: ContinuousClock.Instant? {
        consumers.values.compactMap(\.closeDeadline).min()
    }

    /// Waits for the socket or a wakeup: at once when rabbitmq-c already holds input, at most
    /// 250 ms otherwise (heartbeats and deadlines are checked at least that often).
    private func waitForEvents(
        _ session: AMQPSession, upTo deadline: ContinuousClock.Instant?
    ) -> (socket: Bool, wakeup: Bool, timedOut: Bool) {
        var timeout = session.hasBufferedInput ? Duration.zero : .milliseconds(250)
        if let deadline { timeout = max(.zero, min(timeout, deadline - clock.now)) }
        var descriptors = [
            pollfd(fd: session.socketDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: inbox.wakeup.descriptor, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&descriptors, nfds_t(descriptors.count), Int32(timeout / .milliseconds(1)))
        guard ready > 0 else { return (false, false, ready == 0) }
        // An error or hang-up on the socket counts as readable: the read that follows reports it.
        return (descriptors[0].revents != 0, descriptors[1].revents != 0, false)
    }

    /// Handles the frames that arrived: all of rabbitmq-c's buffer, at most 10,000 before going
    /// back to the commands (acks must not wait behind a flood of deliveries).
    private func readFrames(_ session: AMQPSession) throws(RabbitMQError) {
        var handled = 0
        repeat {
            guard let frame = try session.nextFrame() else { break }
            lastInbound = clock.now
            try handle(frame)
            handled += 1
        } while session.hasBufferedInput && handled < 10_000
    }

    private func checkHeartbeat() throws(RabbitMQError) {
        guard configuration.heartbeat > .zero else { return }
        let heard = max(lastInbound, session?.lastReply ?? lastInbound)
        let silence = clock.now - heard
        guard silence > configuration.heartbeat * 2 else { return }
        throw RabbitMQError(
            .connectionLost, broker: broker, operation: "wait for the broker",
            detail: "nothing received for \(silence) (heartbeat \(configuration.heartbeat)): the broker is unreachable")
    }

    /// Graceful shutdown, first step: every consumer is cancelled as ``cancelConsumer(_:)`` does,
    /// so the deliveries already on their way are still handed out and may all be settled.
    private func stopConsumersForShutdown() throws(RabbitMQError) {
        for id in consumers.keys.sorted() { try cancelConsumer(id) }
    }

    /// Closes channels and connection politely; what is left unconfirmed fails.
    func closeSession() {
        guard let session else { return }
        for channel in consumerIDByChannel.keys.sorted() { session.closeChannel(channel) }
        session.closeChannel(Self.publishChannel)
        session.close()
        self.session = nil
        logger.info("RabbitMQ connection closed")
    }

    /// Gives up a broken connection: frees it, fails what it had unconfirmed, and marks every
    /// consumer's deliveries as no longer settleable.
    func abandonSession(_ error: RabbitMQError) {
        session?.destroy()
        session = nil
        publishingBlockedBy = nil
        assembler.discardAll()
        failUnconfirmed(
            with: RabbitMQError(
                .connectionLost, broker: broker, operation: "publish",
                detail:
                    "the connection broke before the broker confirmed the message (\(error.detail ?? "\(error.kind)"))")
        )
        consumerIDByChannel.removeAll()
        // A consumer being cancelled is done: its deliveries can no longer be settled.
        for (id, record) in consumers where record.closeDeadline != nil {
            consumers[id] = nil
            record.shared.liveChannelGeneration = nil
            record.shared.deliveries.finish()
        }
        for id in consumers.keys {
            consumers[id]?.channel = nil
            consumers[id]?.unsettled.removeAll()
            consumers[id]?.shared.liveChannelGeneration = nil
        }
    }

    /// Between connection attempts: takes commands (publishes wait, up to their limit), until
    /// `delay` passed or a shutdown leaves nothing to reconnect for (``keepsRunning``).
    func waitWhileDisconnected(for delay: Duration) {
        let until = clock.now.advanced(by: delay)
        while keepsRunning, clock.now < until {
            var wakeup = pollfd(fd: inbox.wakeup.descriptor, events: Int16(POLLIN), revents: 0)
            let timeout = min(until - clock.now, .milliseconds(250))
            if poll(&wakeup, 1, Int32(max(.zero, timeout) / .milliseconds(1))) > 0 { inbox.wakeup.reset() }
            for command in inbox.takeCommands() { executeWhileDisconnected(command) }
            expireWaitingPublishes()
        }
    }

    /// Fails the publishes that waited for a connection (or for the broker to unblock it)
    /// longer than allowed.
    func expireWaitingPublishes() {
        let cutoff = clock.now.advanced(by: .zero - configuration.publishWaitForConnection)
        guard let first = waitingPublishes.first, first.enqueuedAt < cutoff else { return }
        let expired = waitingPublishes.prefix { $0.enqueuedAt < cutoff }
        waitingPublishes.removeFirst(expired.count)
        let reason =
            if let publishingBlockedBy {
                "the broker blocked publishing for \(configuration.publishWaitForConnection): \(publishingBlockedBy)"
            } else {
                "no connection within \(configuration.publishWaitForConnection); last attempt: "
                    + (lastConnectionError.map { "\($0)" } ?? "none")
            }
        let error = RabbitMQError(.notConnected, broker: broker, operation: "publish", detail: reason)
        for publish in expired { fail(publish.waiter, error.about(messageID: publish.message.messageID)) }
    }
}
