/// The TS 38.214-based peak downlink throughput of one carrier: the TBS of a full
/// allocation per slot times the downlink slots per second.
///
/// Full downlink slots carry `symbols` data symbols; a special slot carries its downlink
/// symbols minus the same control overhead (`14 - symbols`), if any remain. FDD counts
/// every slot.
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
    let controlSymbols = Numerology.symbolsPerSlot - symbols
    var bitsPerPeriod = 0
    for slot in 0..<tddPattern.periodSlots {
        let available: Int
        switch tddPattern.kind(ofSlot: slot) {
        case .downlink, .downlinkAndUplink: available = symbols
        case .special: available = includeSpecialSlots ? tddPattern.specialDownlinkSymbols - controlSymbols : 0
        case .uplink: available = 0
        }
        guard available > 0 else { continue }
        bitsPerPeriod += TransportBlockSize.bits(mcs: mcs, table: table, prbs: prbs, symbols: available,
                                                 dmrsREsPerPRB: dmrsREsPerPRB, overheadREsPerPRB: overheadREsPerPRB,
                                                 layers: layers)
    }
    let periodsPerSecond = Double(numerology.slotsPerSecond) / Double(tddPattern.periodSlots)
    return Double(bitsPerPeriod) * periodsPerSecond
}
