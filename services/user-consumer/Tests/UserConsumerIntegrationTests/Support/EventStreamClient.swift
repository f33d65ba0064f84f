import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One block of a text/event-stream as a client sees it: an event, or a comment (`: keep-alive`).
struct ReceivedEvent: Equatable, Sendable {
    var id: String?
    var event: String?
    var data: String
    var comment: String?

    var isUser: Bool { event == "user" }
}

/// Splits a text/event-stream into blocks as bytes arrive, however they are cut.
struct EventStreamParser {
    private var pending: [UInt8] = []

    mutating func feed(_ buffer: ByteBuffer) -> [ReceivedEvent] {
        pending += buffer.readableBytesView
        var events: [ReceivedEvent] = []
        while let end = blockEnd() {
            let block = String(decoding: pending[..<end], as: UTF8.self)
            pending.removeFirst(end + 2)
            events.append(Self.parse(block))
        }
        return events
    }

    private func blockEnd() -> Int? {
        guard pending.count >= 2 else { return nil }
        for index in 0..<(pending.count - 1) where pending[index] == 10 && pending[index + 1] == 10 {
            return index
        }
        return nil
    }

    static func parse(_ block: String) -> ReceivedEvent {
        var event = ReceivedEvent(id: nil, event: nil, data: "", comment: nil)
        var data: [String] = []
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(":") {
                event.comment = String(line.dropFirst()).trimmingCharacters(in: .whitespaces)
                continue
            }
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            var value = parts.count > 1 ? String(parts[1]) : ""
            if value.hasPrefix(" ") { value.removeFirst() }
            switch parts[0] {
            case "id": event.id = value
            case "event": event.event = value
            case "data": data.append(value)
            default: break
            }
        }
        event.data = data.joined(separator: "\n")
        return event
    }
}

/// One `/users/sse` response read with AsyncHTTPClient, which (unlike the test client) hands the
/// body over as it comes. Dropping the stream before its end closes the connection.
struct EventStream {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    private var chunks: HTTPClientResponse.Body.AsyncIterator
    private var parser = EventStreamParser()
    private var ready: [ReceivedEvent] = []
    /// Every event read so far.
    private(set) var events: [ReceivedEvent] = []

    /// Sends the request; returns once the response head arrived (the stream is subscribed by
    /// then). The whole exchange must end within `timeout`, else reading throws.
    static func open(
        _ url: String, headers: [(String, String)] = [], timeout: Duration = .seconds(30)
    ) async throws -> EventStream {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/event-stream")
        // A stream of its own, as a browser's EventSource has: a pooled connection that the server
        // closed after an earlier stream could otherwise be picked, and fail the request.
        request.headers.add(name: "Connection", value: "close")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .init(timeout))
        return EventStream(
            status: response.status, headers: response.headers, chunks: response.body.makeAsyncIterator())
    }

    /// The next block, or nil once the stream ended.
    mutating func next() async throws -> ReceivedEvent? {
        while ready.isEmpty {
            guard let chunk = try await chunks.next() else { return nil }
            ready = parser.feed(chunk)
        }
        let event = ready.removeFirst()
        events.append(event)
        return event
    }

    /// Reads until an event satisfies `stop` (returned) or the stream ends (nil).
    @discardableResult
    mutating func read(until stop: (ReceivedEvent) -> Bool) async throws -> ReceivedEvent? {
        while let event = try await next() {
            if stop(event) { return event }
        }
        return nil
    }

    /// The whole body as text, for answers that are not a stream (errors).
    mutating func text() async throws -> String {
        var text = ""
        while let chunk = try await chunks.next() { text += String(buffer: chunk) }
        return text
    }

    var userIDs: [Int64] { events.filter(\.isUser).compactMap { $0.id.flatMap { Int64($0) } } }
}
