/// A cell's or UE group's traffic in one direction over one progress interval, every sink's
/// share added: what timeseries.csv and the live metrics show.
public struct IntervalTraffic: Sendable, Equatable {
    /// What the interval is summed over.
    public enum Scope: String, Sendable { case cell, group, slice }
    public var scope: Scope
    /// Cell, group or slice name.
    public var name: String
    public var direction: FlowReport.Direction
    /// End of the interval and its length, ms of emulated time.
    public var timeMs: Double
    public var intervalMs: Double
    public var receivedBytes: UInt64
    /// Latency percentiles of the packets received in the interval, ms (nil: none).
    public var latencyP50Ms: Double?
    public var latencyP99Ms: Double?

    /// An interval as the merger finishes it (or a test builds it).
    public init(scope: Scope, name: String, direction: FlowReport.Direction, timeMs: Double, intervalMs: Double,
                receivedBytes: UInt64, latencyP50Ms: Double?, latencyP99Ms: Double?) {
        self.scope = scope; self.name = name; self.direction = direction; self.timeMs = timeMs; self.intervalMs = intervalMs
        self.receivedBytes = receivedBytes; self.latencyP50Ms = latencyP50Ms; self.latencyP99Ms = latencyP99Ms
    }

    /// Bits received over the interval's length, per second.
    public var bitsPerSecond: Double { intervalMs > 0 ? Double(receivedBytes) * 8 / (intervalMs / 1000) : 0 }
}

/// Joins the sink nodes' ``TrafficProgress`` (several UE nodes may serve one cell or group) into
/// one ``IntervalTraffic`` per cell or group, direction and interval. An interval is finished
/// once every sink has reported it, so its percentiles are those of all its packets; only
/// unfinished intervals keep their histograms.
public struct TrafficIntervalMerger {
    private struct Key: Hashable { var scope: IntervalTraffic.Scope; var key: String; var timeMs: Double }
    private struct Open { var intervalMs: Double; var traffic: TrafficInterval }

    private var reachedMs: [String: Double]
    private var open: [Key: Open] = [:]

    /// - Parameter sinks: the nodes that send traffic progress (UE nodes and the core).
    public init(sinks: [String]) {
        reachedMs = Dictionary(uniqueKeysWithValues: sinks.map { ($0, 0) })
    }

    /// Adds a sink's interval; returns the intervals it finished, in time order. A report from a
    /// node that is not a sink, or for an interval it already reported, adds nothing.
    public mutating func add(_ progress: TrafficProgress, from node: String) -> [IntervalTraffic] {
        guard let reached = reachedMs[node] else { return [] }
        let intervalMs = progress.timeMs - reached
        guard intervalMs > 0 else { return [] }
        reachedMs[node] = progress.timeMs
        for (key, t) in progress.byCell { merge(Key(scope: .cell, key: key, timeMs: progress.timeMs), intervalMs, t) }
        for (key, t) in progress.byGroup { merge(Key(scope: .group, key: key, timeMs: progress.timeMs), intervalMs, t) }
        for (key, t) in progress.bySlice ?? [:] { merge(Key(scope: .slice, key: key, timeMs: progress.timeMs), intervalMs, t) }
        let horizon = reachedMs.values.min() ?? progress.timeMs
        return take { $0.timeMs <= horizon }
    }

    /// Every interval still open (the run ended, or a sink stopped early).
    public mutating func finishAll() -> [IntervalTraffic] { take { _ in true } }

    private mutating func merge(_ key: Key, _ intervalMs: Double, _ t: TrafficInterval) {
        open[key, default: Open(intervalMs: intervalMs, traffic: TrafficInterval())].traffic.add(t)
    }

    private mutating func take(where done: (Key) -> Bool) -> [IntervalTraffic] {
        let keys = open.keys.filter(done).sorted { ($0.timeMs, $0.scope.rawValue, $0.key) < ($1.timeMs, $1.scope.rawValue, $1.key) }
        return keys.compactMap { key in
            guard let o = open.removeValue(forKey: key) else { return nil }
            let parts = key.key.split(separator: "/")
            guard parts.count >= 2, let direction = FlowReport.Direction(rawValue: String(parts.last!)) else { return nil }
            let p = o.traffic.latency.percentilesMs([50, 99])
            return IntervalTraffic(scope: key.scope, name: parts.dropLast().joined(separator: "/"), direction: direction,
                                   timeMs: key.timeMs, intervalMs: o.intervalMs, receivedBytes: o.traffic.receivedBytes,
                                   latencyP50Ms: p[0], latencyP99Ms: p[1])
        }
    }
}
