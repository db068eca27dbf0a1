import Foundation

/// The Markdown pages a user reads (README.md and docs/*.md), read from the repository.
enum DocsText {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Each page's repository-relative path and text.
    static func pages() throws -> [(path: String, text: String)] {
        let docs = repositoryRoot.appendingPathComponent("docs")
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { $0.hasSuffix(".md") }.sorted()
        return try (["README.md"] + names.map { "docs/\($0)" }).map {
            ($0, try String(contentsOf: repositoryRoot.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// A page's lines with the fenced code blocks apart from the prose.
    static func split(_ text: String) -> (code: [(line: Int, text: String)], prose: [(line: Int, text: String)]) {
        var code: [(Int, String)] = [], prose: [(Int, String)] = []
        var inFence = false
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inFence.toggle(); continue }
            if inFence { code.append((i + 1, String(line))) } else { prose.append((i + 1, String(line))) }
        }
        return (code, prose)
    }

    /// The prose in paragraphs (each table row its own), lines joined by spaces, with the line
    /// each starts on: a code span may wrap onto the next line.
    static func paragraphs(_ text: String) -> [(line: Int, text: String)] {
        var result: [(Int, String)] = []
        var current: (line: Int, text: String)?
        var lastLine = -1
        for (n, line) in split(text).prose {
            let isRow = line.hasPrefix("|")
            if line.trimmingCharacters(in: .whitespaces).isEmpty || isRow || n != lastLine + 1 {
                if let c = current { result.append(c) }
                current = nil
            }
            lastLine = n
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if let c = current { current = (c.line, c.text + " " + line) } else { current = (n, line) }
            if isRow, let c = current { result.append(c); current = nil }
        }
        if let c = current { result.append(c) }
        return result
    }

    /// The spans of a paragraph written in backticks.
    static func codeSpans(_ paragraph: String) -> [String] {
        paragraph.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }

    /// Every `b5g ...` command of a page: code-block lines (joined over `\` continuations) and
    /// code spans in prose (`inProse`), with the line each starts on.
    static func commands(_ text: String) -> [(line: Int, command: String, inProse: Bool)] {
        let code = split(text).code
        var found: [(Int, String, Bool)] = []
        var pending: (Int, String)?
        for (n, raw) in code {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("$ ") { line.removeFirst(2) }
            if let (start, joined) = pending {
                let whole = joined + " " + line
                pending = nil
                if whole.hasSuffix("\\") { pending = (start, String(whole.dropLast())) } else { found.append((start, whole, false)) }
                continue
            }
            guard startsCommand(line) else { continue }
            if line.hasSuffix("\\") { pending = (n, String(line.dropLast())) } else { found.append((n, line, false)) }
        }
        for (n, paragraph) in paragraphs(text) {
            for span in codeSpans(paragraph) where startsCommand(span) { found.append((n, span, true)) }
        }
        return found
    }

    /// `b5g ...`, possibly after environment assignments (`B5G_SPIN_US=0 b5g ...`).
    private static func startsCommand(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        return words.drop { $0.contains("=") && !$0.hasPrefix("-") }.first == "b5g"
    }

    /// The arguments after `b5g`: shell words up to a comment, pipe, redirection or `&&`.
    static func arguments(_ command: String) -> [String] {
        var words: [String] = [], word = "", quote: Character?, inWord = false
        for c in command {
            if let q = quote {
                if c == q { quote = nil } else { word.append(c) }
                continue
            }
            if c == "'" || c == "\"" { quote = c; inWord = true; continue }
            if c == " " || c == "\t" {
                if inWord { words.append(word); word = ""; inWord = false }
                continue
            }
            if !inWord, c == "#" { break }
            word.append(c); inWord = true
        }
        if inWord { words.append(word) }
        // A synopsis's optional parts (`[--seeds N]`) are shown as given.
        words = words.map { $0.hasPrefix("[-") ? String($0.dropFirst()) : $0.hasSuffix("]") && !$0.contains("[") ? String($0.dropLast()) : $0 }
        let stops: Set<String> = ["|", "||", "&&", ";", ">", ">>", "2>", "2>&1", "<", "&"]
        let upToStop = words.prefix { !stops.contains($0) && !$0.hasPrefix(">") && !$0.hasPrefix("2>") }
        return Array(upToStop.drop { $0 != "b5g" }.dropFirst())
    }
}
