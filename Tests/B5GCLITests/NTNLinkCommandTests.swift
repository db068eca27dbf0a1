import ArgumentParser
import XCTest
@testable import B5GCLI

/// `b5g ntn link` and `b5g ntn passes`: every floating-point option refuses nan and inf by name,
/// and ranges are checked where the models define them.
final class NTNLinkCommandTests: XCTestCase {
    private let base = ["--platform", "leo", "--elevation-deg", "30", "--frequency-ghz", "2"]

    /// Parses (which runs `validate()`) and returns the error message, or nil when accepted.
    private func rejection(_ arguments: [String]) -> String? {
        do {
            _ = try NTNLinkCommand.parse(arguments)
            return nil
        } catch {
            return NTNLinkCommand.message(for: error)
        }
    }

    func testAcceptsAValidLink() {
        XCTAssertNil(rejection(base))
        XCTAssertNil(rejection(["--platform", "haps", "--elevation-deg", "90", "--frequency-ghz", "0.5", "--altitude-km", "25"]))
        XCTAssertNil(rejection(base + ["--eirp-dbw=-10", "--shadow-margin-db", "0", "--bandwidth-mhz", "0.36"]))
    }

    func testEveryFloatingPointOptionRefusesNonFiniteValues() {
        let options = [
            "--altitude-km", "--elevation-deg", "--frequency-ghz", "--bandwidth-mhz", "--feeder-elevation-deg",
            "--eirp-density-dbw-per-mhz", "--eirp-dbw", "--g-over-t-db-per-k", "--shadow-margin-db",
        ]
        for option in options {
            for bad in ["nan", "inf", "-inf"] {
                let message = rejection(base + ["\(option)=\(bad)"])
                XCTAssertEqual(message, "\(option) must be a finite number, got \(Double(bad)!)", "\(option) \(bad)")
            }
        }
    }

    func testRanges() throws {
        let below = try XCTUnwrap(rejection(["--platform", "leo", "--elevation-deg", "30", "--frequency-ghz", "0.1"]))
        XCTAssertTrue(below.hasPrefix("--frequency-ghz must be within 0.5...100.0 GHz"), below)
        XCTAssertNotNil(rejection(["--platform", "leo", "--elevation-deg", "30", "--frequency-ghz", "120"]))
        XCTAssertEqual(rejection(["--platform", "leo", "--elevation-deg", "0", "--frequency-ghz", "2"]),
                       "--elevation-deg must be in (0, 90], got 0.0")
        XCTAssertEqual(rejection(base + ["--altitude-km=-5"]), "--altitude-km must be positive, got -5.0")
        XCTAssertEqual(rejection(["--platform", "haps", "--elevation-deg", "30", "--frequency-ghz", "2", "--altitude-km", "40"]),
                       "--altitude-km: a HAPS flies at 18-25 km, got 40.0")
        XCTAssertEqual(rejection(base + ["--bandwidth-mhz", "0"]), "--bandwidth-mhz must be positive, got 0.0")
        XCTAssertEqual(rejection(base + ["--feeder-elevation-deg", "95"]), "--feeder-elevation-deg must be in (0, 90], got 95.0")
        XCTAssertEqual(rejection(base + ["--shadow-margin-db=-1"]), "--shadow-margin-db must be 0 or more, got -1.0")
    }

    func testPassesRefusesNonFiniteValues() {
        func rejection(_ arguments: [String]) -> String? {
            do {
                _ = try NTNPassesCommand.parse(["--tle", "x.tle"] + arguments)
                return nil
            } catch {
                return NTNPassesCommand.message(for: error)
            }
        }
        XCTAssertNil(rejection(["--ground=-33.9,18.4,0.1"]))
        XCTAssertEqual(rejection(["--ground=10,20", "--step-seconds", "inf"]), "--step-seconds must be a finite number, got inf")
        XCTAssertEqual(rejection(["--ground=10,20", "--min-elevation-deg", "nan"]), "--min-elevation-deg must be a finite number, got nan")
        XCTAssertNotNil(rejection(["--ground=10,20,nan"]))
        XCTAssertNotNil(rejection(["--ground=10,inf"]))
    }
}
