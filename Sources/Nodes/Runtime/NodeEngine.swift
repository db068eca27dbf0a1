import Foundation
import Interfaces
import Logging
import Radio
import Report
import Scenario

/// The virtual-time protocol of one node around its role, with no socket, clock or process:
/// encoded units go in (`ingest`), slots are run (`runSlot`), encoded units come out
/// (`flush`). A process shell (`NodeRuntime`) moves its bytes over ZeroMQ; an in-process run
/// (`InProcessNetwork`) hands them straight to the peer's engine. Both give the same results.
public final class NodeEngine {
    public let role: NodeBehavior
    public let io: NodeIO
    public var topology: Topology { io.topology }
    let logger: Logger
    /// Windows closed so far (end-of-window markers sent): slots per window is the batching.
    public private(set) var windows: UInt64 = 0
    /// The next slot to run; every slot before it is done.
    public private(set) var nextSlot: UInt64 = 0
    /// Units waiting for their slot, in a ring indexed by slot (`acceptAheadSlots` deep).
    private var pending: PendingUnits
    /// The first setup failure: the node's own refusal to send a request, or one seen while
    /// ingesting. The shell ends the node with it.
    public private(set) var setupFailure: SetupFailure?
    /// Slot ranges in which a `faults:` entry freezes this node, and the units that reached it
    /// meanwhile: they are handled when it thaws, in (slot, source, sequence) order.
    private let freezes: [Range<UInt64>]
    private var heldWhileFrozen: [WireUnit] = []
    /// Slots this node spent frozen.
    public private(set) var frozenSlots: UInt64 = 0
    /// Slot ranges in which a restart fault has this node down: the node is killed before the
    /// first slot of one (``restartDue``) and a new one is made from the range's end.
    public let restarts: [Range<UInt64>]
    /// Whether this node or a peer has a restart fault (the window and flush checks are skipped otherwise).
    private let restartsMatter: Bool
    /// A node started again after a restart fault sets up again in its first slots: until its
    /// role is set up, it runs no slot work and handles only setup messages.
    private var awaitingSetup = false
    /// A peer came back from a restart: the shell should flush now, whatever the window, so the
    /// peer gets what was held for it.
    public private(set) var peerReturned = false
    /// How far past `nextSlot` a unit may be stamped: a peer can be ahead of this node by at
    /// most the link's round trip, plus the largest extra (NTN propagation) delay.
    public let acceptAheadSlots: UInt64

    /// - Parameter restartIndex: set for the node made after a restart fault (its index in
    ///   ``restarts``): it starts at the end of that fault's down slots and sets up again then.
    public init(topology: Topology, nodeName: String, role: NodeBehavior, logger: Logger, restartIndex: Int? = nil) {
        self.role = role
        self.logger = logger
        let links = topology.links(of: nodeName).map {
            PeerLink(peer: $0.peer, peerIndex: $0.peerIndex, delaySlots: $0.delaySlots, interfaces: $0.interfaces,
                     peerDown: topology.restarts(of: $0.peer))
        }
        io = NodeIO(topology: topology, nodeName: nodeName, links: links, logger: logger)
        let longest = topology.links(of: nodeName).map(\.delaySlots).max() ?? 1
        acceptAheadSlots = 2 * longest + topology.maxExtraDelaySlots + topology.longestImpairmentSlots + 1
        io.impairments = topology.impairments(of: nodeName, links: links.map(\.peer))
        freezes = topology.freezes(of: nodeName)
        restarts = topology.restarts(of: nodeName)
        restartsMatter = !restarts.isEmpty || links.contains { !$0.peerDown.isEmpty }
        io.impairmentDraws = SeededGenerator(seed: topology.scenario.seed ^ (0xFA_0000 + UInt64(io.nodeIndex)))
        pending = PendingUnits(depth: Int(acceptAheadSlots) + 1)
        if let k = restartIndex, restarts.indices.contains(k) {
            nextSlot = restarts[k].upperBound
            io.slot = nextSlot
            awaitingSetup = true
            // Tells every peer this node is back: each sends what it held, and how far it has run.
            for i in io.links.indices {
                appendUnit(to: &io.links[i].batch, interface: .sync, messageType: SyncMessageType.restarted,
                           source: io.nodeIndex, destination: io.links[i].peerIndex, slot: nextSlot, sequence: io.links[i].sequence) { _ in }
                io.links[i].sequence &+= 1
                io.counters.protocolMessages += 1
            }
        }
    }

