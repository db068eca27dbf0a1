/// One logged decision: the action, where it goes, and whether the model accepted it.
public struct ActionLogEntry: Sendable, Equatable, Codable {
    /// Identifier, from 1 in decision order; the E2 control request carries it.
    public var actionID: Int
    /// Period whose report led to the action.
    public var periodIndex: Int
    public var action: OrchestratorAction
    /// Node the control request goes to.
    public var targetNode: String
    public var accepted: Bool
    /// Why the action was refused.
    public var refusal: String?
}

/// The orchestrator's loop: each period, take the KPI snapshot, ask the policy, check every
/// action against the model at its slot, keep the model as it will be, and log everything.
public struct OrchestrationLoop<P: Policy>: Sendable {
    public private(set) var model: ResourceModel
    public private(set) var policy: P
    public var targets: OrchestrationTargets
    /// Every action decided so far, accepted or refused.
    public private(set) var log: [ActionLogEntry] = []
    private var nextActionID = 1

    /// Creates a loop.
    public init(model: ResourceModel, policy: P, targets: OrchestrationTargets) {
        self.model = model
        self.policy = policy
        self.targets = targets
    }

    /// Runs one period.
    /// - Parameter snapshot: the period's KPIs.
    /// - Returns: this period's log entries; the accepted ones are to be sent as control requests.
    public mutating func step(_ snapshot: KPISnapshot) -> [ActionLogEntry] {
        model.advance(toSlot: snapshot.slot)
        model.absorb(snapshot)
        let actions = policy.decide(snapshot: snapshot, model: model, targets: targets)
        // Apply in slot order; equal slots keep the policy's order.
        let ordered = actions.enumerated().sorted { ($0.element.applyAtSlot, $0.offset) < ($1.element.applyAtSlot, $1.offset) }.map(\.element)
        var entries: [ActionLogEntry] = []
        for action in ordered {
            var refusal: String?
            if action.applyAtSlot <= snapshot.slot {
                refusal = "apply slot \(action.applyAtSlot) is not after the report slot \(snapshot.slot)"
            } else {
                var m = model
                m.advance(toSlot: action.applyAtSlot)
                do { model = try m.applying(action) } catch { refusal = error.reason }
            }
            entries.append(ActionLogEntry(actionID: nextActionID, periodIndex: snapshot.periodIndex, action: action,
                                          targetNode: model.targetNode(for: action.kind), accepted: refusal == nil, refusal: refusal))
            nextActionID += 1
        }
        log += entries
        return entries
    }
}
