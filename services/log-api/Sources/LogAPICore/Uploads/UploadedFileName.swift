/// The name an uploaded file is known by (and, with its SHA-256, what makes two uploads the same).
///
/// From the client's name: the last path component only (some clients send a whole path, with `/`
/// or `\`), without surrounding white space; at most 255 bytes of UTF-8 and no control characters.
enum UploadedFileName {
    static let maximumBytes = 255

    /// The name to store, or a sentence saying why `raw` is not one.
    static func clean(_ raw: String) -> Result<String, NameProblem> {
        // What follows the last separator: `dir/` names no file.
        let lastComponent =
            raw.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(
                String.init) ?? ""
        let name = lastComponent.trimmingWhiteSpace()
        guard !name.isEmpty else { return .failure(NameProblem("the file name is empty")) }
        guard name.utf8.count <= maximumBytes else {
            return .failure(NameProblem("the file name is longer than \(maximumBytes) bytes"))
        }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else {
            return .failure(NameProblem("the file name contains a control character"))
        }
        return .success(name)
    }

    struct NameProblem: Error, Sendable, Equatable {
        let sentence: String
        init(_ sentence: String) { self.sentence = sentence }
    }
}

extension String {
    fileprivate func trimmingWhiteSpace() -> String {
        let isSpace = { (character: Character) in character == " " || character == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
