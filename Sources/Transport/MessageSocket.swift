import CZeroMQ

/// One ZeroMQ socket, used by one owner thread (not `Sendable`, as libzmq sockets are not thread-safe).
///
/// Sends copy small messages into a reused message and hand large ones to libzmq
/// without copying (see ``zeroCopyThresholdBytes``); receives reuse one message and
/// the caller's buffer, so the steady state allocates nothing per message.
public final class MessageSocket {
    /// Linger applied to every new socket: unsent messages are kept at most this long on close.
    public static let defaultLingerMs = 1_000
    /// Send timeout applied to every new socket: a blocked send throws a timeout after this.
    public static let defaultSendTimeoutMs = 5_000
    /// Message size from which ``send(_:more:)`` hands the caller's storage to libzmq
    /// instead of copying it. Measured as sender CPU per message between two processes
    /// (docs/benchmarks.md): from 8 KiB, zero-copy is consistently cheaper over ipc (and
    /// about half the cost at 256 KiB); at 4 KiB and below the box, retain and free callback
    /// cost as much as the copy saves. 8 KiB is also libzmq's output batch size, from
    /// which its encoder writes a message straight from the message's own memory.
    public static let defaultZeroCopyThresholdBytes = 8_192

    /// The socket pattern.
    public let kind: SocketKind
    let context: MessagingContext
    var handle: UnsafeMutableRawPointer?
    /// Reused for copying sends; empty between calls (libzmq takes its content on send).
    let sendMessage: UnsafeMutablePointer<zmq_msg_t>
    /// Reused for every receive; emptied right after its bytes are copied out.
    let receiveMessage: UnsafeMutablePointer<zmq_msg_t>
    /// The receive timeout currently set in libzmq, so it is only set when it changes.
    var currentReceiveTimeoutMs: Int32 = -1
    let zeroCopyCounters = ZeroCopyCounters()

    /// Whether the last received frame is followed by more frames of the same message.
    public internal(set) var hasMore = false
    /// The ZAP user id of the peer that sent the last frame received (a CURVE server whose
    /// ``CurveAuthenticator`` names its peers: the peer's name); nil without one.
    public internal(set) var lastUserId: String?
    /// Linger in milliseconds (see ``setLingerMs(_:)``).
    public internal(set) var lingerMs = MessageSocket.defaultLingerMs
    /// Send timeout in milliseconds (see ``setSendTimeoutMs(_:)``).
    public internal(set) var sendTimeoutMs = MessageSocket.defaultSendTimeoutMs
    /// Messages at least this large are sent without copying; at least 1.
    public var zeroCopyThresholdBytes = MessageSocket.defaultZeroCopyThresholdBytes {
        didSet { precondition(zeroCopyThresholdBytes >= 1, "zeroCopyThresholdBytes must be at least 1") }
    }

    /// Creates a socket with the default linger and send timeout.
    /// - Parameters:
    ///   - context: The context whose I/O threads serve the socket.
    ///   - kind: The socket pattern.
    public init(context: MessagingContext, kind: SocketKind) throws(TransportError) {
        guard let socket = zmq_socket(context.handle, kind.zmqType) else {
            throw TransportError(code: zmq_errno(), operation: "create \(kind) socket")
        }
        self.context = context
        self.kind = kind
        self.handle = socket
        sendMessage = .allocate(capacity: 1)
        receiveMessage = .allocate(capacity: 1)
        zmq_msg_init(sendMessage)
        zmq_msg_init(receiveMessage)
        do {
            try setLingerMs(Self.defaultLingerMs)
            try setSendTimeoutMs(Self.defaultSendTimeoutMs)
            try setIntOption(ZMQ_RCVTIMEO, currentReceiveTimeoutMs, name: "receive timeout")
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
        zmq_msg_close(receiveMessage)
        zmq_msg_close(sendMessage)
        receiveMessage.deallocate()
        sendMessage.deallocate()
    }

    /// Closes the socket; pending outgoing messages are kept for at most the linger period. Idempotent.
    public func close() {
        guard let socket = handle else { return }
        handle = nil
        hasMore = false
        zmq_close(socket)
        // Release whatever the last receive still referenced.
        zmq_msg_close(receiveMessage)
        zmq_msg_init(receiveMessage)
    }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { handle == nil }

    /// Binds to a local endpoint (`tcp://127.0.0.1:0` picks a free port; see ``lastEndpoint``).
    /// - Parameter endpoint: A ZeroMQ endpoint: `tcp://`, `ipc://` or `inproc://`.
    public func bind(_ endpoint: String) throws(TransportError) {
        let socket = try openHandle("bind \(endpoint)")
        try zmqCheck("bind \(endpoint)") { zmq_bind(socket, endpoint) }
    }

    /// Connects to a remote endpoint; the connection is made (and remade) in the background.
    /// - Parameter endpoint: A ZeroMQ endpoint; tcp host names are resolved by libzmq.
    public func connect(_ endpoint: String) throws(TransportError) {
        let socket = try openHandle("connect \(endpoint)")
        try zmqCheck("connect \(endpoint)") { zmq_connect(socket, endpoint) }
    }

    /// The endpoint last bound or connected, with the actual port when bound to port 0;
    /// empty if none or if the socket is closed.
    public var lastEndpoint: String {
        guard let socket = handle else { return "" }
        var buffer = [CChar](repeating: 0, count: 1_024)
        var size = buffer.count
        let result = buffer.withUnsafeMutableBytes { bytes in
            zmq_getsockopt(socket, ZMQ_LAST_ENDPOINT, bytes.baseAddress, &size)
        }
        guard result == 0 else { return "" }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    @inline(__always)
    func openHandle(_ operation: @autoclosure () -> String) throws(TransportError) -> UnsafeMutableRawPointer {
        guard let socket = handle else {
            throw TransportError(kind: .closed, operation: operation(), reason: "socket is closed")
        }
        return socket
    }
}
