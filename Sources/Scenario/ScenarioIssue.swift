/// One problem found in a scenario file, located by field path, line and column.
///
/// Issues are collected, never thrown one at a time, so a user fixes a file in one pass.
public struct ScenarioIssue: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Where the problem is, in the scenario's own terms: `cells[0].prbs`, `nodes[3].du`.
    /// Empty for problems of the file as a whole (unreadable file, YAML syntax).
    public var path: String
    /// 1-based line of the offending value (or key); 0 when the file could not be read.
    public var line: Int
    /// 1-based column, counted in Unicode scalars; 0 when unknown.
    public var column: Int
    /// What is wrong, e.g. `300 is out of range`.
    public var message: String
    /// The closest allowed key or value, when the input looks like a misspelling.
    public var suggestion: String?
    /// What would be accepted, e.g. `1...275` or `rr, pf, maxrate`.
    public var allowed: String?
    /// The `--set PATH=VALUE` this issue comes from, when it concerns an overridden value;
    /// such an issue is reported under the override rather than a line of the file.
    public var override: String?

    /// Creates an issue.
    /// - Parameters:
    ///   - path: Field path such as `cells[0].prbs`.
    ///   - line: 1-based line, 0 if unknown.
    ///   - column: 1-based column, 0 if unknown.
    ///   - message: What is wrong.
    ///   - suggestion: A did-you-mean candidate.
    ///   - allowed: What would be accepted.
    public init(path: String, line: Int, column: Int, message: String, suggestion: String? = nil,
                allowed: String? = nil) {
        self.path = path; self.line = line; self.column = column; self.message = message
        self.suggestion = suggestion; self.allowed = allowed
    }

    /// `PATH: MESSAGE (did you mean 'X'?); allowed ALLOWED`, without the file location.
    public var description: String {
        var text = path.isEmpty ? message : "\(path): \(message)"
        if let suggestion { text += " (did you mean '\(suggestion)'?)" }
        if let allowed { text += "; allowed \(allowed)" }
        return text
    }

    /// The issue as a compiler-style line: `FILE:LINE:COL: error: PATH: MESSAGE...`.
    /// - Parameter file: The file name to print.
    /// - Returns: One line, understood by editors that jump to compiler errors.
    public func rendered(file: String) -> String {
        if let override { return "--set \(override): error: \(description)" }
        let location = line > 0 ? "\(file):\(line):\(max(column, 1))" : file
        return "\(location): error: \(description)"
    }
}

/// Thrown by ``ScenarioLoader`` when a scenario cannot be used: holds every problem found.
public struct ScenarioValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as the user named it (or the label passed to `load(yaml:file:)`).
    public var file: String
    /// All problems, ordered by line then column.
    public var issues: [ScenarioIssue]

    /// Creates the error; issues are sorted by position so the output reads top to bottom.
    /// - Parameters:
    ///   - file: File name used in the rendered lines.
    ///   - issues: The problems found.
    public init(file: String, issues: [ScenarioIssue]) {
        self.file = file
        // Stable sort: issues at the same position keep the order the checks found them.
        self.issues = issues.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }

    /// One compiler-style line per issue.
    public var description: String {
        issues.map { $0.rendered(file: file) }.joined(separator: "\n")
    }
}
