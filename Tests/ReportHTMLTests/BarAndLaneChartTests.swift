import XCTest
@testable import ReportHTML

final class BarChartTests: XCTestCase {
    func testBarLengthsAreProportionalToValues() throws {
        let svg = BarChart(title: "CPU time per node", valueLabel: "CPU seconds",
                           bars: [.init("du1", 0.32), .init("cu1", 0.16), .init("ru1", 0)]).svg()
        let box = try XCTUnwrap(SVGProbe.plotBox(svg))
        let bars = SVGProbe.elements("rect", in: svg).filter { $0.contains("class=\"bar\"") }
        XCTAssertEqual(bars.count, 3)
        let widths = try bars.map { try XCTUnwrap(SVGProbe.attribute("width", $0)) }
        XCTAssertEqual(widths[1] * 2, widths[0], accuracy: 0.2)
        XCTAssertEqual(widths[2], 0)
        for (bar, w) in zip(bars, widths) {
            XCTAssertEqual(try XCTUnwrap(SVGProbe.attribute("x", bar)), box.left, accuracy: 0.1)
            XCTAssertLessThanOrEqual(box.left + w, box.right + 0.1)
        }
        // The axis is 0...0.35 (ticks of 0.05 over 0...0.32).
        XCTAssertEqual(widths[0], (box.right - box.left) * 0.32 / 0.35, accuracy: 0.2)
    }

    func testWholeNumbersGetWholeTicksAndNoBarsNoNaN() {
        let counts = BarChart(title: "Late slots", valueLabel: "slots", bars: [.init("du1", 0), .init("ru1", 0)], wholeNumbers: true).svg()
        XCTAssertEqual(SVGProbe.tickLabels(counts), ["0", "1", "2", "3", "4", "5", "du1", "ru1"], "axis ticks, then bar labels")
        let empty = BarChart(title: "Nothing", valueLabel: "x", bars: []).svg()
        XCTAssertTrue(empty.contains("no data"))
        let odd = BarChart(title: "Odd", valueLabel: "x", bars: [.init("a", .nan), .init("b", -3), .init("c", 2)]).svg()
        XCTAssertFalse(odd.contains("width=\"nan\""))
        XCTAssertFalse(odd.contains("width=\"-"))
    }

    func testLongLabelsAreShortened() {
        let name = String(repeating: "very-long-node-name-", count: 10)
        let svg = BarChart(title: "t", valueLabel: "v", bars: [.init(name, 1)]).svg()
        XCTAssertFalse(svg.contains(">\(name)</text>"))
        XCTAssertTrue(svg.contains("\u{2026}</text>"))
        XCTAssertTrue(svg.contains("<title>\(name): 1</title>"), "the tooltip keeps the whole name")
    }
}

final class EventLanesTests: XCTestCase {
    func testEventsSitInTheirLaneAtTheirTime() throws {
        let lanes = EventLanes(title: "Actions", xLabel: "emulated time (s)", lanes: ["du1", "ru2"],
                               events: [.init(x: 0, lane: "du1", category: "setCores", label: "a"),
                                        .init(x: 6, lane: "ru2", category: "ruSleep", label: "b <sleep>", hollow: true),
                                        .init(x: 3, lane: "nowhere", category: "x", label: "c")],
                               xRange: 0...12)
        let svg = lanes.svg()
        let box = try XCTUnwrap(SVGProbe.plotBox(svg))
        let dots = SVGProbe.elements("circle", in: svg).filter { $0.contains("r=\"4\"") && !$0.contains("#bbbbbb") }
        let plotted = dots.filter { (SVGProbe.attribute("cy", $0) ?? 0) <= box.bottom }
        XCTAssertEqual(plotted.count, 2, "the event in an unknown lane is not drawn")
        let first = try XCTUnwrap(plotted.first), second = try XCTUnwrap(plotted.last)
        XCTAssertEqual(try XCTUnwrap(SVGProbe.attribute("cx", first)), box.left, accuracy: 0.1)
        XCTAssertEqual(try XCTUnwrap(SVGProbe.attribute("cx", second)), (box.left + box.right) / 2, accuracy: 0.1)
        XCTAssertLessThan(try XCTUnwrap(SVGProbe.attribute("cy", first)), try XCTUnwrap(SVGProbe.attribute("cy", second)))
        XCTAssertTrue(second.contains("fill=\"#fff\""), "a refused action is hollow")
        XCTAssertTrue(svg.contains("<title>b &lt;sleep&gt;</title>"))
        XCTAssertTrue(svg.contains(">hollow: refused</text>"))
    }

    func testSpansCoverTheirTimeAndAreLabelledWhenTheLabelFits() throws {
        let svg = EventLanes(title: "Serving platform", xLabel: "s", lanes: ["sat"], events: [],
                             spans: [.init(from: 0, to: 8, lane: "sat", label: "leo#222"),
                                     .init(from: 8, to: 8.1, lane: "sat", label: "leo#223")],
                             xRange: 0...10).svg()
        let box = try XCTUnwrap(SVGProbe.plotBox(svg))
        let rects = SVGProbe.elements("rect", in: svg).filter { $0.contains("class=\"span\"") }
        XCTAssertEqual(rects.count, 2)
        let x = try XCTUnwrap(SVGProbe.attribute("x", rects[0])), w = try XCTUnwrap(SVGProbe.attribute("width", rects[0]))
        XCTAssertEqual(x, box.left, accuracy: 0.1)
        XCTAssertEqual(w, (box.right - box.left) * 0.8, accuracy: 0.2)
        XCTAssertTrue(svg.contains(">leo#222</text>"), "a wide span is labelled")
        XCTAssertFalse(svg.contains(">leo#223</text>"), "a narrow one only in its tooltip")
        XCTAssertTrue(svg.contains("<title>leo#223</title>"))
        XCTAssertFalse(svg.contains("no data"))
    }
}
