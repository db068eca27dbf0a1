import Radio

/// The one allocator of the cell: turns the ranking of a policy into contiguous PRB
/// allocations (resource allocation type 1, TS 38.214 clause 5.1.2.2.2) honouring HARQ,
/// the grant limit, slice quotas, priorities and latency targets.
///
/// All scratch memory is allocated at setup; `schedule` allocates nothing.
final class PRBAllocator {
    let poolCount: Int
    let cellPRBs: Int
    /// Bits per PRB of each MCS in a full slot, per direction (the achievable rate).
    let dlRatePerPRB: [Double]
    let ulRatePerPRB: [Double]

    // Per pool, reset every slot.
    let poolUsed: FixedBuffer<Int>
    let poolDemand: FixedBuffer<Bool>
    let heaps: UnsafeMutablePointer<CandidateHeap>
    /// UEs close to their latency target, most urgent first.
    let urgentHeap: UnsafeMutablePointer<CandidateHeap>

    // Selected new transmissions of the min-share and remaining steps.
    let selectedUE: FixedBuffer<Int>
    let selectedPool: FixedBuffer<Int>
    let selectedNeed: FixedBuffer<Int>
    let selectedPRBs: FixedBuffer<Int>
    /// What each selected UE reserved on PDCCH and PUCCH (released if it gets no PRB).
    let selectedControl: FixedBuffer<DownlinkControl>

    init(poolCount: Int, maxGrants: Int, cellPRBs: Int, mcsTable: MCSTable, dlRateTable: TBSLookupTable?,
         ulRateTable: TBSLookupTable?) {
        self.poolCount = poolCount
        self.cellPRBs = cellPRBs
        func rates(_ table: TBSLookupTable?) -> [Double] {
            (0..<TBSLookupTable.mcsCount).map { mcs in
                guard let table, mcs <= table.maxMCS else { return 0 }
                return Double(table.bits(mcs: mcs, prbs: cellPRBs)) / Double(cellPRBs)
            }
        }
        dlRatePerPRB = rates(dlRateTable)
        ulRatePerPRB = rates(ulRateTable)
        poolUsed = FixedBuffer(count: poolCount, initialValue: 0)
        poolDemand = FixedBuffer(count: poolCount, initialValue: false)
        heaps = .allocate(capacity: poolCount)
        for pool in 0..<poolCount { (heaps + pool).initialize(to: CandidateHeap(capacity: maxGrants)) }
        urgentHeap = .allocate(capacity: 1)
        urgentHeap.initialize(to: CandidateHeap(capacity: maxGrants))
        selectedUE = FixedBuffer(count: maxGrants, initialValue: 0)
        selectedPool = FixedBuffer(count: maxGrants, initialValue: 0)
        selectedNeed = FixedBuffer(count: maxGrants, initialValue: 0)
        selectedPRBs = FixedBuffer(count: maxGrants, initialValue: 0)
        selectedControl = FixedBuffer(count: maxGrants, initialValue: DownlinkControl(k1: 0, cces: 0, newPUCCH: false, previousACKSlot: -1))
    }

    deinit {
        poolUsed.deallocate(); poolDemand.deallocate()
        for pool in 0..<poolCount { heaps[pool].deallocate() }
        heaps.deinitialize(count: poolCount)
        heaps.deallocate()
        urgentHeap.pointee.deallocate()
        urgentHeap.deinitialize(count: 1)
        urgentHeap.deallocate()
        selectedUE.deallocate(); selectedPool.deallocate(); selectedNeed.deallocate(); selectedPRBs.deallocate()
        selectedControl.deallocate()
    }

