/// The PDCCH of a cell: one CORESET whose CCEs DL and UL DCIs share each slot.
///
/// A CCE is 6 REGs and a REG is one PRB in one OFDM symbol (TS 38.211 clause 7.3.2.2), so a
/// CORESET of `prbs` x `symbols` holds `prbs * symbols / 6` CCEs.
public struct PDCCHConfig: Sendable, Hashable {
    /// CORESET width in PRBs (a multiple of 6, as frequencyDomainResources counts 6-PRB groups).
    public var coresetPRBs: Int
    /// CORESET duration in OFDM symbols, 1...3.
    public var coresetSymbols: Int

    /// A CORESET of `coresetPRBs` x `coresetSymbols`.
    public init(coresetPRBs: Int = 96, coresetSymbols: Int = 2) {
        self.coresetPRBs = coresetPRBs
        self.coresetSymbols = coresetSymbols
    }

    /// The widest CORESET of at most 96 PRBs that fits the carrier (the shape OAI and srsRAN
    /// use on wide carriers), `symbols` long.
    public static func fitting(carrierPRBs: Int, symbols: Int = 2) -> PDCCHConfig {
        PDCCHConfig(coresetPRBs: max(6, min(96, carrierPRBs) / 6 * 6), coresetSymbols: symbols)
    }

    /// CCEs per slot.
    public var cces: Int { coresetPRBs * coresetSymbols / 6 }

    /// The aggregation level (CCEs per DCI) a UE reporting `cqi` needs: the worse its
    /// channel, the more CCEs the DCI is spread over. TS 38.213 clause 10.1 allows 1 to 16; the
    /// UE-specific search space here has candidates at 1, 2, 4 and 8 (as srsRAN's default, none
    /// at 16). Thresholds are this emulator's: each step down doubles the coding gain, about
    /// 3 dB, which is roughly the SINR spacing of two to three CQI steps.
    @inline(__always)
    public static func aggregationLevel(cqi: Int) -> Int {
        switch cqi {
        case 13...: 1
        case 9...12: 2
        case 6...8: 4
        default: 8
        }
    }
}

/// The PUCCH of a cell: how many UEs can send HARQ-ACK in one uplink slot.
///
/// The HARQ-ACKs of one UE that land in the same slot share one PUCCH (a codebook, TS 38.213
/// clause 9.1); a DL grant whose ACK finds no room in any allowed K1 slot is not made.
public struct PUCCHConfig: Sendable, Hashable {
    /// PUCCH resources for HARQ-ACK per uplink slot (srsRAN's `max_pucchs_per_slot` default, 31).
    public var harqResourcesPerULSlot: Int
    /// Scheduling request period in slots (each UE has one SR occasion per period).
    public var srPeriodSlots: Int
    /// Periodic CSI report period in slots.
    public var csiPeriodSlots: Int

    /// A PUCCH with these budgets and periods.
    public init(harqResourcesPerULSlot: Int = 31, srPeriodSlots: Int = 40, csiPeriodSlots: Int = 40) {
        self.harqResourcesPerULSlot = harqResourcesPerULSlot
        self.srPeriodSlots = srPeriodSlots
        self.csiPeriodSlots = csiPeriodSlots
    }
}
