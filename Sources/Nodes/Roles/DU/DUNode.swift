import Foundation
import Interfaces
import Report
import Scenario
import Scheduler

/// RLC, MAC and the scheduler core for the DU's cells: F1 towards the CU, open
/// fronthaul (C-plane + U-plane) towards each cell's RU.
///
/// One concern per file: the cells' state (``DUCell``), F1 (UE contexts, handover, downlink
/// data: `DUNode+F1`), the uplink (`DUNode+Uplink`), the slot (scheduling and transmit:
/// `DUNode+Slot`), E2 (control actions and KPM reports: `DUNode+E2`) and the vDU's
/// processing (``VDUCompute``).
public final class DUNode: NodeBehavior {
    let cuName: String
    var f1SetUp = false
    var fronthaulSetUp: Set<String> = []
    /// The setup requests this DU sends (from the scenario, checked on the first attempt).
    var setupOffers: [SetupOffer] = []
    var cells: [DUCell] = []
    /// UE id -> (cell position in `cells`, scheduler UE index).
    var ueLocation: [UInt32: (cell: Int, index: Int)] = [:]
    var queueBytesPerUE: Int
    /// The vDU's processing (nil when the du has no server).
    var vdu: VDUCompute?
    var e2: E2Agent?
    /// Slice names by scheduler slice index (the last is the default slice of groups without one).
    let sliceNames: [String]
    /// Fronthaul + air (RU -> channel -> UE) delay after the DU sends a block.
    let downstreamNs: UInt64
    /// The CU's uplink tunnel of each UE (F1-U).
    var cuUplinkTEID: [UInt32: UInt32] = [:]
    /// UEs released to another DU -> position in `cells` of the cell they left.
    var handedOut: [UInt32: Int] = [:]
    /// UEs admitted by handover that have not yet reported from their new cell: their downlink
    /// waits (queued), as a target cell waits for the UE's random access and reconfiguration
    /// complete before sending.
    var awaitingArrival: Set<UInt32> = []
    /// The cell (position in `cells`) each attaching UE's RRC Setup Request came through: its
    /// context goes there (a UE that attaches again after losing a cell it was handed over to is
    /// not in its home cell).
    var attachCell: [UInt32: Int] = [:]
    /// Per cell RU with restart faults: the slot each new RU starts (the DU sets up its fronthaul again then).
    var ruRestarts: [(ru: String, slot: UInt64)] = []
    /// UEs whose context was dropped because they attach again (their cell was lost): downlink
    /// data for them is dropped at the DU until the CU sets the context up again.
    var reattaching: [UInt32: Int] = [:]
    /// Per-UE radio counters, indexed by UE id (sized at start-up).
    var ueRadio: [UERadioReport]

    public init(topology: Topology, nodeName: String) throws {
        ueRadio = topology.ues.map { UERadioReport(ueId: $0.id) }
        vdu = topology.computeModel(of: nodeName).map {
            VDUCompute(model: $0, cores: topology.initialCores(of: nodeName) ?? 1, server: topology.node(nodeName)?.server)
        }
        sliceNames = topology.scenario.slices.map(\.name) + ["default"]
        downstreamNs = (topology.delaySlots(us: topology.linkDelays.fronthaulUs) + 2 * topology.delaySlots(us: topology.linkDelays.airUs))
            * topology.slotDurationNs
        cuName = topology.node(nodeName)?.cu ?? ""
        queueBytesPerUE = 0
        let links = topology.links(of: nodeName)
        for i in topology.cellIndices(ofDU: nodeName) {
            let config = topology.scenario.cells[i]
            // Room for every UE the orchestrator could steer here: those of this DU's cells and of
            // the cells that are neighbours of one of them.
            let ues = topology.orchestratorName == nil ? topology.ues.filter { $0.cell == i }.count
                : topology.ues.filter { topology.steeringReach(ofDU: nodeName).contains($0.cell) }.count
            let schedulerConfig = CellCapacity.schedulerConfig(config, maxUEs: max(1, ues), topology: topology)
            let scheduler = try CellScheduler(config: schedulerConfig)
            let ruLink = links.firstIndex { $0.peer == config.ru } ?? 0
            let peak = CellCapacity.peakDownlinkBps(config, numerology: topology.numerology)
            cells.append(DUCell(index: i, config: config, ruLink: ruLink, scheduler: scheduler, numerology: topology.scenario.numerology,
                                peakMbps: (peak / 1e6).rounded(toPlaces: 3), slices: sliceNames.count))
            queueBytesPerUE = max(queueBytesPerUE, TrafficPlan.rlcQueueBytes(cell: i, topology))
            ruRestarts += topology.restarts(of: config.ru).map { (config.ru, $0.upperBound) }
        }
    }

