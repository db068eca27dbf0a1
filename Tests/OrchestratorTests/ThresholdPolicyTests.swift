import XCTest
import Power
@testable import Orchestrator

final class ThresholdPolicyTests: XCTestCase {
    func snapshot(utilisation: [String: Double], loads: [String: Double] = ["cell1": 0.5, "cell2": 0.5, "cell3": 0.5, "cell4": 0.5]) -> KPISnapshot {
        var s = Fixtures.snapshot(loads: loads)
        for i in s.vdus.indices { s.vdus[i].utilisation = utilisation[s.vdus[i].vduID] ?? 0.5; s.vdus[i].lateSlots = 0 }
        return s
    }

    func testBandsAddAndRemoveCores() {
        var p = ThresholdPolicy()
        let actions = p.decide(snapshot: snapshot(utilisation: ["du1": 0.9, "du2": 0.1, "du3": 0.5, "du4": 0.5]), model: Fixtures.model(), targets: Fixtures.targets)
        let cores = actions.filter { if case .setCores = $0.kind { true } else { false } }
        XCTAssertEqual(cores.map(\.kind), [.setCores(vdu: "du1", cores: 13), .setCores(vdu: "du2", cores: 11)])
        XCTAssertEqual(cores[0].reason, "vDU du1 utilisation 90 % > 80 %: add 1 core(s)")
        XCTAssertEqual(cores[1].reason, "vDU du2 utilisation 10 % < 30 %: remove 1 core(s)")
        XCTAssertTrue(cores.allSatisfy { $0.applyAtSlot == 4000 })
    }

    func testNoCoreAddedBeyondTheServer() {
        var model = Fixtures.model()
        model.vdus[2].cores = 20  // srv3: du3 20 + du4 12 = 32 of 32
        var p = ThresholdPolicy()
        let actions = p.decide(snapshot: snapshot(utilisation: ["du3": 0.95]), model: model, targets: Fixtures.targets)
        XCTAssertFalse(actions.contains { if case .setCores("du3", _) = $0.kind { true } else { false } })
    }

    func testLowLoadRUHandsOverThenSleeps() {
        var p = ThresholdPolicy()
        let actions = p.decide(snapshot: snapshot(utilisation: [:], loads: ["cell1": 0.05, "cell2": 0.3, "cell3": 0.5, "cell4": 0.2]),
                               model: Fixtures.model(), targets: Fixtures.targets)
        let radio = actions.filter { if case .steerUEs = $0.kind { true } else if case .ruSleep = $0.kind { true } else { false } }
        XCTAssertEqual(radio.map(\.kind), [.steerUEs(fromCell: "cell1", toCell: "cell4", count: 20), .ruSleep(ru: "ru1", depth: .sm3)])
        XCTAssertLessThan(radio[0].applyAtSlot, radio[1].applyAtSlot, "UEs leave before the RU sleeps")
    }

    func testSliceMissingItsTargetGetsMoreShare() {
        var p = ThresholdPolicy()
        var s = snapshot(utilisation: [:])
        s.cells[1].slices = s.cells[1].slices.map { var k = $0; if k.sliceID == "urllc" { k.latencyP99Ms = 9 }; return k }
        let quota = p.decide(snapshot: s, model: Fixtures.model(), targets: Fixtures.targets).filter { if case .setSliceQuota = $0.kind { true } else { false } }
        XCTAssertEqual(quota.map(\.kind), [.setSliceQuota(cell: "cell2", slice: "urllc", minShare: 0.25, maxShare: 0.5)])
    }

    func testSameInputSameActions() {
        let run = {
            ModelDrivenRun.run(policy: ThresholdPolicy(), model: Fixtures.model(), targets: Fixtures.targets, demand: Fixtures.day,
                               environment: Fixtures.environment, periodSlots: Fixtures.periodSlots, seed: 11)
        }
        let a = run(), b = run()
        XCTAssertEqual(a.log, b.log)
        XCTAssertGreaterThan(a.actions, 0)
        XCTAssertEqual(a.log.filter { !$0.accepted }.count, 0)
    }

    func testStaticPolicyNeverActs() {
        var p = StaticPolicy()
        XCTAssertEqual(p.decide(snapshot: snapshot(utilisation: ["du1": 0.99]), model: Fixtures.model(), targets: Fixtures.targets), [])
    }

    func testBusyVCUGetsACoreAndAnIdleOneGivesOneBack() {
        var busy = snapshot(utilisation: [:])
        busy.vcus = [VCUKPI(vcuID: "cu1", coresAllocated: 2, utilisation: 0.5, processingP99Us: 1500, lateSlots: 12, packets: 9000)]
        var p = ThresholdPolicy()
        let grow = p.decide(snapshot: busy, model: Fixtures.model(), targets: Fixtures.targets)
        let up = grow.first { if case .setVCUCores = $0.kind { true } else { false } }
        XCTAssertEqual(up?.kind, .setVCUCores(vcu: "cu1", cores: 3))
        XCTAssertEqual(up?.reason, "vCU cu1 utilisation 50 % > 80 %, 12 late slots: add 1 core(s)")
        var idle = busy
        idle.vcus[0] = VCUKPI(vcuID: "cu1", coresAllocated: 2, utilisation: 0.05, processingP99Us: 0, lateSlots: 0, packets: 100)
        var q = ThresholdPolicy()
        XCTAssertTrue(q.decide(snapshot: idle, model: Fixtures.model(), targets: Fixtures.targets).contains { $0.kind == .setVCUCores(vcu: "cu1", cores: 1) })
    }
}
