import XCTest
@testable import ReportHTML

/// What the tests read back from a chart's SVG.
enum SVGProbe {
    /// The plot area's rectangle (class "plot").
    static func plotBox(_ svg: String) -> (left: Double, top: Double, right: Double, bottom: Double)? {
        guard let rect = elements("rect", in: svg).first(where: { $0.contains("class=\"plot\"") }),
              let x = attribute("x", rect), let y = attribute("y", rect),
              let w = attribute("width", rect), let h = attribute("height", rect) else { return nil }
        return (x, y, x + w, y + h)
    }

    /// The points of every polyline, in pixels.
    static func polylines(_ svg: String) -> [[(x: Double, y: Double)]] {
        elements("polyline", in: svg).map { element in
            let points = stringAttribute("points", element) ?? ""
            return points.split(separator: " ").map { pair in
                let xy = pair.split(separator: ",").map { Double($0)! }
                return (xy[0], xy[1])
            }
        }
    }

    /// The opening tags of every `<name ...>` element.
    static func elements(_ name: String, in svg: String) -> [String] {
        var out: [String] = []
        var rest = svg[...]
        while let start = rest.range(of: "<\(name) ") {
            let end = rest[start.upperBound...].firstIndex(of: ">")!
            out.append(String(rest[start.lowerBound...end]))
            rest = rest[end...]
        }
        return out
    }

    static func stringAttribute(_ name: String, _ element: String) -> String? {
        guard let r = element.range(of: " \(name)=\"") else { return nil }
        let rest = element[r.upperBound...]
        return String(rest[..<rest.firstIndex(of: "\"")!])
    }

    static func attribute(_ name: String, _ element: String) -> Double? { stringAttribute(name, element).flatMap(Double.init) }

    /// The text of every `<text class="tick">` element.
    static func tickLabels(_ svg: String) -> [String] {
        svg.components(separatedBy: "class=\"tick\">").dropFirst().map { String($0[..<$0.range(of: "</text>")!.lowerBound]) }
    }
}

final class LineChartTests: XCTestCase {
    private func chart(_ series: [ChartSeries], yAxis: LineChart.YAxis = .linear(includeZero: true),
                       markers: [ChartMarker] = []) -> LineChart {
        LineChart(title: "Downlink throughput", xLabel: "emulated time (s)", yLabel: "Mbit/s", series: series, markers: markers,
                  yAxis: yAxis)
    }

    func testValuesAreScaledIntoThePlotBox() throws {
        let points = (0..<50).map { ChartPoint(Double($0) * 0.1, 40 + 30 * sin(Double($0) / 5)) }
        let svg = chart([ChartSeries(name: "cell1", points: points)]).svg()
        let box = try XCTUnwrap(SVGProbe.plotBox(svg))
        let line = try XCTUnwrap(SVGProbe.polylines(svg).first)
        XCTAssertEqual(line.count, 50)
        for p in line {
            XCTAssertTrue((box.left...box.right).contains(p.x), "x \(p.x) outside \(box)")
            XCTAssertTrue((box.top...box.bottom).contains(p.y), "y \(p.y) outside \(box)")
        }
        // x from 0: the first point is on the left edge; time runs left to right, values bottom to top.
        XCTAssertEqual(line[0].x, box.left, accuracy: 0.1)
        XCTAssertTrue(zip(line, line.dropFirst()).allSatisfy { $0.x < $1.x })
        let highest = points.indices.max { points[$0].y < points[$1].y }!, lowest = points.indices.min { points[$0].y < points[$1].y }!
        XCTAssertLessThan(line[highest].y, line[lowest].y, "a larger value is drawn higher")
        // The y axis is 0...80 (nice ticks over 0...70): a value of 40 sits at the middle.
        XCTAssertEqual(line[0].y, box.bottom - (box.bottom - box.top) * 40 / 80, accuracy: 0.1)
        XCTAssertEqual(SVGProbe.tickLabels(svg).prefix(5), ["0", "20", "40", "60", "80"])
    }

    func testEmptySeriesDrawAxesAndANote() {
        for series in [[], [ChartSeries(name: "cell1", points: [])],
                       [ChartSeries(name: "cell1", points: [ChartPoint(.nan, 1), ChartPoint(1, .infinity)])]] {
            let c = chart(series)
            XCTAssertFalse(c.hasData)
            let svg = c.svg()
            XCTAssertTrue(svg.contains("no data"))
            XCTAssertNotNil(SVGProbe.plotBox(svg))
            XCTAssertTrue(SVGProbe.polylines(svg).isEmpty)
            XCTAssertFalse(svg.lowercased().contains("nan"), "no NaN coordinates")
            XCTAssertFalse(svg.contains("inf"))
        }
    }

    func testNonFinitePointsAreSkippedAndOnePointIsADot() throws {
        let svg = chart([ChartSeries(name: "a", points: [ChartPoint(0, 1), ChartPoint(1, .nan), ChartPoint(2, 3)]),
                         ChartSeries(name: "b", points: [ChartPoint(1, 2)])]).svg()
        let lines = SVGProbe.polylines(svg)
        XCTAssertEqual(lines.count, 1)
        XCTAssertEqual(lines[0].count, 2)
        XCTAssertEqual(SVGProbe.elements("circle", in: svg).count, 2, "the one-point series and its legend swatch")
        XCTAssertFalse(svg.lowercased().contains("nan"))
    }

