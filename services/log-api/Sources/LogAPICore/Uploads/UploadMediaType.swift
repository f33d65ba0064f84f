import Foundation

/// The bodies `POST /files` takes, told apart by the request's `Content-Type`:
/// - `multipart/form-data; boundary=…`: a form whose part named `file` is the file (as browsers
///   and `curl -F file=@x.json` send it);
/// - `application/json` (one array of records) or `application/x-ndjson` (also
///   `application/ndjson`; one record per line): the body is the file.
enum UploadMediaType: Sendable, Equatable {
    case multipart(boundary: String)
    case raw(FileFormat)

    /// The type named by a `Content-Type` value; nil for any other type, a multipart body without a
    /// usable boundary, or a charset other than UTF-8.
    init?(contentType: String?) {
        guard let contentType else { return nil }
        var scanner = ParameterScanner(Array(contentType.utf8))
        guard let essence = scanner.token()?.lowercased() else { return nil }
        var parameters: [String: String] = [:]
        while scanner.skip(";") {
            guard let name = scanner.token(), !name.isEmpty, scanner.skip("="), let value = scanner.value() else {
                return nil
            }
            parameters[name.lowercased()] = value
        }
        guard scanner.atEnd else { return nil }
        if let charset = parameters["charset"]?.lowercased(), charset != "utf-8", charset != "utf8" { return nil }
        switch essence {
        case "multipart/form-data":
            guard let boundary = parameters["boundary"], MultipartBoundary.isValid(boundary) else { return nil }
            self = .multipart(boundary: boundary)
        default:
            guard let format = FileFormat(mediaType: essence) else { return nil }
            self = .raw(format)
        }
    }

    static let expected =
        "multipart/form-data (a form field 'file'), application/json (an array of records) or application/x-ndjson"
}

/// What an uploaded file holds, as far as the upload can tell: the media type stored with it and
/// handed to log-worker in its task. (log-worker decides by the first byte anyway: `[` an array,
/// `{` NDJSON.)
public enum FileFormat: String, Sendable, Equatable {
    case json = "application/json"
    case ndjson = "application/x-ndjson"

    init?(mediaType: String) {
        switch mediaType.lowercased() {
        case "application/json": self = .json
        case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines":
            self = .ndjson
        default: return nil
        }
    }

    /// The format of a multipart file part: its own `Content-Type` when that names one, else its
    /// name's extension (`curl -F` sends `application/octet-stream` for `.json`), else JSON.
    init(partContentType: String?, fileName: String) {
        if let partContentType, let essence = partContentType.split(separator: ";").first,
            let format = FileFormat(mediaType: essence.trimmingCharacters(in: .whitespaces))
        {
            self = format
            return
        }
        let lowered = fileName.lowercased()
        self = lowered.hasSuffix(".ndjson") || lowered.hasSuffix(".jsonl") ? .ndjson : .json
    }
}

/// The `boundary` parameter of a multipart type (RFC 2046 §5.1.1): 1 to 70 characters from a
/// small set, not ending in a space.
enum MultipartBoundary {
    static func isValid(_ boundary: String) -> Bool {
        let bytes = Array(boundary.utf8)
        guard (1...70).contains(bytes.count), bytes.last != UInt8(ascii: " ") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "A")...UInt8(ascii: "Z"):
                return true
            default:
                return Array("'()+_,-./:=? ".utf8).contains(byte)
            }
        }
    }
}
