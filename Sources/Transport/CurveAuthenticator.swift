import CZeroMQ
import Foundation

/// Answers libzmq's authentication requests (ZAP, RFC 27) for one context: a CURVE client is
/// let in only when its public key is one of the allowed keys, so a process that has the
/// server's public key but is not a configured peer gets nothing delivered. Runs on its own
/// thread until ``stop()``, which must come before the context is closed.
public final class CurveAuthenticator: @unchecked Sendable {
    private let socket: MessageSocket
    private let allowed: Set<String>
    private let stopFlag = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    private let refusedCount = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
    private let done = DispatchSemaphore(value: 0)
    private var stopped = false

    /// Starts answering for `context`.
    /// - Parameter allowedPublicKeys: Z85 public keys (40 characters) of the peers let in.
    public init(context: MessagingContext, allowedPublicKeys: [String]) throws(TransportError) {
        socket = try MessageSocket(context: context, kind: .rep)
        try socket.setLingerMs(0)
        try socket.bind("inproc://zeromq.zap.01")
        allowed = Set(allowedPublicKeys)
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
        var accepted = false
        if mechanism == "CURVE", request.count >= 7, request[6].count == 32 {
            accepted = allowed.contains(Self.z85(request[6]))
        }
        if !accepted { b5g_atomic_add(refusedCount, 1) }
        let reply: [[UInt8]] = [Array("1.0".utf8), request[1], Array((accepted ? "200" : "400").utf8),
                                Array((accepted ? "OK" : "not a configured peer").utf8), [], []]
        for (i, frame) in reply.enumerated() { try? socket.send(frame, more: i < reply.count - 1) }
    }

    /// A 32-byte key in Z85 (40 characters), as keys are configured.
    static func z85(_ key: [UInt8]) -> String {
        var text = [CChar](repeating: 0, count: 41)
        _ = key.withUnsafeBufferPointer { zmq_z85_encode(&text, $0.baseAddress, 32) }
        return text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
