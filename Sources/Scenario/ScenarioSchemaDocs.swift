/// The field reference of docs/scenarios.md, generated from the schema tables so that the
/// documentation cannot drift from what the loader accepts.
public enum ScenarioSchemaDocs {
    /// Marks the start of the generated part of docs/scenarios.md.
    public static let beginMarker = "<!-- BEGIN GENERATED -->"
    /// Marks the end of the generated part of docs/scenarios.md.
    public static let endMarker = "<!-- END GENERATED -->"

    /// The field reference: one table per object type, then the rules across fields.
    /// - Returns: Markdown, ending with a newline.
    public static func markdown() -> String {
        var out = """
        ## Field reference

        Generated from the scenario schema (`Sources/Scenario/ScenarioSchema.swift`); do not edit by hand.
        Durations are a number and a unit: \(DurationText.units.map { "`\($0.symbol)`" }.joined(separator: ", ")).
        A key left out takes its default; "required" keys have none.

        """
        for schema in schemasInOrder() {
            out += "\n### \(schema.name)\n\n\(schema.doc)\n\n"
            out += "| Key | Type | Default | Allowed | Description |\n|---|---|---|---|---|\n"
            for field in schema.fields {
                let cells = [ "`\(field.key)`", typeText(field.type), defaultText(field), allowedText(field.type),
                              field.doc + (field.onlyWhen.map { " Only when \($0.text)." } ?? "")
                                + (field.modelKey == field.key ? "" : " Model: `\(field.modelKey)`.") ]
                out += "| " + cells.map(escaped).joined(separator: " | ") + " |\n"
            }
            if !schema.rules.isEmpty {
                out += "\n" + (schema.name == ScenarioSchema.root.name ? "Scenario-wide rules:" : "Rules:") + "\n\n"
                out += schema.rules.map { "- \($0.doc)\n" }.joined()
            }
        }
        return out
    }

    /// Replaces the text between the markers with ``markdown()``.
    /// - Parameter document: The whole docs/scenarios.md.
    /// - Returns: The updated document, or nil when the markers are missing or out of order.
    public static func updating(document: String) -> String? {
        guard let begin = document.range(of: beginMarker), let end = document.range(of: endMarker),
              begin.upperBound <= end.lowerBound else { return nil }
        return String(document[..<begin.upperBound]) + "\n" + markdown() + String(document[end.lowerBound...])
    }

    /// The root first, then each object type the first time a field uses it.
    static func schemasInOrder() -> [ObjectSchema] {
        var seen: Set<String> = []
        var ordered: [ObjectSchema] = []
        func visit(_ schema: ObjectSchema) {
            guard seen.insert(schema.name).inserted else { return }
            ordered.append(schema)
            for field in schema.fields { children(of: field.type).forEach(visit) }
        }
        func children(of type: FieldType) -> [ObjectSchema] {
            switch type {
            case .object(let schema): return [schema]
            case .list(let element, _, _): return children(of: element)
            default: return []
            }
        }
        visit(ScenarioSchema.root)
        return ordered
    }

    private static func link(_ schema: ObjectSchema) -> String { "[\(schema.name)](#\(schema.name.lowercased()))" }

    static func typeText(_ type: FieldType) -> String {
        switch type {
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .string: return "string"
        case .enumeration: return "enum"
        case .duration: return "duration"
        case .reference(let reference): return "name of \(reference.phrase)"
        case .object(let schema): return "map: \(link(schema))"
        case .list(.object(let schema), _, let unique):
            return "list of \(link(schema))" + (unique.map { ", `\($0)` unique" } ?? "")
        case .list(let element, _, _): return "list of \(typeText(element))"
        }
    }

    static func defaultText(_ field: FieldSpec) -> String {
        switch field.presence {
        case .required: return "required"
        case .optional: return "none"
        case .defaults(let literal): return literal == "{}" ? "all defaults" : "`\(literal)`"
        case .requiredWhen(let condition): return "required when \(condition.text)"
        case .soleCandidate:
            guard case .reference(let reference) = field.type else { return "none" }
            return "the only \(Condition.orList(reference.kinds)) \(reference.noun)"
        }
    }

    static func allowedText(_ type: FieldType) -> String {
        switch type {
        case .enumeration(let values): return values.map { "`\($0)`" }.joined(separator: ", ")
        case .list(.object, let count, _):
            return SchemaValidator.intRangeText(count)
        case .list(let element, let count, _):
            let each = allowedText(element)
            let countText = SchemaValidator.countText(count, element)
            return each.isEmpty ? countText : "\(countText), each \(each)"
        case .object: return ""
        case .reference: return ""
        default: return SchemaValidator.allowed(type) ?? ""
        }
    }

    private static func escaped(_ cell: String) -> String {
        cell.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
