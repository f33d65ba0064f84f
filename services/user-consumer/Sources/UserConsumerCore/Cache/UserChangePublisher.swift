/// Where the routes announce what they committed to PostgreSQL, so the derived copies follow:
/// the cache entries and the changes channel of `/users/sse?follow=true` (``UserRedisSync`` in the
/// service).
///
/// Contract: called only after the commit; never throws and never holds a request up for long
/// (a failure is the publisher's to log and count), because the commit already answered the client.
public protocol UserChangePublisher: Sendable {
    /// `users` were inserted or updated.
    func committed(_ users: [StoredUser]) async
    /// User `id` was deleted.
    func deleted(id: Int64) async
}
