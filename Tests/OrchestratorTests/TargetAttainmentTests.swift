import XCTest
import Power
@testable import Orchestrator

final class TargetAttainmentTests: XCTestCase {
    func period(_ i: Int, p99: [String: [Double]], tput: Double, ruW: Double) -> KPISnapshot {
        // Two cells; p99[slice] = [cell A, cell B]; each cell carries tput / 2 split 80/20 DL/UL.
        let cells = (0..<2).map { c in
            CellKPI(cellID: "c\(c)", prbUseDL: 0.5, prbUseUL: 0.2, throughputDLMbps: 0.4 * tput, throughputULMbps: 0.1 * tput, activeUEs: 1,
                    bufferBytes: 0, meanBitsPerRE: 5, scheduledUEsPerSlot: 1,
                    slices: p99.keys.sorted().map { SliceKPI(sliceID: $0, prbUse: 0.25, latencyP50Ms: 1, latencyP99Ms: p99[$0]![c], throughputMbps: tput / 4) })
        }
        return KPISnapshot(periodIndex: i, slot: UInt64(i * 10 + 9), periodSlots: 10, cells: cells,
                           rus: [RUKPI(ruID: "ru", state: .active, powerW: ruW, load: 0.5)],
                           servers: [ServerKPI(serverID: "s", state: .on, powerW: 100, utilisation: 0.2)])
    }

    func testPerPeriodAndTotals() {
        let targets = OrchestrationTargets(sliceLatencyP99Ms: ["a": 10, "b": 5], sliceThroughputFloorMbps: ["a": 90], powerBudgetW: 650,
                                           energySavingPercent: 20)
        let snaps = [
            period(0, p99: ["a": [4, 10], "b": [2, 3]], tput: 200, ruW: 500),  // a met (10 <= 10), b met; a tput 100 >= 90; 600 W
            period(1, p99: ["a": [4, 12], "b": [6, 3]], tput: 160, ruW: 600),  // a missed in one cell, b missed; a tput 80 < 90; 700 W
        ]
        let r = TargetAttainment.evaluate(snapshots: snaps, periodDurationS: 2, targets: targets, baselineEnergyJ: 3000)
        XCTAssertEqual(r.periods[0].sliceLatencyMet, ["a": true, "b": true])
        XCTAssertEqual(r.periods[1].sliceLatencyMet, ["a": false, "b": false])
        XCTAssertEqual(r.periods[1].sliceP99Ms, ["a": 12, "b": 6])
        XCTAssertEqual(r.latencyAttainment, 0.5)
        XCTAssertEqual(r.sliceLatencyAttainment, ["a": 0.5, "b": 0.5])
        XCTAssertEqual(r.sliceWorstP99Ms, ["a": 12, "b": 6])
        XCTAssertEqual(r.periods.map { $0.throughputFloorMet["a"] }, [true, false])
        XCTAssertEqual(r.throughputFloorAttainment, 0.5)
        XCTAssertEqual(r.periods.map(\.powerBudgetMet), [true, false])
        XCTAssertEqual(r.powerBudgetAttainment, 0.5)
        XCTAssertEqual(r.energyJ, 600 * 2 + 700 * 2, accuracy: 1e-9)
        XCTAssertEqual(r.bits, (200 + 160) * 1e6 * 2, accuracy: 1e-3)
        XCTAssertEqual(r.throughputMbps, 180, accuracy: 1e-9)
        XCTAssertEqual(r.bitsPerJoule, 720e6 / 2600, accuracy: 1e-6)
        XCTAssertEqual(r.energySavingPercent!, 100 * (3000 - 2600) / 3000, accuracy: 1e-9)
        XCTAssertEqual(r.energySavingMet, false, "13.3 % < 20 %")
    }

    func testNoTargetsNoBaseline() {
        let r = TargetAttainment.evaluate(snapshots: [period(0, p99: ["a": [1, 1]], tput: 10, ruW: 1)], periodDurationS: 1,
                                          targets: OrchestrationTargets(sliceLatencyP99Ms: [:]))
        XCTAssertEqual(r.latencyAttainment, 1)
        XCTAssertNil(r.throughputFloorAttainment)
        XCTAssertNil(r.powerBudgetAttainment)
        XCTAssertNil(r.energySavingPercent)
        XCTAssertNil(r.energySavingMet)
    }
}
