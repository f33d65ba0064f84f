/// Redis keys two services agree on, named once so that the writer and the reader cannot drift apart.
public enum CacheKeys {
    /// The log query-cache generation: log-worker `INCR`s it after each commit; query-service puts
    /// the current value into every cached query's key, so no cached answer predates a committed batch.
    public static let logsGeneration = "tributary:logs:generation"
}
