import Contracts
import Foundation
import NIOPosix
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Reads a users CSV file as batches of valid users and rejected rows, in constant memory.
///
/// Every blocking call (open(2), read(2) of 64 KiB chunks, the rejects file's writes) runs as a
/// job on `NIOThreadPool.singleton`, never on the Swift concurrency pool. Reading is pulled:
/// each ``next()`` is one job that reads one chunk and returns what it completed, so at most one
/// chunk's records are held at a time, however large the file and however slow the broker.
public final class UserFileReader: Sendable {
    /// What one chunk of the file held.
    public struct Batch: Sendable {
        public var users: [(user: UserRecord, id: UserMessageID)] = []
        public var rejections: [RowRejection] = []
        /// Data records read (valid or not); the header is not counted.
        public var rowsRead: Int { users.count + rejections.count }
    }

    /// The file is not a users CSV, or cannot be read.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public static let chunkSize = 64 * 1024

    private struct State {
        var descriptor: Int32 = -1
        var rejectsFile: FileHandle?
        var parser = CSVParser()
        var buffer = [UInt8](repeating: 0, count: UserFileReader.chunkSize)
        var records: [CSVRecord] = []
        var sawHeader = false
        var finished = false
    }

    private let path: String
    private let rejectsPath: String?
    /// The reader's state; `next()` is called by one task at a time, so the lock is never contended.
    private let state = Mutex(State())

    /// A reader of `path` that appends rejected rows to a new CSV at `rejectsPath` (if given).
    /// Nothing is opened until the first ``next()``.
    public init(path: String, rejectsPath: String? = nil) {
        self.path = path
        self.rejectsPath = rejectsPath
    }

    deinit {
        state.withLock { state in
            if state.descriptor >= 0 { close(state.descriptor) }
            try? state.rejectsFile?.close()
        }
    }

    /// The next batch, or `nil` at the end of the file. Throws ``ReadError`` for a missing or
    /// wrong header and for read errors.
    public func next() async throws -> Batch? {
        try await NIOThreadPool.singleton.runIfActive { [self] in
            try state.withLock { state in try readChunk(&state) }
        }
    }

    private func readChunk(_ state: inout State) throws -> Batch? {
        if state.finished { return nil }
        if state.descriptor < 0 { try open(&state) }
        var batch = Batch()
        while batch.rowsRead == 0 && !state.finished {
            let count = state.buffer.withUnsafeMutableBytes { read(state.descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(description: "\(path): read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 {
                state.finished = true
                state.parser.finish(into: &state.records)
            } else {
                state.parser.feed(state.buffer[0..<count], into: &state.records)
            }
            try validate(&state, into: &batch)
        }
        if !state.sawHeader { throw ReadError(description: "\(path): the file is empty; expected a header line") }
        try writeRejects(batch.rejections, to: state.rejectsFile)
        return batch.rowsRead == 0 && state.finished ? nil : batch
    }

    private func validate(_ state: inout State, into batch: inout Batch) throws {
        var records = state.records[...]
        if !state.sawHeader, let header = records.first {
            if let problem = UserRow.headerProblem(header) {
                throw ReadError(description: "\(path): line \(header.line): \(problem)")
            }
            state.sawHeader = true
            records = records.dropFirst()
        }
        for record in records {
            switch UserRow.parse(record) {
            case .success(let user):
                batch.users.append((user, UserMessageID(userID: user.id, fields: record.fields)))
            case .failure(let rejection):
                batch.rejections.append(rejection)
            }
        }
        state.records.removeAll(keepingCapacity: true)
    }

    private func open(_ state: inout State) throws {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ReadError(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        state.descriptor = descriptor
        if let rejectsPath {
            guard FileManager.default.createFile(atPath: rejectsPath, contents: nil),
                let handle = FileHandle(forWritingAtPath: rejectsPath)
            else {
                throw ReadError(description: "cannot create the rejects file \(rejectsPath)")
            }
            state.rejectsFile = handle
            let header = ["line", "reason"] + UserRow.columns
            try handle.write(contentsOf: Data((CSVWriter.line(header)).utf8))
        }
    }

    private func writeRejects(_ rejections: [RowRejection], to file: FileHandle?) throws {
        guard let file, !rejections.isEmpty else { return }
        var text = ""
        for rejection in rejections {
            text += CSVWriter.line(["\(rejection.line)", rejection.reasons.joined(separator: "; ")] + rejection.fields)
        }
        do {
            try file.write(contentsOf: Data(text.utf8))
        } catch {
            throw ReadError(description: "cannot write the rejects file \(rejectsPath ?? ""): \(error)")
        }
    }
}

/// Writes CSV lines: fields with a comma, quote or line break are quoted, quotes doubled.
enum CSVWriter {
    static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\n"
    }

    static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
