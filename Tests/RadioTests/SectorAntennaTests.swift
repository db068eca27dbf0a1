import XCTest
@testable import Radio

/// TR 38.901 Table 7.3-1 pattern evaluated by hand; tolerance 0.001 dB.
final class SectorAntennaTests: XCTestCase {
    func testPattern() {
        let antenna = SectorAntenna()
        XCTAssertEqual(antenna.antennaGainDbi(azimuthOffDeg: 0, elevationOffDeg: 0), 8, accuracy: 1e-9)
        // Half the beamwidth off boresight: -12 * 0.25 = -3 dB.
        XCTAssertEqual(antenna.antennaGainDbi(azimuthOffDeg: 32.5, elevationOffDeg: 0), 5, accuracy: 1e-9)
        XCTAssertEqual(antenna.antennaGainDbi(azimuthOffDeg: -32.5, elevationOffDeg: 0), 5, accuracy: 1e-9)
        // 60 deg azimuth and 30 deg elevation: 8 - (12 (60/65)^2 + 12 (30/65)^2) = -4.781 dBi.
        XCTAssertEqual(antenna.antennaGainDbi(azimuthOffDeg: 60, elevationOffDeg: 30), -4.7811, accuracy: 1e-3)
        // Back lobe: capped at A_max = 30 dB.
        XCTAssertEqual(antenna.antennaGainDbi(azimuthOffDeg: 180, elevationOffDeg: 0), -22, accuracy: 1e-9)
        XCTAssertEqual(antenna.antennaGainDbi(azimuthOffDeg: 540, elevationOffDeg: 0), -22, accuracy: 1e-9)
    }

    func testDowntilt() {
        let tilted = SectorAntenna(downtiltDeg: 10)
        XCTAssertEqual(tilted.antennaGainDbi(azimuthOffDeg: 0, elevationOffDeg: -10), 8, accuracy: 1e-9)
        XCTAssertEqual(tilted.antennaGainDbi(azimuthOffDeg: 0, elevationOffDeg: 0), 8 - 12 * pow(10.0 / 65, 2), accuracy: 1e-9)
        XCTAssertEqual(SectorAntenna.elevationDeg(distance2DM: 23.5, baseStationHeightM: 25, ueHeightM: 1.5), -45, accuracy: 1e-9)
    }
}
