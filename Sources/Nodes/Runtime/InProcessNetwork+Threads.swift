import Foundation
import Synchronization

/// One node of an in-process run: its engine's peers, its inbox and its counters.
final class InProcessNode: @unchecked Sendable {
    /// Replaced when a restart fault kills the node (only by the thread that runs it).
    var engine: NodeEngine
    /// Link index -> index of the peer's node (-1: no such node).
    let peers: [Int]
    let inbox = LockedQueue<[UInt8]>()
    var cpuNs: UInt64 = 0
    var windows: UInt64 = 0
    var delivered: UInt64 = 0
    var lastProgressAt: UInt64 = 0
    /// Held by the thread that runs the node's window (virtual time on two threads: either
    /// thread may run any node, one at a time).
    let busy = Atomic<Bool>(false)
    /// Set once by the thread that ran the node's last slot.
    var counted = false
    /// Its last window took long enough to be worth running on the other thread's core (a small
    /// node moved between cores costs more in cache misses than the wait it saves).
    let heavy = Atomic<Bool>(false)

    init(engine: NodeEngine, peers: [Int]) { self.engine = engine; self.peers = peers }

    /// Takes the node for one window; false when the other thread has it.
    func claim() -> Bool { busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged }
    func release() { busy.store(false, ordering: .releasing) }
}

/// Items handed from one thread to another, in the order they were put: a node's waiting
/// transport messages (the one structure two engine threads share; a link's messages keep their
/// order, which is all the protocol needs), or reports waiting for the launcher's thread.
final class LockedQueue<Element>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Element] = []

    func put(_ item: Element) {
        lock.lock(); defer { lock.unlock() }
        items.append(item)
    }

    func takeAll() -> [Element] {
        lock.lock(); defer { lock.unlock() }
        guard !items.isEmpty else { return [] }
        let all = items
        items.removeAll(keepingCapacity: true)
        return all
    }
}

/// Lets a thread with nothing to run wait until a peer's thread delivers to one of its nodes.
/// Windows are a few slots, so the answer usually comes within microseconds: the waiter spins
/// briefly before it sleeps, and a ring makes a system call only when the waiter sleeps.
final class Doorbell: @unchecked Sendable {
    /// How long a waiter spins before it sleeps (measured: see docs/benchmarks.md#scale).
    static let spinNs: UInt64 = 50_000
    private let condition = NSCondition()
    private let rung = Atomic<Bool>(false)
    private let sleeping = Atomic<Bool>(false)

    func ring() {
        rung.store(true, ordering: .sequentiallyConsistent)
        if sleeping.load(ordering: .sequentiallyConsistent) {
            condition.lock(); condition.signal(); condition.unlock()
        }
    }

    /// Waits until rung (spinning, then asleep for at most 10 ms), then clears it.
    func wait() {
        let spinUntil = monotonicNs() + Self.spinNs
        repeat {
            if rung.exchange(false, ordering: .acquiringAndReleasing) { return }
        } while monotonicNs() < spinUntil
        condition.lock()
        // Said before the last look, so a ring either is seen here or signals the sleeper.
        sleeping.store(true, ordering: .sequentiallyConsistent)
        if !rung.load(ordering: .sequentiallyConsistent) { _ = condition.wait(until: Date().addingTimeInterval(0.01)) }
        sleeping.store(false, ordering: .sequentiallyConsistent)
        rung.store(false, ordering: .releasing)
        condition.unlock()
    }
}

extension InProcessNetwork {
    /// Which thread runs a role: the two heaviest, the DU and the channel, go to different ones.
    static func thread(ofRole role: String) -> Int {
        switch role {
        case "core", "cu", "du", "orchestrator": 0
        default: 1
        }
    }