    func testFlatSeriesStaysInsideTheBox() throws {
        let svg = chart([ChartSeries(name: "a", points: [ChartPoint(0, 5), ChartPoint(1, 5)])],
                        yAxis: .linear(includeZero: false)).svg()
        let box = try XCTUnwrap(SVGProbe.plotBox(svg))
        for p in try XCTUnwrap(SVGProbe.polylines(svg).first) {
            XCTAssertGreaterThan(p.y, box.top)
            XCTAssertLessThan(p.y, box.bottom)
        }
    }

    func testFixedAxisClipsOutOfRangeValues() throws {
        let svg = chart([ChartSeries(name: "a", points: [ChartPoint(0, -10), ChartPoint(1, 50), ChartPoint(2, 130)])],
                        yAxis: .fixed(lower: 0, upper: 100)).svg()
        let box = try XCTUnwrap(SVGProbe.plotBox(svg))
        let line = try XCTUnwrap(SVGProbe.polylines(svg).first)
        XCTAssertEqual(line[0].y, box.bottom, accuracy: 0.1)
        XCTAssertEqual(line[1].y, (box.top + box.bottom) / 2, accuracy: 0.1)
        XCTAssertEqual(line[2].y, box.top, accuracy: 0.1)
        XCTAssertEqual(SVGProbe.tickLabels(svg).prefix(6), ["0", "20", "40", "60", "80", "100"])
    }

    func testPercentileAxisSpacesNinesEqually() throws {
        let cdf = [ChartPoint(1, 0), ChartPoint(2, 0.9), ChartPoint(3, 0.99), ChartPoint(4, 0.999), ChartPoint(5, 1)]
        let svg = chart([ChartSeries(name: "phones", points: cdf)], yAxis: .percentileNines).svg()
        let line = try XCTUnwrap(SVGProbe.polylines(svg).first)
        let gaps = zip(line, line.dropFirst()).map { $0.y - $1.y }
        XCTAssertEqual(gaps[0], gaps[1], accuracy: 0.15, "0 to 90 % as tall as 90 to 99 %")
        XCTAssertEqual(gaps[1], gaps[2], accuracy: 0.15)
        let labels = SVGProbe.tickLabels(svg)
        for label in ["0%", "90%", "99%", "99.9%"] { XCTAssertTrue(labels.contains(label), "\(label) in \(labels)") }
        let box = try XCTUnwrap(SVGProbe.plotBox(svg))
        XCTAssertEqual(line.last!.y, box.top, accuracy: 0.1, "100 % is drawn at the top, not at infinity")
    }

    func testLegendNamesEverySeriesAndEscapesText() {
        let svg = LineChart(title: "A <b> & \"c\"", xLabel: "t", yLabel: "y",
                            series: [ChartSeries(name: "cell<1>", points: [ChartPoint(0, 1), ChartPoint(1, 2)]),
                                     ChartSeries(name: "cell2", points: [ChartPoint(0, 2), ChartPoint(1, 1)])]).svg()
        XCTAssertTrue(svg.contains("cell&lt;1&gt;"))
        XCTAssertTrue(svg.contains(">cell2</text>"))
        XCTAssertTrue(svg.contains("A &lt;b&gt; &amp; &quot;c&quot;"))
        XCTAssertFalse(svg.contains("<b>"))
        // Two series, two colours.
        let strokes = Set(SVGProbe.elements("polyline", in: svg).compactMap { SVGProbe.stringAttribute("stroke", $0) })
        XCTAssertEqual(strokes.count, 2)
    }

    func testMarkersAreDrawnAtTheirTimeWithATooltip() throws {
        let svg = chart([ChartSeries(name: "total", points: [ChartPoint(0, 10), ChartPoint(10, 20)])],
                        markers: [ChartMarker(x: 5, category: "ruSleep", label: "ru2 sleeps")]).svg()
        let box = try XCTUnwrap(SVGProbe.plotBox(svg))
        let marker = try XCTUnwrap(SVGProbe.elements("line", in: svg).first { $0.contains("stroke-dasharray=\"3 3\"") })
        XCTAssertEqual(try XCTUnwrap(SVGProbe.attribute("x1", marker)), (box.left + box.right) / 2, accuracy: 0.1)
        XCTAssertTrue(svg.contains("<title>ru2 sleeps</title>"))
        XCTAssertTrue(svg.contains(">ruSleep</text>"), "the marker's category is in the legend")
    }

    func testLongSeriesAreDecimatedKeepingPeaks() {
        var points = (0..<10_000).map { ChartPoint(Double($0), 1) }
        points[4321].y = 99
        points[8765].y = -5
        let kept = ChartSeries.decimate(points, limit: 1000)
        XCTAssertLessThanOrEqual(kept.count, 1000)
        XCTAssertTrue(kept.contains(ChartPoint(4321, 99)))
        XCTAssertTrue(kept.contains(ChartPoint(8765, -5)))
        XCTAssertTrue(zip(kept, kept.dropFirst()).allSatisfy { $0.x < $1.x })
        XCTAssertEqual(ChartSeries.decimate(Array(points.prefix(10)), limit: 1000).count, 10, "short series unchanged")
    }
}
