import Foundation
import Orchestrator
import Report
import XCTest
@testable import ReportHTML

/// Run folders written by hand, as the launcher writes them, and the pages made of them.
final class ReportPageTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "b5g-report-page-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    static func summary(status: RunSummary.Status = .ok, policy: String? = nil) -> RunSummary {
        var dl = RunSummary.Direction()
        dl.throughputMbps = 19.99
        dl.latency = LatencySummary(count: 100, meanMs: 3.3, p50Ms: 2.93, p95Ms: 6, p99Ms: 6.46, maxMs: 9.5)
        var ul = RunSummary.Direction()
        ul.throughputMbps = 0.97
        ul.loss = 0.015
        let cell = RunSummary.Cell(name: "cell1", du: "du1", ru: "ru1", downlinkThroughputMbps: 80.18, uplinkThroughputMbps: 4.5,
                                   expectedPeakDownlinkMbps: 151.6, downlinkPRBUtilization: 0.731, uplinkPRBUtilization: 0.6,
                                   meanDownlinkMCS: 20.84, downlinkTransmissions: 100, downlinkRetransmissions: 9, uplinkTransmissions: 10,
                                   uplinkRetransmissions: 1, harqFailures: 0, uplinkHARQFailures: 0, queueDrops: 0,
                                   downlinkLatency: dl.latency, uplinkLatency: ul.latency, downlinkFairness: 1)
        let process = RunSummary.Process(node: "du1", role: "du", vendor: "globex", pid: 42, exitStatus: 0, complete: true,
                                         cpuSeconds: 0.318, slotsRun: 4000, lateSlots: 0, messagesIn: 16250, messagesOut: 7581,
                                         bytesIn: 1_810_000, bytesOut: 1_450_000, decodeErrors: 0)
        var s = RunSummary(scenario: "quickstart", seed: 1, clock: "virtual", numerology: 1, status: status, emulatedDurationMs: 2000,
                           emulatedReachedMs: 2000, slots: 4000, wallDurationS: 1.1, wallRealTimeFactor: 1.8,
                           ues: [RunSummary.UE(id: 1, name: "phones-0", group: "phones", cell: "cell1", downlink: dl, uplink: ul)],
                           cells: [cell], processes: [process], captureRecords: 0, captureRecordsSkipped: 0, failure: nil)
        s.policy = policy
        if policy != nil { s.energy = RunSummary.Energy(); s.attainment = RunSummary.Attainment(); s.actions = RunSummary.Actions() }
        return s
    }

    /// A run folder with summary.json, timeseries.csv and one latency histogram.
    private func writeRun(_ folder: String, summary: RunSummary = summary()) throws {
        try FileManager.default.createDirectory(atPath: "\(folder)/latency", withIntermediateDirectories: true)
        try JSONEncoder().encode(summary).write(to: URL(fileURLWithPath: "\(folder)/summary.json"))
        var csv = "time_ms,cell,dl_mbps,ul_mbps,dl_prb_util,ul_prb_util,mean_dl_mcs,harq_retx,queued_bytes,connected_ues\n"
        for i in 1...20 { csv += "\(Double(i) * 100),cell1,\(70 + i),\(4 + i % 3),0.8,0.6,20.5,3,\(4000 + 100 * i),6\n" }
        try csv.write(toFile: "\(folder)/timeseries.csv", atomically: true, encoding: .utf8)
        try PercentileDistributionTests.hgrm.write(toFile: "\(folder)/latency/phones-downlink.hgrm", atomically: true, encoding: .utf8)
    }

    private func page(_ folder: String) throws -> String { RunReportPage(run: try RunFolderData.load(folder: folder)).html() }

    func testQuickstartLikeRunHasItsTablesAndChartsAndNothingElse() throws {
        try writeRun(root)
        let html = try page(root)
        for expected in ["<h1>Run quickstart</h1>", "phones-0", "cell1", "globex", "Downlink throughput", "Queued downlink bytes",
                         "Downlink latency CDF", "phones (12\u{2009}799 packets)", "CPU time per node", "No late slots"] {
            XCTAssertTrue(html.contains(expected), expected)
        }
        XCTAssertTrue(html.contains("<td class=\"num bad\">1.5%</td>"), "uplink loss over 1 % is marked")
        // Sections without data are left out, with their links.
        for absent in ["Slices", "NTN", "Energy and orchestrator actions", "Orchestrator actions", "Uplink latency CDF",
                       "href=\"#energy\"", "Connected UEs", "Late slots per node", "class=\"failure\""] {
            XCTAssertFalse(html.contains(absent), absent)
        }
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 8, "6 cell charts, 1 latency, 1 CPU")
        Self.assertSelfContained(html)
    }

    func testEnergyAndActionsWhenTheRunHasThem() throws {
        try writeRun(root, summary: Self.summary(policy: "latency-power"))
        var power = "period,time_ms,node,kind,power_w,energy_j\n"
        for p in 0..<10 {
            power += "\(p),\(Double(p + 1) * 100),ru1,ru,\(p < 5 ? 115.0 : 10.0),1\n\(p),\(Double(p + 1) * 100),srv1,server,240,24\n"
        }
        try power.write(toFile: "\(root)/power.csv", atomically: true, encoding: .utf8)
        try """
            id,period,slot,node,type,detail,reason,accepted,refusal,applied_slot
            1,4,1000,ru1,ruSleep,"{""depth"":3}","RU ru1 idle: sleep <sm3>, saves 105 W",true,,1000
            2,5,1200,du1,migrate,{},no room,false,server srv2 is off,

            """.write(toFile: "\(root)/actions.csv", atomically: true, encoding: .utf8)
        let html = try page(root)
        for expected in ["Energy and orchestrator actions", "Power by kind", "Power per RU and server", "Orchestrator actions by node",
                         "RU ru1 idle: sleep &lt;sm3&gt;, saves 105 W", "server srv2 is off", ">ruSleep</text>", "2 rows — Actions"] {
            XCTAssertTrue(html.contains(expected), expected)
        }
        // Slot 1000 at numerology 1 is 0.5 s.
        XCTAssertTrue(html.contains("#1 t=0.500 s ru1 ruSleep"))
        Self.assertSelfContained(html)
    }

    func testNTNTimelineWithAHandover() throws {
        try writeRun(root)
        var ntn = "time_ms,cell,platform,elevation_deg,one_way_delay_ms,doppler_hz,path_loss_db,sinr_db,served_ues,handovers\n"
        for i in 1...20 {
            let platform = i <= 12 ? "leo#222" : "leo#223"
            ntn += "\(Double(i) * 100 - 1),sat,\(platform),\(20 + i),\(4.5 - Double(i) * 0.01),\(22000 - 500 * i),157,14,4,\(i <= 12 ? 0 : 1)\n"
        }
        try ntn.write(toFile: "\(root)/ntn_timeseries.csv", atomically: true, encoding: .utf8)
        let run = try RunFolderData.load(folder: root)
        XCTAssertEqual(RunReportPage.handovers(run.ntn), [RunReportPage.Handover(timeS: 1.299, cell: "sat", from: "leo#222", to: "leo#223")])
        let spans = RunReportPage.servingSpans(run.ntn)
        XCTAssertEqual(spans.map(\.platform), ["leo#222", "leo#223"])
        XCTAssertEqual(spans[0].elevationDeg, 21...32)
        let html = RunReportPage(run: run).html()
        for expected in ["NTN: elevation, delay and handovers", "Elevation of the serving platform", "One-way delay", "Doppler shift",
                         "sat: leo#222 → leo#223 at 1.3 s", "Serving platforms", ">handover</text>",
                         "Serving platform and handovers", "<title>leo#223 1.3–2.0 s</title>"] {
            XCTAssertTrue(html.contains(expected), expected)
        }
        XCTAssertFalse(html.contains("No handover in this run"))
    }

    func testFailedRunShowsItsFailureWithoutEmptyTables() throws {
        var s = Self.summary(status: .nodeFailed)
        s.ues = []
        s.cells = []
        s.failure = RunSummary.Failure(node: "du1", exitStatus: 6, reason: "du1 exited", lastLogLines: ["fatal: <boom>"])
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try JSONEncoder().encode(s).write(to: URL(fileURLWithPath: "\(root)/summary.json"))
        let html = try page(root)
        XCTAssertTrue(html.contains("class=\"failure\""))
        XCTAssertTrue(html.contains("node du1, exit status 6: du1 exited"))
        XCTAssertTrue(html.contains("fatal: &lt;boom&gt;"))
        XCTAssertTrue(html.contains("<dd class=\"bad\">nodeFailed</dd>"))
        for absent in ["<caption>UEs</caption>", "<caption>Cells</caption>", "Cells over time", "Latency"] {
            XCTAssertFalse(html.contains(absent), absent)
        }
    }

    func testComparisonFolderShowsPoliciesSideBySide() throws {
        for (policy, watts) in [("static", 1700.0), ("latency-power", 600.0)] {
            let folder = "\(root)/\(policy)-seed1"
            try writeRun(folder, summary: Self.summary(policy: policy))
            var power = "period,time_ms,node,kind,power_w,energy_j\n"
            for p in 0..<10 { power += "\(p),\(Double(p + 1) * 100),srv1,server,\(watts),1\n" }
            try power.write(toFile: "\(folder)/power.csv", atomically: true, encoding: .utf8)
        }
        let table = ComparisonTable(rows: [
            ComparisonRow(policy: "static", seed: 1, latencyAttainment: 1, p99BySliceMs: ["urllc": 2.5], throughputMbps: 201,
                          energyJ: 21020, bitsPerJoule: 114_724, actions: 0),
            ComparisonRow(policy: "latency-power", seed: 1, latencyAttainment: 0.95, p99BySliceMs: ["urllc": 2.5], throughputMbps: 200.7,
                          energyJ: 8521, bitsPerJoule: 282_637, actions: 21),
        ]).withEnergySavings(against: "static")
        try table.renderJSON().write(toFile: "\(root)/compare.json", atomically: true, encoding: .utf8)

        XCTAssertEqual(try HTMLReport.kind(of: root), .comparison)
        let path = try HTMLReport.write(folder: root)
        XCTAssertEqual(path, "\(root)/report.html")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        for expected in ["Policy comparison: quickstart", "href=\"static-seed1/report.html\"", "href=\"latency-power-seed1/report.html\"",
                         "59.5%", "<td class=\"num bad\">95.0%</td>", "Total power", "Energy efficiency", "Worst period p99, slice urllc",
                         "phones downlink latency CDF"] {
            XCTAssertTrue(html.contains(expected), expected)
        }
        for policy in ["static", "latency-power"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(root)/\(policy)-seed1/report.html"), "each run's own report")
        }
        Self.assertSelfContained(html)
    }

    func testAFolderWithoutResultsIsRefused() {
        XCTAssertThrowsError(try HTMLReport.write(folder: root)) { error in
            XCTAssertEqual(error as? HTMLReportError, .notAResultFolder(root))
        }
        try? "{".write(toFile: "\(root)/summary.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try HTMLReport.write(folder: root)) { error in
            guard case .unreadable = error as? HTMLReportError else { return XCTFail("\(error)") }
        }
    }

    /// No script and nothing the browser would fetch: the page opens offline as it is.
    static func assertSelfContained(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        for forbidden in ["<script", "src=", "<link", "@import", "url(", "http://", "https://", "<iframe", "<object"] {
            XCTAssertFalse(html.lowercased().contains(forbidden), "the report holds \(forbidden)", file: file, line: line)
        }
    }
}
