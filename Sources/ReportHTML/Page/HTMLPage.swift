import Foundation

/// Builds one self-contained HTML page: its style inline, charts as inline SVG, no script and
/// nothing fetched, so the file opens the same anywhere, offline.
struct HTMLPage {
    private(set) var body = ""
    let title: String

    init(title: String) { self.title = title }

    mutating func append(_ html: String) { body += html + "\n" }

    mutating func heading(_ text: String, level: Int = 2, id: String? = nil) {
        let anchor = id.map { " id=\"\(Markup.escape($0))\"" } ?? ""
        append("<h\(level)\(anchor)>\(Markup.escape(text))</h\(level)>")
    }

    mutating func paragraph(_ text: String, className: String? = nil) {
        append("<p\(className.map { " class=\"\($0)\"" } ?? "")>\(Markup.escape(text))</p>")
    }

    /// Charts side by side, as many per row as fit (two on a 1200 px window).
    mutating func charts(_ svgs: [String]) {
        guard !svgs.isEmpty else { return }
        append("<div class=\"charts\">\n" + svgs.map { "<figure>\($0)</figure>" }.joined(separator: "\n") + "\n</div>")
    }

    /// A table cell: its text and how it is shown.
    struct Cell {
        var text: String
        var numeric: Bool
        /// Marks a value that needs attention (loss, a missed target, a failed process).
        var bad = false
        /// Makes the cell a link (a relative path).
        var link: String?
        static func text(_ s: String) -> Cell { Cell(text: s, numeric: false) }
        static func number(_ s: String, bad: Bool = false) -> Cell { Cell(text: s, numeric: true, bad: bad) }
    }

    /// A table; with more than `foldAbove` rows it is folded into a `<details>` element that
    /// says how many rows it holds.
    mutating func table(_ header: [String], _ rows: [[Cell]], caption: String? = nil, foldAbove: Int = 40) {
        guard !rows.isEmpty else { return }
        var html = "<table>"
        if let caption { html += "<caption>\(Markup.escape(caption))</caption>" }
        html += "<thead><tr>" + header.map { "<th>\(Markup.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows {
            html += "<tr>" + row.map { c in
                var classes: [String] = []
                if c.numeric { classes.append("num") }
                if c.bad { classes.append("bad") }
                let cls = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                let text = Markup.escape(c.text)
                return "<td\(cls)>" + (c.link.map { "<a href=\"\(Markup.escape($0))\">\(text)</a>" } ?? text) + "</td>"
            }.joined() + "</tr>\n"
        }
        html += "</tbody></table>"
        html = "<div class=\"table\">\(html)</div>"
        if rows.count > foldAbove {
            let summary = "\(rows.count) rows" + (caption.map { " — " + Markup.escape($0) } ?? "")
            html = "<details><summary>\(summary)</summary>\n\(html)</details>"
        }
        append(html)
    }

    /// Name-value pairs on one line, for the facts of a run.
    mutating func facts(_ pairs: [(String, String)], badKeys: Set<String> = []) {
        append("<dl class=\"facts\">" + pairs.map { k, v in
            "<div><dt>\(Markup.escape(k))</dt><dd\(badKeys.contains(k) ? " class=\"bad\"" : "")>\(Markup.escape(v))</dd></div>"
        }.joined() + "</dl>")
    }

    /// The whole document.
    func html() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Markup.escape(title))</title>
        <style>
        \(Self.style)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    static let style = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222;
               background: #f6f6f4; margin: 0 auto; padding: 16px 24px 48px; max-width: 1200px; }
        h1 { font-size: 22px; margin: 8px 0 4px; }
        h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d8d8d4; }
        h3 { font-size: 15px; margin: 16px 0 6px; }
        nav { font-size: 13px; margin: 4px 0 12px; }
        nav a { margin-right: 14px; }
        a { color: #2a5d8f; }
        p.note { color: #666; font-size: 13px; margin: 4px 0; }
        dl.facts { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 8px 0; }
        dl.facts div { display: flex; gap: 6px; }
        dl.facts dt { color: #666; }
        dl.facts dd { margin: 0; font-weight: 600; }
        table { border-collapse: collapse; margin: 6px 0 14px; background: #fff; font-size: 13px; }
        caption { text-align: left; font-weight: 600; padding: 4px 0; }
        .table { overflow-x: auto; }
        th, td { padding: 3px 8px; border-bottom: 1px solid #e6e6e2; }
        td { white-space: nowrap; }
        th { background: #ecece8; text-align: left; font-weight: 600; vertical-align: bottom; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tbody tr:nth-child(even) { background: #fafaf8; }
        .bad { color: #b3261e; font-weight: 600; }
        .failure { background: #fdecea; border: 1px solid #e0b4b0; padding: 8px 12px; }
        .failure pre { margin: 6px 0 0; font-size: 12px; white-space: pre-wrap; }
        details summary { cursor: pointer; margin: 6px 0; color: #2a5d8f; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 12px; }
        figure { margin: 0; background: #fff; border: 1px solid #dddad4; }
        svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
        """ + chartStyle

    /// How chart text looks, in a page and in a standalone SVG file.
    static let chartStyle = """
        svg text { font-size: 11px; fill: #333; }
        svg text.title { font-size: 13px; font-weight: 600; fill: #222; }
        svg text.axis { fill: #555; }
        svg text.note { fill: #999; font-size: 13px; }
        svg text.value { fill: #444; }
        svg text.span { font-size: 10px; fill: #333; }
        """
}
