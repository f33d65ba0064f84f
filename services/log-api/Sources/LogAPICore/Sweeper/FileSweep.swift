import Foundation
import Logging
import Synchronization

/// One pass of the file sweeper, under its PostgreSQL advisory lock (one replica at a time). It
/// repairs what an upload interrupted between two of its steps leaves behind (docs/file-uploads.md):
/// 1. ``republishQueued()``: files `queued` for longer than `FILE_REQUEUE_AFTER` get their task
///    published again (the first publish failed, or its confirm never came, or the task was lost);
/// 2. ``deleteOrphans(now:)``: objects under `uploads/` older than `FILE_ORPHAN_AFTER` without a
///    `files` row are deleted (the row was never written: a crash, a failed insert, a failed cleanup);
/// 3. ``abortStaleUploads(now:)``: multipart uploads started longer than `FILE_ORPHAN_AFTER` ago
///    and never finished are aborted (a replica died while streaming a file).
///
/// Each step runs even when one before it failed (S3 down does not stop the re-publishing), and
/// each is bounded per pass; the object listing resumes where the previous pass stopped, so a
/// bucket of any size is covered over several passes at a bounded cost each.
public struct FileSweep<Objects: FileObjectStore, Store: FileStore, Publisher: FileTaskPublishing>: Sendable {
    let intake: FileIntake<Objects, Store, Publisher>
    let config: FileSweepConfig
    let logger: Logger
    /// Files re-published per pass, at most.
    let maxRepublished: Int
    /// Listing pages (of up to 1000 keys) read per pass, at most.
    let maxListingPages: Int
    /// Where the next pass continues the listing of `uploads/`.
    private let listing = ListingPosition()
    /// When this replica first saw each pending multipart upload.
    private let pendingSince = PendingUploadSightings()

    public init(
        intake: FileIntake<Objects, Store, Publisher>, config: FileSweepConfig, logger: Logger,
        maxRepublished: Int = 1000, maxListingPages: Int = 10
    ) {
        self.intake = intake
        self.config = config
        self.logger = logger
        self.maxRepublished = maxRepublished
        self.maxListingPages = maxListingPages
    }

    /// What one pass did.
    public struct Report: Sendable, Equatable {
        public var republished = 0
        public var orphansDeleted = 0
        public var uploadsAborted = 0
        /// The steps that failed, with why.
        public var failures: [String] = []
    }

    /// One pass, or nil when another replica holds the lock.
    public func run(now: Date = Date()) async throws -> Report? {
        try await intake.store.withSweepLock {
            var report = Report()
            do {
                report.republished = try await republishQueued()
            } catch {
                report.failures.append("republish: \(String(reflecting: error))")
            }
            do {
                report.orphansDeleted = try await deleteOrphans(now: now)
            } catch {
                report.failures.append("orphans: \(String(reflecting: error))")
            }
            do {
                report.uploadsAborted = try await abortStaleUploads(now: now)
            } catch {
                report.failures.append("stale uploads: \(String(reflecting: error))")
            }
            return report
        }
    }

    /// Publishes again the task of every file `queued` and unchanged for `FILE_REQUEUE_AFTER`,
    /// oldest first, and marks each changed now (so it waits another `FILE_REQUEUE_AFTER` before the
    /// next one). Stops at the first publish that fails: the broker is down, the next pass retries.
    /// A task published twice is harmless: log-worker processes a file once (it checks the row).
    func republishQueued() async throws -> Int {
        var published = 0
        while published < maxRepublished {
            let files = try await intake.store.queuedFiles(
                unchangedFor: config.requeueAfter, limit: min(100, maxRepublished - published))
            for file in files {
                try await intake.queue(file)
                try await intake.store.touchQueued(id: file.id)
                published += 1
                intake.metrics.republished.increment()
                logger.info("file task published again", metadata: ["file_id": "\(file.id)"])
            }
            if files.count < 100 { break }
        }
        return published
    }

    /// Deletes objects under `uploads/` older than `FILE_ORPHAN_AFTER` whose file has no row.
    func deleteOrphans(now: Date) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Self.seconds(config.orphanAfter))
        var token = listing.token.withLock { $0 }
        var deleted = 0
        for _ in 0..<maxListingPages {
            let page = try await intake.objects.objects(under: FileUploadConfig.keyPrefix, after: token)
            var candidates: [UUID: String] = [:]
            for entry in page.entries {
                // Only keys this service makes; an object of unknown age is left alone.
                guard let id = FileObjectKey.fileID(in: entry.key), let modified = entry.lastModified,
                    modified < cutoff
                else { continue }
                candidates[id] = entry.key
            }
            let existing = try await intake.store.existingIDs(Array(candidates.keys))
            for (id, key) in candidates where !existing.contains(id) {
                try await intake.objects.delete(key: key)
                deleted += 1
                intake.metrics.orphansDeleted.increment()
                logger.info("object without a file row deleted", metadata: ["key": "\(key)"])
            }
            token = page.nextToken
            if token == nil { break }
        }
        let next = token
        listing.token.withLock { $0 = next }
        return deleted
    }

    /// Aborts multipart uploads under `uploads/` pending for more than `FILE_ORPHAN_AFTER`, by the
    /// later of the store's `Initiated` date and the pass that first saw the upload pending: a
    /// store whose dates cannot be trusted (moto answers the same date in 2010 for every upload)
    /// must not have an upload aborted while its bytes still arrive.
    func abortStaleUploads(now: Date) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Self.seconds(config.orphanAfter))
        let pending = try await intake.objects.pendingUploads(under: FileUploadConfig.keyPrefix)
        let firstSeen = pendingSince.update(seen: pending.map(\.uploadID), at: now)
        var aborted = 0
        for upload in pending {
            let since = max(upload.initiated ?? now, firstSeen[upload.uploadID] ?? now)
            guard since <= cutoff else { continue }
            try await intake.objects.abortUpload(key: upload.key, uploadID: upload.uploadID)
            aborted += 1
            intake.metrics.uploadsAborted.increment()
            logger.info("stale multipart upload aborted", metadata: ["key": "\(upload.key)"])
        }
        return aborted
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// The continuation token of the object listing, kept from one pass to the next.
final class ListingPosition: Sendable {
    /// Where the next pass continues (nil: from the start). One pass at a time uses it.
    let token = Mutex<String?>(nil)
}

/// When a replica first saw each pending multipart upload: only those still pending are kept.
final class PendingUploadSightings: Sendable {
    /// Upload id → the first pass that saw it pending. One pass at a time uses it.
    private let firstSeen = Mutex<[String: Date]>([:])

    /// Records `ids` as seen pending at `now` (keeping earlier sightings), forgets the others, and
    /// returns the first sighting of each.
    func update(seen ids: [String], at now: Date) -> [String: Date] {
        firstSeen.withLock { firstSeen in
            var kept: [String: Date] = [:]
            for id in ids { kept[id] = firstSeen[id] ?? now }
            firstSeen = kept
            return kept
        }
    }
}
