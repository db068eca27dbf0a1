import Foundation
import Report

/// What `b5g run` shows a person: a live progress line on a terminal, then a short table.
final class RunConsole {
    let quiet: Bool
    let interactive: Bool
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(quiet: Bool) {
        self.quiet = quiet
        interactive = isatty(STDERR_FILENO) != 0
    }

    func update(progress: [String: NodeProgress], totalSlots: UInt64, nodes: Int, slotUs: Double, wallS: Double) {
        guard !quiet, interactive, Date().timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = Date()
        let slot = progress.values.map(\.slot).min() ?? 0
        let late = progress.values.reduce(0) { $0 + $1.lateSlots }
        let emulatedS = Double(slot) * slotUs / 1e6
        let rtf = wallS > 0 ? emulatedS / wallS : 0
        let line = String(format: "\r  t=%.3f s  slot %llu/%llu  real-time factor %.2fx  late slots %llu  nodes %d/%d ",
                          emulatedS, slot, totalSlots, rtf, late, progress.count, nodes)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func message(_ text: String) {
        FileHandle.standardError.write(Data(((drawn ? "\n" : "") + text + "\n").utf8))
        drawn = false
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }

    func printTable(_ s: RunSummary, folder: String) {
        print(table(s, folder: folder), terminator: "")
    }

    /// The end-of-run text: headline, UE and cell tables and what else the run has. Name columns
    /// are as wide as their longest name (scenario names go up to 64 characters), so every
    /// column stays aligned.
    func table(_ s: RunSummary, folder: String) -> String {
        let shownUEs = Array(s.ues.prefix(40)), shownFlagged = Array(s.flaggedUEs.prefix(20))
        let ueWidth = Self.width(of: ["UE"] + shownUEs.map(\.name) + shownFlagged.map(\.ue), atLeast: 14)
        let cellWidth = Self.width(of: ["NTN cell"] + s.cells.map(\.name) + shownUEs.map(\.cell) + shownFlagged.map(\.cell)
                                   + s.ntn.map(\.cell), atLeast: 10)
        let sliceWidth = Self.width(of: s.slices.map(\.name), atLeast: 10)
        var out = "\nrun \(s.scenario)  status \(s.status.rawValue)  seed \(s.seed)  clock \(s.clock)  "
        out += String(format: "emulated %.1f ms in %.2f s wall (%.2fx real time)\n\n", s.emulatedReachedMs, s.wallDurationS, s.wallRealTimeFactor)
        if s.status == .setupFailed, let f = s.failure {
            return out + "\nsetup failed: \(f.reason)\n\nresults in \(folder)/\n"
        }
        out += pad("UE", ueWidth) + pad("cell", cellWidth) + pad("DL Mbps", 10) + pad("DL p50/p99 ms", 16) + pad("DL loss", 9)
            + pad("UL Mbps", 10) + pad("UL p50/p99 ms", 16) + "UL loss\n"
        for ue in shownUEs {
            out += pad(ue.name, ueWidth) + pad(ue.cell, cellWidth) + pad(fmt(ue.downlink.throughputMbps), 10)
                + pad("\(fmt(ue.downlink.latency.p50Ms))/\(fmt(ue.downlink.latency.p99Ms))", 16) + pad(pct(ue.downlink.loss), 9)
                + pad(fmt(ue.uplink.throughputMbps), 10)
                + pad("\(fmt(ue.uplink.latency.p50Ms))/\(fmt(ue.uplink.latency.p99Ms))", 16) + pct(ue.uplink.loss) + "\n"
        }
        if s.ues.count > 40 { out += "... \(s.ues.count - 40) more UEs in summary.json\n" }
        out += "\n" + pad("cell", cellWidth) + pad("DL Mbps", 10) + pad("peak Mbps", 11) + pad("UL Mbps", 10) + pad("DL PRB", 8)
            + pad("MCS", 7) + pad("retx", 8) + "fairness\n"
        for c in s.cells {
            out += pad(c.name, cellWidth) + pad(fmt(c.downlinkThroughputMbps), 10) + pad(fmt(c.expectedPeakDownlinkMbps), 11)
                + pad(fmt(c.uplinkThroughputMbps), 10) + pad(pct(c.downlinkPRBUtilization), 8) + pad(fmt(c.meanDownlinkMCS), 7)
                + pad("\(c.downlinkRetransmissions)", 8) + fmt(c.downlinkFairness) + "\n"
        }
        if !s.flaggedUEs.isEmpty {
            out += "\nflagged UEs (never attached, or at least 50% of packets lost)\n"
            for f in shownFlagged {
                out += pad(f.ue, ueWidth) + pad(f.cell, cellWidth) + pad(f.direction ?? "-", 10) + pad(f.loss.map(pct) ?? "-", 9) + f.reason + "\n"
            }
            if s.flaggedUEs.count > 20 { out += "... \(s.flaggedUEs.count - 20) more in summary.json\n" }
        }
        if !s.slices.isEmpty {
            out += "\n" + pad("slice", sliceWidth) + pad("UEs", 6) + pad("DL Mbps", 10) + pad("UL Mbps", 10) + pad("DL p99 ms", 11)
                + pad("UL p99 ms", 11) + "target\n"
            for sl in s.slices {
                let target = sl.latencyTargetMs > 0 ? "\(fmt(sl.latencyTargetMs)) ms \(sl.latencyTargetMet == true ? "met" : "missed")" : "-"
                out += pad(sl.name, sliceWidth) + pad("\(sl.ues)", 6) + pad(fmt(sl.downlinkThroughputMbps), 10)
                    + pad(fmt(sl.uplinkThroughputMbps), 10) + pad(fmt(sl.downlinkLatency.p99Ms), 11)
                    + pad(fmt(sl.uplinkLatency.p99Ms), 11) + target + "\n"
            }
        }
        if !s.ntn.isEmpty {
            out += "\n" + pad("NTN cell", cellWidth) + pad("platform", 10) + pad("elev deg", 14) + pad("delay ms", 16)
                + pad("Doppler kHz", 13) + pad("SINR dB", 9) + "handovers\n"
            for n in s.ntn {
                out += pad(n.cell, cellWidth) + pad(n.platform, 10) + pad("\(fmt(n.elevationDegMin))-\(fmt(n.elevationDegMax))", 14)
                    + pad("\(fmt(n.oneWayDelayMsMin))-\(fmt(n.oneWayDelayMsMax))", 16) + pad(fmt(n.dopplerHzMaxAbs / 1000), 13)
                    + pad(fmt(n.sinrDbMean), 9) + "\(n.handovers)\n"
            }
        }
        if let policy = s.policy, let e = s.energy, let a = s.attainment, let actions = s.actions {
            let kinds = e.perKindJ.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.0f", $0.value)) J" }
            out += "\norchestrator  policy \(policy)  \(a.periods) periods  \(actions.count) actions"
                + (actions.refused > 0 ? " (\(actions.refused) refused)" : "")
                + (actions.externalTimeouts > 0 ? "  \(actions.externalTimeouts) unanswered" : "")
                + (actions.externalUnusable > 0 ? "  \(actions.externalUnusable) answers not usable" : "") + "\n"
            if let unreachable = actions.unreachablePeriods {
                out += "unreachable: " + unreachable.sorted { $0.key < $1.key }
                    .map { "\($0.key) \($0.value) period\($0.value == 1 ? "" : "s")" }.joined(separator: ", ") + "\n"
            }
            if let f = actions.fallback {
                out += "fallback: \(f.to) from period \(f.periodIndex) (" + String(format: "%.1f ms", f.timeMs) + "): \(f.reason)\n"
            }
            out += String(format: "energy %.1f J, %.1f W mean (", e.totalJ, e.averageW) + kinds.joined(separator: ", ")
                + String(format: "), %.0f bit/J\n", e.bitsPerJoule)
            if !a.perSlice.isEmpty {
                let slices = a.perSlice.sorted { $0.key < $1.key }.map { "\($0.key) \(pct($0.value))" }
                out += "latency targets met in \(pct(a.total)) of periods (" + slices.joined(separator: ", ") + ")\n"
            }
        }
        if s.clock == "realtime" {
            let late = s.processes.filter { $0.lateSlots > 0 }.map { "\($0.node) \($0.lateSlots)" }
            out += "\nlate slots: \(s.processes.reduce(0) { $0 + $1.lateSlots }) in total"
                + (late.isEmpty ? "" : " (" + late.joined(separator: ", ") + ")") + "\n"
        }
        if let f = s.failure {
            out += "\nfailure: \(f.reason)\n"
            for line in f.lastLogLines { out += "  | \(line)\n" }
        }
        out += "\nresults in \(folder)/\n"
        return out
    }

    /// A column's width: its longest entry and two spaces, or `atLeast`.
    static func width(of entries: [String], atLeast minimum: Int) -> Int {
        max(minimum, (entries.map(\.count).max() ?? 0) + 2)
    }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
    private func fmt(_ x: Double) -> String { String(format: x >= 100 ? "%.1f" : "%.2f", x) }
    private func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
}
