import XCTest
@testable import Report

final class TimeSeriesCSVTests: XCTestCase {
    private func cellSample(_ cell: String, _ timeMs: Double) -> CellSample {
        CellSample(cell: cell, timeMs: timeMs, dlMbps: 10, ulMbps: 1, dlPRBUtilization: 0.5, ulPRBUtilization: 0.25,
                   meanDLMCS: 20, harqRetransmissions: 3, queuedBytes: 100, connectedUEs: 2)
    }

    private func traffic(_ cell: String, _ direction: FlowReport.Direction, _ timeMs: Double, p50: Double?, p99: Double?) -> IntervalTraffic {
        IntervalTraffic(scope: .cell, name: cell, direction: direction, timeMs: timeMs, intervalMs: 100, receivedBytes: 1000,
                        latencyP50Ms: p50, latencyP99Ms: p99)
    }

    func testCellRowsCarryTheirCellsLatencyOfTheSameIntervalAndDirection() {
        let csv = TimeSeriesCSV.cells([cellSample("c2", 100), cellSample("c1", 200), cellSample("c1", 100)], traffic: [
            traffic("c1", .downlink, 100, p50: 2.5, p99: 6),
            traffic("c1", .uplink, 100, p50: 7, p99: 19.5),
            traffic("c1", .downlink, 200, p50: 3, p99: 6.5),
            IntervalTraffic(scope: .group, name: "c2", direction: .downlink, timeMs: 100, intervalMs: 100, receivedBytes: 1,
                            latencyP50Ms: 99, latencyP99Ms: 99),
        ])
        let lines = csv.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "time_ms,cell,dl_mbps,ul_mbps,dl_prb_util,ul_prb_util,mean_dl_mcs,harq_retx,queued_bytes,connected_ues,"
                       + "dl_latency_p50_ms,dl_latency_p99_ms,ul_latency_p50_ms,ul_latency_p99_ms")
        XCTAssertEqual(lines[1], "100.0,c1,10.0,1.0,0.5,0.25,20.0,3,100,2,2.5,6.0,7.0,19.5")
        XCTAssertEqual(lines[2], "100.0,c2,10.0,1.0,0.5,0.25,20.0,3,100,2,,,,", "a group named like a cell is not the cell")
        XCTAssertEqual(lines[3], "200.0,c1,10.0,1.0,0.5,0.25,20.0,3,100,2,3.0,6.5,,", "no uplink packet in the interval")
        XCTAssertEqual(lines.count, 4)
    }

    func testUERowsJoinTheDownlinkAndUplinkHalvesByTimeAndUE() {
        let csv = TimeSeriesCSV.ues([
            UESample(ueId: 1, direction: .uplink, cell: "c1", timeMs: 100, mbps: 0.5, latencyP50Ms: 7, latencyP99Ms: 9),
            UESample(ueId: 0, direction: .downlink, cell: "c2", timeMs: 100, mbps: 20, latencyP50Ms: 3, latencyP99Ms: 6,
                     meanMCS: 24.5, meanSINRDb: 21.25),
            UESample(ueId: 1, direction: .downlink, cell: "c1", timeMs: 100, mbps: 19, latencyP50Ms: 3.5, latencyP99Ms: 6.5,
                     meanMCS: 18, meanSINRDb: 12),
            UESample(ueId: 0, direction: .uplink, cell: "c1", timeMs: 200, mbps: 0),
        ], names: [0: "phones-0", 1: "phones-1"])
        XCTAssertEqual(csv.split(separator: "\n").map(String.init), [
            "time_ms,ue,cell,dl_mbps,ul_mbps,dl_latency_p50_ms,dl_latency_p99_ms,ul_latency_p50_ms,ul_latency_p99_ms,dl_mcs,dl_sinr_db",
            "100.0,phones-0,c2,20.0,0.0,3.0,6.0,,,24.5,21.25",
            "100.0,phones-1,c1,19.0,0.5,3.5,6.5,7.0,9.0,18.0,12.0",
            "200.0,phones-0,c1,0.0,0.0,,,,,,",
        ])
    }
}
