import XCTest
@testable import Report

final class SweepTableTests: XCTestCase {
    func testCombinationsAreTheCartesianProductLastVaryingFastest() {
        let plan = SweepPlan.combinations([SweepParameter(path: "a", values: ["1", "2"]),
                                           SweepParameter(path: "b", values: ["x", "y", "z"])])
        XCTAssertEqual(plan, [["1", "x"], ["1", "y"], ["1", "z"], ["2", "x"], ["2", "y"], ["2", "z"]])
        XCTAssertEqual(SweepPlan.combinations([]), [[]], "no parameter: one run per seed")
    }

    private func summary() throws -> RunSummary {
        func ue(_ name: String, dl: (sent: UInt64, received: UInt64, p99: Double), ul: (UInt64, UInt64, Double)) -> String {
            """
            {"id":0,"name":"\(name)","group":"g","cell":"c1",
             "downlink":{"throughputMbps":1,"sentPackets":\(dl.sent),"receivedPackets":\(dl.received),"receivedBytes":0,"loss":0,
                         "latency":{"count":\(dl.received),"meanMs":1,"p50Ms":1,"p95Ms":1,"p99Ms":\(dl.p99),"maxMs":9},"meanMCS":0,"meanSINRDb":0},
             "uplink":{"throughputMbps":1,"sentPackets":\(ul.0),"receivedPackets":\(ul.1),"receivedBytes":0,"loss":0,
                       "latency":{"count":\(ul.1),"meanMs":1,"p50Ms":1,"p95Ms":1,"p99Ms":\(ul.2),"maxMs":9},"meanMCS":0,"meanSINRDb":0}}
            """
        }
        func cell(_ name: String, dl: Double, ul: Double, fairness: Double) -> String {
            let latency = #"{"count":0,"meanMs":0,"p50Ms":0,"p95Ms":0,"p99Ms":0,"maxMs":0}"#
            return """
            {"name":"\(name)","du":"du1","ru":"ru1","downlinkThroughputMbps":\(dl),"uplinkThroughputMbps":\(ul),
             "expectedPeakDownlinkMbps":100,"downlinkPRBUtilization":0.5,"uplinkPRBUtilization":0.1,"meanDownlinkMCS":20,
             "downlinkTransmissions":1,"downlinkRetransmissions":0,"uplinkTransmissions":1,"uplinkRetransmissions":0,
             "harqFailures":0,"uplinkHARQFailures":0,"queueDrops":0,"handoverDiscards":0,"downlinkLatency":\(latency),"uplinkLatency":\(latency),
             "downlinkFairness":\(fairness)}
            """
        }
        let json = """
        {"scenario":"t","seed":1,"clock":"virtual","numerology":1,"status":"ok","emulatedDurationMs":1000,
         "emulatedReachedMs":1000,"slots":2000,"wallDurationS":0.5,"wallRealTimeFactor":2,
         "ues":[\(ue("a", dl: (100, 90, 4), ul: (10, 10, 8))),\(ue("b", dl: (100, 100, 6), ul: (10, 0, 0)))],
         "cells":[\(cell("c1", dl: 30, ul: 3, fairness: 0.9)),\(cell("c2", dl: 10, ul: 1, fairness: 0.7))],
         "slices":[],"ntn":[],"processes":[],"flaggedUEs":[],"captureRecords":0,"captureRecordsSkipped":0,"energy":{"totalJ":12.5,"perNodeJ":{},"perKindJ":{},"averageW":0,"bitsPerJoule":0}}
        """
        return try JSONDecoder().decode(RunSummary.self, from: Data(json.utf8))
    }

    func testKPIsFromASummary() throws {
        let k = SweepKPIs(summary: try summary())
        XCTAssertEqual(k.downlinkMbps, 40)
        XCTAssertEqual(k.uplinkMbps, 4)
        XCTAssertEqual(k.downlinkP99MeanMs, 5)
        XCTAssertEqual(k.downlinkP99WorstMs, 6)
        XCTAssertEqual(k.uplinkP99MeanMs, 8, "a UE that received nothing has no latency to average")
        XCTAssertEqual(k.uplinkP99WorstMs, 8)
        XCTAssertEqual(k.downlinkLoss, 0.05, accuracy: 1e-12)
        XCTAssertEqual(k.uplinkLoss, 0.5, accuracy: 1e-12)
        XCTAssertEqual(k.fairness, 0.8, accuracy: 1e-12)
        XCTAssertEqual(k.energyJ, 12.5)
        XCTAssertEqual(k.wallRealTimeFactor, 2)
    }

    func testCSVHasOneLinePerRunAndQuotesCommas() throws {
        let kpis = SweepKPIs(summary: try summary())
        let table = SweepTable(scenario: "t", parameters: ["cells.c1.position", "seedless"], rows: [
            .init(values: ["[0, 0, 25]", "a"], seed: 1, status: "ok", folder: "run-1", kpis: kpis),
            .init(values: ["[1, 0, 25]", "b"], seed: 2, status: "exit 2", folder: "run-2", kpis: nil),
        ])
        let lines = table.csv().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 4, "header, two runs, final newline")
        XCTAssertEqual(lines[0], "cells.c1.position,seedless,seed,status,folder," + SweepKPIs.columns.joined(separator: ","))
        XCTAssertEqual(lines[1], "\"[0, 0, 25]\",a,1,ok,run-1,40,4,5,6,8,8,0.05,0.5,0.8,12.5,2")
        XCTAssertEqual(lines[2], "\"[1, 0, 25]\",b,2,exit 2,run-2" + String(repeating: ",", count: SweepKPIs.columns.count))
        XCTAssertEqual(lines[3], "")
    }
}
