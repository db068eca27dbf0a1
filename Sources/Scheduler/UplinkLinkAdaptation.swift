import Foundation
import Radio

/// Uplink link adaptation from the PUSCH SINR the gNB measures on a block's DMRS.
///
/// A power-limited UE spreads its power over the PRBs it is granted, so the SINR one PRB
/// would get (the measured SINR plus 10 log10 of the block's PRBs) sets how many PRBs are
/// worth granting: as many as keep the SINR per PRB above `sinrFloorDb` (the power headroom).
/// The UL CQI is the one the SINR at that width meets. A UE is never measured down to CQI 0,
/// which would leave it without the grant it needs to be measured again.
public struct UplinkLinkAdaptation: Sendable, Hashable {
    /// Uplink SINR below which more PRBs no longer pay for a power-limited UE.
    public static let defaultSINRFloorDb = 3.0
    /// The channel reports -50 dB when nothing reaches the receiver (an outage or a handover
    /// gap); a SINR at or below this is no measurement.
    public static let noSignalDb = -30.0

    /// PRBs of the cell: the most a UE is granted.
    public var cellPRBs: Int
    /// The CQI table of the cell's MCS table.
    public var cqiTable: CQITable
    public var sinrFloorDb: Double

    /// What one measurement sets for the UE.
    public struct Outcome: Sendable, Hashable {
        /// Power headroom: the most PRBs worth granting, 1...cellPRBs.
        public var maxPRBs: Int
        /// UL CQI at `maxPRBs`, 1...15.
        public var cqi: Int
    }

    /// - Parameters:
    ///   - cellPRBs: PRBs of the cell (> 0).
    ///   - cqiTable: CQI table matching the cell's MCS table.
    ///   - sinrFloorDb: SINR per PRB worth keeping (default ``defaultSINRFloorDb``).
    public init(cellPRBs: Int, cqiTable: CQITable, sinrFloorDb: Double = UplinkLinkAdaptation.defaultSINRFloorDb) {
        precondition(cellPRBs > 0, "a cell has at least one PRB")
        self.cellPRBs = cellPRBs
        self.cqiTable = cqiTable
        self.sinrFloorDb = sinrFloorDb
    }

    /// Power headroom and UL CQI from one PUSCH measurement.
    /// - Parameters:
    ///   - sinrDb: SINR measured on the block, dB.
    ///   - prbs: PRBs of the block (0 counts as 1).
    /// - Returns: nil when nothing was received (`sinrDb` at or below ``noSignalDb``).
    public func adapt(sinrDb: Double, prbs: Int) -> Outcome? {
        guard sinrDb > Self.noSignalDb else { return nil }
        let onePRBDb = sinrDb + 10 * log10(Double(max(1, prbs)))
        // Clamped before the conversion to Int, so no measured SINR can trap.
        let worthPRBs = min(max(1, pow(10, (onePRBDb - sinrFloorDb) / 10)), Double(cellPRBs))
        let granted = Int(worthPRBs)
        return Outcome(maxPRBs: granted, cqi: max(1, CQITable.cqi(sinrDb: onePRBDb - 10 * log10(Double(granted)), table: cqiTable)))
    }
}