    /// Virtual time on two threads. Each runs its own nodes' windows as their horizons allow and,
    /// when none of them can advance, any heavy node of the other thread's that it is not running
    /// (so neither idles while much work waits on the other); a window goes to the peer's inbox
    /// and rings its owner's thread. The protocol alone orders slots: a node runs slot t only
    /// after every peer's marker for it, and a slot's units are sorted by (source, sequence), so
    /// results equal a one-thread run whichever thread ran a window.
    func runVirtualOnThreads(shouldStop: () -> Bool, tick: () -> Void) -> Outcome {
        let owner = engines.map { Self.thread(ofRole: $0.topology.node($0.nodeName)?.role.rawValue ?? "") }
        let doorbells = [Doorbell(), Doorbell()]
        onDelivery = { peer in doorbells[owner[peer]].ring() }
        defer { onDelivery = nil }
        let stop = Atomic<Bool>(false)
        let finishedNodes = Atomic<Int>(0)
        let total = nodes.count
        let done = DispatchGroup()
        let network = UncheckedNetwork(self)
        for t in 0..<2 {
            let mine = engines.indices.filter { owner[$0] == t }, theirs = engines.indices.filter { owner[$0] != t }
            done.enter()
            Thread {
                defer { done.leave() }
                let net = network.value
                /// Runs node k's window if no thread has it; true when it advanced.
                func tryRun(_ k: Int) -> Bool {
                    let node = net.nodes[k]
                    guard node.claim() else { return false }
                    defer { node.release() }
                    guard !node.counted else { return false }
                    let before = node.cpuNs
                    let advanced = net.runWindow(k)
                    if advanced { node.heavy.store(node.cpuNs &- before >= net.heavyWindowNs, ordering: .relaxed) }
                    // A role that stops the run stops both threads.
                    if node.engine.role.failure != nil { stop.store(true, ordering: .relaxed) }
                    if node.engine.isFinished {
                        node.counted = true
                        finishedNodes.add(1, ordering: .relaxed)
                    }
                    return advanced
                }
                while !stop.load(ordering: .relaxed), finishedNodes.load(ordering: .relaxed) < total {
                    var advanced = false
                    for k in mine where tryRun(k) { advanced = true }
                    if !advanced { for k in theirs where net.nodes[k].heavy.load(ordering: .relaxed) && tryRun(k) { advanced = true } }
                    if !advanced { doorbells[t].wait() }
                }
                // The other thread may wait for this one's last markers.
                doorbells[1 - t].ring()
            }.start()
        }
        var interrupted = false
        while done.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            if shouldStop() { interrupted = true; stop.store(true, ordering: .relaxed) }
            reportLock.lock()
            tick()
            reportLock.unlock()
        }
        if interrupted { return .interrupted }
        return roleFailure ?? .finished
    }
}

/// The second thread of a real-time run in one process: it runs its nodes' part of each slot
/// when the pacing thread starts the slot, and says when it is done. Slots are 0.125-1 ms, so it
/// waits by spinning briefly, then in short sleeps.
final class RealTimeSlotWorker: @unchecked Sendable {
    private let started = Atomic<UInt64>(.max)
    private let done = Atomic<UInt64>(.max)
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init(network: InProcessNetwork, nodes: [Int]) {
        let net = UncheckedNetwork(network)
        Thread { [self] in
            _ = RealTimePriority.raiseCallingThread()
            var last = UInt64.max
            while let slot = waitForNextSlot(after: last) {
                for k in nodes { net.value.runRealTimeSlot(k, slot) }
                last = slot
                done.store(slot, ordering: .releasing)
            }
            finished.signal()
        }.start()
    }

    /// Starts the worker's part of `slot`.
    func begin(_ slot: UInt64) { started.store(slot, ordering: .releasing) }

    /// Waits until the worker has finished `slot` (the pacing thread then ends the slot).
    func waitUntilDone(_ slot: UInt64) {
        while done.load(ordering: .acquiring) != slot {}
    }

    /// Ends the thread (after its current slot).
    func stop() {
        stopped.store(true, ordering: .releasing)
        finished.wait()
    }

    private func waitForNextSlot(after last: UInt64) -> UInt64? {
        let spinUntil = monotonicNs() + 50_000
        while true {
            if stopped.load(ordering: .acquiring) { return nil }
            let s = started.load(ordering: .acquiring)
            if s != last, s != .max { return s }
            if monotonicNs() > spinUntil { usleep(20) }
        }
    }
}

/// Hands the network to its worker threads; they touch disjoint nodes, and shared parts lock.
struct UncheckedNetwork: @unchecked Sendable {
    let value: InProcessNetwork
    init(_ value: InProcessNetwork) { self.value = value }
}
