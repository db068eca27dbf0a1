/// An action that was not carried out, and why. An external policy gets those of its own
/// actions back in its next request (`refused`), so it can learn from them.
public struct RefusedAction: Sendable, Equatable, Codable {
    /// Period of the decision that held the action.
    public var period: Int
    /// Its position in that response's `actions` (from 0); nil when no response held it.
    public var index: Int?
    /// The action as JSON text; as the policy sent it when it could not be read.
    public var action: String
    /// Why, in words (which field, what was expected; or the rule it breaks).
    public var reason: String
    /// `orchestrator` (it could not be read or the model refused it) or the node that refused it.
    public var refusedBy: String

    /// Creates a refusal record.
    public init(period: Int, index: Int?, action: String, reason: String, refusedBy: String) {
        self.period = period; self.index = index; self.action = action; self.reason = reason; self.refusedBy = refusedBy
    }

    /// Who refuses an action that could not be read or that the model does not allow.
    public static let orchestrator = "orchestrator"
}
