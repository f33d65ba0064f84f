import Contracts
import Foundation
import NIOCore

/// The Server-Sent Events of `/users/sse` (text/event-stream, one event per blank-line-ended block).
///
/// - a user: `id: <user id>`, `event: user`, `data: <user JSON>` (``UserJSON``: one line, since JSON
///   strings escape line breaks), so a client's `Last-Event-ID` is the last user it received;
/// - `event: live`, `data: {"sent":N}`: with `follow=true`, every stored user was sent; changes follow;
/// - `event: end`, `data: {"sent":N}`: every user was sent; the stream ends;
/// - `event: error`, `data: {"error":"…"}`: the stream cannot go on and ends; reconnect to resume;
/// - `: keep-alive`: a comment, sent while a follow stream is idle so proxies keep it open.
public enum UserEventFormat {
    public static func writeUser(_ user: UserRecord, into buffer: inout ByteBuffer) {
        buffer.writeStaticString("id: ")
        buffer.writeString(String(user.id))
        buffer.writeStaticString("\nevent: user\ndata: ")
        UserJSON.write(user, into: &buffer)
        buffer.writeStaticString("\n\n")
    }

    public static func end(sent: Int) -> ByteBuffer {
        ByteBuffer(string: "event: end\ndata: {\"sent\":\(sent)}\n\n")
    }

    public static func live(sent: Int) -> ByteBuffer {
        ByteBuffer(string: "event: live\ndata: {\"sent\":\(sent)}\n\n")
    }

    public static func error(_ message: String) -> ByteBuffer {
        var writer = JSONWriter()
        writer.raw("event: error\ndata: {\"error\":")
        writer.string(message)
        writer.raw("}\n\n")
        return ByteBuffer(bytes: writer.bytes)
    }

    public static let keepAlive = ByteBuffer(string: ": keep-alive\n\n")
}
