import AsyncHTTPClient
import Foundation
import Logging
import Synchronization
import Testing

@testable import ObjectStore

/// The retry loop against a port where nothing listens (127.0.0.1:1): every try is refused at
/// once, which is a real connection failure, not a simulated one.
@Suite("Retries of refused connections", .timeLimit(.minutes(1)))
struct RetryBehaviourTests {
    /// Collects the messages logged, to count the retries.
    final class Recorder: Sendable {
        let messages = Mutex<[String]>([])
        var retries: Int { messages.withLock { $0.filter { $0.contains("retrying") }.count } }
    }

    struct RecordingHandler: LogHandler {
        let recorder: Recorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { recorder.messages.withLock { $0.append("\(event.message)") } }
    }

    private func withUnreachableStore(
        _ body: (ObjectStoreClient, Recorder) async throws -> Void
    ) async throws {
        let recorder = Recorder()
        let logger = Logger(label: "test") { _ in RecordingHandler(recorder: recorder) }
        // The pool would otherwise keep reconnecting for its default 10 s before giving up a try.
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(timeout: .init(connect: .milliseconds(300))))
        let configuration = ObjectStoreConfiguration(
            endpoint: URL(string: "http://127.0.0.1:1")!,
            credentials: ObjectStoreCredentials(accessKeyID: "k", secretAccessKey: "s"), bucket: "bucket",
            retry: RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(1), maximumDelay: .milliseconds(5)))
        let client = ObjectStoreClient(configuration: configuration, httpClient: http, logger: logger)
        do {
            try await body(client, recorder)
        } catch {
            try await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    @Test func anIdempotentRequestIsTriedMaxAttemptsTimes() async throws {
        try await withUnreachableStore { client, recorder in
            let error = await #expect(throws: ObjectStoreError.self) {
                _ = try await client.headObject(bucket: "bucket", key: "k")
            }
            #expect(error?.kind == .transport)
            #expect(error?.operation == "HeadObject")
            #expect(error?.status == nil)
            #expect(recorder.retries == 2)
        }
    }

    @Test func createMultipartUploadIsNotRepeatedWithoutAnAnswer() async throws {
        try await withUnreachableStore { client, recorder in
            let error = await #expect(throws: ObjectStoreError.self) {
                _ = try await client.createMultipartUpload(bucket: "bucket", key: "k", contentType: nil)
            }
            #expect(error?.kind == .transport)
            #expect(recorder.retries == 0)
        }
    }

    @Test func cancellationEndsTheBackoffWithCancellationError() async throws {
        try await withUnreachableStore { client, recorder in
            // Waits of 30 s between tries: only cancellation can end this in time.
            let patient = client.with(
                retry: RetryPolicy(maxAttempts: 10, initialDelay: .seconds(30), maximumDelay: .seconds(30)),
                requestTimeout: .seconds(5))
            let task = Task { try await patient.headObject(bucket: "bucket", key: "k") }
            // Generous limits: tests run in parallel on two cores, and a busy neighbour slows this one.
            let clock = ContinuousClock()
            let giveUp = clock.now.advanced(by: .seconds(40))
            while recorder.retries == 0 && clock.now < giveUp { try await Task.sleep(for: .milliseconds(10)) }
            #expect(recorder.retries >= 1, "the first try failed and a wait began")
            let cancelledAt = clock.now
            task.cancel()
            await #expect(throws: CancellationError.self) { _ = try await task.value }
            #expect(clock.now - cancelledAt < .seconds(15), "well before the 30 s wait was over")
        }
    }
}
