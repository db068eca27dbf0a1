import Foundation

/// One swept scenario value of `b5g sweep`: a `--set` path and the values it takes.
public struct SweepParameter: Sendable, Equatable {
    public var path: String
    public var values: [String]
    public init(path: String, values: [String]) { self.path = path; self.values = values }
}

/// The runs of a sweep: every combination of the parameters' values, times the seeds.
public enum SweepPlan {
    /// The cartesian product of the parameters' values, the last parameter varying fastest.
    /// - Parameter parameters: The swept paths and their values, in command-line order.
    /// - Returns: One list of values per combination, in parameter order (one empty list when
    ///   nothing is swept, so the seeds alone still make runs).
    public static func combinations(_ parameters: [SweepParameter]) -> [[String]] {
        parameters.reduce([[]]) { partial, parameter in
            partial.flatMap { prefix in parameter.values.map { prefix + [$0] } }
        }
    }
}

/// The headline KPIs of one run, from its summary.json.
public struct SweepKPIs: Codable, Sendable, Equatable {
    /// Sum over cells.
    public var downlinkMbps: Double
    public var uplinkMbps: Double
    /// Mean and worst over the UEs that received packets in that direction.
    public var downlinkP99MeanMs: Double
    public var downlinkP99WorstMs: Double
    public var uplinkP99MeanMs: Double
    public var uplinkP99WorstMs: Double
    /// Packets lost over packets sent, all UEs together.
    public var downlinkLoss: Double
    public var uplinkLoss: Double
    /// Mean over cells of Jain's downlink fairness index.
    public var fairness: Double
    /// Energy over the run, when the scenario has a power model.
    public var energyJ: Double?
    public var wallRealTimeFactor: Double

    /// KPIs given one by one.
    public init(downlinkMbps: Double = 0, uplinkMbps: Double = 0, downlinkP99MeanMs: Double = 0,
                downlinkP99WorstMs: Double = 0, uplinkP99MeanMs: Double = 0, uplinkP99WorstMs: Double = 0,
                downlinkLoss: Double = 0, uplinkLoss: Double = 0, fairness: Double = 0, energyJ: Double? = nil,
                wallRealTimeFactor: Double = 0) {
        self.downlinkMbps = downlinkMbps; self.uplinkMbps = uplinkMbps
        self.downlinkP99MeanMs = downlinkP99MeanMs; self.downlinkP99WorstMs = downlinkP99WorstMs
        self.uplinkP99MeanMs = uplinkP99MeanMs; self.uplinkP99WorstMs = uplinkP99WorstMs
        self.downlinkLoss = downlinkLoss; self.uplinkLoss = uplinkLoss; self.fairness = fairness
        self.energyJ = energyJ; self.wallRealTimeFactor = wallRealTimeFactor
    }

    /// The KPIs of a run summary.
    public init(summary s: RunSummary) {
        downlinkMbps = s.cells.reduce(0) { $0 + $1.downlinkThroughputMbps }
        uplinkMbps = s.cells.reduce(0) { $0 + $1.uplinkThroughputMbps }
        func p99s(_ direction: (RunSummary.UE) -> RunSummary.Direction) -> [Double] {
            s.ues.map(direction).filter { $0.latency.count > 0 }.map(\.latency.p99Ms)
        }
        let dl = p99s(\.downlink), ul = p99s(\.uplink)
        downlinkP99MeanMs = dl.isEmpty ? 0 : dl.reduce(0, +) / Double(dl.count)
        downlinkP99WorstMs = dl.max() ?? 0
        uplinkP99MeanMs = ul.isEmpty ? 0 : ul.reduce(0, +) / Double(ul.count)
        uplinkP99WorstMs = ul.max() ?? 0
        func loss(_ direction: (RunSummary.UE) -> RunSummary.Direction) -> Double {
            let sent = s.ues.reduce(UInt64(0)) { $0 + direction($1).sentPackets }
            let received = s.ues.reduce(UInt64(0)) { $0 + min(direction($1).receivedPackets, direction($1).sentPackets) }
            return sent == 0 ? 0 : Double(sent - received) / Double(sent)
        }
        downlinkLoss = loss(\.downlink)
        uplinkLoss = loss(\.uplink)
        fairness = s.cells.isEmpty ? 0 : s.cells.reduce(0) { $0 + $1.downlinkFairness } / Double(s.cells.count)
        energyJ = s.energy?.totalJ
        wallRealTimeFactor = s.wallRealTimeFactor
    }

    /// Names of the KPI columns of sweep.csv, in order.
    public static let columns = ["dl_mbps", "ul_mbps", "dl_p99_mean_ms", "dl_p99_worst_ms", "ul_p99_mean_ms",
                                 "ul_p99_worst_ms", "dl_loss", "ul_loss", "fairness", "energy_j", "wall_rt_factor"]

    /// The values in the order of ``columns``; nil where a KPI does not apply (energy).
    public var values: [Double?] {
        [downlinkMbps, uplinkMbps, downlinkP99MeanMs, downlinkP99WorstMs, uplinkP99MeanMs, uplinkP99WorstMs,
         downlinkLoss, uplinkLoss, fairness, energyJ, wallRealTimeFactor]
    }
}

/// sweep.csv (and sweep.json, which `b5g report` reads again): one row per run with the swept values, seed, status, folder and KPIs.
public struct SweepTable: Codable, Sendable {
    /// The scenario's name.
    public var scenario: String
    public struct Row: Codable, Sendable {
        /// The swept values, in the order of the table's parameters.
        public var values: [String]
        public var seed: UInt64
        /// `ok`, the run's summary status, or `exit N` when it wrote no summary.
        public var status: String
        /// The run folder, relative to the sweep folder.
        public var folder: String
        public var kpis: SweepKPIs?
        public init(values: [String], seed: UInt64, status: String, folder: String, kpis: SweepKPIs?) {
            self.values = values; self.seed = seed; self.status = status; self.folder = folder; self.kpis = kpis
        }
    }

    public var parameters: [String]
    public var rows: [Row]
    public init(scenario: String, parameters: [String], rows: [Row]) {
        self.scenario = scenario; self.parameters = parameters; self.rows = rows
    }

    /// The table as CSV: header, then one line per run; empty cells where a KPI is missing.
    public func csv() -> String {
        let header = parameters + ["seed", "status", "folder"] + SweepKPIs.columns
        var lines = [header.map(Self.field).joined(separator: ",")]
        for row in rows {
            let kpis = row.kpis?.values ?? Array(repeating: nil, count: SweepKPIs.columns.count)
            let cells = row.values + ["\(row.seed)", row.status, row.folder]
                + kpis.map { $0.map { String(format: "%.6g", $0) } ?? "" }
            lines.append(cells.map(Self.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (`[0, 0, 25]`).
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
