/// Every rule a user (``UserRecord``) must meet, wherever it comes from: `csv-producer publish`
/// applies them to each CSV row and user-consumer to each `POST /users` body, so a user from a file
/// and one from the API are held to one standard. (The surfaces only parse their syntax, e.g. `-1`
/// for none, and word the answer.)
///
/// - `id`: a positive integer (``IdentifierRule``);
/// - `first_name`, `last_name`: ``NameRule/standard`` (not blank, no control character, ≤ 200 characters);
/// - `email_address`: ``EmailAddressRule``;
/// - `created_at`, `deleted_at`, `merged_at`: none, or ``UnixTimeRule`` (0 to the end of the year 9999);
/// - `parent_user_id`: none, or a positive integer.
public enum UserRecordRules {
    public static let names = NameRule.standard

    /// Every rule `record` breaks, in field order; empty when it is valid.
    public static func violations(of record: UserRecord) -> [RuleViolation] {
        var found: [RuleViolation] = []
        func add(_ violation: RuleViolation?) { if let violation { found.append(violation) } }
        add(IdentifierRule.violation(record.id, field: "id"))
        add(names.violation(record.firstName, field: "first_name"))
        add(names.violation(record.lastName, field: "last_name"))
        add(EmailAddressRule.violation(record.emailAddress, field: "email_address"))
        add(UnixTimeRule.violation(record.createdAt, field: "created_at"))
        add(UnixTimeRule.violation(record.deletedAt, field: "deleted_at"))
        add(UnixTimeRule.violation(record.mergedAt, field: "merged_at"))
        if let parent = record.parentUserID {
            add(IdentifierRule.violation(parent, field: "parent_user_id"))
        }
        return found
    }
}
