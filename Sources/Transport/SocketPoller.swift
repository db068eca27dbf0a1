import CZeroMQ

/// Waits until any of a fixed set of sockets has a frame to read; allocates nothing per poll.
///
/// Like its sockets, a poller belongs to one thread.
public final class SocketPoller {
    /// The most sockets this poller can watch.
    public let capacity: Int
    private let items: UnsafeMutablePointer<zmq_pollitem_t>
    private var sockets: [MessageSocket] = []

    /// Creates an empty poller.
    /// - Parameter capacity: The most sockets it will watch.
    public init(capacity: Int) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
        items = .allocate(capacity: capacity)
        items.initialize(repeating: zmq_pollitem_t(socket: nil, fd: 0, events: 0, revents: 0), count: capacity)
        sockets.reserveCapacity(capacity)
    }

    deinit {
        items.deinitialize(count: capacity)
        items.deallocate()
    }

    /// Adds a socket to watch for readability.
    /// - Parameter socket: The socket; the poller keeps it alive.
    /// - Returns: Its index, as used by ``isReadable(_:)``.
    @discardableResult
    public func add(_ socket: MessageSocket) -> Int {
        precondition(sockets.count < capacity, "poller is full")
        let index = sockets.count
        sockets.append(socket)
        items[index] = zmq_pollitem_t(socket: socket.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        return index
    }

    /// Waits until at least one socket is readable or the timeout expires.
    /// - Parameter timeoutMs: Longest wait in milliseconds, 0 or more.
    /// - Returns: How many sockets are readable (0 on timeout).
    public func poll(timeoutMs: Int) throws(TransportError) -> Int {
        precondition(timeoutMs >= 0, "poll timeout must be bounded")
        for index in sockets.indices {
            // A closed socket's handle is gone: never hand libzmq a dangling pointer.
            items[index].socket = try sockets[index].openHandle("poll socket \(index)")
            items[index].revents = 0
        }
        return Int(try zmqCheck("poll \(sockets.count) sockets") {
            zmq_poll(items, Int32(sockets.count), timeoutMs)
        })
    }

    /// Whether socket `index` was readable at the last ``poll(timeoutMs:)``.
    /// - Parameter index: The index ``add(_:)`` returned.
    /// - Returns: `true` if a frame can be received without waiting.
    public func isReadable(_ index: Int) -> Bool {
        precondition(index >= 0 && index < sockets.count, "no socket at index \(index)")
        return items[index].revents & Int16(ZMQ_POLLIN) != 0
    }
}

/// Waits until any of `sockets` is readable. Convenient, but allocates: loops should keep a ``SocketPoller``.
/// - Parameters:
///   - sockets: Sockets to watch.
///   - timeoutMs: Longest wait in milliseconds, 0 or more.
/// - Returns: Indices (into `sockets`) of the readable ones; empty on timeout.
public func pollReadable(_ sockets: [MessageSocket], timeoutMs: Int) throws(TransportError) -> [Int] {
    let poller = SocketPoller(capacity: max(sockets.count, 1))
    for socket in sockets { poller.add(socket) }
    guard try poller.poll(timeoutMs: timeoutMs) > 0 else { return [] }
    return sockets.indices.filter { poller.isReadable($0) }
}
