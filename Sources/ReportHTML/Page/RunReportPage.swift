import Foundation
import Report

/// report.html of one run: the end tables, the cells over time, latency distributions, the
/// processes, energy and orchestrator actions, and the NTN timeline. A part with no data in
/// the run folder is left out.
public struct RunReportPage: Sendable {
    public var run: RunFolderData

    public init(run: RunFolderData) { self.run = run }

    private var summary: RunSummary { run.summary }

    /// The page's HTML.
    public func html() -> String {
        var page = HTMLPage(title: "\(summary.scenario) — B5GEmu run report")
        page.heading("Run \(summary.scenario)", level: 1)
        header(&page)
        var nav: [(String, String)] = [("end", "End of run")]
        if !run.cells.isEmpty { nav.append(("cells", "Cells over time")) }
        if !run.latency.isEmpty { nav.append(("latency", "Latency")) }
        if processesRan { nav.append(("processes", "Processes")) }
        if !run.power.isEmpty || !run.actions.isEmpty { nav.append(("energy", "Energy and actions")) }
        if !run.ntn.isEmpty { nav.append(("ntn", "NTN")) }
        page.append("<nav>" + nav.map { "<a href=\"#\($0.0)\">\(Markup.escape($0.1))</a>" }.joined() + "</nav>")

        endTables(&page)
        if !run.cells.isEmpty { cellsOverTime(&page) }
        if !run.latency.isEmpty { latency(&page) }
        if processesRan { processes(&page) }
        if !run.power.isEmpty || !run.actions.isEmpty { energyAndActions(&page) }
        if !run.ntn.isEmpty { ntn(&page) }
        return page.html()
    }

    // MARK: - Header

    private func header(_ page: inout HTMLPage) {
        var facts: [(String, String)] = [
            ("status", summary.status.rawValue), ("seed", "\(summary.seed)"), ("clock", summary.clock),
            ("numerology", "\(summary.numerology)"),
            ("emulated", "\(Format.fixed(summary.emulatedReachedMs, 1)) of \(Format.fixed(summary.emulatedDurationMs, 1)) ms"),
            ("wall", "\(Format.fixed(summary.wallDurationS, 2)) s (\(Format.fixed(summary.wallRealTimeFactor, 2))x real time)"),
            ("slots", Format.count(summary.slots)),
        ]
        if let policy = summary.policy { facts.append(("policy", policy)) }
        page.facts(facts, badKeys: summary.status == .ok ? [] : ["status"])
        if let f = summary.failure {
            let node = f.node.map { "node \($0)" + (f.exitStatus.map { ", exit status \($0)" } ?? "") + ": " } ?? ""
            page.append("<div class=\"failure\"><strong>\(Markup.escape(node + f.reason))</strong>"
                        + (f.lastLogLines.isEmpty ? "" : "<pre>\(Markup.escape(f.lastLogLines.joined(separator: "\n")))</pre>")
                        + "</div>")
        }
    }

    // MARK: - End tables

