import Foundation
import XCTest

/// Throughput, loss and fairness over the measurement window, checked against what the radio
/// can carry: no cell above its TS 38.214 peak, no UE above what its source offered.
///
/// Allowances: a cell may exceed its peak by 1% (an SDU whose first segments went out before
/// the window opened counts whole when it completes inside it). A UE may exceed its offered
/// rate by 2% plus the burst of its backlog at the end of the warm-up: the bytes queued then
/// (at most its RLC buffer) are delivered inside the window though created before it. The
/// burst is bounded here by 0.3 Mbps over a window of at least 200 ms (7.5 kB), more than the
/// backlog of a UE the scheduler keeps up with; saturated UEs are held by the cell check.
final class KPIWindowRunTests: XCTestCase {
    static let cellAllowance = 1.01
    static let ueAllowance = 1.02
    static let ueBurstMbps = 0.3

    /// A bundled scenario shortened to `duration` with a `warmup`, run in one process.
    static func runBundled(_ bundled: String, duration: String, warmup: String) throws -> [String: Any] {
        let dir = B5G.temporaryDirectory("kpi-\(bundled)")
        var text = try String(contentsOf: B5G.repositoryRoot.appendingPathComponent("Scenarios/\(bundled)"), encoding: .utf8)
        text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("duration:") ? "duration: \(duration)\nwarmup: \(warmup)" : String(line)
        }.joined(separator: "\n")
        try text.write(toFile: "\(dir)/\(bundled)", atomically: true, encoding: .utf8)
        let r = try B5G.run(["run", "\(dir)/\(bundled)", "--out", "\(dir)/run", "--quiet", "--in-process"], timeoutS: 600)
        XCTAssertEqual(r.status, 0, "\(bundled): " + r.stdout + r.stderr)
        return try B5G.summary("\(dir)/run")
    }

    /// Checks the invariants of one summary; returns how many cells had a peak to check against.
    @discardableResult
    func assertWithinCapacity(_ summary: [String: Any], _ label: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
        var checkedCells = 0
        for cell in summary["cells"] as? [[String: Any]] ?? [] {
            let name = cell["name"] as? String ?? "?"
            let measured = cell["downlinkThroughputMbps"] as? Double ?? -1
            let peak = cell["expectedPeakDownlinkMbps"] as? Double ?? 0
            guard peak > 0 else { continue }
            checkedCells += 1
            XCTAssertLessThanOrEqual(measured, peak * Self.cellAllowance,
                                     "\(label): cell \(name) carries \(measured) Mbps of downlink, above its TS 38.214 peak \(peak) Mbps",
                                     file: file, line: line)
        }
        for ue in summary["ues"] as? [[String: Any]] ?? [] {
            let name = ue["name"] as? String ?? "?"
            for direction in ["downlink", "uplink"] {
                let d = ue[direction] as? [String: Any] ?? [:]
                let measured = d["throughputMbps"] as? Double ?? -1, offered = d["offeredMbps"] as? Double ?? -1
                XCTAssertGreaterThanOrEqual(measured, 0, "\(label): \(name) \(direction) has no throughput", file: file, line: line)
                XCTAssertLessThanOrEqual(measured, offered * Self.ueAllowance + Self.ueBurstMbps,
                                         "\(label): \(name) \(direction) measured \(measured) Mbps, offered \(offered) Mbps",
                                         file: file, line: line)
                let loss = d["loss"] as? Double ?? -1
                XCTAssertTrue((0...1).contains(loss), "\(label): \(name) \(direction) loss \(loss)", file: file, line: line)
                // Every packet received was sent once: a block delivered twice is a duplicate PDCP drops.
                let sent = d["sentPackets"] as? Int ?? -1, received = d["receivedPackets"] as? Int ?? -1
                XCTAssertLessThanOrEqual(received, sent, "\(label): \(name) \(direction) received more packets than were sent",
                                         file: file, line: line)
            }
        }
        return checkedCells
    }

    func testBundledScenariosStayWithinCellPeakAndOfferedRate() throws {
        var checkedCells = 0
        for bundled in ["quickstart.yaml", "dense-urban.yaml", "slicing.yaml", "haps-rural.yaml", "geo-backhaul.yaml",
                        "night-consolidation.yaml", "diurnal-load.yaml"] {
            let summary = try Self.runBundled(bundled, duration: "600ms", warmup: "100ms")
            let window = try XCTUnwrap(summary["measurementWindow"] as? [String: Any], bundled)
            XCTAssertEqual(window["startMs"] as? Double, 100, bundled)
            XCTAssertGreaterThanOrEqual(window["lengthMs"] as? Double ?? 0, 200, bundled)
            checkedCells += assertWithinCapacity(summary, bundled)
            // The DU measures the PUSCH SINR of every uplink block: a UE that sent uplink data has one.
            for ue in summary["ues"] as? [[String: Any]] ?? [] {
                let ul = ue["uplink"] as? [String: Any] ?? [:]
                guard (ul["receivedPackets"] as? Int ?? 0) > 0 else { continue }
                XCTAssertNotEqual(ul["meanSINRDb"] as? Double ?? 0, 0, "\(bundled): \(ue["name"] ?? "?") uplink SINR")
            }
        }
        XCTAssertGreaterThan(checkedCells, 10, "the invariant must have cells with a TS 38.214 peak to check")
    }

    /// Six UEs asking 20 Mbps each of a one-port 52-PRB cell at 15 kHz (10 MHz, 51.2 Mbps peak): the cell is
    /// the bottleneck, so it runs near its peak and never above it, and the UEs' loss follows.
    func testOverloadedSmallCellStaysUnderItsPeak() throws {
        let yaml = RadioRunTests.scenario(
            name: "overload", duration: "1s",
            cell: "prbs: 52, duplex: fdd, scheduler: maxrate, shadowing: false, antennaPorts: 1",
            groups: """
              - { name: ue, count: 6, cell: cell1, placement: { kind: ring, radiusM: 60 }, downlink: { kind: cbr, rateMbps: 20, packetBytes: 1400 } }
              - { name: edge, count: 1, cell: cell1, placement: { kind: ring, radiusM: 700 }, downlink: { kind: cbr, rateMbps: 20, packetBytes: 1400 } }
            """)
            .replacingOccurrences(of: "duration: 1s", with: "duration: 1s\nwarmup: 200ms")
            .replacingOccurrences(of: "numerology: 1", with: "numerology: 0")
        let dir = B5G.temporaryDirectory("kpi-overload")
        try yaml.write(toFile: "\(dir)/s.yaml", atomically: true, encoding: .utf8)
        let r = try B5G.run(["run", "\(dir)/s.yaml", "--out", "\(dir)/run", "--quiet", "--in-process"], timeoutS: 300)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let summary = try B5G.summary("\(dir)/run")
        XCTAssertEqual(assertWithinCapacity(summary, "overload"), 1)
        let cell = try XCTUnwrap((summary["cells"] as? [[String: Any]])?.first)
        let peak = try XCTUnwrap(cell["expectedPeakDownlinkMbps"] as? Double)
        let measured = try XCTUnwrap(cell["downlinkThroughputMbps"] as? Double)
        XCTAssertEqual(peak, 51.2, accuracy: 0.1, "a 52-PRB cell at 15 kHz")
        XCTAssertGreaterThan(measured, 0.6 * peak, "the overloaded cell is busy: \(measured) of \(peak) Mbps")
        // Max rate serves the six near UEs; the edge UE is starved, and fairness shows it.
        XCTAssertLessThan(cell["downlinkFairness"] as? Double ?? 1, 0.95, "one UE starves")
        // 140 Mbps offered through about 50: more than half of the packets due are lost overall.
        let ues = try XCTUnwrap(summary["ues"] as? [[String: Any]])
        let due = ues.reduce(0) { $0 + ((($1["downlink"] as? [String: Any])?["windowSentPackets"] as? Int) ?? 0) }
        let delivered = ues.reduce(0) { $0 + ((($1["downlink"] as? [String: Any])?["windowDeliveredPackets"] as? Int) ?? 0) }
        XCTAssertGreaterThan(due, 0)
        XCTAssertLessThan(Double(delivered), 0.6 * Double(due), "delivered \(delivered) of \(due) packets due")
        // Every UE lost more than half its downlink: each is flagged, with the DU's queue drops.
        let flagged = try XCTUnwrap(summary["flaggedUEs"] as? [[String: Any]])
        XCTAssertEqual(Set(flagged.compactMap { $0["ue"] as? String }), Set(ues.compactMap { $0["name"] as? String }))
        XCTAssertTrue(flagged.allSatisfy { ($0["reason"] as? String ?? "").contains("queue drops") }, "\(flagged)")
        XCTAssertTrue(r.stdout.contains("flagged UEs"), r.stdout)
    }
}

