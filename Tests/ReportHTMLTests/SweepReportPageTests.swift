import Foundation
import Report
import XCTest
@testable import ReportHTML

final class SweepReportPageTests: XCTestCase {
    private func row(_ values: [String], seed: UInt64, dl: Double?) -> SweepTable.Row {
        SweepTable.Row(values: values, seed: seed, status: dl == nil ? "exit 1" : "ok", folder: "run-\(values.joined())-\(seed)",
                       kpis: dl.map { SweepKPIs(downlinkMbps: $0, fairness: 1, wallRealTimeFactor: 3) })
    }

    func testMeansOverSeedsSkipRunsWithoutASummary() {
        let page = SweepReportPage(scenario: "q", table: SweepTable(parameters: ["n"], rows: [
            row(["1"], seed: 1, dl: 10), row(["1"], seed: 2, dl: 20), row(["2"], seed: 1, dl: nil), row(["2"], seed: 2, dl: 50),
        ]))
        let means = page.meansByCombination()
        XCTAssertEqual(means.map(\.values), [["1"], ["2"]])
        XCTAssertEqual(means.map { $0.kpis[0] }, [15, 50])
        XCTAssertEqual(means[0].kpis[9] ?? -1, -1, "no energy in any run: nothing to average")
    }

    func testNumericValuesGiveLinesAgainstTheVaryingParameter() {
        let table = SweepTable(parameters: ["duration", "ueGroups.phones.count"], rows: [
            row(["200ms", "1"], seed: 1, dl: 20), row(["200ms", "3"], seed: 1, dl: 60),
        ])
        let html = SweepReportPage(scenario: "quickstart", table: table).html()
        XCTAssertTrue(html.contains("Sweep: quickstart"))
        XCTAssertTrue(html.contains("<polyline"), "line charts")
        XCTAssertTrue(html.contains("class=\"axis\">ueGroups.phones.count</text>"), "the varying parameter is the x axis")
        XCTAssertFalse(html.contains("class=\"axis\">duration</text>"), "a one-value parameter is no axis")
        XCTAssertFalse(html.contains("Energy"), "no run has energy")
        XCTAssertTrue(html.contains("run-200ms1-1/report.html"))
    }

    func testWordValuesGiveBars() {
        let table = SweepTable(parameters: ["cells.cell1.scheduler"], rows: [
            row(["rr"], seed: 1, dl: 20), row(["pf"], seed: 1, dl: 30),
        ])
        let html = SweepReportPage(scenario: "q", table: table).html()
        XCTAssertTrue(html.contains("cells.cell1.scheduler=rr"))
        XCTAssertTrue(html.contains("cells.cell1.scheduler=pf"))
    }
}
