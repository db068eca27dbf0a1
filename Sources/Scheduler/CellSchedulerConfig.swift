import Radio

/// How candidates are ranked inside one pool of UEs.
public enum BaseRanking: Sendable, Hashable {
    /// Round robin: the UE served least recently first.
    case roundRobin
    /// Proportional fair: achievable rate / average served rate, the average being an
    /// exponential moving average over `windowSlots` scheduling opportunities.
    case proportionalFair(windowSlots: Int)
    /// Max rate: the highest MCS first (ties: served least recently first).
    case maxRate
}

/// The scheduling policy of a cell. A policy only ranks candidates; one allocator turns
/// the ranking into PRB allocations.
public enum SchedulingPolicy: Sendable, Hashable {
    /// Round robin over all UEs; slices are ignored.
    case roundRobin
    /// Proportional fair over all UEs; slices are ignored.
    case proportionalFair(windowSlots: Int)
    /// Max rate over all UEs; slices are ignored.
    case maxRate
    /// Slice aware: each slice is a pool with PRB quotas, a priority and an optional
    /// latency target; UEs inside a slice are ranked by `base`.
    case sliceAware(base: BaseRanking)

    /// The ranking used inside a pool.
    public var baseRanking: BaseRanking {
        switch self {
        case .roundRobin: return .roundRobin
        case .proportionalFair(let windowSlots): return .proportionalFair(windowSlots: windowSlots)
        case .maxRate: return .maxRate
        case .sliceAware(let base): return base
        }
    }

    /// Whether slice quotas, priorities and latency targets are enforced.
    public var isSliceAware: Bool {
        if case .sliceAware = self { return true }
        return false
    }
}

/// One slice of a cell: PRB quotas per direction, a priority and a latency target.
public struct SliceConfig: Sendable, Hashable {
    /// The slice.
    public var id: SliceID
    /// Share of the cell's PRBs guaranteed to the slice when it has demand, 0...1.
    public var minPRBShare: Double
    /// Share of the cell's PRBs the slice may never exceed, `minPRBShare`...1.
    public var maxPRBShare: Double
    /// Higher is served first once every slice has its minimum.
    public var priority: Int
    /// Head-of-line delay budget in slots; a UE whose delay approaches it is served ahead
    /// of everyone else (within the slice's maximum share). `nil`: no latency target.
    public var latencyTargetSlots: Int?

    /// - Parameters:
    ///   - id: The slice identifier.
    ///   - minPRBShare: Guaranteed share, 0...1 (default 0).
    ///   - maxPRBShare: Ceiling share, 0...1 (default 1).
    ///   - priority: Higher first (default 0).
    ///   - latencyTargetSlots: Head-of-line delay target in slots (default none).
    public init(id: SliceID, minPRBShare: Double = 0, maxPRBShare: Double = 1, priority: Int = 0,
                latencyTargetSlots: Int? = nil) {
        self.id = id
        self.minPRBShare = minPRBShare
        self.maxPRBShare = maxPRBShare
        self.priority = priority
        self.latencyTargetSlots = latencyTargetSlots
    }

    /// The guaranteed PRBs in a cell: `floor(minPRBShare * cellPRBs)`.
    public func minPRBs(cellPRBs: Int) -> Int { Int((minPRBShare * Double(cellPRBs)).rounded(.down)) }

    /// The PRB ceiling in a cell: `floor(maxPRBShare * cellPRBs)`.
    public func maxPRBs(cellPRBs: Int) -> Int { Int((maxPRBShare * Double(cellPRBs)).rounded(.down)) }
}

