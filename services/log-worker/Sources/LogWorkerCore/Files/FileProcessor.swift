import Contracts
import Foundation
import Logging
import NIOCore
import Redis
import ServiceKit
import ServiceLifecycle

/// Processes one uploaded file (flow 4): `queued` → `processing` → `completed`, `completed_with_errors` or
/// `failed`, its good records stored in `logs`, its rejected ones in `file_errors`, every change published.
///
/// Guarantees:
/// - Each attempt starts from the file's first byte with its counts at 0 (``FileStore/begin(fileID:)``), and
///   stores records under ids derived from (file, index) with `ON CONFLICT DO NOTHING`: an attempt after a
///   crash stores nothing twice, and its final counts are exact.
/// - Nothing is held whole: the object streams through ``FileRecordReader`` (one record, one chunk, one batch
///   of at most ``FileProcessingConfig/batchSize`` records and ``FileProcessingConfig/batchMaxBytes`` bytes).
/// - Progress is written with a batch at most every ``FileProcessingConfig/progressInterval``; the final
///   status last, after every record of the file is committed. The task is acknowledged after that commit.
/// - A record PostgreSQL refuses (a `\u0000` jsonb cannot hold) is found by storing the batch in halves and
///   becomes a rejected record with PostgreSQL's words; the others are stored.
/// - Redis carries only notifications (``FileNotifier``): its outage neither fails nor slows processing.
/// - PostgreSQL or the object store unreachable: the error is thrown, the task is retried with backoff by the
///   consumer (a new attempt). Shutting down mid-file throws too: the task comes back to the next worker.
struct FileProcessor<Objects: FileObjects>: Sendable {
    let store: any FileStore
    let objects: Objects
    let redis: any RedisCommandSending
    let config: FileProcessingConfig
    let generation: QueryCacheGeneration
    let recordMetrics: LogIngestMetrics
    let metrics: FileProcessingMetrics
    let logger: Logger
    /// The longest the final event may hold up the acknowledgement of the task.
    static var finalEventWait: Duration { .seconds(1) }

    func process(_ task: FileTask) async throws {
        guard let run = try await store.begin(fileID: task.fileID) else {
            metrics.skipped()
            logger.info("file deleted or already processed; nothing to do", metadata: ["file_id": "\(task.fileID)"])
            return
        }
        logger.info(
            "processing a file",
            metadata: ["file_id": "\(task.fileID)", "attempt": "\(run.attempt)", "size_bytes": "\(run.sizeBytes)"])
        let notifier = FileNotifier.start(
            redis: redis, channel: config.eventsChannel, generation: generation, metrics: metrics, logger: logger)
        var attempt = FileAttempt(processor: self, task: task, run: run, notifier: notifier)
        do {
            notifier.post(FileEvent(snapshot: attempt.snapshot(.processing), attempt: run.attempt, occurredAt: Date()))
            let final = try await attempt.readAndStore()
            try await store.finish(run, with: final)
            notifier.post(FileEvent(snapshot: final, attempt: run.attempt, occurredAt: Date()))
            metrics.finished(final.status)
            metrics.rejected(records: final.recordsRejected)
            logger.info(
                "processed a file",
                metadata: [
                    "file_id": "\(task.fileID)", "status": "\(final.status.rawValue)",
                    "records_stored": "\(final.recordsStored)", "records_rejected": "\(final.recordsRejected)",
                    "error": "\(final.error ?? "-")",
                ])
            await notifier.close(waitingAtMost: Self.finalEventWait)
        } catch let superseded as FileSuperseded {
            logger.warning("\(superseded); this attempt stops", metadata: ["file_id": "\(task.fileID)"])
            await notifier.close(waitingAtMost: .zero)
        } catch {
            await notifier.close(waitingAtMost: .zero)
            throw error
        }
    }
}

