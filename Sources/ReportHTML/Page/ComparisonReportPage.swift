import Foundation
import Orchestrator
import Report

/// report.html of a `b5g compare` folder: the comparison table, the policies' outcomes as bars,
/// and their runs overlaid on one time axis (power, throughput, latency, actions), each run's
/// own report a link away.
public struct ComparisonReportPage: Sendable {
    /// One row of compare.json with its run folder, when the folder is there.
    public struct Entry: Sendable {
        public var row: ComparisonRow
        /// The run folder's name inside the compare folder.
        public var folderName: String
        public var run: RunFolderData?
    }

    public var table: ComparisonTable
    public var entries: [Entry]

    public init(table: ComparisonTable, entries: [Entry]) { self.table = table; self.entries = entries }

    /// Reads compare.json and the run folders `b5g compare` wrote beside it (`<policy>-seed<seed>`).
    /// - Throws: ``HTMLReportError`` when compare.json is missing or unreadable.
    public static func load(folder: String) throws -> ComparisonReportPage {
        let path = "\(folder)/compare.json"
        guard let data = FileManager.default.contents(atPath: path) else { throw HTMLReportError.notAResultFolder(folder) }
        let table: ComparisonTable
        do { table = try JSONDecoder().decode(ComparisonTable.self, from: data) } catch {
            throw HTMLReportError.unreadable(path: path, reason: "\(error)")
        }
        let entries = table.rows.map { row in
            let name = "\(row.policy)-seed\(row.seed.map(String.init) ?? "")"
            return Entry(row: row, folderName: name, run: try? RunFolderData.load(folder: "\(folder)/\(name)"))
        }
        return ComparisonReportPage(table: table, entries: entries)
    }

    /// How a run is named on the page: its policy, and its seed when there are several.
    private func label(_ e: Entry) -> String {
        Set(entries.compactMap(\.row.seed)).count > 1 ? "\(e.row.policy) seed \(e.row.seed.map(String.init) ?? "-")" : e.row.policy
    }

    /// The page's HTML.
    public func html() -> String {
        let scenario = entries.compactMap(\.run?.summary.scenario).first ?? "comparison"
        var page = HTMLPage(title: "\(scenario) — B5GEmu policy comparison")
        page.heading("Policy comparison: \(scenario)", level: 1)
        let seeds = Set(entries.compactMap(\.row.seed)).sorted()
        var facts: [(String, String)] = [("policies", orderedPolicies.joined(separator: ", ")),
                                         ("seeds", seeds.map(String.init).joined(separator: ", "))]
        if let run = entries.compactMap(\.run).first {
            facts.append(("emulated", "\(Format.fixed(run.summary.emulatedDurationMs / 1000, 1)) s"))
        }
        page.facts(facts)
        comparisonTable(&page)
        outcomes(&page)
        overTime(&page)
        return page.html()
    }

    private var orderedPolicies: [String] {
        entries.reduce(into: [String]()) { if !$0.contains($1.row.policy) { $0.append($1.row.policy) } }
    }

    private func comparisonTable(_ page: inout HTMLPage) {
        page.heading("Side by side", id: "table")
        let slices = table.sliceIDs
        let savings = entries.contains { $0.row.energySavingPercent != nil }
        let header = ["policy", "seed", "latency target met"] + slices.map { "p99 \($0) ms" }
            + ["throughput Mbps", "energy J", "bits per joule", "actions"] + (savings ? ["energy saving"] : []) + ["run"]
        page.table(header, entries.map { e in
            let r = e.row
            var cells: [HTMLPage.Cell] = [.text(r.policy), .number(r.seed.map(String.init) ?? "-"),
                                          .number(Format.percent(r.latencyAttainment), bad: r.latencyAttainment < 1)]
            cells += slices.map { .number(r.p99BySliceMs[$0].map(Format.number) ?? "-") }
            cells += [.number(Format.fixed(r.throughputMbps, 1)), .number(Format.fixed(r.energyJ, 1)),
                      .number(Format.fixed(r.bitsPerJoule, 0)), .number("\(r.actions)")]
            if savings { cells.append(.number(r.energySavingPercent.map { Format.fixed($0, 1) + "%" } ?? "-")) }
            var link = HTMLPage.Cell.text(e.run == nil ? "missing" : "report")
            if e.run != nil { link.link = "\(e.folderName)/\(HTMLReport.fileName)" }
            cells.append(link)
            return cells
        })
    }

