import Contracts
import Foundation
import Testing

@Suite("Values without a JSON form fail to encode, naming the field", .timeLimit(.minutes(1)))
struct EncodingErrorTests {
    private func encodingError<T: Encodable>(_ value: T) -> String? {
        do {
            _ = try ContractCoding.encode(value)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func nonFiniteDouble() {
        let order = Envelope(payload: SalesOrder(orderID: "x", unitPrice: .nan))
        #expect(encodingError(order) == "field 'payload.unit_price' cannot be encoded: nan has no JSON representation")
    }

    @Test func nonFiniteJSONNumber() {
        let record = Envelope(payload: LogRecord(id: UUID(), receivedAt: Date(), data: ["ratio": .number(.infinity)]))
        #expect(encodingError(record) == "field 'payload.data.ratio' cannot be encoded: inf has no JSON representation")
    }

    @Test func dateOutOfRange() {
        let task = Envelope(
            payload: FileTask(
                fileID: UUID(),
                objectKey: "k",
                fileName: "f",
                contentType: "application/json",
                sizeBytes: 0,
                sha256: "",
                uploadedAt: Date(timeIntervalSince1970: 1e12)
            )
        )
        #expect(
            encodingError(task)
                == "field 'payload.uploaded_at' cannot be encoded: the date is outside the years 0000 to 9999"
        )
    }

    @Test("foreign Date values use the contract format through ContractCoding")
    func foreignDates() throws {
        struct Stamp: Codable, Equatable {
            let at: Date
        }
        let stamp = Stamp(at: Fixtures.producedAt)
        let data = try ContractCoding.encode(stamp)
        #expect(String(decoding: data, as: UTF8.self) == #"{"at":"2026-11-21T06:02:13.123Z"}"#)
        #expect(try ContractCoding.decode(Stamp.self, from: data) == stamp)
        #expect(
            throws: ContractError(
                path: "at", reason: .unexpectedValue(expected: "an ISO 8601 date-time", found: "\"noon\""))
        ) {
            try ContractCoding.decode(Stamp.self, from: #"{"at":"noon"}"#)
        }
    }

    @Test("foreign types get Foundation errors translated")
    func foreignTypes() {
        struct Point: Decodable {
            let x: Int
            let tags: [String]
        }
        #expect(throws: ContractError(path: "y.x", reason: .missingField)) {
            try ContractCoding.decode([String: Point].self, from: #"{"y": {"tags": []}}"#)
        }
        #expect(
            throws: ContractError(path: "tags[1]", reason: .unexpectedValue(expected: "a string", found: "a number"))
        ) {
            try ContractCoding.decode(Point.self, from: #"{"x": 1, "tags": ["a", 2]}"#)
        }
        #expect(throws: ContractError(path: "x", reason: .unexpectedValue(expected: "an integer", found: "null"))) {
            try ContractCoding.decode(Point.self, from: #"{"x": null, "tags": []}"#)
        }
    }
}
