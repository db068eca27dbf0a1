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

    /// Runs one period. An action for a node the snapshot holds unreachable is refused before
    /// the model takes it: the request could not be delivered, and the model must not count it done.
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
            let unreachable = snapshot.unreachableNodes.isEmpty ? []
                : model.nodesReached(by: action.kind).filter(snapshot.unreachableNodes.contains)
            if let node = unreachable.first {
                refusal = "\(node) is unreachable: its E2 report for period \(snapshot.periodIndex) did not arrive"
            } else if action.applyAtSlot <= snapshot.slot {
                refusal = "apply slot \(action.applyAtSlot) is not after the report slot \(snapshot.slot)"
            } else if action.applyAtSlot - snapshot.slot > Self.maxLeadPeriods * UInt64(max(1, snapshot.periodSlots)) {
                refusal = "apply slot \(action.applyAtSlot) is more than \(Self.maxLeadPeriods) periods after the report slot \(snapshot.slot)"
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
        let refused = entries.filter { !$0.accepted }.map {
            RefusedAction(period: $0.periodIndex, index: nil, action: $0.action.jsonText, reason: $0.refusal ?? "",
                          refusedBy: RefusedAction.orchestrator)
        }
        if !refused.isEmpty { policy.noteRefused(refused) }
        return entries
    }

    /// How far ahead of its report an action may be placed, in periods: later slots are refused
    /// (no run is that long, and slot arithmetic stays far from overflow).
    public static var maxLeadPeriods: UInt64 { 1_000_000 }

    /// Tells the policy that a node refused one of the actions sent (from its RC acknowledgement).
    /// - Parameters:
    ///   - actionID: the action's id in the log.
    ///   - node: the node that refused it.
    ///   - reason: the node's reason.
    public mutating func noteNodeRefusal(actionID: Int, node: String, reason: String) {
        guard let entry = log.first(where: { $0.actionID == actionID }) else { return }
        policy.noteRefused([RefusedAction(period: entry.periodIndex, index: nil, action: entry.action.jsonText, reason: reason,
                                          refusedBy: node)])
    }

    /// Decides with another policy from the next period on (a fallback taking over).
    public mutating func replacePolicy(with policy: P) { self.policy = policy }
}
