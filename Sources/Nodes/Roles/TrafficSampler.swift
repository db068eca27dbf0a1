import Report
import Scenario

/// One UE's flow at its sink between two progress reports: the latencies of the packets
/// received in the interval (µs, kept as they are: an interval holds a few of them), and the
/// flow's counters when the interval began.
struct FlowInterval {
    private(set) var latenciesUs: [UInt64] = []
    var start: FlowReport

    init(_ flow: FlowReport) { start = flow }

    /// Records a packet's latency.
    mutating func record(latencyNs: UInt64) { latenciesUs.append(latencyNs / 1000) }

    /// The latencies below which `percents` of the interval's packets fall, ms (nil: none), from
    /// one sort of the interval's samples.
    func percentilesMs(_ percents: Double...) -> [Double?] {
        guard !latenciesUs.isEmpty else { return percents.map { _ in nil } }
        let sorted = latenciesUs.sorted()
        return percents.map { percent in
            let rank = max(0, Int((percent / 100 * Double(sorted.count)).rounded(.up)) - 1)
            return (Double(max(1, sorted[min(rank, sorted.count - 1)])) / 1000).rounded(toPlaces: 3)
        }
    }

    /// Starts the next interval from the flow's counters, keeping the buffer's memory.
    mutating func restart(_ flow: FlowReport) {
        latenciesUs.removeAll(keepingCapacity: true)
        start = flow
    }
}

/// Builds a sink node's ``TrafficProgress``: every UE's interval is added to its cell's and its
/// group's, and (when the scenario keeps per-UE series) becomes a ``UESample``; each interval
/// then starts again from the flow's counters.
struct TrafficSampler {
    let perUE: Bool
    private var lastNs: UInt64 = 0
    private var progress = TrafficProgress(timeMs: 0)
    private var seconds = 0.0

    init(topology: Topology) { self.init(perUE: topology.scenario.output.ueTimeseries) }

    /// - Parameter perUE: whether each UE's interval also becomes a ``UESample``.
    init(perUE: Bool) { self.perUE = perUE }

    /// Starts a sample of the interval that ends at `endNs`.
    mutating func begin(endNs: UInt64) {
        seconds = Double(endNs &- lastNs) / 1e9
        lastNs = endNs
        progress = TrafficProgress(timeMs: Double(endNs) / 1e6)
        progress.bySlice = [:]
    }

    /// Adds a UE's interval, served by `cell` (scenario cell name), of `slice` (its group's, if
    /// any), and starts its next one.
    mutating func add(ue: Topology.UE, cell: String, slice: String? = nil, flow: FlowReport, interval: inout FlowInterval) {
        let bytes = flow.receivedBytes &- interval.start.receivedBytes
        let direction = flow.direction.rawValue
        // Every UE's cell and group appear, idle ones too, so an idle interval reads 0.
        let latencies = interval.latenciesUs
        progress.byCell["\(cell)/\(direction)", default: TrafficInterval()].add(bytes: bytes, latenciesUs: latencies)
        progress.byGroup["\(ue.group)/\(direction)", default: TrafficInterval()].add(bytes: bytes, latenciesUs: latencies)
        if let slice { progress.bySlice?["\(slice)/\(direction)", default: TrafficInterval()].add(bytes: bytes, latenciesUs: latencies) }
        if perUE {
            let p50p99 = interval.percentilesMs(50, 99)
            let blocks = flow.transportBlocks &- interval.start.transportBlocks
            let sinrs = flow.sinrSamples &- interval.start.sinrSamples
            progress.ues.append(UESample(
                ueId: ue.id, direction: flow.direction, cell: cell, timeMs: progress.timeMs,
                mbps: seconds > 0 ? (Double(bytes) * 8 / seconds / 1e6).rounded(toPlaces: 3) : 0,
                latencyP50Ms: p50p99[0], latencyP99Ms: p50p99[1],
                meanMCS: blocks == 0 ? nil : (Double(flow.mcsSum &- interval.start.mcsSum) / Double(blocks)).rounded(toPlaces: 2),
                meanSINRDb: sinrs == 0 ? nil : ((flow.sinrSumDb - interval.start.sinrSumDb) / Double(sinrs)).rounded(toPlaces: 2)))
        }
        interval.restart(flow)
    }

    /// The sample begun last, with every UE added (no slice table when no UE has a slice).
    var finished: TrafficProgress {
        var p = progress
        if p.bySlice?.isEmpty == true { p.bySlice = nil }
        return p
    }
}
