/// The values in the URLs and headers of the user routes, read strictly: anything that is not
/// exactly what the route takes is a 400 naming the parameter and what it expected.
public enum UserQueryParameters {
    public static let defaultLimit = 100
    public static let maximumLimit = 1000

    /// Where a value came from, for the error message.
    public enum Place: Sendable {
        case query, header, path

        func describe(_ name: String) -> String {
            switch self {
            case .query: return "query parameter '\(name)'"
            case .header: return "header \(name)"
            case .path: return "the \(name) in the path"
            }
        }
    }

    /// `limit` of `GET /users`: 1 to 1000, 100 when absent.
    public static func limit(_ text: String?) throws(APIError) -> Int {
        guard let text else { return defaultLimit }
        guard let value = Int(text), (1...maximumLimit).contains(value) else {
            throw APIError(
                .badRequest,
                "query parameter 'limit' must be an integer from 1 to \(maximumLimit), found \(quoted(text))",
                field: "limit")
        }
        return value
    }

    /// A keyset cursor (`after`, `Last-Event-ID`): the last id already seen, 0 or more; 0 when absent.
    public static func cursor(_ text: String?, name: String, in place: Place) throws(APIError) -> Int64 {
        guard let text else { return 0 }
        guard let value = Int64(text), value >= 0 else {
            throw APIError(
                .badRequest, "\(place.describe(name)) must be a user id (an integer ≥ 0), found \(quoted(text))",
                field: name)
        }
        return value
    }

    /// A user id (a path segment or `id=`): a positive integer.
    public static func userID(_ text: String?, name: String, in place: Place) throws(APIError) -> Int64 {
        guard let text else {
            throw APIError(.badRequest, "\(place.describe(name)) is required: the user id", field: name)
        }
        guard let value = Int64(text), value > 0 else {
            throw APIError(
                .badRequest, "\(place.describe(name)) must be a positive integer, found \(quoted(text))", field: name)
        }
        return value
    }

    /// `follow` of `/users/sse`: `true` or `false`, false when absent.
    public static func follow(_ text: String?) throws(APIError) -> Bool {
        switch text {
        case nil, "false": return false
        case "true": return true
        case let other?:
            throw APIError(
                .badRequest, "query parameter 'follow' must be true or false, found \(quoted(other))", field: "follow")
        }
    }

    /// `text` quoted for an error message, cut to 40 characters.
    static func quoted(_ text: String) -> String {
        "\"" + (text.count > 40 ? text.prefix(37) + "..." : Substring(text)) + "\""
    }
}
