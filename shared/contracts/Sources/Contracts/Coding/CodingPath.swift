/// Renders coding paths and input excerpts the way ``ContractError`` shows them.
enum CodingPath {
    /// `payload.users[2].age`; keys that are not plain identifiers are quoted: `payload.data["user id"]`.
    static func render(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue, key.stringValue == "Index \(index)" {
                // Unkeyed containers (arrays) name their elements "Index n".
                text += "[\(index)]"
            } else if isIdentifier(key.stringValue) {
                if !text.isEmpty { text += "." }
                text += key.stringValue
            } else {
                text += "[\(JSONExcerpt.quoted(key.stringValue))]"
            }
        }
        return text
    }

    static func render(_ keys: [any CodingKey], appending key: any CodingKey) -> String {
        render(keys + [key])
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }
}
