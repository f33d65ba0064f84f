import Contracts
import Foundation
import Synchronization
import Testing

@testable import LogAPICore

/// The per-client ordering and bounding of ``NotificationClient``, without servers.
@Suite struct NotificationClientTests {
    static let id = UUID()

    static func snapshot(_ status: FileStatus, processed: Int64) -> FileStatusSnapshot {
        FileStatusSnapshot(
            fileID: id, status: status, sizeBytes: 1_000, bytesProcessed: processed * 10, recordsProcessed: processed,
            recordsStored: processed)
    }

    static func event(_ status: FileStatus, processed: Int64, attempt: Int = 1) -> FileEvent {
        FileEvent(snapshot: snapshot(status, processed: processed), attempt: attempt, occurredAt: Date())
    }

    /// Everything waiting now, without waiting for more.
    static func drain(_ client: NotificationClient) async -> [NotificationMessage] {
        client.offer(.error(.badRequest, "end"))
        var messages: [NotificationMessage] = []
        while let message = await client.next(), message.kind != .error { messages.append(message) }
        return messages
    }

    @Test func changesDuringTheSnapshotReadAreHeldAndOnlyNewerOnesFollowIt() async {
        let client = NotificationClient(capacity: 16)
        #expect(client.beginSnapshots([Self.id]) == [Self.id])
        // Two changes arrive while the row is read; the row saw the first one.
        #expect(client.offer(Self.event(.processing, processed: 10)) == .queued)
        #expect(client.offer(Self.event(.processing, processed: 20)) == .queued)
        client.deliver(.found(Self.snapshot(.processing, processed: 10), attempt: 1), for: Self.id)
        let messages = await Self.drain(client)
        #expect(messages.map(\.kind) == [.snapshot, .change])
        #expect(messages.last?.json == NotificationMessage.change(Self.event(.processing, processed: 20)).json)
    }

    @Test func anOlderChangeAfterANewerStateIsLeftOutAndANewAttemptIsNewer() async {
        let client = NotificationClient(capacity: 16)
        _ = client.beginSnapshots([Self.id])
        client.deliver(.found(Self.snapshot(.processing, processed: 50), attempt: 1), for: Self.id)
        #expect(client.offer(Self.event(.processing, processed: 40)) == .ignored)
        #expect(client.offer(Self.event(.processing, processed: 50)) == .ignored)
        #expect(client.offer(Self.event(.processing, processed: 0, attempt: 2)) == .queued)
        #expect(client.offer(Self.event(.completed, processed: 100, attempt: 2)) == .queued)
        #expect(client.offer(Self.event(.processing, processed: 90, attempt: 2)) == .ignored)
        let messages = await Self.drain(client)
        #expect(messages.map(\.status) == [.processing, .processing, .completed])
    }

    @Test func aResyncSnapshotEqualToTheLastStateIsSentAnOlderOneIsNot() async {
        let client = NotificationClient(capacity: 16)
        _ = client.beginSnapshots([Self.id])
        client.deliver(.found(Self.snapshot(.processing, processed: 5), attempt: 1), for: Self.id)
        #expect(client.offer(Self.event(.completed, processed: 9)) == .queued)
        #expect(client.deliver(.found(Self.snapshot(.completed, processed: 9), attempt: 1), for: Self.id) == .queued)
        #expect(client.deliver(.found(Self.snapshot(.processing, processed: 7), attempt: 1), for: Self.id) == .ignored)
        #expect(await Self.drain(client).map(\.kind) == [.snapshot, .change, .snapshot])
    }

    @Test func changesOfOtherFilesAreIgnoredUnlessTheClientFollowsAll() {
        let client = NotificationClient(capacity: 16)
        #expect(client.offer(Self.event(.processing, processed: 1)) == .ignored)
        client.subscribeToAll()
        #expect(client.offer(Self.event(.processing, processed: 1)) == .queued)
        client.unsubscribeFromAll()
        #expect(client.offer(Self.event(.processing, processed: 2)) == .ignored)
    }

    @Test func aMissingFileIsAnErrorAndNoLongerFollowed() async {
        let client = NotificationClient(capacity: 16)
        _ = client.beginSnapshots([Self.id])
        client.deliver(.missing, for: Self.id)
        #expect(client.subscribedFiles.isEmpty)
        let message = await client.next()
        #expect(message?.code == .notFound && message?.fileID == Self.id)
    }

    @Test func aFullOutboxOverflowsClosesTheClientAndEndsItsReader() async {
        let closed = ClosedFlag()
        let client = NotificationClient(capacity: 3, close: { closed.set() })
        client.subscribeToAll()
        for n in 1...3 { #expect(client.offer(Self.event(.processing, processed: Int64(n))) == .queued) }
        #expect(client.offer(Self.event(.processing, processed: 4)) == .overflowed)
        client.drop()
        #expect(closed.isSet)
        #expect(await client.next() == nil)
        #expect(client.offer(Self.event(.processing, processed: 5)) == .ignored)
    }

    @Test func cancellingTheWaitingReaderFinishesTheClient() async {
        let client = NotificationClient(capacity: 4)
        let reader = Task { await client.next() }
        try? await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        #expect(await reader.value == nil)
        #expect(client.isClosed)
    }

    @Test func aWaitingReaderGetsTheNextMessageAtOnce() async {
        let client = NotificationClient(capacity: 1)
        client.subscribeToAll()
        async let next = client.next()
        try? await Task.sleep(for: .milliseconds(20))
        #expect(client.offer(Self.event(.processing, processed: 1)) == .queued)
        #expect(await next?.kind == .change)
    }
}

final class ClosedFlag: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}
