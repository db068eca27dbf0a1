/// A radio configuration value that is out of its allowed range or malformed.
///
/// Returned (thrown) for operator input such as a TDD pattern string; programmer errors
/// inside the models are caught with preconditions instead.
public struct RadioConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A human-readable reason naming the offending value and what is allowed.
    public let reason: String

    /// - Parameter reason: What is wrong and what would be accepted.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
