import Foundation

/// A horizontal bar chart as inline SVG: one bar per label, its value written at its end,
/// ticks on a value axis from 0.
public struct BarChart: Sendable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        public init(_ label: String, _ value: Double) { self.label = label; self.value = value }
    }

    public var title: String
    public var valueLabel: String
    public var bars: [Bar]
    /// Formats the value written at a bar's end.
    public var valueFormat: @Sendable (Double) -> String
    /// Counts: ticks on whole numbers only.
    public var wholeNumbers = false
    /// Each bar in its own colour of the series palette (bars that stand for the lines of
    /// another chart, such as policies); otherwise all in the first.
    public var colourPerBar = false
    public var width: Double = 560
    static let barHeight = 18.0, gap = 6.0, marginTop = 30.0, marginRight = 60.0

    public init(title: String, valueLabel: String, bars: [Bar], wholeNumbers: Bool = false, colourPerBar: Bool = false,
                valueFormat: @escaping @Sendable (Double) -> String = { String(format: "%.3g", $0) }) {
        self.title = title; self.valueLabel = valueLabel; self.bars = bars; self.valueFormat = valueFormat
        self.wholeNumbers = wholeNumbers; self.colourPerBar = colourPerBar
    }

    /// The chart as an `<svg>` element; non-finite or negative values are drawn as empty bars.
    public func svg() -> String {
        var canvas = SVGCanvas(width: width)
        canvas.title(title)
        let labelWidth = min(180, max(50, (bars.map { Markup.textWidth($0.label, fontSize: SVGCanvas.fontSize) }.max() ?? 0) + 14))
        let rows = max(bars.count, 1)
        let box = PlotBox(left: labelWidth, top: Self.marginTop, width: width - labelWidth - Self.marginRight,
                          height: Double(rows) * (Self.barHeight + Self.gap) + Self.gap)
        let values = bars.map { $0.value.isFinite ? max(0, $0.value) : 0 }
        let largest = values.max() ?? 0
        let ticks = AxisTicks.covering(0, wholeNumbers ? max(largest, 5) : largest, target: 6)
        let scale = LinearScale(domainLower: ticks.lower, domainUpper: ticks.upper, rangeStart: box.left, rangeEnd: box.right)
        for v in ticks.values {
            let x = scale(v)
            canvas.line(x, box.top, x, box.bottom, stroke: "#e4e4e4")
            canvas.line(x, box.bottom, x, box.bottom + 4, stroke: "#888")
            canvas.text(ticks.label(v), x: x, y: box.bottom + 16, anchor: "middle", className: "tick")
        }
        canvas.plotFrame(box)
        canvas.text(valueLabel, x: box.left + box.width / 2, y: box.bottom + 32, anchor: "middle", className: "axis")
        if bars.isEmpty { canvas.noData(box) }
        for (i, (bar, value)) in zip(bars, values).enumerated() {
            let y = box.top + Self.gap + Double(i) * (Self.barHeight + Self.gap)
            let w = max(0, scale(value) - box.left)
            canvas.text(Markup.fit(bar.label, width: labelWidth - 10, fontSize: SVGCanvas.fontSize),
                        x: box.left - 6, y: y + Self.barHeight / 2 + 4, anchor: "end", className: "tick")
            let tooltip = Markup.escape("\(bar.label): \(valueFormat(bar.value))")
            canvas.append("<rect class=\"bar\" x=\"\(Markup.coordinate(box.left))\" y=\"\(Markup.coordinate(y))\" "
                          + "width=\"\(Markup.coordinate(w))\" height=\"\(Markup.coordinate(Self.barHeight))\" "
                          + "fill=\"\(Markup.seriesStyle(colourPerBar ? i : 0).colour)\"><title>\(tooltip)</title></rect>")
            canvas.text(valueFormat(bar.value), x: box.left + w + 4, y: y + Self.barHeight / 2 + 4, className: "value")
        }
        return canvas.svg(height: box.bottom + 40, label: title)
    }
}
