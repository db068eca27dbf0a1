import Foundation
import Interfaces
import Logging
import Radio
import Report
import Scenario

/// A node's view of its links while it runs: the current slot, sending to peers and the
/// emulated clock. Messages sent in slot s reach the peer in slot s + link delay.
public final class NodeIO {
    public let topology: Topology
    public let nodeName: String
    public let nodeIndex: UInt16
    public let logger: Logger
    public internal(set) var slot: UInt64 = 0
    /// Set once the node runs slots: setup messages sent from then on are slot-timed.
    var runningSlots = false
    var links: [PeerLink]
    var counters = NodeCounters()
    var capture: CaptureSink?
    var warnings = WarningLimiter()
    /// `faults:` on this node's outgoing links, and the draws that pick the units they hit.
    var impairments: [LinkImpairment] = []
    var impairmentDraws = SeededGenerator(seed: 0)

    init(topology: Topology, nodeName: String, links: [PeerLink], logger: Logger) {
        self.topology = topology; self.nodeName = nodeName; self.links = links; self.logger = logger
        nodeIndex = topology.nodeIndex(nodeName)
    }

    public var scenario: Scenario { topology.scenario }

    /// Emulated time at the start of the current slot, ns since the run's start.
    public var nowNs: UInt64 { topology.slotStartNs(slot) }

    /// The shell's wall clock (Unix ns), injected so tests drive it; nil reads the machine's.
    var wallClockUnixNs: (() -> UInt64)?

    /// Wall clock (Unix ns) in real-time runs, for wall-time latency; 0 in virtual time,
    /// where nothing may depend on it.
    public var wallNowNs: UInt64 {
        guard topology.scenario.clock == .realtime else { return 0 }
        return wallClockUnixNs?() ?? UInt64(Date().timeIntervalSince1970 * 1e9)
    }

    /// Index of the link to `peer`, if this node has one.
    public func link(to peer: String) -> Int? { links.firstIndex { $0.peer == peer } }

    public func peerName(ofIndex index: UInt16) -> String? { links.first { $0.peerIndex == index }?.peer }

    /// The link a received unit came over (the engine has already refused units from non-peers).
    public func link(of unit: WireUnit) -> Int? { links.firstIndex { $0.peerIndex == unit.header.sourceNode } }

    /// Counts and drops a G-PDU whose TEID belongs to no session of this node, or to a session
    /// whose peer is not the node that sent it.
    public func refuseUnknownTEID(_ teid: UInt32, ue: UInt32, _ unit: WireUnit) {
        counters.unknownTEID += 1
        warn(cause: "unknownTEID", "G-PDU for no session of its sender dropped",
             metadata: ["teid": "\(teid)", "ue.id": "\(ue)", "from": "\(peerName(ofIndex: unit.header.sourceNode) ?? "?")",
                        "interface": "\(unit.header.interface)"])
    }

    /// Queues a message for a peer; it leaves with the current window and is handled by the
    /// peer in slot `slot + delay + extraDelaySlots`.
    public func send(link: Int, interface: InterfaceID, messageType: UInt8, flags: UInt8 = 0,
                     extraDelaySlots: UInt64 = 0, _ encode: (inout ByteWriter) -> Void) {
        var extraDelaySlots = extraDelaySlots
        var corrupt = false
        let setup = isSetupMessage(interface: interface, messageType: messageType)
        // A setup message sent while slots run (a restarted node setting up again) is handled in
        // its slot like any unit, and counted and captured like one.
        let handshake = setup && !runningSlots
        var flags = flags
        if setup && runningSlots { flags |= WireHeader.flagInRunSetup }
        if !impairments.isEmpty, interface != .sync, !setup {
            for f in impairments where f.link == link && slot >= f.fromSlot && slot < f.untilSlot {
                if f.drop > 0, Double.random(in: 0..<100, using: &impairmentDraws) < f.drop {
                    counters.impairedDropped += 1
                    return
                }
                let extra = f.delaySlots + (f.jitterSlots > 0 ? UInt64.random(in: 0...f.jitterSlots, using: &impairmentDraws) : 0)
                if extra > 0 { extraDelaySlots += extra; counters.impairedDelayed += 1 }
                if f.corrupt > 0, Double.random(in: 0..<100, using: &impairmentDraws) < f.corrupt { corrupt = true }
            }
        }
        // Fields read one by one: a copy of the whole link would share its batch and make the
        // append below copy every byte of the window so far.
        let delivery = slot + links[link].delaySlots + extraDelaySlots
        // A peer killed by a restart fault receives nothing stamped for its down slots.
        if !links[link].peerDown.isEmpty, interface != .sync, links[link].peerDown.contains(where: { $0.contains(delivery) }) {
            counters.lostToRestart += 1
            return
        }
        let start = links[link].batch.count
        let destination = links[link].peerIndex, sequence = links[link].sequence
        appendUnit(to: &links[link].batch, interface: interface, messageType: messageType, flags: flags,
                   source: nodeIndex, destination: destination, slot: delivery, sequence: sequence, payload: encode)
        links[link].sequence &+= 1
        if corrupt, links[link].batch.count > start + WireHeader.size {
            links[link].batch.invert(at: start + WireHeader.size)
            counters.impairedCorrupted += 1
        }
        if handshake {
            counters.protocolMessages += 1
        } else {
            counters.messagesOut += 1
            counters.bytesOut += UInt64(links[link].batch.count - start)
        }
        // A setup message goes into the capture once per link and type: how often a request is
        // retried depends on the wall clock, and the capture should not.
        if handshake {
            guard capturedSetup.insert(SetupKey(link: link, interface: interface, messageType: messageType)).inserted else { return }
        }
        capture?.record(unitIn: links[link].batch.bytes, at: start, timestampNs: nowNs)
    }

