import Foundation
import Interfaces
import Radio
import Report
import Scenario
import Scheduler

/// RLC, MAC and the scheduler core for the DU's cells: F1 towards the CU, open
/// fronthaul (C-plane + U-plane) towards each cell's RU.
public final class DUNode: NodeBehavior {
    /// One served cell: its scheduler and the per-UE MAC/RLC state it needs.
    final class Cell {
        let index: Int
        let config: CellConfig
        let ruLink: Int
        let scheduler: CellScheduler
        let numerology: Int
        var ueIds: [UInt32] = []                       // by scheduler UE index
        var downlinkQueues: [RLCQueue] = []            // by scheduler UE index
        var downlinkHARQ: [[TransportBlock?]] = []     // [ue][process]
        var uplinkReassembly: [RLCReassembly] = []
        var pendingRRC: [RRCContainer] = []
        var report: CellReport
        var lastSample = CellReport(name: "")
        var controlSequence: UInt8 = 0
        var userSequence: UInt8 = 0

        init(index: Int, config: CellConfig, ruLink: Int, scheduler: CellScheduler, numerology: Int, peakMbps: Double) {
            self.index = index; self.config = config; self.ruLink = ruLink; self.scheduler = scheduler
            self.numerology = numerology
            report = CellReport(name: config.name)
            report.expectedPeakDLMbps = peakMbps
        }
    }

    /// Uplink SINR below which more PRBs no longer pay for a power-limited UE.
    static let uplinkSINRFloorDb = 3.0
    /// The channel reports -50 dB when nothing reaches the receiver.
    static let noSignalCentiDb: Int16 = -3000

    private let cuName: String
    private var f1SetUp = false
    private var fronthaulSetUp: Set<String> = []
    private var cells: [Cell] = []
    /// UE id -> (cell position in `cells`, scheduler UE index).
    private var ueLocation: [UInt32: (cell: Int, index: Int)] = [:]
    private var initialRequestsSent: Set<UInt32> = []
    private var queueBytesPerUE: Int

    public init(topology: Topology, nodeName: String) throws {
        cuName = topology.node(nodeName)?.cu ?? ""
        queueBytesPerUE = 0
        let links = topology.links(of: nodeName)
        for i in topology.cellIndices(ofDU: nodeName) {
            let config = topology.scenario.cells[i]
            let ues = topology.ues.filter { $0.cell == i }.count
            let schedulerConfig = CellCapacity.schedulerConfig(config, maxUEs: max(1, ues), topology: topology)
            let scheduler = try CellScheduler(config: schedulerConfig)
            let ruLink = links.firstIndex { $0.peer == config.ru } ?? 0
            let peak = CellCapacity.peakDownlinkBps(config, numerology: topology.numerology)
            cells.append(Cell(index: i, config: config, ruLink: ruLink, scheduler: scheduler,
                              numerology: topology.scenario.numerology, peakMbps: (peak / 1e6).rounded(toPlaces: 3)))
            queueBytesPerUE = max(queueBytesPerUE, TrafficPlan.rlcQueueBytes(cell: i, topology))
        }
    }

    public var isSetUp: Bool { f1SetUp && fronthaulSetUp.count == cells.count }

    public func sendSetupRequests(_ io: NodeIO) {
        let mine = io.vendor
        if !f1SetUp, let link = io.link(to: cuName) {
            let served = cells.map { ServedCell(name: $0.config.name, prbs: $0.config.prbs, numerology: io.scenario.numerology) }
            io.send(link: link, F1SetupRequest(duNode: io.nodeName, vendor: mine.name, versions: mine.f1Versions,
                                               servedCells: served, maxUEs: mine.maxUEs))
        }
        for cell in cells where !fronthaulSetUp.contains(cell.config.ru) {
            io.send(link: cell.ruLink, FronthaulSetupRequest(duNode: io.nodeName, vendor: mine.name, versions: mine.fronthaulVersions,
                                                             cell: cell.config.name, prbs: cell.config.prbs,
                                                             numerology: io.scenario.numerology,
                                                             compression: cell.config.fronthaulCompression.rawValue))
        }
    }

