import Foundation

/// Events on a time axis as inline SVG: one lane per subject (a node, a policy, a cell), one dot
/// per event coloured by its category, hollow when the event was refused, and optionally the
/// spans of time something held (a cell's serving platform) as labelled bars under the dots;
/// tooltips say what happened.
public struct EventLanes: Sendable {
    public struct Event: Sendable, Equatable {
        public var x: Double
        public var lane: String
        public var category: String
        public var label: String
        /// Drawn hollow (an action that was refused).
        public var hollow: Bool
        public init(x: Double, lane: String, category: String, label: String, hollow: Bool = false) {
            self.x = x; self.lane = lane; self.category = category; self.label = label; self.hollow = hollow
        }
    }

    /// A stretch of time in a lane, labelled inside its bar when the label fits.
    public struct Span: Sendable, Equatable {
        public var from: Double
        public var to: Double
        public var lane: String
        public var label: String
        public init(from: Double, to: Double, lane: String, label: String) {
            self.from = from; self.to = to; self.lane = lane; self.label = label
        }
    }

    public var title: String
    public var xLabel: String
    /// Lanes top to bottom; events and spans in other lanes are not drawn.
    public var lanes: [String]
    public var events: [Event]
    public var spans: [Span] = []
    /// The x axis covers this range and every event.
    public var xRange: ClosedRange<Double>
    public var width: Double = 560
    static let laneHeight = 20.0, marginTop = 30.0, marginRight = 16.0

    public init(title: String, xLabel: String, lanes: [String], events: [Event], spans: [Span] = [],
                xRange: ClosedRange<Double>) {
        self.title = title; self.xLabel = xLabel; self.lanes = lanes; self.events = events; self.spans = spans
        self.xRange = xRange
    }

    /// The chart as an `<svg>` element.
    public func svg() -> String {
        var canvas = SVGCanvas(width: width)
        canvas.title(title)
        let labelWidth = min(140, max(50, (lanes.map { Markup.textWidth($0, fontSize: SVGCanvas.fontSize) }.max() ?? 0) + 14))
        let box = PlotBox(left: labelWidth, top: Self.marginTop, width: width - labelWidth - Self.marginRight,
                          height: Double(max(lanes.count, 1)) * Self.laneHeight)
        let xs = (events.map(\.x) + spans.flatMap { [$0.from, $0.to] }).filter(\.isFinite) + [xRange.lowerBound, xRange.upperBound]
        let ticks = AxisTicks.covering(xs.min()!, xs.max()!, target: 7)
        let scale = LinearScale(domainLower: ticks.lower, domainUpper: ticks.upper, rangeStart: box.left, rangeEnd: box.right)
        for v in ticks.values {
            let x = scale(v)
            canvas.line(x, box.top, x, box.bottom, stroke: "#eeeeee")
            canvas.line(x, box.bottom, x, box.bottom + 4, stroke: "#888")
            canvas.text(ticks.label(v), x: x, y: box.bottom + 16, anchor: "middle", className: "tick")
        }
        for (i, lane) in lanes.enumerated() {
            let y = box.top + (Double(i) + 0.5) * Self.laneHeight
            canvas.line(box.left, y, box.right, y, stroke: "#e4e4e4")
            canvas.text(Markup.fit(lane, width: labelWidth - 10, fontSize: SVGCanvas.fontSize),
                        x: box.left - 6, y: y + 4, anchor: "end", className: "tick")
        }
        canvas.plotFrame(box)
        canvas.text(xLabel, x: box.left + box.width / 2, y: box.bottom + 32, anchor: "middle", className: "axis")
        if events.isEmpty, spans.isEmpty { canvas.noData(box) }

        // Spans under the events, alternating two shades per lane so neighbours stand apart.
        var spanIndex: [String: Int] = [:]
        for s in spans where s.from.isFinite && s.to.isFinite {
            guard let lane = lanes.firstIndex(of: s.lane) else { continue }
            let x0 = scale(min(s.from, s.to)), x1 = scale(max(s.from, s.to))
            let y = box.top + Double(lane) * Self.laneHeight + 3
            let shade = spanIndex[s.lane, default: 0] % 2 == 0 ? "#dbe5f0" : "#f3dfc8"
            spanIndex[s.lane, default: 0] += 1
            canvas.append("<rect class=\"span\" x=\"\(Markup.coordinate(x0))\" y=\"\(Markup.coordinate(y))\" "
                          + "width=\"\(Markup.coordinate(max(1, x1 - x0)))\" height=\"\(Markup.coordinate(Self.laneHeight - 6))\" "
                          + "fill=\"\(shade)\" stroke=\"#9aa5b1\" stroke-width=\"0.5\"><title>\(Markup.escape(s.label))</title></rect>")
            if Markup.textWidth(s.label, fontSize: 10) + 6 < x1 - x0 {
                canvas.text(s.label, x: (x0 + x1) / 2, y: y + Self.laneHeight / 2 + 1, anchor: "middle", className: "span")
            }
        }

        let categories = events.reduce(into: [String]()) { if !$0.contains($1.category) { $0.append($1.category) } }
        for e in events where e.x.isFinite {
            guard let lane = lanes.firstIndex(of: e.lane) else { continue }
            let colour = Markup.markerPalette[categories.firstIndex(of: e.category)! % Markup.markerPalette.count]
            let fill = e.hollow ? "fill=\"#fff\" stroke=\"\(colour)\" stroke-width=\"1.5\"" : "fill=\"\(colour)\""
            canvas.append("<circle cx=\"\(Markup.coordinate(scale(e.x)))\" "
                          + "cy=\"\(Markup.coordinate(box.top + (Double(lane) + 0.5) * Self.laneHeight))\" r=\"4\" \(fill)>"
                          + "<title>\(Markup.escape(e.label))</title></circle>")
        }
        var legend = categories.enumerated().map { i, c in
            SVGCanvas.LegendEntry(name: c, colour: Markup.markerPalette[i % Markup.markerPalette.count], dot: true)
        }
        if events.contains(where: \.hollow) { legend.append(.init(name: "hollow: refused", colour: "#bbbbbb", dot: true)) }
        let legendHeight = canvas.legend(legend, left: box.left, top: box.bottom + 42)
        return canvas.svg(height: box.bottom + 42 + legendHeight + 6, label: title)
    }
}
