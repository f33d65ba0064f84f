/// Whether one client log object is a log record `POST /logs` accepts: the one decision log-api makes for each
/// object of a request and log-worker for each record of an uploaded file.
///
/// Guarantees: accepted exactly when log-api's value-tree path (``JSONValue/parse(_:)``, then
/// ``LogRecord/init(clientObject:id:receivedAt:)``) accepts the object, and read to the same record; refused with
/// the problem that path names (``ClientLogProblem``). Valid objects are read in place
/// (``ClientLogObjectReader``); only refused ones are read again as a value tree for the words.
public enum ClientLogValidation {
    /// The fields of the object that is all of `bytes`, or why it is refused. A UTF-8 byte order mark before it
    /// is allowed (offsets and positions then count from after it).
    public static func validate(
        _ bytes: UnsafeBufferPointer<UInt8>, scratch: inout ClientLogObjectReader.Scratch
    ) -> Result<ClientLogFields, ClientLogProblem> {
        if let fields = try? ClientLogObjectReader.object(bytes, scratch: &scratch) { return .success(fields) }
        let text = ClientLogObjectReader.withoutByteOrderMark(bytes)
        let value: JSONValue
        do {
            value = try parse(text)
        } catch {
            return .failure(error)
        }
        guard case .object(let members) = value else {
            return .failure(.notAnObject(found: ClientLogProblem.phrase(for: value)))
        }
        do {
            let record = try LogRecord(clientObject: members)
            // The reader refused what the tree accepts: log-api's differential tests show this does not happen;
            // should it, the tree's record is written as JSON (it was parsed from JSON, so its numbers are finite).
            guard let fields = ClientLogFields(record) else {
                return .failure(.invalidField(ContractError(path: "", reason: .notEncodable(problem: "a number"))))
            }
            return .success(fields)
        } catch {
            return .failure(.invalidField(error))
        }
    }

    /// The JSON value that is all of `text` (no byte order mark), or the first problem as the diagnostics name
    /// it (also for a number beyond `Double`, which only the value tree refuses).
    public static func parse(_ text: UnsafeBufferPointer<UInt8>) throws(ClientLogProblem) -> JSONValue {
        do {
            return try JSONValue.parse(text)
        } catch {
            if let problem = JSONDiagnostics.firstProblem(in: text) {
                throw .invalidJSON(
                    offset: problem.offset, position: JSONTextPosition(line: problem.line, column: problem.column),
                    message: problem.message)
            }
            throw .invalidJSON(
                offset: error.offset, position: JSONTextPosition(offset: error.offset, in: text),
                message: error.message(in: text))
        }
    }
}
