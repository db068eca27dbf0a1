import Foundation
import Report

/// report.html of a `b5g sweep` folder: the runs' table (each run's own report a link away)
/// and every headline KPI plotted against the swept values, averaged over the seeds that ran ok.
///
/// When the first swept value that varies is a number in every run (`40`, `200ms`, `3.5`; one
/// unit throughout), each KPI is a line against it, one line per combination of the other swept values; otherwise a bar per
/// combination.
public struct SweepReportPage: Sendable {
    public var table: SweepTable
    var scenario: String { table.scenario }

    public init(table: SweepTable) { self.table = table }

    /// Reads the sweep.json `b5g sweep` wrote.
    /// - Throws: ``HTMLReportError`` when sweep.json is missing or unreadable.
    public static func load(folder: String) throws -> SweepReportPage {
        let path = "\(folder)/sweep.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw HTMLReportError.notAResultFolder(folder) }
        do { return SweepReportPage(table: try JSONDecoder().decode(SweepTable.self, from: data)) } catch {
            throw HTMLReportError.unreadable(path: path, reason: "\(error)")
        }
    }

    /// The KPIs plotted, with their titles, units and how to read them.
    static let plotted: [(column: Int, title: String, unit: String)] = [
        (0, "Downlink throughput, all cells", "Mbit/s"), (1, "Uplink throughput, all cells", "Mbit/s"),
        (2, "Downlink p99 latency, mean over UEs", "ms"), (3, "Downlink p99 latency, worst UE", "ms"),
        (4, "Uplink p99 latency, mean over UEs", "ms"), (5, "Uplink p99 latency, worst UE", "ms"),
        (6, "Downlink loss", "share of packets"), (7, "Uplink loss", "share of packets"),
        (8, "Downlink fairness (Jain)", "index"), (9, "Energy", "J"), (10, "Wall real-time factor", "x real time"),
    ]

    /// The leading number of a swept value (`200ms` -> 200), if it has one.
    static func leadingNumber(_ text: String) -> Double? {
        let prefix = numberPrefix(text)
        return prefix.isEmpty ? nil : Double(prefix)
    }

    /// What follows the number (`200ms` -> `ms`): values are only placed on one axis when they
    /// share it, so `500ms` and `1s` are not read as 500 and 1.
    static func unit(_ text: String) -> Substring {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.dropFirst(numberPrefix(trimmed).count).drop { $0 == " " }
    }

    private static func numberPrefix(_ text: String) -> Substring {
        text.trimmingCharacters(in: .whitespaces).prefix { $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }
    }

    /// The mean of each KPI over the seeds of every combination, in first-seen order; a run that did
    /// not end ok is left out (a failed setup measured nothing, and zeros would pull the mean down).
    func meansByCombination() -> [(values: [String], kpis: [Double?])] {
        var order: [[String]] = []
        var sums: [[String]: [(sum: Double, n: Int)]] = [:]
        for row in table.rows {
            guard row.status == "ok", let kpis = row.kpis else { continue }
            if sums[row.values] == nil { order.append(row.values) }
            var acc = sums[row.values] ?? Array(repeating: (0, 0), count: SweepKPIs.columns.count)
            for (i, value) in kpis.values.enumerated() {
                if let value, value.isFinite { acc[i].sum += value; acc[i].n += 1 }
            }
            sums[row.values] = acc
        }
        return order.map { values in
            (values, sums[values]!.map { $0.n == 0 ? nil : $0.sum / Double($0.n) })
        }
    }

    /// The page's HTML.
    public func html() -> String {
        var page = HTMLPage(title: "\(scenario) — B5GEmu sweep")
        page.heading("Sweep: \(scenario)", level: 1)
        let seeds = Set(table.rows.map(\.seed)).sorted()
        let failed = table.rows.filter { $0.status != "ok" }.count
        page.facts([("swept", table.parameters.isEmpty ? "seeds only" : table.parameters.joined(separator: ", ")),
                    ("runs", "\(table.rows.count)"), ("seeds", seeds.map(String.init).joined(separator: ", ")),
                    ("not ok", "\(failed)")], badKeys: failed > 0 ? ["not ok"] : [])
        plots(&page)
        runs(&page)
        return page.html()
    }

