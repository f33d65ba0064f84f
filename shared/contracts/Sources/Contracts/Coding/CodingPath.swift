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
                text += "[\(Excerpt.quoted(key.stringValue))]"
            }
        }
        return text
    }

    static func render(_ keys: [any CodingKey], appending key: any CodingKey) -> String {
        render(keys + [key])
    }

    private static func isIdentifier(_ name: String) -> Bool {
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

/// Short, escaped excerpts of input text for error messages.
enum Excerpt {
    /// At most this many Unicode scalars of an input string appear in a message.
    static let limit = 40

    /// The string in double quotes with JSON escapes, cut to ``limit`` scalars with a trailing `…`.
    static func quoted(_ string: String) -> String {
        var text = "\""
        var count = 0
        for scalar in string.unicodeScalars {
            if count == limit {
                text += "…"
                break
            }
            count += 1
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                text += "\\u" + hex4(scalar.value)
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// `0041` for 0x41.
    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
