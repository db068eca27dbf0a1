/// Checks every `.reference` field of the validated tree against the named top-level lists,
/// and fills `.soleCandidate` references left out (a group's `node` when there is one ue node).
///
/// Driven by the schema: a new reference field (a slice's `cell`, an NTN payload's `ru`) is
/// checked without code here.
struct ReferenceResolver {
    struct Target {
        var name: String
        var kind: String?
        var path: String
    }

    /// Elements of every top-level list with a unique key, by list key, in document order.
    private var targets: [String: [Target]] = [:]

    init(root: [String: ScenarioValue], schema: ObjectSchema) {
        for field in schema.fields {
            guard case .list(.object(let element), _, let uniqueKey?) = field.type,
                  let items = root[field.modelKey]?.list else { continue }
            let kindKey = element.fields.first { $0.key == "role" }?.modelKey
            targets[field.key] = items.enumerated().compactMap { index, item in
                guard let object = item.object, let name = object[uniqueKey]?.string else { return nil }
                return Target(name: name, kind: kindKey.flatMap { object[$0]?.string }, path: "\(field.key)[\(index)]")
            }
        }
    }

    /// Resolves references in `object` (validated against `schema`) and everything below it.
    mutating func resolve(_ object: inout [String: ScenarioValue], _ schema: ObjectSchema, at path: String,
                          into validator: inout SchemaValidator) {
        for field in schema.fields {
            let fieldPath = SchemaValidator.join(path, field.key)
            switch field.type {
            case .reference(let reference):
                if let name = object[field.modelKey]?.string {
                    // A broken reference is reported once, then dropped so rules do not trip over it.
                    if !check(name, reference, at: fieldPath, into: &validator) { object[field.modelKey] = nil }
                } else if case .soleCandidate = field.presence {
                    object[field.modelKey] = soleCandidate(field, reference, at: fieldPath, into: &validator)
                }
            case .object(let child):
                guard var value = object[field.modelKey]?.object else { continue }
                resolve(&value, child, at: fieldPath, into: &validator)
                object[field.modelKey] = .object(value)
            case .list(.object(let child), _, _):
                guard var items = object[field.modelKey]?.list else { continue }
                for index in items.indices {
                    guard var value = items[index].object else { continue }
                    resolve(&value, child, at: "\(fieldPath)[\(index)]", into: &validator)
                    items[index] = .object(value)
                }
                object[field.modelKey] = .list(items)
            case .list(.reference(let reference), _, _):
                for (index, item) in (object[field.modelKey]?.list ?? []).enumerated() {
                    if let name = item.string { _ = check(name, reference, at: "\(fieldPath)[\(index)]", into: &validator) }
                }
            default:
                continue
            }
        }
    }

    private func candidates(_ reference: Reference) -> [Target] {
        let all = targets[reference.collection] ?? []
        return reference.kinds.isEmpty ? all : all.filter { $0.kind.map(reference.kinds.contains) ?? false }
    }

    /// - Returns: Whether the reference names a target of the right kind.
    private func check(_ name: String, _ reference: Reference, at path: String,
                       into validator: inout SchemaValidator) -> Bool {
        let matching = candidates(reference)
        if matching.contains(where: { $0.name == name }) { return true }
        if let other = targets[reference.collection]?.first(where: { $0.name == name }) {
            guard let kind = other.kind else { return false }  // its role is invalid and already reported
            validator.report(path, "'\(StringRule.shown(name))' is a \(kind) node (\(other.path)), not \(reference.phrase)",
                             allowed: Self.listing(matching, reference))
            return false
        }
        let noun = reference.collection == "nodes" ? "node" : reference.noun
        validator.report(path, "there is no \(noun) named '\(StringRule.shown(name))'",
                         suggestion: Suggestions.closest(to: name, in: matching.map(\.name)),
                         allowed: Self.listing(matching, reference))
        return false
    }

    private func soleCandidate(_ field: FieldSpec, _ reference: Reference, at path: String,
                               into validator: inout SchemaValidator) -> ScenarioValue? {
        let matching = candidates(reference)
        if matching.count == 1 { return .string(matching[0].name) }
        let problem = matching.isEmpty ? "there is none to default to" : "there are \(matching.count) to choose from"
        validator.report(path, "missing key '\(field.key)' (\(SchemaValidator.phrase(field.type))); \(problem)",
                         allowed: Self.listing(matching, reference))
        return nil
    }

    /// `du nodes: du1, du2` (at most 10 names), or `no du node is defined`.
    static func listing(_ targets: [Target], _ reference: Reference) -> String {
        let what = (reference.kinds.isEmpty ? "" : Condition.orList(reference.kinds) + " ") + reference.noun
        guard !targets.isEmpty else { return "none: no \(what) is defined" }
        var names = targets.prefix(10).map(\.name).joined(separator: ", ")
        if targets.count > 10 { names += ", ... (\(targets.count) in all)" }
        return "\(what)s: \(names)"
    }
}
