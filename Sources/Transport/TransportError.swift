import CZeroMQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed messaging or capture call: what was being done, the errno and libzmq's text.
public struct TransportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The broad class of failure, for callers that react differently to each.
    public enum Kind: Sendable, Equatable {
        /// A send or receive timeout expired (`EAGAIN`).
        case timeout
        /// The context was terminated while the call was in progress (`ETERM`).
        case terminated
        /// The socket or writer was already closed.
        case closed
        /// Anything else: bad endpoint, bad option, system error.
        case failed
    }

    /// The class of failure.
    public let kind: Kind
    /// The errno reported by libzmq (0 when the failure did not come with one).
    public let code: Int32
    /// What was being done, including the endpoint or option involved.
    public let operation: String
    /// Human-readable reason (`zmq_strerror`, or libpcap's message).
    public let reason: String

    /// Creates an error from an errno value as libzmq reports it.
    /// - Parameters:
    ///   - code: The errno value.
    ///   - operation: What was being done (e.g. `"bind tcp://host:5555"`).
    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
        self.reason = String(cString: zmq_strerror(code))
        switch code {
        case EAGAIN: kind = .timeout
        case ETERM: kind = .terminated
        case ENOTSOCK: kind = .closed
        default: kind = .failed
        }
    }

    /// Creates an error that did not come from an errno.
    /// - Parameters:
    ///   - kind: The class of failure.
    ///   - operation: What was being done.
    ///   - reason: Why it failed.
    public init(kind: Kind, operation: String, reason: String) {
        self.kind = kind
        self.code = 0
        self.operation = operation
        self.reason = reason
    }

    public var description: String {
        code == 0 ? "\(operation): \(reason)" : "\(operation): \(reason) (errno \(code))"
    }
}

/// Runs one libzmq call and turns `-1` into a thrown ``TransportError``.
///
/// Every libzmq call of the module goes through here: `EINTR` is retried, any other
/// errno is thrown (`EAGAIN` becomes ``TransportError/Kind/timeout``).
/// - Parameters:
///   - operation: Describes the call for the error message; only evaluated on failure.
///   - call: The libzmq call; returns -1 on failure.
/// - Returns: The call's non-negative result.
@inline(__always)
@discardableResult
func zmqCheck(_ operation: @autoclosure () -> String, _ call: () -> Int32) throws(TransportError) -> Int32 {
    while true {
        let result = call()
        if result != -1 { return result }
        let code = zmq_errno()
        if code == EINTR { continue }
        throw TransportError(code: code, operation: operation())
    }
}
