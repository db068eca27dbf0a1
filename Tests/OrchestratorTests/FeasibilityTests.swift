import XCTest
import Power
@testable import Orchestrator

final class FeasibilityTests: XCTestCase {
    func testMoreCoresThanTheServerHasIsRefused() {
        let m = Fixtures.model()
        // srv3 hosts du3 and du4 with 12 cores each: du3 may grow to 20, not 21.
        XCTAssertNil(m.refusal(for: .setCores(vdu: "du3", cores: 20)))
        XCTAssertEqual(m.refusal(for: .setCores(vdu: "du3", cores: 21)),
                       "21 cores requested for vDU du3 on server srv3, which has 32 cores (12 in use by others)")
        XCTAssertThrowsError(try m.applying(OrchestratorAction(.setCores(vdu: "du3", cores: 40), applyAtSlot: 1, reason: "test"))) { error in
            XCTAssertEqual("\(error)", "setCores refused: 40 cores requested for vDU du3 on server srv3, which has 32 cores (12 in use by others)")
        }
    }

    func testSleepingTheOnlyRUWithoutAlternativeIsRefused() {
        var m = Fixtures.model()
        m.rus[0].neighbourRUIDs = []
        XCTAssertEqual(m.refusal(for: .ruSleep(ru: "ru1", depth: .sm3)),
                       "RU ru1 is the only RU serving 20 UEs in cell cell1: no active neighbour RU and no NTN alternative")
        m.rus[0].hasNTNAlternative = true
        XCTAssertNil(m.refusal(for: .ruSleep(ru: "ru1", depth: .sm3)), "an NTN cell can take the UEs")
        m.rus[0].hasNTNAlternative = false
        m.cells[0].activeUEs = 0
        XCTAssertNil(m.refusal(for: .ruSleep(ru: "ru1", depth: .sm3)), "no UEs to serve")
    }

    func testSleepIsRefusedWhenEveryNeighbourSleeps() {
        var m = Fixtures.model()
        m.rus[1].state = .sleep(.sm3)
        m.rus[3].state = .sleep(.sm3)
        XCTAssertNotNil(m.refusal(for: .ruSleep(ru: "ru1", depth: .sm2)))
    }

    func testMigrationToAServerThatIsOffIsRefused() {
        var m = Fixtures.model()
        m.servers[1].state = .off
        m.vdus[1].serverID = "srv1"
        XCTAssertEqual(m.refusal(for: .migrate(vdu: "du1", toServer: "srv2")), "server srv2 is off")
    }

    func testQuotasWhoseMinimumsExceedAllPRBsAreRefused() {
        let m = Fixtures.model()
        XCTAssertEqual(m.refusal(for: .setSliceQuota(cell: "cell1", slice: "urllc", minShare: 0.6, maxShare: 0.8)),
                       "minimum shares in cell cell1 would sum to 110 % (more than 100 %)")
        XCTAssertNil(m.refusal(for: .setSliceQuota(cell: "cell1", slice: "urllc", minShare: 0.5, maxShare: 0.8)))
    }

    func testServerWithWorkCannotBeSwitchedOff() {
        let m = Fixtures.model()
        XCTAssertEqual(m.refusal(for: .serverPower(server: "srv1", on: false)), "server srv1 still hosts du1, cu1")
    }

    func testMigrationHoldsCoresOnBothServersUntilItCompletes() throws {
        var m = Fixtures.model()
        // 50 ms at 30 kHz (0.5 ms slots), the time a DU takes to move in a run.
        XCTAssertEqual(ResourceModel.defaultMigrationTimeMs, 50)
        XCTAssertEqual(m.migrationSlots, 100)
        m = try m.applying(OrchestratorAction(.migrate(vdu: "du2", toServer: "srv1"), applyAtSlot: 100, reason: "test"))
        m.advance(toSlot: 100 + m.migrationSlots - 1)
        XCTAssertEqual(m.vdus[1].serverID, "srv2", "still moving one slot before the end")
        XCTAssertEqual(m.coresInUse(on: "srv1"), 26)
        XCTAssertEqual(m.coresInUse(on: "srv2"), 12)
        XCTAssertNotNil(m.refusal(for: .serverPower(server: "srv2", on: false)))
        m.advance(toSlot: 100 + m.migrationSlots)
        XCTAssertEqual(m.vdus[1].serverID, "srv1")
        XCTAssertEqual(m.coresInUse(on: "srv2"), 0)
        XCTAssertNil(m.refusal(for: .serverPower(server: "srv2", on: false)))
    }

    func testServerBootTakesItsSwitchOnTime() throws {
        var m = Fixtures.model(switchOnTimeS: 0.5)
        m.servers[1].state = .off
        m.vdus[1].serverID = "srv1"
        m = try m.applying(OrchestratorAction(.serverPower(server: "srv2", on: true), applyAtSlot: 10, reason: "test"))
        XCTAssertEqual(m.servers[1].state, .switchingOn)
        m.advance(toSlot: 10 + 999)
        XCTAssertEqual(m.servers[1].state, .switchingOn)
        m.advance(toSlot: 10 + 1000)  // 0.5 s at 0.5 ms per slot
        XCTAssertEqual(m.servers[1].state, .on)
    }

    /// srv1 has 32 cores: du1 holds 12, so the vCU may grow to 20, not 21.
    func testVCUCoresBeyondTheServerAreRefused() throws {
        let m = Fixtures.model()
        XCTAssertNil(m.refusal(for: .setVCUCores(vcu: "cu1", cores: 20)))
        XCTAssertEqual(m.refusal(for: .setVCUCores(vcu: "cu1", cores: 21)),
                       "21 cores requested for vCU cu1 on server srv1, which has 32 cores (12 in use by others)")
        XCTAssertEqual(m.refusal(for: .setVCUCores(vcu: "cu9", cores: 2)), "unknown vCU cu9")
        XCTAssertEqual(m.refusal(for: .setVCUCores(vcu: "cu1", cores: 0)), "vCU cu1 needs at least 1 core, asked for 0")
        let grown = try m.applying(OrchestratorAction(.setVCUCores(vcu: "cu1", cores: 6), applyAtSlot: 1, reason: "test"))
        XCTAssertEqual(grown.vcus[0].cores, 6)
        XCTAssertEqual(grown.freeCores(on: "srv1"), 32 - 12 - 6)
        XCTAssertEqual(grown.targetNode(for: .setVCUCores(vcu: "cu1", cores: 6)), "cu1")
    }
}
