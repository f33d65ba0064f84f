import Foundation

/// Typed access to configuration held in environment variables.
///
/// Every read names its variable and its default, so a service's configuration type documents
/// itself; a value that is present but unusable throws a ``ConfigurationError`` instead of
/// silently falling back to the default.
public struct EnvironmentReader: Sendable {
    private let values: [String: String]

    /// Reads from `values`, the process environment by default. Tests pass a dictionary.
    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// The raw value, or nil when the variable is unset or empty.
    public func raw(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    public func string(_ name: String, default defaultValue: String) -> String {
        raw(name) ?? defaultValue
    }

    public func int(
        _ name: String, default defaultValue: Int, in range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int {
        guard let text = raw(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(
                variable: name, value: text,
                expected: "an integer between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    public func bool(_ name: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let text = raw(name) else { return defaultValue }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, value: text, expected: "true or false")
        }
    }

    /// A duration given in milliseconds.
    public func milliseconds(
        _ name: String, default defaultValue: Duration, in range: ClosedRange<Int> = 0...86_400_000
    ) throws(ConfigurationError) -> Duration {
        guard raw(name) != nil else { return defaultValue }
        return .milliseconds(try int(name, default: 0, in: range))
    }

    /// One of the cases of a string enumeration, compared without regard to case.
    public func choice<T: RawRepresentable & CaseIterable>(
        _ name: String, default defaultValue: T
    ) throws(ConfigurationError) -> T where T.RawValue == String {
        guard let text = raw(name) else { return defaultValue }
        guard let value = T.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
            let names = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: name, value: text, expected: "one of \(names)")
        }
        return value
    }

    /// A URL whose scheme is one of `schemes` and which names a host.
    public func url(
        _ name: String, default defaultValue: String, schemes: Set<String>
    ) throws(ConfigurationError) -> URL {
        let text = raw(name) ?? defaultValue
        let expected = "a URL like \(defaultValue) (scheme \(schemes.sorted().joined(separator: " or ")))"
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme),
            let host = url.host, !host.isEmpty
        else {
            throw ConfigurationError(variable: name, value: text, expected: expected)
        }
        return url
    }

    /// A comma-separated list of `host:port` pairs, as Kafka bootstrap servers are given.
    public func hostPorts(_ name: String, default defaultValue: String) throws(ConfigurationError) -> [HostPort] {
        let text = raw(name) ?? defaultValue
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var result: [HostPort] = []
        for part in parts where !part.isEmpty {
            guard let hostPort = HostPort(part) else {
                throw ConfigurationError(variable: name, value: text, expected: "host:port[,host:port…]")
            }
            result.append(hostPort)
        }
        guard !result.isEmpty else {
            throw ConfigurationError(variable: name, value: text, expected: "host:port[,host:port…]")
        }
        return result
    }
}

/// A network endpoint given as host and port.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` (IPv6 hosts in brackets: `[::1]:9092`).
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { return nil }
        self.init(host: host, port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