    /// Schedules one direction of one slot; returns the number of grants written.
    func schedule<R: CandidateRanking>(_ ranking: R, cell: CellScheduler, link: LinkState, slot: Int, targetSlot: Int,
                                       tables: LayeredTBSTables, maxGrants: Int, output: UnsafeMutablePointer<Grant>,
                                       reservedPRBs: Int = 0, counters: inout HARQCounters) -> Int {
        // PRBs the SSB holds in this slot sit at the bottom of the carrier: grants start above them.
        var slotState = SlotAllocation(prbsLeft: cellPRBs &- reservedPRBs, maxGrants: maxGrants, output: output)
        slotState.targetSlot = targetSlot
        poolUsed.fill(0)
        poolDemand.fill(false)
        for pool in 0..<poolCount { heaps[pool].removeAll(keeping: maxGrants) }
        urgentHeap.pointee.removeAll(keeping: maxGrants)

        // Pools holding a retransmission have demand (their minimum is reserved).
        let retxUEs = link.harq.retxUEs
        for i in 0..<link.harq.retxUECount { poolDemand[cell.uePool[Int(retxUEs[i])]] = true }

        scanCandidates(ranking, cell: cell, link: link, slot: slot, targetSlot: targetSlot, counters: &counters)
        scheduleRetransmissions(cell: cell, link: link, slot: slot, targetSlot: targetSlot, tables: tables,
                                state: &slotState)
        scheduleUrgent(cell: cell, link: link, slot: slot, targetSlot: targetSlot, tables: tables, state: &slotState)
        selectAndShare(cell: cell, link: link, tables: tables, state: &slotState)
        for i in 0..<slotState.selectedCount {
            guard selectedPRBs[i] > 0 else {
                cell.control.release(link.direction, ue: selectedUE[i], cqi: cell.pdcchCQI[selectedUE[i]], slot: targetSlot,
                                     selectedControl[i])
                continue
            }
            emitNewTransmission(ue: selectedUE[i], prbs: selectedPRBs[i], alreadyShared: true, k1: selectedControl[i].k1,
                                cell: cell, link: link, slot: slot, targetSlot: targetSlot, tables: tables, state: &slotState)
        }
        return slotState.grantCount
    }

    // MARK: - Step 0: one pass over the UEs

    /// Offers every UE that can take a new transmission to its pool's bounded heap (or to
    /// the urgent heap). The only O(UEs) loop of a slot.
    @inline(__always)
    private func scanCandidates<R: CandidateRanking>(_ ranking: R, cell: CellScheduler, link: LinkState, slot: Int,
                                                    targetSlot: Int, counters: inout HARQCounters) {
        let view = LinkStateView(link)
        let pending = link.pendingBytes.base
        let mcs = link.mcs.base
        let headOfLine = link.headOfLineSlot.base
        let retxMask = link.harq.retxMask.base
        let freeMask = link.harq.freeMask.base
        let uePool = cell.uePool.base
        let latencyTarget = cell.poolLatencyTargetSlots.base
        let horizon = cell.config.latencyUrgencyHorizonSlots
        let overdueAfter = link.feedbackDelaySlots + cell.config.harqFeedbackTimeoutSlots
        let heaps = self.heaps
        let urgent = urgentHeap
        let granted = link.grantedInSlot.base
        for ue in 0..<cell.highWater {
            // One grant per UE and slot, even when several PDCCH slots grant the same UL slot.
            if pending[ue] <= 0 || mcs[ue] < 0 || retxMask[ue] != 0 || granted[ue] == targetSlot { continue }
            if freeMask[ue] == 0 {
                // Rare: every process waits; reclaim those whose feedback is overdue.
                let outcome = link.harq.expireOverdueFeedback(ue: ue, slot: slot, deadlineAfterTxSlots: overdueAfter)
                counters.expired &+= outcome.expired
                counters.dropped &+= outcome.dropped
                if freeMask[ue] == 0 || retxMask[ue] != 0 { continue }
            }
            let pool = uePool[ue]
            let target = latencyTarget[pool]
            if target > 0 && headOfLine[ue] != Int.max && slot &- headOfLine[ue] &+ horizon >= target {
                // Earliest deadline first.
                let deadline = headOfLine[ue] &+ target
                urgent.pointee.offer(key: UInt64.max &- UInt64(truncatingIfNeeded: deadline &+ (1 << 40)),
                                     ue: Int32(truncatingIfNeeded: ue))
                poolDemand[pool] = true
                continue
            }
            heaps[pool].offer(key: ranking.key(ue: ue, link: view), ue: Int32(truncatingIfNeeded: ue))
        }
        for pool in 0..<poolCount where heaps[pool].count > 0 {
            poolDemand[pool] = true
            heaps[pool].sortDescending()
        }
        urgent.pointee.sortDescending()
    }

