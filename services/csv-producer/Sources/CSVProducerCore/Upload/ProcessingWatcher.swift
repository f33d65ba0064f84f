import Foundation
import Logging
import Synchronization
import WSClient

/// One file's state as the notifications carry it.
struct FileProgress: Sendable, Equatable {
    var status: String
    var sizeBytes: Int64
    var bytesProcessed: Int64
    var recordsStored: Int64
    var recordsRejected: Int64
    var error: String?

    init?(_ object: [String: Any]) {
        guard let status = object["status"] as? String else { return nil }
        self.status = status
        sizeBytes = (object["size_bytes"] as? NSNumber)?.int64Value ?? 0
        bytesProcessed = (object["bytes_processed"] as? NSNumber)?.int64Value ?? 0
        recordsStored = (object["records_stored"] as? NSNumber)?.int64Value ?? 0
        recordsRejected = (object["records_rejected"] as? NSNumber)?.int64Value ?? 0
        error = object["error"] as? String
    }

    var isFinal: Bool { ["completed", "completed_with_errors", "failed"].contains(status) }
}

/// Follows files on log-api's WebSocket `/notifications/events?file_id=…` until each is final: the first
/// message of each is its snapshot, so a file already processed is final at once. A lost connection is opened
/// again (snapshots again) until the deadline.
struct ProcessingWatcher: Sendable {
    let api: URL
    let display: UploadDisplay

    /// The latest state of each file, written by the socket's task.
    private final class States: Sendable {
        private let states = Mutex<[UUID: FileProgress]>([:])
        let ids: [UUID]
        init(_ ids: [UUID]) { self.ids = ids }
        func set(_ progress: FileProgress, for id: UUID) { states.withLock { $0[id] = progress } }
        var all: [UUID: FileProgress] { states.withLock { $0 } }
        var allFinal: Bool { states.withLock { states in ids.allSatisfy { states[$0]?.isFinal == true } } }
    }

    func follow(_ ids: [UUID], names: [UUID: String], timeout: Duration) async -> [UUID: FileProgress] {
        let states = States(ids)
        let query = ids.map { "file_id=\($0.uuidString.lowercased())" }.joined(separator: "&")
        var base = api.absoluteString
        if base.hasSuffix("/") { base.removeLast() }
        let url =
            base.replacingOccurrences(of: "http", with: "ws", options: .anchored) + "/notifications/events?" + query
        var logger = Logger(label: "csv-producer.upload")
        logger.logLevel = .critical
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        let display = self.display
        while !states.allFinal, clock.now < deadline {
            let attempt = Task {
                try await WebSocketClient.connect(url: url, logger: logger) { inbound, _, _ in
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message,
                            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                            let id = (object["file_id"] as? String).flatMap(UUID.init(uuidString:))
                        else { continue }
                        if object["type"] as? String == "error" {
                            display.note("\(names[id] ?? id.uuidString): \(object["error"] as? String ?? "error")")
                            continue
                        }
                        guard let progress = FileProgress(object) else { continue }
                        states.set(progress, for: id)
                        display.processing(name: names[id] ?? id.uuidString, progress)
                        if states.allFinal { return }
                    }
                }
            }
            let remaining = deadline - clock.now
            let watchdog = Task {
                try await Task.sleep(for: remaining)
                attempt.cancel()
            }
            _ = try? await attempt.value
            watchdog.cancel()
            if !states.allFinal, clock.now < deadline { try? await Task.sleep(for: .seconds(1)) }
        }
        return states.all
    }
}
