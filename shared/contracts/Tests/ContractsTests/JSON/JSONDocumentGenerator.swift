/// Seeded, reproducible JSON documents for the differential tests: valid ones written with every liberty the
/// grammar allows (escapes, whitespace, number forms), and damaged copies of them.
struct JSONDocumentGenerator {
    /// SplitMix64: small, fast, and the same sequence on every platform for a seed.
    struct Random {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
    }

    var random: Random

    init(seed: UInt64) {
        random = Random(state: seed)
    }

    /// A valid document.
    mutating func validDocument() -> [UInt8] {
        var out: [UInt8] = []
        whitespace(&out)
        value(&out, depth: 0)
        whitespace(&out)
        return out
    }

    /// A valid document, then one to three damages: bytes deleted, inserted, replaced, a cut, a repeat.
    mutating func damagedDocument() -> [UInt8] {
        var document = validDocument()
        for _ in 0..<(1 + random.below(3)) {
            let position = document.isEmpty ? 0 : random.below(document.count)
            switch random.below(5) {
            case 0 where !document.isEmpty:
                document.remove(at: position)
            case 1:
                document.insert(interestingByte(), at: position)
            case 2 where !document.isEmpty:
                document[position] = interestingByte()
            case 3:
                document.removeSubrange(position...)
            default:
                let end = min(document.count, position + 1 + random.below(8))
                document.insert(contentsOf: document[position..<end], at: position)
            }
        }
        return document
    }

    private mutating func interestingByte() -> UInt8 {
        random.pick(
            Array("\"\\,:[]{}-+.eE0123456789tfnulx /".utf8) + [
                0x00, 0x01, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3,
                0xE2, 0xED, 0xF0, 0xF4, 0xF5, 0xFF,
            ])
    }

    private mutating func whitespace(_ out: inout [UInt8]) {
        guard random.chance(25) else { return }
        for _ in 0..<(1 + random.below(3)) { out.append(random.pick([0x20, 0x0A, 0x0D, 0x09])) }
    }

    private mutating func value(_ out: inout [UInt8], depth: Int) {
        let containers = depth < 5 ? 2 : 0
        switch random.below(6 + containers) {
        case 0: out.append(contentsOf: random.pick(["true", "false", "null"]).utf8)
        case 1, 2: number(&out)
        case 3, 4, 5: string(&out)
        case 6:
            out.append(UInt8(ascii: "["))
            let count = random.below(5)
            for position in 0..<count {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                whitespace(&out)
                value(&out, depth: depth + 1)
                whitespace(&out)
            }
            if count == 0 { whitespace(&out) }
            out.append(UInt8(ascii: "]"))
        default:
            out.append(UInt8(ascii: "{"))
            let count = random.below(5)
            var used: Set<String> = []
            for position in 0..<count {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                whitespace(&out)
                var key = randomText(maxLength: 6)
                while !used.insert(key).inserted { key += "k" }
                write(key, &out)
                whitespace(&out)
                out.append(UInt8(ascii: ":"))
                whitespace(&out)
                value(&out, depth: depth + 1)
                whitespace(&out)
            }
            if count == 0 { whitespace(&out) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private mutating func number(_ out: inout [UInt8]) {
        var text = ""
        if random.chance(30) { text += "-" }
        switch random.below(5) {
        case 0: text += "0"
        case 1: text += String(1 + random.below(9))
        case 2: text += String(random.next() >> UInt64(random.below(64)))
        case 3: text += String(1 + random.below(9)) + String(repeating: "9", count: 15 + random.below(10))
        default: text += String(random.below(100_000))
        }
        if random.chance(30) { text += "." + String(random.below(1000)) }
        if random.chance(20) {
            text += random.pick(["e", "E"]) + random.pick(["", "+", "-"]) + String(random.below(40))
        }
        out.append(contentsOf: text.utf8)
    }

    private mutating func string(_ out: inout [UInt8]) {
        write(randomText(maxLength: 12), &out)
    }

    /// Text drawn from ASCII, controls, Latin, CJK and astral characters.
    private mutating func randomText(maxLength: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<random.below(maxLength + 1) {
            let value: UInt32
            switch random.below(10) {
            case 0: value = UInt32(random.below(0x20))
            case 1: value = 0xA0 + UInt32(random.below(0x100))
            case 2: value = 0x4E00 + UInt32(random.below(0x500))
            case 3: value = 0x1F600 + UInt32(random.below(0x50))
            case 4: value = UInt32(random.pick(Array("\"\\/".unicodeScalars)).value)
            default: value = 0x20 + UInt32(random.below(0x5F))
            }
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    /// `text` as a JSON string, each character written plainly or escaped at random (astral ones as
    /// surrogate pairs), as any JSON writer may.
    private mutating func write(_ text: String, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            let mustEscape = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            if mustEscape || random.chance(10) {
                if let short = Self.shortEscapes[scalar], random.chance(70) {
                    out.append(contentsOf: short.utf8)
                } else if scalar.value > 0xFFFF {
                    let value = scalar.value - 0x10000
                    out.append(
                        contentsOf: Self.unicodeEscape(0xD800 + (value >> 10), uppercase: random.chance(50)).utf8)
                    out.append(
                        contentsOf: Self.unicodeEscape(0xDC00 + (value & 0x3FF), uppercase: random.chance(50)).utf8)
                } else {
                    out.append(contentsOf: Self.unicodeEscape(scalar.value, uppercase: random.chance(50)).utf8)
                }
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let shortEscapes: [Unicode.Scalar: String] = [
        "\"": "\\\"", "\\": "\\\\", "/": "\\/", "\u{08}": "\\b", "\u{0C}": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
    ]

    private static func unicodeEscape(_ value: UInt32, uppercase: Bool) -> String {
        let digits = String(value, radix: 16, uppercase: uppercase)
        return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
