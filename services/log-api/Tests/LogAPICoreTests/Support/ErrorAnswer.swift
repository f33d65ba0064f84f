import Foundation
import HummingbirdTesting

/// The parts of a refusal's JSON body that the route tests check: the sentence for the client and
/// where the problem is. One reader for every test, so that a change of the error body's shape
/// (ServiceKit's one error type) is adjusted here and nowhere else.
struct ErrorAnswer: Decodable, Equatable, CustomStringConvertible {
    var message: String
    var field: String? = nil
    var index: Int? = nil
    var line: Int? = nil
    var column: Int? = nil

    enum CodingKeys: String, CodingKey {
        case message = "error"
        case field, index, line, column
    }

    /// The answer in `response`'s body; throws when it is not a JSON error body.
    init(_ response: TestResponse) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(response.body.readableBytesView))
    }

    init(message: String, field: String? = nil, index: Int? = nil, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.field = field
        self.index = index
        self.line = line
        self.column = column
    }

    var description: String {
        "\(message) (field: \(field ?? "-"), index: \(index.map(String.init) ?? "-"), "
            + "line: \(line.map(String.init) ?? "-"), column: \(column.map(String.init) ?? "-"))"
    }
}
