import Foundation
import XCTest

/// Runs the quickstart scenario for real: six processes over ZeroMQ, virtual time.
final class QuickstartRunTests: XCTestCase {
    func testEveryUEReceivesDataInBothDirections() throws {
        let dir = B5G.temporaryDirectory("quickstart")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "600ms"])
        let r = try B5G.run(["run", scenario, "--out", "\(dir)/run", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let s = try B5G.summary("\(dir)/run")
        XCTAssertEqual(s["status"] as? String, "ok")
        let ues = try XCTUnwrap(s["ues"] as? [[String: Any]])
        XCTAssertEqual(ues.count, 6)
        for ue in ues {
            let dl = try XCTUnwrap(ue["downlink"] as? [String: Any]), ul = try XCTUnwrap(ue["uplink"] as? [String: Any])
            XCTAssertGreaterThan(dl["throughputMbps"] as? Double ?? 0, 0, "\(ue["name"] ?? "") downlink")
            XCTAssertGreaterThan(ul["throughputMbps"] as? Double ?? 0, 0, "\(ue["name"] ?? "") uplink")
            let latency = try XCTUnwrap(dl["latency"] as? [String: Any])
            XCTAssertGreaterThan(latency["p50Ms"] as? Double ?? 0, 0)
        }
        let processes = try XCTUnwrap(s["processes"] as? [[String: Any]])
        XCTAssertEqual(Set(processes.compactMap { $0["pid"] as? Int }).count, 6, "every node is its own process")
        for p in processes {
            XCTAssertEqual(p["complete"] as? Bool, true)
            XCTAssertEqual(p["decodeErrors"] as? Int, 0, "\(p["node"] ?? "")")
        }
        for file in ["summary.json", "timeseries.csv", "capture.pcap", "logs/du1.log", "logs/ues.log", "latency/phones-downlink.hgrm"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/run/\(file)"), file)
        }
        let csv = try String(contentsOfFile: "\(dir)/run/timeseries.csv", encoding: .utf8)
        XCTAssertGreaterThan(csv.split(separator: "\n").count, 3)
        XCTAssertTrue(r.stdout.contains("phones-0"), "the end-of-run table lists the UEs")
    }

    func testSameSeedSameSummaryApartFromWallTime() throws {
        let dir = B5G.temporaryDirectory("determinism")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "400ms"])
        var summaries: [String] = []
        for i in 0..<2 {
            let r = try B5G.run(["run", scenario, "--out", "\(dir)/run\(i)", "--quiet", "--seed", "11", "--in-process"])
            XCTAssertEqual(r.status, 0, r.stderr)
            summaries.append(try Self.withoutWallFields("\(dir)/run\(i)"))
        }
        XCTAssertEqual(summaries[0], summaries[1])
        let r = try B5G.run(["run", scenario, "--out", "\(dir)/run-other", "--quiet", "--seed", "12", "--in-process",
                             "--set", "output.ueTimeseries=false"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertNotEqual(summaries[0], try Self.withoutWallFields("\(dir)/run-other"), "another seed gives another run")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/run0/ue-timeseries.csv"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(dir)/run-other/ue-timeseries.csv"), "output.ueTimeseries: false")
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/run-other/timeseries.csv"))
    }

    /// All nodes in one process: same protocol, same encoded units, so the same summary field
    /// for field (pids, CPU and wall figures apart) and the same number of captured units.
    func testInProcessRunGivesTheSameSummaryAsSeparateProcesses() throws {
        let dir = B5G.temporaryDirectory("in-process")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "400ms"])
        let separate = try B5G.run(["run", scenario, "--out", "\(dir)/separate", "--quiet", "--seed", "5"])
        XCTAssertEqual(separate.status, 0, separate.stderr)
        let single = try B5G.run(["run", scenario, "--out", "\(dir)/single", "--quiet", "--seed", "5", "--in-process"])
        XCTAssertEqual(single.status, 0, single.stderr)
        XCTAssertEqual(try Self.withoutWallFields("\(dir)/separate"), try Self.withoutWallFields("\(dir)/single"))
        // Two threads and one give the same run too.
        for threads in ["1", "2"] {
            let r = try B5G.run(["run", scenario, "--out", "\(dir)/threads\(threads)", "--quiet", "--seed", "5", "--in-process",
                                 "--threads", threads])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertEqual(try Self.withoutWallFields("\(dir)/separate"), try Self.withoutWallFields("\(dir)/threads\(threads)"))
        }
        // Separate processes under real-time priority in virtual time: faster, the same run.
        let priority = try B5G.run(["run", scenario, "--out", "\(dir)/priority", "--quiet", "--seed", "5", "--realtime-priority"])
        XCTAssertEqual(priority.status, 0, priority.stderr)
        XCTAssertEqual(try Self.withoutWallFields("\(dir)/separate"), try Self.withoutWallFields("\(dir)/priority"))
        let refused = try B5G.run(["run", scenario, "--out", "\(dir)/refused", "--in-process", "--realtime-priority"])
        XCTAssertEqual(refused.status, 64, "a usage error: \(refused.stderr)")
        XCTAssertTrue(refused.stderr.contains("--realtime-priority applies to separate processes"), refused.stderr)
        // Either thread running any node's window (each window to whichever thread is free).
        setenv("B5G_STEAL_ABOVE_NS", "0", 1)
        defer { unsetenv("B5G_STEAL_ABOVE_NS") }
        let stealing = try B5G.run(["run", scenario, "--out", "\(dir)/stealing", "--quiet", "--seed", "5", "--in-process", "--threads", "2"])
        XCTAssertEqual(stealing.status, 0, stealing.stderr)
        XCTAssertEqual(try Self.withoutWallFields("\(dir)/separate"), try Self.withoutWallFields("\(dir)/stealing"))
        let processes = try XCTUnwrap(try B5G.summary("\(dir)/single")["processes"] as? [[String: Any]])
        XCTAssertEqual(Set(processes.compactMap { $0["pid"] as? Int }).count, 1, "one process ran every node")
        for file in ["capture.pcap", "logs/du1.log", "timeseries.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: "\(dir)/single/\(file)"), file)
        }
        // Per-UE series: every UE every 100 ms, the same in both modes.
        let ueSeries = try String(contentsOfFile: "\(dir)/single/ue-timeseries.csv", encoding: .utf8)
        XCTAssertEqual(ueSeries, try String(contentsOfFile: "\(dir)/separate/ue-timeseries.csv", encoding: .utf8))
        let names = try XCTUnwrap(try B5G.summary("\(dir)/single")["ues"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        try Self.checkUETimeSeries(ueSeries, ues: names, intervals: 4, peakMbps: 151.6)
    }

    /// Every UE has one row per interval; throughput within the cell's peak, latency p50 <= p99,
    /// MCS within the table, and the phones (20 Mbps each) receive data in every interval but the last.
    static func checkUETimeSeries(_ csv: String, ues: [String], intervals: Int, peakMbps: Double) throws {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try XCTUnwrap(lines.first)
        func column(_ name: String) throws -> Int { try XCTUnwrap(header.firstIndex(of: name), name) }
        let (ue, dl, ul, p50, p99, mcs) = (try column("ue"), try column("dl_mbps"), try column("ul_mbps"),
                                           try column("dl_latency_p50_ms"), try column("dl_latency_p99_ms"), try column("dl_mcs"))
        let rows = lines.dropFirst()
        XCTAssertEqual(Set(rows.map { $0[ue] }), Set(ues))
        for name in ues {
            let mine = rows.filter { $0[ue] == name }
            XCTAssertEqual(mine.count, intervals, name)
            for (k, r) in mine.enumerated() {
                let dlMbps = try XCTUnwrap(Double(r[dl])), ulMbps = try XCTUnwrap(Double(r[ul]))
                XCTAssertTrue((0...peakMbps).contains(dlMbps) && ulMbps >= 0, "\(name) \(r)")
                if let a = Double(r[p50]), let b = Double(r[p99]) { XCTAssertTrue(a > 0 && a <= b, "\(name) \(r)") }
                if let m = Double(r[mcs]) { XCTAssertTrue((0...27).contains(m), "\(name) \(r)") }
                // The last interval may hold only the drain after the sources stop.
                if name.hasPrefix("phones"), k < intervals - 1 { XCTAssertGreaterThan(dlMbps, 1, "\(name) \(r)") }
            }
        }
    }

    /// The summary with the fields that come from the wall clock or the OS removed.
    static func withoutWallFields(_ folder: String) throws -> String {
        var s = try B5G.summary(folder)
        s["wallDurationS"] = nil; s["wallRealTimeFactor"] = nil; s["seed"] = nil
        s["processes"] = (s["processes"] as? [[String: Any]])?.map { p in
            var p = p; p["pid"] = nil; p["cpuSeconds"] = nil
            p["rssAfterWarmupKB"] = nil; p["rssMaxKB"] = nil; p["rssEndKB"] = nil
            return p
        }
        let data = try JSONSerialization.data(withJSONObject: s, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
