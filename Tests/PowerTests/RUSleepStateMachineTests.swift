import XCTest
@testable import Power

final class RUSleepStateMachineTests: XCTestCase {
    let macro = RUPowerModel(type: .macro)

    /// SM2 (0.5 ms each way) with 1 ms slots: slot 0 deactivates 500 us then sleeps 500 us; a wake
    /// request at slot 1 wakes over 1000-1500 us, so slot 1 cannot transmit and slot 2 can.
    func testSM2WakeUpTimeIsRespected() {
        var sm = RUSleepStateMachine(model: macro, slotDurationUs: 1_000)
        sm.requestSleep(.sm2, atSlot: 0)
        sm.requestWake(atSlot: 1)
        let s0 = sm.advance(load: 0.5)
        XCTAssertFalse(s0.canTransmit)
        XCTAssertEqual(s0.activeFraction, 0)
        XCTAssertEqual(s0.stateAtSlotEnd, .sleep(.sm2))
        // 780 W * 500 us + 102.33 W * 500 us.
        let sm2W = 780 * 14.3 / 109
        XCTAssertEqual(s0.energyJ, (780 * 500 + sm2W * 500) * 1e-6, accuracy: 1e-12)

        let s1 = sm.advance(load: 0.5)
        XCTAssertFalse(s1.canTransmit, "the RU is waking up until 1500 us")
        XCTAssertEqual(s1.activeFraction, 0.5, accuracy: 1e-12)
        XCTAssertEqual(s1.stateAtSlotEnd, .active)
        // Waking 500 us at no-load power, then active at 50 % load (1062 W) for 500 us.
        XCTAssertEqual(s1.energyJ, (780 * 500 + 1062 * 500) * 1e-6, accuracy: 1e-12)

        let s2 = sm.advance(load: 0.5)
        XCTAssertTrue(s2.canTransmit)
        XCTAssertEqual(s2.energyJ, 1062 * 1_000 * 1e-6, accuracy: 1e-12)
        XCTAssertEqual(s2.averagePowerW, 1062, accuracy: 1e-9)
    }

    /// SM3 lasts at least 10 ms: an early wake request at slot 1 is deferred so that wake-up runs
    /// 5-10 ms and slot 10 is the first the RU can transmit in.
    func testMinimumSleepDurationDefersEarlyWake() {
        var sm = RUSleepStateMachine(model: macro, slotDurationUs: 1_000)
        sm.requestSleep(.sm3, atSlot: 0)
        sm.requestWake(atSlot: 1)
        var firstTransmit: Int?
        var energyJ = 0.0
        for _ in 0..<12 {
            let s = sm.advance(load: 1)
            energyJ += s.energyJ
            if s.canTransmit && firstTransmit == nil { firstTransmit = s.slot }
        }
        XCTAssertEqual(firstTransmit, 10)
        // 5 ms deactivating + 5 ms waking at 780 W, then 2 ms at full load (1344 W); no time asleep.
        XCTAssertEqual(energyJ, (780 * 10_000 + 1344 * 2_000) * 1e-6, accuracy: 1e-9)
    }

    /// A mode whose minimum duration exceeds its transitions (3 ms against 0.5 + 0.5 ms): a wake
    /// request at 1 ms starts the wake-up at 3 - 0.5 = 2.5 ms, so slot 3 is the first to transmit
    /// and the RU sleeps 0.5-2.5 ms.
    func testMinimumDurationLongerThanTransitions() {
        var table = RUSleepModeTable.default
        table.sm2 = RUSleepMode(depth: .sm2, power: .absoluteW(100), minimumDurationUs: 3_000, deactivationUs: 500, activationUs: 500)
        var sm = RUSleepStateMachine(model: RUPowerModel(earth: .published(.macro), sleepModes: table), slotDurationUs: 1_000)
        sm.requestSleep(.sm2, atSlot: 0)
        sm.requestWake(atSlot: 1)
        let reports = (0..<4).map { _ in sm.advance(load: 0) }
        XCTAssertEqual(reports.map(\.canTransmit), [false, false, false, true])
        XCTAssertEqual(reports[2].activeFraction, 0)
        // 0.5 ms deactivating + 2 ms asleep + 0.5 ms waking + 1 ms active (780 W idle).
        let energyJ = reports.reduce(0.0) { $0 + $1.energyJ }
        let expectedWus: Double = 780 * 500 + 100 * 2_000 + 780 * 500 + 780 * 1_000
        XCTAssertEqual(energyJ, expectedWus * 1e-6, accuracy: 1e-12)
    }

    /// A long SM3 sleep: energy per state adds up exactly.
    func testEnergyPerStateOverALongSleep() {
        var sm = RUSleepStateMachine(model: macro, slotDurationUs: 500) // mu = 1
        sm.requestSleep(.sm3, atSlot: 4)
        sm.requestWake(atSlot: 100)
        var energyJ = 0.0
        var transmitSlots = 0
        for _ in 0..<200 {
            let s = sm.advance(load: 0)
            energyJ += s.energyJ
            if s.canTransmit { transmitSlots += 1 }
        }
        // Active 0-2 ms, deactivating 2-7 ms, asleep 7-50 ms, waking 50-55 ms, active 55-100 ms.
        let sm3W = 780 * 9.51 / 109
        let expected = (780 * 2_000 + 780 * 5_000 + sm3W * 43_000 + 780 * 5_000 + 780 * 45_000) * 1e-6
        XCTAssertEqual(energyJ, expected, accuracy: 1e-9)
        XCTAssertEqual(transmitSlots, 4 + 90)
    }

    /// SM1 (35.7 us each way) fits inside one slot: the slot is lost for transmission but the RU is
    /// active again at its end.
    func testSM1WithinOneSlot() {
        var sm = RUSleepStateMachine(model: macro, slotDurationUs: 1_000)
        sm.requestSleep(.sm1, atSlot: 3)
        sm.requestWake(atSlot: 3)
        var reports: [RUSlotEnergy] = []
        for _ in 0..<5 { reports.append(sm.advance(load: 0)) }
        XCTAssertEqual(reports.map(\.canTransmit), [true, true, true, false, true])
        XCTAssertEqual(reports[3].stateAtSlotEnd, .active)
        XCTAssertEqual(reports[3].activeFraction, (1_000 - 71.4) / 1_000, accuracy: 1e-12)
        // Transitions at no-load power, so an empty slot with SM1 costs the same as staying active.
        XCTAssertEqual(reports[3].energyJ, 780e-3, accuracy: 1e-12)
    }

    func testRequestsOutOfStateAreDropped() {
        var sm = RUSleepStateMachine(model: macro, slotDurationUs: 1_000)
        sm.requestWake(atSlot: 0) // already active
        XCTAssertTrue(sm.advance(load: 0.2).canTransmit)
        XCTAssertTrue(sm.canTransmitNextSlot)
        sm.requestSleep(.sm2, atSlot: 1)
        XCTAssertFalse(sm.canTransmitNextSlot)
        _ = sm.advance(load: 0)
        XCTAssertEqual(sm.state, .sleep(.sm2))
        // Stays asleep without a wake request.
        for _ in 0..<10 { XCTAssertFalse(sm.advance(load: 1).canTransmit) }
        XCTAssertEqual(sm.state, .sleep(.sm2))
        XCTAssertEqual(sm.nextSlot, 12)
    }
}
