import Foundation
import Interfaces
import Logging
import Report
import Scenario

/// Every node of a scenario in one process: the same engines, virtual-time protocol and
/// encoded units as separate processes, with each window's bytes handed straight to the
/// peer's engine instead of a ZeroMQ socket. Same scenario and seed, same results.
///
/// A node of another process could join later through a link whose bytes go to a socket
/// instead of an engine: `deliver` is the one place that decides where a window goes.
public final class InProcessNetwork {
    /// How the run ended.
    public enum Outcome: Equatable {
        case finished
        case interrupted
        /// A setup procedure failed: the nodes that reported it, and the failure.
        case setupFailed(nodes: [String], failure: SetupFailure)
        /// Setup never completed (a bug or an impossible scenario): who was still waiting.
        case setupIncomplete(waiting: [String])
        /// A node's role stopped the run (``NodeBehavior/failure``).
        case nodeFailed(node: String, reason: String)
    }

    /// The first node whose role has stopped the run, as an outcome.
    var roleFailure: Outcome? {
        engines.lazy.compactMap { e in e.role.failure.map { Outcome.nodeFailed(node: e.nodeName, reason: $0) } }.first
    }

    /// Every node's engine (a restart fault replaces one: read this between runs only).
    public var engines: [NodeEngine] { nodes.map(\.engine) }
    /// Per node: its engine, peers, inbox and counters. Each is touched only by the thread that
    /// runs its engine at the time (it holds the node's claim), apart from the inbox, which has
    /// its own lock.
    let nodes: [InProcessNode]
    private var pacer: SlotPacer
    private let report: (ReportMessage, _ source: UInt16) -> Void
    /// Held while a report is handed over, and while the caller's tick reads what reports set.
    let reportLock = NSLock()
    private let progressEvery: UInt64
    private let rssLock = NSLock()
    private var rssSlot = UInt64.max
    private var rssKB: UInt64?
    /// Threads that run engines in virtual time (1 or 2).
    public let threads: Int
    /// A node whose last window took at least this long may be run by the other thread
    /// (`B5G_STEAL_ABOVE_NS`, default 50 µs; 0 lets either thread run any node).
    let heavyWindowNs: UInt64

    /// Time spent in each engine (its slots, its ingests, its flushes): each role's share of the
    /// CPU of the thread that runs it (preemption aside). A monotonic clock read costs tens of ns
    /// where a thread CPU clock read is a system call.
    public var cpuNs: [UInt64] { nodes.map(\.cpuNs) }
    /// Windows run by all engines: one message round of a separate-process run per window.
    public var windows: UInt64 { nodes.reduce(0) { $0 + $1.windows } }
    /// Transport messages handed from one engine to another.
    public var deliveredMessages: UInt64 { nodes.reduce(0) { $0 + $1.delivered } }

    /// - Parameters:
    ///   - topology: the scenario as every node derives it.
    ///   - makeLogger: a logger per node.
    ///   - wallClock: paces real-time runs (injected so tests drive it).
    ///   - report: receives each report (progress, capture, final, setup failure, restarting) with
    ///     its node's index, one call at a time, as a value: nothing is encoded.
    ///   - threads: 2 runs the engines of a virtual-time run on two threads (same results).
    public init(topology: Topology, makeLogger: (String) -> Logger, wallClock: WallClock = SystemWallClock(spinNs: 200_000),
                threads: Int = 1, report: @escaping (ReportMessage, _ source: UInt16) -> Void) throws {
        var engines: [NodeEngine] = []
        for node in topology.scenario.nodes {
            let role = try NodeFactory.makeBehavior(topology: topology, nodeName: node.name)
            let engine = NodeEngine(topology: topology, nodeName: node.name, role: role, logger: makeLogger(node.name))
            if topology.scenario.capture.enabled { engine.enableCapture(maxRecords: topology.scenario.capture.maxRecords) }
            engines.append(engine)
        }
        let indexOf = Dictionary(uniqueKeysWithValues: engines.enumerated().map { ($1.nodeName, $0) })
        nodes = engines.map { e in InProcessNode(engine: e, peers: e.io.links.map { indexOf[$0.peer] ?? -1 }) }
        self.threads = max(1, min(2, threads))
        heavyWindowNs = ProcessInfo.processInfo.environment["B5G_STEAL_ABOVE_NS"].flatMap(UInt64.init) ?? 50_000
        progressEvery = max(1, UInt64(100_000 / topology.numerology.slotDurationUs))
        pacer = SlotPacer(mode: topology.scenario.clock, slotDurationNs: topology.slotDurationNs, clock: wallClock)
        self.report = report
    }


