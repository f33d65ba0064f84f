import Foundation
import Hummingbird
import NIOCore
import ServiceKit

/// `GET /files/{id}/events`: one file's snapshot and changes as Server-Sent Events (`text/event-stream`), for
/// clients without WebSocket. Each message is `event: snapshot|change|error` and `data:` the same JSON object a
/// WebSocket gets; an idle stream gets a `: heartbeat` comment every `NOTIFY_SSE_HEARTBEAT`; the stream ends
/// after a final status (at once when the file is already final). 404 for a file that does not exist; 503
/// when PostgreSQL cannot say.
struct FileEventStream<Store: FileStore>: Sendable {
    let hub: FileEventHub<Store>
    let config: NotificationsConfig

    func respond(_ request: Request, id text: String) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let id = try FileRoute.fileID(text)
        let client = NotificationClient(capacity: config.clientBuffer)
        hub.connect(client, transport: .sse)
        await hub.subscribe(client, to: [id])
        guard let first = await client.next(), first.code != .serviceUnavailable else {
            hub.disconnect(client)
            throw APIError(.serviceUnavailable, "the file store (PostgreSQL) is unavailable; retry later")
        }
        if first.code == .notFound {
            hub.disconnect(client)
            throw FileRoute.notFound(id)
        }
        let (hub, heartbeat) = (self.hub, config.sseHeartbeat)
        let body = ResponseBody { writer in
            defer { hub.disconnect(client) }
            try await writer.write(Self.event(first))
            if first.status?.isFinal != true {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        while true {
                            try await Task.sleep(for: heartbeat)
                            client.offer(.heartbeat)
                        }
                    }
                    // Ends after a final status, or when the client is dropped (too slow) or went away.
                    while let message = await client.next() {
                        try await writer.write(Self.event(message))
                        if message.status?.isFinal == true { break }
                    }
                    client.finish()
                    group.cancelAll()
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: body)
    }

    static func event(_ message: NotificationMessage) -> ByteBuffer {
        guard message.kind != .heartbeat else { return ByteBuffer(string: ": heartbeat\n\n") }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(message.json.readableBytes + 32)
        buffer.writeString("event: \(message.kind.rawValue)\ndata: ")
        buffer.writeImmutableBuffer(message.json)
        buffer.writeString("\n\n")
        return buffer
    }
}
