import Contracts
import Metrics

/// log-worker's counters for uploaded files, labelled with the file queue (records stored and the
/// generation bumps are counted by ``LogIngestMetrics`` under the same queue label):
/// - `log_worker_files_total{status}`: files that reached a final status (`completed`,
///   `completed_with_errors`, `failed`), and `skipped` for tasks of files deleted or already final;
/// - `log_worker_file_records_rejected_total`: rejected records;
/// - `log_worker_file_events_total{result="published"|"failed"|"dropped"}`: events on Redis.
struct FileProcessingMetrics: Sendable {
    let queue: String

    func finished(_ status: FileStatus) {
        Counter(label: "log_worker_files_total", dimensions: [("queue", queue), ("status", status.rawValue)])
            .increment()
    }

    func skipped() {
        Counter(label: "log_worker_files_total", dimensions: [("queue", queue), ("status", "skipped")]).increment()
    }

    func rejected(records: Int64) {
        guard records > 0 else { return }
        Counter(label: "log_worker_file_records_rejected_total", dimensions: [("queue", queue)])
            .increment(by: Int(records))
    }

    func eventPublished() { event("published") }
    func eventFailed() { event("failed") }
    func eventDropped() { event("dropped") }

    private func event(_ result: String) {
        Counter(label: "log_worker_file_events_total", dimensions: [("queue", queue), ("result", result)]).increment()
    }
}
