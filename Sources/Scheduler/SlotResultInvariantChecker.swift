import Radio

/// Checks every rule a slot result must obey; tests run it on every slot.
///
/// It recomputes TBS with Radio's ``TransportBlockSize`` (not the scheduler's lookup
/// table) and remembers each HARQ process's first-transmission TBS to check that
/// retransmissions keep it.
public struct SlotResultInvariantChecker {
    /// The cell configuration the results come from.
    public let config: CellSchedulerConfig
    private struct ProcessKey: Hashable {
        var direction: LinkDirection
        var rnti: RNTI
        var ue: UEIndex
        var process: Int
    }
    private var firstTransmission: [ProcessKey: (tbsBytes: Int, prbs: Int, mcs: Int)] = [:]

    /// - Parameter config: The configuration of the cell whose results are checked.
    public init(config: CellSchedulerConfig) { self.config = config }

    /// Checks one slot result.
    /// - Parameters:
    ///   - result: What ``CellScheduler/runSlot(_:)`` returned.
    ///   - before: ``CellScheduler/snapshot()`` taken just before that call.
    /// - Returns: Every violated rule, as sentences naming the slot; empty when all hold.
    public mutating func check(_ result: SlotResult, before: CellSchedulerSnapshot) -> [String] {
        var violations: [String] = []
        let ues = Dictionary(uniqueKeysWithValues: before.ues.map { ($0.ue, $0) })
        for direction in LinkDirection.allCases {
            let grants = Array(result.grants(direction))
            let slot = direction == .downlink ? result.slot : result.ulSlot
            let symbols = direction == .downlink ? config.pdschSymbols(slot: slot) : config.puschSymbols(slot: slot)
            let label = "slot \(result.slot) \(direction == .downlink ? "DL" : "UL")"
            let maxGrants = direction == .downlink ? config.maxDLGrantsPerSlot : config.maxULGrantsPerSlot
            if grants.count > maxGrants {
                violations.append("\(label): \(grants.count) grants, more than the limit \(maxGrants)")
            }
            if symbols == 0 && !grants.isEmpty {
                violations.append("\(label): \(grants.count) grants in a slot without symbols for this direction")
            }
            var used = [Bool](repeating: false, count: config.prbs)
            // SSB PRBs are not the PDSCH's; CSI-RS and TRS take REs from every PRB.
            var extraREs = 0
            if direction == .downlink, let rs = config.referenceSignals {
                for prb in 0..<min(rs.reservedPRBs(slot: slot), config.prbs) { used[prb] = true }
                extraREs = rs.extraREsPerPRB(slot: slot)
            }
            var granted = Set<UEIndex>()
            var slicePRBs: [SliceID: Int] = [:]
            for grant in grants {
                let name = "\(label) \(grant.ue)"
                guard let ue = ues[grant.ue] else {
                    violations.append("\(name): grant for a UE that is not in the cell")
                    continue
                }
                if !granted.insert(grant.ue).inserted { violations.append("\(name): two grants in one slot") }
                if grant.rnti != ue.rnti { violations.append("\(name): RNTI \(grant.rnti), expected \(ue.rnti)") }
                if grant.slice != ue.slice { violations.append("\(name): slice \(grant.slice), expected \(ue.slice)") }
                if grant.symbols != symbols { violations.append("\(name): \(grant.symbols) symbols, expected \(symbols)") }
                guard grant.numPRBs >= 1, grant.startPRB >= 0, grant.startPRB + grant.numPRBs <= config.prbs else {
                    violations.append("\(name): PRBs \(grant.startPRB)+\(grant.numPRBs) outside 0..<\(config.prbs)")
                    continue
                }
                for prb in grant.startPRB..<(grant.startPRB + grant.numPRBs) {
                    if used[prb] { violations.append("\(name): PRB \(prb) given twice or held by the SSB") }
                    used[prb] = true
                }
                slicePRBs[grant.slice, default: 0] += grant.numPRBs
                if !(0..<config.harqProcessesPerUE).contains(grant.harqProcess) {
                    violations.append("\(name): HARQ process \(grant.harqProcess) out of range")
                }
                let capacityBits = tbsBits(mcs: grant.mcs, prbs: grant.numPRBs, symbols: symbols, layers: grant.layers, extraREs: extraREs)
                let key = ProcessKey(direction: direction, rnti: grant.rnti, ue: grant.ue, process: grant.harqProcess)
                if grant.isRetransmission {
                    guard let first = firstTransmission[key] else {
                        violations.append("\(name): retransmission on HARQ \(grant.harqProcess) with no first transmission")
                        continue
                    }
                    if grant.tbsBytes != first.tbsBytes || grant.mcs != first.mcs {
                        violations.append("\(name): retransmission TBS \(grant.tbsBytes) B MCS \(grant.mcs), first was \(first.tbsBytes) B MCS \(first.mcs)")
                    }
                    if grant.numPRBs < first.prbs || capacityBits < grant.tbsBytes * 8 {
                        violations.append("\(name): retransmission on \(grant.numPRBs) PRBs cannot carry \(grant.tbsBytes) B (first on \(first.prbs))")
                    }
                } else {
                    if grant.tbsBytes * 8 != capacityBits {
                        violations.append("\(name): TBS \(grant.tbsBytes * 8) bits, TS 38.214 gives \(capacityBits) for MCS \(grant.mcs) on \(grant.numPRBs) PRBs")
                    }
                    if grant.mcs != ue.mcs(direction) {
                        violations.append("\(name): MCS \(grant.mcs), the UE's link adaptation says \(ue.mcs(direction))")
                    }
                    let pending = ue.pendingBytes(direction)
                    if pending <= 0 { violations.append("\(name): new transmission with an empty buffer") }
                    if grant.numPRBs > 1 && tbsBits(mcs: grant.mcs, prbs: grant.numPRBs - 1, symbols: symbols, layers: grant.layers, extraREs: extraREs) >= pending * 8 {
                        violations.append("\(name): \(grant.numPRBs) PRBs where \(grant.numPRBs - 1) carry the \(pending) pending bytes")
                    }
                    if !ue.canStartNewTransmission(direction) {
                        violations.append("\(name): new transmission while no HARQ process was free or a retransmission waited")
                    }
                    firstTransmission[key] = (grant.tbsBytes, grant.numPRBs, grant.mcs)
                }
            }
            // Slice shares are owed per UL slot by the first slot that grants it; a later one
            // only has what that one left.
            let partial = direction == .uplink && result.ulPRBsLeft < config.prbs
            guard config.policy.isSliceAware, symbols > 0, !partial else { continue }
            for slice in before.slices {
                let prbs = slicePRBs[slice.id, default: 0]
                let maxPRBs = slice.maxPRBs(cellPRBs: config.prbs)
                if prbs > maxPRBs {
                    violations.append("\(label) \(slice.id): \(prbs) PRBs, above its maximum \(maxPRBs)")
                }
                // The minimum binds while the slice has demand left unserved and the slot
                // still had a grant to give.
                let minPRBs = slice.minPRBs(cellPRBs: config.prbs)
                guard prbs < minPRBs, grants.count < maxGrants else { continue }
                let unserved = before.ues.contains { ue in
                    guard ue.slice == slice.id, ue.pendingBytes(direction) > 0, ue.mcs(direction) >= 0,
                          ue.canStartNewTransmission(direction) else { return false }
                    guard let grant = grants.first(where: { $0.ue == ue.ue }) else { return true }
                    return !grant.isRetransmission && grant.tbsBytes < ue.pendingBytes(direction)
                }
                if unserved {
                    violations.append("\(label) \(slice.id): \(prbs) PRBs, below its minimum \(minPRBs) while it had demand")
                }
            }
        }
        return violations
    }

    /// Forgets a UE's HARQ history (call when it is removed).
    public mutating func forget(ue: UEIndex) {
        firstTransmission = firstTransmission.filter { $0.key.ue != ue }
    }

    private func tbsBits(mcs: Int, prbs: Int, symbols: Int, layers: Int, extraREs: Int) -> Int {
        TransportBlockSize.bits(mcs: mcs, table: config.mcsTable, prbs: prbs, symbols: symbols,
                                dmrsREsPerPRB: config.dmrsREsPerPRB, overheadREsPerPRB: config.overheadREsPerPRB + extraREs,
                                layers: layers)
    }
}
