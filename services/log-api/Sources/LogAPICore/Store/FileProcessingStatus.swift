/// The `status` column of `files` (log-worker migration 3): where an uploaded file is in its
/// processing. log-api writes only `queued`; log-worker moves a file on.
///
/// (Merge note: files-worker's Contracts `FileStatus` has the same cases and raw values; this type
/// gives way to it once both branches are on main.)
public enum FileProcessingStatus: String, Sendable, Hashable, CaseIterable {
    case queued
    case processing
    case completed
    case completedWithErrors = "completed_with_errors"
    case failed
}
