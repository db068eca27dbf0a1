import Foundation

/// A cell's downlink transport blocks in one slot, by their PRBs.
public struct DownlinkTransmission: Sendable, Hashable {
    /// The transmitting cell.
    public var cell: Int
    /// The PRBs of each of its blocks.
    public var prbs: [PRBSpan]

    public init(cell: Int, prbs: [PRBSpan]) {
        self.cell = cell
        self.prbs = prbs
    }
}

/// A UE's PUSCH transport block in one slot, towards its serving cell.
public struct UplinkTransmission: Sendable, Hashable {
    public var ue: Int
    /// The UE's serving cell (whose power control sets its transmit power).
    public var cell: Int
    public var prbs: PRBSpan

    public init(ue: Int, cell: Int, prbs: PRBSpan) {
        self.ue = ue
        self.cell = cell
        self.prbs = prbs
    }
}

/// SINR per PRB between UEs and terrestrial cells, for transport blocks and for wideband
/// (CSI) measurements.
///
/// Each (UE, cell) pair has a fixed path gain; a cell spreads its power evenly over its PRBs
/// and a UE sets its PUSCH power with ``UplinkPowerControl``. A block's interference is what
/// other cells (downlink) or other cells' UEs (uplink) send in the same slot on overlapping
/// PRBs, weighted by the share of the block's PRBs they overlap; ``CellInterference`` says
/// which cells count, and how loaded each looks to a measurement.
public struct SINRModel: Sendable {
    /// Noise figure of a UE receiver, dB.
    public static let ueNoiseFigureDb = 7.0
    /// Noise figure of a gNB receiver, dB.
    public static let gNBNoiseFigureDb = 5.0

    /// Path gain UE -> cell (antenna gain less path loss and shadowing), dB: [ue][cell].
    public let pathGainDb: [[Double]]
    /// Power per PRB each UE receives from each cell at full power, dBm: [ue][cell].
    public let downlinkRxPerPRBDbm: [[Double]]
    /// The same in mW, row after row (ue * cells + cell): the interference sums of every slot
    /// would otherwise convert each term from dBm again.
    private let downlinkRxPerPRBMw: [Double]
    private let cellCount: Int
    /// Thermal noise in one PRB at a UE, mW.
    public let ueNoisePerPRBMw: Double
    /// Thermal noise in one PRB at a gNB, mW.
    public let gNBNoisePerPRBMw: Double
    public let powerControl: UplinkPowerControl
    public var interference: CellInterference

    /// - Parameters:
    ///   - pathGainDb: Path gain of every UE towards every cell, dB: [ue][cell].
    ///   - interference: The cells and their interference state.
    ///   - prbBandwidthHz: Bandwidth of one PRB (12 subcarriers).
    ///   - ueNoiseFigureDb: UE receiver noise figure (default ``ueNoiseFigureDb``).
    ///   - gNBNoiseFigureDb: gNB receiver noise figure (default ``gNBNoiseFigureDb``).
    ///   - powerControl: PUSCH power control (default TS 38.213 fractional, 23 dBm UEs).
    public init(pathGainDb: [[Double]], interference: CellInterference, prbBandwidthHz: Double,
                ueNoiseFigureDb: Double = SINRModel.ueNoiseFigureDb, gNBNoiseFigureDb: Double = SINRModel.gNBNoiseFigureDb,
                powerControl: UplinkPowerControl = UplinkPowerControl()) {
        precondition(pathGainDb.allSatisfy { $0.count == interference.cells.count }, "one path gain per UE and cell")
        self.pathGainDb = pathGainDb
        self.interference = interference
        self.powerControl = powerControl
        let cells = interference.cells
        downlinkRxPerPRBDbm = pathGainDb.map { gains in
            cells.indices.map { c in cells[c].txPowerDbm - 10 * log10(Double(cells[c].prbs)) + gains[c] }
        }
        downlinkRxPerPRBMw = downlinkRxPerPRBDbm.flatMap { $0.map(LinkBudget.dbmToMw) }
        cellCount = cells.count
        ueNoisePerPRBMw = LinkBudget.dbmToMw(LinkBudget.thermalNoiseDbm(bandwidthHz: prbBandwidthHz, noiseFigureDb: ueNoiseFigureDb))
        gNBNoisePerPRBMw = LinkBudget.dbmToMw(LinkBudget.thermalNoiseDbm(bandwidthHz: prbBandwidthHz, noiseFigureDb: gNBNoiseFigureDb))
    }

