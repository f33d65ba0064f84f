import Metrics
import ServiceKit

/// The counters of file uploads and of the sweeper in `/metrics`:
/// - `log_api_files_total{outcome=…}`: uploads by outcome: `accepted` (202), `duplicate` (the same
///   name and bytes as an earlier file), `not_queued` (recorded, task not confirmed: 503), and the
///   refusals `too_large`, `bad_request`, `unsupported_media_type`, `unavailable`;
/// - `log_api_file_bytes_total`: bytes of accepted files;
/// - `log_api_file_sweeps_total{result=…}`: sweeps `done`, `skipped` (another replica held the
///   lock) or `failed`;
/// - `log_api_file_tasks_republished_total`, `log_api_orphan_objects_deleted_total`,
///   `log_api_stale_uploads_aborted_total`: what the sweeper repaired.
public struct FileMetrics: Sendable {
    private let outcomes: [String: Counter]
    private let bytes: Counter
    private let sweeps: [String: Counter]
    let republished: Counter
    let orphansDeleted: Counter
    let uploadsAborted: Counter

    static let outcomeNames = [
        "accepted", "duplicate", "not_queued", "too_large", "bad_request", "unsupported_media_type", "unavailable",
    ]

    public init() {
        // The counters belong to the registry behind /metrics only if it is bootstrapped first.
        _ = PrometheusMetrics.registry
        outcomes = Dictionary(
            uniqueKeysWithValues: Self.outcomeNames.map {
                ($0, Counter(label: "log_api_files_total", dimensions: [("outcome", $0)]))
            })
        bytes = Counter(label: "log_api_file_bytes_total")
        sweeps = Dictionary(
            uniqueKeysWithValues: ["done", "skipped", "failed"].map {
                ($0, Counter(label: "log_api_file_sweeps_total", dimensions: [("result", $0)]))
            })
        republished = Counter(label: "log_api_file_tasks_republished_total")
        orphansDeleted = Counter(label: "log_api_orphan_objects_deleted_total")
        uploadsAborted = Counter(label: "log_api_stale_uploads_aborted_total")
    }

    func accepted(bytes count: Int64) {
        outcomes["accepted"]?.increment()
        bytes.increment(by: Int(count))
    }

    func duplicate() { outcomes["duplicate"]?.increment() }
    func notQueued() { outcomes["not_queued"]?.increment() }

    /// A refusal, by the code's family.
    func refused(_ outcome: String) { outcomes[outcome]?.increment() }

    func sweep(_ result: String) { sweeps[result]?.increment() }
}
