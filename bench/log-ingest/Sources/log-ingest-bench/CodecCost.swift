import Contracts
import Foundation
import LogWorkerCore

/// What reading a message costs per record on this machine, the CPU a worker spends before
/// PostgreSQL sees a row: with the contracts (decoding `Envelope<LogBatch>` messages, then
/// encoding each record's `data` again for the jsonb column), and with log-worker's
/// `LogMessageReader`, which keeps `data` as the message's text.
enum CodecCost {
    static func measure(records total: Int, perMessage: Int) throws {
        let receivedAt = Date()
        let bodies = try stride(from: 0, to: total, by: perMessage).map { start in
            let records = try (start..<min(start + perMessage, total)).map {
                try SampleLogs.record($0, receivedAt: receivedAt)
            }
            return try ContractCoding.encode(Envelope(payload: LogBatch(records: records)))
        }
        let clock = ContinuousClock()
        var start = clock.now
        var decoded: [LogRecord] = []
        decoded.reserveCapacity(total)
        for body in bodies { decoded += try ContractCoding.decode(Envelope<LogBatch>.self, from: body).payload.records }
        let decoding = clock.now - start
        start = clock.now
        var bytes = 0
        for record in decoded { bytes += try ContractCoding.encode(record.data).count }
        let encoding = clock.now - start
        start = clock.now
        var read = 0
        for body in bodies { read += LogMessageReader.read(Array(body))?.count ?? 0 }
        let reading = clock.now - start
        guard read == total else { throw CodecCostError(description: "the reader read \(read) of \(total) records") }
        func microseconds(_ duration: Duration) -> Double {
            (Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12)
                / Double(total)
        }
        print(
            "records=\(total) message_bytes_per_record=\(bodies.reduce(0) { $0 + $1.count } / total) "
                + "decode_us_per_record=\(microseconds(decoding)) encode_data_us_per_record=\(microseconds(encoding)) "
                + "data_bytes_per_record=\(bytes / total) log_message_reader_us_per_record=\(microseconds(reading))")
    }
}

struct CodecCostError: Error, CustomStringConvertible {
    let description: String
}
