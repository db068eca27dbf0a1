/// Downlink reference signals that take resources from the PDSCH in the slots where they occur.
///
/// - SSB: `ssbSlots` slots at the start of every SSB period carry SS/PBCH blocks, each 20 PRBs
///   wide (TS 38.211 clause 7.4.3.1); the PDSCH leaves those PRBs alone in those slots.
/// - NZP CSI-RS for CSI: one slot per CSI period, one RE per port per PRB (density 1).
/// - TRS: the two slots after it, 3 REs per PRB in each of 2 symbols (TS 38.214 clause 5.1.6.1.1).
public struct ReferenceSignalConfig: Sendable, Hashable {
    public var ssbPeriodSlots: Int
    public var ssbSlots: Int
    public var ssbPRBs: Int
    public var csiRSPeriodSlots: Int
    /// Slot of the CSI-RS within its period (the TRS takes the two after it).
    public var csiRSOffsetSlots: Int
    public var csiRSREsPerPRB: Int
    public var trsREsPerPRB: Int

    public init(ssbPeriodSlots: Int, ssbSlots: Int, ssbPRBs: Int = 20, csiRSPeriodSlots: Int, csiRSOffsetSlots: Int,
                csiRSREsPerPRB: Int, trsREsPerPRB: Int = 6) {
        self.ssbPeriodSlots = ssbPeriodSlots; self.ssbSlots = ssbSlots; self.ssbPRBs = ssbPRBs
        self.csiRSPeriodSlots = csiRSPeriodSlots; self.csiRSOffsetSlots = csiRSOffsetSlots
        self.csiRSREsPerPRB = csiRSREsPerPRB; self.trsREsPerPRB = trsREsPerPRB
    }

    /// PRBs the SSB takes from the PDSCH in `slot`.
    @inline(__always) public func reservedPRBs(slot: Int) -> Int {
        slot % ssbPeriodSlots < ssbSlots ? ssbPRBs : 0
    }

    /// REs per PRB that CSI-RS or TRS take from the PDSCH in `slot`.
    @inline(__always) public func extraREsPerPRB(slot: Int) -> Int {
        let phase = slot % csiRSPeriodSlots - csiRSOffsetSlots
        if phase == 0 { return csiRSREsPerPRB }
        return phase == 1 || phase == 2 ? trsREsPerPRB : 0
    }
}
