import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Writes each log event as one JSON object on one line of standard error:
/// `{"ts":"…","level":"info","service":"log-api","logger":"…","msg":"…", …metadata}`.
///
/// One line per event, written with a single `write` call, so lines from concurrent tasks never
/// interleave and log collectors can parse the stream without a multi-line rule.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let service: String
    private let sink: @Sendable (String) -> Void

    public init(
        label: String, service: String, level: Logger.Level,
        sink: @escaping @Sendable (String) -> Void = JSONLogHandler.writeToStandardError
    ) {
        self.label = label
        self.service = service
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }

        var line = "{\"ts\":" + Self.quoted(Self.timestamp())
        line += ",\"level\":" + Self.quoted(event.level.rawValue)
        line += ",\"service\":" + Self.quoted(service)
        line += ",\"logger\":" + Self.quoted(label)
        line += ",\"msg\":" + Self.quoted(event.message.description)
        for key in merged.keys.sorted() where !Self.reservedKeys.contains(key) {
            line += "," + Self.quoted(key) + ":" + Self.json(merged[key]!)
        }
        if event.level >= .error {
            line += ",\"source\":" + Self.quoted("\(event.file):\(event.line)")
        }
        line += "}\n"
        sink(line)
    }

    private static let reservedKeys: Set<String> = ["ts", "level", "service", "logger", "msg", "source"]

    @Sendable public static func writeToStandardError(_ line: String) {
        var line = line
        line.withUTF8 { bytes in
            _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count)
        }
    }

    private static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): return quoted(string)
        case .stringConvertible(let convertible): return quoted(convertible.description)
        case .array(let values): return "[" + values.map(json).joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            let members = dictionary.keys.sorted().map { quoted($0) + ":" + json(dictionary[$0]!) }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                result +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func timestamp() -> String { timestampStyle.format(Date()) }
}
