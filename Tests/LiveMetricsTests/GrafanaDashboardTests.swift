import Foundation
import Report
import XCTest
@testable import LiveMetrics

/// tools/grafana: the dashboard queries only families `b5g run` serves, the scrape config is
/// valid, and what is served passes Prometheus's own lint (`promtool`, when installed).
final class GrafanaDashboardTests: XCTestCase {
    private static let grafana = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tools/grafana")

    private func panels() throws -> [[String: Any]] {
        let data = try Data(contentsOf: Self.grafana.appendingPathComponent("b5g-dashboard.json"))
        let dashboard = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(dashboard["panels"] as? [[String: Any]])
    }

    func testEveryQueryUsesServedFamiliesAndEveryAskedForPanelIsThere() throws {
        let served = Set(MetricFamilies.all.map(\.fullName))
        var used: Set<String> = []
        for panel in try panels() {
            for target in panel["targets"] as? [[String: Any]] ?? [] {
                let expr = try XCTUnwrap(target["expr"] as? String)
                let names = expr.matches(of: /b5g_[a-z0-9_]+/).map { String($0.output) }
                XCTAssertFalse(names.isEmpty, expr)
                for name in names { XCTAssertTrue(served.contains(name), "\(panel["title"] ?? ""): \(name) is not served") }
                used.formUnion(names)
            }
        }
        let titles = try panels().compactMap { $0["title"] as? String }.joined(separator: "\n")
        for wanted in ["Cell throughput", "PRB utilisation", "MCS", "Latency p50 / p99", "Late slots", "CPU", "Power", "NTN elevation",
                       "NTN one-way delay"] {
            XCTAssertTrue(titles.contains(wanted), wanted)
        }
        let m = MetricFamilies.self
        for family in [m.cellDownlinkThroughput, m.cellPRBUtilization, m.cellMeanMCS, m.group.latencyP50, m.group.latencyP99,
                       m.nodeLateSlots, m.nodeCPU, m.power, m.ntnElevation, m.ntnDelay] {
            XCTAssertTrue(used.contains(family.fullName), family.fullName)
        }
    }

    /// Runs promtool with `arguments` and `input`; skips when it is not installed.
    private func promtool(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["promtool"] + arguments
        let out = Pipe(), inPipe = Pipe()
        p.standardOutput = out; p.standardError = out; p.standardInput = inPipe
        guard (try? p.run()) != nil else { throw XCTSkip("promtool is not installed") }
        inPipe.fileHandleForWriting.write(Data((input ?? "").utf8))
        try inPipe.fileHandleForWriting.close()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        if p.terminationStatus == 127 { throw XCTSkip("promtool is not installed") }
        return (p.terminationStatus, output)
    }

    func testScrapeConfigIsValid() throws {
        let r = try promtool(["check", "config", Self.grafana.appendingPathComponent("prometheus.yml").path])
        XCTAssertEqual(r.status, 0, r.output)
    }

    func testServedTextPassesPromtoolLint() throws {
        let metrics = RunMetrics(nodes: ["du1", "orch"], slotDurationS: 0.0005)
        var cell = CellSample(cell: "c1", timeMs: 100, dlMbps: 80, ulMbps: 4, dlPRBUtilization: 0.7, ulPRBUtilization: 0.5,
                              meanDLMCS: 20, harqRetransmissions: 3, queuedBytes: 100, connectedUEs: 6)
        cell.dlBits = 8_000_000; cell.ulBits = 400_000; cell.peakDLMbps = 151.6
        var du = NodeProgress(node: "du1", slot: 200, lateSlots: 1, cells: [cell],
                              ntn: [NTNSample(cell: "leo", timeMs: 100, platform: "sat", elevationDeg: 40, oneWayDelayMs: 5, dopplerHz: 0,
                                              pathLossDb: 150, sinrDb: 9, servedUEs: 2, handovers: 1)], rssKB: 1000)
        du.cpuSeconds = 0.1; du.messagesIn = 10; du.messagesOut = 10; du.refusedUnits = ["pastSlot": 1]
        metrics.record(du, role: "du")
        metrics.record(ProgressFixtures.orchestrator(ruPowerW: 400, actions: ["ruSleep": 1]), role: "orchestrator")
        for scope in [IntervalTraffic.Scope.cell, .group, .slice] {
            metrics.record(IntervalTraffic(scope: scope, name: "x", direction: .downlink, timeMs: 100, intervalMs: 100,
                                           receivedBytes: 1000, latencyP50Ms: 3, latencyP99Ms: 6))
        }
        let text = metrics.text()
        for family in MetricFamilies.all { XCTAssertTrue(text.contains("# TYPE \(family.fullName) "), "\(family.fullName) not filled") }
        let r = try promtool(["check", "metrics"], input: text)
        XCTAssertEqual(r.status, 0, r.output)
        XCTAssertEqual(r.output.trimmingCharacters(in: .whitespacesAndNewlines), "", "lint findings")
    }
}
