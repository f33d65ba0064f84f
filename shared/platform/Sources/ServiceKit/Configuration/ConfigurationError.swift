/// A configuration value that cannot be used. Start-up fails with this error, and its description
/// names the variable, the value found and what was expected, so an operator can fix it at once.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The environment variable that holds the bad value.
    public let variable: String
    /// The value as it was found.
    public let value: String
    /// What the variable must hold, in words (for example "an integer between 1 and 65535").
    public let expected: String

    public init(variable: String, value: String, expected: String) {
        self.variable = variable
        self.value = value
        self.expected = expected
    }

    public var description: String {
        "configuration error: \(variable)=\"\(value)\" is invalid: expected \(expected)"
    }
}
