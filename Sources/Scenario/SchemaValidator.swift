import Yams

/// Walks a composed YAML tree against the schema tables, collecting every issue and building
/// the normalised value tree (model keys, model units, defaults filled in).
///
/// Invalid values are left out of the tree and reported; list elements that are objects keep
/// a placeholder so element indices always match the paths in messages.
struct SchemaValidator {
    private(set) var issues: [ScenarioIssue] = []
    /// Position of each value (and of each key, for keys without a usable value) by path.
    private(set) var marks: [String: Mark] = [:]
    /// Each schema default parsed once per validation (a list of 300k objects would otherwise
    /// compose the same literal 300k times), by schema, key and literal.
    private var defaults: [String: ScenarioValue?] = [:]
    /// Off only in tests that compare against parsing every default anew.
    var cachesDefaults = true
    /// Default literals composed so far (one per schema field used, when cached).
    private(set) var defaultsParsed = 0

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The position to report for `path`: its own, else the closest enclosing one, else 1:1.
    func position(of path: String) -> (line: Int, column: Int) {
        var current = path
        while true {
            if let mark = marks[current] { return (mark.line, mark.column) }
            guard !current.isEmpty else { return (1, 1) }
            if let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) {
                current = String(current[..<cut])
            } else {
                current = ""
            }
        }
    }

    mutating func report(_ path: String, at mark: Mark? = nil, _ message: String, suggestion: String? = nil,
                         allowed: String? = nil) {
        let (line, column) = mark.map { ($0.line, $0.column) } ?? position(of: path)
        issues.append(ScenarioIssue(path: path, line: line, column: column, message: message,
                                    suggestion: suggestion, allowed: allowed))
    }

    // MARK: Objects

    /// - Parameter deferRules: leave `schema.rules` to the caller (the root's rules run once
    ///   references are resolved, so a misspelt name does not also trip the topology rules).
    mutating func object(_ node: Node, _ schema: ObjectSchema, at path: String, deferRules: Bool = false)
        -> [String: ScenarioValue]? {
        guard case .mapping(let mapping) = node else {
            report(path, at: node.mark, "expected a map (\(schema.name)), found \(Self.found(node))")
            return nil
        }
        if let mark = mapping.mark { marks[path] = mark }
        var written: [String: (key: Node, value: Node)] = [:]
        for (keyNode, valueNode) in mapping {
            guard case .scalar(let keyScalar) = keyNode else {
                report(path, at: keyNode.mark, "keys must be plain words, found \(Self.found(keyNode))")
                continue
            }
            let key = keyScalar.string
            let keyPath = Self.join(path, key)
            guard schema.field(key) != nil else {
                let keys = schema.fields.map(\.key)
                report(keyPath, at: keyNode.mark, "unknown key '\(key)' in \(schema.name)",
                       suggestion: Suggestions.closest(to: key, in: keys), allowed: keys.joined(separator: ", "))
                continue
            }
            marks[keyPath] = valueNode.mark ?? keyNode.mark
            written[key] = (keyNode, valueNode)
        }

        var result: [String: ScenarioValue] = [:]
        for field in schema.fields {
            let fieldPath = Self.join(path, field.key)
            if let pair = written[field.key], !Self.isNull(pair.value) {
                if let value = value(pair.value, field.type, at: fieldPath) { result[field.modelKey] = value }
                continue
            }
            switch field.presence {
            case .required:
                report(fieldPath, at: written[field.key]?.key.mark ?? mapping.mark,
                       "missing required key '\(field.key)' (\(Self.phrase(field.type)))")
            case .defaults(let literal):
                let cacheKey = "\(schema.name)\u{0}\(field.key)\u{0}\(literal)"
                if cachesDefaults, let cached = defaults[cacheKey] {
                    result[field.modelKey] = cached
                } else {
                    let parsed = Self.defaultValue(literal, field.type, at: fieldPath)
                    defaultsParsed += 1
                    defaults[cacheKey] = .some(parsed)
                    result[field.modelKey] = parsed
                }
            case .optional, .requiredWhen, .soleCandidate:
                break
            }
        }

        // Role-specific keys need the sibling values, so they are checked once all are known.
        for field in schema.fields {
            let fieldPath = Self.join(path, field.key)
            let isWritten = written[field.key].map { !Self.isNull($0.value) } ?? false
            if case .requiredWhen(let condition) = field.presence, !isWritten,
               condition.holds(in: Self.byYAMLKey(result, schema)) == true {
                report(fieldPath, at: written[field.key]?.key.mark ?? mapping.mark,
                       "missing key '\(field.key)', required when \(condition.text) (\(Self.phrase(field.type)))")
            }
            if let condition = field.onlyWhen, isWritten,
               condition.holds(in: Self.byYAMLKey(result, schema)) == false {
                let actual = result[schema.field(condition.key)?.modelKey ?? condition.key]?.string ?? "?"
                report(fieldPath, at: written[field.key]?.key.mark,
                       "'\(field.key)' is only allowed when \(condition.text), and \(condition.key) is \(actual) here")
                result[field.modelKey] = nil
            }
        }

        if !deferRules { applyRules(schema.rules, to: result, at: path) }
        return result
    }

    mutating func applyRules(_ rules: [ObjectRule], to object: [String: ScenarioValue], at path: String) {
        for rule in rules {
            for violation in rule.check(object) {
                let violationPath = Self.join(path, violation.path)
                let at = violation.anchor.map { position(of: Self.join(path, $0)) } ?? position(of: violationPath)
                issues.append(ScenarioIssue(path: violationPath, line: at.line, column: at.column,
                                            message: violation.message, allowed: violation.allowed))
            }
        }
    }

    /// Conditions name YAML keys; the tree is keyed by model keys. They are the same for every
    /// condition key today (`role`), but map them anyway so a renamed key cannot break a rule.
    private static func byYAMLKey(_ object: [String: ScenarioValue], _ schema: ObjectSchema) -> [String: ScenarioValue] {
        var byKey: [String: ScenarioValue] = [:]
        for field in schema.fields { byKey[field.key] = object[field.modelKey] }
        return byKey
    }

    // MARK: Values

    mutating func value(_ node: Node, _ type: FieldType, at path: String) -> ScenarioValue? {
        switch type {
        case .object(let schema):
            return object(node, schema, at: path).map { .object($0) }
        case .list(let element, let count, let uniqueKey):
            return list(node, element, count: count, uniqueKey: uniqueKey, at: path)
        default:
            guard case .scalar(let scalar) = node else {
                report(path, at: node.mark, "expected \(Self.phrase(type)), found \(Self.found(node))",
                       allowed: Self.allowed(type))
                return nil
            }
            return self.scalar(scalar, node, type, at: path)
        }
    }

    private mutating func scalar(_ scalar: Node.Scalar, _ node: Node, _ type: FieldType, at path: String)
        -> ScenarioValue? {
        let text = scalar.string
        let tag = Self.tagName(node)
        switch type {
        case .integer(let range):
            guard tag == .int, let number = node.int else {
                report(path, at: node.mark, "expected an integer, found \(Self.found(node))", allowed: Self.allowed(type))
                return nil
            }
            guard range.contains(number) else {
                report(path, at: node.mark, "\(text) is out of range", allowed: Self.allowed(type))
                return nil
            }
            return .integer(number)
        case .number(let range):
            guard tag == .int || tag == .float, let number = node.float, number.isFinite else {
                report(path, at: node.mark, "expected a number, found \(Self.found(node))", allowed: Self.allowed(type))
                return nil
            }
            if let range, !range.contains(number) {
                report(path, at: node.mark, "\(text) is out of range", allowed: range.text())
                return nil
            }
            return .number(number)
        case .boolean:
            guard tag == .bool, let flag = node.bool else {
                report(path, at: node.mark, "expected true or false, found \(Self.found(node))")
                return nil
            }
            return .boolean(flag)
        case .string(let rule):
            if let problem = rule.problem(text) {
                report(path, at: node.mark, problem, allowed: rule.allowed)
                return nil
            }
            return .string(text)
        case .enumeration(let values):
            guard values.contains(text) else {
                report(path, at: node.mark, "'\(text)' is not allowed", suggestion: Suggestions.closest(to: text, in: values),
                       allowed: values.joined(separator: ", "))
                return nil
            }
            return .string(text)
        case .duration(let range, let unit):
            return duration(text, node, range: range, unit: unit, at: path)
        case .reference:
            // Whether the name exists (and has the right role) is checked once the whole file is read.
            return .string(text)
        case .object, .list:
            preconditionFailure("containers are handled by value(_:_:at:)")
        }
    }

    private mutating func duration(_ text: String, _ node: Node, range: NumberRange, unit: DurationUnit,
                                   at path: String) -> ScenarioValue? {
        let allowed = range.text(DurationText.format(microseconds:))
        let microseconds: Double
        do {
            microseconds = try DurationText.parseMicroseconds(text)
        } catch {
            report(path, at: node.mark, error.description,
                   suggestion: error.suggestion.map { text.replacingSuffix(of: error, with: $0) },
                   allowed: DurationText.allowedDescription)
            return nil
        }
        guard range.contains(microseconds) else {
            report(path, at: node.mark, "\(text) is out of range", allowed: allowed)
            return nil
        }
        return .number(microseconds / unit.microsecondsPerUnit)
    }

    private mutating func list(_ node: Node, _ element: FieldType, count: IntRange, uniqueKey: String?,
                               at path: String) -> ScenarioValue? {
        guard case .sequence(let sequence) = node else {
            report(path, at: node.mark, "expected a list of \(Self.plural(element)), found \(Self.found(node))")
            return nil
        }
        if let mark = sequence.mark { marks[path] = mark }
        var items: [ScenarioValue] = []
        var valid = true
        for (index, item) in sequence.enumerated() {
            let itemPath = "\(path)[\(index)]"
            if let mark = item.mark { marks[itemPath] = mark }
            if let value = value(item, element, at: itemPath) {
                items.append(value)
            } else if case .object = element {
                items.append(.object([:]))  // keeps indices aligned for the cross-checks
            } else {
                valid = false
            }
        }
        if !count.contains(sequence.count) {
            let problem = sequence.count == 0 ? "is empty" : "has \(sequence.count) items"
            report(path, at: sequence.mark, problem, allowed: Self.countText(count, element))
        }
        if let uniqueKey { checkUnique(items, key: uniqueKey, at: path) }
        return valid ? .list(items) : nil
    }

    private mutating func checkUnique(_ items: [ScenarioValue], key: String, at path: String) {
        var first: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let name = item.object?[key]?.string else { continue }
            if let earlier = first[name] {
                let line = position(of: "\(path)[\(earlier)].\(key)").line
                report("\(path)[\(index)].\(key)", "duplicate \(key) '\(StringRule.shown(name))', already used by \(path)[\(earlier)] (line \(line))",
                       allowed: "a \(key) unique within \(path)")
            } else {
                first[name] = index
            }
        }
    }

    // MARK: Defaults

    /// A default is a YAML literal validated like a written value, so the reference shows
    /// defaults exactly as a user would write them.
    static func defaultValue(_ literal: String, _ type: FieldType, at path: String) -> ScenarioValue? {
        var validator = SchemaValidator()
        guard let node = try? Yams.compose(yaml: literal),
              let value = validator.value(node, type, at: path), validator.issues.isEmpty else {
            assertionFailure("schema default '\(literal)' of \(path) is invalid: \(validator.issues)")
            return nil
        }
        return value
    }

    // MARK: Wording

    /// The resolved tag (`int`, `float`, `str`...): a quoted "5" is a string, not a number.
    static func tagName(_ node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    static func isNull(_ node: Node) -> Bool {
        if case .scalar = node, Self.tagName(node) == .null { return true }
        return false
    }

    /// How a value the user wrote is quoted back: `'abc'`, `42`, `a map`, `nothing`.
    static func found(_ node: Node) -> String {
        switch node {
        case .mapping: return "a map"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch Self.tagName(node) {
            case .null: return "nothing"
            case .int, .float, .bool: return scalar.string
            default: return "'\(scalar.string)'"
            }
        }
    }

    static func phrase(_ type: FieldType) -> String {
        switch type {
        case .integer: return "an integer"
        case .number: return "a number"
        case .boolean: return "true or false"
        case .string: return "a string"
        case .enumeration(let values): return "one of \(values.joined(separator: ", "))"
        case .duration: return "a duration"
        case .reference(let reference): return "the name of \(reference.phrase)"
        case .object(let schema): return "a map (\(schema.name))"
        case .list(let element, _, _): return "a list of \(plural(element))"
        }
    }

    static func plural(_ type: FieldType) -> String {
        switch type {
        case .integer: return "integers"
        case .number: return "numbers"
        case .boolean: return "booleans"
        case .string, .enumeration: return "strings"
        case .duration: return "durations"
        case .reference(let reference): return "names of \(reference.noun)s"
        case .object(let schema): return "\(schema.name) maps"
        case .list: return "lists"
        }
    }

    static func allowed(_ type: FieldType) -> String? {
        switch type {
        case .integer(let range): return intRangeText(range)
        case .number(let range): return range?.text()
        case .boolean: return "true, false"
        case .string(let rule): return rule.allowed
        case .enumeration(let values): return values.joined(separator: ", ")
        case .duration(let range, _): return range.text(DurationText.format(microseconds:))
        case .reference(let reference): return "the name of \(reference.phrase)"
        case .object, .list: return nil
        }
    }

    static func intRangeText(_ range: IntRange) -> String {
        range.upperBound == Int.max ? "\(range.lowerBound) or more" : "\(range.lowerBound)...\(range.upperBound)"
    }

    static func countText(_ count: IntRange, _ element: FieldType) -> String {
        if count.lowerBound == count.upperBound { return "exactly \(count.lowerBound) \(plural(element))" }
        return "\(intRangeText(count)) \(plural(element))"
    }
}

private extension String {
    /// `2sec` with suggestion `s` -> `2s`: the whole corrected value, ready to paste.
    func replacingSuffix(of error: DurationText.ParseError, with unit: String) -> String {
        guard case .unknownUnit(let bad, _) = error, hasSuffix(bad) else { return unit }
        return String(dropLast(bad.count)).trimmingSpaces() + unit
    }
}
