import Foundation
import Transport

/// Sends a real-time node's reports to the launcher from a thread of its own: encoding a progress report
/// (JSON, with every UE's sample on a UE node) and sending it took longer than the slack of a
/// real-time slot, so every 100 ms a slot was late. The slot thread hands over values; the
/// report socket is used by this thread only (ZeroMQ sockets are not thread-safe).
final class ReportSender: @unchecked Sendable {
    private let socket: MessageSocket
    private let condition = NSCondition()
    private var queue: [() -> [UInt8]?] = []
    private var finishing = false
    private let done = DispatchSemaphore(value: 0)

    init(socket: MessageSocket) {
        self.socket = socket
        Thread { [self] in run() }.start()
    }

    /// Queues a report; `make` encodes it on the sender's thread.
    func send(_ make: @escaping () -> [UInt8]?) {
        condition.lock()
        queue.append(make)
        condition.signal()
        condition.unlock()
    }

    private var dropUnsent = false

    /// Sends what is queued, closes the socket and returns (the node is about to exit).
    /// - Parameter droppingUnsent: the launcher is gone: what cannot leave at once is dropped.
    func finish(droppingUnsent: Bool = false) {
        condition.lock()
        finishing = true
        dropUnsent = droppingUnsent
        condition.signal()
        condition.unlock()
        done.wait()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !finishing { condition.wait() }
            let batch = queue
            queue.removeAll()
            let last = finishing, drop = dropUnsent
            condition.unlock()
            if drop { try? socket.setLingerMs(0) }
            for make in batch { if let bytes = make() { try? socket.send(bytes) } }
            if last && batch.isEmpty { break }
        }
        socket.close()
        done.signal()
    }
}
