import Radio

/// The MAC scheduler of one cell: called once per slot by the DU, it returns the slot's
/// PDSCH grants and the PUSCH grants for slot + K2.
///
/// Several cells are several instances (each owns its state; run them on one thread each
/// or one after the other). An instance is not thread-safe: the DU calls its `handle...`
/// inputs and ``runSlot(_:)`` from one thread.
///
/// Each slot is a checklist (see ``runSlot(_:)``): retransmissions first, then UEs close to
/// their slice's latency target, then slice minimum shares, then the rest by slice
/// priority, each pool ranked by the policy. All state is a structure of arrays sized at
/// setup; a slot allocates nothing on the heap.
public final class CellScheduler {
    /// The configuration (slice quotas as set at setup; see ``sliceQuotas``).
    public let config: CellSchedulerConfig

    let cellPRBs: Int
    let sliceAware: Bool
    let ranking: BaseRanking
    let linkAdaptation: LinkAdaptationTable
    /// Power headroom and UL CQI from measured PUSCH SINR.
    public let uplinkLinkAdaptation: UplinkLinkAdaptation

    // Slices (pools). Without slice awareness there is one pool holding every UE.
    let slices: [SliceConfig]
    /// The slices with the quotas in force.
    var currentSlices: [SliceConfig]
    let poolCount: Int
    let poolMinPRBs: FixedBuffer<Int>
    let poolMaxPRBs: FixedBuffer<Int>
    let poolLatencyTargetSlots: FixedBuffer<Int>
    /// Pools by descending priority (ties: configuration order).
    let poolOrder: FixedBuffer<Int>

    // Common per-UE state.
    let active: FixedBuffer<Bool>
    let rnti: FixedBuffer<RNTI>
    let cqi: FixedBuffer<Int>
    /// The CQI one layer would get (the PDCCH is single-layer): sets the DCI's aggregation level.
    let pdcchCQI: FixedBuffer<Int>
    /// Uplink channel quality as a CQI (from PUSCH/SRS SINR); follows the DL CQI until measured.
    let ulCQI: FixedBuffer<Int>
    let ulMeasured: FixedBuffer<Bool>
    let sliceIndex: FixedBuffer<Int>
    /// The pool the UE competes in: its slice when slice aware, else 0.
    let uePool: FixedBuffer<Int>
    let freeIndices: FixedBuffer<Int32>
    var freeIndexCount: Int
    /// One past the highest index ever used: the scan bound.
    var highWater = 0
    /// Number of UEs in the cell.
    public internal(set) var ueCount = 0

    // Per direction.
    let downlink: LinkState
    let uplink: LinkState
    let dlTables: [LayeredTBSTables]
    /// REs per PRB of each CSI-RS/TRS overhead variant, and its DL tables by symbol variant.
    let dlOverheadREs: [Int]
    let dlTablesWithOverhead: [[LayeredTBSTables]]
    let ulTables: [LayeredTBSTables]
    /// Table index per slot of the TDD period, -1 when the slot has no PDSCH/PUSCH.
    let dlTableBySlot: [Int]
    let ulTableBySlot: [Int]
    let periodSlots: Int

    /// K2 per slot of the TDD period: the UL slot scheduled from it is slot + K2; -1: none.
    let k2BySlot: [Int]
    /// PRBs of each uplink slot already granted from earlier slots, in a ring by absolute slot:
    /// several slots with PDCCH grant the same uplink slot, each from what is left.
    let ulPRBsTaken: FixedBuffer<Int>
    let ulPRBsTakenSlot: FixedBuffer<Int>
    /// PDCCH CCEs and PUCCH HARQ-ACK room.
    let control: ControlChannelBudget

    // Per-slot scratch, allocated once.
    let allocator: PRBAllocator
    let dlGrantBuffer: UnsafeMutablePointer<Grant>
    let ulGrantBuffer: UnsafeMutablePointer<Grant>

    var lastSlot = -1
    /// Counters of HARQ events since setup.
    public internal(set) var statistics = CellSchedulerStatistics()