    private func endTables(_ page: inout HTMLPage) {
        page.heading("End of run", id: "end")
        page.table(["UE", "group", "cell", "DL Mbps", "DL p50/p99 ms", "DL loss", "UL Mbps", "UL p50/p99 ms", "UL loss",
                    "DL MCS", "DL SINR dB"],
                   summary.ues.map { ue in
                       [.text(ue.name), .text(ue.group), .text(ue.cell), .number(Format.number(ue.downlink.throughputMbps)),
                        .number(Format.p50p99(ue.downlink.latency.p50Ms, ue.downlink.latency.p99Ms)),
                        .number(Format.percent(ue.downlink.loss), bad: ue.downlink.loss > 0.01),
                        .number(Format.number(ue.uplink.throughputMbps)),
                        .number(Format.p50p99(ue.uplink.latency.p50Ms, ue.uplink.latency.p99Ms)),
                        .number(Format.percent(ue.uplink.loss), bad: ue.uplink.loss > 0.01),
                        .number(Format.number(ue.downlink.meanMCS)), .number(Format.number(ue.downlink.meanSINRDb))]
                   }, caption: "UEs")
        page.table(["cell", "DU", "RU", "DL Mbps", "peak Mbps", "UL Mbps", "DL PRB", "UL PRB", "MCS", "DL retx", "HARQ fail",
                    "queue drops", "DL p50/p99 ms", "UL p50/p99 ms", "fairness"],
                   summary.cells.map { c in
                       [.text(c.name), .text(c.du), .text(c.ru), .number(Format.number(c.downlinkThroughputMbps)),
                        .number(Format.number(c.expectedPeakDownlinkMbps)), .number(Format.number(c.uplinkThroughputMbps)),
                        .number(Format.percent(c.downlinkPRBUtilization)), .number(Format.percent(c.uplinkPRBUtilization)),
                        .number(Format.number(c.meanDownlinkMCS)), .number(Format.count(c.downlinkRetransmissions)),
                        .number(Format.count(c.harqFailures + c.uplinkHARQFailures), bad: c.harqFailures + c.uplinkHARQFailures > 0),
                        .number(Format.count(c.queueDrops), bad: c.queueDrops > 0),
                        .number(Format.p50p99(c.downlinkLatency.p50Ms, c.downlinkLatency.p99Ms)),
                        .number(Format.p50p99(c.uplinkLatency.p50Ms, c.uplinkLatency.p99Ms)),
                        .number(Format.number(c.downlinkFairness))]
                   }, caption: "Cells")
        page.table(["slice", "UEs", "DL Mbps", "UL Mbps", "DL p99 ms", "UL p99 ms", "p99 target"],
                   summary.slices.map { s in
                       let target = s.latencyTargetMs > 0
                           ? "\(Format.number(s.latencyTargetMs)) ms \(s.latencyTargetMet == true ? "met" : "missed")" : "-"
                       return [.text(s.name), .number("\(s.ues)"), .number(Format.number(s.downlinkThroughputMbps)),
                               .number(Format.number(s.uplinkThroughputMbps)), .number(Format.number(s.downlinkLatency.p99Ms)),
                               .number(Format.number(s.uplinkLatency.p99Ms)),
                               .number(target, bad: s.latencyTargetMs > 0 && s.latencyTargetMet != true)]
                   }, caption: "Slices")
        page.table(["NTN cell", "platform", "elevation deg", "one-way delay ms", "max Doppler kHz", "path loss dB", "SINR dB",
                    "handovers", "interruption ms"],
                   summary.ntn.map { n in
                       [.text(n.cell), .text(n.platform),
                        .number("\(Format.number(n.elevationDegMin))–\(Format.number(n.elevationDegMax))"),
                        .number("\(Format.number(n.oneWayDelayMsMin))–\(Format.number(n.oneWayDelayMsMax))"),
                        .number(Format.number(n.dopplerHzMaxAbs / 1000)), .number(Format.number(n.pathLossDbMean)),
                        .number(Format.number(n.sinrDbMean)), .number("\(n.handovers)"), .number(Format.number(n.interruptionMs))]
                   }, caption: "NTN cells")
        page.table(["node", "role", "vendor", "pid", "exit", "CPU s", "slots", "late slots", "msgs in", "msgs out", "MB in",
                    "MB out", "decode errors", "RSS max MB"],
                   summary.processes.map { p in
                       [.text(p.node), .text(p.role), .text(p.vendor ?? "-"), .number("\(p.pid)"),
                        .number((p.exitStatus.map { "\($0)" } ?? "-") + (p.complete ? "" : " (incomplete)"),
                                bad: (p.exitStatus ?? 0) != 0 || !p.complete),
                        .number(Format.fixed(p.cpuSeconds, 3)), .number(Format.count(p.slotsRun)),
                        .number(Format.count(p.lateSlots), bad: p.lateSlots > 0),
                        .number(Format.count(p.messagesIn)), .number(Format.count(p.messagesOut)),
                        .number(Format.fixed(Double(p.bytesIn) / 1e6, 2)), .number(Format.fixed(Double(p.bytesOut) / 1e6, 2)),
                        .number(Format.count(p.decodeErrors), bad: p.decodeErrors > 0),
                        .number(p.rssMaxKB.map { Format.fixed(Double($0) / 1024, 1) } ?? "-")]
                   }, caption: "Processes")
        if let policy = summary.policy, let e = summary.energy, let a = summary.attainment {
            var facts: [(String, String)] = [("policy", policy), ("periods", "\(a.periods)"),
                                             ("actions", "\(summary.actions?.count ?? 0)"),
                                             ("refused", "\(summary.actions?.refused ?? 0)"),
                                             ("energy", "\(Format.fixed(e.totalJ, 1)) J"),
                                             ("mean power", "\(Format.fixed(e.averageW, 1)) W"),
                                             ("bits per joule", Format.fixed(e.bitsPerJoule, 0))]
            for (kind, joules) in e.perKindJ.sorted(by: { $0.key < $1.key }) {
                facts.append(("\(kind) energy", "\(Format.fixed(joules, 0)) J"))
            }
            if !a.perSlice.isEmpty {
                facts.append(("latency targets met", Format.percent(a.total) + " of periods ("
                              + a.perSlice.sorted { $0.key < $1.key }.map { "\($0.key) \(Format.percent($0.value))" }
                                  .joined(separator: ", ") + ")"))
            }
            page.heading("Orchestrator", level: 3)
            page.facts(facts)
        }
    }

