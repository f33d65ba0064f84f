import Contracts
import Foundation
import Testing

@Suite("Decoding errors name the field", .timeLimit(.minutes(1)))
struct DecodingErrorTests {
    @Test func missingRequiredField() throws {
        let data = try Fixtures.golden("user.record", setting: ["payload", "email_address"], to: nil)
        #expect(decodingError(Envelope<UserRecord>.self, data) == "missing required field 'payload.email_address'")

        let noPayload = try Fixtures.golden("user.record", setting: ["payload"], to: nil)
        #expect(decodingError(Envelope<UserRecord>.self, noPayload) == "missing required field 'payload'")

        let noID = try Fixtures.golden("file.event", setting: ["message_id"], to: nil)
        #expect(decodingError(Envelope<FileEvent>.self, noID) == "missing required field 'message_id'")
    }

    @Test func mistypedField() throws {
        let age = try Fixtures.golden("user.submission", setting: ["payload", "users", 1, "age"], to: "41")
        #expect(
            decodingError(Envelope<UserSubmission>.self, age)
                == "field 'payload.users[1].age' expected an integer, found a string"
        )

        let fraction = try Fixtures.golden("user.record", setting: ["payload", "id"], to: 42.5)
        #expect(
            decodingError(Envelope<UserRecord>.self, fraction) == "field 'payload.id' expected an integer, found 42.5")

        let users = try Fixtures.golden("user.submission", setting: ["payload", "users"], to: ["a": 1])
        #expect(
            decodingError(Envelope<UserSubmission>.self, users)
                == "field 'payload.users' expected an array, found an object"
        )

        let user = try Fixtures.golden("user.submission", setting: ["payload", "users", 0], to: "Ada")
        #expect(
            decodingError(Envelope<UserSubmission>.self, user)
                == "field 'payload.users[0]' expected an object, found a string"
        )

        let price = try Fixtures.golden("sales.order", setting: ["payload", "unit_price"], to: true)
        #expect(
            decodingError(Envelope<SalesOrder>.self, price)
                == "field 'payload.unit_price' expected a number, found a boolean"
        )

        let payload = try Fixtures.golden("file.task", setting: ["payload"], to: [1, 2])
        #expect(decodingError(Envelope<FileTask>.self, payload) == "field 'payload' expected an object, found an array")

        let data = try Fixtures.golden("log.record", setting: ["payload", "data"], to: "x")
        #expect(
            decodingError(Envelope<LogRecord>.self, data) == "field 'payload.data' expected an object, found a string")
    }

    @Test func nullInRequiredField() throws {
        let data = try Fixtures.golden("user.record", setting: ["payload", "first_name"], to: .null)
        #expect(
            decodingError(Envelope<UserRecord>.self, data) == "field 'payload.first_name' expected a string, found null"
        )

        let payload = try Fixtures.golden("file.event", setting: ["payload"], to: .null)
        #expect(decodingError(Envelope<FileEvent>.self, payload) == "field 'payload' expected an object, found null")
    }

    @Test func invalidValues() throws {
        let uuid = try Fixtures.golden("file.task", setting: ["payload", "file_id"], to: "not-a-uuid")
        #expect(
            decodingError(Envelope<FileTask>.self, uuid)
                == "field 'payload.file_id' expected a UUID, found \"not-a-uuid\"")

        let date = try Fixtures.golden("file.event", setting: ["produced_at"], to: "yesterday")
        #expect(
            decodingError(Envelope<FileEvent>.self, date)
                == "field 'produced_at' expected an ISO 8601 date-time, found \"yesterday\""
        )

        let epoch = try Fixtures.golden("file.event", setting: ["payload", "occurred_at"], to: 1_700_000_000)
        #expect(
            decodingError(Envelope<FileEvent>.self, epoch)
                == "field 'payload.occurred_at' expected an ISO 8601 date-time, found a number"
        )

        let status = try Fixtures.golden("file.event", setting: ["payload", "status"], to: "done")
        #expect(
            decodingError(Envelope<FileEvent>.self, status)
                == "field 'payload.status' expected one of \"queued\", \"processing\", \"completed\", \"completed_with_errors\", \"failed\", found \"done\""
        )

        let long = try Fixtures.golden(
            "file.task", setting: ["payload", "file_id"], to: .string(String(repeating: "x", count: 500)))
        #expect(
            decodingError(Envelope<FileTask>.self, long)
                == "field 'payload.file_id' expected a UUID, found \"\(String(repeating: "x", count: 40))…\""
        )
    }

    @Test("paths quote keys that are not identifiers")
    func quotedKeys() throws {
        let data = try Fixtures.golden("log.record", setting: ["payload", "data", "a \"b\""], to: .null)
        // Valid: data is kept as is.
        #expect(decodingError(Envelope<LogRecord>.self, data) == nil)

        // A number beyond Double is not a JSON value this package can hold.
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(
            of: #""a \"b\"":null"#, with: #""a \"b\"":1e999"#)
        #expect(
            decodingError(Envelope<LogRecord>.self, text)
                == #"field 'payload.data["a \"b\""]' expected a JSON value, found a malformed or out-of-range value"#
        )
    }

    @Test func wrongEnvelopeType() throws {
        #expect(
            decodingError(Envelope<UserRecord>.self, try Fixtures.golden("log.record"))
                == "unexpected message type 'log.record', expected 'user.record'"
        )
        let data = try Fixtures.golden("file.task", setting: ["type"], to: 3)
        #expect(decodingError(Envelope<FileTask>.self, data) == "field 'type' expected a string, found a number")
    }

    @Test func unsupportedSchemaVersion() throws {
        let newer = try Fixtures.golden("user.record", setting: ["schema_version"], to: 2)
        #expect(
            decodingError(Envelope<UserRecord>.self, newer)
                == "unsupported schema version 2 of 'user.record', this reader supports version 1"
        )
        let zero = try Fixtures.golden("user.record", setting: ["schema_version"], to: 0)
        #expect(
            decodingError(Envelope<UserRecord>.self, zero)
                == "invalid schema version 0 of 'user.record', versions start at 1"
        )
        let text = try Fixtures.golden("user.record", setting: ["schema_version"], to: "1")
        #expect(
            decodingError(Envelope<UserRecord>.self, text)
                == "field 'schema_version' expected an integer, found a string"
        )
    }

    @Test("the error carries the path and a structured reason")
    func structuredError() throws {
        let data = try Fixtures.golden("user.record", setting: ["schema_version"], to: 2)
        let error = try #require(throws: ContractError.self) {
            try ContractCoding.decode(Envelope<UserRecord>.self, from: data)
        }
        #expect(error.path == "schema_version")
        #expect(error.reason == .unsupportedSchemaVersion(messageType: "user.record", found: 2, supported: 1))
    }

    @Test("a plain JSONDecoder throws the same ContractError")
    func plainDecoder() throws {
        let data = try Fixtures.golden("user.submission", setting: ["payload", "users", 1, "name"], to: nil)
        let error = try #require(throws: ContractError.self) {
            try JSONDecoder().decode(Envelope<UserSubmission>.self, from: data)
        }
        #expect(error.description == "missing required field 'payload.users[1].name'")
    }

    @Test("the document must be an object")
    func documentNotAnObject() {
        #expect(decodingError(Envelope<UserRecord>.self, "[1, 2]") == "the document expected an object, found an array")
        #expect(
            decodingError(Envelope<UserRecord>.self, "\"user.record\"")
                == "the document expected an object, found a string")
    }

    @Test("unknown fields are ignored at every level")
    func unknownFieldsIgnored() throws {
        var document = try Fixtures.goldenObject("user.submission")
        document["trace_id"] = "abc"
        document["headers"] = ["x": [1, 2, ["deep": nil]]]
        var payload = try #require(document["payload"])
        payload.set(["priority"], to: 5)
        payload.set(["users", 0, "nickname"], to: "Countess")
        document["payload"] = payload
        let data = try ContractCoding.encode(JSONValue.object(document))
        #expect(try ContractCoding.decode(Envelope<UserSubmission>.self, from: data) == Fixtures.userSubmission)
    }

    @Test("optional fields may be null or absent")
    func optionalFields() throws {
        var document = try Fixtures.goldenObject("sales.order")
        document["payload"] = ["order_id": "ORD-9", "quantity": nil]
        let data = try ContractCoding.encode(JSONValue.object(document))
        let decoded = try ContractCoding.decode(Envelope<SalesOrder>.self, from: data)
        #expect(decoded.payload == SalesOrder(orderID: "ORD-9"))

        let noData = try Fixtures.golden("log.record", setting: ["payload", "data"], to: nil)
        #expect(try ContractCoding.decode(Envelope<LogRecord>.self, from: noData).payload.data == [:])
    }

    @Test("dates are accepted with or without fractional seconds and with offsets")
    func dateVariants() throws {
        let plain = try Fixtures.golden("file.task", setting: ["payload", "uploaded_at"], to: "2026-11-21T06:01:00Z")
        #expect(try ContractCoding.decode(Envelope<FileTask>.self, from: plain) == Fixtures.fileTask)
        let offset = try Fixtures.golden(
            "file.task", setting: ["payload", "uploaded_at"], to: "2026-11-21T07:01:00+01:00")
        #expect(try ContractCoding.decode(Envelope<FileTask>.self, from: offset) == Fixtures.fileTask)
    }

    @Test("uppercase UUIDs are accepted")
    func uppercaseUUID() throws {
        let data = try Fixtures.golden(
            "file.event", setting: ["payload", "file_id"], to: "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D")
        #expect(try ContractCoding.decode(Envelope<FileEvent>.self, from: data) == Fixtures.fileEvent)
    }
}
