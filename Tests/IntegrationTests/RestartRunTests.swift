import Foundation
import XCTest

/// The bundled du-restart scenario: the DU is killed 800 ms into the run and a new one starts
/// 300 ms later. The run goes on, the UEs lose their cell and attach again, and the outage shows
/// in the summary and the time series; a separate-process run kills a real process and gives
/// the same results as a run in one process.
final class RestartRunTests: XCTestCase {
    func testOutageAndRecoveryShowInTheResults() throws {
        let dir = B5G.temporaryDirectory("restart")
        let (summary, processes) = try B5G.runBundledInProcess("du-restart.yaml", in: dir)
        let restarts = try XCTUnwrap(processes["du1"]?["restarts"] as? [[String: Any]])
        XCTAssertEqual(restarts.count, 1)
        XCTAssertEqual(restarts.first?["killedAtMs"] as? Double, 800)
        XCTAssertEqual(restarts.first?["backAtMs"] as? Double, 1100)
        let lost = try XCTUnwrap(restarts.first?["lost"] as? [String: Int])
        XCTAssertGreaterThan(lost["harqBlocks"] ?? 0, 0, "blocks in flight die with the DU")
        XCTAssertEqual(processes["du1"]?["complete"] as? Bool, true, "the new DU ran to the end")
        XCTAssertEqual(processes["du1"]?["slotsRun"] as? Int, 4000)
        XCTAssertNil(processes["cu1"]?["restarts"])
        XCTAssertGreaterThan((processes["cu1"]?["impairedUnits"] as? [String: Int])?["lostToRestart"] ?? 0, 0,
                            "F1 downlink for the dead DU is lost")
        let ues = try XCTUnwrap(summary["ues"] as? [[String: Any]])
        XCTAssertEqual(ues.count, 6)
        for ue in ues {
            XCTAssertEqual(ue["radioLinkFailures"] as? Int, 1, "\(ue["name"] ?? "")")
            XCTAssertEqual(ue["attached"] as? Bool, true, "\(ue["name"] ?? "") attached again")
            let loss = try XCTUnwrap((ue["downlink"] as? [String: Any])?["loss"] as? Double)
            XCTAssertGreaterThan(loss, 0.1, "a 300 ms outage and the time to attach again lose packets")
            if (ue["name"] as? String ?? "").hasPrefix("phones") {
                XCTAssertGreaterThan((ue["uplink"] as? [String: Any])?["queueDrops"] as? Int ?? 0, 0,
                                     "the UE's uplink RLC queue is re-established at the radio link failure")
            }
        }
        // Per-UE series: the phones get data before the kill, nothing while the DU is down, and
        // data again once attached.
        let csv = try String(contentsOfFile: "\(dir)/run/ue-timeseries.csv", encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        for phone in ["phones-0", "phones-3"] {
            func dl(_ ms: Double) throws -> Double {
                try XCTUnwrap(rows.first { $0[1] == phone && Double($0[0]) == ms }.flatMap { Double($0[3]) }, "\(phone) \(ms)")
            }
            XCTAssertGreaterThan(try dl(700), 10)
            XCTAssertEqual(try dl(1000), 0)
            XCTAssertEqual(try dl(1100), 0)
            XCTAssertGreaterThan(try dl(1500), 10, "\(phone) recovered")
        }
        // The cell's series has a row of zeros for each 100 ms the DU was down.
        let cells = try String(contentsOfFile: "\(dir)/run/timeseries.csv", encoding: .utf8)
        let cellRows = cells.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        for ms in [900.0, 1000, 1100] {
            let row = try XCTUnwrap(cellRows.first { Double($0[0]) == ms }, "\(ms)")
            XCTAssertEqual(Double(row[2]), 0, "no downlink at \(ms) ms")
        }
        XCTAssertGreaterThan(Double(cellRows.first { Double($0[0]) == 1500 }?[2] ?? "") ?? 0, 50)
    }

    func testARealKillGivesTheSameResultsAsOneProcess() throws {
        let dir = B5G.temporaryDirectory("restart-modes")
        let path = try B5G.scenario("du-restart.yaml", in: dir, replacing: ["duration": "1400ms"])
        let separate = try B5G.run(["run", path, "--quiet", "--out", "\(dir)/separate"])
        XCTAssertEqual(separate.status, 0, separate.stderr)
        let single = try B5G.run(["run", path, "--in-process", "--quiet", "--out", "\(dir)/single"])
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertEqual(try Self.comparable("\(dir)/separate"), try Self.comparable("\(dir)/single"))
        let du = try XCTUnwrap((try B5G.summary("\(dir)/separate")["processes"] as? [[String: Any]])?.first { $0["node"] as? String == "du1" })
        let killed = try XCTUnwrap((du["restarts"] as? [[String: Any]])?.first?["killedPid"] as? Int)
        let last = try XCTUnwrap(du["pid"] as? Int)
        XCTAssertNotEqual(killed, last, "a new process took the killed one's place")
        XCTAssertEqual(du["exitStatus"] as? Int, 0)
        let log = try String(contentsOfFile: "\(dir)/separate/logs/du1.log", encoding: .utf8)
        XCTAssertTrue(log.contains("waiting to be killed") && log.contains("started again after a restart fault"), log)
    }

    /// An RU killed and started again: its DU sets up its fronthaul again, the cell's UEs lose it
    /// and attach again through the DU that kept their contexts; the same in both modes.
    func testAnRUStartedAgainGetsItsFronthaulBackAndItsUEsAttachAgain() throws {
        let dir = B5G.temporaryDirectory("ru-restart")
        let path = try B5G.scenario("du-restart.yaml", in: dir, replacing: ["duration": "1400ms"])
        let yaml = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "node: du1, action: restart", with: "node: ru1, action: restart")
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        for mode in [["--in-process"], []] {
            let out = "\(dir)/run\(mode.count)"
            let r = try B5G.run(["run", path, "--quiet", "--out", out] + mode)
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        XCTAssertEqual(try Self.comparable("\(dir)/run0"), try Self.comparable("\(dir)/run1"))
        let summary = try B5G.summary("\(dir)/run1")
        let processes = Dictionary(uniqueKeysWithValues: (summary["processes"] as? [[String: Any]] ?? []).map { ($0["node"] as? String ?? "", $0) })
        XCTAssertEqual((processes["ru1"]?["restarts"] as? [[String: Any]])?.count, 1)
        XCTAssertEqual(processes["ru1"]?["complete"] as? Bool, true)
        XCTAssertNil(processes["du1"]?["restarts"])
        for ue in try XCTUnwrap(summary["ues"] as? [[String: Any]]) {
            XCTAssertEqual(ue["radioLinkFailures"] as? Int, 1, "\(ue["name"] ?? "")")
            XCTAssertEqual(ue["attached"] as? Bool, true, "\(ue["name"] ?? "") attached again")
            let dl = try XCTUnwrap(ue["downlink"] as? [String: Any])
            XCTAssertLessThanOrEqual(dl["receivedPackets"] as? Int ?? 0, dl["sentPackets"] as? Int ?? 0)
        }
    }

    /// With an orchestrator, the killed DU is unreachable until its new E2 reports arrive, and
    /// reachable again after.
    func testTheOrchestratorSeesTheRestartedDUAsUnreachable() throws {
        let dir = B5G.temporaryDirectory("restart-orchestrated")
        let path = try B5G.scenario("night-consolidation.yaml", in: dir)
        let yaml = try String(contentsOfFile: path, encoding: .utf8)
            + "faults:\n  - { at: 1000ms, duration: 300ms, node: du1, action: restart }\n"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try B5G.run(["run", path, "--in-process", "--quiet", "--out", "\(dir)/run"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let summary = try B5G.summary("\(dir)/run")
        let actions = try XCTUnwrap(summary["actions"] as? [String: Any])
        let unreachable = try XCTUnwrap(actions["unreachablePeriods"] as? [String: Int])
        XCTAssertEqual(Set(unreachable.keys), ["du1"])
        // Periods of 100 ms: the one the kill falls in through the first after the new DU reports.
        XCTAssertTrue((3...4).contains(unreachable["du1"] ?? 0), "\(unreachable)")
    }

    /// The summary without wall-clock and OS figures (pids, CPU, memory).
    static func comparable(_ folder: String) throws -> String {
        var s = try B5G.summary(folder)
        s["wallDurationS"] = nil; s["wallRealTimeFactor"] = nil
        s["processes"] = (s["processes"] as? [[String: Any]])?.map { p in
            var p = p
            for key in ["pid", "cpuSeconds", "rssAfterWarmupKB", "rssMaxKB", "rssEndKB"] { p[key] = nil }
            p["restarts"] = (p["restarts"] as? [[String: Any]])?.map { r in var r = r; r["killedPid"] = nil; return r }
            return p
        }
        let data = try JSONSerialization.data(withJSONObject: s, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
