import XCTest
@testable import Radio

final class LinkBudgetTests: XCTestCase {
    /// -174 dBm/Hz + 10 log10(B) + NF.
    func testThermalNoise() {
        XCTAssertEqual(LinkBudget.thermalNoiseDbm(bandwidthHz: 1, noiseFigureDb: 0), -174)
        XCTAssertEqual(LinkBudget.thermalNoiseDbm(bandwidthHz: 1e6, noiseFigureDb: 0), -114, accuracy: 1e-9)
        let budget = LinkBudget(txPowerDbm: 43, carrierPRBs: 273, numerology: Numerology(mu: 1))
        XCTAssertEqual(budget.bandwidthHz, 98_280_000)
        XCTAssertEqual(budget.noiseDbm, -87.0753, accuracy: 1e-3)
    }

    /// 43 dBm, 8 dBi, 100 dB path loss: -49 dBm received; SNR = -49 + 87.075 = 38.075 dB.
    /// An interferer equal to the noise power costs 3.01 dB.
    func testSINR() {
        let budget = LinkBudget(txPowerDbm: 43, carrierPRBs: 273, numerology: Numerology(mu: 1))
        XCTAssertEqual(budget.receivedPowerDbm(pathLossDb: 100, txAntennaGainDbi: 8), -49, accuracy: 1e-12)
        XCTAssertEqual(budget.sinrDb(pathLossDb: 100, txAntennaGainDbi: 8), 38.0753, accuracy: 1e-3)
        let noiseMw = LinkBudget.dbmToMw(budget.noiseDbm)
        XCTAssertEqual(budget.sinrDb(pathLossDb: 100, txAntennaGainDbi: 8, interferenceMw: noiseMw), 38.0753 - 3.0103, accuracy: 1e-3)
        XCTAssertEqual(budget.sinrDb(pathLossDb: 100, txAntennaGainDbi: 8, shadowingDb: -4, fadingDb: 1), 35.0753, accuracy: 1e-3)
    }
}
