import Radio
import Synchronization

/// TBS in bits for every (MCS, PRB count) of one symbol allocation, computed with
/// ``TransportBlockSize/bits(mcs:table:prbs:symbols:dmrsREsPerPRB:overheadREsPerPRB:layers:)``
/// (TS 38.214 clause 5.1.3.2), so that the slot loop only indexes. Cells of the same table, PRBs
/// and allocation share one, computed the first time any of them is set up (``TBSTableStore``).
struct TBSLookupTable {
    static let mcsCount = 32
    let prbs: Int
    let symbols: Int
    let maxMCS: Int
    /// [mcs][n] for n in 0...prbs; read-only once made, and kept for the process's lifetime.
    private let bits: FixedBuffer<Int32>

    init(table: MCSTable, prbs: Int, symbols: Int, dmrsREsPerPRB: Int, overheadREsPerPRB: Int, layers: Int) {
        self.prbs = prbs
        self.symbols = symbols
        maxMCS = table.maxMCS
        let key = TBSTableStore.Key(table: table, prbs: prbs, symbols: symbols, dmrsREsPerPRB: dmrsREsPerPRB,
                                    overheadREsPerPRB: overheadREsPerPRB, layers: layers)
        bits = TBSTableStore.shared.table(key) {
            let bits = FixedBuffer<Int32>(count: Self.mcsCount * (prbs + 1), initialValue: 0)
            for mcs in 0...table.maxMCS {
                for n in 1...prbs {
                    let value = TransportBlockSize.bits(mcs: mcs, table: table, prbs: n, symbols: symbols,
                                                        dmrsREsPerPRB: dmrsREsPerPRB,
                                                        overheadREsPerPRB: overheadREsPerPRB, layers: layers)
                    bits[mcs * (prbs + 1) + n] = Int32(value)
                }
            }
            return bits
        }
    }

    /// TBS in bits for `mcs` (0...maxMCS) on `prbs` (0...cell PRBs).
    @inline(__always) func bits(mcs: Int, prbs n: Int) -> Int {
        Int(bits[mcs &* (prbs &+ 1) &+ n])
    }

    /// The fewest PRBs (1...prbs) whose TBS carries `neededBits`, or `prbs` when none does.
    /// The TBS does not decrease with the PRB count, so a binary search finds it.
    @inline(__always) func smallestPRBs(mcs: Int, carryingBits neededBits: Int) -> Int {
        let row = bits.base + mcs &* (prbs &+ 1)
        if Int(row[prbs]) <= neededBits { return prbs }
        var low = 1
        var high = prbs
        while low < high {
            let middle = (low &+ high) >> 1
            if Int(row[middle]) >= neededBits { high = middle } else { low = middle &+ 1 }
        }
        return low
    }
}

/// Every TBS table made in this process, by what it depends on. A dense scenario's cells share a
/// handful: computing each cell's own took a DU about 15 ms per cell at setup (200,000 TBS
/// calculations). Tables are never freed: there are as many as distinct cell set-ups, and a
/// scheduler may still index one while another cell's is made.
final class TBSTableStore: Sendable {
    struct Key: Hashable {
        var table: MCSTable, prbs: Int, symbols: Int, dmrsREsPerPRB: Int, overheadREsPerPRB: Int, layers: Int
    }
    /// The tables' memory is written once, before the table is shared, and only read after.
    private struct Tables: @unchecked Sendable { var byKey: [Key: FixedBuffer<Int32>] = [:] }

    static let shared = TBSTableStore()
    private let tables = Mutex(Tables())

    /// The table of `key`, made by `make` the first time it is asked for.
    func table(_ key: Key, make: () -> FixedBuffer<Int32>) -> FixedBuffer<Int32> {
        tables.withLock { t in
            if let made = t.byKey[key] { return made }
            let made = make()
            t.byKey[key] = made
            return made
        }
    }
}

/// The TBS tables of one symbol allocation for 1...maxLayers layers: a UE's table follows its rank.
struct LayeredTBSTables {
    let byLayers: [TBSLookupTable]
    var symbols: Int { byLayers[0].symbols }
    var maxLayers: Int { byLayers.count }

    init(table: MCSTable, prbs: Int, symbols: Int, dmrsREsPerPRB: Int, overheadREsPerPRB: Int, maxLayers: Int) {
        byLayers = (1...max(1, maxLayers)).map {
            TBSLookupTable(table: table, prbs: prbs, symbols: symbols, dmrsREsPerPRB: dmrsREsPerPRB,
                           overheadREsPerPRB: overheadREsPerPRB, layers: $0)
        }
    }

    /// The table of `layers` layers (clamped to 1...maxLayers).
    @inline(__always) subscript(layers: Int) -> TBSLookupTable {
        byLayers[min(max(layers, 1), byLayers.count) &- 1]
    }
}

/// CQI plus outer-loop offset to MCS, with the SINR thresholds of Radio's BLER model
/// precomputed so that a HARQ feedback only costs a short search.
///
/// Equivalent to ``OuterLoopLinkAdaptation/selectMCS(cqi:cqiTable:mcsTable:model:)``.
struct LinkAdaptationTable {
    private let cqiSINRDb: [Double]
    private let mcsRequiredSINRDb: [Double]

    init(mcsTable: MCSTable) {
        let model = BLERModel()
        let cqiTable = CQITable(matching: mcsTable)
        cqiSINRDb = (0...CQITable.maxCQI).map { cqi in
            cqi == 0 ? -Double.infinity : cqiTable.thresholdDb(cqi: cqi, curve: model.curve)
        }
        mcsRequiredSINRDb = (0...mcsTable.maxMCS).map { model.requiredSINRDb(mcs: $0, table: mcsTable) }
    }

    /// The MCS for a CQI report and an OLLA offset, or -1 when the CQI is 0 (out of range:
    /// the UE is not scheduled).
    func mcs(cqi: Int, offsetDb: Double) -> Int {
        guard cqi >= 1 && cqi <= CQITable.maxCQI else { return -1 }
        let sinrDb = cqiSINRDb[cqi] + offsetDb
        var best = 0
        for (mcs, required) in mcsRequiredSINRDb.enumerated() where required <= sinrDb { best = mcs }
        return best
    }
}
