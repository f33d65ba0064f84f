import Contracts
import Foundation

/// One row of `managed_users`.
public struct ManagedUser: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let email: String
    public let role: String
    /// From the `managed_user_versions` sequence: grows with every change of any user.
    public let version: Int64
    public let createdAt: Date
    public let updatedAt: Date

    public init(id: UUID, name: String, email: String, role: String, version: Int64, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.name = name
        self.email = email
        self.role = role
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The key of a user by address: addresses are unique without regard to case.
    public static func key(_ email: String) -> String { email.lowercased() }

    /// What every answer shows of a user, and what the cache holds (so a hit is sent as it is):
    /// `{"created_at":"…","email":"…","id":"…","name":"…","role":"…","updated_at":"…"}`.
    public var json: [UInt8] {
        var writer = JSONWriter(capacity: 160 + name.utf8.count + email.utf8.count)
        write(into: &writer)
        return writer.bytes
    }

    public func write(into writer: inout JSONWriter) {
        writer.raw("{\"created_at\":")
        writer.date(createdAt)
        writer.raw(",\"email\":")
        writer.string(email)
        writer.raw(",\"id\":")
        writer.uuid(id)
        writer.raw(",\"name\":")
        writer.string(name)
        writer.raw(",\"role\":")
        writer.string(role)
        writer.raw(",\"updated_at\":")
        writer.date(updatedAt)
        writer.raw("}")
    }
}

/// What a change left behind: the user as committed, or, for a delete, who was deleted at which version.
public struct DeletedUser: Sendable, Equatable {
    public let id: UUID
    public let email: String
    public let version: Int64
}
