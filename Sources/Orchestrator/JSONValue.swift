import Foundation

/// Any JSON value, kept as read: what a peer sent, to quote it back and to say what was found
/// where something else was expected.
public enum JSONValue: Sendable, Equatable, Codable {
    // The JSON types; every number is a Double, as JSON has one number type.
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The value at a coding path (keys and array indices), if there is one.
    public func value(at path: [any CodingKey]) -> JSONValue? {
        var here = self
        for key in path {
            switch here {
            case .object(let o): guard let next = o[key.stringValue] else { return nil }; here = next
            case .array(let a): guard let i = key.intValue, a.indices.contains(i) else { return nil }; here = a[i]
            default: return nil
            }
        }
        return here
    }

    /// The path (keys, array indices) of the first number equal to `text`'s value, depth first.
    public func path(toNumber text: String) -> [any CodingKey]? {
        guard let wanted = Double(text) else { return nil }
        switch self {
        case .number(let n): return n == wanted ? [] : nil
        case .array(let a):
            for (i, v) in a.enumerated() { if let p = v.path(toNumber: text) { return [PathKey(index: i)] + p } }
        case .object(let o):
            for k in o.keys.sorted() { if let p = o[k]?.path(toNumber: text) { return [PathKey(k)] + p } }
        default: break
        }
        return nil
    }

    /// What the value is, in words, with a short quote: `a string ("4")`, `an object`.
    public var described: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let n): "the number \(n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n))"
        case .string(let s): "a string (\"\(s.count > 40 ? String(s.prefix(40)) + "..." : s)\")"
        case .array(let a): "an array of \(a.count)"
        case .object: "an object"
        }
    }
}

/// A key of a path through a ``JSONValue``: an object key or an array index.
struct PathKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ key: String) { stringValue = key }
    init(index: Int) { stringValue = "Index \(index)"; intValue = index }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.init(index: intValue) }
}