    /// The restart fault whose down slots begin now: the shell kills this node (its process, or
    /// its engine in one process) and makes a new one with ``init(topology:nodeName:role:logger:restartIndex:)``.
    public var restartDue: Int? {
        restarts.firstIndex { $0.lowerBound == nextSlot && nextSlot < totalSlots }
    }

    public var nodeName: String { io.nodeName }
    public var totalSlots: UInt64 { topology.totalSlots }
    public var isFinished: Bool { nextSlot >= totalSlots }

    // MARK: Setup

    public var isSetUp: Bool { role.isSetUp }

    /// Queues (again, on retry) the setup requests this node initiates; a request its own
    /// vendor cannot make is a setup failure (`setupFailure`).
    public func sendSetupRequests() {
        guard setupFailure == nil else { return }
        do {
            try role.sendSetupRequests(io)
        } catch {
            setupFailure = error.failure
        }
    }

    // MARK: Slots

    /// The last slot this node may process: every input link has closed far enough.
    public func horizon() -> Int64 {
        var h = Int64(totalSlots)
        for l in io.links { h = min(h, l.effectiveClosedThrough + Int64(l.delaySlots)) }
        return h
    }

    /// The last slot the next window may run to (nil when the node must wait for a peer).
    public func windowEnd() -> UInt64? {
        let h = horizon()
        guard h >= Int64(nextSlot), nextSlot < totalSlots else { return nil }
        var end = min(UInt64(h), totalSlots - 1)
        guard restartsMatter else { return end }
        guard restartDue == nil else { return nil }
        // A window ends before this node's restart, and before the first slot whose units a
        // restarting peer's successor gets, so no batch mixes what the old and the new node get.
        for r in restarts where r.lowerBound > nextSlot { end = min(end, r.lowerBound - 1) }
        for l in io.links {
            if let hold = l.holdFromSlot, hold > Int64(nextSlot) { end = min(end, UInt64(hold - 1)) }
        }
        return end
    }

    /// Peers whose end-of-window markers this node is waiting for.
    public var waitingFor: [String] {
        io.links.filter { $0.effectiveClosedThrough + Int64($0.delaySlots) < Int64(nextSlot) }.map(\.peer)
    }

    /// Handles the units of `nextSlot` in (source, sequence) order, runs the role's slot and
    /// moves to the next slot.
    public func runSlot() {
        let slot = nextSlot
        io.slot = slot
        io.runningSlots = true
        if awaitingSetup {
            runSlotWhileSettingUp(slot)
            return
        }
        if !freezes.isEmpty, freezes.contains(where: { $0.contains(slot) }) {
            // Frozen: nothing runs and nothing is sent; what arrives waits for the thaw.
            pending.withUnits(ofSlot: slot) { heldWhileFrozen += $0 }
            frozenSlots += 1
            nextSlot = slot + 1
            return
        }
        if !heldWhileFrozen.isEmpty {
            heldWhileFrozen.sort {
                ($0.header.slot, $0.header.sourceNode, $0.header.sequence) < ($1.header.slot, $1.header.sourceNode, $1.header.sequence)
            }
            for unit in heldWhileFrozen { role.handle(unit, io) }
            heldWhileFrozen.removeAll()
        }
        handleUnits(ofSlot: slot) { unit in
            if isSetupMessage(unit.header) { handleInRunSetup(unit) } else { role.handle(unit, io) }
        }
        role.runSlot(io)
        nextSlot = slot + 1
    }