    private struct SetupKey: Hashable { var link: Int; var interface: InterfaceID; var messageType: UInt8 }
    private var capturedSetup: Set<SetupKey> = []

    /// Logs a warning, at most one line per cause per second (a flood is counted, not logged).
    public func warn(cause: String, _ message: @autoclosure () -> Logger.Message,
                     metadata: @autoclosure () -> Logger.Metadata = [:]) {
        warnings.warn(logger, cause: cause, message(), metadata: metadata())
    }

    /// Sends a control message (JSON body).
    public func send<M: ControlMessage>(link: Int, _ message: M) {
        let body = ControlCodec.encode(message)
        send(link: link, interface: M.interface, messageType: M.messageType) { $0.append(contentsOf: body) }
    }

    /// Sends a control message to every link that carries its interface.
    public func sendToAll<M: ControlMessage>(_ message: M) {
        for i in links.indices where links[i].interfaces.contains(M.interface) { send(link: i, message) }
    }
}

/// Per-process message counters, for the report.
struct NodeCounters {
    var messagesIn: UInt64 = 0
    var messagesOut: UInt64 = 0
    var bytesIn: UInt64 = 0
    var bytesOut: UInt64 = 0
    var decodeErrors: UInt64 = 0
    /// Units stamped for a slot beyond the window horizon: refused before any arithmetic.
    var outOfWindow: UInt64 = 0
    /// Units from a node that is not a peer of this one, or addressed to another node.
    var unknownPeer: UInt64 = 0
    /// Units on an interface their link does not carry (an NG unit from a DU).
    var wrongInterface: UInt64 = 0
    /// Units for a slot this node has already run.
    var pastSlot: UInt64 = 0
    /// G-PDUs whose TEID names no session of this node, or a session whose peer is another node.
    var unknownTEID: UInt64 = 0
    /// Units whose header names a peer other than the one whose CURVE key sent them.
    var impersonation: UInt64 = 0
    /// Units a `faults:` entry dropped, delayed or corrupted on their way out.
    var impairedDropped: UInt64 = 0
    var impairedDelayed: UInt64 = 0
    var impairedCorrupted: UInt64 = 0
    /// Units not sent because they would reach a peer in slots it is down (a restart fault).
    var lostToRestart: UInt64 = 0
    /// Units a restarted node received before its setup completed (its cells not yet active).
    var beforeSetup: UInt64 = 0

    /// Impaired units by what was done to them (the non-zero ones), for the report.
    var impairedByKind: [String: UInt64] {
        ["dropped": impairedDropped, "delayed": impairedDelayed, "corrupted": impairedCorrupted,
         "lostToRestart": lostToRestart].filter { $0.value > 0 }
    }

    /// Refused units by cause (the non-zero ones), for the report.
    var refusedByCause: [String: UInt64] {
        let all = ["malformed": decodeErrors, "unknownPeer": unknownPeer, "wrongInterface": wrongInterface,
                   "outOfWindow": outOfWindow, "pastSlot": pastSlot, "unknownTEID": unknownTEID, "impersonation": impersonation,
                   "beforeSetup": beforeSetup]
        return all.filter { $0.value > 0 }
    }
    /// Setup and end-of-window messages in and out: their number follows the wall clock
    /// (setup retries, window sizes), so they are kept out of the replayable counters.
    var protocolMessages: UInt64 = 0
}

/// One neighbour: where to send, the link delay, and how far the neighbour has closed time.
struct PeerLink {
    var peer: String
    var peerIndex: UInt16
    var delaySlots: UInt64
    var interfaces: [InterfaceID]
    var batch = ByteWriter(capacity: 4096)
    var sequence: UInt32 = 0
    /// Last slot for which the peer has sent everything (-1: none yet).
    var closedThrough: Int64 = -1
    /// The peer's restart faults: slot ranges in which it is down, in time order.
    var peerDown: [Range<UInt64>] = []
    /// How many of those the peer has come back from (its `restarted` messages).
    var peerReturns = 0
    /// The peer came back and has not yet been told how far this node has run.
    var owesMarker = false

    /// The slot through which the peer has closed, counting its down slots as closed once it
    /// closed the slot before them (a killed node sends nothing there, and nothing is sent to it).
    var effectiveClosedThrough: Int64 {
        var closed = closedThrough
        for r in peerDown where closed >= Int64(r.lowerBound) - 1 && closed < Int64(r.upperBound) - 1 {
            closed = Int64(r.upperBound) - 1
        }
        return closed
    }

    /// The first slot whose units land at or after the peer's next restart: from it on, what
    /// this node sends the peer is held until the new peer says it is there (nil: no restart ahead).
    var holdFromSlot: Int64? {
        guard peerReturns < peerDown.count else { return nil }
        return Int64(peerDown[peerReturns].lowerBound) - Int64(delaySlots)
    }
}