    /// SINR of a downlink block from `cell` to `ue`.
    /// - Parameters:
    ///   - ue: The receiving UE.
    ///   - cell: The transmitting cell.
    ///   - prbs: The block's PRBs.
    ///   - slot: Every cell's downlink blocks of the slot (the block's own cell is skipped).
    ///   - fadingDb: Small-scale fading of the serving link (0 without).
    /// - Returns: SINR, dB.
    public func downlinkSINRDb(ue: Int, cell: Int, prbs: PRBSpan, slot: [DownlinkTransmission], fadingDb: Double = 0) -> Double {
        var interferenceMw = 0.0
        for other in slot where interference.interferes(other.cell, with: cell) {
            let overlap = prbs.overlap(with: other.prbs)
            if overlap > 0 {
                interferenceMw += downlinkRxPerPRBMw[ue * cellCount + other.cell] * Double(overlap) / Double(max(1, prbs.count))
            }
        }
        return downlinkRxPerPRBDbm[ue][cell] + fadingDb - 10 * log10(ueNoisePerPRBMw + interferenceMw)
    }

    /// SINR of a PUSCH block from `ue` at `cell`.
    /// - Parameters:
    ///   - ue: The transmitting UE.
    ///   - cell: Its serving cell, the receiver.
    ///   - prbs: The block's PRBs.
    ///   - slot: Every UE's PUSCH blocks of the slot (the UE's own are skipped).
    ///   - fadingDb: Small-scale fading of the serving link (0 without).
    /// - Returns: SINR, dB.
    public func uplinkSINRDb(ue: Int, cell: Int, prbs: PRBSpan, slot: [UplinkTransmission], fadingDb: Double = 0) -> Double {
        let txPerPRB = uplinkTxPowerPerPRBDbm(ue: ue, cell: cell, prbs: prbs.count)
        var interferenceMw = 0.0
        for other in slot where other.ue != ue && interference.interferes(other.cell, with: cell) {
            let overlap = prbs.overlap(with: other.prbs)
            if overlap > 0 {
                let otherTx = uplinkTxPowerPerPRBDbm(ue: other.ue, cell: other.cell, prbs: other.prbs.count)
                interferenceMw += LinkBudget.dbmToMw(otherTx + pathGainDb[other.ue][cell]) * Double(overlap) / Double(max(1, prbs.count))
            }
        }
        return txPerPRB + pathGainDb[ue][cell] + fadingDb - 10 * log10(gNBNoisePerPRBMw + interferenceMw)
    }

    /// Wideband downlink SINR per PRB of `ue` on `cell`, as a CSI measurement in `slot` sees it:
    /// every other interfering cell at its ``CellInterference/measurementWeight(of:slot:)``.
    public func widebandDownlinkSINRDb(ue: Int, cell: Int, slot: UInt64) -> Double {
        var interferenceMw = 0.0
        for c in interference.cells.indices where interference.interferes(c, with: cell) {
            interferenceMw += interference.measurementWeight(of: c, slot: slot) * downlinkRxPerPRBMw[ue * cellCount + c]
        }
        return downlinkRxPerPRBDbm[ue][cell] - 10 * log10(ueNoisePerPRBMw + interferenceMw)
    }

    /// PUSCH power per PRB of `ue` towards `cell` on `prbs` PRBs, dBm.
    public func uplinkTxPowerPerPRBDbm(ue: Int, cell: Int, prbs: Int) -> Double {
        powerControl.txPowerPerPRBDbm(pathLossDb: -pathGainDb[ue][cell], prbs: prbs)
    }
}
