import Foundation
import Report
import ReportHTML

/// One generated case in one mode.
struct BenchScaleRow: Codable {
    let `case`: String
    let mode: String
    let slots: UInt64
    let emulatedS: Double
    let wallS: Double
    let realTimeFactor: Double
    /// CPU time of each role (all its nodes) per slot, µs.
    let cpuUsPerSlotByRole: [String: Double]
    /// Units sent by all nodes per slot, and their bytes.
    let messagesPerSlot: Double
    let bytesPerSlot: Double
    /// Mean slots per window (one message round per window), over all nodes.
    let meanWindowSlots: Double
    let status: String

    init(case label: String, mode: String, summary s: RunSummary, reports: [String: NodeReport]) {
        self.case = label; self.mode = mode
        slots = s.slots
        emulatedS = s.emulatedDurationMs / 1000
        wallS = s.wallDurationS
        realTimeFactor = s.wallRealTimeFactor
        var cpu: [String: Double] = [:]
        for p in s.processes { cpu[p.role, default: 0] += p.cpuSeconds }
        cpuUsPerSlotByRole = cpu.mapValues { ($0 * 1e6 / Double(max(1, s.slots))).rounded(toPlaces: 2) }
        let messages = s.processes.reduce(0) { $0 + $1.messagesOut }, bytes = s.processes.reduce(0) { $0 + $1.bytesOut }
        messagesPerSlot = (Double(messages) / Double(max(1, s.slots))).rounded(toPlaces: 1)
        bytesPerSlot = (Double(bytes) / Double(max(1, s.slots))).rounded(toPlaces: 0)
        let windows = reports.values.reduce(0) { $0 + $1.windows }, run = reports.values.reduce(0) { $0 + $1.slotsRun }
        meanWindowSlots = windows == 0 ? 0 : (Double(run) / Double(windows)).rounded(toPlaces: 2)
        status = s.status.rawValue
    }
}

/// A real-time run of a bundled scenario: late slots per node.
struct BenchScaleRealTimeRow: Codable {
    let scenario: String
    let mode: String
    let slots: UInt64
    let wallS: Double
    let lateSlotsByNode: [String: UInt64]
}

/// Everything `b5g bench scale` reports.
struct BenchScaleReport: Codable {
    let machine: BenchMachine
    let durationMs: Int
    /// Runs per case and mode; the median one is reported.
    let repeats: Int
    let runs: [BenchScaleRow]
    let realtime: [BenchScaleRealTimeRow]

    func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
        let roles = ["core", "cu", "du", "ru", "channel", "ue"]
        var lines = ["Scale: generated scenarios, virtual time, \(durationMs) ms emulated each, median of \(repeats); "
                     + "\(machine.cores) cores, \(machine.cpuModel)",
                     pad(["case", "mode", "RTF", "wall s", "window", "msgs/slot", "kB/slot"] + roles.map { "\($0) µs/slot" })]
        for r in runs {
            lines.append(pad([r.case, r.mode, String(format: "%.2fx", r.realTimeFactor), String(format: "%.2f", r.wallS),
                              String(format: "%.2f", r.meanWindowSlots), String(format: "%.0f", r.messagesPerSlot),
                              String(format: "%.1f", r.bytesPerSlot / 1000)]
                             + roles.map { r.cpuUsPerSlotByRole[$0].map { String(format: "%.1f", $0) } ?? "-" }))
        }
        if !realtime.isEmpty {
            lines.append("")
            lines.append("Real time (--clock realtime): late slots per node")
            for r in realtime {
                let nodes = r.lateSlotsByNode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                lines.append("  \(r.scenario) (\(r.mode), \(r.slots) slots, \(String(format: "%.2f", r.wallS)) s wall): \(nodes)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Real-time factor against UEs (log scale), one line per mode, as a standalone SVG file.
    func chart() -> String {
        let names = ["separate": "separate processes", "separate-priority": "separate processes, real-time priority", "in-process": "one process"]
        let series = BenchScaleCommand.modes.map { mode in
            ChartSeries(name: names[mode] ?? mode, points: runs.filter { $0.mode == mode }.compactMap { r -> ChartPoint? in
                guard let ues = Double(r.case.split(separator: "x").last ?? "") else { return nil }
                return ChartPoint(log10(ues), r.realTimeFactor)
            })
        }
        let chart = LineChart(title: "Real-time factor against UEs (virtual time, \(durationMs) ms emulated)",
                              xLabel: "UEs, log10 (1 = 10, 2 = 100, 3 = 1,000)", yLabel: "x real time",
                              series: series.filter { !$0.points.isEmpty }, xIncludesZero: false)
        return chart.standaloneSVG()
    }

    private func pad(_ cells: [String]) -> String {
        // Every column one space wider than its longest value ("separate-priority", "channel µs/slot").
        cells.enumerated().map { i, c in
            c.padding(toLength: max(i == 0 ? 11 : i == 1 ? 18 : 16, c.count + 1), withPad: " ", startingAt: 0)
        }
            .joined()
    }
}
