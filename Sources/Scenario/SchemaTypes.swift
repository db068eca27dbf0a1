// The vocabulary of the declarative scenario schema. One table per object type (see
// ScenarioSchema.swift) drives both the validator and the generated field reference, so a
// new section (slices, ntn, orchestrator, power...) is one table plus its model struct.

/// A scenario value after validation, keyed by the model's field names (`durationMs`, `ngUs`),
/// with defaults filled in: the typed `Scenario` is decoded from it.
indirect enum ScenarioValue: Sendable, Equatable {
    case integer(Int)
    case number(Double)
    case boolean(Bool)
    case string(String)
    case list([ScenarioValue])
    case object([String: ScenarioValue])

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var integer: Int? { if case .integer(let i) = self { return i }; return nil }
    var boolean: Bool? { if case .boolean(let b) = self { return b }; return nil }
    var list: [ScenarioValue]? { if case .list(let l) = self { return l }; return nil }
    var object: [String: ScenarioValue]? { if case .object(let o) = self { return o }; return nil }
    var number: Double? {
        switch self {
        case .number(let d): return d
        case .integer(let i): return Double(i)
        default: return nil
        }
    }
}

/// Inclusive integer bounds; printed `1...275`.
typealias IntRange = ClosedRange<Int>

/// Bounds of a real number; either end may be open or absent.
struct NumberRange: Sendable {
    var min: Double?
    var minExclusive = false
    var max: Double?

    /// `lo...hi`, both included.
    static func closed(_ range: ClosedRange<Double>) -> NumberRange {
        NumberRange(min: range.lowerBound, max: range.upperBound)
    }
    /// More than `lower` (excluded), at most `upper`.
    static func above(_ lower: Double, atMost upper: Double) -> NumberRange {
        NumberRange(min: lower, minExclusive: true, max: upper)
    }

    func contains(_ value: Double) -> Bool {
        if let min, minExclusive ? value <= min : value < min { return false }
        if let max, value > max { return false }
        return true
    }

    /// Human text with a formatter for the bound values (numbers or durations).
    func text(_ format: (Double) -> String = NumberText.format) -> String {
        switch (min, max) {
        case let (lo?, hi?): return minExclusive ? "more than \(format(lo)), up to \(format(hi))"
                                                 : "\(format(lo))...\(format(hi))"
        case let (lo?, nil): return minExclusive ? "more than \(format(lo))" : "\(format(lo)) or more"
        case let (nil, hi?): return "at most \(format(hi))"
        case (nil, nil): return "any number"
        }
    }
}

/// The unit a duration is stored in by the model (the field's name says which: `durationMs`, `ngUs`).
enum DurationUnit: Sendable {
    case microseconds, milliseconds
    var microsecondsPerUnit: Double { self == .microseconds ? 1 : 1_000 }
}

/// A free-form string with a check; `allowed` is shown in errors and docs.
struct StringRule: Sendable {
    var allowed: String
    /// Returns what is wrong with the text, or nil when it is acceptable.
    var problem: @Sendable (String) -> String?
}

/// A `key is one of values` condition on a sibling field, e.g. `role is cu`.
struct Condition: Sendable {
    var key: String
    var values: [String]

    func holds(in object: [String: ScenarioValue]) -> Bool? {
        guard let value = object[key]?.string else { return nil }
        return values.contains(value)
    }
    var text: String { "\(key) is \(Condition.orList(values))" }

    static func orList(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}

/// A field whose value names an element of a top-level list, optionally of given kinds
/// (`a du node`: collection `nodes`, kindKey `role`, kinds `[du]`).
struct Reference: Sendable {
    var collection: String
    var noun: String
    var kindKey: String? = nil
    var kinds: [String] = []

    /// `a du node`, `a cu or du node`, `a vendor`.
    var phrase: String {
        let kindText = kinds.isEmpty ? "" : Condition.orList(kinds) + " "
        let subject = kindText + noun
        // Role names are read letter by letter: "an ru", "a ue", "a du"; words by their first vowel.
        let anArticle = subject.hasPrefix("ru ") || subject.first.map { "aeio".contains($0) } == true
        return (anArticle ? "an " : "a ") + subject
    }
}

/// Whether a field must be written, and what it is when it is not.
enum Presence: Sendable {
    case required
    /// May be left out; absent stays absent (an optional in the model).
    case optional
    /// Left out means this YAML literal, validated like a written value (`"106"`, `"[0, 0, 25]"`, `"1ms"`).
    case defaults(String)
    /// Required only when a sibling condition holds (`core` when `role is cu`).
    case requiredWhen(Condition)
    /// A reference that, left out, names the only candidate (`node`: the only ue node).
    case soleCandidate
}

/// The type of a field's value, with its range or allowed values.
indirect enum FieldType: Sendable {
    case integer(IntRange)
    case number(NumberRange?)
    case boolean
    case string(StringRule)
    case enumeration([String])
    /// Written `2s`/`500ms`; range in microseconds; stored in the model's unit.
    case duration(NumberRange, storedIn: DurationUnit)
    case reference(Reference)
    case object(ObjectSchema)
    /// `uniqueKey`: a key of the element objects whose values must differ (`name`).
    case list(of: FieldType, count: IntRange, uniqueKey: String? = nil)
}

/// One key of an object type.
struct FieldSpec: Sendable {
    /// The key written in YAML.
    var key: String
    /// The model's property name (differs when YAML says `duration: 2s` and the model `durationMs`).
    var modelKey: String
    var type: FieldType
    var presence: Presence
    /// The key is only allowed when this holds (`core` only on cu nodes).
    var onlyWhen: Condition?
    /// One line for the field reference.
    var doc: String

    init(_ key: String, _ type: FieldType, _ presence: Presence, model modelKey: String? = nil,
         onlyWhen: Condition? = nil, _ doc: String) {
        self.key = key; self.modelKey = modelKey ?? key; self.type = type; self.presence = presence
        self.onlyWhen = onlyWhen; self.doc = doc
    }
}

/// A problem found by a rule; `path` is relative to the object the rule belongs to. `anchor` is a path whose position is reported when `path` has none.
struct RuleViolation: Sendable {
    var path: String
    var message: String
    var allowed: String? = nil
    var anchor: String? = nil
}

/// A check across the fields of one object (`fixedMCS` against `mcsTable`); on the root
/// object, a check across the whole scenario (exactly one core, an ru serves one cell).
/// It runs after the object's fields are validated and sees only the valid ones.
struct ObjectRule: Sendable {
    var doc: String
    var check: @Sendable (_ object: [String: ScenarioValue]) -> [RuleViolation]
}

/// One object type: its keys in document order, and the rules across them.
struct ObjectSchema: Sendable {
    /// Short name used as the heading in the field reference (`cell`, `traffic`).
    var name: String
    var doc: String
    var fields: [FieldSpec]
    var rules: [ObjectRule] = []

    func field(_ key: String) -> FieldSpec? { fields.first { $0.key == key } }
}