/// Everything a ``CellScheduler`` needs to know about its cell, fixed at setup except the
/// slice quotas (``CellScheduler/setSliceQuota(slice:minPRBShare:maxPRBShare:)``).
public struct CellSchedulerConfig: Sendable {
    /// PRBs of the carrier (273 = 100 MHz at 30 kHz, TS 38.101-1 Table 5.3.2-1).
    public var prbs: Int = 273
    /// The slot pattern. DL is scheduled in slots with DL symbols; PUSCH only in full UL
    /// slots (the UL symbols of a special slot carry no PUSCH here).
    public var tdd: TDDPattern = .fdd
    /// The PDSCH/PUSCH MCS table (TS 38.214 Table 5.1.3.1-1 or -2).
    public var mcsTable: MCSTable = .qam256
    /// The ranking policy.
    public var policy: SchedulingPolicy = .proportionalFair(windowSlots: 1_000)
    /// At most this many PDSCH grants per slot.
    public var maxDLGrantsPerSlot: Int = 16
    /// At most this many PUSCH grants per slot.
    public var maxULGrantsPerSlot: Int = 16
    /// UE capacity; all per-UE state is allocated for this many at setup.
    public var maxUEs: Int = 1_024
    /// HARQ processes per UE and direction, 1...32 (TS 38.331 allows up to 32 in Rel-17).
    public var harqProcessesPerUE: Int = 16
    /// Transmissions of a TB before it is dropped, 1 (HARQ disabled) ... 8.
    public var maxHARQTransmissions: Int = 4
    /// PDSCH symbols in a full DL slot (14 minus the PDCCH symbols). A special slot's PDSCH
    /// has its DL symbols minus the same control symbols.
    public var dlSymbols: Int = 12
    /// PUSCH symbols in a full UL slot.
    public var ulSymbols: Int = 14
    /// DM-RS REs per PRB, N_DMRS^PRB (TS 38.214 clause 5.1.3.2).
    public var dmrsREsPerPRB: Int = 12
    /// xOverhead REs per PRB, N_oh^PRB (0, 6, 12 or 18).
    public var overheadREsPerPRB: Int = 0
    /// The most DL MIMO layers a UE's rank can reach (the cell's ports and the UE's antennas).
    public var layers: Int = 1
    /// The most UL MIMO layers.
    public var ulLayers: Int = 1
    /// The smallest PDSCH-to-HARQ-ACK delay K1 in slots (the UE's processing time).
    public var k1: Int = 4
    /// The K1 values a DL grant may use (TS 38.213 clause 9.2.3, `dl-DataToUL-ACK`, at most 8
    /// of 0...15); nil: every value from ``k1`` over one TDD period, so each DL slot reaches an
    /// uplink slot. The scheduler takes the first whose slot can carry PUCCH and has room.
    public var k1Candidates: [Int]? = nil
    /// Slots the emulated links add to a HARQ-ACK after its uplink slot (0 in a real gNB).
    public var feedbackTransportSlots: Int = 0
    /// The smallest PDCCH-to-PUSCH delay K2 in slots. Each full uplink slot is scheduled from
    /// the latest earlier slot with PDCCH at least this far before it (TDD-aware K2).
    public var ulGrantOffsetSlots: Int = 4
    /// The CORESET whose CCEs DL and UL DCIs share; nil: DCIs are not limited.
    public var pdcch: PDCCHConfig? = nil
    /// HARQ-ACK PUCCH room per uplink slot; nil: not limited.
    public var pucch: PUCCHConfig? = nil
    /// SSB, CSI-RS and TRS overhead; nil: none.
    public var referenceSignals: ReferenceSignalConfig? = nil
    /// When set, every UE uses this MCS in both directions (link adaptation is bypassed).
    public var fixedMCS: Int? = nil
    /// The slices; empty means one slice 0 with no quota. UEs start in the first slice.
    public var slices: [SliceConfig] = []
    /// A HARQ process still waiting for feedback this many slots after its feedback was due
    /// is treated as a NACK (DTX), so lost feedback never blocks a process for ever.
    public var harqFeedbackTimeoutSlots: Int = 16
    /// A UE of a slice with a latency target becomes urgent when its head-of-line delay
    /// plus this many slots reaches the target.
    public var latencyUrgencyHorizonSlots: Int = 2
    /// Target BLER of the per-UE outer-loop link adaptation.
    public var targetBLER: Double = 0.1

    /// A configuration with the defaults above, changed by the named arguments.
    public init(prbs: Int = 273, tdd: TDDPattern = .fdd, mcsTable: MCSTable = .qam256,
                policy: SchedulingPolicy = .proportionalFair(windowSlots: 1_000), maxUEs: Int = 1_024) {
        self.prbs = prbs
        self.tdd = tdd
        self.mcsTable = mcsTable
        self.policy = policy
        self.maxUEs = maxUEs
    }

