import Report
import XCTest
@testable import Nodes

final class RunConsoleTests: XCTestCase {
    private func summary(ueNames: [String], cell: String) -> RunSummary {
        var dl = RunSummary.Direction(), ul = RunSummary.Direction()
        dl.throughputMbps = 19.9; dl.latency.p50Ms = 2.93; dl.latency.p99Ms = 6.46
        ul.throughputMbps = 0.95; ul.latency.p50Ms = 7.1; ul.latency.p99Ms = 18.82
        let c = RunSummary.Cell(name: cell, du: "du1", ru: "ru1", downlinkThroughputMbps: 79.78, uplinkThroughputMbps: 4.4,
                                expectedPeakDownlinkMbps: 151.6, downlinkPRBUtilization: 0.731, uplinkPRBUtilization: 0.6,
                                meanDownlinkMCS: 20.84, downlinkTransmissions: 100, downlinkRetransmissions: 990, uplinkTransmissions: 10,
                                uplinkRetransmissions: 1, harqFailures: 0, uplinkHARQFailures: 0, queueDrops: 0,
                                downlinkLatency: dl.latency, uplinkLatency: ul.latency, downlinkFairness: 1)
        let ues = ueNames.enumerated().map { RunSummary.UE(id: UInt32($0), name: $1, group: "g", cell: cell, downlink: dl, uplink: ul) }
        var s = RunSummary(scenario: "quickstart", seed: 1, clock: "virtual", numerology: 1, status: .ok, emulatedDurationMs: 2000,
                           emulatedReachedMs: 2000, slots: 4000, wallDurationS: 1, wallRealTimeFactor: 2, ues: ues, cells: [c],
                           processes: [], captureRecords: 0, captureRecordsSkipped: 0, failure: nil)
        s.flaggedUEs = [RunSummary.FlaggedUE(ue: ueNames[0], cell: cell, direction: "uplink", loss: 0.6, reason: "queue drops")]
        return s
    }

    /// The lines of the table that starts with `header`, up to the next blank line.
    private func table(_ text: String, startingWith header: String) throws -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try XCTUnwrap(lines.firstIndex { $0.hasPrefix(header) }, header)
        return Array(lines[start...].prefix { !$0.isEmpty })
    }

    /// Each column's title in the header starts where that column's values start in every row.
    private func assertAligned(_ rows: [String], columns: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let header = try XCTUnwrap(rows.first)
        var offsets: [Int] = []
        for c in columns { offsets.append(header.distance(from: header.startIndex, to: try XCTUnwrap(header.range(of: c)).lowerBound)) }
        for row in rows.dropFirst() {
            for (column, offset) in zip(columns, offsets) {
                XCTAssertTrue(row.count > offset, "\(row) too short for \(column)", file: file, line: line)
                guard row.count > offset else { continue }
                let at = row.index(row.startIndex, offsetBy: offset)
                XCTAssertNotEqual(row[at], " ", "'\(column)' misaligned in: \(row)", file: file, line: line)
                if offset > 0 {
                    XCTAssertEqual(row[row.index(before: at)], " ", "'\(column)' misaligned in: \(row)", file: file, line: line)
                }
            }
        }
    }

    func testLongUEAndCellNamesKeepEveryColumnAligned() throws {
        let long = "rooftop-sensors-north-0017"   // 26 characters, longer than the default column
        let text = RunConsole(quiet: true).table(summary(ueNames: ["phones-0", long, "x"], cell: "macro-cell-downtown-east"),
                                                 folder: "runs/x")
        try assertAligned(try table(text, startingWith: "UE "), columns: ["cell", "DL Mbps", "DL p50/p99 ms", "DL loss", "UL Mbps", "UL loss"])
        try assertAligned(try table(text, startingWith: "cell "), columns: ["DL Mbps", "peak Mbps", "UL Mbps", "DL PRB", "MCS", "retx"])
        let flagged = try table(text, startingWith: "flagged UEs")
        // The flagged UE's cell starts where the UE table's cell column does.
        XCTAssertTrue(flagged[1].hasPrefix("phones-0" + String(repeating: " ", count: long.count + 2 - 8) + "macro-cell"), flagged[1])
        XCTAssertTrue(text.contains(long + "  macro-cell-downtown-east  19.90"), text)
    }

    func testShortNamesKeepTheUsualWidths() throws {
        let text = RunConsole(quiet: true).table(summary(ueNames: ["phones-0"], cell: "cell1"), folder: "runs/x")
        XCTAssertTrue(text.contains("\nUE            cell      DL Mbps   "), text)
        XCTAssertTrue(text.contains("\nphones-0      cell1     19.90     2.93/6.46       0.0%     0.95      7.10/18.82      0.0%\n"), text)
    }
}
