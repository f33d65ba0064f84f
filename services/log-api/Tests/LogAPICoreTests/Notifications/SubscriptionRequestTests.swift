import Foundation
import ServiceKit
import Testing

@testable import LogAPICore

@Suite struct SubscriptionRequestTests {
    static let id = UUID(uuidString: "0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b")!

    @Test func fileIDsAreRepeatedAndValidated() throws {
        #expect(try SubscriptionRequest.fileIDs([], maximum: 2) == [])
        let text = Self.id.uuidString.lowercased()
        #expect(try SubscriptionRequest.fileIDs([("file_id", text), ("file_id", text)], maximum: 2) == [Self.id])
        #expect(throws: QueryParameterError.self) { try SubscriptionRequest.fileIDs([("file_id", "42")], maximum: 2) }
        #expect(throws: QueryParameterError.self) { try SubscriptionRequest.fileIDs([("fileid", text)], maximum: 2) }
        let three = (0..<3).map { _ in ("file_id", UUID().uuidString) }
        #expect(throws: QueryParameterError.self) { try SubscriptionRequest.fileIDs(three, maximum: 2) }
    }

    @Test func messagesSubscribeAndUnsubscribe() throws {
        let text = Self.id.uuidString.lowercased()
        #expect(
            try SubscriptionRequest.parse(#"{"subscribe":["\#(text)"]}"#).get()
                == SubscriptionRequest(subscribe: .files([Self.id])))
        #expect(
            try SubscriptionRequest.parse(#"{"unsubscribe":"all","subscribe":[]}"#).get()
                == SubscriptionRequest(subscribe: .files([]), unsubscribe: .all))
    }

    @Test(arguments: [
        ("nope", "not JSON"), ("[]", "expected an object"), ("{}", "empty object"),
        (#"{"subscribe":"some"}"#, "subscribe: expected"), (#"{"subscribe":["42"]}"#, "subscribe: expected"),
        (#"{"follow":[]}"#, "follow: unknown member"),
    ])
    func badMessagesSayWhatIsWrong(message: String, reason: String) {
        guard case .failure(let error) = SubscriptionRequest.parse(message) else {
            Issue.record("\(message) was accepted")
            return
        }
        #expect(error.reason.contains(reason), "\(error.reason)")
    }
}
