import Foundation

/// Reads the `KEY=VALUE` lines that `deploy/local/servers.sh start` writes to `servers.env`.
enum ServersEnvFile {
    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            values[String(trimmed[..<equals])] = String(trimmed[trimmed.index(after: equals)...])
        }
        return values
    }

    static func read(at path: String) throws -> [String: String] {
        parse(try String(contentsOfFile: path, encoding: .utf8))
    }
}