    // MARK: - Cells over time

    /// One series per cell, in the summary's cell order, of `value` against emulated seconds.
    private func cellSeries(_ value: (CellSample) -> Double) -> [ChartSeries] {
        var order = summary.cells.map(\.name)
        for s in run.cells where !order.contains(s.cell) { order.append(s.cell) }
        let byCell = Dictionary(grouping: run.cells, by: \.cell)
        return order.compactMap { cell in
            guard let samples = byCell[cell] else { return nil }
            return ChartSeries(name: cell, points: samples.map { ChartPoint($0.timeMs / 1000, value($0)) })
        }
    }

    private func cellsOverTime(_ page: inout HTMLPage) {
        page.heading("Cells over time", id: "cells")
        page.paragraph("Every 100 ms of emulated time, from timeseries.csv; the MCS only where the cell sent data.",
                       className: "note")
        let time = "emulated time (s)"
        var charts = [
            LineChart(title: "Downlink throughput", xLabel: time, yLabel: "Mbit/s", series: cellSeries(\.dlMbps)),
            LineChart(title: "Uplink throughput", xLabel: time, yLabel: "Mbit/s", series: cellSeries(\.ulMbps)),
            LineChart(title: "Downlink PRB use", xLabel: time, yLabel: "% of PRBs",
                      series: cellSeries { $0.dlPRBUtilization * 100 }, yAxis: .fixed(lower: 0, upper: 100)),
            LineChart(title: "Uplink PRB use", xLabel: time, yLabel: "% of PRBs",
                      series: cellSeries { $0.ulPRBUtilization * 100 }, yAxis: .fixed(lower: 0, upper: 100)),
            LineChart(title: "Mean downlink MCS", xLabel: time, yLabel: "MCS index",
                      series: cellSeries { $0.dlPRBUtilization > 0 ? $0.meanDLMCS : .nan }),
            LineChart(title: "Queued downlink bytes", xLabel: time, yLabel: "kB",
                      series: cellSeries { Double($0.queuedBytes) / 1000 }),
        ]
        // Connected UEs only when they change (handovers, steering): a flat line says nothing.
        if Dictionary(grouping: run.cells, by: \.cell).values.contains(where: { Set($0.map(\.connectedUEs)).count > 1 }) {
            charts.append(LineChart(title: "Connected UEs", xLabel: time, yLabel: "UEs",
                                    series: cellSeries { Double($0.connectedUEs) }))
        }
        page.charts(charts.filter { $0.hasData && !$0.isAllZero }.map { $0.svg() })
        Self.noteAllZero(charts, &page)
    }

    /// Names the charts left out because every value in them was 0.
    static func noteAllZero(_ charts: [LineChart], _ page: inout HTMLPage) {
        let zero = charts.filter { $0.hasData && $0.isAllZero }.map(\.title)
        guard !zero.isEmpty else { return }
        page.paragraph("Zero throughout, not drawn: " + zero.map { $0.lowercased() }.joined(separator: ", ") + ".",
                       className: "note")
    }