    /// A node started again after a restart: in its first slot it sends its setup requests;
    /// until its role is set up only setup messages are handled (the rest is counted and dropped,
    /// as a DU whose cells are not active yet drops what reaches it).
    private func runSlotWhileSettingUp(_ slot: UInt64) {
        if !sentRestartSetup {
            sentRestartSetup = true
            sendSetupRequests()
        }
        handleUnits(ofSlot: slot) { unit in
            if isSetupMessage(unit.header) { handleInRunSetup(unit) } else { io.counters.beforeSetup += 1 }
        }
        if role.isSetUp {
            awaitingSetup = false
            logger.info("set up again after a restart", metadata: ["slot": "\(slot)"])
        }
        nextSlot = slot + 1
    }

    private var sentRestartSetup = false

    /// Hands `body` the units of `slot` in (source, sequence) order: arrival order across peers
    /// depends on the OS, (source, sequence) does not.
    @inline(__always) private func handleUnits(ofSlot slot: UInt64, _ body: (WireUnit) -> Void) {
        pending.withUnits(ofSlot: slot) { units in
            units.sort { ($0.header.sourceNode, $0.header.sequence) < ($1.header.sourceNode, $1.header.sequence) }
            for unit in units { body(unit) }
        }
    }

    /// A setup message sent during the run, in its slot: a failure ends the node as at start-up.
    private func handleInRunSetup(_ unit: WireUnit) {
        guard setupFailure == nil else { return }
        do {
            try role.handleSetup(unit, io)
        } catch {
            setupFailure = error.failure
        }
    }

    /// Whether every peer has closed the last slot (what arrives after it is complete).
    public var peersClosedLastSlot: Bool {
        let last = Int64(totalSlots) - 1
        return !io.links.contains { $0.closedThrough < last }
    }

    /// Hands the role what arrived stamped after the last slot, in (slot, source, sequence) order.
    public func finishRun() {
        let late = pending.drainAll()
        role.finishRun(lateUnits: late, io)
    }

    // MARK: Bytes in

    /// Decodes one transport message from a peer and files its units: end-of-window markers
    /// advance the link, setup messages are handled at once, others wait for their slot.
    /// Malformed bytes and units that break the protocol are counted and dropped.
    /// - Parameter sender: The peer the transport authenticated the message as (its CURVE key's
    ///   node), when it knows: a unit whose header names another node is refused.
    public func ingest(_ bytes: [UInt8], authenticatedAs sender: String? = nil) {
        let (units, error) = decodeUnits(bytes)
        if let error {
            io.counters.decodeErrors += 1
            io.warn(cause: "malformed", "dropped malformed message", metadata: ["error": "\(error)", "bytes": "\(bytes.count)"])
        }
        for unit in units { ingest(unit, sender: sender) }
    }

