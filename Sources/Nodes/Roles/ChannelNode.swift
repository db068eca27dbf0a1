import Foundation
import Interfaces
import Radio
import Report
import Scenario

/// The RF channel: knows where every UE and RU is, computes path loss (TR 38.901),
/// SINR per transport block with interference from what other RUs (or other cells' UEs)
/// send on overlapping PRBs in the same slot, draws the HARQ outcome from the BLER curve,
/// and gives UEs their wideband SINR measurement for CQI.
public final class ChannelNode: NodeBehavior {
    /// CSI reporting period in slots; a cell silent for longer no longer interferes with measurements.
    public static let measurementPeriodSlots: UInt64 = 10

    private let topology: Topology
    private var expectedPeers: Set<String>
    private var attached: Set<String> = []
    /// Path gains, noise, power control and interference between the terrestrial cells and the UEs.
    private var model: SINRModel
    private var ruLinkOfCell: [Int] = []
    /// Each UE's serving cell: its group's cell until an RRC reconfiguration relayed here moves it.
    private var servingCell: [Int]
    private var hostLinkOfUE: [Int] = []
    private let bler = BLERModel()
    private var rng: SeededGenerator
    private var downlinkFrames: [(cell: Int, frame: AirFrame)] = []
    private var uplinkFrames: [AirFrame] = []
    /// What leaves this slot, per link and extra delay (NTN links add their propagation time).
    private struct OutKey: Hashable, Comparable {
        var link: Int
        var extraDelaySlots: UInt64
        static func < (a: OutKey, b: OutKey) -> Bool { (a.link, a.extraDelaySlots) < (b.link, b.extraDelaySlots) }
    }
    private var out: [OutKey: AirFrame] = [:]
    private let ntn: NTNLinks?
    private let isNTNCell: [Bool]
    /// Per cell, the slots its DU or RU is down (restart faults): the cell sends no SSB then, so
    /// its UEs hear nothing of it.
    private let offAir: [[Range<UInt64>]]

    public init(topology: Topology, nodeName: String) {
        self.topology = topology
        let scenario = topology.scenario
        expectedPeers = Set(topology.links(of: nodeName).map(\.peer))
        servingCell = topology.ues.map(\.cell)
        isNTNCell = scenario.cells.map { $0.ntn != nil }
        offAir = scenario.cells.map { topology.restarts(of: $0.du) + topology.restarts(of: $0.ru) }
        ntn = topology.ntnGeometry(scenarioDirectory: topology.scenarioDirectory).map { NTNLinks(topology: topology, geometry: $0) }
        rng = SeededGenerator(seed: scenario.seed, stream: 0xC4A1)
        let interference = CellInterference(cells: ChannelPathGains.radioCells(scenario), silenceSlots: Self.measurementPeriodSlots)
        model = SINRModel(pathGainDb: ChannelPathGains.pathGainDb(topology), interference: interference,
                          prbBandwidthHz: topology.numerology.prbBandwidthHz)
    }

    public var isSetUp: Bool { attached == expectedPeers }

    public func sendSetupRequests(_ io: NodeIO) {}

    public func handleSetup(_ unit: WireUnit, _ io: NodeIO) throws(SetupProcedureError) {
        guard unit.header.interface == .air, unit.header.messageType == SetupMessageType.request,
              let m = decodeControl(AirSetupRequest.self, unit, io), let link = io.link(to: m.node) else { return }
        io.send(link: link, AirSetupResponse(channelNode: io.nodeName))
        attached.insert(m.node)
        if ruLinkOfCell.isEmpty { resolveLinks(io) }
    }

    private func resolveLinks(_ io: NodeIO) {
        ruLinkOfCell = io.scenario.cells.map { io.link(to: $0.ru) ?? 0 }
        hostLinkOfUE = topology.ues.map { io.link(to: $0.hostNode) ?? 0 }
    }

    /// Where records for a UE go: towards its node (downlink) or its cell's RU (uplink), late by its NTN delay.
    private func toUE(_ ue: Int) -> OutKey { OutKey(link: hostLinkOfUE[ue], extraDelaySlots: ntn?.extraDelaySlots(ue: ue) ?? 0) }
    private func toRU(ofUE ue: Int) -> OutKey {
        OutKey(link: ruLinkOfCell[servingCell[ue]], extraDelaySlots: ntn?.extraDelaySlots(ue: ue) ?? 0)
    }