    /// The K1 values in use, ascending (see ``k1Candidates``).
    public var effectiveK1Candidates: [Int] {
        if let k1Candidates { return k1Candidates.sorted() }
        return Array(k1...(k1 + max(0, tdd.periodSlots - 1)))
    }

    /// Slots from a PDSCH to its HARQ-ACK reaching the scheduler, at the most.
    public var longestFeedbackDelaySlots: Int { (effectiveK1Candidates.last ?? k1) + feedbackTransportSlots }

    /// The slices the scheduler uses: ``slices``, or one default slice 0.
    public var effectiveSlices: [SliceConfig] {
        slices.isEmpty ? [SliceConfig(id: 0)] : slices
    }

    /// PDSCH symbols of a slot: 0 when the slot has no DL symbols.
    /// - Parameter slot: Absolute slot number.
    public func pdschSymbols(slot: Int) -> Int {
        tdd.pdschSymbols(slot: slot, fullSlotSymbols: dlSymbols)
    }

    /// PUSCH symbols of a slot: ``ulSymbols`` in a full UL slot, else 0.
    /// - Parameter slot: Absolute slot number.
    public func puschSymbols(slot: Int) -> Int {
        tdd.uplinkSymbols(slot: slot) >= Numerology.symbolsPerSlot ? ulSymbols : 0
    }

