import Crypto
import Foundation

/// AWS Signature Version 4 with the `Authorization` header (AWS's "header auth").
///
/// The steps are AWS's: hash the ``CanonicalRequest``; build the string to sign from the algorithm,
/// the time, the scope (`date/region/service/aws4_request`) and that hash; derive the signing key
/// by chaining HMAC-SHA256 over the date, region, service and `aws4_request`, starting from
/// `"AWS4" + secret`; the signature is the hex HMAC of the string to sign under that key.
struct SigV4Signer: Sendable {
    static let algorithm = "AWS4-HMAC-SHA256"

    let credentials: ObjectStoreCredentials
    let region: String
    let service: String

    init(credentials: ObjectStoreCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    func scope(_ time: SigV4Timestamp) -> String { "\(time.date)/\(region)/\(service)/aws4_request" }

    func stringToSign(_ request: CanonicalRequest, at time: SigV4Timestamp) -> String {
        [Self.algorithm, time.dateTime, scope(time), PayloadHash.of(request.text)].joined(separator: "\n")
    }

    func signingKey(on date: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    func signature(_ request: CanonicalRequest, at time: SigV4Timestamp) -> String {
        let code = HMAC<SHA256>.authenticationCode(
            for: Array(stringToSign(request, at: time).utf8), using: signingKey(on: time.date))
        return code.hexString
    }

    /// The `Authorization` header's value for `request`, which must already carry `x-amz-date`
    /// (``SigV4Timestamp/dateTime``) among its headers.
    func authorization(_ request: CanonicalRequest, at time: SigV4Timestamp) -> String {
        "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope(time)), "
            + "SignedHeaders=\(request.signedHeaders), Signature=\(signature(request, at: time))"
    }
}

/// The request time as SigV4 writes it, in UTC: `20130524` for the scope and `20130524T000000Z`
/// for `x-amz-date`. A signature is valid for 15 minutes around it.
struct SigV4Timestamp: Sendable, Equatable {
    let date: String
    let dateTime: String

    init(_ instant: Date) {
        var seconds = time_t(instant.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = String(parts.tm_year + 1900)
        date = year + two(parts.tm_mon + 1) + two(parts.tm_mday)
        dateTime = date + "T" + two(parts.tm_hour) + two(parts.tm_min) + two(parts.tm_sec) + "Z"
    }
}
