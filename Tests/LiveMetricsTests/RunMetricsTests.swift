import XCTest
import Report
@testable import LiveMetrics

final class RunMetricsTests: XCTestCase {
    /// The value of one sample line (`name{labels} value`) in the text format.
    private func value(_ text: String, _ series: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }

    private func duProgress(slot: UInt64, dlBits: UInt64, cpu: Double, late: UInt64) -> NodeProgress {
        var cell = CellSample(cell: "c1", timeMs: Double(slot) / 2, dlMbps: Double(dlBits) / 0.1 / 1e6, ulMbps: 1, dlPRBUtilization: 0.5,
                              ulPRBUtilization: 0.25, meanDLMCS: 21.5, harqRetransmissions: 2, queuedBytes: 10, connectedUEs: 3)
        cell.dlBits = dlBits; cell.dlGrants = 7; cell.peakDLMbps = 151.6
        var p = NodeProgress(node: "du1", slot: slot, lateSlots: late, cells: [cell])
        p.cpuSeconds = cpu; p.messagesIn = slot; p.messagesOut = slot * 2; p.refusedUnits = ["pastSlot": 1]
        return p
    }

    func testCellCountersAddEachIntervalAndNodeTotalsMoveByWhatTheyGrew() {
        let metrics = RunMetrics(nodes: ["du1", "ues"], slotDurationS: 0.0005)
        metrics.record(duProgress(slot: 200, dlBits: 1_000_000, cpu: 0.5, late: 3), role: "du")
        metrics.record(duProgress(slot: 400, dlBits: 2_000_000, cpu: 0.75, late: 3), role: "du")
        let text = metrics.text()
        XCTAssertEqual(value(text, #"b5g_cell_downlink_bytes_total{cell="c1"}"#), 375_000)
        XCTAssertEqual(value(text, #"b5g_cell_grants_total{cell="c1",direction="downlink"}"#), 14)
        XCTAssertEqual(value(text, #"b5g_cell_downlink_throughput_bytes_per_second{cell="c1"}"#), 2_500_000)
        XCTAssertEqual(value(text, #"b5g_cell_downlink_peak_bytes_per_second{cell="c1"}"#), 18_950_000)
        XCTAssertEqual(value(text, #"b5g_cell_prb_utilization_ratio{cell="c1",direction="uplink"}"#), 0.25)
        XCTAssertEqual(value(text, #"b5g_node_cpu_seconds_total{node="du1",role="du"}"#), 0.75)
        XCTAssertEqual(value(text, #"b5g_node_late_slots_total{node="du1",role="du"}"#), 3)
        XCTAssertEqual(value(text, #"b5g_node_messages_total{node="du1",role="du",direction="out"}"#), 800)
        XCTAssertEqual(value(text, #"b5g_node_refused_units_total{node="du1",role="du",cause="pastSlot"}"#), 1)
        XCTAssertEqual(value(text, #"b5g_node_emulated_seconds{node="du1",role="du"}"#), 0.2)
        XCTAssertEqual(value(text, "b5g_run_emulated_seconds_total"), 0, "ues has not reported: the run is at 0")
        XCTAssertTrue(text.contains("# TYPE b5g_cell_downlink_bytes_total counter"))
        XCTAssertTrue(text.contains("# HELP b5g_cell_downlink_bytes_total "))
    }

    func testGroupAndCellIntervalsBecomeLatencyQuantilesInSecondsAndGroupThroughput() {
        let metrics = RunMetrics(nodes: ["ues"], slotDurationS: 0.0005)
        metrics.record(IntervalTraffic(scope: .group, name: "phones", direction: .downlink, timeMs: 100, intervalMs: 100,
                                       receivedBytes: 250_000, latencyP50Ms: 3, latencyP99Ms: 6.5))
        metrics.record(IntervalTraffic(scope: .cell, name: "c1", direction: .uplink, timeMs: 100, intervalMs: 100,
                                       receivedBytes: 1, latencyP50Ms: 7, latencyP99Ms: nil))
        let text = metrics.text()
        XCTAssertEqual(value(text, #"b5g_ue_group_latency_p99_seconds{group="phones",direction="downlink"}"#), 0.0065)
        XCTAssertEqual(value(text, #"b5g_ue_group_latency_p50_seconds{group="phones",direction="downlink"}"#), 0.003)
        XCTAssertEqual(value(text, #"b5g_ue_group_received_bytes_total{group="phones",direction="downlink"}"#), 250_000)
        XCTAssertEqual(value(text, #"b5g_ue_group_throughput_bytes_per_second{group="phones",direction="downlink"}"#), 2_500_000)
        XCTAssertEqual(value(text, #"b5g_cell_latency_p50_seconds{cell="c1",direction="uplink"}"#), 0.007)
        XCTAssertNil(value(text, #"b5g_cell_latency_p99_seconds{cell="c1",direction="uplink"}"#), "no p99 reported")
        XCTAssertNil(value(text, #"b5g_cell_received_bytes_total{cell="c1",direction="uplink"}"#), "cells count bytes at the DU")
        metrics.record(IntervalTraffic(scope: .slice, name: "urllc", direction: .uplink, timeMs: 100, intervalMs: 50,
                                       receivedBytes: 500, latencyP50Ms: 1.5, latencyP99Ms: 4))
        let sliced = metrics.text()
        XCTAssertEqual(value(sliced, #"b5g_slice_latency_p99_seconds{slice="urllc",direction="uplink"}"#), 0.004)
        XCTAssertEqual(value(sliced, #"b5g_slice_throughput_bytes_per_second{slice="urllc",direction="uplink"}"#), 10_000)
        XCTAssertEqual(value(sliced, #"b5g_slice_received_bytes_total{slice="urllc",direction="uplink"}"#), 500)
    }

    func testPowerActionsAndNTNComeFromTheirNodesReports() {
        let metrics = RunMetrics(nodes: ["orch", "air"], slotDurationS: 0.0005)
        metrics.record(ProgressFixtures.orchestrator(ruPowerW: 420.5, actions: ["ruSleep": 2]), role: "orchestrator")
        var air = NodeProgress(node: "air", slot: 200, lateSlots: 0)
        air.ntn = [NTNSample(cell: "leo", timeMs: 100, platform: "sat#1", elevationDeg: 42, oneWayDelayMs: 4.5, dopplerHz: 1,
                             pathLossDb: 160, sinrDb: 8, servedUEs: 3, handovers: 2)]
        metrics.record(air, role: "channel")
        air.ntn[0].handovers = 5
        metrics.record(air, role: "channel")
        let text = metrics.text()
        XCTAssertEqual(value(text, #"b5g_power_watts{component="ru1",kind="ru"}"#), 420.5)
        XCTAssertEqual(value(text, #"b5g_orchestrator_actions_total{kind="ruSleep"}"#), 2)
        XCTAssertEqual(value(text, #"b5g_ntn_elevation_degrees{cell="leo"}"#), 42)
        XCTAssertEqual(value(text, #"b5g_ntn_one_way_delay_seconds{cell="leo"}"#), 0.0045)
        XCTAssertEqual(value(text, #"b5g_ntn_handovers_total{cell="leo"}"#), 5)
        XCTAssertEqual(value(text, "b5g_run_emulated_seconds_total"), 0.1)
    }

    func testFamilyNamesFollowPrometheusConventions() {
        XCTAssertEqual(Set(MetricFamilies.all.map(\.fullName)).count, MetricFamilies.all.count, "no name twice")
        for f in MetricFamilies.all {
            XCTAssertTrue(f.fullName.hasPrefix("b5g_"), f.fullName)
            XCTAssertEqual(f.isCounter, f.fullName.hasSuffix("_total"), f.fullName)
            XCTAssertNotNil(f.fullName.range(of: "^[a-z_][a-z0-9_]*$", options: .regularExpression), f.fullName)
        }
    }
}