/// The orchestrator's view of downlink latency (the DU's E2 reports, measured at delivery)
/// agrees with the latency the UEs measured over the run.
final class E2LatencyAgreementRunTests: XCTestCase {
    func testOrchestratorLatencyAgreesWithTheUEsMeasurements() throws {
        let summary = try KPIWindowRunTests.runBundled("night-consolidation.yaml", duration: "1s", warmup: "0s")
        let worst = try XCTUnwrap((summary["attainment"] as? [String: Any])?["worstP99Ms"] as? [String: Double])
        var compared = 0
        for slice in summary["slices"] as? [[String: Any]] ?? [] {
            let name = slice["name"] as? String ?? "?"
            let dl = slice["downlinkLatency"] as? [String: Any] ?? [:]
            guard (dl["count"] as? Int ?? 0) > 100, let periodWorst = worst[name] else { continue }
            let p99 = dl["p99Ms"] as? Double ?? 0, max = dl["maxMs"] as? Double ?? 0
            // If no period had more than 1% of its samples above x, neither has the whole run:
            // the run's p99 is at most the worst period's p99 (2% for histogram buckets) ...
            XCTAssertLessThanOrEqual(p99, periodWorst * 1.02 + 0.01, "\(name): run p99 \(p99) ms, worst period p99 \(periodWorst) ms")
            // ... and no period's p99 exceeds the longest latency any UE measured.
            XCTAssertLessThanOrEqual(periodWorst, max * 1.02 + 0.01, "\(name): worst period p99 \(periodWorst) ms, run max \(max) ms")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 0, "slices with downlink traffic to compare")
    }
}
