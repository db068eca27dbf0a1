import Foundation

/// An external policy's response as read: the actions that could be read, each with its
/// position in `actions`, and those that could not, each with the reason in words.
public struct PolicyAnswer: Sendable, Equatable {
    /// One element of `actions` that is not an action: its JSON text and what is wrong.
    public struct Unreadable: Sendable, Equatable {
        /// Position in `actions`, from 0.
        public var index: Int
        /// The element as JSON text.
        public var text: String
        /// What is wrong, in words: the field and what was expected.
        public var reason: String
    }

    /// The `version` the policy answered with.
    public var version: Int
    /// The readable actions, in response order.
    public var actions: [OrchestratorAction]
    /// Position in `actions` of each readable action.
    public var indices: [Int]
    /// The elements of `actions` that are not actions.
    public var unreadable: [Unreadable]
    /// The policy's own error text, when it could not decide.
    public var error: String?
}

/// Reads a policy response element by element, so one misspelt action is refused on its own,
/// and words every problem as the field and what was expected there.
enum PolicyResponseReader {
    private struct Envelope: Decodable {
        var version: Int
        var actions: [Element]
        var error: String?
    }

    /// One element of `actions`: the value as sent, and the action or why it is none.
    private struct Element: Decodable {
        var value: JSONValue
        var action: Result<OrchestratorAction, any Error>

        init(from decoder: any Decoder) throws {
            value = try JSONValue(from: decoder)
            do { action = .success(try OrchestratorAction(from: decoder)) } catch {
                action = .failure(error)
            }
        }
    }

    /// Reads a response.
    /// - Throws: ``ExternalPolicyError/badResponse(_:)`` naming the field and what was expected.
    static func read(_ bytes: [UInt8]) throws(ExternalPolicyError) -> PolicyAnswer {
        let decoder = JSONBytes.decoder()
        let document: JSONValue
        do { document = try decoder.decode(JSONValue.self, from: Data(bytes)) } catch {
            throw .badResponse("the response is not JSON (\(bytes.count) bytes, starting \(quote(bytes)))")
        }
        let envelope: Envelope
        do { envelope = try decoder.decode(Envelope.self, from: Data(bytes)) } catch {
            throw .badResponse(words(error, in: document))
        }
        var answer = PolicyAnswer(version: envelope.version, actions: [], indices: [], unreadable: [], error: envelope.error)
        for (i, element) in envelope.actions.enumerated() {
            switch element.action {
            case .success(let action):
                answer.actions.append(action)
                answer.indices.append(i)
            case .failure(let error):
                let text = String(decoding: JSONBytes.encode(element.value), as: UTF8.self)
                // Its path starts at the response (`actions`, index): read from the element's own value.
                answer.unreadable.append(.init(index: i, text: text,
                                               reason: words(error, in: element.value, prefix: "actions[\(i)]", dropping: 2)))
            }
        }
        return answer
    }

    /// A decoding error in words: the field's path, what was expected, what was found.
    static func words(_ error: any Error, in document: JSONValue, prefix: String = "", dropping: Int = 0) -> String {
        func field(_ path: [any CodingKey], dropping: Int = dropping) -> String {
            var text = prefix
            for key in path.dropFirst(dropping) {
                if let i = key.intValue, key.stringValue.hasPrefix("Index") || key.stringValue == "\(i)" { text += "[\(i)]" }
                else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text.isEmpty ? "the response" : "field `\(text)`"
        }
        // A number the field's integer type cannot hold (negative, fractional, too large): the
        // decoder names only the number, so the field is found by its value.
        if let number = unrepresentableNumber(error) {
            let path = document.path(toNumber: number) ?? []
            return "\(field(path, dropping: 0)): expected an integer in the field's range, found the number \(number)"
        }
        guard let error = error as? DecodingError else { return "\(error)" }
        func found(_ path: [any CodingKey]) -> String { document.value(at: Array(path.dropFirst(dropping)))?.described ?? "nothing" }
        switch error {
        case let .keyNotFound(key, context):
            return "\(field(context.codingPath + [key])) is missing: expected \(expectation(key.stringValue))"
        case let .typeMismatch(type, context):
            return "\(field(context.codingPath)): expected \(noun(type)), found \(found(context.codingPath))"
        case let .valueNotFound(type, context):
            return "\(field(context.codingPath)): expected \(noun(type)), found null"
        case let .dataCorrupted(context):
            return "\(field(context.codingPath)): \(context.debugDescription) (found \(found(context.codingPath)))"
        @unknown default:
            return "\(error)"
        }
    }

    /// The number text of Foundation's "not representable" error, at any depth.
    private static func unrepresentableNumber(_ error: any Error) -> String? {
        var text = "\(error)"
        if case .dataCorrupted(let context)? = error as? DecodingError, let underlying = context.underlyingError { text += "\(underlying)" }
        guard let marker = text.range(of: "numberIsNotRepresentableInSwift(parsed: \"") else { return nil }
        let rest = text[marker.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// What a field of the protocol holds, for a missing one.
    private static func expectation(_ key: String) -> String {
        switch key {
        case "version": "the protocol version, an integer"
        case "actions": "an array of actions (empty to keep the allocation)"
        case "action": "an object with `type` and the type's fields (docs/orchestrator.md)"
        case "applyAtSlot": "the slot at which the action applies, an integer after the report slot"
        case "reason": "a string saying why"
        case "type": "an action type (setCores, setVCUCores, migrate, ruSleep, ruWake, setSliceQuota, steerUEs, serverPower)"
        case "cores", "count", "depth": "an integer"
        case "minShare", "maxShare": "a number in 0...1"
        case "on": "true or false"
        default: "a string naming a \(key)"
        }
    }

    private static func noun(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is UInt64.Type, is UInt32.Type, is UInt.Type: "a non-negative integer"
        case is Double.Type, is Float.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    private static func quote(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        return "`\(text)\(bytes.count > 40 ? "..." : "")`"
    }
}