    // MARK: - Quotas

    /// PRBs that pool `pool` must leave for the unmet minimum shares of the other pools
    /// with demand.
    @inline(__always)
    private func reservedForOthers(_ pool: Int, cell: CellScheduler) -> Int {
        var reserved = 0
        for other in 0..<poolCount where other != pool && poolDemand[other] {
            reserved &+= max(0, cell.poolMinPRBs[other] &- poolUsed[other])
        }
        return reserved
    }

    /// PRBs pool `pool` may still take in this slot.
    @inline(__always)
    private func headroom(_ pool: Int, cell: CellScheduler, state: SlotAllocation) -> Int {
        min(state.prbsLeft &- reservedForOthers(pool, cell: cell), cell.poolMaxPRBs[pool] &- poolUsed[pool])
    }

    /// The fewest PRBs carrying the UE's pending bytes at its MCS (capped at the cell).
    @inline(__always)
    private func neededPRBs(ue: Int, link: LinkState, tables: LayeredTBSTables) -> Int {
        let bytes = link.pendingBytes[ue]
        let bits = bytes > Int.max / 16 ? Int.max / 2 : bytes &* 8
        return min(tables[link.layers[ue]].smallestPRBs(mcs: link.mcs[ue], carryingBits: bits), link.maxPRBs[ue])
    }

    // MARK: - Step 1: retransmissions

    private func scheduleRetransmissions(cell: CellScheduler, link: LinkState, slot: Int, targetSlot: Int,
                                         tables: LayeredTBSTables, state: inout SlotAllocation) {
        var i = 0
        while i < link.harq.retxUECount && state.grantCount < state.maxGrants {
            let ue = Int(link.harq.retxUEs[i])
            let process = link.harq.retxMask[ue].trailingZeroBitCount
            let index = ue &* link.harq.processesPerUE &+ process
            let mcs = Int(link.harq.mcs[index])
            let tbsBytes = Int(link.harq.tbsBytes[index])
            let layers = Int(link.harq.layers[index])
            let table = tables[layers]
            // Same TBS; same PRBs when the slot has the same symbols, more when it has fewer.
            let prbs = max(Int(link.harq.prbs[index]), table.smallestPRBs(mcs: mcs, carryingBits: tbsBytes &* 8))
            let pool = cell.uePool[ue]
            guard link.grantedInSlot[ue] != targetSlot, table.bits(mcs: mcs, prbs: prbs) >= tbsBytes &* 8,
                  prbs <= headroom(pool, cell: cell, state: state) else {
                i += 1
                continue
            }
            guard let control = cell.control.reserve(link.direction, ue: ue, cqi: cell.pdcchCQI[ue], slot: targetSlot) else {
                i += 1
                continue
            }
            let before = link.harq.retxUECount
            link.harq.startRetransmission(ue: ue, process: process, slot: targetSlot)
            link.grantedInSlot[ue] = targetSlot
            write(Grant(ue: UEIndex(ue), rnti: cell.rnti[ue], harqProcess: process, isRetransmission: true,
                        startPRB: cellPRBs &- state.prbsLeft, numPRBs: prbs, mcs: mcs, symbols: table.symbols,
                        tbsBytes: tbsBytes, slice: cell.slices[cell.sliceIndex[ue]].id, k1: control.k1, layers: layers),
                  pool: pool, state: &state)
            link.lastServedSlot[ue] = slot
            // The UE left the list (swap-removed): the same position now holds another UE.
            if link.harq.retxUECount == before { i += 1 }
        }
    }

    // MARK: - Step 2: latency targets

