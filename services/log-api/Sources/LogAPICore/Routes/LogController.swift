import Contracts
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// The log ingest routes (flow 2 of the architecture):
/// - `POST /log`: one JSON object → one record → 202 `{"id": "…"}`;
/// - `POST /logs`: a JSON array of objects, or NDJSON → 202 `{"ids": […]}` in request order.
///
/// Guarantees:
/// - 202 only after the broker confirmed every record of the request. Records go out as
///   `Envelope<LogBatch>` messages of at most ``LogIntakeConfig/messageMaxRecords`` records: those of
///   one `POST /logs` in messages of their own; those of concurrent `POST /log` requests gathered by
///   a ``LogRecordCoalescer`` (a message of its own for each when the service is not busy).
/// - All or nothing before publishing: a body that is too large (413), in another format (415), not
///   JSON or with a record whose known member has the wrong kind (400) publishes nothing, and the
///   answer names the place (line and column, index, field).
/// - A broker that is down, refuses a message or does not confirm within
///   ``LogIntakeConfig/publishTimeout`` gives 503 and claims no id. (Messages of a multi-message
///   request confirmed before the failure stay queued; a retry queues their records again under new ids.)
public struct LogController<Publisher: LogPublishing>: Sendable {
    let publisher: Publisher
    let coalescer: LogRecordCoalescer<Publisher>
    let config: LogIntakeConfig
    let ids: LogIDGenerator
    let metrics: LogMetrics
    let logger: Logger

    public init(
        publisher: Publisher, config: LogIntakeConfig, ids: LogIDGenerator = LogIDGenerator(),
        metrics: LogMetrics = LogMetrics(), logger: Logger
    ) {
        self.publisher = publisher
        self.coalescer = LogRecordCoalescer(
            publisher: publisher, maxRecordsPerMessage: config.messageMaxRecords,
            maxMessagesInFlight: config.messagesInFlight, timeout: config.publishTimeout, ids: ids)
        self.config = config
        self.ids = ids
        self.metrics = metrics
        self.logger = logger
    }

    public func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.post("log") { request, context in try await postLog(request, context: context) }
        router.post("logs") { request, context in try await postLogs(request, context: context) }
    }

    func postLog(_ request: Request, context: some RequestContext) async throws -> Response {
        do {
            let (body, _) = try await readBody(of: request, accepting: LogMediaType.oneRecordBodies)
            let record = try LogRecordReader.record(body, ids: ids, receivedAt: Date())
            do {
                try await coalescer.queue(record)
            } catch {
                throw rejection(for: error, records: 1)
            }
            metrics.accepted(records: 1)
            var answer = JSONWriter(capacity: 48)
            answer.raw(#"{"id":"#)
            answer.uuid(record.id)
            answer.byte(UInt8(ascii: "}"))
            return Self.accepted(answer.bytes)
        } catch let rejection as APIError {
            metrics.rejected(rejection.logRejectionReason)
            return rejection.response
        }
    }

    func postLogs(_ request: Request, context: some RequestContext) async throws -> Response {
        do {
            let (body, mediaType) = try await readBody(of: request, accepting: LogMediaType.manyRecordsBodies)
            let records = try LogRecordReader.records(
                body, as: mediaType, maxRecords: config.maxRecords, ids: ids, receivedAt: Date())
            try await queue(records)
            var answer = JSONWriter(capacity: 12 + records.count * 39)
            answer.raw(#"{"ids":["#)
            for (position, record) in records.enumerated() {
                if position > 0 { answer.byte(UInt8(ascii: ",")) }
                answer.uuid(record.id)
            }
            answer.raw("]}")
            return Self.accepted(answer.bytes)
        } catch let rejection as APIError {
            metrics.rejected(rejection.logRejectionReason)
            return rejection.response
        }
    }

    /// The body, once its type is one of `accepted` and it is within the size limit.
    func readBody(
        of request: Request, accepting accepted: Set<LogMediaType>
    ) async throws -> ([UInt8], LogMediaType) {
        let contentType = request.headers[.contentType]
        guard let mediaType = LogMediaType(contentType: contentType), accepted.contains(mediaType) else {
            let expected =
                accepted.contains(.ndjson)
                ? "application/json (an array of log objects) or application/x-ndjson" : "application/json"
            let found = contentType.map { "'\($0)'" } ?? "none"
            throw APIError.logRejection(.unsupportedMediaType, "Content-Type must be \(expected), found \(found)")
        }
        let tooLarge = APIError.logRejection(
            .bodyTooLarge, "the body is larger than \(config.maxBodyBytes) bytes (LOG_MAX_BODY_BYTES)")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > config.maxBodyBytes {
            throw tooLarge
        }
        do {
            let buffer = try await request.body.collect(upTo: config.maxBodyBytes)
            return (Array(buffer.readableBytesView), mediaType)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }

    /// Publishes `records` in messages of at most `messageMaxRecords`, all confirmed, or throws a 503 rejection.
    func queue(_ records: [PassThroughLogRecord]) async throws(APIError) {
        let chunkSize = config.messageMaxRecords
        let chunkCount = (records.count + chunkSize - 1) / chunkSize
        let messageIDs = ids.next(count: chunkCount)
        let producedAt = Date()
        var messages: [LogBatchMessage] = []
        messages.reserveCapacity(chunkCount)
        for (chunk, messageID) in messageIDs.enumerated() {
            let slice = records[(chunk * chunkSize)..<min(records.count, (chunk + 1) * chunkSize)]
            guard let message = LogBatchMessage(records: slice, messageID: messageID, producedAt: producedAt) else {
                throw rejection(for: LogBatchMessage.unwritable, records: records.count)
            }
            messages.append(message)
        }
        do {
            try await publisher.publish(messages, within: config.publishTimeout)
        } catch {
            throw rejection(for: error, records: records.count)
        }
        metrics.accepted(records: records.count)
    }

    /// The 503 for records that were not queued (the details go to the log, not to the client).
    func rejection(for error: LogPublishError, records: Int) -> APIError {
        logger.warning("log records not queued", metadata: ["records": "\(records)", "error": "\(error)"])
        return Self.rejection(for: error)
    }

    static func rejection(for error: LogPublishError) -> APIError {
        switch error.kind {
        case .unavailable:
            return APIError.logRejection(
                .brokerUnavailable, "the log records were not queued: the message broker is unavailable; retry later")
        case .timedOut:
            return APIError.logRejection(
                .publishTimeout,
                "the log records were not queued: the message broker did not confirm them in time; retry later")
        case .refused:
            return APIError.logRejection(
                .publishRefused, "the log records were not queued: the message broker refused them; retry later")
        }
    }

    static func accepted(_ json: [UInt8]) -> Response {
        Response(
            status: .accepted, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: json)))
    }
}
