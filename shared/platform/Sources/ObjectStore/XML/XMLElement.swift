/// One element of the small XML documents S3 answers with (`<Error>`, `<ListBucketResult>`, …):
/// its name, its text, its child elements. Attributes, comments and processing instructions are
/// read past and dropped; S3 needs none of them.
struct XMLNode: Sendable, Equatable {
    var name: String
    var text: String = ""
    var children: [XMLNode] = []

    /// The first child called `name`.
    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// Every child called `name`, in document order.
    func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The text of the first child called `name`.
    func text(_ name: String) -> String? { child(name)?.text }
}

/// The document could not be read as XML.
struct XMLSyntaxError: Error, CustomStringConvertible, Equatable {
    let reason: String
    let offset: Int
    var description: String { "malformed XML at byte \(offset): \(reason)" }
}
