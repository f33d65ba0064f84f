import Foundation
import HummingbirdWSClient
import Logging
import Synchronization
import TestInfra

/// A WebSocket client of `/notifications/events` for the tests: every message it receives, parsed, and a way
/// to send messages and to close.
final class NotificationSocket: Sendable {
    struct Note: Sendable, CustomStringConvertible {
        let type: String
        let fileID: String?
        let status: String?
        let code: String?
        let attempt: Int
        let bytesProcessed: Int64
        let recordsProcessed: Int64
        let recordsStored: Int64

        init(_ object: [String: Any]) {
            type = object["type"] as? String ?? "?"
            fileID = object["file_id"] as? String
            status = object["status"] as? String
            code = object["code"] as? String
            attempt = object["attempt"] as? Int ?? 0
            bytesProcessed = (object["bytes_processed"] as? NSNumber)?.int64Value ?? 0
            recordsProcessed = (object["records_processed"] as? NSNumber)?.int64Value ?? 0
            recordsStored = (object["records_stored"] as? NSNumber)?.int64Value ?? 0
        }

        var isFinal: Bool { ["completed", "completed_with_errors", "failed"].contains(status ?? "") }
        var stage: Int { status == "queued" ? 0 : status == "processing" ? 1 : 2 }
        /// The order of the states of one file (Contracts' FileProgressOrder).
        var order: [Int64] { [Int64(attempt), Int64(stage), bytesProcessed, recordsProcessed] }
        var description: String { "\(type) \(status ?? code ?? "") \(recordsProcessed)" }
    }

    /// What the session task writes and the test reads.
    private final class Inbox: Sendable {
        let notes = Mutex<[Note]>([])
        let connected = Mutex(false)
    }

    private let inbox = Inbox()
    private let outgoing: AsyncStream<String>.Continuation
    private let session: Task<Void, any Error>

    init(port: Int, query: String = "") {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        outgoing = continuation
        let inbox = self.inbox
        var logger = Logger(label: "notification-socket")
        logger.logLevel = .warning
        session = Task {
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/notifications/events\(query)", logger: logger
            ) { inbound, outbound, _ in
                inbox.connected.withLock { $0 = true }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message,
                                let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                            else { continue }
                            inbox.notes.withLock { $0.append(Note(object)) }
                        }
                    }
                    group.addTask {
                        for await text in stream { try await outbound.write(.text(text)) }
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    var received: [Note] { inbox.notes.withLock { $0 } }

    func send(_ text: String) { outgoing.yield(text) }

    /// Closes the socket (the close handshake) and waits until it is closed.
    func close() async {
        outgoing.finish()
        _ = try? await session.value
    }

    func waitUntilConnected() async throws {
        _ = try await pollUntil("the WebSocket connected", timeout: .seconds(30)) {
            inbox.connected.withLock { $0 } ? true : nil
        }
    }

    /// Waits until `check` finds what it looks for in the messages received so far.
    func waitFor<T>(
        _ what: String, timeout: Duration = .seconds(120), _ check: @escaping ([Note]) -> T?
    ) async throws -> T {
        try await pollUntil(what, timeout: timeout, every: .milliseconds(20)) { check(received) }
    }

    /// The messages about `fileID`.
    func notes(of fileID: UUID) -> [Note] {
        received.filter { $0.fileID == fileID.uuidString.lowercased() }
    }
}
