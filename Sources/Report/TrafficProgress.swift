/// What a sink node (the UE node for downlink, the core for uplink) received in one progress
/// interval (100 ms of emulated time): per cell and per UE group, and per UE when the scenario
/// keeps `ue-timeseries.csv` (`output.ueTimeseries`).
public struct TrafficProgress: Codable, Sendable {
    /// End of the interval, ms of emulated time (the cell samples' time of the same progress).
    public var timeMs: Double
    /// Per cell and direction, keyed "cell1/downlink"; a UE counts for the cell it is served by
    /// at the sink's knowledge (the UE node: its serving cell; the core: its group's cell).
    public var byCell: [String: TrafficInterval] = [:]
    /// Per UE group and direction, keyed "phones/downlink".
    public var byGroup: [String: TrafficInterval] = [:]
    /// Per slice and direction, keyed "urllc/downlink" (UEs of groups that name a slice).
    public var bySlice: [String: TrafficInterval]?
    /// One sample per UE that this sink serves (empty when per-UE series are off).
    public var ues: [UESample] = []
    public init(timeMs: Double) { self.timeMs = timeMs }
}

/// Bytes and packet latencies a sink received in one interval, for a cell or a UE group.
public struct TrafficInterval: Codable, Sendable {
    public var receivedBytes: UInt64 = 0
    /// Latency of every packet received in the interval (µs, HdrHistogram buckets; the whole
    /// range at once, since a new one is made every interval).
    public var latency = LatencyRecorder(fullRange: true)
    public init() {}

    /// Adds another sink's (or UE's) interval to this one.
    public mutating func add(_ other: TrafficInterval) {
        receivedBytes += other.receivedBytes
        latency.add(other.latency)
    }

    /// Adds one UE's interval: its bytes and its packets' latencies (µs), one by one: a UE
    /// receives a few packets an interval, and merging whole histograms per UE cost more than
    /// recording them.
    public mutating func add(bytes: UInt64, latenciesUs: [UInt64]) {
        receivedBytes += bytes
        for us in latenciesUs { latency.record(us: us) }
    }
}

/// One UE, one direction, one interval: a row half of `ue-timeseries.csv`.
public struct UESample: Codable, Sendable, Equatable {
    public var ueId: UInt32
    public var direction: FlowReport.Direction
    /// The cell serving the UE as its sink knows it (the UE node: its serving cell; the core:
    /// its group's cell).
    public var cell: String
    /// End of the interval, ms of emulated time.
    public var timeMs: Double
    /// Bits received over the interval's length, Mbps.
    public var mbps: Double
    /// Latency percentiles of the packets received in the interval, ms (nil: none received).
    public var latencyP50Ms: Double?
    public var latencyP99Ms: Double?
    /// Mean MCS of the first transmissions the receiver saw in the interval (nil: none).
    public var meanMCS: Double?
    /// Mean SINR the receiver measured in the interval, dB (nil: no measurement).
    public var meanSINRDb: Double?
    public init(ueId: UInt32, direction: FlowReport.Direction, cell: String, timeMs: Double, mbps: Double, latencyP50Ms: Double? = nil,
                latencyP99Ms: Double? = nil, meanMCS: Double? = nil, meanSINRDb: Double? = nil) {
        self.ueId = ueId; self.direction = direction; self.cell = cell; self.timeMs = timeMs; self.mbps = mbps
        self.latencyP50Ms = latencyP50Ms; self.latencyP99Ms = latencyP99Ms; self.meanMCS = meanMCS; self.meanSINRDb = meanSINRDb
    }
}

/// What the orchestrator adds to its progress reports: the power of the last evaluated period
/// and the actions it has taken so far.
public struct OrchestrationProgress: Codable, Sendable {
    /// Power per component (RU, server, fronthaul, NTN payload) in the last period.
    public var power: [OrchestrationReport.PowerSample] = []
    /// Actions sent so far by kind (`ruSleep`, `setCores`, ...), refused ones included.
    public var actionsByKind: [String: UInt64] = [:]
    public init() {}
}
