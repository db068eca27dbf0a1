/// Contiguous PRBs of one transmission: `count` PRBs from `start`.
public struct PRBSpan: Sendable, Hashable {
    /// First PRB.
    public var start: Int
    /// Number of PRBs.
    public var count: Int

    public init(start: Int, count: Int) {
        self.start = start
        self.count = count
    }

    /// One past the last PRB.
    public var end: Int { start + count }

    /// PRBs this span shares with another.
    public func overlap(with other: PRBSpan) -> Int {
        max(0, min(end, other.end) - max(start, other.start))
    }

    /// PRBs this span shares with a cell's transmissions, at most `count`: blocks of one cell
    /// in one slot do not overlap each other, so the sum counts each PRB once.
    public func overlap(with others: [PRBSpan]) -> Int {
        var n = 0
        for other in others { n += overlap(with: other) }
        return min(n, count)
    }
}
