import Foundation
import Report
import XCTest
@testable import ReportHTML

final class SweepReportPageTests: XCTestCase {
    private func row(_ values: [String], seed: UInt64, dl: Double?) -> SweepTable.Row {
        SweepTable.Row(values: values, seed: seed, status: dl == nil ? "exit 1" : "ok", folder: "run-\(values.joined())-\(seed)",
                       kpis: dl.map { SweepKPIs(downlinkMbps: $0, fairness: 1, wallRealTimeFactor: 3) })
    }

    func testMeansOverSeedsLeaveOutRunsThatDidNotEndOK() {
        let page = SweepReportPage(table: SweepTable(scenario: "q", parameters: ["n"], rows: [
            row(["1"], seed: 1, dl: 10), row(["1"], seed: 2, dl: 20), row(["2"], seed: 1, dl: nil), row(["2"], seed: 2, dl: 50),
            SweepTable.Row(values: ["2"], seed: 3, status: "setupFailed", folder: "f", kpis: SweepKPIs()),
        ]))
        let means = page.meansByCombination()
        XCTAssertEqual(means.map(\.values), [["1"], ["2"]])
        XCTAssertEqual(means.map { $0.kpis[0] }, [15, 50])
        XCTAssertEqual(means[0].kpis[9] ?? -1, -1, "no energy in any run: nothing to average")
    }

    func testNumericValuesGiveLinesAgainstTheVaryingParameter() {
        let table = SweepTable(scenario: "quickstart", parameters: ["duration", "ueGroups.phones.count"], rows: [
            row(["200ms", "1"], seed: 1, dl: 20), row(["200ms", "3"], seed: 1, dl: 60),
        ])
        let html = SweepReportPage(table: table).html()
        XCTAssertTrue(html.contains("Sweep: quickstart"))
        XCTAssertTrue(html.contains("<polyline"), "line charts")
        XCTAssertTrue(html.contains("class=\"axis\">ueGroups.phones.count</text>"), "the varying parameter is the x axis")
        XCTAssertFalse(html.contains("class=\"axis\">duration</text>"), "a one-value parameter is no axis")
        XCTAssertFalse(html.contains("Energy"), "no run has energy")
        XCTAssertTrue(html.contains("run-200ms1-1/report.html"))
    }

    func testWordValuesGiveBars() {
        let table = SweepTable(scenario: "q", parameters: ["cells.cell1.scheduler"], rows: [
            row(["rr"], seed: 1, dl: 20), row(["pf"], seed: 1, dl: 30),
        ])
        let html = SweepReportPage(table: table).html()
        XCTAssertTrue(html.contains("cells.cell1.scheduler=rr"))
        XCTAssertTrue(html.contains("cells.cell1.scheduler=pf"))
    }

    func testSweepFolderIsWrittenAndReadAgain() throws {
        let folder = NSTemporaryDirectory() + "b5g-sweep-page-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let table = SweepTable(scenario: "q", parameters: ["n"], rows: [row(["4"], seed: 1, dl: 12.5), row(["8"], seed: 1, dl: nil)])
        try HTMLReport.writeSweep(folder: folder, table: table)
        XCTAssertEqual(try HTMLReport.kind(of: folder), .sweep)
        let again = try SweepReportPage.load(folder: folder)
        XCTAssertEqual(again.table.rows.map(\.values), [["4"], ["8"]])
        XCTAssertEqual(again.table.rows.map(\.kpis), table.rows.map(\.kpis))
        try FileManager.default.removeItem(atPath: "\(folder)/report.html")
        let path = try HTMLReport.write(folder: folder)
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains("Sweep: q"))
        XCTAssertEqual(try String(contentsOfFile: "\(folder)/sweep.csv", encoding: .utf8), table.csv())
    }

    func testValuesInDifferentUnitsAreNotPutOnOneAxis() {
        XCTAssertEqual(SweepReportPage.leadingNumber("200ms"), 200)
        XCTAssertEqual(SweepReportPage.unit("200ms"), "ms")
        XCTAssertNil(SweepReportPage.leadingNumber("pf"))
        let table = SweepTable(scenario: "q", parameters: ["duration"], rows: [
            row(["500ms"], seed: 1, dl: 20), row(["1s"], seed: 1, dl: 30),
        ])
        let html = SweepReportPage(table: table).html()
        XCTAssertFalse(html.contains("<polyline"), "bars, not a line from 1 to 500")
        XCTAssertTrue(html.contains("duration=500ms"))
    }
}
