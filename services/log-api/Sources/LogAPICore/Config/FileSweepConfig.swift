import ServiceKit

/// When the file sweeper (``FileSweeper``) runs and what it repairs (docs/file-uploads.md).
///
/// Durations are integers with a unit (`250ms`, `30s`, `10m`, `1h`; a bare integer is seconds):
/// - `FILE_SWEEP_INTERVAL` (30s): the pause between two sweeps;
/// - `FILE_REQUEUE_AFTER` (60s): a file still `queued` this long after its last change has its
///   task published again (its first publish may never have been confirmed);
/// - `FILE_ORPHAN_AFTER` (10m): an object under `uploads/` this old with no `files` row, and a
///   multipart upload started this long ago and never finished, are deleted. It must exceed the
///   longest upload: an upload's row is written only after its last byte.
public struct FileSweepConfig: Sendable, Equatable {
    public var interval: Duration
    public var requeueAfter: Duration
    public var orphanAfter: Duration

    public init(
        interval: Duration = .seconds(30), requeueAfter: Duration = .seconds(60), orphanAfter: Duration = .seconds(600)
    ) {
        self.interval = interval
        self.requeueAfter = requeueAfter
        self.orphanAfter = orphanAfter
    }

    public init(environment: EnvironmentReader) throws(ConfigurationError) {
        let week = Duration.seconds(7 * 86_400)
        let intervals: ClosedRange<Duration> = Duration.milliseconds(10)...Duration.seconds(86_400)
        let ages: ClosedRange<Duration> = Duration.zero...week
        self.init(
            interval: try environment.duration("FILE_SWEEP_INTERVAL", default: .seconds(30), in: intervals),
            requeueAfter: try environment.duration("FILE_REQUEUE_AFTER", default: .seconds(60), in: ages),
            orphanAfter: try environment.duration("FILE_ORPHAN_AFTER", default: .seconds(600), in: ages))
    }
}
