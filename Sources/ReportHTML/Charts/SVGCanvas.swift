/// A rectangle in SVG pixels.
struct PlotBox: Equatable {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    var right: Double { left + width }
    var bottom: Double { top + height }
}

/// Collects the elements of one SVG chart; the parts every chart has (title, axis labels,
/// legend) are drawn the same way here.
struct SVGCanvas {
    static let fontSize = 11.0
    private(set) var body = ""
    let width: Double

    init(width: Double) { self.width = width }

    mutating func append(_ element: String) { body += element + "\n" }

    mutating func text(_ s: String, x: Double, y: Double, anchor: String = "start", className: String? = nil,
                       rotate: Bool = false) {
        let cls = className.map { " class=\"\($0)\"" } ?? ""
        let transform = rotate ? " transform=\"rotate(-90 \(Markup.coordinate(x)) \(Markup.coordinate(y)))\"" : ""
        append("<text x=\"\(Markup.coordinate(x))\" y=\"\(Markup.coordinate(y))\" text-anchor=\"\(anchor)\"\(cls)\(transform)>"
               + Markup.escape(s) + "</text>")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
                       dash: String? = nil, title: String? = nil) {
        let dashAttribute = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        let tooltip = title.map { "<title>\(Markup.escape($0))</title>" } ?? ""
        append("<line x1=\"\(Markup.coordinate(x1))\" y1=\"\(Markup.coordinate(y1))\" x2=\"\(Markup.coordinate(x2))\" "
               + "y2=\"\(Markup.coordinate(y2))\" stroke=\"\(stroke)\" "
               + "stroke-width=\"\(Markup.coordinate(width))\"\(dashAttribute)>"
               + tooltip + "</line>")
    }

    /// The chart's title, top left.
    mutating func title(_ s: String) { text(s, x: 8, y: 17, className: "title") }

    /// The frame of the plot area (tests find the plot box by its class).
    mutating func plotFrame(_ box: PlotBox) {
        append("<rect class=\"plot\" x=\"\(Markup.coordinate(box.left))\" y=\"\(Markup.coordinate(box.top))\" "
               + "width=\"\(Markup.coordinate(box.width))\" height=\"\(Markup.coordinate(box.height))\" "
               + "fill=\"none\" stroke=\"#888\"/>")
    }

    /// A "no data" note in the middle of the plot area.
    mutating func noData(_ box: PlotBox) {
        text("no data", x: box.left + box.width / 2, y: box.top + box.height / 2, anchor: "middle", className: "note")
    }

    /// One legend entry: a colour swatch (a line, or a dot for point series) and its name.
    struct LegendEntry {
        var name: String
        var colour: String
        var dash: String?
        var dot = false
    }

    /// Rows of legend entries laid out left to right from `top`; returns the height used.
    mutating func legend(_ entries: [LegendEntry], left: Double, top: Double) -> Double {
        guard !entries.isEmpty else { return 0 }
        let rowHeight = 16.0
        var x = left, y = top + rowHeight / 2
        for e in entries {
            let w = 22 + Markup.textWidth(e.name, fontSize: Self.fontSize) + 14
            if x + w > width - 8, x > left { x = left; y += rowHeight }
            if e.dot {
                append("<circle cx=\"\(Markup.coordinate(x + 8))\" cy=\"\(Markup.coordinate(y))\" r=\"4\" fill=\"\(e.colour)\"/>")
            } else {
                line(x, y, x + 18, y, stroke: e.colour, width: 2.5, dash: e.dash)
            }
            text(e.name, x: x + 22, y: y + 4, className: "legend")
            x += w
        }
        return y + rowHeight / 2 - top
    }

    /// The finished `<svg>` element, `height` pixels tall, scaling to its container's width
    /// (inline in HTML, so without a namespace).
    func svg(height: Double, label: String) -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(Markup.coordinate(width)) \(Markup.coordinate(height))\" "
            + "role=\"img\" aria-label=\"\(Markup.escape(label))\">\n"
            + body + "</svg>"
    }
}

/// Maps a data interval onto a pixel interval.
struct LinearScale {
    var domainLower: Double
    var domainUpper: Double
    var rangeStart: Double
    var rangeEnd: Double

    func callAsFunction(_ value: Double) -> Double {
        let span = domainUpper - domainLower
        guard span > 0 else { return (rangeStart + rangeEnd) / 2 }
        return rangeStart + (value - domainLower) / span * (rangeEnd - rangeStart)
    }
}
