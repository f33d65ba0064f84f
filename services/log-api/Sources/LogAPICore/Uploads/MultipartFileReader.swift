import NIOCore

/// Pulls the part named `file` out of a `multipart/form-data` body as the body's chunks arrive:
/// first ``fileHeaders()`` (its file name and type), then its bytes one chunk at a time through
/// ``next()``, ready to stream to the object store.
///
/// Guarantees: parts before the file part are read and thrown away (at most `maxSkippedBytes` of
/// them, else ``MultipartError/malformed(_:)``); the file's bytes are exactly the part's body
/// (``MultipartScanner``), and ``next()`` returns nil only once the delimiter after them was read,
/// so a body cut off inside the file throws ``MultipartError/truncated`` rather than ending early.
/// Later parts are ignored (the first part named `file` is the file).
struct MultipartFileReader<Base: AsyncIteratorProtocol>: AsyncIteratorProtocol where Base.Element == ByteBuffer {
    private enum Phase {
        case seeking
        case inFile
        case done
    }

    private var base: Base
    private var scanner: MultipartScanner
    private var phase = Phase.seeking
    private let maxSkippedBytes: Int
    private var skippedBytes = 0

    /// The form field that holds the file.
    static var fieldName: String { "file" }

    init(boundary: String, base: Base, maxSkippedBytes: Int = 1 << 20) {
        self.base = base
        self.scanner = MultipartScanner(boundary: boundary)
        self.maxSkippedBytes = maxSkippedBytes
    }

    /// Reads up to the start of the file part's body and returns its headers. Throws
    /// ``UploadFormError/missingFilePart`` when the body has no part named `file`.
    mutating func fileHeaders() async throws -> MultipartPartHeaders {
        precondition(phase == .seeking, "fileHeaders() is called once, first")
        while true {
            guard let event = try await nextEvent() else { throw UploadFormError.missingFilePart }
            switch event {
            case .partHeaders(let headers) where headers.disposition?.name == Self.fieldName:
                phase = .inFile
                return headers
            case .partBody(let bytes):
                skippedBytes += bytes.readableBytes
                guard skippedBytes <= maxSkippedBytes else {
                    throw MultipartError.malformed("more than \(maxSkippedBytes) bytes of form fields before 'file'")
                }
            case .partHeaders, .partEnd:
                continue
            }
        }
    }

    /// The next bytes of the file; nil after its last.
    mutating func next() async throws -> ByteBuffer? {
        guard phase == .inFile else { return nil }
        while true {
            guard let event = try await nextEvent() else { throw MultipartError.truncated }
            switch event {
            case .partBody(let bytes):
                return bytes
            case .partEnd:
                phase = .done
                return nil
            case .partHeaders:
                throw MultipartError.malformed("a part began inside the file part")
            }
        }
    }

    /// The scanner's next event, reading chunks from the body as needed; nil when the body ended
    /// after its closing delimiter.
    private mutating func nextEvent() async throws -> MultipartScanner.Event? {
        while true {
            if let event = try scanner.nextEvent() { return event }
            guard let chunk = try await base.next() else {
                try scanner.finish()
                return nil
            }
            scanner.append(chunk)
        }
    }
}

/// The file part's bytes as a sequence for the object store, made from a reader that already read
/// the part's headers. It can be iterated once.
struct MultipartFileBytes<Base: AsyncIteratorProtocol>: AsyncSequence where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer
    let reader: MultipartFileReader<Base>

    func makeAsyncIterator() -> MultipartFileReader<Base> { reader }
}

/// A form that is multipart but not an upload.
enum UploadFormError: Error, Sendable, Equatable {
    /// No part named `file`.
    case missingFilePart
}