    /// Sets up a cell: validates the configuration, allocates all per-UE state for
    /// `config.maxUEs` UEs and precomputes the TBS of every MCS and PRB count for the
    /// PDSCH/PUSCH symbol counts of the TDD pattern.
    /// - Parameter config: The cell configuration.
    /// - Throws: ``CellSchedulerError`` listing every configuration problem.
    public init(config: CellSchedulerConfig) throws {
        let errors = config.validationErrors()
        guard errors.isEmpty else { throw CellSchedulerError(errors) }
        self.config = config
        cellPRBs = config.prbs
        sliceAware = config.policy.isSliceAware
        ranking = config.policy.baseRanking
        linkAdaptation = LinkAdaptationTable(mcsTable: config.mcsTable)
        uplinkLinkAdaptation = UplinkLinkAdaptation(cellPRBs: config.prbs, cqiTable: CQITable(matching: config.mcsTable))

        slices = config.effectiveSlices
        currentSlices = slices
        let pools = sliceAware ? slices : [SliceConfig(id: 0)]
        poolCount = pools.count
        poolMinPRBs = FixedBuffer(count: poolCount, initialValue: 0)
        poolMaxPRBs = FixedBuffer(count: poolCount, initialValue: 0)
        poolLatencyTargetSlots = FixedBuffer(count: poolCount, initialValue: 0)
        poolOrder = FixedBuffer(count: poolCount, initialValue: 0)
        for (index, pool) in pools.enumerated() {
            poolMinPRBs[index] = pool.minPRBs(cellPRBs: config.prbs)
            poolMaxPRBs[index] = pool.maxPRBs(cellPRBs: config.prbs)
            poolLatencyTargetSlots[index] = pool.latencyTargetSlots ?? 0
        }
        let order = pools.indices.sorted { a, b in
            pools[a].priority != pools[b].priority ? pools[a].priority > pools[b].priority : a < b
        }
        for (position, pool) in order.enumerated() { poolOrder[position] = pool }

        let n = config.maxUEs
        active = FixedBuffer(count: n, initialValue: false)
        rnti = FixedBuffer(count: n, initialValue: 0)
        cqi = FixedBuffer(count: n, initialValue: 0)
        pdcchCQI = FixedBuffer(count: n, initialValue: 0)
        ulCQI = FixedBuffer(count: n, initialValue: 0)
        ulMeasured = FixedBuffer(count: n, initialValue: false)
        sliceIndex = FixedBuffer(count: n, initialValue: 0)
        uePool = FixedBuffer(count: n, initialValue: 0)
        freeIndices = FixedBuffer(count: n, initialValue: 0)
        for position in 0..<n { freeIndices[position] = Int32(n - 1 - position) }
        freeIndexCount = n

        downlink = LinkState(direction: .downlink, config: config)
        uplink = LinkState(direction: .uplink, config: config)

        periodSlots = config.tdd.periodSlots
        var dlSymbolCounts: [Int] = []
        var ulSymbolCounts: [Int] = []
        var dlBySlot: [Int] = []
        var ulBySlot: [Int] = []
        for slot in 0..<periodSlots {
            let dl = config.pdschSymbols(slot: slot)
            let ul = config.puschSymbols(slot: slot)
            if dl > 0 && !dlSymbolCounts.contains(dl) { dlSymbolCounts.append(dl) }
            if ul > 0 && !ulSymbolCounts.contains(ul) { ulSymbolCounts.append(ul) }
            dlBySlot.append(dl > 0 ? dlSymbolCounts.firstIndex(of: dl)! : -1)
            ulBySlot.append(ul > 0 ? ulSymbolCounts.firstIndex(of: ul)! : -1)
        }
        func tables(symbols: Int, maxLayers: Int) -> LayeredTBSTables {
            LayeredTBSTables(table: config.mcsTable, prbs: config.prbs, symbols: symbols,
                             dmrsREsPerPRB: config.dmrsREsPerPRB, overheadREsPerPRB: config.overheadREsPerPRB,
                             maxLayers: maxLayers)
        }
        dlTables = dlSymbolCounts.map { tables(symbols: $0, maxLayers: config.layers) }
        let extras = config.referenceSignals.map { Array(Set([$0.csiRSREsPerPRB, $0.trsREsPerPRB]).filter { $0 > 0 }).sorted() } ?? []
        dlOverheadREs = extras
        dlTablesWithOverhead = extras.map { extra in
            dlSymbolCounts.map {
                LayeredTBSTables(table: config.mcsTable, prbs: config.prbs, symbols: $0, dmrsREsPerPRB: config.dmrsREsPerPRB,
                                 overheadREsPerPRB: config.overheadREsPerPRB + extra, maxLayers: config.layers)
            }
        }
        ulTables = ulSymbolCounts.map { tables(symbols: $0, maxLayers: config.ulLayers) }
        dlTableBySlot = dlBySlot
        ulTableBySlot = ulBySlot
        k2BySlot = Self.k2Table(config: config, ulBySlot: ulBySlot)
        ulPRBsTaken = FixedBuffer(count: (k2BySlot.max() ?? 0) + 1, initialValue: 0)
        ulPRBsTakenSlot = FixedBuffer(count: (k2BySlot.max() ?? 0) + 1, initialValue: -1)
        control = ControlChannelBudget(config: config)

        allocator = PRBAllocator(poolCount: poolCount,
                                 maxGrants: max(config.maxDLGrantsPerSlot, config.maxULGrantsPerSlot),
                                 cellPRBs: config.prbs, mcsTable: config.mcsTable,
                                 dlRateTable: dlTables.max { $0.symbols < $1.symbols }?[1],
                                 ulRateTable: ulTables.max { $0.symbols < $1.symbols }?[1])
        let placeholder = Grant(ue: UEIndex(0), rnti: 0, harqProcess: 0, isRetransmission: false, startPRB: 0,
                                numPRBs: 0, mcs: 0, symbols: 0, tbsBytes: 0, slice: 0)
        dlGrantBuffer = .allocate(capacity: config.maxDLGrantsPerSlot)
        dlGrantBuffer.initialize(repeating: placeholder, count: config.maxDLGrantsPerSlot)
        ulGrantBuffer = .allocate(capacity: config.maxULGrantsPerSlot)
        ulGrantBuffer.initialize(repeating: placeholder, count: config.maxULGrantsPerSlot)
    }