    private func outcomes(_ page: inout HTMLPage) {
        page.heading("Outcomes", id: "outcomes")
        var charts = [
            BarChart(title: "Latency target attainment", valueLabel: "% of (period, slice) pairs meeting the p99 target",
                     bars: entries.map { .init(label($0), $0.row.latencyAttainment * 100) }, colourPerBar: true,
                     valueFormat: { String(format: "%.1f%%", $0) }),
            BarChart(title: "Energy", valueLabel: "joules over the run", bars: entries.map { .init(label($0), $0.row.energyJ) },
                     colourPerBar: true, valueFormat: { String(format: "%.0f J", $0) }),
            BarChart(title: "Energy efficiency", valueLabel: "bits per joule",
                     bars: entries.map { .init(label($0), $0.row.bitsPerJoule) }, colourPerBar: true,
                     valueFormat: { String(format: "%.0f", $0) }),
            BarChart(title: "Throughput", valueLabel: "Mbit/s", bars: entries.map { .init(label($0), $0.row.throughputMbps) },
                     colourPerBar: true, valueFormat: { String(format: "%.1f", $0) }),
        ]
        for slice in table.sliceIDs {
            charts.append(BarChart(title: "Worst period p99, slice \(slice)", valueLabel: "ms",
                                   bars: entries.compactMap { e in e.row.p99BySliceMs[slice].map { .init(label(e), $0) } },
                                   colourPerBar: true, valueFormat: { String(format: "%.2f ms", $0) }))
        }
        page.charts(charts.map { $0.svg() })
    }

    private func overTime(_ page: inout HTMLPage) {
        let runs = entries.compactMap { e in e.run.map { (label(e), $0) } }
        guard !runs.isEmpty else { return }
        page.heading("Over time", id: "time")
        let time = "emulated time (s)"
        func sum(_ pairs: [(Double, Double)]) -> [ChartPoint] {
            var byTime: [Double: Double] = [:]
            for (t, v) in pairs { byTime[t, default: 0] += v }
            return byTime.sorted { $0.key < $1.key }.map { ChartPoint($0.key / 1000, $0.value) }
        }
        let lines = [
            LineChart(title: "Total power", xLabel: time, yLabel: "W",
                      series: runs.map { ChartSeries(name: $0.0, points: sum($0.1.power.map { ($0.timeMs, $0.powerW) })) }),
            LineChart(title: "Downlink throughput, all cells", xLabel: time, yLabel: "Mbit/s",
                      series: runs.map { ChartSeries(name: $0.0, points: sum($0.1.cells.map { ($0.timeMs, $0.dlMbps) })) }),
            LineChart(title: "Uplink throughput, all cells", xLabel: time, yLabel: "Mbit/s",
                      series: runs.map { ChartSeries(name: $0.0, points: sum($0.1.cells.map { ($0.timeMs, $0.ulMbps) })) }),
        ]
        var charts = lines.filter { $0.hasData && !$0.isAllZero }.map { $0.svg() }
        let withActions = runs.filter { !$0.1.actions.isEmpty }
        if !withActions.isEmpty {
            let end = runs.map { $0.1.summary.emulatedDurationMs }.max()! / 1000
            charts.append(EventLanes(title: "Orchestrator actions", xLabel: time, lanes: runs.map(\.0),
                                     events: runs.flatMap { name, run in
                                         run.actions.map { a in
                                             let t = Double(a.appliedAtSlot ?? a.slot) * run.slotMs / 1000
                                             let label = "\(name) t=\(Format.fixed(t, 3)) s \(a.node) \(a.type): \(a.reason)"
                                             return EventLanes.Event(x: t, lane: name, category: a.type, label: label,
                                                                     hollow: !a.accepted)
                                         }
                                     }, xRange: 0...end).svg())
        }
        page.charts(charts)
        RunReportPage.noteAllZero(lines, &page)

        // Latency: one chart per UE group and direction, a line per run.
        var keys: [String] = []
        for (_, run) in runs {
            for d in run.latency where !keys.contains("\(d.group) \(d.direction)") { keys.append("\(d.group) \(d.direction)") }
        }
        guard !keys.isEmpty else { return }
        page.heading("Latency", level: 3)
        page.charts(keys.map { key in
            LineChart(title: "\(key) latency CDF", xLabel: "latency (ms)", yLabel: "packets at or below",
                      series: runs.compactMap { name, run in
                          run.latency.first { "\($0.group) \($0.direction)" == key }
                              .map { ChartSeries(name: name, points: $0.points) }
                      }, yAxis: .percentileNines).svg()
        })
    }
}
