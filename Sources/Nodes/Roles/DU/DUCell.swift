import Interfaces
import Report
import Scenario
import Scheduler

/// One cell of a DU: its scheduler and the per-UE RLC and HARQ state it needs, indexed by
/// the scheduler's UE index.
final class DUCell {
    let index: Int
    let config: CellConfig
    let ruLink: Int
    let scheduler: CellScheduler
    let numerology: Int
    var ueIds: [UInt32] = []
    var downlinkQueues: [RLCQueue] = []
    /// Blocks sent and not yet acknowledged, kept for retransmission.
    var downlinkHARQ = HARQBlockStore<TransportBlock>()
    var uplinkReassembly: [RLCReassembly] = []
    /// Per (UE index, HARQ process): when the block's latest transmission reaches the UE, and
    /// its slice, so its SDUs' latency is recorded when the UE acknowledges it (delivery).
    var downlinkArrivalNs: [UInt64] = []
    var downlinkSlice: [Int] = []
    /// RRC messages for the cell's next downlink frame.
    var pendingRRC: [RRCContainer] = []
    var report: CellReport
    /// Counters at the last progress sample.
    var lastSample = CellReport(name: "")
    var controlSequence: UInt8 = 0
    var userSequence: UInt8 = 0
    /// What the cell measured in the current orchestration period.
    var period: CellPeriodCounters

    /// The cell's RU was told to sleep: no new downlink data is scheduled until it wakes.
    var ruAsleep = false

    init(index: Int, config: CellConfig, ruLink: Int, scheduler: CellScheduler, numerology: Int, peakMbps: Double, slices: Int) {
        self.index = index; self.config = config; self.ruLink = ruLink; self.scheduler = scheduler
        self.numerology = numerology
        report = CellReport(name: config.name)
        report.expectedPeakDLMbps = peakMbps
        period = CellPeriodCounters(slices: slices)
    }

    /// UEs the cell serves now (steering moves some to another cell).
    var activeUEs: Int { ueIds.indices.filter { scheduler.isActive(UEIndex($0)) }.count }

    /// Bytes waiting in the cell's downlink RLC queues.
    var queuedBytes: Int { downlinkQueues.reduce(0) { $0 + $1.pendingBytes } }

    /// Makes room for per-UE state up to scheduler index `i`.
    func grow(to i: Int, queueBytes: Int) {
        while ueIds.count <= i {
            ueIds.append(0); downlinkQueues.append(RLCQueue(maxBytes: queueBytes)); uplinkReassembly.append(RLCReassembly())
            downlinkArrivalNs.append(contentsOf: repeatElement(0, count: HARQBlockStore<TransportBlock>.processesPerUE))
            downlinkSlice.append(contentsOf: repeatElement(0, count: HARQBlockStore<TransportBlock>.processesPerUE))
        }
        downlinkHARQ.makeRoom(forUE: i)
    }

    /// Forgets the per-UE state at scheduler index `i`: its UE has left the cell.
    func clearUE(at i: Int, queueBytes: Int) {
        downlinkQueues[i] = RLCQueue(maxBytes: queueBytes)
        downlinkHARQ.clear(ue: i)
        uplinkReassembly[i] = RLCReassembly()
    }
}

/// What a cell measured in one orchestration period, for its KPM report.
struct CellPeriodCounters {
    /// The cell's counters at the start of the period.
    var start = CellReport(name: "")
    /// Per slice (scheduler slice index): latencies of the DL SDUs completed, ns.
    var sliceLatencyNs: [PercentileHistogram]
    /// Per slice: DL PRBs.
    var slicePRBs: [Int]
    /// Per slice: bits of new DL transport blocks sent.
    var sliceBits: [Double]
    var grants = 0

    init(slices: Int) {
        // One histogram each (not copies of one), so none is copied on its first sample.
        sliceLatencyNs = (0..<slices).map { _ in PercentileHistogram() }
        slicePRBs = Array(repeating: 0, count: slices)
        sliceBits = Array(repeating: 0, count: slices)
    }

    /// Starts the next period from the cell's counters now.
    mutating func startNext(at report: CellReport) {
        start = report
        for k in sliceLatencyNs.indices { sliceLatencyNs[k].reset() }
        slicePRBs = Array(repeating: 0, count: slicePRBs.count)
        sliceBits = Array(repeating: 0, count: sliceBits.count)
        grants = 0
    }
}

extension MACCounters {
    /// The report's view of a scheduler's counters over `slots` slots.
    init(_ s: CellSchedulerStatistics, slots: UInt64) {
        self.init()
        self.slots = slots
        pdschGrants = UInt64(s.dlGrants); puschGrants = UInt64(s.ulGrants); pdschLayers = UInt64(s.dlLayers)
        pdcchSlots = UInt64(s.pdcchSlots); ccesAvailable = UInt64(s.ccesAvailable); ccesUsed = UInt64(s.ccesUsed)
        blockedDLDCIs = UInt64(s.blockedDLDCIs); blockedULDCIs = UInt64(s.blockedULDCIs)
        blockedByPUCCH = UInt64(s.blockedByPUCCH)
        pucchSlots = UInt64(s.pucchSlots); pucchHARQ = UInt64(s.pucchHARQ)
    }
}
