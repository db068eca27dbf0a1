import Foundation
import XCTest

/// `--set` on run and validate, and `b5g sweep`, with the real binary.
final class OverrideSweepRunTests: XCTestCase {
    private var quickstart: String { B5G.repositoryRoot.appendingPathComponent("Scenarios/quickstart.yaml").path }

    func testSetChangesWhatRunsInSeparateProcessesAndIsRecorded() throws {
        let dir = B5G.temporaryDirectory("set-run")
        let r = try B5G.run(["run", quickstart, "--out", "\(dir)/run", "--quiet",
                             "--set", "duration=200ms", "--set", "ueGroups.phones.count=2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let s = try B5G.summary("\(dir)/run")
        XCTAssertEqual(s["emulatedDurationMs"] as? Double, 200)
        let ues = try XCTUnwrap(s["ues"] as? [[String: Any]])
        // Two phones and the two sensors: the node processes ran the overridden scenario.
        XCTAssertEqual(ues.compactMap { $0["group"] as? String }.sorted(), ["phones", "phones", "sensors", "sensors"])
        let recorded = try String(contentsOfFile: "\(dir)/run/scenario.yaml", encoding: .utf8)
        XCTAssertTrue(recorded.contains("duration: 200ms"), recorded)
    }

    func testValidateWithSetAndItsErrors() throws {
        let ok = try B5G.run(["validate", quickstart, "--set", "ueGroups.phones.count=40"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.contains("42 UEs"), ok.stdout)

        let bad = try B5G.run(["validate", quickstart, "--set", "ueGroups.phones.count=abc"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--set ueGroups.phones.count=abc: error: ueGroups[0].count: expected an integer, found 'abc'"),
                      bad.stderr)

        let unknown = try B5G.run(["run", quickstart, "--set", "ueGroups.phonez.count=4", "--out", "\(B5G.temporaryDirectory("set-bad"))/run"])
        XCTAssertEqual(unknown.status, 2, "nothing starts")
        XCTAssertTrue(unknown.stderr.contains("no entry named 'phonez' (did you mean 'phones'?)"), unknown.stderr)
    }

    func testCompareRunsEveryPolicyOnTheOverriddenScenario() throws {
        let dir = B5G.temporaryDirectory("set-compare")
        let scenario = B5G.repositoryRoot.appendingPathComponent("Scenarios/diurnal-load.yaml").path
        let r = try B5G.run(["compare", scenario, "--policies", "static,threshold", "--set", "duration=1s",
                             "--in-process", "--out", dir], timeoutS: 300)
        XCTAssertEqual(r.status, 0, r.stderr)
        for policy in ["static", "threshold"] {
            let s = try B5G.summary("\(dir)/\(policy)-seed1")
            XCTAssertEqual(s["emulatedDurationMs"] as? Double, 1000, policy)
            XCTAssertEqual(s["policy"] as? String, policy)
            let recorded = try String(contentsOfFile: "\(dir)/\(policy)-seed1/scenario.yaml", encoding: .utf8)
            XCTAssertTrue(recorded.contains("duration: 1s"), policy)
        }
        let bad = try B5G.run(["compare", scenario, "--set", "orchestrator.policy=fastest", "--out", dir])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.hasPrefix("--set orchestrator.policy=fastest: error: orchestrator.policy:"), bad.stderr)
    }

    /// `--realtime-priority` reaches every node of every run of a sweep (each node's log says
    /// which priority it got), and is refused with `--in-process` by sweep and compare alike.
    func testRealTimePriorityReachesTheNodesOfEverySweepRun() throws {
        let dir = B5G.temporaryDirectory("sweep-priority")
        let r = try B5G.run(["sweep", quickstart, "--set", "duration=200ms", "--set", "ueGroups.phones.count=1,2",
                             "--realtime-priority", "--out", dir], timeoutS: 300)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        for run in ["run-1", "run-2"] {
            let log = try String(contentsOfFile: "\(dir)/\(run)/logs/du1.log", encoding: .utf8)
            XCTAssertTrue(log.contains("virtual time under real-time priority") || log.contains("real-time priority not granted"), log)
        }
        for command in ["sweep", "compare"] {
            let refused = try B5G.run([command, quickstart, "--realtime-priority", "--in-process", "--out", "\(dir)/refused"])
            XCTAssertEqual(refused.status, 64, refused.stderr)
            XCTAssertTrue(refused.stderr.contains("--realtime-priority applies to separate processes"), refused.stderr)
        }
    }

    func testSweepWritesOneRowPerRunAndAReport() throws {
        let dir = B5G.temporaryDirectory("sweep")
        let r = try B5G.run(["sweep", quickstart, "--set", "duration=200ms", "--set", "ueGroups.phones.count=1,3",
                             "--in-process", "--out", dir], timeoutS: 300)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let csv = try String(contentsOfFile: "\(dir)/sweep.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(lines.count, 3, csv)
        let header = lines[0]
        XCTAssertEqual(Array(header.prefix(5)), ["duration", "ueGroups.phones.count", "seed", "status", "folder"])
        let count = try XCTUnwrap(header.firstIndex(of: "ueGroups.phones.count"))
        let dl = try XCTUnwrap(header.firstIndex(of: "dl_mbps"))
        let rows = lines.dropFirst().sorted { $0[count] < $1[count] }
        XCTAssertEqual(rows.map { $0[count] }, ["1", "3"])
        XCTAssertEqual(rows.map { $0[header.firstIndex(of: "status")!] }, ["ok", "ok"])
        // Three phones at 20 Mbps each carry more than one.
        let one = try XCTUnwrap(Double(rows[0][dl])), three = try XCTUnwrap(Double(rows[1][dl]))
        XCTAssertGreaterThan(three, 2 * one, csv)
        for row in rows {
            let folder = row[header.firstIndex(of: "folder")!]
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/\(folder)/summary.json"), folder)
        }
        let html = try String(contentsOfFile: "\(dir)/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<svg"), "KPI charts")
        XCTAssertTrue(html.contains("Downlink throughput, all cells"))
        XCTAssertTrue(html.contains("run-1/report.html"))

        // `b5g report` writes the sweep's page again from sweep.json.
        try FileManager.default.removeItem(atPath: "\(dir)/report.html")
        let again = try B5G.run(["report", dir])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try String(contentsOfFile: "\(dir)/report.html", encoding: .utf8), html)
    }

    func testSweepRowsSayWhichRunFailedAndABadValueStopsEverything() throws {
        let dir = B5G.temporaryDirectory("sweep-fail")
        // globex, the DU's vendor, holds at most 256 UE contexts: 300 phones fail F1 Setup.
        let r = try B5G.run(["sweep", quickstart, "--set", "duration=200ms", "--set", "ueGroups.phones.count=4,300",
                             "--in-process", "--out", "\(dir)/s"], timeoutS: 300)
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        let csv = try String(contentsOfFile: "\(dir)/s/sweep.csv", encoding: .utf8)
        let statuses = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[3] }
        XCTAssertEqual(statuses, ["ok", "setupFailed"], csv)

        let bad = try B5G.run(["sweep", quickstart, "--set", "ueGroups.phones.count=4,abc", "--out", "\(dir)/bad"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--set ueGroups.phones.count=abc: error:"), bad.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/bad"), "nothing starts")
    }

    func testSweptSeedsFillTheSeedColumn() throws {
        let dir = B5G.temporaryDirectory("sweep-seed")
        let r = try B5G.run(["sweep", quickstart, "--set", "duration=100ms", "--set", "seed=3,8", "--in-process", "--out", dir],
                            timeoutS: 300)
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let csv = try String(contentsOfFile: "\(dir)/sweep.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(Array(lines[0].prefix(3)), ["duration", "seed", "status"])
        XCTAssertEqual(lines.dropFirst().map { $0[1] }.sorted(), ["3", "8"])
        let s = try B5G.summary("\(dir)/\(lines[1][3])")
        XCTAssertEqual(s["seed"] as? Int, Int(lines[1][1]), "the run used its row's seed")

        let both = try B5G.run(["sweep", quickstart, "--set", "seed=3,8", "--seeds", "2", "--out", "\(dir)/both"])
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("either with --set seed=... or with --seeds"), both.stderr)
    }
}
