/// Where `--s3` puts the files: `s3://bucket/prefix/` → bucket and key prefix.
struct S3Destination: Equatable {
    var bucket: String
    /// Empty, or ending with `/` (a prefix without one gets it: `s3://b/daily` → `daily/`).
    var prefix: String

    init?(_ url: String) {
        guard url.hasPrefix("s3://") else { return nil }
        let rest = url.dropFirst("s3://".count)
        let bucket = rest.prefix { $0 != "/" }
        guard !bucket.isEmpty else { return nil }
        var prefix = String(rest.dropFirst(bucket.count).drop { $0 == "/" })
        if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
        self.bucket = String(bucket)
        self.prefix = prefix
    }

    func key(for fileName: String) -> String { prefix + fileName }

    var description: String { "s3://\(bucket)/\(prefix)" }
}
