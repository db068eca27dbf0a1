import CZeroMQ
import Foundation

/// Answers libzmq's authentication requests (ZAP, RFC 27) for one context: a CURVE client is
/// let in only when its public key is one of the allowed keys, so a process that has the
/// server's public key but is not a configured peer gets nothing delivered. Runs on its own
/// thread until ``stop()``, which must come before the context is closed.
public final class CurveAuthenticator: @unchecked Sendable {
    private let socket: MessageSocket
    /// Allowed public keys (Z85) and the user id each is known by.
    private let allowed: [String: String]
    private let stopFlag = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    private let refusedCount = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    private let done = DispatchSemaphore(value: 0)
    /// Signalled once per refused handshake, so a waiter wakes on the refusal itself.
    private let refusalSignal = DispatchSemaphore(value: 0)
    private var stopped = false

    /// Starts answering for `context`.
    /// - Parameter allowedPublicKeys: Z85 public keys (40 characters) of the peers let in.
    public convenience init(context: MessagingContext, allowedPublicKeys: [String]) throws(TransportError) {
        try self.init(context: context, peers: Dictionary(allowedPublicKeys.map { ($0, "") }, uniquingKeysWith: { a, _ in a }), keyedByKey: ())
    }

    /// Starts answering for `context`, letting in the named peers: every frame a peer sends then
    /// carries its name as its ZAP user id (``MessageSocket/lastUserId``), so a receiver can tell
    /// which peer sent a message whatever the message claims.
    /// - Parameter peers: Peer names and their Z85 public keys.
    public convenience init(context: MessagingContext, peers: [String: String]) throws(TransportError) {
        try self.init(context: context, peers: Dictionary(peers.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a }),
                      keyedByKey: ())
    }

    private init(context: MessagingContext, peers byKey: [String: String], keyedByKey: Void) throws(TransportError) {
        socket = try MessageSocket(context: context, kind: .rep)
        try socket.setLingerMs(0)
        try socket.bind("inproc://zeromq.zap.01")
        allowed = byKey
        stopFlag.initialize(to: 0)
        refusedCount.initialize(to: 0)
        let me = self
        Thread { me.serve() }.start()
    }

    deinit {
        stop()
        stopFlag.deallocate()
        refusedCount.deallocate()
    }

    /// Handshakes refused so far (a client with a key that is not allowed, or not CURVE).
    public var refused: Int { Int(b5g_atomic_load(refusedCount)) }

    /// Waits until `count` handshakes have been refused in all, woken by each refusal;
    /// `timeoutMs` only bounds a wait that would never end. Returns whether they were.
    public func waitForRefusals(_ count: Int, timeoutMs: Int) -> Bool {
        let deadline = DispatchTime.now() + .milliseconds(timeoutMs)
        while refused < count {
            if refusalSignal.wait(timeout: deadline) == .timedOut { return refused >= count }
        }
        return true
    }

    /// Stops answering and closes the socket; idempotent.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        b5g_atomic_exchange(stopFlag, 1)
        done.wait()
    }

    private func serve() {
        var frames: [[UInt8]] = []
        var buffer: [UInt8] = []
        while b5g_atomic_load(stopFlag) == 0 {
            guard (try? socket.receive(into: &buffer, timeoutMs: 50)) == true else { continue }
            frames = [buffer]
            while socket.hasMore, (try? socket.receive(into: &buffer, timeoutMs: 1_000)) == true { frames.append(buffer) }
            answer(frames)
        }
        socket.close()
        done.signal()
    }

    /// Request: version, request id, domain, address, routing id, mechanism, credentials...
    /// Reply: version, request id, status code, status text, user id, metadata.
    private func answer(_ request: [[UInt8]]) {
        guard request.count >= 6 else { return }
        let mechanism = String(decoding: request[5], as: UTF8.self)
        var user: String?
        if mechanism == "CURVE", request.count >= 7, request[6].count == 32 {
            user = allowed[Self.z85(request[6])]
        }
        let accepted = user != nil
        if !accepted {
            b5g_atomic_add(refusedCount, 1)
            refusalSignal.signal()
        }
        let reply: [[UInt8]] = [Array("1.0".utf8), request[1], Array((accepted ? "200" : "400").utf8),
                                Array((accepted ? "OK" : "not a configured peer").utf8), Array((user ?? "").utf8), []]
        for (i, frame) in reply.enumerated() { try? socket.send(frame, more: i < reply.count - 1) }
    }

    /// A 32-byte key in Z85 (40 characters), as keys are configured.
    static func z85(_ key: [UInt8]) -> String {
        var text = [CChar](repeating: 0, count: 41)
        _ = key.withUnsafeBufferPointer { zmq_z85_encode(&text, $0.baseAddress, 32) }
        return text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
