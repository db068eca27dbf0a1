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
    /// UE maximum transmit power (TS 38.101-1 power class 3).
    public static let ueTxPowerDbm = 23.0
    /// PUSCH fractional power control (TS 38.213 7.1.1): P0 per PRB and alpha.
    public static let puschP0DbmPerPRB = -80.0
    public static let puschAlpha = 0.8
    public static let ueNoiseFigureDb = 7.0
    public static let gNBNoiseFigureDb = 5.0
    /// CSI reporting period in slots.
    public static let measurementPeriodSlots: UInt64 = 10

    private let topology: Topology
    private var expectedPeers: Set<String>
    private var attached: Set<String> = []
    /// Received power per PRB at each UE from each cell at full RU power, dBm: [ue][cell].
    private var downlinkRxPerPRBDbm: [[Double]] = []
    /// Path gain UE -> cell (negative path loss and shadowing), dB: [ue][cell].
    private var couplingDb: [[Double]] = []
    private var noisePerPRBUEMw: Double = 0
    private var noisePerPRBgNBMw: Double = 0
    private var cellLoad: [Double]
    /// Slot of each cell's last downlink transmission (nil: none yet).
    private var lastTransmitSlot: [UInt64?]
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
    /// Carrier of each cell: only cells on the same carrier interfere with each other.
    private let carrierGHz: [Double]

    public init(topology: Topology, nodeName: String) {
        self.topology = topology
        let scenario = topology.scenario
        expectedPeers = Set(topology.links(of: nodeName).map(\.peer))
        cellLoad = Array(repeating: 0.5, count: scenario.cells.count)
        lastTransmitSlot = Array(repeating: nil, count: scenario.cells.count)
        servingCell = topology.ues.map(\.cell)
        isNTNCell = scenario.cells.map { $0.ntn != nil }
        carrierGHz = scenario.cells.map(\.carrierGHz)
        ntn = topology.ntnGeometry(scenarioDirectory: topology.scenarioDirectory).map { NTNLinks(topology: topology, geometry: $0) }
        rng = SeededGenerator(seed: scenario.seed, stream: 0xC4A1)
        let prbHz = topology.numerology.prbBandwidthHz
        noisePerPRBUEMw = LinkBudget.dbmToMw(LinkBudget.thermalNoiseDbm(bandwidthHz: prbHz, noiseFigureDb: Self.ueNoiseFigureDb))
        noisePerPRBgNBMw = LinkBudget.dbmToMw(LinkBudget.thermalNoiseDbm(bandwidthHz: prbHz, noiseFigureDb: Self.gNBNoiseFigureDb))
        let models = scenario.cells.map { PathLossModel(scenario: PropagationScenario(rawValue: $0.propagation.rawValue) ?? .uma) }
        for ue in topology.ues {
            var gains: [Double] = []
            var rx: [Double] = []
            for (c, cell) in scenario.cells.enumerated() {
                let model = models[c]
                // LOS and shadowing are drawn once per (UE, cell) from their own stream: geometry is static here.
                var g = SeededGenerator(seed: scenario.seed, stream: 0x9A00_0000 + UInt64(ue.id) << 8 + UInt64(c))
                let dx = ue.position[0] - cell.position[0], dy = ue.position[1] - cell.position[1]
                let d2D = (dx * dx + dy * dy).squareRoot()
                let hBS = cell.position[2], hUT = ue.position[2]
                let d3D = PathLossModel.distance3DM(distance2DM: d2D, baseStationHeightM: hBS, ueHeightM: hUT)
                let drawn = RandomVariate.bernoulli(model.losProbability(distance2DM: d2D, ueHeightM: hUT), using: &g)
                let los = cell.lineOfSight == .auto ? drawn : cell.lineOfSight == .always
                let pl = model.pathLossDb(distance2DM: d2D, distance3DM: d3D, carrierGHz: cell.carrierGHz,
                                          baseStationHeightM: hBS, ueHeightM: hUT, los: los)
                let sigma = cell.shadowing ? model.shadowFadingStdDb(los: los) : 0
                let shadow = RandomVariate.normal(mean: 0, standardDeviation: sigma, using: &g)
                // Antenna gain towards the UE; the UE's own antenna is 0 dBi.
                let gain = -pl - shadow + antennaGainDbi(cell, dx: dx, dy: dy, d2D: d2D, hBS: hBS, hUT: hUT)
                gains.append(gain)
                rx.append(cell.txPowerDbm - 10 * log10(Double(cell.prbs)) + gain)
            }
            couplingDb.append(gains)
            downlinkRxPerPRBDbm.append(rx)
        }
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
        var used = Array(repeating: 0, count: topology.scenario.cells.count)
        for (cell, frame) in downlinkFrames { used[cell] += frame.transportBlocks.reduce(0) { $0 + Int($1.numPRBs) } }
        for (cell, frame) in downlinkFrames {
            for var tb in frame.transportBlocks where validUE(tb.ueId) {
                let ue = Int(tb.ueId)
                if isNTNCell[cell], let ntn {
                    decide(&tb, sinrDb: ntn.downlinkSINRDb(ue: ue, nowNs: io.nowNs), cell: cell)
                    out[toUE(ue), default: AirFrame()].transportBlocks.append(tb)
                    continue
                }
                var interferenceMw = 0.0
                for (other, otherFrame) in downlinkFrames where other != cell && !isNTNCell[other] && carrierGHz[other] == carrierGHz[cell] {
                    let overlap = overlapPRBs(tb, otherFrame.transportBlocks)
                    if overlap > 0 {
                        interferenceMw += LinkBudget.dbmToMw(downlinkRxPerPRBDbm[ue][other]) * Double(overlap) / Double(max(1, tb.numPRBs))
                    }
                }
                let sinr = downlinkRxPerPRBDbm[ue][cell] + fadingDb(ue: ue, cell: cell, slot: io.slot)
                    - 10 * log10(noisePerPRBUEMw + interferenceMw)
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
        // Load seen by the measurements: a slow average of each cell's PRB use in downlink slots
        // (slots in which some cell transmits). A cell that sends nothing then (idle, or its RU
        // asleep) radiates nothing, so its interference fades.
        for (c, n) in used.enumerated() where n > 0 { lastTransmitSlot[c] = io.slot }
        if !downlinkFrames.isEmpty {
            for (c, n) in used.enumerated() {
                let load = min(1, Double(n) / Double(topology.scenario.cells[c].prbs))
                cellLoad[c] = 0.9 * cellLoad[c] + 0.1 * load
            }
        }
    }

    private func transmitUplink(_ io: NodeIO) {
        let all = uplinkFrames.flatMap(\.transportBlocks)
        for frame in uplinkFrames {
            for var tb in frame.transportBlocks where validUE(tb.ueId) {
                let ue = Int(tb.ueId)
                let cell = servingCell[ue]
                if isNTNCell[cell], let ntn {
                    decide(&tb, sinrDb: ntn.uplinkSINRDb(ue: ue, prbs: Int(tb.numPRBs), nowNs: io.nowNs), cell: cell)
                    out[toRU(ofUE: ue), default: AirFrame()].transportBlocks.append(tb)
                    continue
                }
                let txPerPRB = uplinkTxPerPRBDbm(ue: ue, cell: cell, prbs: Int(tb.numPRBs))
                var interferenceMw = 0.0
                for other in all where other.ueId != tb.ueId && validUE(other.ueId) && servingCell[Int(other.ueId)] != cell
                    && !isNTNCell[servingCell[Int(other.ueId)]] && carrierGHz[servingCell[Int(other.ueId)]] == carrierGHz[cell] {
                    let overlap = overlapPRBs(tb, [other])
                    if overlap > 0 {
                        let otherUE = Int(other.ueId)
                        let otherTx = uplinkTxPerPRBDbm(ue: otherUE, cell: servingCell[otherUE], prbs: Int(other.numPRBs))
                        interferenceMw += LinkBudget.dbmToMw(otherTx + couplingDb[Int(other.ueId)][cell]) * Double(overlap) / Double(max(1, tb.numPRBs))
                    }
                }
                let sinr = txPerPRB + couplingDb[ue][cell] + fadingDb(ue: ue, cell: cell, slot: io.slot)
                    - 10 * log10(noisePerPRBgNBMw + interferenceMw)
                decide(&tb, sinrDb: sinr, cell: cell)
                out[toRU(ofUE: ue), default: AirFrame()].transportBlocks.append(tb)
            }
            for c in frame.uplinkControl where validUE(c.ueId) { out[toRU(ofUE: Int(c.ueId)), default: AirFrame()].uplinkControl.append(c) }
            for m in frame.rrc where validUE(m.ueId) { out[toRU(ofUE: Int(m.ueId)), default: AirFrame()].rrc.append(m) }
        }
    }

    /// TR 38.901 sector element gain of an RU towards a point (0 dBi for an omni RU).
    private func antennaGainDbi(_ cell: CellConfig, dx: Double, dy: Double, d2D: Double, hBS: Double, hUT: Double) -> Double {
        guard cell.antenna == .sector else { return 0 }
        let azimuth = atan2(dy, dx) * 180 / Double.pi
        return SectorAntenna(downtiltDeg: cell.downtiltDeg).antennaGainDbi(
            azimuthOffDeg: azimuth - cell.azimuthDeg,
            elevationOffDeg: SectorAntenna.elevationDeg(distance2DM: d2D, baseStationHeightM: hBS, ueHeightM: hUT))
    }

    /// Small-scale fading of the serving link in a slot (0 dB when the cell has none).
    private func fadingDb(ue: Int, cell: Int, slot: UInt64) -> Double {
        guard topology.scenario.cells[cell].fastFading == .rayleigh else { return 0 }
        return FastFadingProcess.blockRayleighGainDb(seed: topology.scenario.seed, ueIndex: ue, slot: Int(slot))
    }

    /// PUSCH power per PRB: open-loop fractional power control towards the serving cell,
    /// capped by the UE's maximum power spread over its PRBs.
    private func uplinkTxPerPRBDbm(ue: Int, cell: Int, prbs: Int) -> Double {
        let pathLossDb = -couplingDb[ue][cell]
        return min(Self.ueTxPowerDbm - 10 * log10(Double(max(1, prbs))), Self.puschP0DbmPerPRB + Self.puschAlpha * pathLossDb)
    }

    /// Draws the HARQ outcome: BLER at the SINR after chase combining of all transmissions.
    private func decide(_ tb: inout TransportBlock, sinrDb: Double, cell: Int) {
        let table: MCSTable = topology.scenario.cells[cell].mcsTable == .qam256 ? .qam256 : .qam64
        let combined = bler.effectiveSINRDb(afterTransmissions: Int(max(1, tb.transmission)), sinrDb: sinrDb)
        let p = bler.bler(sinrDb: combined, mcs: Int(tb.mcs), table: table)
        if Double.random(in: 0..<1, using: &rng) >= p { tb.flags |= TransportBlock.flagDecoded }
        tb.sinrCentiDb = Int16(clamping: Int((sinrDb * 100).rounded()))
    }

    private func overlapPRBs(_ tb: TransportBlock, _ others: [TransportBlock]) -> Int {
        let a0 = Int(tb.startPRB), a1 = a0 + Int(tb.numPRBs)
        var n = 0
        for o in others {
            let b0 = Int(o.startPRB), b1 = b0 + Int(o.numPRBs)
            n += max(0, min(a1, b1) - max(a0, b0))
        }
        return min(n, Int(tb.numPRBs))
    }

    /// Wideband SINR of each UE on its serving cell, other cells loaded as recently seen.
    /// A cell silent for a whole measurement period (no UE, or its RU asleep) is not an interferer.
    private func interferenceWeight(_ c: Int, slot: UInt64) -> Double {
        guard let last = lastTransmitSlot[c] else { return cellLoad[c] }
        return slot - last > Self.measurementPeriodSlots ? 0 : cellLoad[c]
    }

    private func measure(_ nowNs: UInt64, slot: UInt64) {
        for var ue in topology.ues {
            ue.cell = servingCell[Int(ue.id)]
            if isNTNCell[ue.cell], let ntn {
                let sinr = ntn.downlinkSINRDb(ue: Int(ue.id), nowNs: nowNs)
                out[toUE(Int(ue.id)), default: AirFrame()].measurements.append(
                    ChannelMeasurement(ueId: ue.id, cell: UInt16(ue.cell), sinrCentiDb: Int16(clamping: Int((sinr * 100).rounded()))))
                continue
            }
            var interferenceMw = 0.0
            for c in topology.scenario.cells.indices where c != ue.cell && !isNTNCell[c] && carrierGHz[c] == carrierGHz[ue.cell] {
                interferenceMw += interferenceWeight(c, slot: slot) * LinkBudget.dbmToMw(downlinkRxPerPRBDbm[Int(ue.id)][c])
            }
            let sinr = downlinkRxPerPRBDbm[Int(ue.id)][ue.cell] - 10 * log10(noisePerPRBUEMw + interferenceMw)
            out[toUE(Int(ue.id)), default: AirFrame()].measurements.append(
                ChannelMeasurement(ueId: ue.id, cell: UInt16(ue.cell), sinrCentiDb: Int16(clamping: Int((sinr * 100).rounded()))))
        }
    }

    public func fillReport(_ report: inout NodeReport) {
        report.ntnCells = ntn.map { n in n.cellStats.keys.sorted().compactMap { n.cellStats[$0] } } ?? []
    }

    public func ntnSamples(_ io: NodeIO) -> [NTNSample] { ntn?.samples(nowNs: io.nowNs) ?? [] }
}
