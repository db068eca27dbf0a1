import Foundation
import Yams

/// Reads a scenario file, checks it completely, and returns the typed ``Scenario``.
///
/// Every problem is collected, not just the first: unknown keys (with a did-you-mean), wrong
/// types, out-of-range and misspelt values, missing keys, duplicate names, references to
/// nodes, cells or vendors that do not exist or have the wrong role, and topologies that
/// cannot run. The rules come from the declarative schema, which also generates the field
/// reference in docs/scenarios.md.
public enum ScenarioLoader {
    /// Loads and validates a scenario file.
    /// - Parameter path: Path of the YAML file, printed as given in error messages.
    /// - Returns: The validated scenario with every default filled in.
    /// - Throws: ``ScenarioValidationError`` with all problems found, each with line and column.
    public static func load(path: String) throws(ScenarioValidationError) -> Scenario {
        try load(path: path, overrides: []).scenario
    }

    /// A scenario with the `--set` overrides applied, and its YAML text as validated.
    public struct Loaded: Sendable {
        /// The validated scenario.
        public var scenario: Scenario
        /// The file's text without overrides; with overrides, the changed tree written out again
        /// (what a node process given this text reads, and the record of what ran).
        public var yaml: String
    }

    /// Loads a scenario file, applies `--set` overrides to its YAML tree and validates the result.
    /// - Parameters:
    ///   - path: Path of the YAML file, printed as given in error messages.
    ///   - overrides: Changes applied in order before validation.
    /// - Returns: The validated scenario and the YAML text that describes it.
    /// - Throws: ``ScenarioValidationError``; an issue of an overridden value names its override.
    public static func load(path: String, overrides: [ScenarioOverride]) throws(ScenarioValidationError) -> Loaded {
        try load(path: path, overrides: overrides, directory: nil)
    }

    /// Loads a scenario file whose relative file references (`tleFile`, `externalServerKey`) resolve in `directory`.
    /// - Parameters:
    ///   - path: Path of the YAML file, printed as given in error messages.
    ///   - overrides: Changes applied in order before validation.
    ///   - directory: Folder of the relative references; nil for the folder of `path`.
    /// - Returns: The validated scenario and the YAML text that describes it.
    /// - Throws: ``ScenarioValidationError``, including TLE files that cannot be used.
    public static func load(path: String, overrides: [ScenarioOverride], directory: String?)
        throws(ScenarioValidationError) -> Loaded {
        func unusable(_ message: String) -> ScenarioValidationError {
            ScenarioValidationError(file: path, issues: [ScenarioIssue(path: "", line: 0, column: 0, message: message)])
        }
        let text: String
        switch ReferencedFile.read(path) {
        case .text(let read): text = read
        case .problem(let problem): throw unusable(problem)
        }
        let folder = directory ?? URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try load(yaml: text, file: path, overrides: overrides, fileDirectory: folder)
    }

    /// Loads and validates scenario text.
    /// - Parameters:
    ///   - yaml: The scenario as YAML text.
    ///   - file: The name printed in error messages (a path, or e.g. `<stdin>`).
    /// - Returns: The validated scenario with every default filled in.
    /// - Throws: ``ScenarioValidationError`` with all problems found, each with line and column.
    public static func load(yaml: String, file: String) throws(ScenarioValidationError) -> Scenario {
        try load(yaml: yaml, file: file, overrides: []).scenario
    }

    /// Loads scenario text, applies `--set` overrides to its YAML tree and validates the result.
    /// - Parameters:
    ///   - yaml: The scenario as YAML text.
    ///   - file: The name printed in error messages.
    ///   - overrides: Changes applied in order before validation.
    /// - Returns: The validated scenario and the YAML text that describes it.
    /// - Throws: ``ScenarioValidationError``; an issue of an overridden value names its override.
    public static func load(yaml: String, file: String, overrides: [ScenarioOverride])
        throws(ScenarioValidationError) -> Loaded {
        try load(yaml: yaml, file: file, overrides: overrides, fileDirectory: nil)
    }

