import Interfaces
import Radio
import Report
import Scenario

/// A population of UEs in one process: registration, downlink reception with HARQ feedback,
/// CQI and buffer-status reports, uplink traffic sent in granted transport blocks.
public final class UENode: NodeBehavior {
    struct UEState {
        var ue: Topology.UE
        var registered = false
        var attachSlot: UInt64
        var uplinkSource: TrafficSource?
        var uplinkQueue: RLCQueue
        var downlinkReassembly = RLCReassembly()
        var downlinkPDCP = PDCPDuplicateFilter()
        var downlinkFlow: FlowReport
        var uplinkFlow: FlowReport
        var downlinkLatency = LatencyRecorder()
        /// The downlink received since the last progress report.
        var downlinkInterval: FlowInterval
        /// The cell serving the UE now (its group's cell until a reconfiguration moves it).
        var servingCell: Int
        /// Real-time runs only: created with the first wall-clock sample.
        var downlinkWallLatency: LatencyRecorder?
        /// Uplink transport blocks kept per HARQ process for retransmission.
        var uplinkHARQ: [UInt8: TransportBlock] = [:]
        var pendingAcks: [UplinkControl.HARQAck] = []
        /// HARQ-ACKs waiting for their slot (reception + K1), in arrival order.
        var acksDue: [(slot: UInt64, item: UplinkControl.HARQAck)] = []
        /// Uplink grants waiting for their PUSCH slot (reception + K2).
        var grantsDue: [(slot: UInt64, item: UplinkGrant)] = []
        var pendingCQI: UInt8 = 255
        var lastReportedBuffer = -1
        var cqiTable: CQITable
        /// The first measurement slot since which the serving cell has not been heard.
        var outOfSyncSince: UInt64?
        var radioLinkFailures: UInt64 = 0
    }

    /// A registered UE that has not heard its serving cell for this long declares a radio link
    /// failure (like T310 running out after N310 out-of-sync indications, TS 38.331 5.3.10), drops
    /// its RLC state and attaches again.
    static let radioLinkFailureMs: Double = 50
    private let radioLinkFailureSlots: UInt64

    private let channelName: String
    private var airSetUp = false
    private var ues: [UEState] = []
    private let trafficStopNs: UInt64
    private let window: MeasurementWindow
    private var frame = AirFrame()
    /// SR and CSI occasions per cell.
    private let occasions: [UplinkControlOccasions]
    private var sampler: TrafficSampler

    public init(topology: Topology, nodeName: String) {
        channelName = topology.scenario.nodes.first { $0.role == .channel }?.name ?? ""
        trafficStopNs = TrafficPlan.stopNs(topology)
        window = TrafficPlan.measurementWindow(topology)
        occasions = topology.scenario.cells.map { UplinkControlOccasions(cell: $0, topology: topology) }
        sampler = TrafficSampler(topology: topology)
        radioLinkFailureSlots = UInt64(Self.radioLinkFailureMs * 1000 / topology.numerology.slotDurationUs)
        // Attaches are spread over the first 20 ms so registration is not one burst.
        let spreadSlots = UInt64(max(1, 20_000 / topology.numerology.slotDurationUs))
        for ue in topology.ues where ue.hostNode == nodeName {
            let cell = topology.scenario.cells[ue.cell]
            let queueBytes = TrafficPlan.rlcQueueBytes(cell: ue.cell, topology)
            let downlink = FlowReport(ueId: ue.id, direction: .downlink)
            ues.append(UEState(ue: ue, attachSlot: UInt64(ues.count) % spreadSlots, uplinkQueue: RLCQueue(maxBytes: queueBytes),
                               downlinkFlow: downlink, uplinkFlow: FlowReport(ueId: ue.id, direction: .uplink),
                               downlinkInterval: FlowInterval(downlink), servingCell: ue.cell,
                               cqiTable: cell.mcsTable == .qam256 ? .table2 : .table1))
        }
    }

    private func index(of id: UInt32) -> Int? {
        // UEs of a node are consecutive ids in scenario order.
        guard let first = ues.first?.ue.id, id >= first, Int(id - first) < ues.count else { return nil }
        return Int(id - first)
    }

    public var isSetUp: Bool { airSetUp }

