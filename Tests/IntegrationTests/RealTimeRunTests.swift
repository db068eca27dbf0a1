import Foundation
import XCTest

/// The same node code paced by the wall clock: the run completes and late slots are reported.
final class RealTimeRunTests: XCTestCase {
    func testRealTimeRunCompletesAndCountsLateSlots() throws {
        let dir = B5G.temporaryDirectory("realtime")
        let scenario = try B5G.scenario("quickstart.yaml", in: dir, replacing: ["duration": "300ms"])
        let started = Date()
        let r = try B5G.run(["run", scenario, "--out", "\(dir)/run", "--quiet", "--clock", "realtime", "--in-process"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.3, "real time cannot run faster than the wall clock")
        let s = try B5G.summary("\(dir)/run")
        XCTAssertEqual(s["clock"] as? String, "realtime")
        let processes = try XCTUnwrap(s["processes"] as? [[String: Any]])
        XCTAssertTrue(processes.allSatisfy { $0["lateSlots"] is Int }, "late slots are reported per process")
        // The end table states the total and the processes that had any.
        let total = processes.reduce(0) { $0 + ($1["lateSlots"] as? Int ?? 0) }
        let lateLine = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("late slots: ") }, r.stdout)
        XCTAssertTrue(lateLine.hasPrefix("late slots: \(total) in total"), String(lateLine))
        for p in processes where (p["lateSlots"] as? Int ?? 0) > 0 {
            XCTAssertTrue(lateLine.contains("\(p["node"] as? String ?? "?") \(p["lateSlots"] as? Int ?? 0)"), String(lateLine))
        }
        let ues = try XCTUnwrap(s["ues"] as? [[String: Any]])
        XCTAssertTrue(ues.allSatisfy { (($0["downlink"] as? [String: Any])?["receivedPackets"] as? Int ?? 0) > 0 })
        for ue in ues {
            let wall = try XCTUnwrap((ue["downlink"] as? [String: Any])?["wallLatency"] as? [String: Any], "wall-time latency in real time")
            XCTAssertGreaterThan(wall["p50Ms"] as? Double ?? 0, 0)
        }
    }
}