/// One attempt at one file: the reading, the batches committed, the progress.
///
/// Reading and storing overlap: a full batch is handed to a commit of its own, and the next batch is read
/// while PostgreSQL stores it. At most one commit is in flight, and the next starts only after it is settled
/// (counted, announced, its refused records found), so batches commit in file order and each carries the
/// counts as of its last record: what `files` shows is always exact for what is committed.
struct FileAttempt<Objects: FileObjects> {
    let processor: FileProcessor<Objects>
    let task: FileTask
    let run: FileRun
    let notifier: FileNotifier
    var reader: FileRecordReader
    var lastProgress: ContinuousClock.Instant
    /// The batch being committed while the next is read.
    var inFlight: CommitInFlight?
    let clock = ContinuousClock()

    /// A batch on its way to PostgreSQL, with the counts as of its last record.
    struct CommitInFlight {
        var batch: FileBatch
        var progress: FileProgress
        /// Whether the progress is written with the batch and announced after it.
        let announces: Bool
        let commit: Task<Int, any Error>
    }

    init(processor: FileProcessor<Objects>, task: FileTask, run: FileRun, notifier: FileNotifier) {
        self.processor = processor
        self.task = task
        self.run = run
        self.notifier = notifier
        self.reader = FileRecordReader(fileID: task.fileID, receivedAt: task.uploadedAt, config: processor.config)
        self.lastProgress = clock.now
    }

    /// The status of the file as `status`, with `progress` (by default the counts of everything read, which
    /// are those committed once nothing is in flight).
    func snapshot(
        _ status: FileStatus, error: String? = nil, at position: JSONTextPosition? = nil,
        progress: FileProgress? = nil
    ) -> FileStatusSnapshot {
        let progress = progress ?? reader.progress
        return FileStatusSnapshot(
            fileID: task.fileID, status: status, sizeBytes: run.sizeBytes, bytesProcessed: progress.bytesProcessed,
            recordsProcessed: progress.recordsProcessed, recordsStored: progress.recordsStored,
            recordsRejected: progress.recordsRejected, error: error, errorLine: position?.line,
            errorColumn: position?.column)
    }

    /// Reads the whole object, storing as it goes; returns the final status (not yet written), with every
    /// batch committed. On an error, the commit in flight is waited for before it is thrown: nothing of this
    /// attempt writes after it ended.
    mutating func readAndStore() async throws -> FileStatusSnapshot {
        do {
            return try await readAndStoreAll()
        } catch {
            if let inFlight { _ = try? await inFlight.commit.value }
            inFlight = nil
            throw error
        }
    }

