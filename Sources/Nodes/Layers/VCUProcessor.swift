import Power
import Report

/// The CU-UP work of a vCU: user-plane packets wait in arrival order for the vCU's cores.
///
/// Each slot gives `slotDurationUs * speedup(cores)` us of single-core work (Amdahl's law with
/// the model's serial fraction); a packet leaves in the slot its work completes. A slot that
/// ends with work still queued is late: the vCU has fallen behind and the packets behind wait
/// longer. The backlog is bounded in packets; a packet that finds it full is dropped and counted.
struct VCUProcessor<Item> {
    private struct Queued {
        var item: Item
        var remainingUs: Double
        var arrivedSlot: UInt64
    }

    let compute: VRANComputeModel
    let slotDurationUs: Double
    /// The server's clock relative to nominal: work takes 1/f as long.
    let frequencyScale: Double
    let maxBacklog: Int
    private(set) var cores: Int
    private var queue: [Queued] = []
    private var head = 0

    /// Period counters, reset by ``takePeriod()``.
    private(set) var periodWorkUs = 0.0
    private(set) var periodSlots = 0
    private(set) var periodLateSlots = 0
    private(set) var periodPackets = 0
    private(set) var periodDropped = 0
    /// Per packet of the period: whole slots it waited beyond its arrival slot (2^32 slots
    /// outlast any run).
    private var periodDelaySlots = PercentileHistogram(highestTrackableValue: UInt64(UInt32.max))
    /// Run totals.
    private(set) var lateSlots: UInt64 = 0
    private(set) var dropped: UInt64 = 0

    init(compute: VRANComputeModel, cores: Int, slotDurationUs: Double, frequencyScale: Double = 1, maxBacklog: Int = 65_536) {
        precondition(cores >= 1 && slotDurationUs > 0 && frequencyScale > 0 && maxBacklog >= 1, "vCU parameters out of range")
        self.compute = compute
        self.frequencyScale = frequencyScale
        self.cores = cores
        self.slotDurationUs = slotDurationUs
        self.maxBacklog = maxBacklog
    }

    var backlog: Int { queue.count - head }

    mutating func setCores(_ n: Int) {
        precondition(n >= 1, "a vCU needs at least one core")
        cores = n
    }

    /// Queues a packet of `bytes` for processing; false when the backlog is full (dropped).
    @discardableResult
    mutating func enqueue(_ item: Item, bytes: Int, slot: UInt64) -> Bool {
        guard backlog < maxBacklog else { periodDropped += 1; dropped += 1; return false }
        let work = compute.vcuProcessingUs(packets: 1, bytes: bytes, frequencyScale: frequencyScale)
        queue.append(Queued(item: item, remainingUs: work, arrivedSlot: slot))
        periodWorkUs += work
        return true
    }

    /// Runs one slot of processing; returns the packets completed, in order.
    mutating func process(slot: UInt64) -> [Item] {
        var budget = slotDurationUs * VRANComputeModel.amdahlSpeedup(cores: cores, serialFraction: compute.serialFraction)
        var done: [Item] = []
        while head < queue.count, budget > 0 {
            if queue[head].remainingUs > budget {
                queue[head].remainingUs -= budget
                budget = 0
                break
            }
            budget -= queue[head].remainingUs
            done.append(queue[head].item)
            periodDelaySlots.record(slot - queue[head].arrivedSlot)
            head += 1
        }
        if head == queue.count { queue.removeAll(keepingCapacity: true); head = 0 }
        else if head > 4096 { queue.removeFirst(head); head = 0 }
        periodSlots += 1
        periodPackets += done.count
        if backlog > 0 { periodLateSlots += 1; lateSlots += 1 }
        return done
    }

    /// The period's measurement; resets the period counters.
    mutating func takePeriod() -> (utilisation: Double, waitP99Us: Double, lateSlots: Int, packets: Int, dropped: Int) {
        let capacity = Double(max(1, periodSlots)) * slotDurationUs * Double(cores)
        let delayUs = Double(periodDelaySlots.value(atPercentile: 99)) * slotDurationUs
        let result = (min(1, periodWorkUs / capacity), delayUs, periodLateSlots, periodPackets, periodDropped)
        periodWorkUs = 0; periodSlots = 0; periodLateSlots = 0; periodPackets = 0; periodDropped = 0
        periodDelaySlots.reset()
        return result
    }
}
