import Contracts
import NIOCore

/// The JSON bodies of query-service's answers, written straight into a buffer: `data` goes in as
/// the text PostgreSQL returned, never parsed and encoded again.
///
/// Times are ISO 8601 in UTC (``LogTime/iso8601``); absent `level`, `service` or `message` are `null`.
enum LogJSON {
    /// The key `GET /logs/stats` counts logs without a level under.
    static let noLevelKey = "(none)"

    /// `{"logs":[…],"next_cursor":…}` for the rows of ``LogReads/page(_:)``: at most `limit`
    /// logs, and a cursor when there was one more row.
    static func page(_ rows: [StoredLog], limit: Int) -> ByteBuffer {
        let shown = rows.prefix(limit)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(
            256 + shown.reduce(0) { $0 + 200 + $1.data.bytes.readableBytes + ($1.message?.utf8.count ?? 0) })
        buffer.writeStaticString(#"{"logs":["#)
        for (index, log) in shown.enumerated() {
            if index > 0 { buffer.writeStaticString(",") }
            write(log, into: &buffer)
        }
        buffer.writeStaticString(#"],"next_cursor":"#)
        if rows.count > limit, let last = shown.last {
            writeString(last.cursor.token, into: &buffer)
        } else {
            buffer.writeStaticString("null")
        }
        buffer.writeStaticString("}")
        return buffer
    }

    /// One log as an object.
    static func log(_ log: StoredLog) -> ByteBuffer {
        var buffer = ByteBuffer()
        write(log, into: &buffer)
        return buffer
    }

    /// `{"from":…,"to":…,"bucket":…,"buckets":[{"start":…,"counts":{"error":3,…}},…]}`.
    static func stats(_ counts: [LevelCount], query: LogStatsQuery) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeStaticString(#"{"from":"#)
        writeString(query.from.iso8601, into: &buffer)
        buffer.writeStaticString(#","to":"#)
        writeString(query.to.iso8601, into: &buffer)
        buffer.writeStaticString(#","bucket":"#)
        writeString(query.bucket.rawValue, into: &buffer)
        buffer.writeStaticString(#","buckets":["#)
        var current: LogTime?
        for count in counts {
            if count.bucketStart != current {
                if current != nil { buffer.writeStaticString("}},") }
                current = count.bucketStart
                buffer.writeStaticString(#"{"start":"#)
                writeString(count.bucketStart.iso8601, into: &buffer)
                buffer.writeStaticString(#","counts":{"#)
            } else {
                buffer.writeStaticString(",")
            }
            writeString(count.level ?? noLevelKey, into: &buffer)
            buffer.writeStaticString(":")
            buffer.writeString(String(count.count))
        }
        if current != nil { buffer.writeStaticString("}}") }
        buffer.writeStaticString("]}")
        return buffer
    }

    private static func write(_ log: StoredLog, into buffer: inout ByteBuffer) {
        buffer.writeStaticString(#"{"id":""#)
        buffer.writeString(log.id.uuidString.lowercased())
        buffer.writeStaticString(#"","received_at":""#)
        buffer.writeString(log.receivedAt.iso8601)
        buffer.writeStaticString(#"","timestamp":""#)
        buffer.writeString(log.timestamp.iso8601)
        buffer.writeStaticString(#"","level":"#)
        writeOptionalString(log.level, into: &buffer)
        buffer.writeStaticString(#","service":"#)
        writeOptionalString(log.service, into: &buffer)
        buffer.writeStaticString(#","message":"#)
        writeOptionalString(log.message, into: &buffer)
        buffer.writeStaticString(#","data":"#)
        var data = log.data.bytes
        buffer.writeBuffer(&data)
        buffer.writeStaticString("}")
    }

    private static func writeOptionalString(_ text: String?, into buffer: inout ByteBuffer) {
        if let text {
            writeString(text, into: &buffer)
        } else {
            buffer.writeStaticString("null")
        }
    }

    /// `text` as a JSON string, escaped by the shared ``JSONEscaping``.
    static func writeString(_ text: String, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        JSONEscaping.escape(text) { buffer.writeBytes(UnsafeRawBufferPointer($0)) }
        buffer.writeInteger(UInt8(ascii: "\""))
    }
}
