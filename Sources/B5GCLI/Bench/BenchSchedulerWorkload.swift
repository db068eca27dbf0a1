import CAllocationCounter
import Radio
import Scheduler

/// The benchmark's cells, UEs and HARQ feedback loop. With `timedIntake` the slot's feedback
/// and every UE's buffer state go to the scheduler inside the timed call, as a gNB's slot
/// indication does; otherwise only `runSlot` is timed.
struct BenchSchedulerWorkload {
    /// Full buffer: more bytes than any run can drain.
    static let fullBufferBytes = 1 << 40

    /// Bytes every UE's DL buffer is set to each slot in the equal-work workload.
    static let equalWorkBufferBytes = 1_000_000
    /// Slots from a HARQ-ACK's PUCCH slot to the scheduler (the gNB's uplink processing).
    static let feedbackProcessingSlots = 2

    static func cellConfig(policy: BenchSchedulerCommand.Policy, ues: Int, prbs: Int, tdd: TDDPattern,
                           maxDLGrants: Int, maxULGrants: Int, layers: Int = 1, pucchPerSlot: Int = 0,
                           mcsTable: MCSTable = .qam256) throws -> CellSchedulerConfig {
        var config = CellSchedulerConfig(prbs: prbs, tdd: tdd, mcsTable: mcsTable, maxUEs: ues)
        config.layers = layers
        config.feedbackTransportSlots = feedbackProcessingSlots
        if pucchPerSlot > 0 {
            config.pucch = PUCCHConfig(harqResourcesPerULSlot: pucchPerSlot)
            config.pdcch = PDCCHConfig.fitting(carrierPRBs: prbs)
        }
        config.maxDLGrantsPerSlot = maxDLGrants
        config.maxULGrantsPerSlot = maxULGrants
        config.harqProcessesPerUE = 16
        config.maxHARQTransmissions = 4
        config.k1 = 4
        config.ulGrantOffsetSlots = 4
        switch policy {
        case .rr: config.policy = .roundRobin
        case .pf: config.policy = .proportionalFair(windowSlots: 1_000)
        case .maxrate: config.policy = .maxRate
        case .slice:
            config.policy = .sliceAware(base: .proportionalFair(windowSlots: 1_000))
            config.slices = [
                SliceConfig(id: 1, minPRBShare: 0.5, maxPRBShare: 1, priority: 0),
                SliceConfig(id: 2, minPRBShare: 0.1, maxPRBShare: 0.3, priority: 2, latencyTargetSlots: 4),
                SliceConfig(id: 3, minPRBShare: 0.1, maxPRBShare: 0.5, priority: 1),
            ]
        }
        return config
    }

    /// A transmission whose feedback is due later.
    struct PendingFeedback {
        var cell: Int
        var ue: UEIndex
        var process: Int
        var uplink: Bool
    }

    let schedulers: [CellScheduler]
    let config: CellSchedulerConfig
    let uplink: Bool
    let bler: Double
    let timedIntake: Bool
    var random: SeededGenerator
    /// Feedback due per slot, in a ring longer than K1 and K2 + 1.
    var feedbackRing: [[PendingFeedback]]

    init(config: CellSchedulerConfig, policy: BenchSchedulerCommand.Policy, ues: Int, cells: Int, uplink: Bool,
         bler: Double, seed: UInt64, timedIntake: Bool = false) throws {
        self.config = config
        self.timedIntake = timedIntake
        self.uplink = uplink
        self.bler = bler
        random = SeededGenerator(seed: seed)
        var schedulers: [CellScheduler] = []
        for _ in 0..<cells {
            let scheduler = try CellScheduler(config: config)
            let sliceIDs = config.effectiveSlices.map(\.id)
            for index in 0..<ues {
                let slice = policy == .slice ? sliceIDs[index % sliceIDs.count] : sliceIDs[0]
                let ue = try scheduler.addUE(rnti: RNTI(0x4601 + index % 0xB000), slice: slice, initialCQI: 15)
                scheduler.handleRankIndicator(ue: ue, rank: config.layers)
                scheduler.handleCQIReport(ue: ue, cqi: 15)
                scheduler.handleDLBufferStatus(ue: ue, pendingBytes: Self.fullBufferBytes, headOfLineArrivalSlot: 0)
                if uplink { scheduler.handleULBufferStatusReport(ue: ue, pendingBytes: Self.fullBufferBytes) }
            }
            schedulers.append(scheduler)
        }
        self.schedulers = schedulers
        let ringSlots = max(config.longestFeedbackDelaySlots, config.ulGrantOffsetSlots + config.tdd.periodSlots + 1) + 2
        feedbackRing = Array(repeating: [], count: ringSlots)
        for index in feedbackRing.indices {
            feedbackRing[index].reserveCapacity(cells * (config.maxDLGrantsPerSlot + config.maxULGrantsPerSlot))
        }
    }

