import XCTest
@testable import Power

final class ServerPowerModelTests: XCTestCase {
    let server = ServerPowerModel.twoSocketDefault // 120 W idle, 400 W full

    func testLinearInUtilisation() {
        XCTAssertEqual(server.powerW(utilisation: 0), 120, accuracy: 1e-12)
        XCTAssertEqual(server.powerW(utilisation: 0.25), 190, accuracy: 1e-12)
        XCTAssertEqual(server.powerW(utilisation: 0.5), 260, accuracy: 1e-12)
        XCTAssertEqual(server.powerW(utilisation: 1), 400, accuracy: 1e-12)
        XCTAssertEqual(server.powerW(utilisation: 1.4), 400, accuracy: 1e-12, "clamped")
    }

    /// r = 2: 120 + 280 * 0.25 = 190 W at 50 %; r = 0.5: 120 + 280 * sqrt(0.5) = 317.99 W.
    func testUtilisationExponent() {
        var m = server
        m.utilisationExponent = 2
        XCTAssertEqual(m.powerW(utilisation: 0.5), 190, accuracy: 1e-12)
        m.utilisationExponent = 0.5
        XCTAssertEqual(m.powerW(utilisation: 0.5), 120 + 280 * 0.5.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(m.powerW(utilisation: 1), 400, accuracy: 1e-12)
    }

    /// Cube law: at f = 0.5 and full utilisation the dynamic part is 280 / 8 = 35 W.
    func testDVFSCubeLaw() {
        XCTAssertEqual(server.powerW(utilisation: 1, frequencyScale: 0.5), 155, accuracy: 1e-12)
        XCTAssertEqual(server.powerW(utilisation: 1, frequencyScale: 0.8), 120 + 280 * 0.512, accuracy: 1e-12)
        // Below f_min the clock stays at f_min.
        XCTAssertEqual(server.powerW(utilisation: 1, frequencyScale: 0.1), 155, accuracy: 1e-12)
        XCTAssertEqual(server.processingTimeScale(frequencyScale: 0.5), 2, accuracy: 1e-12)
        XCTAssertEqual(server.processingTimeScale(frequencyScale: 0.25), 2, accuracy: 1e-12)
    }

    /// Work that keeps the server 30 % busy at full clock keeps it 60 % busy at f = 0.5, and costs
    /// less: 120 + 280 * 0.6 * 0.125 = 141 W against 120 + 280 * 0.3 = 204 W.
    func testSlowingDownSavesPowerForTheSameWork() {
        let u = server.utilisation(nominalUtilisation: 0.3, frequencyScale: 0.5)
        XCTAssertEqual(u, 0.6, accuracy: 1e-12)
        XCTAssertEqual(server.powerW(utilisation: u, frequencyScale: 0.5), 141, accuracy: 1e-12)
        XCTAssertEqual(server.powerW(utilisation: 0.3), 204, accuracy: 1e-12)
        XCTAssertEqual(server.utilisation(nominalUtilisation: 0.8, frequencyScale: 0.5), 1, "saturates")
    }

    func testStates() {
        XCTAssertEqual(server.powerW(utilisation: 1, state: .off), 0)
        XCTAssertEqual(server.powerW(utilisation: 1, state: .standby), 10)
        XCTAssertEqual(server.powerW(utilisation: 1, state: .switchingOn), 120)
        XCTAssertTrue(ServerPowerState.on.canHostWork)
        XCTAssertFalse(ServerPowerState.switchingOn.canHostWork)
        XCTAssertEqual(server.switchOnTimeS, 120)
    }
}