    private func scheduleUrgent(cell: CellScheduler, link: LinkState, slot: Int, targetSlot: Int,
                                tables: LayeredTBSTables, state: inout SlotAllocation) {
        while urgentHeap.pointee.hasMore && state.grantCount < state.maxGrants && state.prbsLeft > 0 {
            let ue = urgentHeap.pointee.popBest()
            let pool = cell.uePool[ue]
            let prbs = min(neededPRBs(ue: ue, link: link, tables: tables), headroom(pool, cell: cell, state: state))
            guard prbs > 0,
                  let control = cell.control.reserve(link.direction, ue: ue, cqi: cell.pdcchCQI[ue], slot: targetSlot) else { continue }
            emitNewTransmission(ue: ue, prbs: prbs, alreadyShared: false, k1: control.k1, cell: cell, link: link, slot: slot,
                                targetSlot: targetSlot, tables: tables, state: &state)
        }
    }

    // MARK: - Steps 3 and 4: minimum shares, then the rest by priority

    /// Chooses the UEs of each pool and their PRB counts (written later, contiguously).
    private func selectAndShare(cell: CellScheduler, link: LinkState, tables: LayeredTBSTables,
                                state: inout SlotAllocation) {
        let grantsLeft = state.maxGrants &- state.grantCount
        guard grantsLeft > 0 else { return }
        // Step 3: each pool up to its minimum share.
        for position in 0..<poolCount {
            let pool = cell.poolOrder[position]
            let budget = min(cell.poolMinPRBs[pool], cell.poolMaxPRBs[pool]) &- poolUsed[pool]
            guard budget > 0 && heaps[pool].hasMore else { continue }
            share(pool: pool, budget: min(budget, state.prbsLeft), grantsLeft: grantsLeft, cell: cell, link: link,
                  tables: tables, state: &state)
        }
        // A pool still has demand if candidates are left or a selected UE needs more.
        for pool in 0..<poolCount { poolDemand[pool] = heaps[pool].hasMore }
        for i in 0..<state.selectedCount where selectedPRBs[i] < selectedNeed[i] { poolDemand[selectedPool[i]] = true }
        // Step 4: the remaining PRBs, pools by priority, within maximum shares and leaving
        // the other pools their unmet minimum.
        for position in 0..<poolCount {
            let pool = cell.poolOrder[position]
            let budget = headroom(pool, cell: cell, state: state)
            guard budget > 0 else { continue }
            share(pool: pool, budget: budget, grantsLeft: grantsLeft, cell: cell, link: link, tables: tables,
                  state: &state)
        }
    }

    /// Gives `budget` PRBs to the pool's selected UEs plus, grant limit permitting, its next
    /// best candidates: max-min fair (water-filling), each UE capped at its need.
    private func share(pool: Int, budget: Int, grantsLeft: Int, cell: CellScheduler, link: LinkState,
                       tables: LayeredTBSTables, state: inout SlotAllocation) {
        // Enough candidates to use the budget, and at least as many as the PRBs at stake
        // warrant (a full-buffer pool spreads over several UEs instead of one taking all),
        // but not so many that one pool takes every grant of the slot for a small share.
        let wanted = min(budget, max(1, (grantsLeft &* budget &+ cellPRBs &- 1) / cellPRBs))
        var members = 0
        var unmetPRBs = 0
        for i in 0..<state.selectedCount where selectedPool[i] == pool {
            members &+= 1
            unmetPRBs &+= selectedNeed[i] &- selectedPRBs[i]
        }
        while state.selectedCount < grantsLeft && heaps[pool].hasMore && (members < wanted || unmetPRBs < budget) {
            let ue = heaps[pool].popBest()
            // A UE whose DCI or HARQ-ACK finds no room is passed over: the next candidate may fit.
            guard let control = cell.control.reserve(link.direction, ue: ue, cqi: cell.pdcchCQI[ue], slot: state.targetSlot) else { continue }
            let i = state.selectedCount
            selectedControl[i] = control
            let need = neededPRBs(ue: ue, link: link, tables: tables)
            selectedUE[i] = ue
            selectedPool[i] = pool
            selectedNeed[i] = need
            selectedPRBs[i] = 0
            state.selectedCount &+= 1
            members &+= 1
            unmetPRBs &+= need
        }
        var left = budget
        while left > 0 {
            var unmet = 0
            for i in 0..<state.selectedCount where selectedPool[i] == pool && selectedPRBs[i] < selectedNeed[i] {
                unmet &+= 1
            }
            if unmet == 0 { break }
            let fairShare = left / unmet
            for i in 0..<state.selectedCount where selectedPool[i] == pool && selectedPRBs[i] < selectedNeed[i] {
                // Fewer PRBs left than UEs: one each, in rank order.
                let give = fairShare == 0 ? 1 : min(fairShare, selectedNeed[i] &- selectedPRBs[i])
                selectedPRBs[i] &+= give
                left &-= give
                if left == 0 { break }
            }
        }
        let given = budget &- left
        poolUsed[pool] &+= given
        state.prbsLeft &-= given
        state.reservedPRBs &+= given
    }

