import NIOCore

extension ObjectStoreClient {
    /// Stores a stream of unknown length under `key`, holding at most one part (`partSize`,
    /// default the configuration's) plus one chunk in memory, and returns its size and SHA-256,
    /// computed on the way through, with its entity tag.
    ///
    /// A stream that fits in one part is stored by one PUT. A longer one becomes a multipart
    /// upload: CreateMultipartUpload, then UploadPart for each part in turn (each signed with its
    /// own SHA-256, retried on its own from the bytes in memory), then CompleteMultipartUpload.
    /// When anything fails, including `chunks` throwing and the task being cancelled, the
    /// multipart upload is aborted before the error is thrown, so no object and no parts are left.
    /// An error of `chunks` is rethrown as it is; S3's and the network's are ``ObjectStoreError``.
    ///
    /// S3 allows 10,000 parts: with 8 MiB parts an object of up to 78 GiB.
    public func upload<Chunks: AsyncSequence>(
        _ chunks: Chunks, bucket: String, key: String, contentType: String? = nil, partSize: Int? = nil
    ) async throws -> UploadResult where Chunks.Element == ByteBuffer {
        let partSize = partSize ?? configuration.partSize
        precondition(
            (ObjectStoreConfiguration.minimumPartSize...ObjectStoreConfiguration.maximumPartSize).contains(partSize),
            "a part holds 5 MiB to 5 GiB")
        var parts = PartAssembler(chunks.makeAsyncIterator(), partSize: partSize)
        // `part` is the one buffer of part size held; it is emptied before the next part is read.
        guard var part = try await parts.next() else { preconditionFailure("the first part is always there") }
        if part.isLast {
            // A stream may end early because its reader was cancelled (AsyncStream does): never
            // store what may be a truncated object.
            try Task.checkCancellation()
            let stored = try await putObject(part.bytes, bucket: bucket, key: key, contentType: contentType)
            return UploadResult(size: stored.size, sha256: parts.sha256(), etag: stored.etag, partCount: 1)
        }

        let uploadID = try await createMultipartUpload(bucket: bucket, key: key, contentType: contentType)
        do {
            var completed: [CompletedPart] = []
            while true {
                let number = completed.count + 1
                guard number <= Self.maximumPartCount else {
                    throw ObjectStoreError(
                        kind: .invalidInput, operation: "UploadPart", bucket: bucket, key: key,
                        message: "more than \(Self.maximumPartCount) parts of \(partSize) bytes")
                }
                completed.append(
                    try await uploadPart(
                        part.bytes, sha256: PayloadHash.of(part.bytes), number: number, uploadID: uploadID,
                        bucket: bucket, key: key))
                if part.isLast { break }
                part.bytes = ByteBuffer()  // let the sent part go before the next one fills
                guard let next = try await parts.next() else { break }
                part = next
            }
            try Task.checkCancellation()
            let etag = try await completeMultipartUpload(completed, uploadID: uploadID, bucket: bucket, key: key)
            return UploadResult(size: parts.size, sha256: parts.sha256(), etag: etag, partCount: completed.count)
        } catch {
            await abandon(uploadID: uploadID, bucket: bucket, key: key, after: error)
            throw error
        }
    }

    static let maximumPartCount = 10_000

    /// Aborts the upload after a failure, even when the failure was the task's cancellation: the
    /// abort runs in a task of its own, which the caller's cancellation does not reach, and is
    /// awaited, so when `upload` throws no part is left (or the log says which upload to abort).
    private func abandon(uploadID: String, bucket: String, key: String, after failure: any Error) async {
        let abort = Task { try await abortMultipartUpload(bucket: bucket, key: key, uploadID: uploadID) }
        do {
            try await abort.value
            logger.debug(
                "multipart upload aborted", metadata: ["bucket": "\(bucket)", "key": "\(key)", "error": "\(failure)"])
        } catch {
            logger.error(
                "could not abort multipart upload: its parts stay until it is aborted (or a lifecycle rule does it)",
                metadata: [
                    "bucket": "\(bucket)", "key": "\(key)", "upload_id": "\(uploadID)", "error": "\(error)",
                    "cause": "\(failure)",
                ])
        }
    }
}
