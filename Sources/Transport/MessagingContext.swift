import CZeroMQ

/// A libzmq context: owns the I/O threads that move messages for its sockets.
///
/// Thread-safe (libzmq contexts are). Sockets keep their context alive, so a context
/// is only terminated once every socket made from it is closed or released.
public final class MessagingContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    /// 0 while open, 1 once closed; changed atomically so `close()` is idempotent.
    private let closedFlag: UnsafeMutablePointer<Int64>

    /// Creates a context.
    /// - Parameter ioThreads: Number of libzmq I/O threads (at least 1).
    public init(ioThreads: Int = 1) throws(TransportError) {
        precondition(ioThreads >= 1, "ioThreads must be at least 1")
        guard let context = zmq_ctx_new() else {
            throw TransportError(code: zmq_errno(), operation: "create messaging context")
        }
        handle = context
        closedFlag = .allocate(capacity: 1)
        closedFlag.initialize(to: 0)
        do {
            try zmqCheck("set io threads \(ioThreads)") { zmq_ctx_set(context, ZMQ_IO_THREADS, Int32(ioThreads)) }
        } catch {
            zmq_ctx_term(context)
            closedFlag.deallocate()
            throw error
        }
    }

    /// Terminates the context. Idempotent.
    ///
    /// Blocks until every socket of the context is closed, each after its linger
    /// period; sockets hold their context, so dropping the last reference never blocks.
    public func close() {
        guard b5g_atomic_exchange(closedFlag, 1) == 0 else { return }
        _ = try? zmqCheck("terminate messaging context") { zmq_ctx_term(handle) }
    }

    deinit {
        close()
        closedFlag.deallocate()
    }

    /// Whether libzmq was built with CURVE security (libsodium).
    /// - Returns: `true` when CurveZMQ sockets can be made.
    public static func hasCurve() -> Bool {
        zmq_has("curve") != 0
    }

    /// The libzmq version in use, e.g. `"4.3.4"`.
    public static var libraryVersion: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
