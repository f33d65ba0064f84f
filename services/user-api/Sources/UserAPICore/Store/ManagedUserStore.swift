import Foundation

/// Where the managed users live (``PostgresManagedUserStore``): the source of truth. Every change
/// takes a new version from one sequence and queues an outbox row for the indexer in the same
/// statement, so the change and its indexing commit or fail together.
public protocol ManagedUserStore: Sendable {
    /// Inserts a new user; nil when the address (without regard to case) is taken.
    func create(name: String, email: String, role: String) async throws -> ManagedUser?
    /// The user with address `email` (without regard to case), or nil.
    func user(email: String) async throws -> ManagedUser?
    /// Changes the given fields of user `email`; nil when there is none.
    /// Throws ``ManagedUserStoreError/emailTaken`` when the new address belongs to another user.
    func update(email: String, changes: UserInput) async throws -> ManagedUser?
    /// Deletes user `email`; nil when there is none.
    func delete(email: String) async throws -> DeletedUser?
    /// Up to `limit` users with ids above `after`, in id order, of `role` when given.
    func page(role: String?, after: UUID?, limit: Int) async throws -> [ManagedUser]
    /// The users whose name or address contains `query` or is close to it (trigram similarity),
    /// best first, of `role` when given: what answers a search while Elasticsearch cannot.
    func search(_ query: String, role: String?, offset: Int, limit: Int) async throws -> [ManagedUser]
}

public enum ManagedUserStoreError: Error, Equatable {
    /// A create or an address change met the unique index on `lower(email)`.
    case emailTaken
}
