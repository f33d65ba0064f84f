import Contracts
import Foundation

/// The request bodies wrk posts to `POST /logs`: JSON arrays of client objects, written once.
enum Bodies {
    /// Writes files `body-<n>.json` into `directory`, each an array of `records` objects, together
    /// the ``SampleLogs/cycle`` objects the other modes repeat; returns how many files.
    static func write(records: Int, into directory: String) throws -> (files: Int, bytesPerRecord: Int) {
        let count = SampleLogs.cycle / records
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var bytes = 0
        for body in 0..<count {
            let objects = (0..<records).map { JSONValue.object(SampleLogs.object(body * records + $0)) }
            let data = try ContractCoding.encode(JSONValue.array(objects))
            bytes += data.count
            try data.write(to: URL(fileURLWithPath: "\(directory)/body-\(body).json"))
        }
        return (count, bytes / (count * records))
    }
}
