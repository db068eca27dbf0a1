import Radio

/// Per-direction UE state of one cell, as a structure of arrays sized at setup.
final class LinkState {
    let direction: LinkDirection
    /// Slots from a transmission to its feedback at the latest (K1 and transport for DL, 0 for UL decode results).
    let feedbackDelaySlots: Int

    let pendingBytes: FixedBuffer<Int>
    /// UEs with pending bytes (kept by ``setPending(ue:bytes:)``).
    private(set) var backloggedUEs = 0
    /// Most PRBs worth giving the UE (uplink power headroom); Int.max = no limit.
    let maxPRBs: FixedBuffer<Int>
    /// Arrival slot of the oldest pending byte; `Int.max` when nothing is pending.
    let headOfLineSlot: FixedBuffer<Int>
    /// Layers the UE's next new transmission uses (its rank indicator, capped by the cell).
    let layers: FixedBuffer<Int>
    /// Current MCS, -1 when the UE must not be scheduled (CQI 0 or inactive).
    let mcs: FixedBuffer<Int>
    /// Bits per PRB at `mcs` in a full slot: the achievable rate used by the rankings.
    let ratePerPRB: FixedBuffer<Double>
    /// Last slot the UE got a grant in this direction, -1 when never.
    let lastServedSlot: FixedBuffer<Int>
    /// Slot in which the UE last got a grant in this direction (one grant per slot).
    let grantedInSlot: FixedBuffer<Int>
    /// Proportional fair: served-rate average times `pfScale` (exponential moving average
    /// kept lazily: only served UEs are touched per slot).
    let pfScaledAverage: FixedBuffer<Double>
    /// 1 / `pfScaledAverage`, so the ranking multiplies instead of divides.
    let pfWeight: FixedBuffer<Double>
    /// Per-UE outer-loop link adaptation.
    let olla: FixedBuffer<OuterLoopLinkAdaptation>
    var harq: HARQEntity

    /// (1 - alpha)^-t: multiplying a served amount by it adds it to every lazily decayed
    /// average at once.
    var pfScale: Double = 1
    var pfGrowth: Double = 1
    var pfAlpha: Double = 0

    init(direction: LinkDirection, config: CellSchedulerConfig) {
        self.direction = direction
        feedbackDelaySlots = direction == .downlink ? config.longestFeedbackDelaySlots : 0
        let n = config.maxUEs
        pendingBytes = FixedBuffer(count: n, initialValue: 0)
        maxPRBs = FixedBuffer(count: n, initialValue: Int.max)
        headOfLineSlot = FixedBuffer(count: n, initialValue: Int.max)
        mcs = FixedBuffer(count: n, initialValue: -1)
        layers = FixedBuffer(count: n, initialValue: 1)
        ratePerPRB = FixedBuffer(count: n, initialValue: 0)
        lastServedSlot = FixedBuffer(count: n, initialValue: -1)
        grantedInSlot = FixedBuffer(count: n, initialValue: Int.min)
        pfScaledAverage = FixedBuffer(count: n, initialValue: 0)
        pfWeight = FixedBuffer(count: n, initialValue: .infinity)
        olla = FixedBuffer(count: n, initialValue: OuterLoopLinkAdaptation(targetBLER: config.targetBLER))
        harq = HARQEntity(maxUEs: n, processesPerUE: config.harqProcessesPerUE,
                          maxTransmissions: config.maxHARQTransmissions)
        if case .proportionalFair(let windowSlots) = config.policy.baseRanking {
            pfAlpha = 1 / Double(windowSlots)
            pfGrowth = 1 / (1 - pfAlpha)
        }
    }

    deinit {
        pendingBytes.deallocate(); maxPRBs.deallocate(); headOfLineSlot.deallocate(); mcs.deallocate(); ratePerPRB.deallocate()
        layers.deallocate()
        lastServedSlot.deallocate(); grantedInSlot.deallocate(); pfScaledAverage.deallocate()
        pfWeight.deallocate(); olla.deallocate(); harq.deallocate()
    }

    /// Sets a UE's pending bytes, keeping the count of backlogged UEs.
    @inline(__always) func setPending(ue: Int, bytes: Int) {
        let was = pendingBytes[ue] > 0, now = bytes > 0
        if was != now { backloggedUEs &+= now ? 1 : -1 }
        pendingBytes[ue] = bytes
    }

    /// Clears a UE's state when it is added or removed.
    func reset(ue: Int, active: Bool, targetBLER: Double) {
        setPending(ue: ue, bytes: 0)
        maxPRBs[ue] = Int.max
        headOfLineSlot[ue] = Int.max
        mcs[ue] = -1
        layers[ue] = 1
        ratePerPRB[ue] = 0
        lastServedSlot[ue] = -1
        grantedInSlot[ue] = Int.min
        pfScaledAverage[ue] = 0
        pfWeight[ue] = .infinity
        olla[ue] = OuterLoopLinkAdaptation(targetBLER: targetBLER)
        harq.reset(ue: ue, active: active)
    }

    /// Advances the lazily decayed PF averages by one scheduling opportunity.
    @inline(__always) func advanceProportionalFairWindow(activeUEs: Int) {
        guard pfAlpha > 0 else { return }
        pfScale *= pfGrowth
        // Rescale long before Double overflows; O(UEs), about once per 10^5 opportunities.
        if pfScale > 1e150 {
            let inverse = 1 / pfScale
            for ue in 0..<activeUEs {
                let scaled = pfScaledAverage[ue] * inverse
                pfScaledAverage[ue] = scaled
                pfWeight[ue] = 1 / scaled
            }
            pfScale = 1
        }
    }

    /// Adds served bits to a UE's PF average.
    @inline(__always) func recordServed(ue: Int, bits: Int) {
        guard pfAlpha > 0 else { return }
        let scaled = pfScaledAverage[ue] + pfAlpha * Double(bits) * pfScale
        pfScaledAverage[ue] = scaled
        pfWeight[ue] = 1 / scaled
    }

    /// The current average served bits per opportunity (for tests and reports).
    func averageServedBits(ue: Int) -> Double { pfScaledAverage[ue] / pfScale }
}
