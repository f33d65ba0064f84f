/// A minimal XML reader for S3's responses, so the library needs no XML dependency: elements,
/// text, CDATA, the five named entities and numeric character references. Namespaces stay in
/// the names as written (S3 uses a default namespace, so its names have no prefix).
///
/// It is not a validating parser: what it cannot read throws ``XMLSyntaxError``.
enum XMLReader {
    /// The document's root element.
    static func parse(_ bytes: some Collection<UInt8>) throws(XMLSyntaxError) -> XMLNode {
        var reader = Cursor(Array(bytes))
        var stack: [XMLNode] = []
        var root: XMLNode?
        while !reader.atEnd {
            if reader.skip("<?") {
                try reader.skip(past: "?>")
            } else if reader.skip("<!--") {
                try reader.skip(past: "-->")
            } else if reader.skip("<![CDATA[") {
                let text = try reader.take(until: "]]>")
                if !stack.isEmpty { stack[stack.count - 1].text += text }
            } else if reader.skip("<!") {
                try reader.skip(past: ">")  // a DOCTYPE; S3 sends none
            } else if reader.skip("</") {
                let name = reader.takeName()
                reader.skipSpaces()
                guard reader.skip(">") else { throw reader.error("expected > after </\(name)") }
                guard let open = stack.popLast(), open.name == name else {
                    throw reader.error("</\(name)> closes no open element of that name")
                }
                if stack.isEmpty {
                    root = open
                } else {
                    stack[stack.count - 1].children.append(open)
                }
            } else if reader.skip("<") {
                let name = reader.takeName()
                guard !name.isEmpty else { throw reader.error("expected an element name after <") }
                try reader.skip(pastTagEndFrom: name)
                let element = XMLNode(name: name)
                if reader.lastTagWasEmpty {
                    if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
                } else {
                    stack.append(element)
                }
            } else {
                let text = try reader.takeText()
                if !stack.isEmpty { stack[stack.count - 1].text += text }
            }
            if root != nil && stack.isEmpty { break }
        }
        guard let root else { throw reader.error(stack.isEmpty ? "no element" : "<\(stack[0].name)> is not closed") }
        return root
    }
}

private struct Cursor {
    let bytes: [UInt8]
    var index = 0
    var lastTagWasEmpty = false

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }

    func error(_ reason: String) -> XMLSyntaxError { XMLSyntaxError(reason: reason, offset: index) }

    func hasPrefix(_ literal: String, at position: Int) -> Bool {
        var i = position
        for byte in literal.utf8 {
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
        }
        return true
    }

    mutating func skip(_ literal: String) -> Bool {
        guard hasPrefix(literal, at: index) else { return false }
        index += literal.utf8.count
        return true
    }

    mutating func skip(past literal: String) throws(XMLSyntaxError) {
        _ = try take(until: literal)
    }

    /// The raw text up to `literal`, which is consumed too.
    mutating func take(until literal: String) throws(XMLSyntaxError) -> String {
        let start = index
        while index < bytes.count {
            if hasPrefix(literal, at: index) {
                let text = String(decoding: bytes[start..<index], as: UTF8.self)
                index += literal.utf8.count
                return text
            }
            index += 1
        }
        throw XMLSyntaxError(reason: "expected \(literal)", offset: start)
    }

    mutating func skipSpaces() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func takeName() -> String {
        let start = index
        while index < bytes.count, !Self.endsName(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    static func endsName(_ byte: UInt8) -> Bool {
        [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">"), UInt8(ascii: "/"), UInt8(ascii: "=")].contains(byte)
    }

    /// Past the attributes to `>` or `/>`; quoted attribute values may hold either.
    mutating func skip(pastTagEndFrom name: String) throws(XMLSyntaxError) {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                index += 1
                while index < bytes.count, bytes[index] != byte { index += 1 }
                guard index < bytes.count else { throw error("unterminated attribute value in <\(name)>") }
                index += 1
            } else if skip("/>") {
                lastTagWasEmpty = true
                return
            } else if skip(">") {
                lastTagWasEmpty = false
                return
            } else {
                index += 1
            }
        }
        throw error("<\(name) is not closed by >")
    }

    /// Character data up to the next `<`, with entities and character references replaced.
    mutating func takeText() throws(XMLSyntaxError) -> String {
        var text: [UInt8] = []
        while index < bytes.count, bytes[index] != UInt8(ascii: "<") {
            if bytes[index] == UInt8(ascii: "&") {
                let start = index
                index += 1
                var name: [UInt8] = []
                while index < bytes.count, bytes[index] != UInt8(ascii: ";"), name.count < 10 {
                    name.append(bytes[index])
                    index += 1
                }
                guard index < bytes.count, bytes[index] == UInt8(ascii: ";"),
                    let scalar = Self.entity(String(decoding: name, as: UTF8.self))
                else { throw XMLSyntaxError(reason: "unknown entity", offset: start) }
                index += 1
                text.append(contentsOf: String(Character(scalar)).utf8)
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    static func entity(_ name: String) -> Unicode.Scalar? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        default:
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
            }
            if name.hasPrefix("#") { return UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init) }
            return nil
        }
    }
}
