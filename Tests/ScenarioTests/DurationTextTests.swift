import XCTest
@testable import Scenario

final class DurationTextTests: XCTestCase {
    private func parseError(_ text: String) -> DurationText.ParseError? {
        do {
            let value = try DurationText.parseMicroseconds(text)
            XCTFail("'\(text)' parsed as \(value) us")
            return nil
        } catch {
            return error
        }
    }

    func testParsesEveryUnit() throws {
        XCTAssertEqual(try DurationText.parseMicroseconds("2s"), 2_000_000)
        XCTAssertEqual(try DurationText.parseMicroseconds("500ms"), 500_000)
        XCTAssertEqual(try DurationText.parseMicroseconds("1.5min"), 90_000_000)
        XCTAssertEqual(try DurationText.parseMicroseconds("250us"), 250)
        XCTAssertEqual(try DurationText.parseMicroseconds(" 2 s "), 2_000_000)
        XCTAssertEqual(try DurationText.parseMicroseconds("-1ms"), -1_000)
    }

    func testRefusesBareNumbersAndUnknownUnits() {
        XCTAssertEqual(parseError("2"), .missingUnit("2"))
        XCTAssertEqual(parseError("2sec"), .unknownUnit(unit: "sec", suggestion: "s"))
        XCTAssertEqual(parseError("3 Ms"), .unknownUnit(unit: "Ms", suggestion: "ms"))
        // Hours have no unit; `h` is not close to anything worth suggesting.
        XCTAssertEqual(parseError("1h"), .unknownUnit(unit: "h", suggestion: nil))
        XCTAssertEqual(parseError("fast"), .notADuration("fast"))
        XCTAssertEqual(parseError(""), .notADuration(""))
        XCTAssertEqual(parseError("1.2.3ms"), .notADuration("1.2.3ms"))
    }

    func testFormatReadsBackToTheSameValue() throws {
        XCTAssertEqual(DurationText.format(microseconds: 1_000), "1ms")
        XCTAssertEqual(DurationText.format(microseconds: 1_500_000), "1.5s")
        XCTAssertEqual(DurationText.format(microseconds: 86_400_000_000), "1440min")
        XCTAssertEqual(DurationText.format(microseconds: 0.5), "0.5us")
        for microseconds in [1.0, 250, 1_000, 1_500, 2_000_000, 90_000_000, 10_000_000] {
            XCTAssertEqual(try DurationText.parseMicroseconds(DurationText.format(microseconds: microseconds)), microseconds)
        }
    }

    func testDurationErrorsInAScenario() {
        let noUnit = issues(baseYAML.replacingOnce("duration: 1s", with: "duration: 2"))
        XCTAssertEqual(noUnit.map(\.description), [
            "duration: '2' has no unit; allowed us, ms, s, min after a number (e.g. 2s, 500ms, 1.5min)",
        ])
        XCTAssertEqual(noUnit.map { [$0.line, $0.column] }, [[2, 11]])
        XCTAssertEqual(issues(baseYAML.replacingOnce("duration: 1s", with: "duration: 0s")).map(\.description),
                       ["duration: 0s is out of range; allowed more than 0s, up to 1440min"])
        XCTAssertEqual(issues(baseYAML.replacingOnce("duration: 1s", with: "duration: 1s\nlinks: { f1: 11s }")).map(\.description),
                       ["links.f1: 11s is out of range; allowed 0s...10s"])
    }
}
