import XCTest
import Foundation
@testable import Orchestrator

final class ComparisonTableTests: XCTestCase {
    let table = ComparisonTable(rows: [
        ComparisonRow(policy: "static", seed: 1, latencyAttainment: 1, p99BySliceMs: ["embb": 20.5, "urllc": 2.25], throughputMbps: 812.34,
                      energyJ: 132126.2, bitsPerJoule: 1.5e6, actions: 0),
        ComparisonRow(policy: "latency-power", seed: 1, latencyAttainment: 0.9583, p99BySliceMs: ["embb": 25, "urllc": 3.126], throughputMbps: 810,
                      energyJ: 99184.06, bitsPerJoule: 2.0e6, actions: 34),
        ComparisonRow(policy: "latency-power", seed: 2, latencyAttainment: 1, p99BySliceMs: ["embb": 27, "urllc": 3.375], throughputMbps: 814,
                      energyJ: 100815.94, bitsPerJoule: 2.2e6, actions: 36),
    ])

    func testText() {
        XCTAssertEqual(table.renderText(), """
        policy         seed  latency_attainment_pct  p99_embb_ms  p99_urllc_ms  throughput_mbps  energy_j  bits_per_joule  actions
        static            1                   100.0        20.50          2.25            812.3  132126.2         1500000        0
        latency-power     1                    95.8        25.00          3.13            810.0   99184.1         2000000       34
        latency-power     2                   100.0        27.00          3.38            814.0  100815.9         2200000       36

        """)
    }

    func testCSV() {
        XCTAssertEqual(table.renderCSV().split(separator: "\n").map(String.init), [
            "policy,seed,latency_attainment_pct,p99_embb_ms,p99_urllc_ms,throughput_mbps,energy_j,bits_per_joule,actions",
            "static,1,100.0,20.50,2.25,812.3,132126.2,1500000,0",
            "latency-power,1,95.8,25.00,3.13,810.0,99184.1,2000000,34",
            "latency-power,2,100.0,27.00,3.38,814.0,100815.9,2200000,36",
        ])
    }

    func testJSONRoundTripsWithSortedKeys() throws {
        let json = table.renderJSON()
        XCTAssertTrue(json.hasPrefix(#"{"rows":[{"actions":0,"bitsPerJoule":1500000,"energyJ":132126.2,"latencyAttainment":1,"p99BySliceMs":{"embb":20.5,"urllc":2.25},"policy":"static","seed":1,"#), json)
        XCTAssertEqual(try JSONBytes.decoder().decode(ComparisonTable.self, from: Data(json.utf8)), table)
    }

    func testMeanOverSeeds() {
        let mean = table.meanPerPolicy()
        XCTAssertEqual(mean.rows.map(\.policy), ["static", "latency-power"])
        let lp = mean.rows[1]
        XCTAssertNil(lp.seed)
        XCTAssertEqual(lp.energyJ, 100000, accuracy: 1e-6)
        XCTAssertEqual(lp.p99BySliceMs["urllc"]!, 3.2505, accuracy: 1e-12)
        XCTAssertEqual(lp.actions, 35)
    }

    /// The comparison the `compare` command makes, on the model-driven day: three policies.
    func testThreePoliciesOnTheCompressedDay() {
        func row<P: Policy>(_ p: P) -> ComparisonRow {
            ModelDrivenRun.run(policy: p, model: Fixtures.model(), targets: Fixtures.targets, demand: Fixtures.day,
                               environment: Fixtures.environment, periodSlots: Fixtures.periodSlots, seed: 5).row
        }
        let t = ComparisonTable(rows: [row(StaticPolicy()), row(ThresholdPolicy()), row(LatencyPowerPolicy())])
        XCTAssertEqual(t.rows.map(\.policy), ["static", "threshold", "latency-power"])
        XCTAssertEqual(t.rows[0].actions, 0)
        XCTAssertLessThan(t.rows[2].energyJ, t.rows[0].energyJ)
        XCTAssertGreaterThan(t.rows[2].bitsPerJoule, t.rows[0].bitsPerJoule)
        XCTAssertEqual(t.renderText().split(separator: "\n").count, 4)
    }
}

final class ComparisonTableSavingsTests: XCTestCase {
    func testEnergySavingIsAgainstTheBaselineOfTheSameSeed() {
        let rows = [
            ComparisonRow(policy: "static", seed: 1, latencyAttainment: 1, p99BySliceMs: [:], throughputMbps: 10, energyJ: 200,
                          bitsPerJoule: 1, actions: 0),
            ComparisonRow(policy: "latency-power", seed: 1, latencyAttainment: 1, p99BySliceMs: [:], throughputMbps: 10,
                          energyJ: 80, bitsPerJoule: 1, actions: 3),
            ComparisonRow(policy: "static", seed: 2, latencyAttainment: 1, p99BySliceMs: [:], throughputMbps: 10, energyJ: 100,
                          bitsPerJoule: 1, actions: 0),
            ComparisonRow(policy: "latency-power", seed: 2, latencyAttainment: 1, p99BySliceMs: [:], throughputMbps: 10,
                          energyJ: 70, bitsPerJoule: 1, actions: 3),
        ]
        let table = ComparisonTable(rows: rows).withEnergySavings(against: "static")
        for (got, want) in zip(table.rows.map(\.energySavingPercent), [0.0, 60, 0, 30]) {
            XCTAssertEqual(got ?? -1, want, accuracy: 1e-9)
        }
        XCTAssertEqual(table.meanPerPolicy().rows.first { $0.policy == "latency-power" }?.energySavingPercent ?? -1, 45, accuracy: 1e-9)
        XCTAssertTrue(table.renderCSV().hasPrefix("policy,seed,latency_attainment_pct,throughput_mbps,energy_j,bits_per_joule,actions,energy_saving_pct\n"))
        XCTAssertFalse(ComparisonTable(rows: rows).renderCSV().contains("energy_saving_pct"), "no baseline, no column")
    }
}