    public func handle(_ unit: WireUnit, _ io: NodeIO) {
        var r = ByteReader(unit.payload)
        guard unit.header.interface == .air, let frame = try? AirFrame.decode(from: &r) else {
            io.counters.decodeErrors += 1; return
        }
        switch unit.header.messageType {
        case AirMessageType.downlinkFrame:
            guard let ru = io.peerName(ofIndex: unit.header.sourceNode), let cell = topology.cellIndex(ofRU: ru) else { return }
            downlinkFrames.append((cell, frame))
        case AirMessageType.uplinkFrame:
            uplinkFrames.append(frame)
        default:
            io.counters.decodeErrors += 1
        }
    }

    private func validUE(_ id: UInt32) -> Bool { Int(id) < topology.ues.count }

    public func runSlot(_ io: NodeIO) {
        if ruLinkOfCell.isEmpty { resolveLinks(io) }
        if let ntn {
            let before = ntn.updatesDone
            ntn.update(nowNs: io.nowNs)
            if ntn.updatesDone != before { ntn.accumulate() }
        }
        transmitDownlink(io)
        transmitUplink(io)
        if io.slot % Self.measurementPeriodSlots == 0 { measure(io.nowNs, slot: io.slot) }
        for key in out.keys.sorted() {
            guard let frame = out[key], !frame.isEmpty else { continue }
            let type = topology.cellIndex(ofRU: io.links[key.link].peer) != nil ? AirMessageType.uplinkFrame : AirMessageType.downlinkFrame
            io.send(link: key.link, interface: .air, messageType: type, extraDelaySlots: key.extraDelaySlots) { frame.encode(into: &$0) }
        }
        out.removeAll(keepingCapacity: true)
        downlinkFrames.removeAll(keepingCapacity: true)
        uplinkFrames.removeAll(keepingCapacity: true)
    }

    private func transmitDownlink(_ io: NodeIO) {
        let blocks = downlinkFrames.map { DownlinkTransmission(cell: $0.cell, prbs: $0.frame.transportBlocks.map(\.prbs)) }
        for (cell, frame) in downlinkFrames {
            for var tb in frame.transportBlocks where validUE(tb.ueId) {
                let ue = Int(tb.ueId)
                let sinr = if isNTNCell[cell], let ntn { ntn.downlinkSINRDb(ue: ue, nowNs: io.nowNs) }
                    else { model.downlinkSINRDb(ue: ue, cell: cell, prbs: tb.prbs, slot: blocks, fadingDb: fadingDb(ue: ue, cell: cell, slot: io.slot)) }
                decide(&tb, sinrDb: sinr, cell: cell)
                out[toUE(ue), default: AirFrame()].transportBlocks.append(tb)
            }
            for g in frame.uplinkGrants where validUE(g.ueId) { out[toUE(Int(g.ueId)), default: AirFrame()].uplinkGrants.append(g) }
            for m in frame.rrc where validUE(m.ueId) {
                // A reconfiguration naming a cell moves the UE: its uplink goes to that cell's RU from now on.
                if let rrc = try? RRCMessage.decode(m.body), rrc.kind == .reconfiguration, let c = rrc.cell,
                   Int(c) < servingCell.count {
                    servingCell[Int(m.ueId)] = Int(c)
                    ntn?.moveUE(Int(m.ueId), toCell: Int(c), nowNs: io.nowNs)
                }
                out[toUE(Int(m.ueId)), default: AirFrame()].rrc.append(m)
            }
        }
        // Measurements see each cell's PRB use over the slots in which some cell transmits.
        guard !downlinkFrames.isEmpty else { return }
        var used = Array(repeating: 0, count: topology.scenario.cells.count)
        for (cell, frame) in downlinkFrames { used[cell] += frame.transportBlocks.reduce(0) { $0 + Int($1.numPRBs) } }
        model.interference.recordDownlinkSlot(prbsUsed: used, slot: io.slot)
    }

