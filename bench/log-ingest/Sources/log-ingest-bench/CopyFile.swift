import Contracts
import Foundation

/// Writes records in PostgreSQL's COPY text format, with the column values log-worker stores for
/// them (PostgresLogStore: `ts` is the client's timestamp or `received_at`, `data` the
/// other members encoded by `ContractCoding`), for the ceiling: `\copy logs (…) FROM file`.
enum CopyFile {
    static let columns = "id, received_at, ts, level, service, message, data"

    static func write(records count: Int, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? file.close() }
        var chunk = ""
        chunk.reserveCapacity(1 << 20)
        let receivedAt = Date()
        for index in 0..<count {
            let record = try SampleLogs.record(index, receivedAt: receivedAt)
            let fields: [String?] = [
                record.id.uuidString.lowercased(), ContractDateFormat.string(from: record.receivedAt),
                ContractDateFormat.string(from: record.timestamp ?? record.receivedAt), record.level, record.service,
                record.message, String(decoding: try ContractCoding.encode(record.data), as: UTF8.self),
            ]
            chunk += fields.map { $0.map(escaped) ?? "\\N" }.joined(separator: "\t")
            chunk += "\n"
            if chunk.utf8.count >= 1 << 20 {
                file.write(Data(chunk.utf8))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        file.write(Data(chunk.utf8))
    }

    /// COPY text format: backslash, tab, newline and carriage return escaped.
    static func escaped(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return value }
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.append(character)
            }
        }
        return result
    }
}
