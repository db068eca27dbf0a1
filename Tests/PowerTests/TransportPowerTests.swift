import XCTest
@testable import Power

final class TransportPowerTests: XCTestCase {
    func testFronthaulPorts() {
        let fh = FronthaulPowerModel()
        XCTAssertEqual(fh.portsNeeded(throughputGbps: 0), 1)
        XCTAssertEqual(fh.portsNeeded(throughputGbps: 10), 1)
        XCTAssertEqual(fh.portsNeeded(throughputGbps: 10.01), 2)
        // 25 Gbit/s: 3 ports * 3.5 W + 0.1 * 25 = 13 W.
        XCTAssertEqual(fh.powerW(throughputGbps: 25), 13, accuracy: 1e-12)
        XCTAssertEqual(fh.powerW(throughputGbps: 0), 3.5, accuracy: 1e-12)
    }

    func testNTNPayloads() {
        let transparent = NTNPayloadPowerModel(kind: .transparent)
        let regenerative = NTNPayloadPowerModel(kind: .regenerative)
        XCTAssertEqual(transparent.powerW(load: 0), 150)
        XCTAssertEqual(transparent.powerW(load: 0.5), 350)
        XCTAssertEqual(regenerative.powerW(load: 0.5), 550)
        XCTAssertEqual(regenerative.powerW(load: 2), 750, "load clamped")
    }

    /// 273 PRBs x 14 symbols x 12 samples x 2 x 16 bits = 1,467,648 bits per 500 us slot; BFP9
    /// takes 12 x 2 x 9 + 8 = 224 bits per PRB and symbol.
    func testFronthaulIQRate() {
        XCTAssertEqual(FronthaulIQRate.gbps(prbsPerSlot: 273, iqBitWidth: 16, compressed: false, slotDurationUs: 500), 2.935296, accuracy: 1e-9)
        XCTAssertEqual(FronthaulIQRate.gbps(prbsPerSlot: 273, iqBitWidth: 9, compressed: true, slotDurationUs: 500),
                       273 * 14 * 224 / 500e3, accuracy: 1e-12)
        XCTAssertEqual(FronthaulIQRate.gbps(prbsPerSlot: 0, iqBitWidth: 16, compressed: false, slotDurationUs: 1000), 0)
    }
}
