import Contracts
import Foundation
import ServiceKit

/// What a notification client asks to follow, from the query string of `/notifications/events` or from one of
/// its text messages.
///
/// - Query: `file_id` repeated (`?file_id=…&file_id=…`), none meaning every file; any other name is refused.
/// - Message: a JSON object with `subscribe` and/or `unsubscribe`, each an array of file ids or the string
///   `"all"`: `{"subscribe":["0f8e…"]}`, `{"unsubscribe":"all"}`. Both in one message: unsubscribe first.
struct SubscriptionRequest: Sendable, Equatable {
    enum Target: Sendable, Equatable {
        case all
        case files([UUID])
    }

    var subscribe: Target?
    var unsubscribe: Target?

    /// The ids of `?file_id=` (empty: every file); a ``QueryParameterError`` naming what is wrong.
    static func fileIDs(
        _ pairs: [(name: String, value: String)], maximum: Int
    ) throws(QueryParameterError) -> [UUID] {
        var ids: [UUID] = []
        for (name, value) in pairs {
            guard name == "file_id" else {
                throw QueryParameterError(parameter: name, reason: "unknown parameter; expected file_id")
            }
            guard let id = UUID(uuidString: value) else {
                throw QueryParameterError(
                    parameter: "file_id",
                    reason: "expected a file id (a UUID such as 0f8e2a4c-1b3d-4e5f-8a9b-0c1d2e3f4a5b), found "
                        + QueryParameters.quoted(value))
            }
            if !ids.contains(id) { ids.append(id) }
        }
        guard ids.count <= maximum else {
            throw QueryParameterError(
                parameter: "file_id", reason: "at most \(maximum) files per connection, found \(ids.count)")
        }
        return ids
    }

    /// A client's message, or the reason it is not one, fit to send back.
    static func parse(_ text: String) -> Result<SubscriptionRequest, SubscriptionMessageError> {
        let value: JSONValue
        do {
            value = try JSONValue.parse(Array(text.utf8))
        } catch {
            return .failure(SubscriptionMessageError("not JSON: \(error)"))
        }
        guard case .object(let members) = value else {
            return .failure(SubscriptionMessageError(#"expected an object such as {"subscribe":["<file id>"]}"#))
        }
        if let unknown = members.keys.sorted().first(where: { $0 != "subscribe" && $0 != "unsubscribe" }) {
            return .failure(SubscriptionMessageError("\(unknown): unknown member; expected subscribe or unsubscribe"))
        }
        guard !members.isEmpty else {
            return .failure(SubscriptionMessageError("expected subscribe or unsubscribe, found an empty object"))
        }
        var request = SubscriptionRequest()
        for (name, member) in members {
            guard let target = target(member) else {
                return .failure(
                    SubscriptionMessageError("\(name): expected an array of file ids (UUIDs) or \"all\""))
            }
            if name == "subscribe" { request.subscribe = target } else { request.unsubscribe = target }
        }
        return .success(request)
    }

    private static func target(_ value: JSONValue) -> Target? {
        switch value {
        case .string("all"):
            return .all
        case .array(let items):
            var ids: [UUID] = []
            for item in items {
                guard case .string(let text) = item, let id = UUID(uuidString: text) else { return nil }
                if !ids.contains(id) { ids.append(id) }
            }
            return .files(ids)
        default:
            return nil
        }
    }
}

/// Why a client's message was not understood; sent back as an `error` message, the connection stays.
struct SubscriptionMessageError: Error, Equatable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