    /// What a run measured.
    struct Measurement {
        var slotTimesNs: [Int64]
        var allocations: UInt64
        var dlGrants = 0
        var ulGrants = 0
        var dlBits = 0
        var ulBits = 0
        var retransmissions = 0
        var measuredSlots = 0
        /// HARQ-ACK PUCCHs and PDCCH CCEs of the measured slots.
        var pucchs = 0
        var cces = 0
        var dlLayers = 0
        var allocationCounterActive: Bool
        var statistics: [CellSchedulerStatistics]
    }

    mutating func run(warmupSlots: Int, measuredSlots: Int) -> Measurement {
        let clock = ContinuousClock()
        var measurement = Measurement(slotTimesNs: [], allocations: 0,
                                      allocationCounterActive: b5g_allocation_counter_is_active() != 0,
                                      statistics: [])
        measurement.slotTimesNs.reserveCapacity(measuredSlots * schedulers.count)
        measurement.measuredSlots = measuredSlots
        for slot in 0..<(warmupSlots + measuredSlots) {
            if !timedIntake { deliverFeedback(slot: slot, cell: nil) }
            let measured = slot >= warmupSlots
            for (cell, scheduler) in schedulers.enumerated() {
                let before = scheduler.statistics
                let allocationsBefore = b5g_allocation_count()
                let start = clock.now
                if timedIntake {
                    deliverFeedback(slot: slot, cell: cell)
                    for index in 0..<scheduler.ueCount {
                        scheduler.handleDLBufferStatus(ue: UEIndex(index), pendingBytes: Self.equalWorkBufferBytes,
                                                       headOfLineArrivalSlot: slot)
                    }
                }
                let result = scheduler.runSlot(slot)
                let end = clock.now
                let allocationsAfter = b5g_allocation_count()
                if measured {
                    let elapsed = (end - start).components
                    measurement.slotTimesNs.append(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
                    measurement.allocations += allocationsAfter &- allocationsBefore
                    measurement.dlGrants += result.dlGrants.count
                    measurement.ulGrants += result.ulGrants.count
                    measurement.pucchs += scheduler.statistics.pucchHARQ - before.pucchHARQ
                    measurement.cces += scheduler.statistics.ccesUsed - before.ccesUsed
                    measurement.dlLayers += scheduler.statistics.dlLayers - before.dlLayers
                    for grant in result.dlGrants {
                        measurement.dlBits += grant.tbsBytes * 8
                        if grant.isRetransmission { measurement.retransmissions += 1 }
                    }
                    for grant in result.ulGrants {
                        measurement.ulBits += grant.tbsBytes * 8
                        if grant.isRetransmission { measurement.retransmissions += 1 }
                    }
                }
                record(result, cell: cell)
            }
        }
        measurement.statistics = schedulers.map(\.statistics)
        return measurement
    }

    /// Queues feedback: a DL HARQ-ACK in its PUCCH slot (the grant's K1) plus the gNB's uplink
    /// processing, UL decoding the slot after the PUSCH.
    private mutating func record(_ result: SlotResult, cell: Int) {
        for grant in result.dlGrants {
            let due = (result.slot + grant.k1 + config.feedbackTransportSlots) % feedbackRing.count
            feedbackRing[due].append(PendingFeedback(cell: cell, ue: grant.ue, process: grant.harqProcess, uplink: false))
        }
        for grant in result.ulGrants {
            let due = (result.ulSlot + 1) % feedbackRing.count
            feedbackRing[due].append(PendingFeedback(cell: cell, ue: grant.ue, process: grant.harqProcess, uplink: true))
        }
    }

    /// Hands the schedulers (or one cell's) the feedback due in `slot`.
    private mutating func deliverFeedback(slot: Int, cell: Int?) {
        let due = slot % feedbackRing.count
        for feedback in feedbackRing[due] where cell == nil || feedback.cell == cell {
            let ack = bler == 0 || RandomVariate.unit(using: &random) >= bler
            let scheduler = schedulers[feedback.cell]
            if feedback.uplink {
                scheduler.handleULDecodeResult(ue: feedback.ue, harqProcess: feedback.process, ok: ack)
            } else {
                scheduler.handleDLHARQFeedback(ue: feedback.ue, harqProcess: feedback.process, ack: ack)
            }
        }
        if cell == nil || cell == schedulers.count - 1 { feedbackRing[due].removeAll(keepingCapacity: true) }
        guard !timedIntake else { return }
        // Full buffer: top the buffers up (the scheduler decrements its estimate per grant).
        if slot % 1_000 == 0 {
            for scheduler in schedulers {
                for index in 0..<scheduler.config.maxUEs {
                    let ue = UEIndex(index)
                    guard scheduler.isActive(ue) else { continue }
                    scheduler.handleDLBufferStatus(ue: ue, pendingBytes: Self.fullBufferBytes, headOfLineArrivalSlot: slot)
                    if uplink { scheduler.handleULBufferStatusReport(ue: ue, pendingBytes: Self.fullBufferBytes) }
                }
            }
        }
    }
}
