import CZeroMQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lets a sender wait until its receiver is up before streaming, so no early message is lost.
///
/// The receiver binds its data socket first, then a `router` control socket, and calls
/// ``answer(on:timeoutMs:)``; the sender connects its data socket and a `dealer` to the
/// control endpoint and calls ``request(on:timeoutMs:)``. A reply proves the data socket
/// is bound. Both sides give up after their timeout.
public enum ReadyHandshake {
    /// The request frame a sender sends.
    public static let requestFrame: [UInt8] = Array("b5g.ready?".utf8)
    /// The reply frame a receiver answers with.
    public static let replyFrame: [UInt8] = Array("b5g.ready".utf8)

    /// Receiver side: waits for one ready request on a `router` socket and answers it.
    /// - Parameters:
    ///   - router: A bound `router` socket.
    ///   - timeoutMs: Longest wait in milliseconds.
    /// - Returns: The requester's routing identity (to send it more frames later), or nil on timeout.
    public static func answer(on router: MessageSocket, timeoutMs: Int) throws(TransportError) -> [UInt8]? {
        precondition(router.kind == .router, "the receiver answers on a router socket")
        let deadline = monotonicMs() + timeoutMs
        var identity: [UInt8] = []
        var payload: [UInt8] = []
        while true {
            let remaining = deadline - monotonicMs()
            guard remaining > 0, try router.receive(into: &identity, timeoutMs: remaining) else { return nil }
            guard router.hasMore else { continue }
            _ = try router.receive(into: &payload, timeoutMs: 0)
            // Drain any further frames of a malformed message.
            while router.hasMore { _ = try router.receive(into: &payload, timeoutMs: 0) }
            guard payload == requestFrame else { continue }
            try router.send(identity, more: true)
            try router.send(replyFrame)
            return identity
        }
    }

    /// Sender side: asks the receiver whether it is ready and waits for the answer.
    /// - Parameters:
    ///   - dealer: A `dealer` socket connected to the receiver's control endpoint.
    ///   - timeoutMs: Longest wait in milliseconds.
    /// - Returns: `true` once the receiver answered, `false` on timeout.
    public static func request(on dealer: MessageSocket, timeoutMs: Int) throws(TransportError) -> Bool {
        precondition(dealer.kind == .dealer, "the sender asks on a dealer socket")
        let deadline = monotonicMs() + timeoutMs
        try dealer.send(requestFrame)
        var reply: [UInt8] = []
        while true {
            let remaining = deadline - monotonicMs()
            guard remaining > 0, try dealer.receive(into: &reply, timeoutMs: remaining) else { return false }
            if reply == replyFrame && !dealer.hasMore { return true }
        }
    }

    private static func monotonicMs() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1_000 + now.tv_nsec / 1_000_000
    }
}
