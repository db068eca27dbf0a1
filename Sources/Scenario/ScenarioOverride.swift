import Foundation
import Yams

/// One `--set PATH=VALUE` of `b5g run`, `compare`, `validate` and `sweep`: a change to the
/// scenario made on its parsed YAML tree before validation, so an overridden value is checked
/// exactly as if it were written in the file.
///
/// `PATH` is dotted: a map key (`duration`), a nested key (`links.air`), or a list entry
/// addressed by its `name` (`ueGroups.phones.count`, `cells.cell1.prbs`); an entry without a
/// name may be addressed by its index (`ueGroups.0.count`). A missing key is added (the schema
/// then says whether it is allowed); `VALUE` is read as YAML (`40`, `3s`, `[0, 0, 25]`).
public struct ScenarioOverride: Sendable, Equatable, CustomStringConvertible {
    /// The dotted path as written.
    public var path: String
    /// The value as written.
    public var value: String

    /// Creates an override.
    /// - Parameters:
    ///   - path: Dotted path such as `ueGroups.phones.count`.
    ///   - value: YAML text of the new value.
    public init(path: String, value: String) {
        self.path = path; self.value = value
    }

    /// Parses `PATH=VALUE` (the value may itself contain `=`).
    /// - Parameter text: The argument of `--set`.
    /// - Returns: The override, or nil when there is no `=` or the path is empty.
    public init?(argument text: String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else { return nil }
        path = String(text[..<equals])
        value = String(text[text.index(after: equals)...])
    }

    /// `PATH=VALUE`, as the user wrote it: the name an issue of this override is reported under.
    public var description: String { "\(path)=\(value)" }

    /// The value as a YAML node: a scalar, a flow list or a flow map.
    var valueNode: Node {
        if let node = try? Yams.compose(yaml: value) { return node }
        return Node(value)
    }

    /// What applying an override gave: the field path it set, or why it could not.
    enum Outcome {
        case set(String)
        case refused(ScenarioIssue)
    }

    /// Applies the override to a composed scenario tree.
    /// - Parameter root: The scenario's root map.
    /// - Returns: The field path of the changed value in validator terms (`ueGroups[0].count`),
    ///   or the issue saying why the path does not lead anywhere.
    func apply(to root: inout Node) -> Outcome {
        let components = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !components.contains(where: \.isEmpty) else {
            return .refused(issue("", "the path has an empty part; write keys separated by single dots"))
        }
        return set(components[...], in: &root, at: "")
    }

    private func set(_ components: ArraySlice<String>, in node: inout Node, at fieldPath: String)
        -> Outcome {
        let head = components.first!
        let rest = components.dropFirst()
        switch node {
        case .mapping(var mapping):
            let keyPath = fieldPath.isEmpty ? head : "\(fieldPath).\(head)"
            if rest.isEmpty {
                mapping[head] = valueNode
                node = .mapping(mapping)
                return .set(keyPath)
            }
            var child = mapping[head] ?? Node([(Node, Node)]())
            if case .scalar = child, child.null != nil { child = Node([(Node, Node)]()) }
            let result = set(rest, in: &child, at: keyPath)
            mapping[head] = child
            node = .mapping(mapping)
            return result
        case .sequence(var sequence):
            let names = sequence.map { $0.mapping?["name"]?.string }
            let index: Int
            if let named = names.firstIndex(where: { $0 == head }) {
                index = named
            } else if let number = Int(head), sequence.indices.contains(number) {
                index = number
            } else {
                let known = names.compactMap { $0 }
                return .refused(issue(fieldPath, "no entry named '\(head)'",
                                      suggestion: Suggestions.closest(to: head, in: known),
                                      allowed: known.isEmpty ? "0...\(sequence.count - 1)" : known.joined(separator: ", ")))
            }
            let entryPath = "\(fieldPath)[\(index)]"
            if rest.isEmpty {
                sequence[index] = valueNode
                node = .sequence(sequence)
                return .set(entryPath)
            }
            var child = sequence[index]
            let result = set(rest, in: &child, at: entryPath)
            sequence[index] = child
            node = .sequence(sequence)
            return result
        default:
            return .refused(issue(fieldPath, "\(fieldPath) is a single value, so it has no '\(head)' inside"))
        }
    }

    private func issue(_ fieldPath: String, _ message: String, suggestion: String? = nil,
                       allowed: String? = nil) -> ScenarioIssue {
        var issue = ScenarioIssue(path: fieldPath, line: 0, column: 0, message: message,
                                  suggestion: suggestion, allowed: allowed)
        issue.override = description
        return issue
    }

    /// Splits a sweep's `v1,v2,...` into values; commas inside `[...]` or `{...}` stay.
    /// - Parameter text: The value part of a sweep's `--set`.
    /// - Returns: The values in order, each trimmed of surrounding spaces.
    public static func sweepValues(_ text: String) -> [String] {
        var values: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "[", "{": depth += 1; current.append(character)
            case "]", "}": depth = max(0, depth - 1); current.append(character)
            case "," where depth == 0: values.append(current); current = ""
            default: current.append(character)
            }
        }
        values.append(current)
        return values.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

extension ScenarioOverride {
    /// Whether an issue at `issuePath` concerns the value an override set at `setPath`.
    static func covers(_ setPath: String, _ issuePath: String) -> Bool {
        issuePath == setPath || issuePath.hasPrefix(setPath + ".") || issuePath.hasPrefix(setPath + "[")
    }
}
