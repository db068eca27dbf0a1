import Radio

/// The PDCCH CCEs of the current slot and the PUCCH HARQ-ACK resources of the uplink slots
/// ahead, as the allocator reserves them grant by grant. Sized at setup; allocates nothing.
final class ControlChannelBudget {
    /// CCEs per slot; `Int.max` without a PDCCH limit.
    let ccesPerSlot: Int
    /// HARQ-ACK PUCCHs per uplink slot; `Int.max` without a PUCCH limit.
    let pucchPerSlot: Int
    /// The K1 values a DL grant may use, ascending.
    let k1Candidates: FixedBuffer<Int>
    /// Whether each slot of the TDD period can carry PUCCH (a full uplink slot).
    let isPUCCHSlot: FixedBuffer<Bool>
    let periodSlots: Int

    private(set) var ccesLeft = 0
    /// CCEs DL DCIs must leave for UL DCIs in a slot that also grants an UL slot while some UE
    /// has uplink data (half of the CORESET), so a busy downlink cannot starve the uplink.
    private var ccesKeptForUplink = 0
    /// Grants refused so far: DL for want of CCEs, DL for want of PUCCH, UL for want of CCEs.
    private(set) var blockedDL = 0
    private(set) var blockedByPUCCH = 0
    private(set) var blockedUL = 0
    /// PUCCHs reserved per uplink slot, in a ring indexed by absolute slot.
    private let pucchUsed: FixedBuffer<Int>
    private let pucchSlotOf: FixedBuffer<Int>
    /// The uplink slot of each UE's latest HARQ-ACK: a second ACK there shares its PUCCH.
    private let lastACKSlot: FixedBuffer<Int>

    init(config: CellSchedulerConfig) {
        ccesPerSlot = config.pdcch?.cces ?? Int.max
        pucchPerSlot = config.pucch?.harqResourcesPerULSlot ?? Int.max
        let k1s = config.effectiveK1Candidates
        k1Candidates = FixedBuffer(count: k1s.count, initialValue: 0)
        for (i, k) in k1s.enumerated() { k1Candidates[i] = k }
        periodSlots = config.tdd.periodSlots
        isPUCCHSlot = FixedBuffer(count: periodSlots, initialValue: false)
        for s in 0..<periodSlots { isPUCCHSlot[s] = config.tdd.uplinkSymbols(slot: s) >= Numerology.symbolsPerSlot }
        let ring = (k1s.last ?? 0) + 1
        pucchUsed = FixedBuffer(count: ring, initialValue: 0)
        pucchSlotOf = FixedBuffer(count: ring, initialValue: -1)
        lastACKSlot = FixedBuffer(count: config.maxUEs, initialValue: -1)
    }

    deinit {
        pucchUsed.deallocate(); pucchSlotOf.deallocate(); lastACKSlot.deallocate()
        k1Candidates.deallocate(); isPUCCHSlot.deallocate()
    }

    /// Starts a slot: the CORESET is empty again.
    @inline(__always) func beginSlot(grantsUplink: Bool) {
        ccesLeft = ccesPerSlot
        ccesKeptForUplink = grantsUplink && ccesPerSlot != Int.max ? ccesPerSlot / 2 : 0
    }

    /// Starts the UL DCIs: the CCEs kept for them are theirs now.
    @inline(__always) func beginUplink() { ccesKeptForUplink = 0 }

    /// HARQ-ACK PUCCHs reserved so far in uplink slot `slot`.
    @inline(__always) func pucchReserved(slot: Int) -> Int {
        let i = slot % pucchUsed.count
        return pucchSlotOf[i] == slot ? pucchUsed[i] : 0
    }

    /// Reserves a DCI and a HARQ-ACK PUCCH for a DL grant to `ue` in `slot`; nil when the
    /// CORESET is full or no allowed K1 finds PUCCH room (the grant is blocked).
    @inline(__always)
    func reserveDownlink(ue: Int, cqi: Int, slot: Int) -> DownlinkControl? {
        let level = PDCCHConfig.aggregationLevel(cqi: cqi)
        guard ccesLeft &- ccesKeptForUplink >= level else { blockedDL &+= 1; return nil }
        for c in 0..<k1Candidates.count {
            let k1 = k1Candidates[c]
            let ackSlot = slot &+ k1
            guard isPUCCHSlot[ackSlot % periodSlots] else { continue }
            let shared = lastACKSlot[ue] == ackSlot
            if !shared {
                guard pucchReserved(slot: ackSlot) < pucchPerSlot else { continue }
                let i = ackSlot % pucchUsed.count
                if pucchSlotOf[i] != ackSlot { pucchSlotOf[i] = ackSlot; pucchUsed[i] = 0 }
                pucchUsed[i] &+= 1
            }
            let previous = lastACKSlot[ue]
            lastACKSlot[ue] = ackSlot
            ccesLeft &-= level
            return DownlinkControl(k1: k1, cces: level, newPUCCH: !shared, previousACKSlot: previous)
        }
        blockedByPUCCH &+= 1
        return nil
    }

    /// Undoes a reservation whose grant was not made after all.
    @inline(__always)
    func release(ue: Int, slot: Int, _ control: DownlinkControl) {
        ccesLeft &+= control.cces
        let ackSlot = slot &+ control.k1
        if control.newPUCCH { pucchUsed[ackSlot % pucchUsed.count] &-= 1 }
        lastACKSlot[ue] = control.previousACKSlot
    }

    /// Reserves a DCI for a UL grant; false when the CORESET is full.
    @inline(__always)
    func reserveUplink(cqi: Int) -> Bool {
        let level = PDCCHConfig.aggregationLevel(cqi: cqi)
        guard ccesLeft >= level else { blockedUL &+= 1; return false }
        ccesLeft &-= level
        return true
    }

    /// Undoes a UL DCI reservation whose grant was not made.
    @inline(__always)
    func releaseUplink(cqi: Int) { ccesLeft &+= PDCCHConfig.aggregationLevel(cqi: cqi) }

    /// Reserves what a grant of `direction` needs; nil when it is blocked.
    @inline(__always)
    func reserve(_ direction: LinkDirection, ue: Int, cqi: Int, slot: Int) -> DownlinkControl? {
        if direction == .downlink { return reserveDownlink(ue: ue, cqi: cqi, slot: slot) }
        return reserveUplink(cqi: cqi) ? DownlinkControl(k1: 0, cces: 0, newPUCCH: false, previousACKSlot: -1) : nil
    }

    /// Undoes ``reserve(_:ue:cqi:slot:)``.
    @inline(__always)
    func release(_ direction: LinkDirection, ue: Int, cqi: Int, slot: Int, _ control: DownlinkControl) {
        if direction == .downlink { release(ue: ue, slot: slot, control) } else { releaseUplink(cqi: cqi) }
    }

    /// Forgets a UE's HARQ-ACK slot when its index is reused.
    func reset(ue: Int) { lastACKSlot[ue] = -1 }
}

/// What a grant reserved on the control channels (a UL grant: only its DCI).
struct DownlinkControl {
    /// Slots from the PDSCH to its HARQ-ACK.
    var k1: Int
    /// CCEs of its DCI.
    var cces: Int
    /// Whether it took a PUCCH of its own (false: shared with the UE's other ACK in that slot).
    var newPUCCH: Bool
    var previousACKSlot: Int
}