    /// Runs setup and every slot, then sends every node's final report.
    /// - Parameters:
    ///   - shouldStop: polled between windows; true stops the run (Ctrl-C).
    ///   - tick: called between windows, for a progress line.
    public func run(shouldStop: () -> Bool, tick: () -> Void) -> Outcome {
        var outcome = runSetup()
        if outcome == .finished {
            for (k, e) in engines.enumerated() {
                send(.ready(NodeReady(node: e.nodeName, pid: getpid())), from: k)
            }
            outcome = topologyClock == .realtime ? runRealTime(shouldStop: shouldStop, tick: tick)
                : threads > 1 ? runVirtualOnThreads(shouldStop: shouldStop, tick: tick)
                : runVirtual(shouldStop: shouldStop, tick: tick)
        }
        for k in nodes.indices { drainInbox(k) }
        if outcome == .finished {
            for (k, e) in engines.enumerated() where e.role.collectsAfterEnd && e.peersClosedLastSlot {
                measure(k) { e.finishRun() }
            }
        }
        for k in nodes.indices { flushCapture(k) }
        // The final reports (every UE's latency percentiles on the UE nodes and the core) are made
        // on both cores: the nodes no longer run, and each report reads its own node only.
        let finals = ParallelResults<NodeReport>(count: nodes.count)
        let late = pacer.lateSlots, finished = outcome == .finished
        let network = UncheckedNetwork(self)
        DispatchQueue.concurrentPerform(iterations: nodes.count) { k in
            let e = network.value.nodes[k].engine
            finals.set(k, e.makeReport(complete: finished && e.isFinished, pid: getpid(),
                                       cpuSeconds: Double(network.value.nodes[k].cpuNs) / 1e9, lateSlots: late))
        }
        for k in nodes.indices { if let report = finals.values[k] { send(.final(report), from: k) } }
        return outcome
    }

    private var topologyClock: ClockMode { pacer.mode }

    // MARK: Setup

    /// Setup rounds: nodes that are not set up (re)send their requests, every message is
    /// delivered, until all are set up. Messages are never lost here, so a round stands for a
    /// retry period of separate processes.
    private func runSetup() -> Outcome {
        var retry = true
        for _ in 0..<Self.maxSetupRounds {
            if engines.allSatisfy(\.isSetUp) { break }
            // Like a retry timer that fires only when nothing is in flight: requests go out
            // again only after a round that delivered nothing.
            if retry { for (k, e) in engines.enumerated() where !e.isSetUp { measure(k) { e.sendSetupRequests() } } }
            let before = deliveredMessages
            for k in engines.indices { flush(k, endOfWindow: nil) }
            for k in engines.indices { drainInbox(k) }
            retry = deliveredMessages == before
            let failed = engines.filter { $0.setupFailure != nil }
            if let first = failed.first?.setupFailure {
                for (k, e) in engines.enumerated() {
                    guard let f = e.setupFailure else { continue }
                    e.logger.error("node failed", metadata: ["reason": "\(f.description)"])
                    send(.setupFailed(NodeSetupFailed(node: e.nodeName, reason: f.description)), from: k)
                }
                return .setupFailed(nodes: failed.map(\.nodeName), failure: first)
            }
        }
        let waiting = engines.filter { !$0.isSetUp }.map(\.nodeName)
        if !waiting.isEmpty { return .setupIncomplete(waiting: waiting) }
        pacer.start(atNs: pacer.clockNowNs())
        return .finished
    }

