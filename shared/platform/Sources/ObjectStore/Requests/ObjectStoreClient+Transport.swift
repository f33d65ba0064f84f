import AsyncHTTPClient
import Logging
import NIOCore

extension ObjectStoreClient {
    /// Sends `request` until it succeeds, fails for good or runs out of tries, signing each try
    /// anew. `read` turns a 2xx answer into the result; what it throws counts like a failed try
    /// (a body cut off halfway is retried when the request may run twice).
    ///
    /// Cancellation ends it at once with `CancellationError`: no retry, no wrapping.
    func perform<Result>(
        _ request: S3Request, read: (HTTPClientResponse) async throws -> Result
    ) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try await performOnce(request, read: read)
            } catch let error as ObjectStoreError {
                let repeatable = error.isTransient && (error.kind != .transport || request.isIdempotent)
                guard repeatable, attempt < configuration.retry.maxAttempts, !Task.isCancelled else { throw error }
                let delay = configuration.retry.delay(afterAttempt: attempt)
                logger.notice(
                    "object store request failed, retrying",
                    metadata: [
                        "operation": "\(request.operation)", "attempt": "\(attempt)", "delay": "\(delay)",
                        "error": "\(error)",
                    ])
                try await Task.sleep(for: delay)
                attempt += 1
            }
        }
    }

    private func performOnce<Result>(
        _ request: S3Request, read: (HTTPClientResponse) async throws -> Result
    ) async throws -> Result {
        let signed = signed(request)
        logger.trace(
            "object store request",
            metadata: ["operation": "\(request.operation)", "canonical_request": "\(signed.canonical.text)"])
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(
                signed.httpClientRequest, timeout: TimeAmount(configuration.requestTimeout), logger: logger)
        } catch {
            throw Self.failure(error, of: request, doing: "no answer")
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            throw await Self.errorAnswer(response, to: request)
        }
        do {
            return try await read(response)
        } catch let error as ObjectStoreError {
            throw error
        } catch {
            throw Self.failure(error, of: request, doing: "reading the answer")
        }
    }

    /// `CancellationError` when the task was cancelled (whatever the HTTP client made of it),
    /// else a transport ``ObjectStoreError``.
    static func failure(_ error: any Error, of request: S3Request, doing what: String) -> any Error {
        if Task.isCancelled || error is CancellationError { return CancellationError() }
        if (error as? HTTPClientError) == .cancelled { return CancellationError() }
        return request.error(.transport, "\(what): \(error)", underlying: error)
    }

    /// The error an answer outside 2xx stands for, with what its XML body says.
    static func errorAnswer(_ response: HTTPClientResponse, to request: S3Request) async -> ObjectStoreError {
        let status = Int(response.status.code)
        // Error bodies are a few hundred bytes; one that is not (a proxy's page) is not read whole.
        let body = try? await response.body.collect(upTo: 64 * 1024)
        let parsed = body.flatMap { S3ErrorBody.parse($0.readableBytesView) }
        var kind = ObjectStoreError.kind(status: status)
        // 301/307 from S3 mean another region or endpoint: nothing a retry mends.
        if (300..<400).contains(status) { kind = .serverError }
        return request.error(
            kind, parsed?.message ?? response.status.reasonPhrase, status: status, code: parsed?.code,
            requestID: parsed?.requestID ?? response.headers.first(name: "x-amz-request-id"))
    }

    /// The whole body of a small answer (XML), read into memory.
    static func collect(_ response: HTTPClientResponse, upTo limit: Int = 16 << 20) async throws -> ByteBuffer {
        try await response.body.collect(upTo: limit)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
