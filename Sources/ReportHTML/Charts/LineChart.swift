import Foundation

/// A line chart as inline SVG: named series over a shared x axis, ticks and grid lines, axis
/// labels, a legend, and optional event markers (vertical lines with a tooltip).
public struct LineChart: Sendable {
    /// How the y axis maps values.
    public enum YAxis: Sendable, Equatable {
        /// Ticks covering the data (and 0 when `includeZero`).
        case linear(includeZero: Bool)
        /// A fixed range, e.g. 0...100 for a percentage; values outside are clipped to it.
        case fixed(lower: Double, upper: Double)
        /// Values are fractions 0...1 (a CDF) drawn by their nines: 0, 90 %, 99 %, 99.9 % equally
        /// spaced, so the tail is as visible as the body.
        case percentileNines
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [ChartSeries]
    public var markers: [ChartMarker]
    public var yAxis: YAxis
    /// Whether the x axis starts at 0 at the latest (time from the start of the run).
    public var xIncludesZero: Bool
    public var width: Double = 560
    public var plotHeight: Double = 190
    /// Each series keeps at most this many points (see ``ChartSeries/decimate(_:limit:)``).
    public var pointLimit = 1200

    static let marginLeft = 58.0, marginRight = 16.0, marginTop = 30.0

    public init(title: String, xLabel: String, yLabel: String, series: [ChartSeries], markers: [ChartMarker] = [],
                yAxis: YAxis = .linear(includeZero: true), xIncludesZero: Bool = true) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.series = series; self.markers = markers
        self.yAxis = yAxis; self.xIncludesZero = xIncludesZero
    }

    /// Whether any series has a point to draw.
    public var hasData: Bool { series.contains { !$0.finitePoints.isEmpty } }

    /// Whether every point to draw is 0 (a line along the axis that says nothing).
    public var isAllZero: Bool { series.allSatisfy { $0.finitePoints.allSatisfy { $0.y == 0 } } }

    /// The highest nines shown on a ``YAxis/percentileNines`` axis (99.999 %).
    static let ninesMax = 5.0

    /// A CDF value on the nines axis: -log10(1 - p), capped.
    static func nines(_ p: Double) -> Double {
        p >= 1 ? ninesMax : min(ninesMax, -log10(1 - max(0, p)))
    }

