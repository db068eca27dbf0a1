import Histogram

/// Packet latencies of one flow, in microseconds, kept in an HdrHistogram.
public struct LatencyRecorder: Codable, Sendable {
    /// Latencies above 10 minutes are clamped: nothing in an emulated run should take longer.
    public static let highestTrackableUs: UInt64 = 600_000_000
    static let initialRangeUs: UInt64 = 1 << 17
    public private(set) var histogram: Histogram<UInt64>
    /// Sum of the recorded (clamped) values, µs: the mean without walking the buckets.
    public private(set) var sumUs: UInt64 = 0

    /// - Parameter fullRange: allocate the whole range (to ``highestTrackableUs``, about 25 kB) at
    ///   once. For the few recorders made afresh every interval (a cell's, a group's): growing one
    ///   costs far more than its memory.
    public init(fullRange: Bool = false) {
        // Copies of an empty one (its buckets are copied on the first record): making a histogram
        // works out its layout with generic code, a few µs each, for thousands of UEs at setup.
        histogram = fullRange ? Self.emptyFullRange : Self.empty
    }

    // Two significant digits (values within 1%, finer than the slot that quantises every latency
    // here) and a range that starts at 131 ms and grows with the largest value: a recorder is
    // about 10 kB, so thousands of UEs cost tens of MB, not gigabytes.
    private static let empty = makeEmpty(rangeUs: initialRangeUs)
    private static let emptyFullRange = makeEmpty(rangeUs: highestTrackableUs)
    private static func makeEmpty(rangeUs: UInt64) -> Histogram<UInt64> {
        var h = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: rangeUs, numberOfSignificantValueDigits: .two)
        h.autoResize = true
        return h
    }

    public mutating func record(latencyNs: UInt64) {
        record(us: latencyNs / 1000)
    }

    /// Records a latency in µs (clamped to 1...``highestTrackableUs``).
    public mutating func record(us value: UInt64) {
        let us = min(max(value, 1), Self.highestTrackableUs)
        if us > histogram.highestTrackableValue { grow(toHold: us) }
        _ = histogram.record(us)
        sumUs &+= us
    }

    /// Widens the range to 8 times what `us` needs (at most ``highestTrackableUs``): the
    /// histogram's own growth covers just the new value, so a latency that keeps rising (a queue
    /// filling up) would grow it, bucket by bucket, many times.
    private mutating func grow(toHold us: UInt64) {
        let range = min(Self.highestTrackableUs, max(us, histogram.highestTrackableValue).multipliedReportingOverflow(by: 8).partialValue)
        var wider = Self.makeEmpty(rangeUs: range)
        wider.add(histogram)
        histogram = wider
    }

    public mutating func add(_ other: LatencyRecorder) {
        histogram.add(other.histogram)
        sumUs &+= other.sumUs
    }

    public var count: UInt64 { histogram.totalCount }

    /// Forgets every sample, keeping the buckets' memory (an interval recorder reused each interval).
    public mutating func reset() {
        histogram.reset()
        sumUs = 0
    }

    /// The latencies below which `percents` of the samples fall, ms, from one walk; nil when there is none.
    public func percentilesMs(_ percents: [Double]) -> [Double?] {
        guard histogram.totalCount > 0 else { return percents.map { _ in nil } }
        return histogram.values(atPercentiles: percents).map { (Double($0) / 1000).rounded(toPlaces: 3) }
    }

    /// The latency below which `percent` of the samples fall, ms; nil when there is none.
    public func percentileMs(_ percent: Double) -> Double? { percentilesMs([percent])[0] }

    // Reports carry only the buckets that hold samples: the full bucket array of a 10-minute
    // range is about 20,000 counters per recorder, nearly all zero.
    private enum CodingKeys: String, CodingKey { case values, counts, sumUs }

    public init(from decoder: Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let values = try c.decode([UInt64].self, forKey: .values)
        let counts = try c.decode([UInt64].self, forKey: .counts)
        guard values.count == counts.count else {
            throw DecodingError.dataCorruptedError(forKey: .counts, in: c, debugDescription: "values and counts differ in length")
        }
        for (v, n) in zip(values, counts) { _ = histogram.record(min(v, Self.highestTrackableUs), count: n) }
        sumUs = try c.decode(UInt64.self, forKey: .sumUs)
    }

    public func encode(to encoder: Encoder) throws {
        var values: [UInt64] = [], counts: [UInt64] = []
        for iv in histogram.recordedValues() {
            values.append(iv.value)
            counts.append(iv.count)
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(values, forKey: .values)
        try c.encode(counts, forKey: .counts)
        try c.encode(sumUs, forKey: .sumUs)
    }

    public var summary: LatencySummary {
        guard histogram.totalCount > 0 else { return LatencySummary() }
        func ms(_ us: UInt64) -> Double { (Double(us) / 1000).rounded(toPlaces: 3) }
        let p = histogram.values(atPercentiles: [50, 95, 99])
        return LatencySummary(count: histogram.totalCount, meanMs: (Double(sumUs) / Double(histogram.totalCount) / 1000).rounded(toPlaces: 3),
                              p50Ms: ms(p[0]), p95Ms: ms(p[1]), p99Ms: ms(p[2]), maxMs: ms(histogram.max))
    }

    /// The percentile distribution in HdrHistogram's text format (values in milliseconds).
    public func percentileDistribution() -> String {
        var text = ""
        histogram.outputPercentileDistribution(to: &text, outputValueUnitScalingRatio: 1000)
        return text
    }
}

/// Latency percentiles of a flow, in milliseconds of emulated time.
public struct LatencySummary: Codable, Sendable, Equatable {
    public var count: UInt64 = 0
    public var meanMs: Double = 0
    public var p50Ms: Double = 0
    public var p95Ms: Double = 0
    public var p99Ms: Double = 0
    public var maxMs: Double = 0
    public init() {}
    public init(count: UInt64, meanMs: Double, p50Ms: Double, p95Ms: Double, p99Ms: Double, maxMs: Double) {
        self.count = count; self.meanMs = meanMs; self.p50Ms = p50Ms; self.p95Ms = p95Ms; self.p99Ms = p99Ms; self.maxMs = maxMs
    }
}

extension Double {
    /// Rounds for reports, so JSON shows measured precision rather than float noise.
    public func rounded(toPlaces places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (self * scale).rounded() / scale
    }
}