    public func sendSetupRequests(_ io: NodeIO) {
        guard !airSetUp, let link = io.link(to: channelName) else { return }
        io.send(link: link, AirSetupRequest(node: io.nodeName, role: "ue"))
    }

    public func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError) {
        if unit.header.interface == .air, unit.header.messageType == SetupMessageType.response { airSetUp = true }
    }

    public func handle(_ unit: WireUnit, _ io: NodeIO) {
        guard unit.header.interface == .air, unit.header.messageType == AirMessageType.downlinkFrame else {
            io.counters.decodeErrors += 1; return
        }
        var r = ByteReader(unit.payload)
        guard let received = try? AirFrame.decode(from: &r) else { io.counters.decodeErrors += 1; return }
        for m in received.measurements {
            guard let i = index(of: m.ueId) else { continue }
            if m.sinrCentiDb == ChannelMeasurement.cellNotHeard {
                let since = ues[i].outOfSyncSince ?? io.slot
                ues[i].outOfSyncSince = since
                if ues[i].registered, io.slot - since >= radioLinkFailureSlots { declareRadioLinkFailure(i, io) }
                continue
            }
            ues[i].outOfSyncSince = nil
            let cell = io.scenario.cells[min(Int(m.cell), io.scenario.cells.count - 1)]
            let csi = RankIndicator.select(sinrDb: Double(m.sinrCentiDb) / 100, maxRank: CellCapacity.maxDownlinkLayers(cell),
                                           table: ues[i].cqiTable)
            ues[i].pendingCQI = UplinkControl.csi(cqi: csi.cqi, rank: csi.rank)
            ues[i].downlinkFlow.sinrSumDb += Double(m.sinrCentiDb) / 100
            ues[i].downlinkFlow.sinrSamples += 1
        }
        for rrc in received.rrc {
            guard let i = index(of: rrc.ueId), let m = try? RRCMessage.decode(rrc.body) else { continue }
            if m.kind == .reconfiguration, !ues[i].registered {
                ues[i].registered = true
                // Attached again after a radio link failure: the application never stopped.
                guard ues[i].uplinkSource == nil else { continue }
                let group = io.scenario.ueGroups[ues[i].ue.groupIndex]
                ues[i].uplinkSource = TrafficSource(config: group.uplink,
                                                    rateBps: TrafficPlan.rateBps(group.uplink, cell: ues[i].ue.cell, io.topology),
                                                    startNs: io.nowNs, seed: io.scenario.seed,
                                                    stream: 0xA1_0000 + UInt64(ues[i].ue.id))
            } else if m.kind == .reconfiguration, m.cell != nil {
                // Moved to another cell: report the buffer there at once (the new cell learns the
                // UE has arrived) and drop the old cell's channel quality.
                ues[i].lastReportedBuffer = -1
                ues[i].pendingCQI = 255
                if let cell = m.cell, Int(cell) < io.scenario.cells.count { ues[i].servingCell = Int(cell) }
            }
        }
        for tb in received.transportBlocks where !tb.isUplink {
            guard let i = index(of: tb.ueId) else { continue }
            ues[i].acksDue.append((io.slot + UInt64(tb.k1), .init(harqProcess: tb.harqProcess, ack: tb.isDecoded)))
            if tb.transmission == 1 {
                ues[i].downlinkFlow.transportBlocks += 1
                ues[i].downlinkFlow.mcsSum += UInt64(tb.mcs)
            }
            guard tb.isDecoded else {
                if Int(tb.transmission) >= io.scenario.cells[ues[i].ue.cell].maxHARQTransmissions { ues[i].downlinkFlow.harqFailures += 1 }
                continue
            }
            for s in tb.segments where ues[i].downlinkReassembly.receive(s) && ues[i].downlinkPDCP.accept(s.sequence) {
                ues[i].downlinkFlow.receive(bytes: Int(s.sduBytes), createdNs: s.createdNs, atNs: io.nowNs, window: window)
                ues[i].downlinkLatency.record(latencyNs: io.nowNs &- s.createdNs)
                ues[i].downlinkInterval.record(latencyNs: io.nowNs &- s.createdNs)
                if s.wallCreatedNs > 0 {
                    if ues[i].downlinkWallLatency == nil { ues[i].downlinkWallLatency = LatencyRecorder() }
                    ues[i].downlinkWallLatency?.record(latencyNs: io.wallNowNs &- s.wallCreatedNs)
                }
            }
        }
        for g in received.uplinkGrants {
            guard let i = index(of: g.ueId) else { continue }
            ues[i].grantsDue.append((io.slot + UInt64(g.k2), g))
        }
    }

    /// The serving cell is lost: HARQ, RLC and pending reports go; the UE attaches again from
    /// the next slot (its RRC setup requests repeat until a cell answers).
    private func declareRadioLinkFailure(_ i: Int, _ io: NodeIO) {
        ues[i].registered = false
        ues[i].radioLinkFailures += 1
        ues[i].outOfSyncSince = nil
        ues[i].attachSlot = io.slot + 1
        ues[i].uplinkHARQ.removeAll()
        ues[i].pendingAcks.removeAll()
        ues[i].acksDue.removeAll()
        ues[i].grantsDue.removeAll()
        ues[i].uplinkQueue.discardAll()
        ues[i].downlinkReassembly.reestablish()
        ues[i].lastReportedBuffer = -1
        ues[i].pendingCQI = 255
        io.logger.debug("radio link failure", metadata: ["ue.id": "\(ues[i].ue.id)", "slot": "\(io.slot)"])
    }

    /// Hands `body` the items due by `slot` (in arrival order) and keeps the rest.
    private func takeDue<T>(_ items: inout [(slot: UInt64, item: T)], slot: UInt64, _ body: (T) -> Void) {
        var kept = 0
        for k in items.indices {
            if items[k].slot <= slot { body(items[k].item) } else { items[kept] = items[k]; kept += 1 }
        }
        items.removeLast(items.count - kept)
    }

    /// Sends the PUSCH of a grant whose slot has come: a retransmission from HARQ, else a new
    /// block filled from the RLC queue as it stands now.
    private func transmitPUSCH(_ i: Int, _ g: UplinkGrant) {
        let tb: TransportBlock
        if g.retransmission, var kept = ues[i].uplinkHARQ[g.harqProcess] {
            kept.flags = TransportBlock.flagUplink | TransportBlock.flagRetransmission
            kept.transmission &+= 1
            tb = kept
        } else {
            let segments = ues[i].uplinkQueue.dequeue(capacityBytes: Int(g.tbsBytes))
            ues[i].uplinkFlow.transportBlocks += 1
            ues[i].uplinkFlow.mcsSum += UInt64(g.mcs)
            tb = TransportBlock(ueId: g.ueId, cell: g.cell, harqProcess: g.harqProcess, flags: TransportBlock.flagUplink,
                                mcs: g.mcs, layers: g.layers, startPRB: g.startPRB, numPRBs: g.numPRBs, tbsBytes: g.tbsBytes,
                                segments: segments)
        }
        ues[i].uplinkHARQ[g.harqProcess] = tb
        frame.transportBlocks.append(tb)
    }

    public func runSlot(_ io: NodeIO) {
        let start = io.nowNs
        let end = min(start + io.topology.slotDurationNs, trafficStopNs)
        for i in ues.indices {
            if !ues[i].acksDue.isEmpty {
                // Moved out and back, not copied: a copy would be copied again on the first append.
                var acks: [UplinkControl.HARQAck] = []
                swap(&acks, &ues[i].pendingAcks)
                takeDue(&ues[i].acksDue, slot: io.slot) { acks.append($0) }
                swap(&acks, &ues[i].pendingAcks)
            }
            if !ues[i].registered {
                if io.slot == ues[i].attachSlot || (io.slot > ues[i].attachSlot && (io.slot - ues[i].attachSlot) % 400 == 0) {
                    // RRC Setup Request with the NAS Registration Request; repeated until answered.
                    let m = RRCMessage(kind: .setupRequest, ueId: ues[i].ue.id, supi: ues[i].ue.supi)
                    frame.rrc.append(RRCContainer(ueId: ues[i].ue.id, body: m.encoded()))
                }
                // Out of coverage after a radio link failure: the application still sends, and
                // what it sends is lost.
                if start < end, ues[i].uplinkSource?.createsPacket(before: end) == true, var source = ues[i].uplinkSource {
                    let packetBytes = source.packetBytes
                    source.generate(from: start, to: end) { _, created in
                        ues[i].uplinkFlow.send(bytes: packetBytes, createdNs: created, window: window)
                    }
                    ues[i].uplinkSource = source
                }
                continue
            }
            if start < end, ues[i].uplinkSource?.createsPacket(before: end) == true, var source = ues[i].uplinkSource {
                let packetBytes = source.packetBytes
                let wallNow = io.wallNowNs
                source.generate(from: start, to: end) { seq, created in
                    ues[i].uplinkFlow.send(bytes: packetBytes, createdNs: created, window: window)
                    ues[i].uplinkQueue.enqueue(sequence: seq, sizeBytes: packetBytes, createdNs: created, wallCreatedNs: wallNow)
                }
                ues[i].uplinkSource = source
            }
            var sentPUSCH = false
            if !ues[i].grantsDue.isEmpty {
                var due: [UplinkGrant] = []
                takeDue(&ues[i].grantsDue, slot: io.slot) { due.append($0) }
                for g in due { transmitPUSCH(i, g) }
                sentPUSCH = !due.isEmpty
            }
            // Buffer status rides on a PUSCH (BSR) or waits for the SR occasion; CQI waits for the
            // CSI occasion or a PUSCH; HARQ-ACKs go in their K1 slot.
            // Occasions are looked up only when there is something to report (most UEs, most slots).
            let buffer = ues[i].uplinkQueue.bytesToDrain
            let c = min(ues[i].servingCell, occasions.count - 1)
            let reportBuffer = buffer != ues[i].lastReportedBuffer && (sentPUSCH || occasions[c].isSROccasion(ue: ues[i].ue.id, slot: io.slot))
            let reportCQI = ues[i].pendingCQI != 255 && (sentPUSCH || occasions[c].isCSIOccasion(ue: ues[i].ue.id, slot: io.slot))
            if reportBuffer || !ues[i].pendingAcks.isEmpty || reportCQI {
                frame.uplinkControl.append(UplinkControl(ueId: ues[i].ue.id, cqi: reportCQI ? ues[i].pendingCQI : 255,
                                                         bufferBytes: reportBuffer ? UInt32(clamping: buffer) : .max,
                                                         harqAcks: ues[i].pendingAcks))
                if reportBuffer { ues[i].lastReportedBuffer = buffer }
                ues[i].pendingAcks.removeAll(keepingCapacity: true)
                if reportCQI { ues[i].pendingCQI = 255 }
            }
        }
        guard !frame.isEmpty, let link = io.link(to: channelName) else { return }
        let out = frame
        io.send(link: link, interface: .air, messageType: AirMessageType.uplinkFrame) { out.encode(into: &$0) }
        frame.removeAll()
    }

    public func trafficProgress(_ io: NodeIO) -> TrafficProgress? {
        sampler.begin(endNs: io.topology.slotStartNs(io.slot + 1))
        for i in ues.indices {
            sampler.add(ue: ues[i].ue, cell: io.scenario.cells[ues[i].servingCell].name,
                        slice: io.scenario.ueGroups[ues[i].ue.groupIndex].slice, flow: ues[i].downlinkFlow,
                        interval: &ues[i].downlinkInterval)
        }
        return sampler.finished
    }

    public func fillReport(_ report: inout NodeReport) {
        for s in ues {
            var dl = s.downlinkFlow
            dl.attached = s.registered
            if s.radioLinkFailures > 0 { dl.radioLinkFailures = s.radioLinkFailures }
            if s.downlinkReassembly.discardedSDUs > 0 { dl.reassemblyDiscards = s.downlinkReassembly.discardedSDUs }
            if s.downlinkPDCP.discarded > 0 { dl.duplicatesDiscarded = s.downlinkPDCP.discarded }
            dl.latency = s.downlinkLatency.summary
            if let wall = s.downlinkWallLatency, wall.count > 0 { dl.wallLatency = wall.summary }
            var ul = s.uplinkFlow
            ul.attached = s.registered
            if s.uplinkQueue.droppedSDUs > 0 { ul.queueDrops = s.uplinkQueue.droppedSDUs }
            ul.sourceStopNs = trafficStopNs
            report.flows.append(dl)
            report.flows.append(ul)
            report.latencyByGroup["\(s.ue.group)/downlink", default: LatencyRecorder()].add(s.downlinkLatency)
        }
    }
}
