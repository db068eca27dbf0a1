import Foundation
@testable import Scenario
import XCTest

/// TLE files are checked line by line at validation; the line at fault is the one reported.
final class ReferencedFileTests: XCTestCase {
    private let line1 = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927"
    private let line2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"

    func testGoodFilesWithTitlesCommentsAndBlankLinesPass() {
        XCTAssertNil(ReferencedFile.tleProblem("# catalogue\nISS\n\(line1)\n\(line2)\n\n0 ISS again\n\(line1)\r\n\(line2)\r\n"))
    }

    func testTheLineAtFaultIsNamed() {
        XCTAssertEqual(ReferencedFile.tleProblem("")?.message, "holds no two-line element set")
        XCTAssertEqual(ReferencedFile.tleProblem("")?.line, 0)
        XCTAssertEqual(ReferencedFile.tleProblem("ISS\n\(line1)\nISS 2\n")?.line, 2, "a line 1 followed by a title")
        XCTAssertEqual(ReferencedFile.tleProblem("ISS\n\(line1)\n")?.line, 2, "a line 1 at the end")
        XCTAssertEqual(ReferencedFile.tleProblem("\(line1)\n\(line1)\n\(line2)\n")?.line, 1, "two line 1s")
        XCTAssertEqual(ReferencedFile.tleProblem("ISS\n\(line2)\n")?.line, 2, "a line 2 alone")
        XCTAssertEqual(ReferencedFile.tleProblem("\(line1.prefix(40))\n\(line2)\n")?.line, 1, "a short line 1")
        XCTAssertEqual(ReferencedFile.tleProblem("\(line1)\n\(line2)\n\(line1)\n\(line2.prefix(30))\n")?.line, 4, "a short line 2")
    }

    func testUnusableFilesAreRefusedWithTheirCause() throws {
        guard case .problem(let missing) = ReferencedFile.read("/nonexistent/sats.tle") else { return XCTFail("read a missing file") }
        XCTAssertEqual(missing, "no such file")
        guard case .problem(let folder) = ReferencedFile.read(NSTemporaryDirectory()) else { return XCTFail("read a folder") }
        XCTAssertEqual(folder, "is a folder, not a file")
        let path = NSTemporaryDirectory() + "referenced-\(getpid()).bin"
        try Data([0x31, 0x00, 0x32]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard case .problem(let binary) = ReferencedFile.read(path) else { return XCTFail("read a binary file") }
        XCTAssertEqual(binary, "is not text (it holds NUL bytes)")
    }
}
