import Contracts
import Foundation
import Logging
import Redis
import ServiceKit
import Synchronization
import WSClient

// file-upload-bench notify WS_URL REDIS_URL CHANNEL FILE_ID SUBSCRIBERS EVENTS INTERVAL_MS
//
// Opens SUBSCRIBERS WebSockets on WS_URL?file_id=FILE_ID, waits until each has the file's snapshot, then
// publishes EVENTS file events for FILE_ID on CHANNEL (as log-worker does, one every INTERVAL_MS, each newer
// than the snapshot: attempt 1000 + n) and measures, per socket and event, the delay from just before the
// PUBLISH to the receipt. Prints `key=value` lines: subscribers, events, received, missing, p50_ms, p99_ms,
// max_ms.

let arguments = CommandLine.arguments
guard arguments.count == 9, arguments[1] == "notify", let fileID = UUID(uuidString: arguments[5]),
    let subscribers = Int(arguments[6]), let events = Int(arguments[7]), let interval = Int(arguments[8])
else {
    FileHandle.standardError.write(
        Data("usage: file-upload-bench notify WS_URL REDIS_URL CHANNEL FILE_ID SUBSCRIBERS EVENTS INTERVAL_MS\n".utf8))
    exit(2)
}
let (wsURL, redisURL, channel) = (arguments[2], arguments[3], arguments[4])
let base = 1_000
let clock = ContinuousClock()
let start = clock.now
let sent = Mutex([Duration?](repeating: nil, count: events))
let delays = Mutex<[Duration]>([])
let snapshots = Atomic<Int>(0)
let received = Atomic<Int>(0)
var logger = Logger(label: "file-upload-bench")
logger.logLevel = .error

let sockets = (0..<subscribers).map { _ in
    Task {
        try await WebSocketClient.connect(
            url: "\(wsURL)?file_id=\(fileID.uuidString.lowercased())", logger: logger
        ) { inbound, _, _ in
            var seen = 0
            for try await message in inbound.messages(maxSize: 1 << 16) {
                let arrived = clock.now - start
                guard case .text(let text) = message, let (attempt, isSnapshot) = MessageText.attemptAndType(text)
                else { continue }
                if isSnapshot {
                    snapshots.add(1, ordering: .relaxed)
                    continue
                }
                guard attempt >= base, attempt - base < events,
                    let publishedAt = sent.withLock({ $0[attempt - base] })
                else { continue }
                delays.withLock { $0.append(arrived - publishedAt) }
                received.add(1, ordering: .relaxed)
                seen += 1
                if seen == events { return }
            }
        }
    }
}

enum MessageText {
    /// The message's `attempt` and whether its `type` is `snapshot`, found by searching the text: at 50,000
    /// messages/s a JSON tree per message (Foundation) made this client, not log-api, the bottleneck measured.
    static func attemptAndType(_ text: String) -> (Int, Bool)? {
        guard let key = text.range(of: #""attempt":"#) else { return nil }
        guard let attempt = Int(text[key.upperBound...].prefix(while: \.isNumber)) else { return nil }
        return (attempt, text.contains(#""type":"snapshot""#))
    }
}

func waitFor(_ what: String, seconds: Int, _ done: () -> Bool) async {
    let deadline = clock.now + .seconds(seconds)
    while !done(), clock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
    if !done() { FileHandle.standardError.write(Data("file-upload-bench: \(what) not within \(seconds) s\n".utf8)) }
}

await waitFor("every snapshot", seconds: 120) { snapshots.load(ordering: .relaxed) >= subscribers }
FileHandle.standardError.write(
    Data("file-upload-bench: \(snapshots.load(ordering: .relaxed)) sockets have their snapshot\n".utf8))
let endpoint = try RedisConfig(environment: EnvironmentReader(["REDIS_URL": redisURL])).endpoint
let redis = RedisConnectionPool(configuration: RedisClientConfiguration(endpoint: endpoint, poolSize: 1))
for n in 0..<events {
    let event = FileEvent(
        snapshot: FileStatusSnapshot(
            fileID: fileID, status: .processing, sizeBytes: Int64(events), bytesProcessed: Int64(n),
            recordsProcessed: Int64(n), recordsStored: Int64(n)),
        attempt: base + n, occurredAt: Date())
    let body = try ContractCoding.encode(Envelope(payload: event))
    sent.withLock { $0[n] = clock.now - start }
    _ = try await redis.publish(RedisArgument(bytes: Array(body)), to: channel)
    try await Task.sleep(for: .milliseconds(interval))
}
await waitFor("every event at every socket", seconds: 60) {
    received.load(ordering: .relaxed) >= subscribers * events
}
await redis.shutdown()
for socket in sockets { socket.cancel() }

let sorted = delays.withLock { $0 }.sorted()
func percentile(_ p: Double) -> String {
    guard !sorted.isEmpty else { return "nan" }
    let delay = sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    return String(format: "%.1f", Double(delay.components.attoseconds) / 1e15 + Double(delay.components.seconds) * 1e3)
}
let total = received.load(ordering: .relaxed)
print("subscribers=\(subscribers)")
print("snapshots=\(snapshots.load(ordering: .relaxed))")
print("events=\(events)")
print("received=\(total)")
print("missing=\(subscribers * events - total)")
print("p50_ms=\(percentile(0.50))")
print("p99_ms=\(percentile(0.99))")
print("max_ms=\(percentile(1.0))")
