import Metrics

/// log-worker's own counters, next to those the batch consumer exports
/// (`batch_consumer_stored_messages_total`, `…_dead_lettered_messages_total`,
/// `…_retried_batches_total`), labelled by queue:
/// - `log_worker_records_stored_total`: records committed, new or already stored;
/// - `log_worker_rows_inserted_total`: rows those commits added (the difference is redeliveries
///   and repeated ids, skipped by `ON CONFLICT (id) DO NOTHING`);
/// - `log_worker_generation_bumps_total{result="ok"|"failed"}`: query-cache generation bumps after
///   those commits.
struct LogIngestMetrics: Sendable {
    private let storedRecords: Counter
    private let insertedRows: Counter
    private let bumped: Counter
    private let bumpFailed: Counter

    init(queue: String) {
        storedRecords = Counter(label: "log_worker_records_stored_total", dimensions: [("queue", queue)])
        insertedRows = Counter(label: "log_worker_rows_inserted_total", dimensions: [("queue", queue)])
        bumped = Counter(label: "log_worker_generation_bumps_total", dimensions: [("queue", queue), ("result", "ok")])
        bumpFailed = Counter(
            label: "log_worker_generation_bumps_total", dimensions: [("queue", queue), ("result", "failed")])
    }

    func stored(records: Int, inserted: Int) {
        storedRecords.increment(by: records)
        insertedRows.increment(by: inserted)
    }

    func generationBumped() { bumped.increment() }
    func generationBumpFailed() { bumpFailed.increment() }
}
