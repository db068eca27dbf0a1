import CZeroMQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MessageSocket {
    /// Receives one frame into `buffer`, waiting at most `timeoutMs`.
    ///
    /// The buffer is resized to the frame's length, keeping its capacity: once it is
    /// large enough, receiving allocates nothing. Check ``hasMore`` for multipart messages.
    /// - Parameters:
    ///   - buffer: Replaced by the frame's bytes.
    ///   - timeoutMs: How long to wait, 0 or more (0: only take a frame already queued).
    /// - Returns: `true` if a frame arrived, `false` on timeout (buffer left unchanged).
    public func receive(into buffer: inout [UInt8], timeoutMs: Int) throws(TransportError) -> Bool {
        precondition(timeoutMs >= 0, "receive timeout must be bounded")
        let socket = try openHandle("receive")
        let timeout = Int32(clamping: timeoutMs)
        if timeout != currentReceiveTimeoutMs {
            try setIntOption(ZMQ_RCVTIMEO, timeout, name: "receive timeout")
            currentReceiveTimeoutMs = timeout
        }
        while zmq_msg_recv(receiveMessage, socket, 0) == -1 {
            let code = zmq_errno()
            if code == EINTR { continue }
            hasMore = false
            if code == EAGAIN { return false }
            throw TransportError(code: code, operation: "receive on \(kind) socket")
        }
        let count = zmq_msg_size(receiveMessage)
        if buffer.count > count {
            buffer.removeSubrange(count...)
        } else if buffer.count < count {
            buffer.append(contentsOf: repeatElement(0, count: count - buffer.count))
        }
        if count > 0 {
            buffer.withUnsafeMutableBytes { target in
                _ = memcpy(target.baseAddress!, zmq_msg_data(receiveMessage), count)
            }
        }
        hasMore = zmq_msg_more(receiveMessage) != 0
        if let id = zmq_msg_gets(receiveMessage, "User-Id") {
            let name = String(cString: id)
            // The same peer sends many frames: keep the string instead of making a new one.
            if name != lastUserId { lastUserId = name.isEmpty ? nil : name }
        } else {
            lastUserId = nil
        }
        // Drop the payload now rather than at the next receive, so a zero-copy sender's
        // storage is released as soon as possible (closing an empty message is free).
        zmq_msg_close(receiveMessage)
        zmq_msg_init(receiveMessage)
        return true
    }
}
