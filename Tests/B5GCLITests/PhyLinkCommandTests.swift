import ArgumentParser
import XCTest
@testable import B5GCLI

/// `b5g phy link`: non-finite values are refused by name, and the carrier must lie in the
/// TR 38.901 model's range (RMa to 30 GHz only).
final class PhyLinkCommandTests: XCTestCase {
    private func rejection(_ arguments: [String]) -> String? {
        do {
            _ = try PhyLinkCommand.parse(arguments)
            return nil
        } catch {
            return PhyLinkCommand.message(for: error)
        }
    }

    func testAcceptsAValidLink() {
        XCTAssertNil(rejection(["--scenario", "uma", "--distance-m", "200"]))
        XCTAssertNil(rejection(["--scenario", "rma", "--distance-m", "1000", "--carrier-ghz", "30"]))
        XCTAssertNil(rejection(["--scenario", "umi", "--distance-m", "100", "--carrier-ghz", "28", "--interference-dbm=-90"]))
    }

    func testEveryFloatingPointOptionRefusesNonFiniteValues() {
        let options = [
            "--distance-m", "--carrier-ghz", "--tx-power-dbm", "--tx-antenna-gain-dbi", "--bs-height-m", "--ue-height-m",
            "--noise-figure-db", "--interference-dbm",
        ]
        for option in options {
            for bad in ["nan", "inf", "-inf"] {
                let arguments = ["--scenario", "uma", "--distance-m", "200", "\(option)=\(bad)"]
                XCTAssertEqual(rejection(arguments), "\(option) must be a finite number, got \(Double(bad)!)", "\(option) \(bad)")
            }
        }
    }

    func testCarrierRangeFollowsTheScenario() throws {
        let rma = try XCTUnwrap(rejection(["--scenario", "rma", "--distance-m", "1000", "--carrier-ghz", "35"]))
        XCTAssertEqual(rma, "--carrier-ghz: carrier 35.0 GHz is outside the rma path-loss model's 0.5...30.0 GHz (TR 38.901 Table 7.4.1-1)")
        XCTAssertNil(rejection(["--scenario", "uma", "--distance-m", "1000", "--carrier-ghz", "35"]))
        XCTAssertNotNil(rejection(["--scenario", "inh", "--distance-m", "10", "--carrier-ghz", "0.4"]))
        XCTAssertNotNil(rejection(["--scenario", "umi", "--distance-m", "100", "--carrier-ghz", "101"]))
    }

    func testOtherRanges() {
        XCTAssertEqual(rejection(["--scenario", "uma", "--distance-m", "200", "--tx-power-dbm", "90"]),
                       "--tx-power-dbm must be -30...80, got 90.0")
        XCTAssertEqual(rejection(["--scenario", "uma", "--distance-m", "200", "--noise-figure-db=-1"]),
                       "--noise-figure-db must be 0 or more, got -1.0")
    }
}
