import Interfaces
import Power
import Report
import Scenario

/// The low-PHY role: terminates the fronthaul from its DU and puts the slot's
/// transmissions on the air through the channel (and back for uplink).
public final class RUNode: NodeBehavior {
    private let duName: String
    private let channelName: String
    private let cellIndex: Int
    private var fronthaulSetUp = false
    private var airSetUp = false
    private var controlPlaneSections: UInt64 = 0
    private var uplinkSequence: UInt8 = 0
    /// EARTH power and sleep modes of the vendor's RU class, advanced every slot.
    private var power: RUSleepStateMachine
    /// PRBs of the C-plane sections received for the current slot.
    private var slotPRBs = 0
    private var canTransmit = true
    private var energyJ = 0.0
    private var periodEnergyJ = 0.0
    private var periodLoadSum = 0.0
    private var periodSlotsRun = 0
    private var droppedFrames: UInt64 = 0
    private var e2: E2Agent?
    /// An RU on board a regenerative NTN platform draws the payload's power, not a terrestrial RU's.
    private let onboardPayload: NTNPayloadPowerModel?

    public init(topology: Topology, nodeName: String) {
        duName = topology.node(nodeName)?.du ?? ""
        channelName = topology.scenario.nodes.first { $0.role == .channel }?.name ?? ""
        cellIndex = topology.cellIndex(ofRU: nodeName) ?? 0
        power = RUSleepStateMachine(model: topology.ruPowerModel(of: nodeName), slotDurationUs: topology.numerology.slotDurationUs)
        let regenerative = topology.scenario.cells.indices.contains(cellIndex) && topology.scenario.cells[cellIndex].ntn?.payload == .regenerative
        onboardPayload = regenerative ? NTNPayloadPowerModel(kind: .regenerative) : nil
    }

    public var isSetUp: Bool { fronthaulSetUp && airSetUp }

    public func sendSetupRequests(_ io: NodeIO) {
        guard !airSetUp, let link = io.link(to: channelName) else { return }
        io.send(link: link, AirSetupRequest(node: io.nodeName, role: "ru"))
    }

    public func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError) {
        switch (unit.header.interface, unit.header.messageType) {
        case (.air, SetupMessageType.response):
            airSetUp = true
        case (.fronthaulManagement, SetupMessageType.request):
            // A common version, and the cell's numerology, PRBs and compression within this RU's vendor.
            guard let m = decodeControl(FronthaulSetupRequest.self, unit, io), let link = io.link(to: m.duNode) else { return }
            let offer = m.offer(to: io.setupEnd)
            if let failure = io.checkRequest(offer) {
                io.send(link: link, FronthaulSetupFailure(failure: failure))
                throw SetupProcedureError(failure)
            }
            let version = CapabilityCheck.negotiatedVersion(offered: offer.versions, supported: io.vendor.fronthaulVersions) ?? 0
            io.send(link: link, FronthaulSetupResponse(ruNode: io.nodeName, vendor: io.vendor.name, version: version))
            fronthaulSetUp = true
        default:
            break
        }
    }

    public func handle(_ unit: WireUnit, _ io: NodeIO) {
        if e2 == nil { e2 = E2Agent(io: io) }
        if e2?.handle(unit, io) == true { return }
        switch unit.header.interface {
        case .fronthaulControl:
            var r = ByteReader(unit.payload)
            guard let c = try? ControlPlaneMessage.decode(from: &r) else { io.counters.decodeErrors += 1; return }
            controlPlaneSections += UInt64(c.sections.count)
            slotPRBs += c.sections.reduce(0) { $0 + Int($1.numPRBs) }
        case .fronthaulUser:
            // Asleep or waking: nothing goes on the air.
            guard canTransmit else { droppedFrames += 1; return }
            // The IQ field carries the slot's air frame: check the headers, pass the frame on.
            var r = ByteReader(unit.payload)
            guard (try? UserPlaneMessage.decodeHeaders(from: &r)) != nil, let link = io.link(to: channelName) else {
                io.counters.decodeErrors += 1; return
            }
            let frame = r.bytes[r.offset...]
            io.send(link: link, interface: .air, messageType: AirMessageType.downlinkFrame) { $0.append(contentsOf: frame) }
        case .air where unit.header.messageType == AirMessageType.uplinkFrame:
            guard let link = io.link(to: duName) else { return }
            let cell = io.scenario.cells[cellIndex]
            let timing = FrameTiming(slot: io.slot, numerology: io.scenario.numerology)
            let sequence = uplinkSequence
            uplinkSequence &+= 1
            let payload = unit.payload
            io.send(link: link, interface: .fronthaulUser, messageType: FronthaulMessageType.uplink,
                    flags: WireHeader.flagSyntheticPayload) { w in
                UserPlaneMessage.encodeHeaders(into: &w, downlink: false, timing: timing, numPRBs: cell.prbs, sequence: sequence)
                w.append(contentsOf: payload)
            }
        default:
            io.counters.decodeErrors += 1
        }
    }

    public func runSlot(_ io: NodeIO) {
        if e2 == nil { e2 = E2Agent(io: io) }
        e2?.start(io, role: "ru")
        for request in e2?.due(io.slot) ?? [] { apply(request, io) }
        let prbs = max(1, io.scenario.cells[cellIndex].prbs)
        let load = min(1, Double(slotPRBs) / Double(prbs))
        slotPRBs = 0
        var slotEnergyJ = power.advance(load: load).energyJ
        if let payload = onboardPayload {
            // Asleep, only the payload's fixed electronics stay on.
            let w = power.state == .active ? payload.powerW(load: load) : payload.fixedPowerW
            slotEnergyJ = w * io.topology.numerology.slotDurationUs / 1e6
        }
        canTransmit = power.canTransmitNextSlot
        energyJ += slotEnergyJ
        periodEnergyJ += slotEnergyJ
        periodLoadSum += load
        periodSlotsRun += 1
        if let e2, e2.isPeriodEnd(io.slot) {
            let seconds = Double(periodSlotsRun) * io.topology.numerology.slotDurationUs / 1e6
            let (state, depth) = Self.stateName(power.state)
            e2.send(io, KPMIndication(node: io.nodeName, periodIndex: e2.periodIndex(io.slot), slot: io.slot,
                                      periodSlots: Int(e2.periodSlots),
                                      rus: [E2RUMeasurement(ru: io.nodeName, state: state, sleepDepth: depth,
                                                            powerW: seconds > 0 ? periodEnergyJ / seconds : 0,
                                                            load: periodLoadSum / Double(max(1, periodSlotsRun)))]))
            periodEnergyJ = 0; periodLoadSum = 0; periodSlotsRun = 0
        }
    }

    private func apply(_ request: RCControlRequest, _ io: NodeIO) {
        var refusal: String?
        switch request.action {
        case let .ruSleep(ru, depth) where ru == io.nodeName:
            power.requestSleep(depth, atSlot: Int(io.slot))
        case let .ruWake(ru) where ru == io.nodeName:
            power.requestWake(atSlot: Int(io.slot))
        default:
            refusal = "\(io.nodeName) (ru) does not apply this action"
        }
        e2?.acknowledge(request, refusal: refusal, io)
    }

    static func stateName(_ state: RUPowerState) -> (String, Int?) {
        switch state {
        case .active: ("active", nil)
        case .wakingUp: ("wakingUp", nil)
        case .sleep(let d): ("sleep", d.rawValue)
        case .enteringSleep(let d): ("enteringSleep", d.rawValue)
        }
    }

    public func fillReport(_ report: inout NodeReport) {
        report.energyJ = energyJ
        e2?.fill(&report)
    }
}
