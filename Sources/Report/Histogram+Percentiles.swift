import Histogram

extension Histogram where Count == UInt64 {
    /// The values at several percentiles from one walk over the recorded buckets, each exactly what
    /// ``Histogram/valueAtPercentile(_:)`` gives. That call walks every bucket through generic
    /// integer conversions the compiler cannot specialize across the package boundary; a flow's
    /// summary (three percentiles of a histogram of thousands of buckets) cost more than its run.
    /// - Parameter percentiles: each in 0...100, in any order.
    /// - Returns: one value per percentile, in the order given (0 for each when empty).
    func values(atPercentiles percentiles: [Double]) -> [UInt64] {
        guard totalCount > 0 else { return percentiles.map { _ in 0 } }
        let total = Double(totalCount)
        // The rank each percentile needs, as valueAtPercentile computes it.
        let ranks: [UInt64?] = percentiles.map { p in
            guard p != 0, p < 100 else { return nil }
            let requested = Swift.min(Swift.max(p.nextDown, 0), 100)
            return Swift.max(1, UInt64(((requested * total) / 100).rounded(.up)))
        }
        var result = percentiles.map { $0 == 0 ? self.min : maxRecorded }
        var open = ranks.indices.filter { ranks[$0] != nil }.sorted { ranks[$0]! < ranks[$1]! }[...]
        guard !open.isEmpty else { return result }
        for bucket in recordedValues() {
            while let i = open.first, ranks[i]! <= bucket.totalCountToThisValue {
                result[i] = Swift.max(Swift.min(bucket.value, maxRecorded), self.min)
                open.removeFirst()
            }
            if open.isEmpty { break }
        }
        return result
    }
}
