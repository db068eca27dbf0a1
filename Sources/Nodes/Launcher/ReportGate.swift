import Interfaces

/// Decides which REPORT messages the launcher takes: a report must name a node of the scenario
/// and come with that node's index in its header, and no node sends more progress reports than
/// a run produces (one per 100 ms of emulated time). A stray or forged sender can then neither
/// end the run with a fake failure nor grow the launcher's tables.
struct ReportGate {
    private let indexByName: [String: UInt16]
    private let maxProgressPerNode: Int
    private var progressCount: [String: Int] = [:]
    private var waitingCount: [String: Int] = [:]
    /// Messages refused so far.
    var refused = 0

    init(topology: Topology) {
        indexByName = Dictionary(uniqueKeysWithValues: topology.scenario.nodes.enumerated().map { ($1.name, UInt16($0)) })
        let every = max(1, UInt64(100_000 / topology.numerology.slotDurationUs))
        maxProgressPerNode = Int(topology.totalSlots / every) * 2 + 16
    }

    /// A report that names `node` and was sent with header index `source`.
    mutating func admits(node: String, source: UInt16) -> Bool {
        guard indexByName[node] == source else { refused += 1; return false }
        return true
    }

    /// A report with no node name (capture batches): the index must be a node's.
    mutating func admits(source: UInt16) -> Bool {
        guard indexByName.values.contains(source) else { refused += 1; return false }
        return true
    }

    /// A progress report: from its node, and within the number a run can produce.
    mutating func admitsProgress(node: String, source: UInt16) -> Bool {
        guard admits(node: node, source: source) else { return false }
        progressCount[node, default: 0] += 1
        guard progressCount[node, default: 0] <= maxProgressPerNode else { refused += 1; return false }
        return true
    }

    /// A waiting or alive report (at most one per wall second; it replaces the node's previous
    /// one, so it grows nothing), from its node and at most a day's worth.
    mutating func admitsWaiting(node: String, source: UInt16) -> Bool {
        guard admits(node: node, source: source) else { return false }
        waitingCount[node, default: 0] += 1
        guard waitingCount[node, default: 0] <= 86_400 else { refused += 1; return false }
        return true
    }
}
