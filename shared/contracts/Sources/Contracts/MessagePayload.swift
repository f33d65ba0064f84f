/// The body of one kind of message, carried inside an ``Envelope``.
///
/// Guarantees made by every conforming type in this package:
/// - It encodes to and decodes from a JSON object whose keys are snake_case, named by explicit coding keys, so
///   any `JSONEncoder` or `JSONDecoder` (default key strategies) reads and writes the same names.
/// - Dates are written as ISO 8601 UTC strings with milliseconds (see ``ContractDateFormat``) whatever the
///   encoder's date strategy; initializers round dates to milliseconds, so a value survives an encode and a
///   decode unchanged. UUIDs are written in lowercase.
/// - Optional fields are written as `null` when absent, and read as absent when `null` or missing.
/// - Unknown keys are ignored when decoding, so a producer may add optional fields without a new version.
/// - A missing or mistyped field fails with a ``ContractError`` naming the field's JSON path.
public protocol MessagePayload: Codable, Sendable, Equatable {
    /// The name of this kind of message on the wire, such as `"user.record"`. Never changes.
    static var messageType: String { get }
    /// The newest schema version of this payload this build reads and writes, starting at 1. It increases when a
    /// change would make older readers misread the message (a removed or retyped field), not for added optional
    /// fields.
    static var schemaVersion: Int { get }
}
