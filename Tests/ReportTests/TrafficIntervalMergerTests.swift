import XCTest
@testable import Report

final class TrafficIntervalMergerTests: XCTestCase {
    private func progress(_ timeMs: Double, cell: [String: (bytes: UInt64, latenciesMs: [Double])]) -> TrafficProgress {
        var p = TrafficProgress(timeMs: timeMs)
        for (key, v) in cell {
            var t = TrafficInterval()
            t.receivedBytes = v.bytes
            for ms in v.latenciesMs { t.latency.record(latencyNs: UInt64(ms * 1e6)) }
            p.byCell[key] = t
        }
        return p
    }

    func testAnIntervalFinishesOnceEverySinkHasReportedItAndAddsTheirShares() {
        var merger = TrafficIntervalMerger(sinks: ["ues-a", "ues-b"])
        XCTAssertEqual(merger.add(progress(100, cell: ["c1/downlink": (1000, [1, 2, 3])]), from: "ues-a"), [],
                       "ues-b has not reported 100 ms yet")
        XCTAssertEqual(merger.add(progress(200, cell: ["c1/downlink": (10, [1])]), from: "ues-a"), [])
        let finished = merger.add(progress(100, cell: ["c1/downlink": (500, [10, 20, 30, 40])]), from: "ues-b")
        XCTAssertEqual(finished.count, 1)
        let t = finished[0]
        XCTAssertEqual(t.scope, .cell); XCTAssertEqual(t.name, "c1"); XCTAssertEqual(t.direction, .downlink)
        XCTAssertEqual(t.timeMs, 100); XCTAssertEqual(t.intervalMs, 100)
        XCTAssertEqual(t.receivedBytes, 1500)
        XCTAssertEqual(t.bitsPerSecond, 1500 * 8 / 0.1, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(t.latencyP50Ms), 10, accuracy: 0.1, "the median of both sinks' seven packets")
        XCTAssertEqual(try XCTUnwrap(t.latencyP99Ms), 40, accuracy: 0.4)
        let rest = merger.finishAll()
        XCTAssertEqual(rest.map(\.timeMs), [200])
        XCTAssertEqual(rest.first?.receivedBytes, 10)
    }

    func testARepeatedOrOlderReportAddsNothing() {
        var merger = TrafficIntervalMerger(sinks: ["core1"])
        XCTAssertEqual(merger.add(progress(100, cell: ["c1/uplink": (100, [5])]), from: "core1").map(\.receivedBytes), [100])
        XCTAssertEqual(merger.add(progress(100, cell: ["c1/uplink": (100, [5])]), from: "core1"), [])
        XCTAssertEqual(merger.add(progress(50, cell: ["c1/uplink": (100, [5])]), from: "core1"), [])
        XCTAssertEqual(merger.add(progress(150, cell: ["c1/uplink": (0, [])]), from: "core1").first?.intervalMs, 50,
                       "the last interval is shorter")
        XCTAssertEqual(merger.add(progress(200, cell: ["c1/uplink": (100, [5])]), from: "du1"), [], "not a sink")
        XCTAssertNil(merger.finishAll().first)
    }
}