    private func plots(_ page: inout HTMLPage) {
        let means = meansByCombination()
        guard !means.isEmpty else {
            page.paragraph("No run finished with a summary, so there is nothing to plot.")
            return
        }
        page.heading("KPIs against the swept values", id: "kpis")
        if seedsPerCombination > 1 { page.paragraph("Each point is the mean over the seeds of its combination.") }
        // The x axis is the first parameter that takes more than one value; the other varying
        // ones name the lines (a parameter with one value is the same in every run).
        let varying = table.parameters.indices.filter { i in Set(means.map { $0.values[i] }).count > 1 }
        let x = varying.first
        let numericX = x.map { x in
            means.allSatisfy { Self.leadingNumber($0.values[x]) != nil } && Set(means.map { Self.unit($0.values[x]) }).count == 1
        } ?? false
        var charts: [String] = []
        for kpi in Self.plotted where means.contains(where: { $0.kpis[kpi.column] != nil }) {
            if let x, numericX {
                var series: [String: [ChartPoint]] = [:]
                var names: [String] = []
                for m in means {
                    guard let y = m.kpis[kpi.column] else { continue }
                    let rest = varying.dropFirst().map { "\(table.parameters[$0])=\(m.values[$0])" }
                    let name = rest.isEmpty ? "mean" : rest.joined(separator: " ")
                    if series[name] == nil { names.append(name) }
                    series[name, default: []].append(ChartPoint(Self.leadingNumber(m.values[x])!, y))
                }
                let chart = LineChart(title: kpi.title, xLabel: table.parameters[x], yLabel: kpi.unit,
                                      series: names.map { ChartSeries(name: $0, points: series[$0]!.sorted { $0.x < $1.x }) })
                charts.append(chart.svg())
            } else {
                let bars = means.compactMap { m in
                    m.kpis[kpi.column].map { BarChart.Bar(label(m.values, varying), $0) }
                }
                charts.append(BarChart(title: kpi.title, valueLabel: kpi.unit, bars: bars, colourPerBar: true).svg())
            }
        }
        page.charts(charts)
    }

    private var seedsPerCombination: Int {
        Dictionary(grouping: table.rows, by: \.values).values.map(\.count).max() ?? 0
    }

    private func label(_ values: [String], _ varying: [Int]) -> String {
        varying.isEmpty ? "all runs" : varying.map { "\(table.parameters[$0])=\(values[$0])" }.joined(separator: " ")
    }

    private func runs(_ page: inout HTMLPage) {
        page.heading("Runs", id: "runs")
        let header = table.parameters + ["seed", "status", "DL Mbps", "UL Mbps", "DL p99 mean/worst ms",
                                          "UL p99 mean/worst ms", "DL loss", "UL loss", "fairness", "energy J",
                                          "real time", "run"]
        page.table(header, table.rows.map { row in
            var cells: [HTMLPage.Cell] = row.values.map { .text($0) }
            cells += [.number("\(row.seed)"), .text(row.status)]
            cells[cells.count - 1].bad = row.status != "ok"
            if let k = row.kpis {
                cells += [.number(Format.fixed(k.downlinkMbps, 2)), .number(Format.fixed(k.uplinkMbps, 2)),
                          .number(Format.p50p99(k.downlinkP99MeanMs, k.downlinkP99WorstMs)),
                          .number(Format.p50p99(k.uplinkP99MeanMs, k.uplinkP99WorstMs)),
                          .number(Format.percent(k.downlinkLoss)), .number(Format.percent(k.uplinkLoss)),
                          .number(Format.fixed(k.fairness, 2)), .number(k.energyJ.map { Format.fixed($0, 1) } ?? "-"),
                          .number(Format.fixed(k.wallRealTimeFactor, 2) + "x")]
            } else {
                cells += Array(repeating: .number("-"), count: 9)
            }
            var link = HTMLPage.Cell.text("report")
            link.link = "\(row.folder)/\(HTMLReport.fileName)"
            cells.append(link)
            return cells
        })
    }
}

extension HTMLReport {
    /// Writes a sweep folder's sweep.csv, sweep.json and report.html from its table.
    /// - Returns: the path of report.html.
    @discardableResult
    public static func writeSweep(folder: String, table: SweepTable) throws -> String {
        try table.csv().write(toFile: "\(folder)/sweep.csv", atomically: true, encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(table).write(to: URL(fileURLWithPath: "\(folder)/sweep.json"))
        return try writeSweep(folder: folder)
    }

    /// Writes a sweep folder's report.html again from its sweep.json.
    /// - Returns: the path written.
    @discardableResult
    public static func writeSweep(folder: String) throws -> String {
        let path = "\(folder)/\(fileName)"
        try SweepReportPage.load(folder: folder).html().write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
