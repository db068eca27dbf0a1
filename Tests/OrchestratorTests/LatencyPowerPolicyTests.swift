import XCTest
import Power
@testable import Orchestrator

final class LatencyPowerPolicyTests: XCTestCase {
    func runDay<P: Policy>(_ policy: P, seed: UInt64 = 7, onPeriod: (OrchestrationLoop<P>) -> Void = { _ in }) -> ModelDrivenRun.Result {
        ModelDrivenRun.run(policy: policy, model: Fixtures.model(), targets: Fixtures.targets, demand: Fixtures.day,
                           environment: Fixtures.environment, periodSlots: Fixtures.periodSlots, seed: seed, onPeriod: onPeriod)
    }

    /// Static full provisioning (three servers on, 12 cores per vDU, every RU active) against
    /// latency-power on a day compressed into 24 periods.
    func testFewerWattsThanStaticFullProvisioningWithPredictedP99UnderTarget() {
        let baseline = runDay(StaticPolicy())
        var plans: [LatencyPowerPolicy.Plan] = []
        let run = runDay(LatencyPowerPolicy()) { loop in plans.append(loop.policy.lastPlan!) }
        XCTAssertEqual(plans.count, 24)
        for (i, plan) in plans.enumerated() {
            for (cell, slices) in plan.p99Ms {
                for (slice, p99) in slices {
                    XCTAssertLessThanOrEqual(p99, Fixtures.targets.sliceLatencyP99Ms[slice]!, "period \(i) \(cell) \(slice)")
                }
            }
        }
        XCTAssertEqual(run.attainment.latencyAttainment, 1, "measured p99 met in every period")
        XCTAssertEqual(baseline.attainment.latencyAttainment, 1)
        XCTAssertLessThan(run.attainment.energyJ, 0.8 * baseline.attainment.energyJ)
        // Every period after the first uses less power than full provisioning.
        for (a, b) in zip(run.attainment.periods.dropFirst(), baseline.attainment.periods.dropFirst()) {
            XCTAssertLessThan(a.powerW, b.powerW, "period \(a.periodIndex)")
        }
        XCTAssertEqual(run.log.filter { !$0.accepted }.map(\.refusal), [], "the policy's own actions are feasible")
        XCTAssertEqual(run.attainment.throughputMbps, baseline.attainment.throughputMbps, accuracy: 0.05 * baseline.attainment.throughputMbps)
        XCTAssertTrue(run.log.contains { if case .ruSleep = $0.action.kind { true } else { false } }, "RUs sleep at night")
        XCTAssertTrue(run.log.contains { if case .serverPower(_, false) = $0.action.kind { true } else { false } }, "empty servers go off")
    }

    func testSameInputSameActions() {
        let a = runDay(LatencyPowerPolicy(), seed: 3)
        let b = runDay(LatencyPowerPolicy(), seed: 3)
        XCTAssertEqual(a.log, b.log)
        XCTAssertFalse(a.log.isEmpty)
    }

    func testConsolidatesAndSwitchesEmptyServersOffAtLowLoad() {
        var policy = LatencyPowerPolicy()
        let loads = Dictionary(uniqueKeysWithValues: Fixtures.cellIDs.map { ($0, 0.3) })
        let actions = policy.decide(snapshot: Fixtures.snapshot(loads: loads), model: Fixtures.model(), targets: Fixtures.targets)
        let offs = actions.compactMap { if case let .serverPower(s, false) = $0.kind { s } else { nil } }
        XCTAssertFalse(offs.isEmpty)
        XCTAssertFalse(offs.contains("srv1"), "srv1 hosts the vCU")
        XCTAssertTrue(actions.contains { if case .migrate = $0.kind { true } else { false } })
        XCTAssertFalse(actions.contains { if case .ruSleep = $0.kind { true } else { false } }, "30 % load is above the sleep threshold")
    }

    func testHysteresisKeepsCoresWhenTheNeedDropsByLessThanTheBand() {
        var policy = LatencyPowerPolicy()
        var model = Fixtures.model()
        let loads = Dictionary(uniqueKeysWithValues: Fixtures.cellIDs.map { ($0, 0.6) })
        let snap = Fixtures.snapshot(loads: loads, model: model)
        let need = VRANComputeModel.softwareLDPC.coresNeeded(for: VDUSlotLoad(prbs: Int((0.6 * 273).rounded(.up)), layers: 4, bitsPerRE: 6, scheduledUEs: 8),
                                                             deadlineUs: 500, marginFraction: 0.2)!
        for i in model.vdus.indices { model.vdus[i].cores = need + 1 }
        let actions = policy.decide(snapshot: snap, model: model, targets: Fixtures.targets)
        XCTAssertFalse(actions.contains { if case .setCores = $0.kind { true } else { false } }, "one spare core is inside the hysteresis")
        for i in model.vdus.indices { model.vdus[i].cores = need + 2 }
        var fresh = LatencyPowerPolicy()
        let shrink = fresh.decide(snapshot: snap, model: model, targets: Fixtures.targets)
        XCTAssertTrue(shrink.contains { $0.kind == .setCores(vdu: "du1", cores: need) })
    }

    /// The vCU measured 90 % of 2 cores (900 us of work per 500 us slot): with 20 % margin it
    /// needs 900 / speedup(n) <= 416.7 us, n = 3; a vCU that fell behind is assumed to need half
    /// as much again as its cores gave (1500 us: n = 5).
    func testVCUIsSizedFromItsMeasuredWork() {
        let loads = Dictionary(uniqueKeysWithValues: Fixtures.cellIDs.map { ($0, 0.5) })
        var snap = Fixtures.snapshot(loads: loads)
        snap.vcus = [VCUKPI(vcuID: "cu1", coresAllocated: 2, utilisation: 0.9, processingP99Us: 0, lateSlots: 0, packets: 50_000)]
        var policy = LatencyPowerPolicy()
        let actions = policy.decide(snapshot: snap, model: Fixtures.model(), targets: Fixtures.targets)
        let vcu = actions.first { if case .setVCUCores = $0.kind { true } else { false } }
        XCTAssertEqual(vcu?.kind, .setVCUCores(vcu: "cu1", cores: 3))
        XCTAssertEqual(vcu?.applyAtSlot, snap.slot + 1)
        snap.vcus[0].lateSlots = 40
        var again = LatencyPowerPolicy()
        XCTAssertTrue(again.decide(snapshot: snap, model: Fixtures.model(), targets: Fixtures.targets)
            .contains { $0.kind == .setVCUCores(vcu: "cu1", cores: 5) })
    }
}
