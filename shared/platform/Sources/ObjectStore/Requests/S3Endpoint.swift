import Foundation

/// Where a request for a bucket and key goes: the URL, the `Host` header and the encoded path,
/// in the configured addressing style.
struct S3Endpoint: Sendable, Equatable {
    let scheme: String
    let host: String
    let port: Int?
    let style: ObjectStoreConfiguration.AddressingStyle

    init(_ url: URL, style: ObjectStoreConfiguration.AddressingStyle) {
        scheme = url.scheme?.lowercased() ?? "http"
        host = url.host ?? "127.0.0.1"
        let defaultPort = scheme == "https" ? 443 : 80
        port = url.port.flatMap { $0 == defaultPort ? nil : $0 }
        self.style = style
    }

    struct Address: Sendable, Equatable {
        /// The `Host` header, with the port when it is not the scheme's default.
        var host: String
        /// The encoded path, starting with `/`.
        var path: String
        /// The URL to send to: `scheme://host` + path + `?` + query.
        var url: String
    }

    func address(bucket: String?, key: String?, query: [QueryParameter]) -> Address {
        var host = self.host
        var path = ""
        if let bucket {
            // Virtual-host style needs a bucket that is a valid DNS label under TLS: no dots.
            if style == .virtualHost && !bucket.contains(".") {
                host = "\(bucket).\(host)"
            } else {
                path = "/" + URIEncoding.queryComponent(bucket)
            }
        }
        if let key { path += "/" + URIEncoding.path(key) }
        if path.isEmpty { path = "/" }
        // An IPv6 literal is written in brackets, in the URL and in Host alike.
        let hostName = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let hostHeader = port.map { "\(hostName):\($0)" } ?? hostName
        let queryString = CanonicalRequest.queryString(query)
        return Address(
            host: hostHeader, path: path,
            url: "\(scheme)://\(hostHeader)\(path)" + (queryString.isEmpty ? "" : "?\(queryString)"))
    }
}