    private mutating func readAndStoreAll() async throws -> FileStatusSnapshot {
        let body: Objects.Body
        do {
            body = try await processor.objects.download(key: task.objectKey)
        } catch let missing as FileObjectMissing {
            return snapshot(.failed, error: "\(missing)")
        }
        for try await chunk in body {
            if Task.isShuttingDownGracefully || Task.isCancelled { throw FileProcessingInterrupted() }
            if reader.progress.bytesProcessed + Int64(chunk.readableBytes) > run.sizeBytes {
                try await flushAndSettle()
                return snapshot(
                    .failed, error: "the uploaded object is larger than the \(run.sizeBytes) bytes uploaded")
            }
            let failure = chunk.withUnsafeReadableBytes { bytes -> JSONRecordSplitter.Failure? in
                do throws(JSONRecordSplitter.Failure) {
                    try reader.read(bytes)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure {
                try await flushAndSettle()
                return snapshot(.failed, error: failure.message, at: failure.position)
            }
            while reader.isBatchFull { try await flush() }
        }
        let digest: String
        do {
            digest = try reader.finish()
        } catch {
            try await flushAndSettle()
            return snapshot(.failed, error: error.message, at: error.position)
        }
        try await flushAndSettle()
        let read = reader.progress.bytesProcessed
        guard read == run.sizeBytes, digest == task.sha256.lowercased() else {
            return snapshot(
                .failed,
                error: "the uploaded object is not what was uploaded: \(read) bytes with SHA-256 \(digest), "
                    + "expected \(run.sizeBytes) bytes with SHA-256 \(task.sha256)")
        }
        return snapshot(reader.progress.recordsRejected > 0 ? .completedWithErrors : .completed)
    }

    /// Settles the commit in flight, then hands what was read (with the progress, when it is due) to a commit
    /// of its own and returns while it runs.
    mutating func flush() async throws {
        try await settle()
        let batch = reader.takeBatch()
        let due = clock.now - lastProgress >= processor.config.progressInterval
        guard !batch.isEmpty || due else { return }
        if due { lastProgress = clock.now }
        let progress = reader.progress
        let (store, run) = (processor.store, run)
        inFlight = CommitInFlight(
            batch: batch, progress: progress, announces: due,
            commit: Task { try await store.commit(batch, progress: due ? progress : nil, of: run) })
    }

    /// Commits everything read so far and waits for it.
    mutating func flushAndSettle() async throws {
        try await flush()
        try await settle()
    }

    /// Waits for the commit in flight, then counts and announces it.
    mutating func settle() async throws {
        guard var committing = inFlight else { return }
        inFlight = nil
        let inserted: Int
        do {
            inserted = try await committing.commit.value
        } catch  where PostgresFailure.rejectsData(error) && !committing.batch.logs.isEmpty {
            inserted = try await isolateRefused(&committing, error: error)
        }
        processor.recordMetrics.stored(records: committing.batch.logs.count, inserted: inserted)
        if !committing.batch.logs.isEmpty { notifier.bumpGeneration() }
        if committing.announces {
            notifier.post(
                FileEvent(
                    snapshot: snapshot(.processing, progress: committing.progress), attempt: run.attempt,
                    occurredAt: Date()))
        }
    }

    /// PostgreSQL refused the batch for a value: stores its logs in halves down to single records, turns the
    /// refused ones into rejected records (in the batch's counts and in the reader's), then commits the error
    /// rows and the batch's progress.
    mutating func isolateRefused(_ committing: inout CommitInFlight, error: any Error) async throws -> Int {
        processor.logger.warning(
            "PostgreSQL refused a batch of a file; storing it in parts to find the records at fault",
            metadata: ["file_id": "\(task.fileID)", "error": "\(PostgresFailure.describe(error))"])
        var batch = committing.batch
        var refused: [(Int, String)] = []
        let inserted = try await insertIsolating(batch.logs[...], refused: &refused)
        var remaining = FileBatch(errors: batch.errors)
        for (position, reason) in refused {
            let words = reason.replacingOccurrences(of: "PostgreSQL rejected the batch", with: "PostgreSQL refused it")
            let place = batch.places[position]
            let named = FileRecordReader.place(of: place.index, line: place.line, form: reader.form ?? .array)
            reader.rejectStored(place, reason: "\(named): \(words)", into: &remaining)
            committing.progress.recordsStored -= 1
            committing.progress.recordsRejected += 1
        }
        let stored = Set(0..<batch.logs.count).subtracting(refused.map(\.0)).sorted()
        batch.logs = stored.map { batch.logs[$0] }
        batch.places = stored.map { batch.places[$0] }
        committing.batch = batch
        _ = try await processor.store.commit(remaining, progress: committing.progress, of: run)
        return inserted
    }

    /// Inserts `logs` (positions in the batch), splitting on refusals; adds the refused ones to `refused`.
    func insertIsolating(_ logs: ArraySlice<IncomingLog>, refused: inout [(Int, String)]) async throws -> Int {
        do {
            return try await processor.store.insert(Array(logs))
        } catch  where PostgresFailure.rejectsData(error) {
            guard logs.count > 1 else {
                refused.append((logs.startIndex, PostgresFailure.describe(error)))
                return 0
            }
            let middle = logs.startIndex + logs.count / 2
            let first = try await insertIsolating(logs[..<middle], refused: &refused)
            let second = try await insertIsolating(logs[middle...], refused: &refused)
            return first + second
        }
    }
}
