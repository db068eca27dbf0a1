import Interfaces

/// An action with the slot at which it takes effect and why it was chosen. The action is the E2
/// RC action itself (``RCAction``), so what a policy decides is what the node receives.
///
/// JSON: `{"action":{...},"applyAtSlot":4000,"reason":"..."}`, an element of an external
/// policy's `actions`.
public struct OrchestratorAction: Sendable, Equatable, Hashable, Codable {
    /// What to do.
    public var kind: RCAction
    /// Slot at which the node applies it.
    public var applyAtSlot: UInt64
    /// Why, in words; logged and shown in the report.
    public var reason: String

    private enum CodingKeys: String, CodingKey { case kind = "action", applyAtSlot, reason }

    /// Creates an action.
    /// - Parameters:
    ///   - kind: what to do.
    ///   - applyAtSlot: slot of effect.
    ///   - reason: why.
    public init(_ kind: RCAction, applyAtSlot: UInt64, reason: String) {
        self.kind = kind
        self.applyAtSlot = applyAtSlot
        self.reason = reason
    }

    /// The action as the JSON element of a policy response (keys sorted, compact).
    public var jsonText: String { String(decoding: JSONBytes.encode(self), as: UTF8.self) }
}