    // MARK: - Latency

    private func latency(_ page: inout HTMLPage) {
        page.heading("Latency", id: "latency")
        page.paragraph("Distribution of packet latency per UE group (emulated time, from latency/*.hgrm): the share of packets "
                       + "at or below each latency, its tail drawn by nines (90 %, 99 %, 99.9 %).", className: "note")
        var directions: [String] = []
        for d in run.latency where !directions.contains(d.direction) { directions.append(d.direction) }
        page.charts(directions.map { direction in
            let series = run.latency.filter { $0.direction == direction }.map {
                ChartSeries(name: "\($0.group) (\(Format.count($0.totalCount)) packets)", points: $0.points)
            }
            let title = "\(direction.prefix(1).uppercased())\(direction.dropFirst()) latency CDF"
            return LineChart(title: title, xLabel: "latency (ms)", yLabel: "packets at or below", series: series,
                             yAxis: .percentileNines).svg()
        })
    }

    // MARK: - Processes

    /// Whether a process used CPU or ran late (a run that failed in setup did neither).
    private var processesRan: Bool { summary.processes.contains { $0.cpuSeconds > 0 || $0.lateSlots > 0 } }

    private func processes(_ page: inout HTMLPage) {
        page.heading("Processes", id: "processes")
        if Set(summary.processes.map(\.pid)).count == 1, summary.processes.count > 1 {
            page.paragraph("One process ran every node (--in-process); CPU time is each node's share.", className: "note")
        }
        var charts: [String] = []
        if summary.processes.contains(where: { $0.cpuSeconds > 0 }) {
            charts.append(BarChart(title: "CPU time per node", valueLabel: "CPU seconds",
                                   bars: summary.processes.map { .init($0.node, $0.cpuSeconds) },
                                   valueFormat: { String(format: "%.3f s", $0) }).svg())
        }
        let late = summary.processes.contains { $0.lateSlots > 0 }
        if late {
            charts.append(BarChart(title: "Late slots per node", valueLabel: "slots that overran their time",
                                   bars: summary.processes.map { .init($0.node, Double($0.lateSlots)) }, wholeNumbers: true,
                                   valueFormat: { String(format: "%.0f", $0) }).svg())
        }
        page.charts(charts)
        if !late {
            page.paragraph(summary.clock == "virtual" ? "No late slots (they are counted when paced by the wall clock)."
                                                      : "No late slots: every node kept up with every slot.", className: "note")
        }
    }

    // MARK: - Energy and orchestrator actions

    /// The emulated second at which an action took effect (its acknowledged slot, else its slot).
    private func actionTimeS(_ a: OrchestrationReport.Action) -> Double {
        Double(a.appliedAtSlot ?? a.slot) * run.slotMs / 1000
    }

    private func actionLabel(_ a: OrchestrationReport.Action) -> String {
        "#\(a.id) t=\(Format.fixed(actionTimeS(a), 3)) s \(a.node) \(a.type): \(a.reason)"
            + (a.accepted ? "" : " — refused" + (a.refusal.map { ": \($0)" } ?? ""))
    }

