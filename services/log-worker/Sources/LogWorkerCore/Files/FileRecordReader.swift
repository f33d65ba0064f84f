import Contracts
import Crypto
import Foundation

/// Reads one uploaded file, chunk by chunk, into batches of records to store: each record split off by
/// Contracts' ``JSONRecordSplitter``, held to the rules of `POST /logs` (``ClientLogValidation``), and either
/// made a log (id from ``FileRecordID``, `received_at` the upload's time, `file_id` set) or a rejected record
/// with the reason log-api would give for it. It also counts, and computes the SHA-256 of the bytes.
///
/// Guarantees: the same batches, counts and reasons whatever the chunks; memory bounded by one record
/// (``FileProcessingConfig/maxRecordBytes``) plus the batch the caller takes when ``isBatchFull``; error rows
/// only for the first ``FileProcessingConfig/maxErrors`` rejected records (every one is counted).
struct FileRecordReader {
    let fileID: UUID
    let receivedAt: Date
    let config: FileProcessingConfig
    private var splitter: JSONRecordSplitter
    private var scratch = ClientLogObjectReader.Scratch()
    private var digest = SHA256()
    /// Counts of what was read; what is in ``batch`` is counted but not yet stored.
    private(set) var progress = FileProgress()
    private(set) var batch = FileBatch()
    /// Error rows handed out so far, against the cap.
    private var errorRows = 0

    init(fileID: UUID, receivedAt: Date, config: FileProcessingConfig) {
        self.fileID = fileID
        self.receivedAt = receivedAt
        self.config = config
        self.splitter = JSONRecordSplitter(maxRecordBytes: config.maxRecordBytes)
    }

    /// The file's form, once its first byte that is not whitespace was read.
    var form: JSONRecordSplitter.Form? { splitter.form }

    var isBatchFull: Bool {
        batch.logs.count >= config.batchSize || batch.errors.count >= config.batchSize
            || batch.byteCount >= config.batchMaxBytes
    }

    /// The batch read so far, leaving an empty one.
    mutating func takeBatch() -> FileBatch {
        defer { batch = FileBatch() }
        return batch
    }

    /// Reads the next bytes of the file; throws where the file stops being records.
    mutating func read(_ chunk: UnsafeRawBufferPointer) throws(JSONRecordSplitter.Failure) {
        digest.update(bufferPointer: chunk)
        progress.bytesProcessed += Int64(chunk.count)
        try split { splitter, handle in try splitter.feed(chunk.assumingMemoryBound(to: UInt8.self), handle) }
    }

    /// Ends the file (its last NDJSON line, or the failure of an array not closed); returns the hex SHA-256
    /// of every byte read.
    mutating func finish() throws(JSONRecordSplitter.Failure) -> String {
        try split { splitter, handle in try splitter.finish(handle) }
        return digest.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Runs the splitter with the handler that takes its records in, keeping only its failure as an error.
    private mutating func split(
        _ body: (inout JSONRecordSplitter, (JSONRecordSplitter.Event) -> Void) throws -> Void
    ) throws(JSONRecordSplitter.Failure) {
        // Swapped out rather than copied: a copy would share the record buffer, and the next write to it
        // would copy the buffer whole.
        var splitter = JSONRecordSplitter(maxRecordBytes: 1)
        swap(&splitter, &self.splitter)
        defer { swap(&splitter, &self.splitter) }
        do {
            try body(&splitter) { event in self.take(event) }
        } catch let failure as JSONRecordSplitter.Failure {
            throw failure
        } catch {
            preconditionFailure("the record handler throws nothing: \(error)")
        }
    }

    private mutating func take(_ event: JSONRecordSplitter.Event) {
        progress.recordsProcessed += 1
        switch event {
        case .oversized(let record):
            reject(
                FileRecordPlace(index: record.index, line: record.position.line, column: record.position.column),
                "\(Self.place(of: record.index, line: record.position.line, form: record.form)): the record is "
                    + "\(record.byteCount) bytes, more than the \(config.maxRecordBytes) a record may have")
        case .record(let record):
            let place = FileRecordPlace(
                index: record.index, line: record.position.line, column: record.position.column)
            switch ClientLogValidation.validate(record.bytes, scratch: &scratch) {
            case .success(let fields):
                batch.logs.append(
                    IncomingLog(
                        id: FileRecordID.make(fileID: fileID, index: record.index), receivedAt: receivedAt,
                        level: fields.level, message: fields.message, service: fields.service,
                        timestamp: fields.timestamp, data: fields.dataJSON, fileID: fileID))
                batch.places.append(place)
                batch.byteCount += record.bytes.count
                progress.recordsStored += 1
            case .failure(let problem):
                var problemAt: JSONTextPosition?
                if case .invalidJSON(let offset, _, _) = problem {
                    // Offsets count from after a byte order mark at the start of the record.
                    let mark = ClientLogObjectReader.withoutByteOrderMark(record.bytes).count < record.bytes.count
                    problemAt = record.position(ofByte: offset + (mark ? 3 : 0))
                }
                reject(
                    place,
                    problem.message(
                        at: Self.place(of: record.index, line: record.position.line, form: record.form),
                        problemAt: problemAt))
            }
        }
    }

    private mutating func reject(_ place: FileRecordPlace, _ reason: String) {
        progress.recordsRejected += 1
        guard errorRows < config.maxErrors else { return }
        errorRows += 1
        batch.errors.append(FileRecordError(place: place, reason: reason))
        batch.byteCount += reason.utf8.count
    }

    /// A record a storage refusal turned away after all: counted rejected instead of stored.
    mutating func rejectStored(_ place: FileRecordPlace, reason: String, into batch: inout FileBatch) {
        progress.recordsStored -= 1
        progress.recordsRejected += 1
        guard errorRows < config.maxErrors else { return }
        errorRows += 1
        batch.errors.append(FileRecordError(place: place, reason: reason))
    }

    static func place(of index: Int, line: Int, form: JSONRecordSplitter.Form) -> ClientLogProblem.Place {
        form == .ndjson ? .line(line) : .index(index)
    }
}
