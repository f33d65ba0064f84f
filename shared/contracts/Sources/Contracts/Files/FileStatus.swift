/// Where an uploaded file is in its processing. The raw values are the wire values and the values stored in the
/// `files` table's `status` column.
///
/// Guarantees: a file moves only forward, `queued` → `processing` → `completed`, `completed_with_errors` or
/// `failed`; the last three are final. (A worker that dies while `processing` leaves the file `processing` until
/// the task comes back and the next worker starts it again from the beginning.)
public enum FileStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case queued
    case processing
    /// Every record was stored.
    case completed
    /// The file was read to its end; some records were rejected (`records_rejected`, the `file_errors` rows).
    case completedWithErrors = "completed_with_errors"
    /// The file is not records at all from some point on (not JSON, not UTF-8, an array not closed), or its
    /// bytes are not those uploaded: `error`, with `error_line` and `error_column` when a place is known.
    case failed

    /// `true` for `completed`, `completed_with_errors` and `failed`, after which the status never changes.
    public var isFinal: Bool {
        switch self {
        case .queued, .processing: return false
        case .completed, .completedWithErrors, .failed: return true
        }
    }
}

extension FileStatus: FieldValue {
    static var expectation: FieldExpectation {
        let values = allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        return FieldExpectation(phrase: "one of \(values)", kind: .string)
    }
}
