import XCTest
@testable import Power

final class PowerPredictionTests: XCTestCase {
    let load = VDUSlotLoad(prbs: 273, layers: 4, bitsPerRE: 8 * 948.0 / 1024, scheduledUEs: 16)

    func candidate(vduCores: Int, ruState: RUPowerState, serverState: ServerPowerState = .on,
                   accounting: CoreLoadAccounting = .workOnly) -> PowerPrediction.Candidate {
        let vdu = PowerPrediction.VDU(id: "du1", compute: .softwareLDPC, cores: vduCores, expectedLoad: load, slotDurationUs: 500, marginFraction: 0.2)
        return PowerPrediction.Candidate(
            rus: [PowerPrediction.RU(id: "ru1", model: RUPowerModel(type: .rrh), state: ruState, expectedLoad: 0.5)],
            servers: [PowerPrediction.Server(id: "srv1", model: .twoSocketDefault, state: serverState, vdus: [vdu], accounting: accounting),
                      PowerPrediction.Server(id: "srv2", model: .twoSocketDefault, state: .off)],
            links: [PowerPrediction.Link(id: "fh1", model: FronthaulPowerModel(), throughputGbps: 25)],
            payloads: [])
    }

    /// RRH at 50 % (672 W) + server (W_1 = 2479.51 us per 500 us slot = 4.959 busy cores of 32:
    /// 120 + 280 * 0.15497 = 163.39 W) + off server (0 W) + fronthaul (13 W).
    func testTotalPowerAndDeadlines() {
        let r = PowerPrediction.predict(candidate(vduCores: 9, ruState: .active))
        let busy = VRANComputeModel.softwareLDPC.singleCoreWorkUs(load) / 500
        let serverW = 120 + 280 * busy / 32
        XCTAssertEqual(r.powerByNodeW["srv1"]!, serverW, accuracy: 1e-9)
        XCTAssertEqual(r.powerByNodeW["srv2"]!, 0)
        XCTAssertEqual(r.totalPowerW, 672 + serverW + 13, accuracy: 1e-9)
        XCTAssertEqual(r.vdus.count, 1)
        XCTAssertTrue(r.vdus[0].meetsDeadline)
        XCTAssertEqual(r.vdus[0].coresNeeded, 9)
        XCTAssertTrue(r.feasible)
    }

    func testTooFewCoresMissesDeadline() {
        let r = PowerPrediction.predict(candidate(vduCores: 3, ruState: .active))
        XCTAssertFalse(r.vdus[0].meetsDeadline)
        XCTAssertFalse(r.feasible)
        // Work-only accounting caps busy time at the cores given: 3 of 32.
        XCTAssertEqual(r.serverUtilisation["srv1"]!, 3.0 / 32, accuracy: 1e-12)
    }

    func testPinnedPollingCountsAllocatedCores() {
        let r = PowerPrediction.predict(candidate(vduCores: 16, ruState: .active, accounting: .pinnedPolling))
        XCTAssertEqual(r.serverUtilisation["srv1"]!, 0.5, accuracy: 1e-12)
        XCTAssertEqual(r.powerByNodeW["srv1"]!, 260, accuracy: 1e-9)
    }

    func testSleepingRUAndOffServer() {
        let r = PowerPrediction.predict(candidate(vduCores: 9, ruState: .sleep(.sm3), serverState: .off))
        XCTAssertEqual(r.powerByNodeW["ru1"]!, 504 * 9.51 / 109, accuracy: 1e-9)
        XCTAssertEqual(r.powerByNodeW["srv1"]!, 0)
        XCTAssertFalse(r.vdus[0].meetsDeadline)
        XCTAssertEqual(r.violations, ["server srv1: hosts vDUs or vCUs but is off"])
    }

    func testOverAllocationIsAViolation() {
        let r = PowerPrediction.predict(candidate(vduCores: 40, ruState: .active))
        XCTAssertEqual(r.violations, ["server srv1: 40 cores allocated, 32 available"])
    }

    /// A vCU's cores count towards the server: pinned, all of them; work-only, its work per slot.
    func testVCUCoresLoadTheServer() {
        func server(_ accounting: CoreLoadAccounting) -> PowerPrediction.Result {
            let vcu = PowerPrediction.VCU(id: "cu1", cores: 4, workPerSlotUs: 750, slotDurationUs: 500)
            return PowerPrediction.predict(PowerPrediction.Candidate(servers: [
                PowerPrediction.Server(id: "srv1", model: .twoSocketDefault, state: .on, vcus: [vcu], accounting: accounting)]))
        }
        XCTAssertEqual(server(.pinnedPolling).serverUtilisation["srv1"]!, 4.0 / 32, accuracy: 1e-12)
        XCTAssertEqual(server(.workOnly).serverUtilisation["srv1"]!, 1.5 / 32, accuracy: 1e-12)
        let crowded = PowerPrediction.predict(PowerPrediction.Candidate(servers: [
            PowerPrediction.Server(id: "srv1", model: .twoSocketDefault, state: .on,
                                   vcus: [PowerPrediction.VCU(id: "cu1", cores: 33, workPerSlotUs: 0, slotDurationUs: 500)])]))
        XCTAssertEqual(crowded.violations, ["server srv1: 33 cores allocated, 32 available"])
    }
}
