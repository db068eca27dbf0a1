import CZeroMQ
#if canImport(Glibc)
import Glibc
#endif

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

    /// Runs the context's I/O threads (started with its first socket) under SCHED_FIFO at
    /// `priority`, so messages of a real-time run are moved as soon as they are sent. Call
    /// before creating sockets. Returns false when libzmq refuses the setting; without the
    /// privilege the threads start at normal priority anyway.
    @discardableResult
    public func setRealTimeIOThreads(priority: Int32) -> Bool {
        zmq_ctx_set(handle, ZMQ_THREAD_SCHED_POLICY, SCHED_FIFO) == 0 && zmq_ctx_set(handle, ZMQ_THREAD_PRIORITY, priority) == 0
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
