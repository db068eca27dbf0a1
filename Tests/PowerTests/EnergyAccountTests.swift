import XCTest
@testable import Power

final class EnergyAccountTests: XCTestCase {
    /// 780 W for 100,000 slots of 0.5 ms = 50 s: 39,000 J, to double precision.
    func testConstantPowerOverKnownTime() {
        var account = EnergyAccount()
        for _ in 0..<100_000 { account.add(node: "ru1", powerW: 780, durationS: 0.0005) }
        let ru = account.node("ru1")
        XCTAssertEqual(ru.energyJ, 39_000, accuracy: 39_000 * 1e-15)
        XCTAssertEqual(ru.elapsedS, 50, accuracy: 50 * 1e-15)
        XCTAssertEqual(ru.averagePowerW, 780, accuracy: 780 * 1e-14)
    }

    func testPiecewisePowerAndTotals() {
        var account = EnergyAccount()
        account.add(node: "ru1", powerW: 1344, durationS: 2)
        account.add(node: "ru1", powerW: 450, durationS: 8)
        account.add(node: "server1", powerW: 260, durationS: 10)
        account.add(node: "ru1", energyJ: 0, durationS: 0)
        XCTAssertEqual(account.node("ru1").energyJ, 2688 + 3600, accuracy: 1e-9)
        XCTAssertEqual(account.node("ru1").averagePowerW, 628.8, accuracy: 1e-9)
        XCTAssertEqual(account.nodeIDs, ["ru1", "server1"])
        let total = account.total
        XCTAssertEqual(total.energyJ, 6288 + 2600, accuracy: 1e-9)
        XCTAssertEqual(total.elapsedS, 10)
        XCTAssertEqual(total.averagePowerW, 888.8, accuracy: 1e-9)
    }

    /// 1 kJ for 1 Gbit: 1 uJ/bit, 1e6 bit/J.
    func testBitsPerJoule() {
        var account = EnergyAccount()
        account.add(node: "du1", powerW: 100, durationS: 10)
        XCTAssertNil(account.node("du1").joulesPerBit)
        account.addDeliveredBits(4e8, node: "du1")
        account.addDeliveredBits(6e8, node: "du1")
        XCTAssertEqual(account.node("du1").joulesPerBit!, 1e-6, accuracy: 1e-18)
        XCTAssertEqual(account.node("du1").bitsPerJoule!, 1e6, accuracy: 1e-6)
        XCTAssertNil(account.node("nobody").bitsPerJoule)
        XCTAssertEqual(account.total.bitsPerJoule!, 1e6, accuracy: 1e-6)
    }

    func testAccountsSlotEnergyFromTheSleepStateMachine() {
        var sm = RUSleepStateMachine(model: RUPowerModel(type: .pico), slotDurationUs: 1_000)
        var account = EnergyAccount()
        for _ in 0..<1_000 {
            let s = sm.advance(load: 1)
            account.add(node: "ru1", energyJ: s.energyJ, durationS: sm.slotDurationUs * 1e-6)
        }
        // Pico at full load: 14.64 W for 1 s.
        XCTAssertEqual(account.node("ru1").energyJ, 14.64, accuracy: 1e-12)
    }
}
