import Histogram

/// Percentiles of non-negative integer samples in the caller's unit (nanoseconds of latency or
/// processing, slots of waiting), kept in an HdrHistogram rather than an array sorted at the end.
///
/// The one way the project takes a percentile of samples: the histogram is allocated once at
/// creation, so recording is O(1) and allocation-free, and ``value(atPercentile:)`` is the
/// nearest-rank percentile (the smallest sample with at least that share of the samples at or
/// below it) to three significant digits: exact below 2048 units, at most 0.1 % above the sample
/// otherwise. ``LatencyRecorder`` keeps a flow's latencies in the same kind of histogram.
public struct PercentileHistogram: Sendable {
    /// Ten minutes in nanoseconds, the default ceiling: nothing in an emulated run takes longer.
    public static let durationNsMax: UInt64 = 600_000_000_000

    private var histogram: Histogram<UInt64>

    /// Creates an empty histogram.
    /// - Parameter highestTrackableValue: the largest sample kept as it is (at least 2); larger
    ///   samples are recorded as this value.
    public init(highestTrackableValue: UInt64 = Self.durationNsMax) {
        precondition(highestTrackableValue >= 2, "a histogram needs a highest trackable value of at least 2")
        histogram = Histogram(lowestDiscernibleValue: 1, highestTrackableValue: highestTrackableValue,
                              numberOfSignificantValueDigits: .three)
    }

    /// Records one sample, clamped to the highest trackable value.
    /// - Parameter value: the sample.
    public mutating func record(_ value: UInt64) {
        _ = histogram.record(Swift.min(value, histogram.highestTrackableValue))
    }

    /// Samples recorded since creation or the last ``reset()``.
    public var count: UInt64 { histogram.totalCount }

    /// Whether no sample has been recorded.
    public var isEmpty: Bool { histogram.totalCount == 0 }

    /// The nearest-rank percentile of the samples.
    /// - Parameter percentile: 0...100, e.g. 99 for the p99.
    /// - Returns: the value, to the histogram's precision; 0 when empty.
    public func value(atPercentile percentile: Double) -> UInt64 {
        isEmpty ? 0 : histogram.values(atPercentiles: [percentile])[0]
    }

    /// Forgets every sample and keeps the memory, e.g. at the end of a reporting period.
    public mutating func reset() { histogram.reset() }
}
