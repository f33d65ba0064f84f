/// The knobs of a run, from environment variables (run.sh passes them through).
struct BenchOptions: Sendable {
    /// Messages of the batch-publish run, then consumed (BENCH_MESSAGES).
    var messages = 200_000
    /// Messages of the concurrent single-publish run (BENCH_SINGLE_MESSAGES).
    var singleMessages = 50_000
    /// Messages published one after the other, each awaited (BENCH_SEQUENTIAL_MESSAGES).
    var sequentialMessages = 2_000
    /// Tasks publishing one message at a time concurrently (BENCH_PUBLISHERS).
    var publishers = 200
    var messageSize = 1_024
    /// BENCH_PERSISTENT=0 sends transient messages (to see what the broker's disk path costs).
    var persistent = true
    /// BENCH_LAZY=0 declares the queue without x-queue-mode=lazy.
    var lazy = true
    /// Publishes in flight at most (BENCH_WINDOW).
    var window = 5_000
    var prefetch: UInt16 = 2_000
    /// Ack with `multiple` every this many deliveries (BENCH_ACK_EVERY).
    var ackEvery = 200

    init(_ environment: [String: String]) {
        func integer(_ name: String, _ value: inout Int) {
            if let text = environment[name], let parsed = Int(text), parsed > 0 { value = parsed }
        }
        integer("BENCH_MESSAGES", &messages)
        integer("BENCH_SINGLE_MESSAGES", &singleMessages)
        integer("BENCH_PUBLISHERS", &publishers)
        integer("BENCH_SEQUENTIAL_MESSAGES", &sequentialMessages)
        integer("BENCH_MESSAGE_SIZE", &messageSize)
        integer("BENCH_WINDOW", &window)
        integer("BENCH_ACK_EVERY", &ackEvery)
        persistent = environment["BENCH_PERSISTENT"] != "0"
        lazy = environment["BENCH_LAZY"] != "0"
        var prefetchValue = Int(prefetch)
        integer("BENCH_PREFETCH", &prefetchValue)
        prefetch = UInt16(clamping: prefetchValue)
    }
}