    // MARK: Setup

    public var isSetUp: Bool { f1SetUp && fronthaulSetUp.count == cells.count }

    /// F1 Setup towards the CU and a fronthaul setup towards each cell's RU, once the DU's own
    /// vendor can serve its cells: their numerology, PRBs and UEs (F1), their compression (fronthaul).
    public func sendSetupRequests(_ io: NodeIO) throws(SetupProcedureError) {
        if setupOffers.isEmpty { setupOffers = io.setupOffers }
        try io.checkOwnCapabilities(setupOffers)
        for offer in setupOffers {
            switch offer.procedure {
            case .f1Setup where !f1SetUp:
                if let link = io.link(to: cuName) { io.send(link: link, F1SetupRequest(offer)) }
            case .fronthaulSetup where !fronthaulSetUp.contains(offer.responder.node):
                if let link = io.link(to: offer.responder.node) { io.send(link: link, FronthaulSetupRequest(offer)) }
            default:
                continue
            }
        }
    }

    public func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError) {
        switch (unit.header.interface, unit.header.messageType) {
        case (.f1Control, SetupMessageType.response):
            guard let m = decodeControl(F1SetupResponse.self, unit, io) else { return }
            try io.checkAnswer(setupOffers.first { $0.procedure == .f1Setup }, chosenVersion: m.version)
            f1SetUp = true
        case (.f1Control, SetupMessageType.failure):
            if let m = decodeControl(F1SetupFailure.self, unit, io) { throw SetupProcedureError(m.failure) }
        case (.fronthaulManagement, SetupMessageType.response):
            guard let m = decodeControl(FronthaulSetupResponse.self, unit, io) else { return }
            try io.checkAnswer(setupOffers.first { $0.procedure == .fronthaulSetup && $0.responder.node == m.ruNode },
                               chosenVersion: m.version)
            fronthaulSetUp.insert(m.ruNode)
        case (.fronthaulManagement, SetupMessageType.failure):
            if let m = decodeControl(FronthaulSetupFailure.self, unit, io) { throw SetupProcedureError(m.failure) }
        default:
            break
        }
    }

    // MARK: Messages and slots

    public func handle(_ unit: WireUnit, _ io: NodeIO) {
        if e2 == nil { e2 = E2Agent(io: io) }
        if e2?.handle(unit, io) == true { return }
        switch (unit.header.interface, unit.header.messageType) {
        case (.fronthaulUser, FronthaulMessageType.uplink):
            var r = ByteReader(unit.payload)
            guard (try? UserPlaneMessage.decodeHeaders(from: &r)) != nil, let frame = try? AirFrame.decode(from: &r) else {
                io.counters.decodeErrors += 1; return
            }
            handleUplink(frame, fromLink: io.link(of: unit), io)
        case (.f1Control, UEContextSetupRequest.messageType):
            guard let m = decodeControl(UEContextSetupRequest.self, unit, io) else { return }
            handleContextSetup(m, io)
        case (.f1Control, UEContextModificationRequest.messageType):
            guard let m = decodeControl(UEContextModificationRequest.self, unit, io) else { return }
            release(m, io)
        case (.f1User, UserPlaneMessageType.gpdu):
            var r = ByteReader(unit.payload)
            guard let gtp = try? GTPUPacket.decode(from: &r) else { io.counters.decodeErrors += 1; return }
            guard gtp.teid == TEIDPlan.duDownlink(gtp.packet.ueId) else {
                io.refuseUnknownTEID(gtp.teid, ue: gtp.packet.ueId, unit); return
            }
            handleDownlinkData(gtp.packet, from: unit, io)
        default:
            io.counters.decodeErrors += 1
        }
    }

    public func runSlot(_ io: NodeIO) {
        if !ruRestarts.isEmpty { setUpRestartedRUs(io) }
        if e2 == nil { e2 = E2Agent(io: io) }
        e2?.start(io, role: "du")
        for request in e2?.due(io.slot) ?? [] { apply(request, io) }
        vdu?.completeMigration(bySlot: io.slot)
        let results = cells.map { schedule($0, io) }
        let late = vdu?.processSlot(results, io.topology) ?? false
        for (cell, result) in zip(cells, results) { transmit(cell, result, late: late, io) }
        if let e2, e2.isPeriodEnd(io.slot) { reportPeriod(e2, io) }
    }

    // MARK: Reports

    public func progressSamples(_ io: NodeIO) -> [CellSample] {
        cells.map { cell in
            let now = cell.report, last = cell.lastSample
            let seconds = Double(now.slots - last.slots) * io.topology.numerology.slotDurationUs / 1e6
            func ratio(_ a: UInt64, _ b: UInt64) -> Double { b == 0 ? 0 : (Double(a) / Double(b)).rounded(toPlaces: 4) }
            let tx = now.dlTransmissions - last.dlTransmissions
            var sample = CellSample(
                cell: cell.config.name, timeMs: Double(io.topology.slotStartNs(io.slot + 1)) / 1e6,
                dlMbps: seconds > 0 ? (Double(now.dlBits - last.dlBits) / seconds / 1e6).rounded(toPlaces: 3) : 0,
                ulMbps: seconds > 0 ? (Double(now.ulBits - last.ulBits) / seconds / 1e6).rounded(toPlaces: 3) : 0,
                dlPRBUtilization: ratio(now.dlPRBsUsed - last.dlPRBsUsed, now.dlPRBsAvailable - last.dlPRBsAvailable),
                ulPRBUtilization: ratio(now.ulPRBsUsed - last.ulPRBsUsed, now.ulPRBsAvailable - last.ulPRBsAvailable),
                meanDLMCS: tx == 0 ? 0 : (Double(now.dlMCSSum - last.dlMCSSum) / Double(tx)).rounded(toPlaces: 2),
                harqRetransmissions: now.dlRetransmissions - last.dlRetransmissions,
                queuedBytes: UInt64(cell.queuedBytes),
                connectedUEs: cell.activeUEs)
            sample.dlBits = now.dlBits - last.dlBits
            sample.ulBits = now.ulBits - last.ulBits
            sample.dlGrants = tx
            sample.ulGrants = now.ulTransmissions - last.ulTransmissions
            sample.ulHARQRetransmissions = now.ulRetransmissions - last.ulRetransmissions
            sample.peakDLMbps = now.expectedPeakDLMbps
            cell.lastSample = now
            return sample
        }
    }

    /// The RLC SDUs waiting in the cells' queues and the HARQ blocks not yet acknowledged.
    public var lostOnKill: [String: UInt64] {
        let queues = cells.flatMap(\.downlinkQueues)
        return ["rlcSDUs": UInt64(queues.reduce(0) { $0 + $1.pendingSDUs }),
                "rlcBytes": UInt64(queues.reduce(0) { $0 + $1.pendingBytes }),
                "harqBlocks": UInt64(cells.reduce(0) { $0 + $1.downlinkHARQ.heldBlocks })]
    }

    public func fillReport(_ report: inout NodeReport) {
        for cell in cells {
            var r = cell.report
            r.queueDrops += cell.downlinkQueues.reduce(0) { $0 + $1.droppedSDUs }
            r.harqFailures = UInt64(cell.scheduler.statistics.droppedDLTransportBlocks)
            r.ulHARQFailures = UInt64(cell.scheduler.statistics.droppedULTransportBlocks)
            r.mac = MACCounters(cell.scheduler.statistics, slots: r.slots)
            report.cells.append(r)
        }
        report.ueRadio = ueRadio.filter { $0.downlinkQueueDrops > 0 || $0.uplinkHARQFailures > 0 || $0.uplinkSINRSamples > 0 }
        if let vdu { report.computeLateSlots = vdu.lateSlots }
        e2?.fill(&report)
    }
}
