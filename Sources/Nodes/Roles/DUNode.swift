import Foundation
import Interfaces
import Orchestrator
import Power
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
        /// Counters at the start of the current orchestration period.
        var periodStart = CellReport(name: "")
        /// Per slice (scheduler slice index): DL latencies (ns) and DL PRBs of the period.
        var sliceLatencyNs: [PercentileHistogram] = []
        var slicePRBs: [Int] = []
        /// Per slice: bits of new DL transport blocks sent in the period.
        var sliceBits: [Double] = []
        var periodGrants = 0
        /// [ue][process]: the block's first transmission fell in a late slot and was never sent.
        var unsentFirst: [[Bool]] = []

        /// The cell's RU was told to sleep: no new downlink data is scheduled until it wakes.
        var ruAsleep = false

        /// UEs the cell serves now (steering moves some to another cell).
        var activeUEs: Int { ueIds.indices.filter { scheduler.isActive(UEIndex($0)) }.count }

        /// Makes room for per-UE state up to scheduler index `i`.
        func grow(to i: Int, queueBytes: Int) {
            while ueIds.count <= i {
                ueIds.append(0); downlinkQueues.append(RLCQueue(maxBytes: queueBytes))
                downlinkHARQ.append(Array(repeating: nil, count: 32)); uplinkReassembly.append(RLCReassembly())
                unsentFirst.append(Array(repeating: false, count: 32))
            }
        }

        /// Forgets the per-UE state at scheduler index `i`: its UE has left the cell.
        func clearUE(at i: Int, queueBytes: Int) {
            downlinkQueues[i] = RLCQueue(maxBytes: queueBytes)
            downlinkHARQ[i] = Array(repeating: nil, count: 32)
            unsentFirst[i] = Array(repeating: false, count: 32)
            uplinkReassembly[i] = RLCReassembly()
        }

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
    /// The vDU: its compute model (nil when the du has no server), cores, and the period's processing.
    private var compute: VRANComputeModel?
    private var cores: Int
    private var server: String?
    private var migration: (toServer: String, completeSlot: UInt64)?
    /// The vDU's processing time of each slot of the period, ns.
    private var processingNs = PercentileHistogram()
    private var periodWorkUs = 0.0
    private var periodLateSlots = 0
    private var computeLateSlots: UInt64 = 0
    private var e2: E2Agent?
    /// Slice names by scheduler slice index (the last is the default slice of groups without one).
    private let sliceNames: [String]
    /// Fronthaul + air (RU -> channel -> UE) delay after the DU sends a block.
    private let downstreamNs: UInt64

    public init(topology: Topology, nodeName: String) throws {
        cores = topology.initialCores(of: nodeName) ?? 1
        server = topology.node(nodeName)?.server
        compute = topology.computeModel(of: nodeName)
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
            cells.append(Cell(index: i, config: config, ruLink: ruLink, scheduler: scheduler,
                              numerology: topology.scenario.numerology, peakMbps: (peak / 1e6).rounded(toPlaces: 3)))
            queueBytesPerUE = max(queueBytesPerUE, TrafficPlan.rlcQueueBytes(cell: i, topology))
        }
        for cell in cells {
            // One histogram each (not copies of one), so none is copied on its first sample.
            cell.sliceLatencyNs = sliceNames.map { _ in PercentileHistogram() }
            cell.slicePRBs = Array(repeating: 0, count: sliceNames.count)
            cell.sliceBits = Array(repeating: 0, count: sliceNames.count)
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
        if e2 == nil { e2 = E2Agent(io: io) }
        if e2?.handle(unit, io) == true { return }
        switch (unit.header.interface, unit.header.messageType) {
        case (.fronthaulUser, FronthaulMessageType.uplink):
            var r = ByteReader(unit.payload)
            guard (try? UserPlaneMessage.decodeHeaders(from: &r)) != nil, let frame = try? AirFrame.decode(from: &r) else {
                io.counters.decodeErrors += 1; return
            }
            handleUplink(frame, io)
        case (.f1Control, UEContextSetupRequest.messageType):
            guard let m = decodeControl(UEContextSetupRequest.self, unit, io) else { return }
            handleContextSetup(m, io)
        case (.f1Control, UEContextModificationRequest.messageType):
            guard let m = decodeControl(UEContextModificationRequest.self, unit, io) else { return }
            release(m, io)
        case (.f1User, UserPlaneMessageType.gpdu):
            var r = ByteReader(unit.payload)
            guard let gtp = try? GTPUPacket.decode(from: &r), gtp.teid == TEIDPlan.duDownlink(gtp.packet.ueId) else {
                io.counters.decodeErrors += 1; return
            }
            guard let at = ueLocation[gtp.packet.ueId] else {
                // In flight when the UE left for another DU: the path has switched since.
                if let c = handedOut[gtp.packet.ueId] { cells[c].report.handoverDiscards += 1 } else { io.counters.decodeErrors += 1 }
                return
            }
            let cell = cells[at.cell]
            // A full RLC buffer drops the SDU; the queue counts it for the report.
            cell.downlinkQueues[at.index].enqueue(sequence: gtp.packet.sequence, sizeBytes: gtp.packet.sizeBytes,
                                                  createdNs: gtp.packet.createdNs, wallCreatedNs: gtp.packet.wallCreatedNs)
        default:
            io.counters.decodeErrors += 1
        }
    }

    /// Admits a UE: at registration in its home cell (the RRC reconfiguration goes out here), or
    /// in an inter-DU handover in the cell the CU names (the source DU sends the RRC).
    private func handleContextSetup(_ m: UEContextSetupRequest, _ io: NodeIO) {
        guard Int(m.duUeId) < io.topology.ues.count, ueLocation[m.duUeId] == nil,
              let c = m.targetCell.map({ name in cells.firstIndex { $0.config.name == name } })
                ?? cells.firstIndex(where: { $0.index == io.topology.ues[Int(m.duUeId)].cell }) else { return }
        let cell = cells[c]
        let slice = CellCapacity.sliceID(of: io.topology.ues[Int(m.duUeId)], io.topology)
        guard let index = try? cell.scheduler.addUE(rnti: RNTI(truncatingIfNeeded: 0x4601 + m.duUeId), slice: slice) else {
            io.logger.warning("cell full: UE context refused", metadata: ["ue.id": "\(m.duUeId)", "cell": "\(cell.config.name)"])
            return
        }
        let i = index.value
        cell.grow(to: i, queueBytes: queueBytesPerUE)
        cell.ueIds[i] = m.duUeId
        ueLocation[m.duUeId] = (c, i)
        handedOut[m.duUeId] = nil
        if m.targetCell == nil { cell.pendingRRC.append(RRCContainer(ueId: m.duUeId, body: m.rrc.encoded())) }
        else { awaitingArrival.insert(m.duUeId) }
        if let link = io.link(to: cuName) {
            io.send(link: link, UEContextSetupResponse(duUeId: m.duUeId, cuUeId: m.cuUeId, downlinkTEID: TEIDPlan.duDownlink(m.duUeId)))
        }
        cuUplinkTEID[m.duUeId] = m.uplinkTEID
    }

    private var cuUplinkTEID: [UInt32: UInt32] = [:]
    /// UEs released to another DU -> position in `cells` of the cell they left.
    private var handedOut: [UInt32: Int] = [:]
    /// UEs admitted by handover that have not yet reported from their new cell: their downlink
    /// waits (queued), as a target cell waits for the UE's random access and reconfiguration
    /// complete before sending.
    private var awaitingArrival: Set<UInt32> = []

    /// The source side of an inter-DU handover: the UE gets its reconfiguration in the cell it
    /// is leaving; its scheduler context, HARQ blocks and queued SDUs go (the SDUs are counted).
    private func release(_ m: UEContextModificationRequest, _ io: NodeIO) {
        guard let at = ueLocation[m.duUeId] else { return }
        let cell = cells[at.cell]
        cell.report.handoverDiscards += UInt64(cell.downlinkQueues[at.index].pendingSDUs)
        cell.scheduler.removeUE(UEIndex(at.index))
        cell.clearUE(at: at.index, queueBytes: queueBytesPerUE)
        cell.pendingRRC.append(RRCContainer(ueId: m.duUeId, body: m.rrc.encoded()))
        ueLocation[m.duUeId] = nil
        cuUplinkTEID[m.duUeId] = nil
        handedOut[m.duUeId] = at.cell
        awaitingArrival.remove(m.duUeId)
    }

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
            // Any report from the UE in this DU's cell means it has arrived (after a handover).
            if !awaitingArrival.isEmpty { awaitingArrival.remove(uci.ueId) }
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
            measureUplink(tb, cell: cell, ue: UEIndex(at.index))
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

    /// DMRS gives a measurement whether or not the block decodes, unless nothing was received
    /// (an outage or a handover gap). Assuming the UE's power is spread over its PRBs
    /// (power-limited), the SINR one PRB would get sets how many PRBs are worth granting (the
    /// power headroom) and the CQI the UL link adaptation follows at that width. A UE is never
    /// measured down to CQI 0, which would leave it without the grant needed to be measured again.
    private func measureUplink(_ tb: TransportBlock, cell: Cell, ue: UEIndex) {
        guard tb.sinrCentiDb > Self.noSignalCentiDb else { return }
        let table: CQITable = cell.config.mcsTable == .qam256 ? .table2 : .table1
        let onePRBDb = Double(tb.sinrCentiDb) / 100 + 10 * log10(Double(max(1, tb.numPRBs)))
        let worthPRBs = Int(pow(10, (onePRBDb - Self.uplinkSINRFloorDb) / 10))
        let granted = min(max(1, worthPRBs), cell.config.prbs)
        cell.scheduler.handleULPowerHeadroom(ue: ue, maxPRBs: granted)
        cell.scheduler.handleULChannelQuality(
            ue: ue, cqi: max(1, CQITable.cqi(sinrDb: onePRBDb - 10 * log10(Double(granted)), table: table)))
    }

    // MARK: Slot

    public func runSlot(_ io: NodeIO) {
        if e2 == nil { e2 = E2Agent(io: io) }
        e2?.start(io, role: "du")
        for request in e2?.due(io.slot) ?? [] { apply(request, io) }
        if let m = migration, io.slot >= m.completeSlot { server = m.toServer; migration = nil }
        let results = cells.map { schedule($0, io) }
        let late = processSlot(results, io)
        for (cell, result) in zip(cells, results) { transmit(cell, result, late: late, io) }
        if let e2, e2.isPeriodEnd(io.slot) { reportPeriod(e2, io) }
    }

    private func schedule(_ cell: Cell, _ io: NodeIO) -> SlotResult {
        let now = io.nowNs
        let slotNs = io.topology.slotDurationNs
        for i in cell.ueIds.indices where cell.scheduler.isActive(UEIndex(i)) {
            let q = cell.downlinkQueues[i]
            let holSlot = q.headOfLineCreatedNs.map { Int($0 / slotNs) }
            let waiting = cell.ruAsleep || (!awaitingArrival.isEmpty && awaitingArrival.contains(cell.ueIds[i]))
            cell.scheduler.handleDLBufferStatus(ue: UEIndex(i), pendingBytes: waiting ? 0 : q.bytesToDrain,
                                                headOfLineArrivalSlot: holSlot ?? Int(now / slotNs))
        }
        return cell.scheduler.runSlot(Int(io.slot))
    }

    /// The vDU's processing of the slot (all its cells) with the vendor's compute model; true when
    /// it overruns the slot, so the slot's new transmissions miss their air time.
    private func processSlot(_ results: [SlotResult], _ io: NodeIO) -> Bool {
        guard let compute else { return false }
        var prbs = 0, ues = 0, bits = 0.0, res = 0.0
        for r in results {
            for g in r.dlGrants { prbs += g.numPRBs; ues += 1; bits += Double(g.tbsBytes * 8); res += Double(g.numPRBs * 12 * max(1, g.symbols)) }
            for g in r.ulGrants { prbs += g.numPRBs; ues += 1; bits += Double(g.tbsBytes * 8); res += Double(g.numPRBs * 12 * max(1, g.symbols)) }
        }
        let load = VDUSlotLoad(prbs: prbs, layers: 1, bitsPerRE: res > 0 ? bits / res : 0, scheduledUEs: ues)
        let f = io.topology.frequencyScale(ofServer: server)
        let us = compute.slotProcessingUs(load, cores: cores, frequencyScale: f)
        processingNs.record(UInt64((us * 1000).rounded()))
        periodWorkUs += compute.singleCoreWorkUs(load) / f
        let late = us > io.topology.numerology.slotDurationUs
        if late { periodLateSlots += 1; computeLateSlots += 1 }
        return late
    }

    private func transmit(_ cell: Cell, _ result: SlotResult, late: Bool, _ io: NodeIO) {
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
                if cell.unsentFirst[i][process] {
                    // Its first transmission never left (a late slot): this is the first time it is sent.
                    cell.unsentFirst[i][process] = false
                    cell.report.dlBits += UInt64(tb.tbsBytes) * 8
                    recordLatency(cell, tb, slice: Int(g.slice.rawValue), io)
                }
            } else {
                let segments = cell.downlinkQueues[i].dequeue(capacityBytes: g.tbsBytes)
                tb = TransportBlock(ueId: cell.ueIds[i], cell: UInt16(cell.index), harqProcess: UInt8(process), flags: 0,
                                    mcs: UInt8(g.mcs), startPRB: UInt16(g.startPRB), numPRBs: UInt16(g.numPRBs),
                                    tbsBytes: UInt32(g.tbsBytes), segments: segments)
                if late {
                    // Processed too late for its air time: kept for HARQ, counted as a NACK, not sent.
                    cell.downlinkHARQ[i][process] = tb
                    cell.unsentFirst[i][process] = true
                    cell.scheduler.handleDLHARQFeedback(ue: g.ue, harqProcess: g.harqProcess, ack: false)
                    continue
                }
                cell.report.dlBits += UInt64(g.tbsBytes) * 8
                recordLatency(cell, tb, slice: Int(g.slice.rawValue), io)
            }
            let sliceIndex = Int(g.slice.rawValue)
            if sliceIndex < cell.slicePRBs.count {
                cell.slicePRBs[sliceIndex] += g.numPRBs
                if !g.isRetransmission { cell.sliceBits[sliceIndex] += Double(g.tbsBytes * 8) }
            }
            cell.periodGrants += 1
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
            cell.periodGrants += 1
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

    /// DL latency of each SDU the block completes: creation to this slot, plus the fixed delay downstream.
    private func recordLatency(_ cell: Cell, _ tb: TransportBlock, slice: Int, _ io: NodeIO) {
        // Only E2 reports read (and reset) the samples: without an orchestrator, skip the work.
        guard e2?.link != nil, slice < cell.sliceLatencyNs.count else { return }
        let sent = io.nowNs + downstreamNs
        for seg in tb.segments where seg.offset + seg.length >= seg.sduBytes && sent >= seg.createdNs {
            cell.sliceLatencyNs[slice].record(sent - seg.createdNs)
        }
    }

    // MARK: E2

    /// Applies an RC control request at its slot (setCores, setSliceQuota, migrate); acknowledges it.
    private func apply(_ request: RCControlRequest, _ io: NodeIO) {
        var refusal: String?
        switch request.action {
        case let .setCores(vdu, n) where vdu == io.nodeName:
            if compute == nil { refusal = "du \(io.nodeName) is not a vDU (no server)" }
            else if n < 1 { refusal = "\(n) cores requested for vDU \(vdu)" }
            else { cores = n }
        case let .setSliceQuota(cellName, slice, minShare, maxShare):
            guard let cell = cells.first(where: { $0.config.name == cellName }) else {
                refusal = "cell \(cellName) is not served by \(io.nodeName)"; break
            }
            guard let index = sliceNames.dropLast().firstIndex(of: slice) else { refusal = "unknown slice \(slice)"; break }
            do {
                try cell.scheduler.setSliceQuota(slice: SliceID(index), minPRBShare: minShare, maxPRBShare: maxShare)
            } catch {
                refusal = "\(error)"
            }
        case let .steerUEs(fromCell, toCell, count):
            guard let from = cells.firstIndex(where: { $0.config.name == fromCell }),
                  let to = cells.firstIndex(where: { $0.config.name == toCell }) else {
                refusal = "cells \(fromCell) and \(toCell) are not both served by \(io.nodeName)"; break
            }
            refusal = steer(from: from, to: to, count: count, io)
        case let .ruSleep(ru, _):
            // A copy of the RU's request: stop the cell, first moving UEs still in it to another cell.
            guard let c = cells.firstIndex(where: { $0.config.ru == ru }) else { refusal = "\(ru) is not an RU of \(io.nodeName)"; break }
            cells[c].ruAsleep = true
            // Terrestrial cells first; an NTN cell of this DU keeps the UEs covered otherwise.
            let awake = cells.indices.filter { $0 != c && !cells[$0].ruAsleep }
            if cells[c].activeUEs > 0,
               let other = awake.first(where: { cells[$0].config.ntn == nil }) ?? awake.first {
                refusal = steer(from: c, to: other, count: Int.max, io)
            }
        case let .ruWake(ru):
            guard let c = cells.firstIndex(where: { $0.config.ru == ru }) else { refusal = "\(ru) is not an RU of \(io.nodeName)"; break }
            cells[c].ruAsleep = false
        case let .migrate(vdu, toServer) where vdu == io.nodeName:
            if compute == nil { refusal = "du \(io.nodeName) is not a vDU (no server)" }
            else {
                let ms = ResourceModel.defaultMigrationTimeMs
                migration = (toServer, io.slot + UInt64((ms * 1000 / io.topology.numerology.slotDurationUs).rounded(.up)))
            }
        default:
            refusal = "\(io.nodeName) (du) does not apply \(request.action)"
        }
        if let refusal {
            io.logger.notice("control action refused", metadata: ["action.id": "\(request.actionId)", "reason": "\(refusal)"])
        }
        e2?.acknowledge(request, refusal: refusal, io)
    }

    /// Moves up to `count` UEs between two cells of this DU: scheduler context and RLC queue move,
    /// blocks in HARQ are lost, and the UE is told its new cell in an RRC reconfiguration sent on
    /// the old cell (the channel routes its uplink from then on). UEs whose home is the target go first.
    private func steer(from: Int, to: Int, count: Int, _ io: NodeIO) -> String? {
        guard from != to else { return "cannot steer cell \(cells[from].config.name) to itself" }
        let source = cells[from], target = cells[to]
        let home = { (i: Int) in io.topology.ues[Int(source.ueIds[i])].cell == target.index ? 0 : 1 }
        let candidates = source.ueIds.indices.filter { source.scheduler.isActive(UEIndex($0)) }
            .sorted { (home($0), $0) < (home($1), $1) }
        for i in candidates.prefix(max(0, count)) {
            let id = source.ueIds[i]
            let slice = CellCapacity.sliceID(of: io.topology.ues[Int(id)], io.topology)
            guard let index = try? target.scheduler.addUE(rnti: RNTI(truncatingIfNeeded: 0x4601 + id), slice: slice) else {
                return "cell \(target.config.name) cannot take more UEs"
            }
            source.scheduler.removeUE(UEIndex(i))
            let j = index.value
            target.grow(to: j, queueBytes: queueBytesPerUE)
            target.ueIds[j] = id
            target.clearUE(at: j, queueBytes: queueBytesPerUE)
            target.downlinkQueues[j] = source.downlinkQueues[i]
            target.uplinkReassembly[j] = source.uplinkReassembly[i]
            source.clearUE(at: i, queueBytes: queueBytesPerUE)
            ueLocation[id] = (to, j)
            let rrc = RRCMessage(kind: .reconfiguration, ueId: id, cell: UInt16(target.index))
            source.pendingRRC.append(RRCContainer(ueId: id, body: rrc.encoded()))
            if let link = io.link(to: cuName) { io.send(link: link, UEContextModificationRequired(duUeId: id, cell: target.config.name)) }
        }
        return nil
    }

    /// The period's KPM report: per cell PRB use, throughput, buffer, UEs and slices; the vDU's processing.
    private func reportPeriod(_ e2: E2Agent, _ io: NodeIO) {
        let slotUs = io.topology.numerology.slotDurationUs
        var measurements: [E2CellMeasurement] = []
        for cell in cells {
            let now = cell.report, start = cell.periodStart
            let slots = Double(now.slots - start.slots)
            let seconds = slots * slotUs / 1e6
            func ratio(_ a: UInt64, _ b: UInt64) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
            let dlAvail = now.dlPRBsAvailable - start.dlPRBsAvailable
            let dlUsed = now.dlPRBsUsed - start.dlPRBsUsed
            let dlBits = Double(now.dlBits - start.dlBits), ulBits = Double(now.ulBits - start.ulBits)
            let res = Double(dlUsed) * 12 * 12
            let slices = sliceNames.indices.compactMap { k -> E2SliceMeasurement? in
                guard k < cell.sliceLatencyNs.count else { return nil }
                let latency = cell.sliceLatencyNs[k]
                if k == sliceNames.count - 1 && latency.isEmpty && cell.slicePRBs[k] == 0 { return nil }
                return E2SliceMeasurement(slice: sliceNames[k], prbUse: ratio(UInt64(cell.slicePRBs[k]), dlAvail),
                                          latencyP50Ms: Double(latency.value(atPercentile: 50)) / 1e6,
                                          latencyP99Ms: Double(latency.value(atPercentile: 99)) / 1e6,
                                          throughputMbps: seconds > 0 ? cell.sliceBits[k] / seconds / 1e6 : 0)
            }
            measurements.append(E2CellMeasurement(
                cell: cell.config.name, prbUseDL: ratio(dlUsed, dlAvail),
                prbUseUL: ratio(now.ulPRBsUsed - start.ulPRBsUsed, now.ulPRBsAvailable - start.ulPRBsAvailable),
                throughputDLMbps: seconds > 0 ? dlBits / seconds / 1e6 : 0, throughputULMbps: seconds > 0 ? ulBits / seconds / 1e6 : 0,
                activeUEs: cell.activeUEs, bufferBytes: cell.downlinkQueues.reduce(0) { $0 + $1.pendingBytes },
                meanBitsPerRE: res > 0 ? dlBits / res : 0, scheduledUEsPerSlot: slots > 0 ? Double(cell.periodGrants) / slots : 0,
                slices: slices))
            cell.periodStart = now
            for k in cell.sliceLatencyNs.indices { cell.sliceLatencyNs[k].reset() }
            cell.slicePRBs = Array(repeating: 0, count: sliceNames.count)
            cell.sliceBits = Array(repeating: 0, count: sliceNames.count)
            cell.periodGrants = 0
        }
        var vdus: [E2VDUMeasurement] = []
        if compute != nil {
            let capacity = Double(max(1, processingNs.count)) * slotUs * Double(cores)
            vdus.append(E2VDUMeasurement(vdu: io.nodeName, coresAllocated: cores, utilisation: min(1, periodWorkUs / capacity),
                                         processingP99Us: Double(processingNs.value(atPercentile: 99)) / 1000, lateSlots: periodLateSlots))
        }
        processingNs.reset(); periodWorkUs = 0; periodLateSlots = 0
        e2.send(io, KPMIndication(node: io.nodeName, periodIndex: e2.periodIndex(io.slot), slot: io.slot,
                                  periodSlots: Int(e2.periodSlots), cells: measurements, vdus: vdus))
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
                connectedUEs: cell.activeUEs)
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
        if compute != nil { report.computeLateSlots = computeLateSlots }
        e2?.fill(&report)
    }
}
