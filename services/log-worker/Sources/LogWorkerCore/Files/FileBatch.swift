import Contracts
import Foundation

/// Where a record is in its file, as `file_errors` stores it.
struct FileRecordPlace: Sendable, Equatable {
    let index: Int
    let line: Int
    let column: Int
}

/// A rejected record: a row of `file_errors`.
struct FileRecordError: Sendable, Equatable {
    let place: FileRecordPlace
    let reason: String
}

/// What one file's reading has to store next, in one transaction: good records (with their places, for a
/// record PostgreSQL refuses after all) and the rejected records' rows still under the cap.
struct FileBatch: Sendable {
    var logs: [IncomingLog] = []
    var places: [FileRecordPlace] = []
    var errors: [FileRecordError] = []
    /// The bytes of the records' text held, to bound a batch by size.
    var byteCount = 0

    var isEmpty: Bool { logs.isEmpty && errors.isEmpty }
}

/// The counts of one attempt at a file, from its first byte: exact for what is committed.
struct FileProgress: Sendable, Equatable {
    var bytesProcessed: Int64 = 0
    var recordsProcessed: Int64 = 0
    var recordsStored: Int64 = 0
    var recordsRejected: Int64 = 0
}

/// One attempt at a file, as ``FileStore/begin(fileID:)`` started it: its number fences every later write, so a
/// worker that lost the file to a newer attempt (its task delivered again elsewhere) changes nothing more.
struct FileRun: Sendable, Equatable {
    let fileID: UUID
    let attempt: Int
    let sizeBytes: Int64
}

/// The file was started again by a newer attempt: this one stops without writing anything more.
struct FileSuperseded: Error, CustomStringConvertible {
    let run: FileRun
    var description: String { "file \(run.fileID) was taken over by a newer attempt than \(run.attempt)" }
}

/// The worker is shutting down in the middle of a file: the task stays unacknowledged and comes back.
struct FileProcessingInterrupted: Error, CustomStringConvertible {
    var description: String { "shutting down in the middle of a file; its task goes back to the queue" }
}