    deinit {
        poolMinPRBs.deallocate(); poolMaxPRBs.deallocate(); poolLatencyTargetSlots.deallocate()
        poolOrder.deallocate()
        ulPRBsTaken.deallocate(); ulPRBsTakenSlot.deallocate()
        active.deallocate(); rnti.deallocate(); cqi.deallocate(); pdcchCQI.deallocate(); ulCQI.deallocate(); ulMeasured.deallocate(); sliceIndex.deallocate(); uePool.deallocate()
        freeIndices.deallocate()
        dlGrantBuffer.deinitialize(count: config.maxDLGrantsPerSlot)
        dlGrantBuffer.deallocate()
        ulGrantBuffer.deinitialize(count: config.maxULGrantsPerSlot)
        ulGrantBuffer.deallocate()
    }

    /// Schedules one slot: the PDSCH of `slot` (when it has DL symbols) and the PUSCH of
    /// `slot` + K2 (when that is a full UL slot).
    ///
    /// Per direction: (1) retransmissions, (2) UEs near their slice's latency target,
    /// (3) each slice's minimum share, (4) the remaining PRBs by slice priority within the
    /// slices' maximum shares; inside each step UEs come in the policy's order and PRBs are
    /// shared max-min fairly, no UE getting more than its buffer needs.
    ///
    /// - Parameter slot: The slot number; strictly increasing from call to call.
    /// - Returns: A view of the grants, valid until the next call.
    public func runSlot(_ slot: Int) -> SlotResult {
        precondition(slot > lastSlot, "runSlot(\(slot)) after runSlot(\(lastSlot)): slots must increase")
        lastSlot = slot
        var dlCount = 0
        var dlSymbols = 0
        let k2 = k2BySlot[slot % periodSlots]
        let ulSlot = slot + max(k2, config.ulGrantOffsetSlots)
        let ulRing = ulSlot % ulPRBsTaken.count
        if ulPRBsTakenSlot[ulRing] != ulSlot { ulPRBsTakenSlot[ulRing] = ulSlot; ulPRBsTaken[ulRing] = 0 }
        let ulTaken = ulPRBsTaken[ulRing]
        let grantsUplink = k2 >= 0 && ulTableBySlot[ulSlot % periodSlots] >= 0 && ulTaken < cellPRBs
        // CCEs are kept for UL DCIs only when some UE has uplink data or a PUSCH to repeat.
        control.beginSlot(grantsUplink: grantsUplink && (uplink.backloggedUEs > 0 || uplink.harq.retxUECount > 0))
        let dlTable = dlTableBySlot[slot % periodSlots]
        if dlTable >= 0 {
            dlSymbols = dlTables[dlTable].symbols
            var tables = dlTables[dlTable]
            var reserved = 0
            if let rs = config.referenceSignals {
                let extra = rs.extraREsPerPRB(slot: slot)
                if extra > 0 {
                    for v in 0..<dlOverheadREs.count where dlOverheadREs[v] == extra { tables = dlTablesWithOverhead[v][dlTable] }
                }
                reserved = rs.reservedPRBs(slot: slot)
            }
            dlCount = scheduleLink(downlink, slot: slot, targetSlot: slot, tables: tables,
                                   maxGrants: config.maxDLGrantsPerSlot, output: dlGrantBuffer, reservedPRBs: reserved)
        }
        control.beginUplink()
        var ulCount = 0
        var ulSymbols = 0
        let ulTable = grantsUplink ? ulTableBySlot[ulSlot % periodSlots] : -1
        if ulTable >= 0 {
            ulSymbols = ulTables[ulTable].symbols
            ulCount = scheduleLink(uplink, slot: slot, targetSlot: ulSlot, tables: ulTables[ulTable],
                                   maxGrants: config.maxULGrantsPerSlot, output: ulGrantBuffer, reservedPRBs: ulTaken)
            for i in 0..<ulCount { ulPRBsTaken[ulRing] &+= ulGrantBuffer[i].numPRBs }
        }
        statistics.dlGrants &+= dlCount
        for i in 0..<dlCount { statistics.dlLayers &+= dlGrantBuffer[i].layers }
        statistics.ulGrants &+= ulCount
        if dlTable >= 0 || ulTable >= 0, control.ccesPerSlot != Int.max {
            statistics.pdcchSlots &+= 1
            statistics.ccesAvailable &+= control.ccesPerSlot
            statistics.ccesUsed &+= control.ccesPerSlot &- control.ccesLeft
        }
        statistics.blockedDLDCIs = control.blockedDL
        statistics.blockedULDCIs = control.blockedUL
        statistics.blockedByPUCCH = control.blockedByPUCCH
        if control.isPUCCHSlot[slot % periodSlots] {
            statistics.pucchSlots &+= 1
            statistics.pucchHARQ &+= control.pucchReserved(slot: slot)
        }
        return SlotResult(slot: slot, dlGrants: GrantList(base: dlGrantBuffer, count: dlCount), dlSymbols: dlSymbols,
                          ulSlot: ulSlot, ulGrants: GrantList(base: ulGrantBuffer, count: ulCount),
                          ulSymbols: ulSymbols, ulPRBsLeft: ulTable >= 0 ? cellPRBs - ulTaken : 0)
    }

