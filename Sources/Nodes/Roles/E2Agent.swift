import Interfaces
import Report

/// The E2 side of a du or ru: E2 Setup at slot 0, a KPM report at the end of every
/// orchestration period, and RC control requests held until the slot they name.
struct E2Agent {
    let link: Int?
    let periodSlots: UInt64
    /// Requests not yet applied, in arrival order.
    private(set) var pending: [RCControlRequest] = []
    var applied: UInt64 = 0
    var refused: UInt64 = 0

    init(io: NodeIO) {
        link = io.topology.orchestratorName.flatMap { io.link(to: $0) }
        periodSlots = io.topology.orchestrationPeriodSlots
    }

    /// Sends E2 Setup in slot 0 (as a slot message, so it replays exactly in virtual time).
    func start(_ io: NodeIO, role: String) {
        guard let link, io.slot == 0 else { return }
        let vendor = io.vendor
        io.send(link: link, E2SetupRequest(node: io.nodeName, role: role, vendor: vendor.name, versions: [1],
                                           ranFunctions: [.kpm, .rc]))
    }

    /// True at the last slot of a period: the node reports then.
    func isPeriodEnd(_ slot: UInt64) -> Bool { link != nil && (slot + 1) % periodSlots == 0 }

    func periodIndex(_ slot: UInt64) -> Int { Int(slot / periodSlots) }

    /// Takes an E2 message; returns false when it is not E2.
    mutating func handle(_ unit: WireUnit, _ io: NodeIO) -> Bool {
        guard unit.header.interface == .e2 else { return false }
        switch unit.header.messageType {
        case E2MessageType.rcControlRequest:
            if let m = decodeControl(RCControlRequest.self, unit, io) { pending.append(m) }
        case E2MessageType.setupResponse:
            _ = decodeControl(E2SetupResponse.self, unit, io)
        default:
            io.counters.decodeErrors += 1
        }
        return true
    }

    /// Removes and returns the requests due by this slot.
    mutating func due(_ slot: UInt64) -> [RCControlRequest] {
        let now = pending.filter { $0.applyAtSlot <= slot }
        pending.removeAll { $0.applyAtSlot <= slot }
        return now
    }

    /// Acknowledges an applied or refused request.
    mutating func acknowledge(_ request: RCControlRequest, refusal: String?, _ io: NodeIO) {
        if refusal == nil { applied += 1 } else { refused += 1 }
        guard let link else { return }
        io.send(link: link, RCControlAck(actionId: request.actionId, accepted: refusal == nil, reason: refusal,
                                         appliedAtSlot: refusal == nil ? io.slot : nil))
    }

    func send(_ io: NodeIO, _ message: KPMIndication) {
        guard let link else { return }
        io.send(link: link, message)
    }

    func fill(_ report: inout NodeReport) {
        guard link != nil else { return }
        report.controlActionsApplied = applied
        report.controlActionsRefused = refused
    }
}
