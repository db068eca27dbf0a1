import XCTest
@testable import ReportHTML

final class CSVTableTests: XCTestCase {
    func testQuotedFieldsAsActionsCSVWritesThem() {
        let text = """
            id,period,slot,node,type,detail,reason,accepted,refusal,applied_slot
            7,0,219,du2,migrate,"{""toServer"":""srv1"",""type"":""migrate""}","consolidate: empty server srv2, predicted 240 W saved",true,,219
            8,1,300,ru1,ruSleep,{},"two
            lines",false,no,

            """
        let t = CSVTable(text: text)
        XCTAssertEqual(t.header.count, 10)
        XCTAssertEqual(t.rows.count, 2)
        XCTAssertEqual(t.rows[0][5], "{\"toServer\":\"srv1\",\"type\":\"migrate\"}")
        XCTAssertEqual(t.rows[0][6], "consolidate: empty server srv2, predicted 240 W saved")
        XCTAssertEqual(t.rows[1][6], "two\nlines")
        XCTAssertEqual(t.rows[1][9], "")
        let actions = RunFolderData.parseActions(t)
        XCTAssertEqual(actions.map(\.id), [7, 8])
        XCTAssertEqual(actions[0].appliedAtSlot, 219)
        XCTAssertTrue(actions[0].accepted)
        XCTAssertNil(actions[0].refusal)
        XCTAssertEqual(actions[1].refusal, "no")
        XCTAssertNil(actions[1].appliedAtSlot)
    }

    func testShortRowsAndCRLFAreHandled() {
        let t = CSVTable(text: "a,b\r\n1,2\r\n3\r\n4,5")
        XCTAssertEqual(t.rows, [["1", "2"], ["4", "5"]])
    }
}

final class PercentileDistributionTests: XCTestCase {
    static let hgrm = """
               Value     Percentile TotalCount 1/(1-Percentile)

                2.53 0.000000000000        276           1.00
                2.99 0.500000000000       6643           2.00
                6.01 0.950000000000      12171          20.00
                8.96 0.999902343750      12798       10240.00
                9.54 1.000000000000      12799
        #[Mean    =         3.34, StdDeviation   =         1.00]
        #[Max     =         9.54, Total count    =        12799]
        """

    func testParsesValuesAndPercentiles() throws {
        let d = try XCTUnwrap(PercentileDistribution(name: "phones-downlink", text: Self.hgrm))
        XCTAssertEqual(d.group, "phones")
        XCTAssertEqual(d.direction, "downlink")
        XCTAssertEqual(d.totalCount, 12799)
        XCTAssertEqual(d.points.map(\.x), [2.53, 2.99, 6.01, 8.96, 9.54])
        XCTAssertEqual(d.points[1].y, 0.5)
        // The last packet's row is placed at 1 - 1/count, not at infinitely many nines.
        XCTAssertEqual(d.points[4].y, 1 - 1 / 12799.0, accuracy: 1e-12)
        XCTAssertTrue(zip(d.points, d.points.dropFirst()).allSatisfy { $0.y <= $1.y })
    }

    func testGroupNamesWithDashesAndNoDirection() throws {
        XCTAssertEqual(PercentileDistribution(name: "cap1-video-uplink", text: Self.hgrm)?.group, "cap1-video")
        let other = try XCTUnwrap(PercentileDistribution(name: "odd", text: Self.hgrm))
        XCTAssertEqual(other.group, "odd")
        XCTAssertNil(PercentileDistribution(name: "empty-downlink", text: "       Value     Percentile TotalCount\n#[Mean = 0]\n"))
    }
}
