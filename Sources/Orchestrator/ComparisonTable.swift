import Foundation

/// One run in a comparison: a policy (and seed) with its outcome.
public struct ComparisonRow: Sendable, Equatable, Codable {
    public var policy: String
    public var seed: UInt64?
    /// Fraction of (period, slice) pairs meeting the latency target.
    public var latencyAttainment: Double
    /// Worst period p99 per slice, ms.
    public var p99BySliceMs: [String: Double]
    /// Mean throughput, Mbit/s.
    public var throughputMbps: Double
    public var energyJ: Double
    public var bitsPerJoule: Double
    /// Accepted actions.
    public var actions: Int
    /// Energy saved against the baseline policy's run with the same seed, percent (nil: no baseline).
    public var energySavingPercent: Double?

    public init(policy: String, seed: UInt64?, latencyAttainment: Double, p99BySliceMs: [String: Double], throughputMbps: Double,
                energyJ: Double, bitsPerJoule: Double, actions: Int) {
        self.policy = policy
        self.seed = seed
        self.latencyAttainment = latencyAttainment
        self.p99BySliceMs = p99BySliceMs
        self.throughputMbps = throughputMbps
        self.energyJ = energyJ
        self.bitsPerJoule = bitsPerJoule
        self.actions = actions
    }

    /// A row from a run's attainment.
    public init(policy: String, seed: UInt64?, attainment a: TargetAttainment, actions: Int) {
        self.init(policy: policy, seed: seed, latencyAttainment: a.latencyAttainment, p99BySliceMs: a.sliceWorstP99Ms,
                  throughputMbps: a.throughputMbps, energyJ: a.energyJ, bitsPerJoule: a.bitsPerJoule, actions: actions)
    }
}

/// Policies side by side: latency-target attainment, p99 per slice, throughput, energy,
/// bits per joule and actions. Renders as a text table, JSON or CSV.
public struct ComparisonTable: Sendable, Equatable, Codable {
    public var rows: [ComparisonRow]

    public init(rows: [ComparisonRow]) { self.rows = rows }

    /// The table with each row's energy saving against `baseline`'s row of the same seed.
    public func withEnergySavings(against baseline: String) -> ComparisonTable {
        ComparisonTable(rows: rows.map { row in
            var r = row
            if let base = rows.first(where: { $0.policy == baseline && $0.seed == row.seed }), base.energyJ > 0 {
                r.energySavingPercent = (1 - row.energyJ / base.energyJ) * 100
            }
            return r
        })
    }

    private var hasSavings: Bool { rows.contains { $0.energySavingPercent != nil } }

    /// Slices named in any row, sorted.
    public var sliceIDs: [String] { Set(rows.flatMap { $0.p99BySliceMs.keys }).sorted() }

    /// One row per policy: the mean over its seeds (seed nil), in first-appearance order.
    public func meanPerPolicy() -> ComparisonTable {
        var order: [String] = []
        var groups: [String: [ComparisonRow]] = [:]
        for r in rows {
            if groups[r.policy] == nil { order.append(r.policy) }
            groups[r.policy, default: []].append(r)
        }
        return ComparisonTable(rows: order.map { p in
            let g = groups[p]!
            let n = Double(g.count)
            func mean(_ f: (ComparisonRow) -> Double) -> Double { g.reduce(0) { $0 + f($1) } / n }
            var p99: [String: Double] = [:]
            for s in Set(g.flatMap { $0.p99BySliceMs.keys }) {
                let values = g.compactMap { $0.p99BySliceMs[s] }
                p99[s] = values.reduce(0, +) / Double(values.count)
            }
            var row = ComparisonRow(policy: p, seed: nil, latencyAttainment: mean(\.latencyAttainment), p99BySliceMs: p99,
                                    throughputMbps: mean(\.throughputMbps), energyJ: mean(\.energyJ),
                                    bitsPerJoule: mean(\.bitsPerJoule), actions: Int(mean { Double($0.actions) }.rounded()))
            let savings = g.compactMap(\.energySavingPercent)
            if !savings.isEmpty { row.energySavingPercent = savings.reduce(0, +) / Double(savings.count) }
            return row
        })
    }

    private var header: [String] {
        ["policy", "seed", "latency_attainment_pct"] + sliceIDs.map { "p99_\($0)_ms" } + ["throughput_mbps", "energy_j", "bits_per_joule", "actions"]
            + (hasSavings ? ["energy_saving_pct"] : [])
    }

    private func cells(_ r: ComparisonRow) -> [String] {
        [r.policy, r.seed.map(String.init) ?? "-", Self.num(r.latencyAttainment * 100, 1)]
            + sliceIDs.map { r.p99BySliceMs[$0].map { Self.num($0, 2) } ?? "-" }
            + [Self.num(r.throughputMbps, 1), Self.num(r.energyJ, 1), Self.num(r.bitsPerJoule, 0), String(r.actions)]
            + (hasSavings ? [r.energySavingPercent.map { Self.num($0, 1) } ?? "-"] : [])
    }

    /// A fixed-width text table; the first column left-aligned, the others right-aligned.
    public func renderText() -> String {
        let table = [header] + rows.map(cells)
        let widths = header.indices.map { i in table.map { $0[i].count }.max()! }
        return table.map { line in
            line.enumerated().map { i, s in
                let pad = String(repeating: " ", count: widths[i] - s.count)
                return i == 0 ? s + pad : pad + s
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 CSV with a header line; numbers without units.
    public func renderCSV() -> String {
        func quote(_ s: String) -> String { s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
        return ([header] + rows.map(cells)).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// One JSON object `{"rows":[...]}`, keys sorted.
    public func renderJSON() -> String { String(decoding: JSONBytes.encode(self), as: UTF8.self) }

    private static func num(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return x > 0 ? "inf" : "-inf" }
        return String(format: "%.\(decimals)f", x)
    }
}