    private func energyAndActions(_ page: inout HTMLPage) {
        page.heading("Energy and orchestrator actions", id: "energy")
        let time = "emulated time (s)"
        let markers = run.actions.filter(\.accepted).map {
            ChartMarker(x: actionTimeS($0), category: $0.type, label: actionLabel($0))
        }
        var charts: [String] = []
        if !run.power.isEmpty {
            var kinds: [String] = []
            for p in run.power where !kinds.contains(p.kind) { kinds.append(p.kind) }
            var byKind: [String: [Double: Double]] = [:], total: [Double: Double] = [:]
            for p in run.power {
                byKind[p.kind, default: [:]][p.timeMs, default: 0] += p.powerW
                total[p.timeMs, default: 0] += p.powerW
            }
            func series(_ name: String, _ values: [Double: Double]) -> ChartSeries {
                ChartSeries(name: name, points: values.sorted { $0.key < $1.key }.map { ChartPoint($0.key / 1000, $0.value) })
            }
            charts.append(LineChart(title: "Power by kind (actions marked)", xLabel: time, yLabel: "W",
                                    series: [series("total", total)] + kinds.map { series($0, byKind[$0]!) },
                                    markers: markers).svg())
            var nodes: [String] = []
            for p in run.power where p.kind != "fronthaul" && !nodes.contains(p.node) { nodes.append(p.node) }
            let byNode = Dictionary(grouping: run.power, by: \.node)
            charts.append(LineChart(title: "Power per RU and server", xLabel: time, yLabel: "W",
                                    series: nodes.map { n in
                                        ChartSeries(name: n, points: byNode[n]!.map { ChartPoint($0.timeMs / 1000, $0.powerW) })
                                    }).svg())
        }
        if !run.actions.isEmpty {
            let lanes = Set(run.actions.map(\.node)).sorted { Self.nodeOrder($0) < Self.nodeOrder($1) }
            charts.append(EventLanes(title: "Orchestrator actions by node", xLabel: time, lanes: lanes,
                                     events: run.actions.map {
                                         EventLanes.Event(x: actionTimeS($0), lane: $0.node, category: $0.type,
                                                          label: actionLabel($0), hollow: !$0.accepted)
                                     },
                                     xRange: 0...(summary.emulatedDurationMs / 1000)).svg())
        }
        page.charts(charts)
        if run.actions.isEmpty, !run.power.isEmpty {
            page.paragraph("The orchestrator took no action in this run.", className: "note")
        }
        page.table(["#", "time s", "node", "type", "reason", "accepted", "refusal"],
                   run.actions.map { a in
                       [.number("\(a.id)"), .number(Format.fixed(actionTimeS(a), 3)), .text(a.node), .text(a.type), .text(a.reason),
                        .text(a.accepted ? "yes" : "no"), .text(a.refusal ?? "")]
                   }, caption: "Actions", foldAbove: 0)
    }

    /// Sorts node names like ru2 before ru10: by their letters, then their number.
    static func nodeOrder(_ name: String) -> (String, Int, String) {
        let digits = name.reversed().prefix { $0.isNumber }
        let stem = String(name.dropLast(digits.count))
        return (stem, Int(String(digits.reversed())) ?? -1, name)
    }

    // MARK: - NTN

    /// A change of serving platform seen between two samples of one NTN cell.
    struct Handover: Equatable {
        var timeS: Double
        var cell: String
        var from: String
        var to: String
    }

    /// Handovers from ntn_timeseries.csv: a rise of a cell's handover count or a change of its
    /// serving platform between consecutive samples.
    static func handovers(_ samples: [NTNSample]) -> [Handover] {
        var out: [Handover] = []
        for (cell, rows) in Dictionary(grouping: samples, by: \.cell) {
            let sorted = rows.sorted { $0.timeMs < $1.timeMs }
            for (a, b) in zip(sorted, sorted.dropFirst()) where b.handovers > a.handovers || b.platform != a.platform {
                out.append(Handover(timeS: b.timeMs / 1000, cell: cell, from: a.platform, to: b.platform))
            }
        }
        return out.sorted { ($0.timeS, $0.cell) < ($1.timeS, $1.cell) }
    }

    /// A stretch of time one platform served one NTN cell.
    struct ServingSpan: Equatable {
        var cell: String
        var platform: String
        var fromS: Double
        var toS: Double
        var elevationDeg: ClosedRange<Double>
        var oneWayDelayMs: ClosedRange<Double>
    }

