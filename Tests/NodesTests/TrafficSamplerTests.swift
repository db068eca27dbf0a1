import Report
import XCTest
@testable import Nodes

final class TrafficSamplerTests: XCTestCase {
    private func ue(_ id: UInt32, group: String) -> Topology.UE {
        Topology.UE(id: id, name: "\(group)-\(id)", group: group, groupIndex: 0, cell: 0, hostNode: "ues", position: [0, 0, 1.5])
    }

    /// A downlink flow after `packets` packets of 1,000 bytes, each `latencyMs` late, and blocks at `mcs`.
    private func receive(_ flow: inout FlowReport, _ interval: inout FlowInterval, packets: Int, latencyMs: Double, mcs: UInt64, sinrDb: Double) {
        for _ in 0..<packets {
            flow.receive(bytes: 1000, createdNs: 0, atNs: UInt64(latencyMs * 1e6), window: .whole(endNs: .max))
            interval.record(latencyNs: UInt64(latencyMs * 1e6))
            flow.transportBlocks += 1; flow.mcsSum += mcs
            flow.sinrSumDb += sinrDb; flow.sinrSamples += 1
        }
    }

    func testUEsAddUpPerCellAndGroupAndEachIntervalStartsAfresh() throws {
        var sampler = TrafficSampler(perUE: true)
        var flows = [FlowReport(ueId: 0, direction: .downlink), FlowReport(ueId: 1, direction: .downlink)]
        var intervals = flows.map(FlowInterval.init)
        receive(&flows[0], &intervals[0], packets: 10, latencyMs: 2, mcs: 20, sinrDb: 15)
        receive(&flows[1], &intervals[1], packets: 30, latencyMs: 8, mcs: 10, sinrDb: 5)
        sampler.begin(endNs: 100_000_000)
        sampler.add(ue: ue(0, group: "phones"), cell: "c1", flow: flows[0], interval: &intervals[0])
        sampler.add(ue: ue(1, group: "phones"), cell: "c2", flow: flows[1], interval: &intervals[1])
        let first = sampler.finished
        XCTAssertEqual(first.timeMs, 100)
        XCTAssertEqual(first.byCell["c1/downlink"]?.receivedBytes, 10_000)
        XCTAssertEqual(first.byCell["c2/downlink"]?.receivedBytes, 30_000)
        XCTAssertEqual(first.byGroup["phones/downlink"]?.receivedBytes, 40_000)
        XCTAssertEqual(first.byGroup["phones/downlink"]?.latency.count, 40)
        XCTAssertEqual(try XCTUnwrap(first.byGroup["phones/downlink"]?.latency.percentileMs(50)), 8, accuracy: 0.1)
        XCTAssertEqual(first.ues.map(\.ueId), [0, 1])
        XCTAssertEqual(first.ues[0].mbps, 0.8, "10,000 bytes in 100 ms")
        XCTAssertEqual(try XCTUnwrap(first.ues[0].latencyP99Ms), 2, accuracy: 0.02)
        XCTAssertEqual(first.ues[1].meanMCS, 10)
        XCTAssertEqual(first.ues[1].meanSINRDb, 5)
        XCTAssertEqual(first.ues[1].cell, "c2")
        XCTAssertNil(first.bySlice, "no UE has a slice")

        // The next interval: UE 0 receives nothing, UE 1 five more packets.
        receive(&flows[1], &intervals[1], packets: 5, latencyMs: 4, mcs: 12, sinrDb: 7)
        sampler.begin(endNs: 150_000_000)
        sampler.add(ue: ue(0, group: "phones"), cell: "c1", flow: flows[0], interval: &intervals[0])
        sampler.add(ue: ue(1, group: "phones"), cell: "c2", flow: flows[1], interval: &intervals[1])
        let second = sampler.finished
        XCTAssertEqual(second.byCell["c1/downlink"]?.receivedBytes, 0, "an idle cell reads 0, not its last value")
        XCTAssertEqual(second.byCell["c2/downlink"]?.receivedBytes, 5_000)
        XCTAssertEqual(second.ues[0].mbps, 0)
        XCTAssertNil(second.ues[0].latencyP50Ms)
        XCTAssertNil(second.ues[0].meanMCS)
        XCTAssertEqual(second.ues[1].mbps, 0.8, "5,000 bytes in 50 ms")
        XCTAssertEqual(second.ues[1].meanMCS, 12)
        XCTAssertEqual(try XCTUnwrap(second.ues[1].latencyP50Ms), 4, accuracy: 0.04)
    }

    func testWithoutPerUESeriesOnlyCellsAndGroupsAreSent() {
        var sampler = TrafficSampler(perUE: false)
        var flow = FlowReport(ueId: 0, direction: .uplink)
        var interval = FlowInterval(flow)
        receive(&flow, &interval, packets: 1, latencyMs: 7, mcs: 1, sinrDb: 1)
        sampler.begin(endNs: 100_000_000)
        sampler.add(ue: ue(0, group: "sensors"), cell: "c1", slice: "mmtc", flow: flow, interval: &interval)
        XCTAssertTrue(sampler.finished.ues.isEmpty)
        XCTAssertEqual(sampler.finished.bySlice?["mmtc/uplink"]?.receivedBytes, 1000)
        XCTAssertEqual(sampler.finished.byGroup["sensors/uplink"]?.receivedBytes, 1000)
    }
}