    private func transmitUplink(_ io: NodeIO) {
        // Serving cells do not change while the uplink is received: the slot's PUSCH blocks as the model sees them.
        let blocks = uplinkFrames.flatMap(\.transportBlocks).filter { validUE($0.ueId) }
            .map { UplinkTransmission(ue: Int($0.ueId), cell: servingCell[Int($0.ueId)], prbs: $0.prbs) }
        for frame in uplinkFrames {
            for var tb in frame.transportBlocks where validUE(tb.ueId) {
                let ue = Int(tb.ueId)
                let cell = servingCell[ue]
                let sinr = if isNTNCell[cell], let ntn { ntn.uplinkSINRDb(ue: ue, prbs: Int(tb.numPRBs), nowNs: io.nowNs) }
                    else { model.uplinkSINRDb(ue: ue, cell: cell, prbs: tb.prbs, slot: blocks, fadingDb: fadingDb(ue: ue, cell: cell, slot: io.slot)) }
                decide(&tb, sinrDb: sinr, cell: cell)
                out[toRU(ofUE: ue), default: AirFrame()].transportBlocks.append(tb)
            }
            for c in frame.uplinkControl where validUE(c.ueId) { out[toRU(ofUE: Int(c.ueId)), default: AirFrame()].uplinkControl.append(c) }
            for m in frame.rrc where validUE(m.ueId) { out[toRU(ofUE: Int(m.ueId)), default: AirFrame()].rrc.append(m) }
        }
    }

    /// Small-scale fading of the serving link in a slot (0 dB when the cell has none).
    private func fadingDb(ue: Int, cell: Int, slot: UInt64) -> Double {
        guard topology.scenario.cells[cell].fastFading == .rayleigh else { return 0 }
        return FastFadingProcess.blockRayleighGainDb(seed: topology.scenario.seed, ueIndex: ue, slot: Int(slot))
    }

    /// Draws the HARQ outcome: BLER at the per-layer SINR after chase combining of all transmissions.
    private func decide(_ tb: inout TransportBlock, sinrDb: Double, cell: Int) {
        let table: MCSTable = topology.scenario.cells[cell].mcsTable == .qam256 ? .qam256 : .qam64
        // Each of the block's layers sees its share of the power and the other layers' leakage.
        let layerSINR = RankIndicator.layerSINRDb(sinrDb, layers: Int(max(1, tb.layers)))
        let combined = bler.effectiveSINRDb(afterTransmissions: Int(max(1, tb.transmission)), sinrDb: layerSINR)
        let p = bler.bler(sinrDb: combined, mcs: Int(tb.mcs), table: table)
        if Double.random(in: 0..<1, using: &rng) >= p { tb.flags |= TransportBlock.flagDecoded }
        tb.sinrCentiDb = Int16(clamping: Int((sinrDb * 100).rounded()))
    }

    /// Each UE's wideband SINR on its serving cell, for its CQI.
    private func measure(_ nowNs: UInt64, slot: UInt64) {
        for ue in topology.ues {
            let id = Int(ue.id), cell = servingCell[id]
            if !offAir[cell].isEmpty, offAir[cell].contains(where: { $0.contains(slot) }) {
                out[toUE(id), default: AirFrame()].measurements.append(
                    ChannelMeasurement(ueId: ue.id, cell: UInt16(cell), sinrCentiDb: ChannelMeasurement.cellNotHeard))
                continue
            }
            let sinr = if isNTNCell[cell], let ntn { ntn.downlinkSINRDb(ue: id, nowNs: nowNs) }
                else { model.widebandDownlinkSINRDb(ue: id, cell: cell, slot: slot) }
            out[toUE(id), default: AirFrame()].measurements.append(
                ChannelMeasurement(ueId: ue.id, cell: UInt16(cell), sinrCentiDb: Int16(clamping: Int((sinr * 100).rounded()))))
        }
    }

    public func fillReport(_ report: inout NodeReport) {
        report.ntnCells = ntn.map { n in n.cellStats.keys.sorted().compactMap { n.cellStats[$0] } } ?? []
    }

    public func ntnSamples(_ io: NodeIO) -> [NTNSample] { ntn?.samples(nowNs: io.nowNs) ?? [] }
}

extension TransportBlock {
    /// The block's PRBs, as the SINR model takes them.
    fileprivate var prbs: PRBSpan { PRBSpan(start: Int(startPRB), count: Int(numPRBs)) }
}
