import Foundation
import Transport

/// The orchestrator's side of the external-policy protocol: one request, one reply, bounded
/// by a timeout. A DEALER socket speaks to the policy's REP socket (empty delimiter frame first),
/// so a missed reply does not wedge the socket as a REQ would; late replies are discarded.
///
/// Given the policy's CURVE public key, the DEALER is a CURVE client with a key pair of its own,
/// made here: a peer without the matching secret key never completes the handshake, so it
/// receives no request and its replies never arrive (every exchange times out).
final class ExternalPolicyLink: @unchecked Sendable {
    struct Timeout: Error, CustomStringConvertible {
        var ms: Int
        var description: String { "external policy timed out after \(ms) ms" }
    }

    /// The link could not be set up (a bad endpoint): every exchange fails with this.
    struct Unreachable: Error, CustomStringConvertible {
        var endpoint: String
        var why: String
        var description: String { "cannot connect to \(endpoint): \(why)" }
    }

    private let context: MessagingContext
    private let socket: MessageSocket
    private let timeoutMs: Int
    private(set) var timeouts = 0

    /// Connects to the policy.
    /// - Parameters:
    ///   - endpoint: The policy's REP endpoint.
    ///   - timeoutMs: How long each exchange waits for the reply.
    ///   - serverPublicKey: The policy's Z85 CURVE public key; nil for plain ZeroMQ.
    init(endpoint: String, timeoutMs: Int, serverPublicKey: String? = nil) throws {
        context = try MessagingContext()
        socket = try MessageSocket(context: context, kind: .dealer)
        try socket.setLingerMs(0)
        if let serverPublicKey {
            // The policy admits any client that knows its public key: ours need not be known in advance.
            let own = try MessageSocket.curveKeyPair()
            try socket.makeCurveClient(serverPublicKey: serverPublicKey, publicKey: own.publicKey, secretKey: own.secretKey)
        }
        try socket.connect(endpoint)
        self.timeoutMs = timeoutMs
    }

    /// Sends a request and waits for its reply.
    func exchange(_ request: [UInt8]) throws -> [UInt8] {
        var buffer: [UInt8] = []
        // Replies to requests that timed out earlier: drop them.
        while (try? socket.receive(into: &buffer, timeoutMs: 0)) == true {}
        try socket.send([], more: true)
        try socket.send(request)
        let deadline = Date().addingTimeInterval(Double(timeoutMs) / 1000)
        while true {
            let left = Int(deadline.timeIntervalSinceNow * 1000)
            guard left > 0, try socket.receive(into: &buffer, timeoutMs: left) else {
                timeouts += 1
                throw Timeout(ms: timeoutMs)
            }
            if buffer.isEmpty { continue }   // the delimiter frame
            return buffer
        }
    }

    func close() {
        socket.close()
        context.close()
    }
}
