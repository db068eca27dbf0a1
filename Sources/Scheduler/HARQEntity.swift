/// The HARQ processes of every UE in one direction, as a structure of arrays
/// (TS 38.321 clause 5.3.2 for DL, 5.4.2 for UL).
///
/// A process is free, waiting for feedback, or waiting for a retransmission; the three
/// per-UE bit masks say which (bit p = process p), so "has a free process" is one load.
struct HARQEntity {
    let processesPerUE: Int
    let maxTransmissions: Int
    let maxUEs: Int

    // Per UE.
    let freeMask: FixedBuffer<UInt32>
    let waitingMask: FixedBuffer<UInt32>
    let retxMask: FixedBuffer<UInt32>
    /// Position in `retxUEs`, or -1.
    let retxPosition: FixedBuffer<Int32>
    /// UEs with at least one process waiting for a retransmission, unordered.
    let retxUEs: FixedBuffer<Int32>
    var retxUECount = 0

    // Per process: index ue * processesPerUE + process.
    let tbsBytes: FixedBuffer<Int32>
    let mcs: FixedBuffer<Int16>
    let prbs: FixedBuffer<Int16>
    /// Layers of the TB (a retransmission keeps them: same TBS).
    let layers: FixedBuffer<UInt8>
    let transmissions: FixedBuffer<UInt8>
    /// The slot the last transmission went on air.
    let txSlot: FixedBuffer<Int>

    init(maxUEs: Int, processesPerUE: Int, maxTransmissions: Int) {
        self.maxUEs = maxUEs
        self.processesPerUE = processesPerUE
        self.maxTransmissions = maxTransmissions
        freeMask = FixedBuffer(count: maxUEs, initialValue: 0)
        waitingMask = FixedBuffer(count: maxUEs, initialValue: 0)
        retxMask = FixedBuffer(count: maxUEs, initialValue: 0)
        retxPosition = FixedBuffer(count: maxUEs, initialValue: -1)
        retxUEs = FixedBuffer(count: maxUEs, initialValue: -1)
        let processes = maxUEs * processesPerUE
        tbsBytes = FixedBuffer(count: processes, initialValue: 0)
        mcs = FixedBuffer(count: processes, initialValue: 0)
        prbs = FixedBuffer(count: processes, initialValue: 0)
        layers = FixedBuffer(count: processes, initialValue: 1)
        transmissions = FixedBuffer(count: processes, initialValue: 0)
        txSlot = FixedBuffer(count: processes, initialValue: 0)
    }

    func deallocate() {
        freeMask.deallocate(); waitingMask.deallocate(); retxMask.deallocate()
        retxPosition.deallocate(); retxUEs.deallocate()
        tbsBytes.deallocate(); mcs.deallocate(); prbs.deallocate(); layers.deallocate()
        transmissions.deallocate(); txSlot.deallocate()
    }

    var allProcessesMask: UInt32 {
        processesPerUE == 32 ? UInt32.max : (UInt32(1) << UInt32(processesPerUE)) &- 1
    }

    /// Frees every process of a UE (UE added or removed).
    mutating func reset(ue: Int, active: Bool) {
        freeMask[ue] = active ? allProcessesMask : 0
        waitingMask[ue] = 0
        retxMask[ue] = 0
        removeFromRetxList(ue: ue)
        for p in 0..<processesPerUE { transmissions[ue * processesPerUE + p] = 0 }
    }