    /// The chart as an `<svg>` element.
    public func svg() -> String {
        var canvas = SVGCanvas(width: width)
        canvas.title(title)
        let drawn = series.map { ChartSeries.decimate($0.finitePoints, limit: pointLimit) }
        let all = drawn.flatMap { $0 }

        // y: transformed for the nines axis, then ticks over the values.
        let onNines = yAxis == .percentileNines
        func transform(_ y: Double) -> Double { onNines ? Self.nines(y) : y }
        let yTicks: AxisTicks, yLabelOf: (Double) -> String
        switch yAxis {
        case .linear(let includeZero):
            let ys = all.map(\.y) + (includeZero ? [0] : [])
            yTicks = AxisTicks.covering(ys.min() ?? 0, ys.max() ?? 1)
            yLabelOf = yTicks.label
        case .fixed(let lower, let upper):
            let t = AxisTicks.covering(lower, upper)
            yTicks = AxisTicks(lower: lower, upper: upper, step: t.step, values: t.values.filter { $0 >= lower && $0 <= upper })
            yLabelOf = t.label
        case .percentileNines:
            let top = max(1, min(Self.ninesMax, (all.map { Self.nines($0.y) }.max() ?? 1).rounded(.up)))
            yTicks = AxisTicks(lower: 0, upper: top, step: 1, values: stride(from: 0, through: top, by: 1).map { $0 })
            yLabelOf = { n in n == 0 ? "0%" : AxisTicks.format(100 * (1 - pow(10, -n)), decimals: max(0, Int(n) - 2)) + "%" }
        }

        // The plot area leaves room on its left for the widest y label and the axis title.
        let labelsWidth = yTicks.values.map { Markup.textWidth(yLabelOf($0), fontSize: SVGCanvas.fontSize) }.max() ?? 0
        let left = max(Self.marginLeft, labelsWidth + 34)
        let box = PlotBox(left: left, top: Self.marginTop, width: width - left - Self.marginRight, height: plotHeight)
        let yScale = LinearScale(domainLower: yTicks.lower, domainUpper: yTicks.upper, rangeStart: box.bottom, rangeEnd: box.top)

        // x: the data and the markers, from 0 when asked.
        var xs = all.map(\.x) + markers.map(\.x).filter(\.isFinite)
        if xIncludesZero { xs.append(0) }
        let xTicks = AxisTicks.covering(xs.min() ?? 0, xs.max() ?? 1, target: 7)
        let xScale = LinearScale(domainLower: xTicks.lower, domainUpper: xTicks.upper, rangeStart: box.left, rangeEnd: box.right)
        func py(_ y: Double) -> Double { yScale(min(max(transform(y), yTicks.lower), yTicks.upper)) }

        // Grid, ticks and labels.
        for v in yTicks.values {
            let y = yScale(v)
            canvas.line(box.left, y, box.right, y, stroke: "#e4e4e4")
            canvas.line(box.left - 4, y, box.left, y, stroke: "#888")
            canvas.text(yLabelOf(v), x: box.left - 7, y: y + 4, anchor: "end", className: "tick")
        }
        for v in xTicks.values {
            let x = xScale(v)
            canvas.line(x, box.bottom, x, box.bottom + 4, stroke: "#888")
            canvas.text(xTicks.label(v), x: x, y: box.bottom + 16, anchor: "middle", className: "tick")
        }
        canvas.plotFrame(box)
        canvas.text(xLabel, x: box.left + box.width / 2, y: box.bottom + 32, anchor: "middle", className: "axis")
        canvas.text(yLabel, x: 14, y: box.top + box.height / 2, anchor: "middle", className: "axis", rotate: true)
        if all.isEmpty { canvas.noData(box) }

        // Markers under the lines, one colour per category.
        let categories = markers.reduce(into: [String]()) { if !$0.contains($1.category) { $0.append($1.category) } }
        for m in markers where m.x.isFinite {
            let colour = Markup.markerPalette[categories.firstIndex(of: m.category)! % Markup.markerPalette.count]
            let x = xScale(m.x)
            canvas.line(x, box.top, x, box.bottom, stroke: colour, width: 1, dash: "3 3", title: m.label)
        }

        var legend: [SVGCanvas.LegendEntry] = []
        for (i, (s, points)) in zip(series, drawn).enumerated() {
            let style = Markup.seriesStyle(i)
            legend.append(.init(name: s.name, colour: style.colour, dash: style.dash, dot: points.count == 1))
            guard !points.isEmpty else { continue }
            let tooltip = "<title>\(Markup.escape(s.name))</title>"
            if points.count == 1 {
                canvas.append("<circle cx=\"\(Markup.coordinate(xScale(points[0].x)))\" cy=\"\(Markup.coordinate(py(points[0].y)))\" "
                              + "r=\"3\" fill=\"\(style.colour)\">\(tooltip)</circle>")
                continue
            }
            let coordinates = points.map { "\(Markup.coordinate(xScale($0.x))),\(Markup.coordinate(py($0.y)))" }
                .joined(separator: " ")
            let dash = style.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            canvas.append("<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(style.colour)\" stroke-width=\"1.6\""
                          + " stroke-linejoin=\"round\"\(dash)>\(tooltip)</polyline>")
        }
        for (i, c) in categories.enumerated() {
            legend.append(.init(name: c, colour: Markup.markerPalette[i % Markup.markerPalette.count], dash: "3 3"))
        }
        let legendHeight = canvas.legend(series.count > 1 || !categories.isEmpty ? legend : [], left: box.left,
                                         top: box.bottom + 42)
        return canvas.svg(height: box.bottom + 42 + legendHeight + 6, label: title)
    }
}

extension LineChart {
    /// The chart as a file of its own (docs, benchmark output): namespaced, white background,
    /// with the text styles a report page would give it.
    public func standaloneSVG() -> String {
        let chart = svg()
        guard let open = chart.range(of: "<svg ") else { return chart }
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
        let style = "<style>\nsvg { font-family: sans-serif; background: #fff; }\n\(HTMLPage.chartStyle)</style>\n"
        var body = String(chart[open.upperBound...])
        if let close = body.firstIndex(of: ">") { body.insert(contentsOf: "\n" + style, at: body.index(after: close)) }
        return head + body
    }
}
