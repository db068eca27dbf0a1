import CZeroMQ

extension MessageSocket {
    /// Sets how long unsent messages are kept after ``close()``.
    /// - Parameter ms: Linger in milliseconds, 0 or more (infinite linger is not offered: it can hang a process at exit).
    public func setLingerMs(_ ms: Int) throws(TransportError) {
        precondition(ms >= 0, "linger must be bounded")
        try setIntOption(ZMQ_LINGER, Int32(ms), name: "linger")
        lingerMs = ms
    }

    /// Sets how long a blocked ``send(_:more:)`` waits before throwing a timeout.
    /// - Parameter ms: Timeout in milliseconds, 0 or more (0: never block).
    public func setSendTimeoutMs(_ ms: Int) throws(TransportError) {
        precondition(ms >= 0, "send timeout must be bounded")
        try setIntOption(ZMQ_SNDTIMEO, Int32(ms), name: "send timeout")
        sendTimeoutMs = ms
    }

    /// Sets the send high-water mark: messages queued per peer before sends block or drop.
    /// - Parameter messages: Queue limit in messages (0 means no limit).
    public func setSendHighWaterMark(_ messages: Int) throws(TransportError) {
        try setIntOption(ZMQ_SNDHWM, Int32(messages), name: "send high-water mark")
    }

    /// Sets the receive high-water mark: messages queued per peer on the receiving side.
    /// - Parameter messages: Queue limit in messages (0 means no limit).
    public func setReceiveHighWaterMark(_ messages: Int) throws(TransportError) {
        try setIntOption(ZMQ_RCVHWM, Int32(messages), name: "receive high-water mark")
    }

    /// When on, messages are only queued to completed connections (`ZMQ_IMMEDIATE`).
    /// - Parameter enabled: The new setting; set it before `connect`.
    public func setImmediate(_ enabled: Bool) throws(TransportError) {
        try setIntOption(ZMQ_IMMEDIATE, enabled ? 1 : 0, name: "immediate")
    }

    /// Subscribes a `sub` socket to messages whose first frame starts with `prefix`.
    /// - Parameter prefix: Topic prefix; empty subscribes to everything.
    public func subscribe(_ prefix: [UInt8]) throws(TransportError) {
        try setBytesOption(ZMQ_SUBSCRIBE, prefix, name: "subscribe")
    }

    /// Subscribes a `sub` socket to a UTF-8 topic prefix.
    /// - Parameter topic: Topic prefix; empty subscribes to everything.
    public func subscribe(_ topic: String) throws(TransportError) {
        try subscribe(Array(topic.utf8))
    }

    /// Removes a subscription made with ``subscribe(_:)-([UInt8])``.
    /// - Parameter prefix: The prefix that was subscribed.
    public func unsubscribe(_ prefix: [UInt8]) throws(TransportError) {
        try setBytesOption(ZMQ_UNSUBSCRIBE, prefix, name: "unsubscribe")
    }

    func setIntOption(_ option: Int32, _ value: Int32, name: @autoclosure () -> String) throws(TransportError) {
        let socket = try openHandle("set \(name())")
        var value = value
        try zmqCheck("set \(name()) to \(value)") {
            zmq_setsockopt(socket, option, &value, MemoryLayout<Int32>.size)
        }
    }

    func setBytesOption(_ option: Int32, _ value: [UInt8], name: @autoclosure () -> String) throws(TransportError) {
        let socket = try openHandle("set \(name())")
        try zmqCheck("set \(name())") {
            value.withUnsafeBytes { zmq_setsockopt(socket, option, $0.baseAddress, $0.count) }
        }
    }
}