    private func ingest(_ unit: WireUnit, sender: String?) {
        let h = unit.header
        // Setup retries depend on wall time: counted apart so slot traffic counts replay exactly.
        // So are end-of-window markers: how many slots a window holds depends on timing.
        let setup = isSetupMessage(h) && h.flags & WireHeader.flagInRunSetup == 0
        // Stamped after the last slot (within the horizon): only a role that collects after the
        // end handles it, and whether a process still reads it before exiting is timing, so it
        // is not counted.
        if !setup, h.interface != .sync, h.slot >= totalSlots, h.slot <= nextSlot + acceptAheadSlots,
           !role.collectsAfterEnd { return }
        if setup || h.interface == .sync {
            io.counters.protocolMessages += 1
        } else {
            io.counters.messagesIn += 1
            io.counters.bytesIn += UInt64(WireHeader.size + unit.payload.count)
        }
        guard let li = io.links.firstIndex(where: { $0.peerIndex == h.sourceNode }), h.destinationNode == io.nodeIndex else {
            io.counters.unknownPeer += 1
            io.warn(cause: "unknownPeer", "unit from a node that is not a peer dropped",
                    metadata: ["source": "\(h.sourceNode)", "destination": "\(h.destinationNode)"])
            return
        }
        if let sender, sender != io.links[li].peer {
            io.counters.impersonation += 1
            io.warn(cause: "impersonation", "unit claiming another node than its sender's key dropped",
                    metadata: ["claims": "\(io.links[li].peer)", "key": "\(sender)"])
            return
        }
        guard h.interface == .sync || io.links[li].interfaces.contains(h.interface) else {
            io.counters.wrongInterface += 1
            io.warn(cause: "wrongInterface", "unit on an interface its link does not carry dropped",
                    metadata: ["interface": "\(h.interface)", "from": "\(io.links[li].peer)"])
            return
        }
        // Checked before any arithmetic on the slot, so no 64-bit value can trap.
        let limit = nextSlot + acceptAheadSlots
        if h.interface == .sync, h.messageType == SyncMessageType.restarted {
            // The peer is back from a restart: what was held for it goes out at the next flush.
            guard io.links[li].peerReturns < io.links[li].peerDown.count else {
                io.counters.outOfWindow += 1
                io.warn(cause: "outOfWindow", "restart announcement from a peer with no restart due dropped",
                        metadata: ["from": "\(io.links[li].peer)"])
                return
            }
            io.links[li].peerReturns += 1
            io.links[li].owesMarker = true
            peerReturned = true
        } else if h.interface == .sync {
            guard h.slot <= max(limit, totalSlots) else {
                io.counters.outOfWindow += 1
                io.warn(cause: "outOfWindow", "end-of-window marker beyond the horizon dropped",
                        metadata: ["slot": "\(h.slot)", "from": "\(io.links[li].peer)"])
                return
            }
            io.links[li].closedThrough = max(io.links[li].closedThrough, Int64(h.slot))
        } else if setup {
            // A node whose setup failed has stopped: it answers nothing more.
            guard setupFailure == nil else { return }
            do {
                try role.handleSetup(unit, io)
            } catch {
                setupFailure = error.failure
            }
        } else if h.slot < nextSlot {
            io.counters.pastSlot += 1
            io.warn(cause: "pastSlot", "unit for a past slot dropped", metadata: ["slot": "\(h.slot)", "from": "\(io.links[li].peer)"])
        } else if h.slot > limit {
            io.counters.outOfWindow += 1
            io.warn(cause: "outOfWindow", "unit beyond the window horizon dropped",
                    metadata: ["slot": "\(h.slot)", "horizon": "\(limit)", "from": "\(io.links[li].peer)"])
        } else {
            pending.append(unit, slot: h.slot)
        }
    }

    // MARK: Bytes out

    /// Hands each link's batch of this window to `send` (one transport message per link), with
    /// an end-of-window marker for `endOfWindow` last when given, and starts new batches.
    public func flush(endOfWindow: UInt64?, _ send: (_ link: Int, _ bytes: [UInt8]) -> Void) {
        if endOfWindow != nil { windows += 1 }
        peerReturned = false
        let lastRun = Int64(nextSlot) - 1
        for i in io.links.indices {
            // A peer about to restart, or down, gets nothing from the first slot whose units land
            // after it died: that is held (with the markers) for the node that replaces it.
            let holding = restartsMatter && (io.links[i].holdFromSlot.map { lastRun >= 0 && lastRun >= $0 } ?? false)
            let marker = endOfWindow ?? (io.links[i].owesMarker && !holding && lastRun >= 0 ? UInt64(lastRun) : nil)
            if let eow = marker {
                let destination = io.links[i].peerIndex, sequence = io.links[i].sequence
                appendUnit(to: &io.links[i].batch, interface: .sync, messageType: SyncMessageType.endOfWindow,
                           source: io.nodeIndex, destination: destination, slot: eow, sequence: sequence) { _ in }
                io.links[i].sequence &+= 1
                io.counters.protocolMessages += 1
            }
            guard !holding, io.links[i].batch.count > 0 else { continue }
            io.links[i].owesMarker = false
            send(i, io.links[i].batch.bytes)
            io.links[i].batch = ByteWriter(reusing: io.links[i].batch.bytes)
        }
    }

    /// Bytes of capture records waiting to be taken.
    public var captureBatchBytes: Int { io.capture?.raw.count ?? 0 }

    /// The units sent since the last call as the capture keeps them, not yet framed (nil when
    /// capture is off or nothing was sent): ``CaptureSink/framed(_:)`` makes the batch, on
    /// whichever thread the caller chooses.
    func takeUnframedCapture() -> [UInt8]? { io.capture?.takeRaw() }

    /// Turns capture on for this node (records up to `maxRecords`).
    public func enableCapture(maxRecords: Int) { io.capture = CaptureSink(maxRecords: maxRecords, epochNs: 0) }

