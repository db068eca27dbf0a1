import Foundation

/// Text for SVG and HTML markup: escaping, coordinates and the colours every chart shares.
enum Markup {
    /// `text` safe inside an element or a double-quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate with one decimal (a tenth of a pixel is finer than any screen draws).
    static func coordinate(_ x: Double) -> String {
        let s = String(format: "%.1f", x)
        if s.hasSuffix(".0") { return s == "-0.0" ? "0" : String(s.dropLast(2)) }
        return s
    }

    /// Tableau 10: distinct for the usual handful of series, readable in colour-blind vision.
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                          "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    /// Colour and dash of the `index`th series: the palette, then the palette dashed.
    static func seriesStyle(_ index: Int) -> (colour: String, dash: String?) {
        let colour = palette[index % palette.count]
        return (colour, index / palette.count % 2 == 1 ? "6 3" : nil)
    }

    /// Darker colours for events (markers, event lanes), apart from the series palette.
    static let markerPalette = ["#333333", "#d62728", "#2ca02c", "#9467bd", "#8c564b",
                                "#17becf", "#e377c2", "#bcbd22", "#1f77b4", "#ff7f0e"]

    /// Rough width of `text` at `fontSize` px in a sans-serif font, for laying out legends.
    static func textWidth(_ text: String, fontSize: Double) -> Double { Double(text.count) * fontSize * 0.58 }

    /// `text` shortened with an ellipsis to about `width` px.
    static func fit(_ text: String, width: Double, fontSize: Double) -> String {
        let chars = max(3, Int(width / (fontSize * 0.58)))
        return text.count <= chars ? text : String(text.prefix(chars - 1)) + "\u{2026}"
    }
}
