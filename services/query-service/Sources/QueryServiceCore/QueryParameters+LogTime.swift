import ServiceKit

extension QueryParameters {
    /// An ISO 8601 date-time (RFC 3339: `2026-11-21T06:02:13Z`, `…13.123+02:00`), to the microsecond.
    func time(_ name: String) throws(QueryParameterError) -> LogTime? {
        try value(
            name, expected: "an ISO 8601 date-time such as 2026-11-21T06:02:13Z or 2026-11-21T08:02:13.5+02:00"
        ) { LogTime(iso8601: $0) }
    }
}