    /// As ``load(yaml:file:overrides:)``; with `fileDirectory`, the files the scenario names
    /// (TLE files, the external policy's key) are read and checked too.
    static func load(yaml: String, file: String, overrides: [ScenarioOverride], fileDirectory: String?)
        throws(ScenarioValidationError) -> Loaded {
        var root: Node
        do {
            // An empty file is an empty map: the missing required keys are then reported one by one.
            root = try Yams.compose(yaml: yaml) ?? Node([(Node, Node)]())
        } catch {
            throw ScenarioValidationError(file: file, issues: [syntaxIssue(error, yaml: yaml)])
        }

        var setPaths: [(path: String, override: ScenarioOverride)] = []
        var overrideIssues: [ScenarioIssue] = []
        for override in overrides {
            switch override.apply(to: &root) {
            case .set(let path): setPaths.append((path, override))
            case .refused(let issue): overrideIssues.append(issue)
            }
        }
        guard overrideIssues.isEmpty else {
            throw ScenarioValidationError(file: file, issues: overrideIssues)
        }
        /// Issues of an overridden value are named by its override (the last one that set it).
        func attributed(_ issues: [ScenarioIssue]) -> [ScenarioIssue] {
            issues.map { issue in
                var issue = issue
                if let set = setPaths.last(where: { ScenarioOverride.covers($0.path, issue.path) }) {
                    issue.override = set.override.description
                }
                return issue
            }
        }

        var validator = SchemaValidator()
        let schema = ScenarioSchema.root
        guard var tree = validator.object(root, schema, at: "", deferRules: true) else {
            throw ScenarioValidationError(file: file, issues: attributed(validator.issues))
        }
        var resolver = ReferenceResolver(root: tree, schema: schema)
        resolver.resolve(&tree, schema, at: "", into: &validator)
        validator.applyRules(schema.rules, to: tree, at: "")
        if let fileDirectory {
            validator.applyRules([ReferencedFile.tleFilesUsable(in: fileDirectory), ReferencedFile.externalServerKeyUsable(in: fileDirectory)],
                                 to: tree, at: "")
        }
        guard validator.issues.isEmpty else {
            throw ScenarioValidationError(file: file, issues: attributed(validator.issues))
        }

        do {
            let json = ScenarioValue.object(tree).jsonText
            let scenario = try JSONDecoder().decode(Scenario.self, from: Data(json.utf8))
            let text = overrides.isEmpty ? yaml : try Yams.serialize(node: root)
            return Loaded(scenario: scenario, yaml: text)
        } catch {
            // Only reachable if the schema tables and Model.swift disagree: a bug, said plainly.
            throw ScenarioValidationError(file: file, issues: [
                ScenarioIssue(path: "", line: 1, column: 1,
                              message: "internal error: the schema does not match the scenario model: \(error)"),
            ])
        }
    }

    /// A YAML syntax error as an issue at the position the YAML parser reports.
    static func syntaxIssue(_ error: any Error, yaml: String) -> ScenarioIssue {
        func issue(_ mark: Mark, _ message: String) -> ScenarioIssue {
            ScenarioIssue(path: "", line: mark.line, column: mark.column, message: message)
        }
        guard let yamlError = error as? YamlError else {
            return ScenarioIssue(path: "", line: 1, column: 1, message: "YAML syntax: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let contextText = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return issue(mark, "YAML syntax: \(problem)\(contextText)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return issue(context.mark, "duplicate key \(keys) in the same map; each key may appear once")
        case .reader(let problem, let offset, _, _):
            let prefix = offset.map { yaml.utf8.prefix($0) }.map { Array($0) } ?? []
            let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
            let column = prefix.count - (prefix.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
            return ScenarioIssue(path: "", line: line, column: column, message: "cannot read the text: \(problem)")
        default:
            return ScenarioIssue(path: "", line: 1, column: 1, message: "YAML: \(yamlError)")
        }
    }
}

extension ScenarioValue {
    /// JSON text for `JSONDecoder`: integers stay integers, so `UInt64` and `Int` fields decode exactly.
    var jsonText: String {
        var out = ""
        writeJSON(into: &out)
        return out
    }

    /// Appends the JSON text to `out`: one growing string, so a list of 300k objects is not
    /// copied once per level of nesting.
    func writeJSON(into out: inout String) {
        switch self {
        case .integer(let value): out += String(value)
        case .number(let value): out += value.isFinite ? "\(value)" : "null"
        case .boolean(let value): out += value ? "true" : "false"
        case .string(let value): out += Self.quoted(value)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeJSON(into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (i, key) in fields.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                out += Self.quoted(key)
                out += ":"
                fields[key]!.writeJSON(into: &out)
            }
            out += "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        // Most names need no escape: copied whole.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
