import Contracts
import Foundation
import NIOCore

/// The JSON bodies of the file routes, written with Contracts' `JSONWriter`, keys in sorted order.
///
/// A file starts with the members of Contracts' ``FileStatusSnapshot``, written by its own writer,
/// exactly as each `FileEvent` that log-worker publishes carries them (`bytes_processed`, `error`,
/// `error_column`, `error_line`, `file_id`, `records_processed`, `records_rejected`,
/// `records_stored`, `size_bytes`, `status`), so a client reads the REST answer and the events the
/// same way; then come the file's own members, sorted among themselves: `attempts`,
/// `content_type`, `created_at`, the URLs, `finished_at`, `first_errors` (`GET /files/{id}` only),
/// `forced`, `name`, `sha256`, `started_at`, `updated_at`. Absent values are `null`, never left out.
enum FileJSON {
    /// The answer to an upload: `{"duplicate":…,"events_url":…,"id":…,"status":…,"status_url":…}`.
    static func accepted(_ file: StoredFile, duplicate: Bool) -> ByteBuffer {
        var writer = JSONWriter(capacity: 192)
        writer.raw(#"{"duplicate":"#)
        writer.bool(duplicate)
        writer.raw(#","events_url":"#)
        writer.string(eventsURL(file.id))
        writer.raw(#","id":"#)
        writer.uuid(file.id)
        writer.raw(#","status":"#)
        writer.string(file.status.rawValue)
        writer.raw(#","status_url":"#)
        writer.string(statusURL(file.id))
        writer.raw("}")
        return ByteBuffer(bytes: writer.bytes)
    }

    /// `GET /files/{id}`: the file with its first errors.
    static func file(_ file: StoredFile, firstErrors: [FileRecordError]) -> ByteBuffer {
        var writer = JSONWriter(capacity: 768 + firstErrors.count * 128)
        write(file, firstErrors: firstErrors, into: &writer)
        return ByteBuffer(bytes: writer.bytes)
    }

    /// `GET /files`: `{"files":[…],"next_cursor":…}` from up to `limit + 1` rows.
    static func page(_ files: [StoredFile], limit: Int) -> ByteBuffer {
        let shown = files.prefix(limit)
        var writer = JSONWriter(capacity: 64 + shown.count * 700)
        writer.raw(#"{"files":["#)
        for (position, file) in shown.enumerated() {
            if position > 0 { writer.raw(",") }
            write(file, firstErrors: nil, into: &writer)
        }
        writer.raw(#"],"next_cursor":"#)
        if files.count > limit, let last = shown.last {
            writer.string(
                FileCursor.token(
                    for: FileListPosition(createdAtMicroseconds: last.createdAtMicroseconds, id: last.id)))
        } else {
            writer.null()
        }
        writer.raw("}")
        return ByteBuffer(bytes: writer.bytes)
    }

    /// `GET /files/{id}/errors`: `{"errors":[…],"file_id":…,"next_cursor":…,"records_rejected":…}`.
    static func errors(_ errors: [FileRecordError], of file: StoredFile, limit: Int) -> ByteBuffer {
        let shown = errors.prefix(limit)
        var writer = JSONWriter(capacity: 128 + shown.count * 128)
        writer.raw(#"{"errors":"#)
        write(Array(shown), into: &writer)
        writer.raw(#","file_id":"#)
        writer.uuid(file.id)
        writer.raw(#","next_cursor":"#)
        if errors.count > limit, let last = shown.last {
            writer.string(FileCursor.token(forErrorIndex: last.recordIndex))
        } else {
            writer.null()
        }
        writer.raw(#","records_rejected":"#)
        writer.integer(file.recordsRejected)
        writer.raw("}")
        return ByteBuffer(bytes: writer.bytes)
    }

    /// `DELETE /files/{id}`: `{"file_id":…,"records_deleted":…}`.
    static func deleted(_ id: UUID, recordsDeleted: Int) -> ByteBuffer {
        var writer = JSONWriter(capacity: 96)
        writer.raw(#"{"file_id":"#)
        writer.uuid(id)
        writer.raw(#","records_deleted":"#)
        writer.integer(recordsDeleted)
        writer.raw("}")
        return ByteBuffer(bytes: writer.bytes)
    }

    static func statusURL(_ id: UUID) -> String { "/files/" + id.uuidString.lowercased() }
    static func eventsURL(_ id: UUID) -> String { statusURL(id) + "/events" }
    static func errorsURL(_ id: UUID) -> String { statusURL(id) + "/errors" }

    /// One file; `first_errors` only when `firstErrors` is given.
    private static func write(_ file: StoredFile, firstErrors: [FileRecordError]?, into writer: inout JSONWriter) {
        writer.raw("{")
        file.snapshot.writeMembers(into: &writer)
        writer.raw(#","attempts":"#)
        writer.integer(file.attempts)
        writer.raw(#","content_type":"#)
        writer.string(file.contentType)
        writer.raw(#","created_at":"#)
        date(file.createdAt, into: &writer)
        writer.raw(#","errors_url":"#)
        writer.string(errorsURL(file.id))
        writer.raw(#","events_url":"#)
        writer.string(eventsURL(file.id))
        writer.raw(#","finished_at":"#)
        date(file.finishedAt, into: &writer)
        if let firstErrors {
            writer.raw(#","first_errors":"#)
            write(firstErrors, into: &writer)
        }
        writer.raw(#","forced":"#)
        writer.bool(file.forced)
        writer.raw(#","name":"#)
        writer.string(file.name)
        writer.raw(#","sha256":"#)
        writer.string(file.sha256)
        writer.raw(#","started_at":"#)
        date(file.startedAt, into: &writer)
        writer.raw(#","status_url":"#)
        writer.string(statusURL(file.id))
        writer.raw(#","updated_at":"#)
        date(file.updatedAt, into: &writer)
        writer.raw("}")
    }

    private static func write(_ errors: [FileRecordError], into writer: inout JSONWriter) {
        writer.raw("[")
        for (position, error) in errors.enumerated() {
            if position > 0 { writer.raw(",") }
            writer.raw(#"{"column":"#)
            writer.integer(error.column)
            writer.raw(#","line":"#)
            writer.integer(error.line)
            writer.raw(#","reason":"#)
            writer.string(error.reason)
            writer.raw(#","record_index":"#)
            writer.integer(error.recordIndex)
            writer.raw("}")
        }
        writer.raw("]")
    }

    private static func date(_ date: Date?, into writer: inout JSONWriter) {
        guard let date, writer.date(date) else {
            writer.null()
            return
        }
    }
}
