/// One point of a chart, in data units.
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A named line of a chart.
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var points: [ChartPoint]
    public init(name: String, points: [ChartPoint]) { self.name = name; self.points = points }

    /// The points with both coordinates finite, in x order.
    var finitePoints: [ChartPoint] {
        points.filter { $0.x.isFinite && $0.y.isFinite }.sorted { $0.x < $1.x }
    }

    /// At most about `limit` points: beyond it, each run of consecutive points keeps its lowest
    /// and highest (in x order), so peaks and dips survive where plain sampling would drop them.
    /// - Parameter limit: the most points to keep (at least 4).
    public static func decimate(_ points: [ChartPoint], limit: Int) -> [ChartPoint] {
        let limit = max(limit, 4)
        guard points.count > limit else { return points }
        let buckets = limit / 2
        var out: [ChartPoint] = []
        out.reserveCapacity(buckets * 2)
        for b in 0..<buckets {
            let start = b * points.count / buckets, end = (b + 1) * points.count / buckets
            guard start < end else { continue }
            var lo = start, hi = start
            for i in start..<end {
                if points[i].y < points[lo].y { lo = i }
                if points[i].y > points[hi].y { hi = i }
            }
            out.append(points[min(lo, hi)])
            if lo != hi { out.append(points[max(lo, hi)]) }
        }
        return out
    }
}

/// A moment on a chart's x axis where something happened (an orchestrator action, a handover),
/// drawn as a thin vertical line; `label` is its tooltip.
public struct ChartMarker: Sendable, Equatable {
    public var x: Double
    /// Markers of one category share a colour and one legend entry.
    public var category: String
    public var label: String
    public init(x: Double, category: String, label: String) { self.x = x; self.category = category; self.label = label }
}
