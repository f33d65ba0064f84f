import Foundation

/// The message on the changes channel (``UserRoutesConfig/changesChannel``): the ids of the users
/// just committed, as a JSON array of integers (`[3,17,42]`). It carries ids only: a follower
/// reads the users from PostgreSQL, so no address travels through Redis in clear.
public enum UserChangeMessage {
    public static func encode(_ ids: [Int64]) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    /// The ids in `text`, or nil when it is not a JSON array of integers.
    public static func decode(_ text: String) -> [Int64]? {
        var body = Substring(text).trimmingCharacters(in: .whitespaces)[...]
        guard body.first == "[", body.last == "]" else { return nil }
        body = body.dropFirst().dropLast()
        if body.allSatisfy({ $0 == " " }) { return [] }
        var ids: [Int64] = []
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            guard let id = Int64(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            ids.append(id)
        }
        return ids
    }
}
