/// What the operator asks of the network: latency per slice, throughput floors, power.
public struct OrchestrationTargets: Sendable, Equatable, Codable {
    /// p99 latency target per slice identifier, ms; a slice meets it when p99 <= target.
    public var sliceLatencyP99Ms: [String: Double]
    /// Throughput floor per slice identifier, summed over cells, DL + UL, Mbit/s.
    public var sliceThroughputFloorMbps: [String: Double]
    /// Mean power budget over a period, W.
    public var powerBudgetW: Double?
    /// Energy-saving goal against a baseline run, percent.
    public var energySavingPercent: Double?

    /// Creates targets.
    public init(sliceLatencyP99Ms: [String: Double], sliceThroughputFloorMbps: [String: Double] = [:],
                powerBudgetW: Double? = nil, energySavingPercent: Double? = nil) {
        self.sliceLatencyP99Ms = sliceLatencyP99Ms
        self.sliceThroughputFloorMbps = sliceThroughputFloorMbps
        self.powerBudgetW = powerBudgetW
        self.energySavingPercent = energySavingPercent
    }
}
