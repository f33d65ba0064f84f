import Foundation

/// Where a submission is: `queued` (its status row exists, its messages are produced or being
/// produced) → `processing` (some of its messages are applied) → `completed` (every user stored),
/// `completed_with_errors` (some stored, some refused) or `failed` (none stored: every user was
/// refused, or Kafka did not take the messages and the client got 503).
public enum SubmissionStatus: String, Sendable, CaseIterable {
    case queued
    case processing
    case completed
    case completedWithErrors = "completed_with_errors"
    case failed

    public var isFinal: Bool { self == .completed || self == .completedWithErrors || self == .failed }
}

/// One submission's row (`user_submissions`).
public struct SubmissionSnapshot: Sendable, Equatable {
    public let slug: String
    public let status: SubmissionStatus
    public let total: Int
    public let stored: Int
    public let rejected: Int
    /// Why it failed without being processed (Kafka's answer), or nil.
    public let failure: String?
    public let createdAt: Date
    public let updatedAt: Date
}

/// A stored error of a submission, with its place in the keyset order (record index, then `seq`).
public struct StoredSubmissionError: Sendable, Equatable {
    public let index: Int
    public let seq: Int
    public let field: String?
    public let reason: String
}

/// A user stored by a submission (`submitted_users`).
public struct StoredSubmittedUser: Sendable, Equatable {
    public let id: UUID
    public let name: String
    public let age: Int
    public let email: String?
    public let phone: String?
    public let submission: String
    public let recordIndex: Int
    public let createdAt: Date
}

/// The age groups of `GET /api/user/age-groups`, in order, with their bounds.
public enum AgeGroups {
    public static let labels = ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
}
