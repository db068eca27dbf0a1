/// One latency/*.hgrm file: HdrHistogram's percentile distribution of a UE group's latency in
/// one direction (values in ms).
public struct PercentileDistribution: Sendable, Equatable {
    /// The UE group (the file name without its direction).
    public var group: String
    /// `downlink`, `uplink`, or the file name's last part when it names neither.
    public var direction: String
    /// (latency ms, cumulative fraction 0...1), in file order. The last packet's row (100 %,
    /// infinitely many nines) is put at 1 - 1/count: the tail as far as the packets resolve it.
    public var points: [ChartPoint]
    public var totalCount: UInt64

    /// Parses the text of an .hgrm file named `name` (without its extension).
    /// - Returns: nil when the text holds no percentile line.
    public init?(name: String, text: String) {
        var points: [ChartPoint] = []
        var total: UInt64 = 0
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count >= 3, !fields[0].hasPrefix("#"), let value = Double(fields[0]), let p = Double(fields[1]),
                  let count = UInt64(fields[2]), value.isFinite, p >= 0, p <= 1 else { continue }
            points.append(ChartPoint(value, p))
            total = max(total, count)
        }
        guard !points.isEmpty else { return nil }
        let below = points.map(\.y).filter { $0 < 1 }.max() ?? 0
        let last = total > 1 ? max(below, 1 - 1 / Double(total)) : 1
        self.points = points.map { $0.y >= 1 ? ChartPoint($0.x, last) : $0 }
        totalCount = total
        if let dash = name.lastIndex(of: "-"), ["downlink", "uplink"].contains(String(name[name.index(after: dash)...])) {
            group = String(name[..<dash]); direction = String(name[name.index(after: dash)...])
        } else {
            group = name; direction = "latency"
        }
    }
}