    static let maxSetupRounds = 1_000

    // MARK: Slots

    /// Virtual time: each engine runs every slot its horizon allows, then hands its window on.
    private func runVirtual(shouldStop: () -> Bool, tick: () -> Void) -> Outcome {
        while !nodes.allSatisfy({ $0.engine.isFinished }) {
            if shouldStop() { return .interrupted }
            var advanced = false
            for k in engines.indices where runWindow(k) { advanced = true }
            // Every link has at least one slot of lookahead, so some engine can always advance.
            precondition(advanced, "in-process run deadlocked: \(engines.map { "\($0.nodeName)@\($0.nextSlot)" })")
            if let failed = roleFailure { return failed }
            tick()
        }
        return .finished
    }

    /// Real time: slot by slot at its wall-clock instant; every engine runs the slot and sends it.
    /// With two threads, each runs its nodes' slot at once: a node's slot needs only its peers'
    /// previous slots (every link is at least one slot long), which both threads have finished.
    private func runRealTime(shouldStop: () -> Bool, tick: () -> Void) -> Outcome {
        let total = engines.first?.totalSlots ?? 0
        if !RealTimePriority.raiseCallingThread() {
            engines.first?.logger.notice("real-time priority not granted: slots may start late on a busy machine")
        }
        let owner = threads > 1 ? nodes.map { Self.thread(ofRole: $0.engine.topology.node($0.engine.nodeName)?.role.rawValue ?? "") }
            : nodes.map { _ in 0 }
        let mine = nodes.indices.filter { owner[$0] == 0 }
        let worker = owner.contains(1) ? RealTimeSlotWorker(network: self, nodes: nodes.indices.filter { owner[$0] == 1 }) : nil
        defer { worker?.stop() }
        for slot in 0..<total {
            if shouldStop() { return .interrupted }
            pacer.waitForStart(of: slot)
            worker?.begin(slot)
            for k in mine { runRealTimeSlot(k, slot) }
            worker?.waitUntilDone(slot)
            pacer.finished(slot)
            if let failed = roleFailure { return failed }
            tick()
        }
        return .finished
    }

    /// Node k's part of a real-time slot: what arrived, the slot, its window sent.
    func runRealTimeSlot(_ k: Int, _ slot: UInt64) {
        drainInbox(k)
        if let fault = nodes[k].engine.restartDue { restart(k, fault: fault) }
        let e = nodes[k].engine
        // Down after a restart fault: the new node runs from the end of its down slots.
        if e.nextSlot > slot { return }
        precondition(e.windowEnd().map { $0 >= slot } ?? false, "\(e.nodeName) cannot run slot \(slot)")
        measure(k) { e.runSlot(); progressIfDue(k) }
        flush(k, endOfWindow: slot)
        nodes[k].windows += 1
    }

    /// The process's memory, read once per slot however many nodes report in it (one process).
    private func rssOnce(atSlot slot: UInt64) -> UInt64? {
        rssLock.lock(); defer { rssLock.unlock() }
        if rssSlot != slot { rssSlot = slot; rssKB = processRSSKB() }
        return rssKB
    }

    /// Engine k takes what arrived, runs every slot its horizon allows and hands its window
    /// on; false when it must wait for a peer.
    func runWindow(_ k: Int) -> Bool {
        drainInbox(k)
        if let fault = nodes[k].engine.restartDue {
            restart(k, fault: fault)
            return true
        }
        let e = nodes[k].engine
        // A peer back from a restart gets what was held for it even while this node waits.
        if e.peerReturned { flush(k, endOfWindow: nil) }
        guard let last = e.windowEnd() else { return false }
        measure(k) { while e.nextSlot <= last { e.runSlot(); progressIfDue(k) } }
        flush(k, endOfWindow: last)
        nodes[k].windows += 1
        return true
    }