    // MARK: Reports

    /// What the role measured so far, for the time series and live metrics, with the shell's
    /// CPU time and the node's message counters.
    public func progress(lateSlots: UInt64, cpuSeconds: Double) -> NodeProgress {
        var p = NodeProgress(node: nodeName, slot: nextSlot, lateSlots: lateSlots, cells: role.progressSamples(io), ntn: role.ntnSamples(io))
        p.cpuSeconds = cpuSeconds
        p.messagesIn = io.counters.messagesIn
        p.messagesOut = io.counters.messagesOut
        p.refusedUnits = io.counters.refusedByCause
        p.traffic = role.trafficProgress(io)
        p.orchestration = role.orchestrationProgress()
        return p
    }

    /// The report of a node a restart fault kills now: what it measured, and what dies with it.
    public func makeKilledReport(pid: Int32, cpuSeconds: Double, lateSlots: UInt64) -> NodeReport {
        var r = makeReport(complete: false, pid: pid, cpuSeconds: cpuSeconds, lateSlots: lateSlots)
        let lost = role.lostOnKill.filter { $0.value > 0 }
        if !lost.isEmpty { r.lostOnKill = lost }
        return r
    }

    /// The node's final report, with what the shell measured (pid, CPU, late slots).
    public func makeReport(complete: Bool, pid: Int32, cpuSeconds: Double, lateSlots: UInt64) -> NodeReport {
        let me = topology.node(nodeName)
        var r = NodeReport(node: nodeName, role: me?.role.rawValue ?? "", vendor: me?.vendor, pid: pid, complete: complete)
        r.slotsRun = nextSlot
        r.lateSlots = lateSlots
        r.cpuSeconds = cpuSeconds
        r.messagesIn = io.counters.messagesIn; r.messagesOut = io.counters.messagesOut
        r.bytesIn = io.counters.bytesIn; r.bytesOut = io.counters.bytesOut
        r.decodeErrors = io.counters.decodeErrors
        r.refusedUnits = io.counters.refusedByCause
        r.impairedUnits = io.counters.impairedByKind
        r.frozenSlots = frozenSlots
        r.protocolMessages = io.counters.protocolMessages
        r.windows = windows
        r.failure = role.failure
        role.fillReport(&r)
        return r
    }
}

/// Units waiting for their slot: a ring of per-slot lists, reused so a slot costs no
/// allocation once the ring has warmed up.
struct PendingUnits {
    private var ring: [[WireUnit]]
    private var slotOf: [UInt64]
    private var count = 0

    init(depth: Int) {
        ring = Array(repeating: [], count: depth)
        slotOf = Array(repeating: .max, count: depth)
    }

    /// Files a unit; the caller guarantees `slot` is within the ring's depth of the current slot.
    mutating func append(_ unit: WireUnit, slot: UInt64) {
        let i = Int(slot % UInt64(ring.count))
        if slotOf[i] != slot {
            precondition(ring[i].isEmpty, "pending ring overrun")
            slotOf[i] = slot
        }
        ring[i].append(unit)
        count += 1
    }

    /// Lets `body` handle (and reorder) the units of `slot`, then clears them.
    mutating func withUnits(ofSlot slot: UInt64, _ body: (inout [WireUnit]) -> Void) {
        let i = Int(slot % UInt64(ring.count))
        guard slotOf[i] == slot, !ring[i].isEmpty else { return }
        body(&ring[i])
        count -= ring[i].count
        ring[i].removeAll(keepingCapacity: true)
        slotOf[i] = .max
    }

    /// Every waiting unit in (slot, source, sequence) order; the ring is left empty.
    mutating func drainAll() -> [WireUnit] {
        var all: [WireUnit] = []
        for i in ring.indices where !ring[i].isEmpty {
            all += ring[i]
            ring[i].removeAll()
            slotOf[i] = .max
        }
        count = 0
        return all.sorted {
            ($0.header.slot, $0.header.sourceNode, $0.header.sequence) < ($1.header.slot, $1.header.sourceNode, $1.header.sequence)
        }
    }
}
