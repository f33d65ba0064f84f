import Contracts
import Foundation
import Testing

/// The values the golden documents in `Golden/` hold, built without the code under test.
enum Fixtures {
    /// 2026-11-21T06:02:13.123Z
    static let producedAt = Date(timeIntervalSince1970: 1_795_240_933.123)

    static func uuid(_ text: String) -> UUID {
        UUID(uuidString: text)!
    }

    static let userRecord = Envelope(
        payload: UserRecord(
            id: 42,
            firstName: "Ada",
            lastName: "Lovelace",
            emailAddress: "ada@example.com",
            createdAt: 1_700_000_000,
            deletedAt: nil,
            mergedAt: nil,
            parentUserID: 7
        ),
        messageID: uuid("6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2b"),
        producedAt: producedAt
    )

    static let logRecord = Envelope(
        payload: LogRecord(
            id: uuid("0e5a7b2c-1d3f-4a6b-9c8d-7e6f5a4b3c2d"),
            receivedAt: producedAt,
            level: "error",
            message: "payment failed",
            service: "checkout",
            timestamp: Date(timeIntervalSince1970: 1_795_240_932.9),
            data: [
                "attempt": .int(3),
                "duration_ms": .number(12.5),
                "http": .object(["path": .string("/api/orders"), "status": .int(503)]),
                "retried": .bool(true),
                "tags": .array([.string("checkout"), .string("eu")]),
                "trace": .null,
                "user": .string("zoë"),
            ]
        ),
        messageID: uuid("6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2c"),
        producedAt: producedAt
    )

    static let userBatch = Envelope(
        payload: UserBatch(users: [
            userRecord.payload,
            UserRecord(
                id: 43, firstName: "Grace", lastName: "Hopper", emailAddress: "grace@example.com",
                createdAt: 1_700_000_100, deletedAt: 1_700_000_200, mergedAt: 1_700_000_200, parentUserID: 42),
        ]),
        messageID: uuid("6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2d"),
        producedAt: producedAt
    )

    static let logBatch = Envelope(
        payload: LogBatch(records: [
            logRecord.payload,
            LogRecord(id: uuid("0e5a7b2c-1d3f-4a6b-9c8d-7e6f5a4b3c2e"), receivedAt: producedAt, message: "bare"),
        ]),
        messageID: uuid("6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2e"),
        producedAt: producedAt
    )

    static let fileID = uuid("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")

    static let fileTask = Envelope(
        payload: FileTask(
            fileID: fileID,
            objectKey: "uploads/2026/11/21/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d.json",
            fileName: "logs 2026-11-21.json",
            contentType: "application/json",
            sizeBytes: 1_048_576,
            sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            uploadedAt: Date(timeIntervalSince1970: 1_795_240_860)
        ),
        messageID: uuid("6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2d"),
        producedAt: producedAt
    )

    static let fileEvent = Envelope(
        payload: FileEvent(
            snapshot: FileStatusSnapshot(
                fileID: fileID,
                status: .processing,
                sizeBytes: 1_048_576,
                bytesProcessed: 262_144,
                recordsProcessed: 250,
                recordsStored: 248,
                recordsRejected: 2
            ),
            attempt: 1,
            occurredAt: producedAt
        ),
        messageID: uuid("6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2e"),
        producedAt: producedAt
    )

    static let userSubmission = Envelope(
        payload: UserSubmission(
            slug: "b7f3c2e1",
            users: [
                SubmittedUser(name: "Ada Lovelace", age: 36, email: "ada@example.com"),
                SubmittedUser(name: "Alan Turing", age: 41, email: nil),
            ],
            submittedAt: producedAt
        ),
        messageID: uuid("6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a2f"),
        producedAt: producedAt
    )

    static let salesOrder = Envelope(
        payload: SalesOrder(
            orderID: "ORD-0001",
            orderDate: "2024-03-15",
            customerID: "C-1001",
            product: "Widget",
            quantity: nil,
            unitPrice: 19.99,
            region: "EU"
        ),
        messageID: uuid("6f1c2a9e-3b4d-4e5f-8a6b-7c8d9e0f1a30"),
        producedAt: producedAt
    )

    /// The bytes of `Golden/<name>.json`.
    static func golden(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Golden"))
        return try Data(contentsOf: url)
    }

    /// A golden document as a mutable JSON object, to derive broken variants from.
    static func goldenObject(_ name: String) throws -> [String: JSONValue] {
        try #require(try ContractCoding.decode(JSONValue.self, from: golden(name)).objectValue)
    }
}

/// A step into a JSON document: an object key or an array index.
enum Step: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case key(String)
    case index(Int)

    init(stringLiteral value: String) { self = .key(value) }
    init(integerLiteral value: Int) { self = .index(value) }
}

extension JSONValue {
    /// Replaces (or with `nil` removes) the value at `path`.
    mutating func set(_ path: [Step], to value: JSONValue?) {
        guard let step = path.first else {
            if let value { self = value }
            return
        }
        let rest = Array(path.dropFirst())
        switch (self, step) {
        case (.object(var members), .key(let key)):
            if rest.isEmpty {
                members[key] = value
            } else {
                var child = members[key] ?? .null
                child.set(rest, to: value)
                members[key] = child
            }
            self = .object(members)
        case (.array(var elements), .index(let index)):
            if rest.isEmpty, value == nil {
                elements.remove(at: index)
            } else {
                elements[index].set(rest, to: value)
            }
            self = .array(elements)
        default:
            Issue.record("path does not exist")
        }
    }
}

extension Fixtures {
    /// The golden document `name` with the value at `path` replaced (or removed with `nil`), re-encoded.
    static func golden(_ name: String, setting path: [Step], to value: JSONValue?) throws -> Data {
        var document = try ContractCoding.decode(JSONValue.self, from: golden(name))
        document.set(path, to: value)
        return try ContractCoding.encode(document)
    }
}

/// The description of the error `ContractCoding.decode` throws for `data`, or `nil` if it decodes.
func decodingError<P: MessagePayload>(_ type: Envelope<P>.Type, _ data: Data) -> String? {
    do {
        _ = try ContractCoding.decode(type, from: data)
        return nil
    } catch {
        return error.description
    }
}

func decodingError<P: MessagePayload>(_ type: Envelope<P>.Type, _ text: String) -> String? {
    decodingError(type, Data(text.utf8))
}