    /// Every problem of this configuration, as operator-readable sentences (empty: valid).
    public func validationErrors() -> [String] {
        var errors: [String] = []
        if !(1...275).contains(prbs) { errors.append("prbs \(prbs) must be in 1...275") }
        if maxDLGrantsPerSlot < 1 || maxDLGrantsPerSlot > 256 {
            errors.append("maxDLGrantsPerSlot \(maxDLGrantsPerSlot) must be in 1...256")
        }
        if maxULGrantsPerSlot < 1 || maxULGrantsPerSlot > 256 {
            errors.append("maxULGrantsPerSlot \(maxULGrantsPerSlot) must be in 1...256")
        }
        if maxUEs < 1 || maxUEs > 1 << 20 { errors.append("maxUEs \(maxUEs) must be in 1...1048576") }
        if !(1...32).contains(harqProcessesPerUE) {
            errors.append("harqProcessesPerUE \(harqProcessesPerUE) must be in 1...32")
        }
        if !(1...8).contains(maxHARQTransmissions) {
            errors.append("maxHARQTransmissions \(maxHARQTransmissions) must be in 1...8")
        }
        if !(1...14).contains(dlSymbols) { errors.append("dlSymbols \(dlSymbols) must be in 1...14") }
        if !(1...14).contains(ulSymbols) { errors.append("ulSymbols \(ulSymbols) must be in 1...14") }
        if dmrsREsPerPRB < 0 || dmrsREsPerPRB > 48 { errors.append("dmrsREsPerPRB \(dmrsREsPerPRB) must be in 0...48") }
        if ![0, 6, 12, 18].contains(overheadREsPerPRB) {
            errors.append("overheadREsPerPRB \(overheadREsPerPRB) must be 0, 6, 12 or 18")
        }
        if !(1...8).contains(layers) { errors.append("layers \(layers) must be in 1...8") }
        if !(1...4).contains(ulLayers) { errors.append("ulLayers \(ulLayers) must be in 1...4") }
        if !(0...32).contains(k1) { errors.append("k1 \(k1) must be in 0...32") }
        if let set = k1Candidates {
            if set.isEmpty || set.count > 8 || set.contains(where: { !(0...15).contains($0) }) || Set(set).count != set.count {
                errors.append("k1Candidates \(set) must be 1 to 8 distinct values in 0...15")
            }
        }
        if feedbackTransportSlots < 0 { errors.append("feedbackTransportSlots must be >= 0") }
        if let p = pdcch {
            if !(1...3).contains(p.coresetSymbols) { errors.append("CORESET symbols \(p.coresetSymbols) must be in 1...3") }
            if p.coresetPRBs < 6 || p.coresetPRBs % 6 != 0 || p.coresetPRBs > prbs {
                errors.append("CORESET PRBs \(p.coresetPRBs) must be a multiple of 6 in 6...\(prbs)")
            }
        }
        if let rs = referenceSignals {
            if rs.ssbPeriodSlots < 1 || rs.ssbSlots < 0 || rs.ssbSlots > rs.ssbPeriodSlots || rs.ssbPRBs < 0 || rs.ssbPRBs >= prbs {
                errors.append("SSB: \(rs.ssbSlots) slots of \(rs.ssbPRBs) PRBs every \(rs.ssbPeriodSlots) slots does not fit a \(prbs)-PRB carrier")
            }
            if rs.csiRSPeriodSlots < 3 || !(0..<rs.csiRSPeriodSlots).contains(rs.csiRSOffsetSlots)
                || rs.csiRSREsPerPRB < 0 || rs.trsREsPerPRB < 0 || rs.csiRSREsPerPRB + rs.trsREsPerPRB > 48 {
                errors.append("CSI-RS/TRS: period >= 3 slots, offset within it, at most 48 REs per PRB")
            }
        }
        if let p = pucch {
            if p.harqResourcesPerULSlot < 1 { errors.append("PUCCH HARQ resources per uplink slot must be >= 1") }
            if p.srPeriodSlots < 1 || p.csiPeriodSlots < 1 { errors.append("SR and CSI periods must be >= 1 slot") }
        }
        if !(0...32).contains(ulGrantOffsetSlots) {
            errors.append("ulGrantOffsetSlots \(ulGrantOffsetSlots) must be in 0...32")
        }
        if let mcs = fixedMCS, !(0...mcsTable.maxMCS).contains(mcs) {
            errors.append("fixedMCS \(mcs) must be in 0...\(mcsTable.maxMCS) for MCS table \(mcsTable.number)")
        }
        if harqFeedbackTimeoutSlots < 1 { errors.append("harqFeedbackTimeoutSlots must be >= 1") }
        if latencyUrgencyHorizonSlots < 0 { errors.append("latencyUrgencyHorizonSlots must be >= 0") }
        if !(targetBLER > 0 && targetBLER < 1) { errors.append("targetBLER \(targetBLER) must be in (0, 1)") }
        switch policy.baseRanking {
        case .proportionalFair(let windowSlots) where windowSlots < 1:
            errors.append("proportional fair windowSlots \(windowSlots) must be >= 1")
        default: break
        }
        if slices.count > 64 { errors.append("at most 64 slices are supported, got \(slices.count)") }
        var seen = Set<SliceID>()
        for slice in slices {
            if !seen.insert(slice.id).inserted { errors.append("slice \(slice.id.rawValue) is listed twice") }
            errors.append(contentsOf: Self.quotaErrors(slice: slice.id, minPRBShare: slice.minPRBShare,
                                                       maxPRBShare: slice.maxPRBShare))
            if let target = slice.latencyTargetSlots, target < 1 {
                errors.append("slice \(slice.id.rawValue) latencyTargetSlots \(target) must be >= 1")
            }
        }
        let minSum = slices.reduce(0.0) { $0 + $1.minPRBShare }
        if minSum > 1 + 1e-9 { errors.append("slice minPRBShare values add up to \(minSum), more than 1") }
        return errors
    }

    static func quotaErrors(slice: SliceID, minPRBShare: Double, maxPRBShare: Double) -> [String] {
        var errors: [String] = []
        if !(0...1).contains(minPRBShare) {
            errors.append("slice \(slice.rawValue) minPRBShare \(minPRBShare) must be in 0...1")
        }
        if !(0...1).contains(maxPRBShare) {
            errors.append("slice \(slice.rawValue) maxPRBShare \(maxPRBShare) must be in 0...1")
        }
        if minPRBShare > maxPRBShare {
            errors.append("slice \(slice.rawValue) minPRBShare \(minPRBShare) exceeds maxPRBShare \(maxPRBShare)")
        }
        return errors
    }
}

/// A configuration or input the scheduler refuses, with the reasons.
public struct CellSchedulerError: Error, Sendable, CustomStringConvertible {
    /// Operator-readable reasons.
    public let reasons: [String]

    init(_ reasons: [String]) { self.reasons = reasons }
    init(_ reason: String) { reasons = [reason] }

    public var description: String { reasons.joined(separator: "; ") }
}