    public func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError) {
        switch (unit.header.interface, unit.header.messageType) {
        case (.f1Control, SetupMessageType.response):
            f1SetUp = true
        case (.f1Control, SetupMessageType.failure):
            if let m = decodeControl(F1SetupFailure.self, unit, io) { throw SetupProcedureError(m.failure) }
        case (.fronthaulManagement, SetupMessageType.response):
            if let m = decodeControl(FronthaulSetupResponse.self, unit, io) { fronthaulSetUp.insert(m.ruNode) }
        case (.fronthaulManagement, SetupMessageType.failure):
            if let m = decodeControl(FronthaulSetupFailure.self, unit, io) { throw SetupProcedureError(m.failure) }
        default:
            break
        }
    }

    // MARK: Messages

    public func handle(_ unit: WireUnit, _ io: NodeIO) {
        switch (unit.header.interface, unit.header.messageType) {
        case (.fronthaulUser, FronthaulMessageType.uplink):
            var r = ByteReader(Array(unit.payload))
            guard (try? UserPlaneMessage.decodeHeaders(from: &r)) != nil, let frame = try? AirFrame.decode(from: &r) else {
                io.counters.decodeErrors += 1; return
            }
            handleUplink(frame, io)
        case (.f1Control, UEContextSetupRequest.messageType):
            guard let m = decodeControl(UEContextSetupRequest.self, unit, io) else { return }
            handleContextSetup(m, io)
        case (.f1User, UserPlaneMessageType.gpdu):
            var r = ByteReader(Array(unit.payload))
            guard let gtp = try? GTPUPacket.decode(from: &r), let at = ueLocation[gtp.packet.ueId],
                  gtp.teid == TEIDPlan.duDownlink(gtp.packet.ueId) else { io.counters.decodeErrors += 1; return }
            let cell = cells[at.cell]
            // A full RLC buffer drops the SDU; the queue counts it for the report.
            cell.downlinkQueues[at.index].enqueue(sequence: gtp.packet.sequence, sizeBytes: gtp.packet.sizeBytes,
                                                  createdNs: gtp.packet.createdNs, wallCreatedNs: gtp.packet.wallCreatedNs)
        default:
            io.counters.decodeErrors += 1
        }
    }

    private func handleContextSetup(_ m: UEContextSetupRequest, _ io: NodeIO) {
        guard Int(m.duUeId) < io.topology.ues.count, ueLocation[m.duUeId] == nil,
              let c = cells.firstIndex(where: { $0.index == io.topology.ues[Int(m.duUeId)].cell }) else { return }
        let cell = cells[c]
        let slice = CellCapacity.sliceID(of: io.topology.ues[Int(m.duUeId)], io.topology)
        guard let index = try? cell.scheduler.addUE(rnti: RNTI(truncatingIfNeeded: 0x4601 + m.duUeId), slice: slice) else {
            io.logger.warning("cell full: UE context refused", metadata: ["ue.id": "\(m.duUeId)", "cell": "\(cell.config.name)"])
            return
        }
        let i = index.value
        while cell.ueIds.count <= i {
            cell.ueIds.append(0); cell.downlinkQueues.append(RLCQueue(maxBytes: queueBytesPerUE))
            cell.downlinkHARQ.append(Array(repeating: nil, count: 32)); cell.uplinkReassembly.append(RLCReassembly())
        }
        cell.ueIds[i] = m.duUeId
        ueLocation[m.duUeId] = (c, i)
        cell.pendingRRC.append(RRCContainer(ueId: m.duUeId, body: m.rrc.encoded()))
        if let link = io.link(to: cuName) {
            io.send(link: link, UEContextSetupResponse(duUeId: m.duUeId, cuUeId: m.cuUeId, downlinkTEID: TEIDPlan.duDownlink(m.duUeId)))
        }
        cuUplinkTEID[m.duUeId] = m.uplinkTEID
    }

    private var cuUplinkTEID: [UInt32: UInt32] = [:]

    private func handleUplink(_ frame: AirFrame, _ io: NodeIO) {
        for rrc in frame.rrc {
            guard let m = try? RRCMessage.decode(rrc.body), m.kind == .setupRequest,
                  Int(rrc.ueId) < io.topology.ues.count, ueLocation[rrc.ueId] == nil,
                  let link = io.link(to: cuName) else { continue }
            let ue = io.topology.ues[Int(rrc.ueId)]
            io.send(link: link, InitialULRRCMessageTransfer(duUeId: rrc.ueId, cell: io.scenario.cells[ue.cell].name, rrc: m))
        }
        for uci in frame.uplinkControl {
            guard let at = ueLocation[uci.ueId] else { continue }
            let cell = cells[at.cell]
            let ue = UEIndex(at.index)
            if uci.cqi <= 15 { cell.scheduler.handleCQIReport(ue: ue, cqi: Int(uci.cqi)) }
            if uci.bufferBytes != .max { cell.scheduler.handleULBufferStatusReport(ue: ue, pendingBytes: Int(uci.bufferBytes)) }
            for ack in uci.harqAcks {
                cell.scheduler.handleDLHARQFeedback(ue: ue, harqProcess: Int(ack.harqProcess), ack: ack.ack)
                if ack.ack { cell.downlinkHARQ[at.index][Int(ack.harqProcess) % 32] = nil }
            }
        }
        for tb in frame.transportBlocks where tb.isUplink {
            guard let at = ueLocation[tb.ueId] else { continue }
            let cell = cells[at.cell]
            cell.scheduler.handleULDecodeResult(ue: UEIndex(at.index), harqProcess: Int(tb.harqProcess), ok: tb.isDecoded)
            // PUSCH DMRS gives the uplink SINR. Assuming the UE's power is spread over its PRBs
            // (power-limited), the SINR one PRB would get sets how many PRBs are worth granting
            // (the power headroom) and the CQI the UL link adaptation follows at that width.
            // DMRS gives a measurement whether or not the block decodes, unless nothing was received
            // (an outage or a handover gap); and a UE is never measured down to CQI 0, which would
            // leave it without the grant needed to be measured again.
            let table: CQITable = cell.config.mcsTable == .qam256 ? .table2 : .table1
            if tb.sinrCentiDb > Self.noSignalCentiDb {
            let onePRBDb = Double(tb.sinrCentiDb) / 100 + 10 * log10(Double(max(1, tb.numPRBs)))
            let worthPRBs = Int(pow(10, (onePRBDb - Self.uplinkSINRFloorDb) / 10))
            let granted = min(max(1, worthPRBs), cell.config.prbs)
            cell.scheduler.handleULPowerHeadroom(ue: UEIndex(at.index), maxPRBs: granted)
            cell.scheduler.handleULChannelQuality(
                ue: UEIndex(at.index), cqi: max(1, CQITable.cqi(sinrDb: onePRBDb - 10 * log10(Double(granted)), table: table)))
            }
            cell.report.ulTransmissions += 1
            if tb.transmission > 1 { cell.report.ulRetransmissions += 1 }
            guard tb.isDecoded else { continue }
            cell.report.ulBits += UInt64(tb.tbsBytes) * 8
            guard let link = io.link(to: cuName), let teid = cuUplinkTEID[tb.ueId] else { continue }
            let ue = io.topology.ues[Int(tb.ueId)]
            for s in tb.segments where cell.uplinkReassembly[at.index].receive(s) {
                let packet = UserPacket(ueId: tb.ueId, sequence: s.sequence, createdNs: s.createdNs, sizeBytes: Int(s.sduBytes),
                                        sourceIP: ue.ipv4, destinationIP: TrafficPlan.dataNetworkIPv4,
                                        wallCreatedNs: s.wallCreatedNs)
                let gtp = GTPUPacket(teid: teid, pdcpNumber: UInt16(truncatingIfNeeded: s.sequence), packet: packet)
                io.send(link: link, interface: .f1User, messageType: UserPlaneMessageType.gpdu,
                        flags: WireHeader.flagSyntheticPayload) { gtp.encode(into: &$0) }
            }
        }
    }

    // MARK: Slot

    public func runSlot(_ io: NodeIO) {
        for cell in cells { runSlot(cell, io) }
    }

    private func runSlot(_ cell: Cell, _ io: NodeIO) {
        let now = io.nowNs
        let slotNs = io.topology.slotDurationNs
        for i in cell.ueIds.indices {
            let q = cell.downlinkQueues[i]
            let holSlot = q.headOfLineCreatedNs.map { Int($0 / slotNs) }
            cell.scheduler.handleDLBufferStatus(ue: UEIndex(i), pendingBytes: q.bytesToDrain,
                                                headOfLineArrivalSlot: holSlot ?? Int(now / slotNs))
        }
        let result = cell.scheduler.runSlot(Int(io.slot))
        var frame = AirFrame()
        var sections: [ControlPlaneSection] = []
        cell.report.slots += 1
        if result.dlSymbols > 0 { cell.report.dlPRBsAvailable += UInt64(cell.config.prbs) }
        if result.ulSymbols > 0 { cell.report.ulPRBsAvailable += UInt64(cell.config.prbs) }
        for g in result.dlGrants {
            let i = g.ue.value
            let process = g.harqProcess % 32
            let tb: TransportBlock
            if g.isRetransmission, var kept = cell.downlinkHARQ[i][process] {
                kept.flags = TransportBlock.flagRetransmission
                kept.transmission &+= 1
                kept.startPRB = UInt16(g.startPRB); kept.numPRBs = UInt16(g.numPRBs); kept.mcs = UInt8(g.mcs)
                tb = kept
                cell.report.dlRetransmissions += 1
            } else {
                let segments = cell.downlinkQueues[i].dequeue(capacityBytes: g.tbsBytes)
                tb = TransportBlock(ueId: cell.ueIds[i], cell: UInt16(cell.index), harqProcess: UInt8(process), flags: 0,
                                    mcs: UInt8(g.mcs), startPRB: UInt16(g.startPRB), numPRBs: UInt16(g.numPRBs),
                                    tbsBytes: UInt32(g.tbsBytes), segments: segments)
                cell.report.dlBits += UInt64(g.tbsBytes) * 8
            }
            cell.downlinkHARQ[i][process] = tb
            frame.transportBlocks.append(tb)
            cell.report.dlTransmissions += 1
            cell.report.dlPRBsUsed += UInt64(g.numPRBs)
            cell.report.dlMCSSum += UInt64(g.mcs)
            sections += ControlPlaneMessage.sections(sectionId: UInt16(truncatingIfNeeded: i), startPRB: g.startPRB,
                                                     numPRBs: g.numPRBs, numSymbols: result.dlSymbols)
        }
        for g in result.ulGrants {
            frame.uplinkGrants.append(UplinkGrant(ueId: cell.ueIds[g.ue.value], cell: UInt16(cell.index),
                                                  harqProcess: UInt8(g.harqProcess), retransmission: g.isRetransmission,
                                                  mcs: UInt8(g.mcs), startPRB: UInt16(g.startPRB), numPRBs: UInt16(g.numPRBs),
                                                  tbsBytes: UInt32(g.tbsBytes)))
            cell.report.ulPRBsUsed += UInt64(g.numPRBs)
        }
        frame.rrc = cell.pendingRRC
        cell.pendingRRC.removeAll()
        let timing = FrameTiming(slot: io.slot, numerology: cell.numerology)
        if !sections.isEmpty {
            let c = ControlPlaneMessage(downlink: true, timing: timing, sections: sections, sequence: cell.controlSequence)
            cell.controlSequence &+= 1
            io.send(link: cell.ruLink, interface: .fronthaulControl, messageType: FronthaulMessageType.downlink) { c.encode(into: &$0) }
        }
        if !frame.isEmpty {
            let u = UserPlaneMessage(downlink: true, timing: timing, numPRBs: cell.config.prbs, sequence: cell.userSequence, frame: frame)
            cell.userSequence &+= 1
            io.send(link: cell.ruLink, interface: .fronthaulUser, messageType: FronthaulMessageType.downlink,
                    flags: WireHeader.flagSyntheticPayload) { u.encode(into: &$0) }
        }
    }

    // MARK: Reports

    public func progressSamples(_ io: NodeIO) -> [CellSample] {
        cells.map { cell in
            let now = cell.report, last = cell.lastSample
            let seconds = Double(now.slots - last.slots) * io.topology.numerology.slotDurationUs / 1e6
            func ratio(_ a: UInt64, _ b: UInt64) -> Double { b == 0 ? 0 : (Double(a) / Double(b)).rounded(toPlaces: 4) }
            let tx = now.dlTransmissions - last.dlTransmissions
            let sample = CellSample(
                cell: cell.config.name, timeMs: Double(io.topology.slotStartNs(io.slot + 1)) / 1e6,
                dlMbps: seconds > 0 ? (Double(now.dlBits - last.dlBits) / seconds / 1e6).rounded(toPlaces: 3) : 0,
                ulMbps: seconds > 0 ? (Double(now.ulBits - last.ulBits) / seconds / 1e6).rounded(toPlaces: 3) : 0,
                dlPRBUtilization: ratio(now.dlPRBsUsed - last.dlPRBsUsed, now.dlPRBsAvailable - last.dlPRBsAvailable),
                ulPRBUtilization: ratio(now.ulPRBsUsed - last.ulPRBsUsed, now.ulPRBsAvailable - last.ulPRBsAvailable),
                meanDLMCS: tx == 0 ? 0 : (Double(now.dlMCSSum - last.dlMCSSum) / Double(tx)).rounded(toPlaces: 2),
                harqRetransmissions: now.dlRetransmissions - last.dlRetransmissions,
                queuedBytes: UInt64(cell.downlinkQueues.reduce(0) { $0 + $1.pendingBytes }),
                connectedUEs: cell.ueIds.count)
            cell.lastSample = now
            return sample
        }
    }

    public func fillReport(_ report: inout NodeReport) {
        for cell in cells {
            var r = cell.report
            r.queueDrops += cell.downlinkQueues.reduce(0) { $0 + $1.droppedSDUs }
            r.harqFailures = UInt64(cell.scheduler.statistics.droppedDLTransportBlocks)
            r.ulHARQFailures = UInt64(cell.scheduler.statistics.droppedULTransportBlocks)
            report.cells.append(r)
        }
    }
}