    /// The serving platforms of each cell in time order, from ntn_timeseries.csv.
    static func servingSpans(_ samples: [NTNSample]) -> [ServingSpan] {
        var cells: [String] = []
        for s in samples where !cells.contains(s.cell) { cells.append(s.cell) }
        let byCell = Dictionary(grouping: samples, by: \.cell)
        var spans: [ServingSpan] = []
        for cell in cells {
            var current: ServingSpan?
            for s in byCell[cell]!.sorted(by: { $0.timeMs < $1.timeMs }) {
                let t = s.timeMs / 1000
                if var c = current, c.platform == s.platform {
                    c.toS = t
                    c.elevationDeg = Self.widened(c.elevationDeg, s.elevationDeg)
                    c.oneWayDelayMs = Self.widened(c.oneWayDelayMs, s.oneWayDelayMs)
                    current = c
                } else {
                    if let c = current { spans.append(c) }
                    current = ServingSpan(cell: cell, platform: s.platform, fromS: t, toS: t,
                                          elevationDeg: s.elevationDeg...s.elevationDeg,
                                          oneWayDelayMs: s.oneWayDelayMs...s.oneWayDelayMs)
                }
            }
            if let c = current { spans.append(c) }
        }
        return spans
    }

    private static func widened(_ range: ClosedRange<Double>, _ value: Double) -> ClosedRange<Double> {
        min(range.lowerBound, value)...max(range.upperBound, value)
    }

    private func ntn(_ page: inout HTMLPage) {
        page.heading("NTN: elevation, delay and handovers", id: "ntn")
        let time = "emulated time (s)"
        var cells: [String] = []
        for s in run.ntn where !cells.contains(s.cell) { cells.append(s.cell) }
        let byCell = Dictionary(grouping: run.ntn, by: \.cell)
        func series(_ value: (NTNSample) -> Double) -> [ChartSeries] {
            cells.map { c in ChartSeries(name: c, points: byCell[c]!.map { ChartPoint($0.timeMs / 1000, value($0)) }) }
        }
        let handovers = Self.handovers(run.ntn)
        func label(_ h: Handover) -> String { "\(h.cell): \(h.from) → \(h.to) at \(Format.fixed(h.timeS, 1)) s" }
        let markers = handovers.map { ChartMarker(x: $0.timeS, category: "handover", label: label($0)) }
        var charts = [
            LineChart(title: "Elevation of the serving platform", xLabel: time, yLabel: "degrees", series: series(\.elevationDeg),
                      markers: markers),
            LineChart(title: "One-way delay", xLabel: time, yLabel: "ms", series: series(\.oneWayDelayMs), markers: markers),
            LineChart(title: "SINR", xLabel: time, yLabel: "dB", series: series(\.sinrDb), markers: markers,
                      yAxis: .linear(includeZero: false)),
            LineChart(title: "Doppler shift", xLabel: time, yLabel: "kHz", series: series { $0.dopplerHz / 1000 },
                      markers: markers),
        ].filter(\.hasData).map { $0.svg() }
        // The timeline: each platform's time serving each cell, up to the handover to the next.
        let spans = Self.servingSpans(run.ntn)
        let bars = spans.enumerated().map { i, s in
            let next = spans.indices.contains(i + 1) && spans[i + 1].cell == s.cell ? spans[i + 1].fromS : s.toS
            return EventLanes.Span(from: s.fromS, to: next, lane: s.cell,
                                   label: "\(s.platform) \(Format.fixed(s.fromS, 1))–\(Format.fixed(next, 1)) s")
        }
        charts.append(EventLanes(title: "Serving platform and handovers", xLabel: time, lanes: cells,
                                 events: handovers.map {
                                     EventLanes.Event(x: $0.timeS, lane: $0.cell, category: "handover", label: label($0))
                                 },
                                 spans: bars, xRange: 0...(summary.emulatedDurationMs / 1000)).svg())
        page.charts(charts)
        if handovers.isEmpty { page.paragraph("No handover in this run.", className: "note") }
        page.table(["cell", "serving platform", "from s", "to s", "elevation deg", "one-way delay ms"],
                   spans.map { s in
                       [.text(s.cell), .text(s.platform), .number(Format.fixed(s.fromS, 1)), .number(Format.fixed(s.toS, 1)),
                        .number("\(Format.number(s.elevationDeg.lowerBound))–\(Format.number(s.elevationDeg.upperBound))"),
                        .number("\(Format.number(s.oneWayDelayMs.lowerBound))–\(Format.number(s.oneWayDelayMs.upperBound))")]
                   }, caption: "Serving platforms")
    }
}
