import Foundation
import ServiceKit
import Testing

@testable import ObjectStore

@Suite("Object store configuration from the environment", .timeLimit(.minutes(1)))
struct ObjectStoreConfigurationTests {
    private func read(_ values: [String: String]) throws -> ObjectStoreConfiguration {
        try ObjectStoreConfiguration(environment: EnvironmentReader(values), defaultBucket: "uploads")
    }

    @Test func defaultsAreTheLocalDevelopmentStore() throws {
        let configuration = try read([:])
        #expect(configuration.endpoint.absoluteString == "http://127.0.0.1:9000")
        #expect(configuration.region == "us-east-1")
        #expect(
            configuration.credentials
                == ObjectStoreCredentials(accessKeyID: "tributary", secretAccessKey: "tributary-secret"))
        #expect(configuration.bucket == "uploads")
        #expect(configuration.addressingStyle == .path)
        #expect(configuration.partSize == 8 * 1024 * 1024)
        #expect(configuration.retry == RetryPolicy(maxAttempts: 4))
        #expect(configuration.requestTimeout == .seconds(60))
    }

    @Test func everyVariableIsRead() throws {
        let configuration = try read([
            "S3_ENDPOINT": "https://s3.eu-west-1.amazonaws.com", "S3_REGION": "eu-west-1", "S3_ACCESS_KEY_ID": "AKIA1",
            "S3_SECRET_ACCESS_KEY": "s1", "S3_SESSION_TOKEN": "t1", "S3_BUCKET": "tributary-files",
            "S3_PART_SIZE_MIB": "16", "S3_MAX_ATTEMPTS": "2", "S3_REQUEST_TIMEOUT_MS": "1500",
        ])
        #expect(configuration.region == "eu-west-1")
        #expect(
            configuration.credentials
                == ObjectStoreCredentials(accessKeyID: "AKIA1", secretAccessKey: "s1", sessionToken: "t1"))
        #expect(configuration.bucket == "tributary-files")
        #expect(configuration.addressingStyle == .virtualHost, "AWS's own endpoint")
        #expect(configuration.partSize == 16 << 20)
        #expect(configuration.retry.maxAttempts == 2)
        #expect(configuration.requestTimeout == .milliseconds(1500))
    }

    @Test func theStandardAWSNamesFillInWhereTheS3OnesAreUnset() throws {
        let aws = [
            "AWS_ACCESS_KEY_ID": "AKIA2", "AWS_SECRET_ACCESS_KEY": "s2", "AWS_SESSION_TOKEN": "t2",
            "AWS_REGION": "us-west-2",
        ]
        let fromAWS = try read(aws)
        #expect(
            fromAWS.credentials
                == ObjectStoreCredentials(accessKeyID: "AKIA2", secretAccessKey: "s2", sessionToken: "t2"))
        #expect(fromAWS.region == "us-west-2")
        let both = try read(
            aws.merging(["S3_ACCESS_KEY_ID": "AKIA1", "S3_SECRET_ACCESS_KEY": "s1", "S3_REGION": "eu-west-1"]) { $1 })
        #expect(
            both.credentials == ObjectStoreCredentials(accessKeyID: "AKIA1", secretAccessKey: "s1", sessionToken: "t2"))
        #expect(both.region == "eu-west-1")
    }

    @Test func addressingStyleCanBeChosen() throws {
        #expect(try read(["S3_ADDRESSING_STYLE": "virtual"]).addressingStyle == .virtualHost)
        #expect(
            try read(["S3_ENDPOINT": "https://s3.amazonaws.com", "S3_ADDRESSING_STYLE": "PATH"]).addressingStyle
                == .path)
    }

    @Test func unusableValuesNameTheirVariable() {
        #expect(throws: ConfigurationError.self) { try self.read(["S3_PART_SIZE_MIB": "4"]) }
        #expect(throws: ConfigurationError.self) { try self.read(["S3_ADDRESSING_STYLE": "dns"]) }
        #expect(throws: ConfigurationError.self) { try self.read(["S3_MAX_ATTEMPTS": "0"]) }
        #expect(throws: ConfigurationError.self) { try self.read(["S3_ENDPOINT": "ftp://x"]) }
        #expect(throws: ConfigurationError.self) { try self.read(["S3_BUCKET": "ab"]) }
    }

    @Test func theSecretIsNeverDescribed() {
        let credentials = ObjectStoreCredentials(
            accessKeyID: "AKIA1", secretAccessKey: "very-secret", sessionToken: "FwoGZXIvYXdzEXAMPLE")
        #expect(!"\(credentials)".contains("very-secret") && !"\(credentials)".contains("FwoG"))
    }
}
