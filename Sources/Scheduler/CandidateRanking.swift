/// A policy: it only ranks candidate UEs. A larger key is served first; equal keys go to
/// the lower UE index. Grid, HARQ and quotas belong to the allocator.
///
/// Rankings are small structs used through generics (specialised, no existential): the
/// key is computed once per eligible UE per slot.
protocol CandidateRanking {
    func key(ue: Int, link: LinkStateView) -> UInt64
}

/// The few per-UE arrays a ranking reads, copied out of the link state once per slot.
struct LinkStateView {
    let mcs: UnsafeMutablePointer<Int>
    let ratePerPRB: UnsafeMutablePointer<Double>
    let lastServedSlot: UnsafeMutablePointer<Int>
    let pfWeight: UnsafeMutablePointer<Double>

    init(_ link: LinkState) {
        mcs = link.mcs.base
        ratePerPRB = link.ratePerPRB.base
        lastServedSlot = link.lastServedSlot.base
        pfWeight = link.pfWeight.base
    }
}

/// Round robin: the UE served least recently first, so the cell cycles through its UEs.
struct RoundRobinRanking: CandidateRanking {
    @inline(__always) func key(ue: Int, link: LinkStateView) -> UInt64 {
        // lastServedSlot >= -1; never served ranks highest.
        UInt64.max &- UInt64(truncatingIfNeeded: link.lastServedSlot[ue] &+ 1)
    }
}

/// Proportional fair: achievable rate (bits per PRB at the UE's MCS) over its average
/// served rate. Positive doubles order like their bit patterns, so the metric is the key.
struct ProportionalFairRanking: CandidateRanking {
    @inline(__always) func key(ue: Int, link: LinkStateView) -> UInt64 {
        (link.ratePerPRB[ue] * link.pfWeight[ue]).bitPattern
    }
}

/// Max rate: highest MCS first; among equals, served least recently first.
struct MaxRateRanking: CandidateRanking {
    @inline(__always) func key(ue: Int, link: LinkStateView) -> UInt64 {
        let age = UInt64(0x03FF_FFFF_FFFF_FFFF) &- UInt64(truncatingIfNeeded: link.lastServedSlot[ue] &+ 1)
        return UInt64(truncatingIfNeeded: link.mcs[ue]) << 58 | age
    }
}