    // MARK: - Writing grants

    @inline(__always)
    private func emitNewTransmission(ue: Int, prbs: Int, alreadyShared: Bool, k1: Int, cell: CellScheduler, link: LinkState, slot: Int,
                                     targetSlot: Int, tables: LayeredTBSTables, state: inout SlotAllocation) {
        let mcs = link.mcs[ue]
        let layers = min(link.layers[ue], tables.maxLayers)
        let table = tables[layers]
        let bits = table.bits(mcs: mcs, prbs: prbs)
        let bytes = bits >> 3
        let pool = cell.uePool[ue]
        let process = link.harq.startNewTransmission(ue: ue, tbsBytes: bytes, mcs: mcs, prbs: prbs, layers: layers, slot: targetSlot)
        link.grantedInSlot[ue] = targetSlot
        let start = cellPRBs &- state.prbsLeft &- state.reservedPRBs
        if alreadyShared {
            // These PRBs were counted when shared out; `write` counts them again.
            state.reservedPRBs &-= prbs
            state.prbsLeft &+= prbs
            poolUsed[pool] &-= prbs
        }
        write(Grant(ue: UEIndex(ue), rnti: cell.rnti[ue], harqProcess: process, isRetransmission: false,
                    startPRB: start, numPRBs: prbs, mcs: mcs, symbols: table.symbols, tbsBytes: bytes,
                    slice: cell.slices[cell.sliceIndex[ue]].id, k1: k1, layers: layers),
              pool: pool, state: &state)
        let remaining = link.pendingBytes[ue] &- bytes
        if remaining <= 0 {
            link.setPending(ue: ue, bytes: 0)
            link.headOfLineSlot[ue] = Int.max
        } else {
            link.setPending(ue: ue, bytes: remaining)
        }
        link.lastServedSlot[ue] = slot
        link.recordServed(ue: ue, bits: bits)
    }

    @inline(__always)
    private func write(_ grant: Grant, pool: Int, state: inout SlotAllocation) {
        state.output[state.grantCount] = grant
        state.grantCount &+= 1
        state.prbsLeft &-= grant.numPRBs
        poolUsed[pool] &+= grant.numPRBs
    }
}

/// Bookkeeping of one direction of one slot.
struct SlotAllocation {
    /// PRBs neither written nor shared out yet. PRBs are laid out from PRB 0 upwards, so the
    /// next grant starts at `cellPRBs - prbsLeft - reservedPRBs`.
    var prbsLeft: Int
    /// PRBs shared out to selected UEs but not written yet.
    var reservedPRBs = 0
    let maxGrants: Int
    let output: UnsafeMutablePointer<Grant>
    var grantCount = 0
    var selectedCount = 0
    /// The slot the grants are for (DL: the slot itself; UL: slot + K2).
    var targetSlot = 0

    init(prbsLeft: Int, maxGrants: Int, output: UnsafeMutablePointer<Grant>) {
        self.prbsLeft = prbsLeft
        self.maxGrants = maxGrants
        self.output = output
    }
}