    /// A restart fault kills node k now: its report so far goes to the launcher, what waits in its
    /// inbox is lost, and a new engine with a new role takes its place from the end of the fault's
    /// down slots, as a process started again would.
    private func restart(_ k: Int, fault: Int) {
        let old = nodes[k].engine
        flushCapture(k)
        send(.restarting(old.makeKilledReport(pid: getpid(), cpuSeconds: Double(nodes[k].cpuNs) / 1e9, lateSlots: pacer.lateSlots)),
             from: k)
        let role: NodeBehavior
        do {
            role = try NodeFactory.makeBehavior(topology: old.topology, nodeName: old.nodeName)
        } catch {
            // The same topology made this role at the start: it cannot fail now.
            preconditionFailure("\(old.nodeName) cannot be made again: \(error)")
        }
        let e = NodeEngine(topology: old.topology, nodeName: old.nodeName, role: role, logger: old.logger, restartIndex: fault)
        if old.topology.scenario.capture.enabled { e.enableCapture(maxRecords: old.topology.scenario.capture.maxRecords) }
        _ = nodes[k].inbox.takeAll()
        nodes[k].engine = e
        nodes[k].lastProgressAt = e.nextSlot
        old.logger.notice("restart fault: started again", metadata: ["slot": "\(e.nextSlot)"])
        flush(k, endOfWindow: nil)
    }

    private func progressIfDue(_ k: Int) {
        let e = nodes[k].engine
        guard e.nextSlot - nodes[k].lastProgressAt >= progressEvery || e.nextSlot == e.totalSlots else { return }
        nodes[k].lastProgressAt = e.nextSlot
        var progress = e.progress(lateSlots: pacer.lateSlots, cpuSeconds: Double(nodes[k].cpuNs) / 1e9)
        progress.rssKB = rssOnce(atSlot: e.nextSlot)
        send(.progress(progress), from: k)
        flushCapture(k)
    }

    // MARK: Delivery

    /// Hands engine k's batches to its peers' engines (the receiver's CPU counts the ingest).
    private func flush(_ k: Int, endOfWindow: UInt64?) {
        var out: [(Int, [UInt8])] = []
        measure(k) { nodes[k].engine.flush(endOfWindow: endOfWindow) { link, bytes in out.append((link, bytes)) } }
        for (link, bytes) in out { deliver(from: k, link: link, bytes) }
        if nodes[k].engine.captureBatchBytes >= NodeRuntime.captureBatchBytes { flushCapture(k) }
    }

    /// Puts a window into the peer's inbox; the peer's thread ingests it before its next window.
    private func deliver(from k: Int, link: Int, _ bytes: [UInt8]) {
        let peer = nodes[k].peers[link]
        guard peer >= 0 else { return }
        nodes[k].delivered += 1
        nodes[peer].inbox.put(bytes)
        onDelivery?(peer)
    }

    /// Called after a delivery to node `peer` (wakes the thread that runs it).
    var onDelivery: ((Int) -> Void)?

    /// Ingests what waits in engine k's inbox, in arrival order (the receiver's CPU counts it).
    func drainInbox(_ k: Int) {
        let messages = nodes[k].inbox.takeAll()
        guard !messages.isEmpty else { return }
        let e = nodes[k].engine
        measure(k) { for m in messages { e.ingest(m) } }
    }

    private func flushCapture(_ k: Int) {
        guard let raw = nodes[k].engine.takeUnframedCapture() else { return }
        // Framed by the launcher's thread, off the slot threads.
        send(.unframedCapture(raw[...]), from: k)
    }

    /// Hands a report to the launcher as it is: in one process there is no socket to cross, so
    /// no JSON either (the launcher checks its source as it does a decoded one's).
    private func send(_ message: ReportMessage, from k: Int) {
        let source = nodes[k].engine.io.nodeIndex
        reportLock.lock()
        defer { reportLock.unlock() }
        report(message, source)
    }

    @inline(__always)
    private func measure(_ k: Int, _ body: () -> Void) {
        let start = monotonicNs()
        body()
        nodes[k].cpuNs &+= monotonicNs() &- start
    }
}