    /// Records a new transmission on the lowest free process; returns its number.
    @inline(__always)
    mutating func startNewTransmission(ue: Int, tbsBytes bytes: Int, mcs m: Int, prbs n: Int, layers v: Int = 1, slot: Int) -> Int {
        let free = freeMask[ue]
        assert(free != 0, "no free HARQ process")
        let process = free.trailingZeroBitCount
        let bit = UInt32(1) << UInt32(process)
        // One transmission allowed = HARQ feedback disabled (NTN, TS 38.321 5.3.2): the process
        // is free again at once instead of idling a round trip.
        if maxTransmissions > 1 {
            freeMask[ue] = free & ~bit
            waitingMask[ue] |= bit
        }
        let index = ue &* processesPerUE &+ process
        tbsBytes[index] = Int32(truncatingIfNeeded: bytes)
        mcs[index] = Int16(truncatingIfNeeded: m)
        prbs[index] = Int16(truncatingIfNeeded: n)
        layers[index] = UInt8(truncatingIfNeeded: v)
        transmissions[index] = 1
        txSlot[index] = slot
        return process
    }

    /// Records a retransmission of a process that was waiting for one.
    @inline(__always)
    mutating func startRetransmission(ue: Int, process: Int, slot: Int) {
        let bit = UInt32(1) << UInt32(process)
        let remaining = retxMask[ue] & ~bit
        retxMask[ue] = remaining
        waitingMask[ue] |= bit
        let index = ue &* processesPerUE &+ process
        transmissions[index] &+= 1
        txSlot[index] = slot
        if remaining == 0 { removeFromRetxList(ue: ue) }
    }

    /// Outcome of a feedback.
    enum FeedbackOutcome {
        /// The process was not waiting for feedback: ignored.
        case unexpected
        /// ACK: the process is free.
        case acknowledged(firstTransmission: Bool)
        /// NACK: the TB waits for a retransmission.
        case retransmissionPending(firstTransmission: Bool)
        /// NACK after the last allowed transmission: the TB is dropped, the process free.
        case dropped(firstTransmission: Bool)
    }

    /// Applies ACK/NACK (or decode OK/KO) to a process.
    mutating func handleFeedback(ue: Int, process: Int, ack: Bool) -> FeedbackOutcome {
        guard process >= 0 && process < processesPerUE else { return .unexpected }
        let bit = UInt32(1) << UInt32(process)
        guard waitingMask[ue] & bit != 0 else { return .unexpected }
        waitingMask[ue] &= ~bit
        let index = ue * processesPerUE + process
        let first = transmissions[index] == 1
        if ack {
            freeMask[ue] |= bit
            return .acknowledged(firstTransmission: first)
        }
        if Int(transmissions[index]) < maxTransmissions {
            retxMask[ue] |= bit
            addToRetxList(ue: ue)
            return .retransmissionPending(firstTransmission: first)
        }
        freeMask[ue] |= bit
        return .dropped(firstTransmission: first)
    }

    /// Treats processes whose feedback is overdue as NACKed (DTX). Called only for a UE with
    /// no free process, so its cost never reaches the per-UE scan.
    /// - Returns: (timed-out processes, TBs dropped).
    mutating func expireOverdueFeedback(ue: Int, slot: Int, deadlineAfterTxSlots: Int) -> (expired: Int, dropped: Int) {
        var waiting = waitingMask[ue]
        var expired = 0
        var dropped = 0
        while waiting != 0 {
            let process = waiting.trailingZeroBitCount
            waiting &= waiting &- 1
            if txSlot[ue * processesPerUE + process] + deadlineAfterTxSlots < slot {
                expired += 1
                if case .dropped = handleFeedback(ue: ue, process: process, ack: false) { dropped += 1 }
            }
        }
        return (expired, dropped)
    }

    private mutating func addToRetxList(ue: Int) {
        guard retxPosition[ue] < 0 else { return }
        retxPosition[ue] = Int32(retxUECount)
        retxUEs[retxUECount] = Int32(ue)
        retxUECount += 1
    }

    private mutating func removeFromRetxList(ue: Int) {
        let position = Int(retxPosition[ue])
        guard position >= 0 else { return }
        let last = Int(retxUEs[retxUECount - 1])
        retxUEs[position] = Int32(last)
        retxPosition[last] = Int32(position)
        retxPosition[ue] = -1
        retxUECount -= 1
    }
}
