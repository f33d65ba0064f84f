import Contracts
import Foundation
import Logging
import NIOCore

/// The three steps of an upload, in this order (docs/file-uploads.md says what a crash between any
/// two leaves behind and what repairs it):
/// 1. ``storeObject(id:body:format:)``: the body streams to `uploads/<id>`, counted and hashed;
/// 2. ``record(_:)``: one statement inserts the `files` row `queued`, or finds the same name and
///    bytes uploaded before (then the object just stored is deleted again);
/// 3. ``queue(_:)``: the `Envelope<FileTask>` is published, confirmed by the broker.
///
/// ``accept(_:id:name:format:force:)`` runs them in turn. Each step is a method of its own so that
/// tests can stop after any of them, as a crash would.
public struct FileIntake<Objects: FileObjectStore, Store: FileStore, Publisher: FileTaskPublishing>: Sendable {
    public let objects: Objects
    public let store: Store
    public let publisher: Publisher
    public let config: FileUploadConfig
    let metrics: FileMetrics
    let logger: Logger

    public init(
        objects: Objects, store: Store, publisher: Publisher, config: FileUploadConfig, logger: Logger
    ) {
        self.init(
            objects: objects, store: store, publisher: publisher, config: config, metrics: FileMetrics(), logger: logger
        )
    }

    init(
        objects: Objects, store: Store, publisher: Publisher, config: FileUploadConfig, metrics: FileMetrics,
        logger: Logger
    ) {
        self.objects = objects
        self.store = store
        self.publisher = publisher
        self.config = config
        self.metrics = metrics
        self.logger = logger
    }

    /// How an upload ended.
    public enum Outcome: Sendable {
        /// A new file, recorded and queued: 202.
        case accepted(StoredFile)
        /// The same name and bytes were uploaded before: that file, nothing new kept.
        case duplicate(StoredFile)
        /// Recorded but its task not confirmed: the file stays `queued` and the sweeper publishes it later.
        case recordedNotQueued(StoredFile, LogPublishError)
    }

    /// Stores, records and queues one upload whose bytes are `body`.
    public func accept<Body: AsyncSequence>(
        _ body: Body, id: UUID, name: String, format: FileFormat, force: Bool
    ) async throws -> Outcome where Body.Element == ByteBuffer {
        let stored = try await storeObject(id: id, body: body, format: format)
        let new = NewFile(
            id: id, name: name, contentType: format.rawValue, objectKey: FileObjectKey.of(id), sizeBytes: stored.size,
            sha256: stored.sha256, forced: force)
        switch try await record(new) {
        case .existing(let file):
            metrics.duplicate()
            return .duplicate(file)
        case .inserted(let file):
            do {
                try await queue(file)
            } catch {
                metrics.notQueued()
                logger.warning(
                    "file recorded but its task not queued; the sweeper will publish it",
                    metadata: ["file_id": "\(file.id)", "error": "\(error)"])
                return .recordedNotQueued(file, error)
            }
            metrics.accepted(bytes: file.sizeBytes)
            return .accepted(file)
        }
    }

    /// Step 1: streams `body` to the file's key at most ``FileUploadConfig/maxBytes`` long. When it
    /// fails (too large, a broken body, the client gone, S3) nothing is kept: the store aborts its
    /// upload, and the key is deleted too in case a whole object made it before the failure (if
    /// that delete fails as well, the sweeper removes the object, which has no row). An empty file
    /// is refused the same way (``EmptyUpload``).
    public func storeObject<Body: AsyncSequence>(
        id: UUID, body: Body, format: FileFormat
    ) async throws -> StoredObject where Body.Element == ByteBuffer {
        let key = FileObjectKey.of(id)
        do {
            let stored = try await objects.upload(
                SizeLimitedBody(base: body, limit: config.maxBytes), key: key, contentType: format.rawValue)
            guard stored.size > 0 else { throw EmptyUpload() }
            return stored
        } catch {
            await discard(key: key, because: "upload failed: \(error)")
            switch error {
            case is UploadTooLarge, is MultipartError, is UploadFormError, is EmptyUpload, is CancellationError:
                throw error
            default:
                // S3, or the request body itself (a client gone): told apart only in the log.
                throw UploadStepFailure(step: .store, underlying: error)
            }
        }
    }

    /// Step 2: the row, `queued`; or the file uploaded before under the same name with the same
    /// bytes, in which case the object just stored is deleted (the earlier file has its own).
    ///
    /// When the insert fails or does not answer within ``FileUploadConfig/databaseTimeout``, the
    /// object stays: the insert may still have committed (a lost answer, a late one), and deleting
    /// the object of a recorded file would lose it. Without a row the sweeper deletes the object
    /// after `FILE_ORPHAN_AFTER`; with one, it queues the file.
    public func record(_ new: NewFile) async throws -> FileInsertOutcome {
        let outcome: FileInsertOutcome
        let store = self.store
        do {
            outcome = try await withDeadline(config.databaseTimeout) { try await store.insertQueued(new) }
        } catch {
            throw UploadStepFailure(step: .record, underlying: error)
        }
        if case .existing = outcome {
            await discard(key: new.objectKey, because: "a duplicate of an earlier file")
        }
        return outcome
    }

    /// Step 3: the file's task, confirmed by the broker within ``FileUploadConfig/publishTimeout``.
    public func queue(_ file: StoredFile) async throws(LogPublishError) {
        try await publisher.publish(Self.task(for: file), within: config.publishTimeout)
    }

    /// The task of a recorded file (the sweeper publishes the same again).
    static func task(for file: StoredFile) -> FileTask {
        FileTask(
            fileID: file.id, objectKey: file.objectKey, fileName: file.name, contentType: file.contentType,
            sizeBytes: file.sizeBytes, sha256: file.sha256, uploadedAt: file.createdAt)
    }

    /// Deletes `key`, in a task of its own so that a cancelled request (a client gone) still
    /// cleans up; a failure is logged and left to the sweeper.
    func discard(key: String, because cause: String) async {
        let objects = self.objects
        let deletion = Task { try await objects.delete(key: key) }
        do {
            try await deletion.value
        } catch {
            logger.warning(
                "could not delete an upload's object; the sweeper deletes it later",
                metadata: ["key": "\(key)", "error": "\(error)", "cause": "\(cause)"])
        }
    }
}

/// A step of an upload failed for a reason of the server's (S3, PostgreSQL), not the request's.
public struct UploadStepFailure: Error, CustomStringConvertible {
    public enum Step: String, Sendable {
        case store
        case record
    }

    public let step: Step
    public let underlying: any Error

    public var description: String { "\(step.rawValue): \(underlying)" }
}

/// The upload held no bytes.
public struct EmptyUpload: Error, Sendable, Equatable {}