    /// K2 of each slot of the TDD period: every slot with PDCCH (DL symbols) grants the first
    /// full UL slot at least `ulGrantOffsetSlots` after it, so an UL slot is granted from every
    /// PDCCH slot that reaches it first (each one from the PRBs the earlier ones left), as a
    /// gNB spreads the UL DCIs of one slot over several PDCCH slots; -1 for slots without PDCCH.
    static func k2Table(config: CellSchedulerConfig, ulBySlot: [Int]) -> [Int] {
        let period = ulBySlot.count
        return (0..<period).map { from in
            guard config.tdd.downlinkSymbols(slot: from) > 0 else { return -1 }
            for k2 in config.ulGrantOffsetSlots..<(config.ulGrantOffsetSlots + period) where ulBySlot[(from + k2) % period] >= 0 {
                return k2
            }
            return -1
        }
    }

    /// Dispatches once per slot to the allocator specialised for the policy's ranking.
    private func scheduleLink(_ link: LinkState, slot: Int, targetSlot: Int, tables: LayeredTBSTables,
                              maxGrants: Int, output: UnsafeMutablePointer<Grant>, reservedPRBs: Int = 0) -> Int {
        link.advanceProportionalFairWindow(activeUEs: highWater)
        var counters = HARQCounters()
        let count: Int
        switch ranking {
        case .roundRobin:
            count = allocator.schedule(RoundRobinRanking(), cell: self, link: link, slot: slot, targetSlot: targetSlot,
                                       tables: tables, maxGrants: maxGrants, output: output, reservedPRBs: reservedPRBs, counters: &counters)
        case .proportionalFair:
            count = allocator.schedule(ProportionalFairRanking(), cell: self, link: link, slot: slot,
                                       targetSlot: targetSlot, tables: tables, maxGrants: maxGrants, output: output,
                                       reservedPRBs: reservedPRBs, counters: &counters)
        case .maxRate:
            count = allocator.schedule(MaxRateRanking(), cell: self, link: link, slot: slot, targetSlot: targetSlot,
                                       tables: tables, maxGrants: maxGrants, output: output, reservedPRBs: reservedPRBs, counters: &counters)
        }
        if counters.expired != 0 || counters.dropped != 0 {
            if link.direction == .downlink {
                statistics.dlHARQTimeouts += counters.expired
                statistics.droppedDLTransportBlocks += counters.dropped
            } else {
                statistics.ulHARQTimeouts += counters.expired
                statistics.droppedULTransportBlocks += counters.dropped
            }
        }
        return count
    }
}
