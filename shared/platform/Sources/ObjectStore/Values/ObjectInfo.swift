import Foundation
import NIOHTTP1

/// What S3 says about an object: from HEAD, or from the head of a GET.
public struct ObjectInfo: Sendable, Hashable {
    /// The size in bytes of what the answer carries: the whole object after HEAD or a plain GET,
    /// the range after a ranged GET (see ``ObjectDownload/contentRange``).
    public let contentLength: Int
    /// The entity tag without its quotes: the hex MD5 of an object stored by one PUT, or
    /// `<md5 of the parts' md5s>-<part count>` after a multipart upload.
    public let etag: String
    public let contentType: String?
    public let lastModified: Date?

    public init(contentLength: Int, etag: String, contentType: String?, lastModified: Date?) {
        self.contentLength = contentLength
        self.etag = etag
        self.contentType = contentType
        self.lastModified = lastModified
    }

    init(headers: HTTPHeaders) {
        self.init(
            contentLength: headers.first(name: "content-length").flatMap { Int($0) } ?? 0,
            etag: ETag.unquoted(headers.first(name: "etag") ?? ""),
            contentType: headers.first(name: "content-type"),
            lastModified: headers.first(name: "last-modified").flatMap(S3Dates.httpDate))
    }
}

enum ETag {
    /// `"abc"` → `abc`; S3 quotes its entity tags, in headers and in XML alike.
    static func unquoted(_ tag: String) -> String {
        var text = Substring(tag.trimmingCharacters(in: .whitespaces))
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = text.dropFirst().dropLast() }
        return String(text)
    }
}

/// The two date forms in S3's answers.
enum S3Dates {
    /// `Wed, 12 Oct 2009 17:50:00 GMT` (Last-Modified).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }

    /// `2009-10-12T17:50:30.000Z` (LastModified, Initiated in XML), with or without fractions.
    static func iso8601(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
