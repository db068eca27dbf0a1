import XCTest
@testable import Radio

final class OuterLoopLinkAdaptationTests: XCTestCase {
    func testStepsAndClamp() {
        var olla = OuterLoopLinkAdaptation(targetBLER: 0.1, stepDownDb: 0.9, minOffsetDb: -2, maxOffsetDb: 1)
        XCTAssertEqual(olla.stepUpDb, 0.1, accuracy: 1e-12)
        olla.update(ack: false)
        XCTAssertEqual(olla.offsetDb, -0.9, accuracy: 1e-12)
        for _ in 0..<10 { olla.update(ack: false) }
        XCTAssertEqual(olla.offsetDb, -2)
        for _ in 0..<100 { olla.update(ack: true) }
        XCTAssertEqual(olla.offsetDb, 1)
    }

    func testZeroOffsetMatchesCQIMapping() {
        let olla = OuterLoopLinkAdaptation()
        for table in MCSTable.allCases {
            let cqiTable = CQITable(matching: table)
            for cqi in 0...15 {
                XCTAssertEqual(olla.selectMCS(cqi: cqi, cqiTable: cqiTable, mcsTable: table),
                               CQITable.mcs(forCQI: cqi, table: cqiTable, mcsTable: table), "CQI \(cqi)")
            }
        }
    }

    /// A link whose CQI over-reports by 4 dB on average, with 3 dB of Gaussian estimation
    /// noise: OLLA must learn a negative offset and bring the first-transmission BLER to
    /// 10% (tolerance 1.5 points over 20,000 transmissions after a 2,000 warm-up).
    func testConvergesToTargetBLER() {
        var rng = SeededGenerator(seed: 42)
        let model = BLERModel()
        var olla = OuterLoopLinkAdaptation(targetBLER: 0.1, stepDownDb: 0.5)
        var nacks = 0
        var count = 0
        for n in 0..<22_000 {
            let trueSINRDb = 12 + RandomVariate.normal(mean: 0, standardDeviation: 3, using: &rng)
            let reported = trueSINRDb + 4
            let mcs = olla.selectMCS(sinrDb: reported, table: .qam64, model: model)
            let ack = !RandomVariate.bernoulli(model.bler(sinrDb: trueSINRDb, mcs: mcs, table: .qam64), using: &rng)
            olla.update(ack: ack)
            if n >= 2_000 {
                count += 1
                if !ack { nacks += 1 }
            }
        }
        XCTAssertEqual(Double(nacks) / Double(count), 0.1, accuracy: 0.015)
        XCTAssertLessThan(olla.offsetDb, -2)
    }
}
