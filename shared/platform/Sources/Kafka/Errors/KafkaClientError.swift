/// A librdkafka client could not do what was asked: it could not be created, is closed, or hit an
/// error it cannot recover from. Names the client (its `client.id`) and the operation.
public struct KafkaClientError: Error, CustomStringConvertible {
    public enum Operation: String, Sendable {
        case create, subscribe, produce, consume, close
    }

    public let client: String
    public let operation: Operation
    public let code: KafkaErrorCode?
    public let message: String

    public init(client: String, operation: Operation, code: KafkaErrorCode? = nil, message: String) {
        self.client = client
        self.operation = operation
        self.code = code
        self.message = message
    }

    /// The client was closed before or while the operation ran.
    static func closed(_ client: String, _ operation: Operation) -> KafkaClientError {
        KafkaClientError(client: client, operation: operation, message: "the client is closed")
    }

    public var description: String {
        let codeText = code.map { " [\($0.name)]" } ?? ""
        return "kafka client '\(client)' \(operation.rawValue): \(message)\(codeText)"
    }
}
