import Foundation
import Power

/// The request sent to an external policy each period: one JSON object.
public struct PolicyRequest: Sendable, Equatable, Codable {
    /// Always ``PolicyRequest/protocolName``.
    public var `protocol`: String
    /// Protocol version, ``PolicyRequest/currentVersion``.
    public var version: Int
    public var snapshot: KPISnapshot
    public var model: ModelView
    public var targets: OrchestrationTargets
    /// The policy's actions refused since its last answer: unreadable, refused by the model's
    /// checks, or refused by the node; empty when all were carried out.
    public var refused: [RefusedAction]

    public static let protocolName = "b5g-policy"
    public static let currentVersion = 1

    public init(snapshot: KPISnapshot, model: ResourceModel, targets: OrchestrationTargets, refused: [RefusedAction] = []) {
        self.protocol = Self.protocolName
        self.version = Self.currentVersion
        self.snapshot = snapshot
        self.model = ModelView(model)
        self.targets = targets
        self.refused = refused
    }
}

/// The external policy's answer: actions, or an error text.
public struct PolicyResponse: Sendable, Equatable, Codable {
    public var version: Int
    public var actions: [OrchestratorAction]
    /// Set when the policy could not decide; the orchestrator then keeps the allocation.
    public var error: String?

    public init(version: Int = PolicyRequest.currentVersion, actions: [OrchestratorAction], error: String? = nil) {
        self.version = version
        self.actions = actions
        self.error = error
    }
}

/// How the last exchange with an external policy went.
public enum ExternalPolicyOutcome: Sendable, Equatable {
    /// It answered with a response that could be read (some actions may have been refused).
    case answered
    /// No answer: the transport failed or timed out (the text says which).
    case unanswered(String)
    /// An answer that is not a response (not JSON, the wrong shape, another version), in words.
    /// A policy that only ever answers this is as broken as a silent one.
    case malformed(String)
    /// A response that says the policy could not decide (its `error` text).
    case unusable(String)
}

/// A policy in another process, any language. Transport-agnostic: `exchange` takes the request
/// bytes and returns the response bytes (a ZeroMQ DEALER socket in the orchestrator; a function
/// in tests). Framing and schema: one UTF-8 JSON object per message (docs/orchestrator.md).
///
/// No answer, an unusable answer or a version mismatch yields no actions (the allocation is
/// kept) and sets ``lastOutcome``. Each element of `actions` is read on its own: one that is
/// not an action is refused with the reason in words, the others are used.
public struct ExternalPolicyAdapter: Policy {
    /// Sends one request, returns one response.
    public typealias Exchange = @Sendable ([UInt8]) throws -> [UInt8]

    public let name: String
    private let exchange: Exchange
    /// How the last exchange went.
    public private(set) var lastOutcome = ExternalPolicyOutcome.answered
    /// Elements of the last response that could not be read, as refusals (for the action log).
    public private(set) var lastUnreadable: [RefusedAction] = []
    /// Refusals not yet told to the policy: sent with the next request that gets an answer.
    private var pending: [RefusedAction] = []
    /// The last readable actions with their period and position, to place later refusals.
    private var lastActions: (period: Int, actions: [OrchestratorAction], indices: [Int])?

    /// Why the last decision produced no actions, if it failed.
    public var lastError: String? {
        switch lastOutcome {
        case .answered: nil
        case .unanswered(let why), .malformed(let why), .unusable(let why): why
        }
    }

    /// Creates an adapter.
    /// - Parameters:
    ///   - name: name in logs and tables, e.g. `external`.
    ///   - exchange: the request/response transport.
    public init(name: String = "external", exchange: @escaping Exchange) {
        self.name = name
        self.exchange = exchange
    }

    public mutating func decide(snapshot: KPISnapshot, model: ResourceModel, targets: OrchestrationTargets) -> [OrchestratorAction] {
        lastUnreadable = []
        let request = Self.encode(PolicyRequest(snapshot: snapshot, model: model, targets: targets, refused: pending))
        let reply: [UInt8]
        do { reply = try exchange(request) } catch {
            lastOutcome = .unanswered("\(error)")
            return []
        }
        pending = []
        let answer: PolicyAnswer
        do { answer = try Self.decodeResponse(reply) } catch {
            lastOutcome = .malformed(error.description)
            return []
        }
        if let error = answer.error {
            lastOutcome = .unusable("external policy error: \(error)")
            return []
        }
        lastOutcome = .answered
        lastUnreadable = answer.unreadable.map {
            RefusedAction(period: snapshot.periodIndex, index: $0.index, action: $0.text, reason: $0.reason, refusedBy: RefusedAction.orchestrator)
        }
        pending = lastUnreadable
        lastActions = (snapshot.periodIndex, answer.actions, answer.indices)
        return answer.actions
    }

    /// Keeps the refusals for the next request, placed at their position in the response.
    public mutating func noteRefused(_ refusals: [RefusedAction]) {
        for var r in refusals {
            if let last = lastActions, last.period == r.period,
               let i = last.actions.firstIndex(where: { $0.jsonText == r.action }) {
                r.index = last.indices[i]
            }
            pending.append(r)
        }
    }

    /// JSON bytes of a request: UTF-8, keys sorted, no whitespace.
    public static func encode(_ request: PolicyRequest) -> [UInt8] { JSONBytes.encode(request) }

    /// Reads a response element by element and checks its version.
    /// - Throws: ``ExternalPolicyError``, in words.
    public static func decodeResponse(_ bytes: [UInt8]) throws(ExternalPolicyError) -> PolicyAnswer {
        let answer = try PolicyResponseReader.read(bytes)
        guard answer.version == PolicyRequest.currentVersion else {
            throw .versionMismatch(got: answer.version, expected: PolicyRequest.currentVersion)
        }
        return answer
    }
}

/// Why an external policy's answer was not used.
public enum ExternalPolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    case badResponse(String)
    case versionMismatch(got: Int, expected: Int)

    public var description: String {
        switch self {
        case .badResponse(let why): "external policy response is not valid: \(why)"
        case let .versionMismatch(got, expected): "external policy answered version \(got), expected \(expected)"
        }
    }
}

/// Sorted-key, compact JSON, as every document of the project.
public enum JSONBytes {
    /// Sorted keys, no whitespace (unless pretty), infinities as `Infinity`.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = false) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // An unstable queue predicts an infinite p99; write it as JavaScript/Python do.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        // Only finite numbers, strings, arrays and nested structs: encoding cannot fail.
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    /// A decoder that reads what ``encode(_:pretty:)`` writes.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return d
    }
}
