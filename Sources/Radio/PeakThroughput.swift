/// The TS 38.214-based peak downlink throughput of one carrier: the TBS of a full
/// allocation in every slot's PDSCH symbols, times the slots per second. The one peak-rate
/// formula: `b5g phy link` and a cell's expected peak in a run both use it.
///
/// Full downlink slots carry `symbols` data symbols; a special slot carries its downlink
/// symbols minus the same control overhead (`14 - symbols`), if any remain
/// (``TDDPattern/pdschSymbols(slot:fullSlotSymbols:)``, as the scheduler). FDD counts every slot.
/// - Parameters:
///   - mcs: MCS index.
///   - table: MCS table.
///   - prbs: Allocated PRBs per slot.
///   - symbols: PDSCH symbols of a full downlink slot (default 12: 2 PDCCH symbols).
///   - dmrsREsPerPRB: DM-RS REs per PRB (default 12).
///   - overheadREsPerPRB: xOverhead (default 0).
///   - layers: MIMO layers (default 1).
///   - numerology: Numerology.
///   - tddPattern: Slot pattern (``TDDPattern/fdd`` for FDD).
///   - includeSpecialSlots: Count the special slots' downlink part (default `true`).
/// - Returns: Bits per second.
public func peakThroughputBps(mcs: Int, table: MCSTable, prbs: Int, symbols: Int = 12, dmrsREsPerPRB: Int = 12,
                              overheadREsPerPRB: Int = 0, layers: Int = 1, numerology: Numerology,
                              tddPattern: TDDPattern, includeSpecialSlots: Bool = true) -> Double {
    var bitsPerPeriod = 0
    for slot in 0..<tddPattern.periodSlots {
        if !includeSpecialSlots && tddPattern.kind(ofSlot: slot) == .special { continue }
        let available = tddPattern.pdschSymbols(slot: slot, fullSlotSymbols: symbols)
        guard available > 0 else { continue }
        bitsPerPeriod += TransportBlockSize.bits(mcs: mcs, table: table, prbs: prbs, symbols: available,
                                                 dmrsREsPerPRB: dmrsREsPerPRB, overheadREsPerPRB: overheadREsPerPRB,
                                                 layers: layers)
    }
    // A whole number for every 3GPP period (0.5 to 10 ms), so the rate comes out exact.
    let periodsPerSecond = Double(numerology.slotsPerSecond) / Double(tddPattern.periodSlots)
    return Double(bitsPerPeriod) * periodsPerSecond
}
