/// A decision rule: reads a period's KPIs and the resource model, returns actions.
///
/// Policies are values; state they keep between periods (history, hysteresis) lives in the
/// value, so the same sequence of inputs gives the same actions.
public protocol Policy: Sendable {
    /// Name used in logs and in the comparison table.
    var name: String { get }
    /// Decides the actions for the next period.
    /// - Parameters:
    ///   - snapshot: the period's KPIs.
    ///   - model: the resource model as the orchestrator knows it.
    ///   - targets: the operator's targets.
    /// - Returns: actions, each with its slot and reason.
    mutating func decide(snapshot: KPISnapshot, model: ResourceModel, targets: OrchestrationTargets) -> [OrchestratorAction]
    /// Hears which of its actions were refused, by the orchestrator's checks or by a node; each once.
    mutating func noteRefused(_ refusals: [RefusedAction])
}

extension Policy {
    /// Built-in policies plan from the model alone: refusals change nothing for them.
    public mutating func noteRefused(_ refusals: [RefusedAction]) {}
}

/// Keeps the configured allocation: never acts. The baseline of every comparison.
public struct StaticPolicy: Policy {
    public let name = "static"
    public init() {}
    public mutating func decide(snapshot: KPISnapshot, model: ResourceModel, targets: OrchestrationTargets) -> [OrchestratorAction] { [] }
}

/// Helpers shared by the built-in policies.
enum PolicySupport {
    /// Nudges the quota of each slice that misses (raise) or comfortably meets (lower) its target.
    /// - Parameters:
    ///   - p99Ms: the p99 to judge, per (cell, slice), in model order.
    static func quotaNudges(model: ResourceModel, targets: OrchestrationTargets, p99Ms: (String, String) -> Double?,
                            step: Double, floorShares: [String: [String: Double]], atSlot: UInt64) -> [OrchestratorAction] {
        var actions: [OrchestratorAction] = []
        for cell in model.cells {
            var mins = cell.slices.reduce(0.0) { $0 + $1.minShare }
            for q in cell.slices {
                guard let target = targets.sliceLatencyP99Ms[q.sliceID], let p99 = p99Ms(cell.id, q.sliceID) else { continue }
                if p99 > target && q.minShare + step <= 1 && mins + step <= 1 + 1e-9 {
                    let newMin = q.minShare + step
                    mins += step
                    actions.append(OrchestratorAction(.setSliceQuota(cell: cell.id, slice: q.sliceID, minShare: newMin, maxShare: max(q.maxShare, newMin)),
                                                      applyAtSlot: atSlot,
                                                      reason: "slice \(q.sliceID) p99 \(fmt(p99)) ms > target \(fmt(target)) ms in \(cell.id): raise minimum share to \(fmt(newMin * 100)) %"))
                } else if p99 < 0.5 * target, let floor = floorShares[cell.id]?[q.sliceID], q.minShare - step >= floor - 1e-9 {
                    let newMin = q.minShare - step
                    actions.append(OrchestratorAction(.setSliceQuota(cell: cell.id, slice: q.sliceID, minShare: newMin, maxShare: q.maxShare),
                                                      applyAtSlot: atSlot,
                                                      reason: "slice \(q.sliceID) p99 \(fmt(p99)) ms < half its target in \(cell.id): return share, minimum \(fmt(newMin * 100)) %"))
                }
            }
        }
        return actions
    }
}

/// Short fixed-point text for reasons: at most two decimals, no trailing zeros.
func fmt(_ x: Double) -> String {
    guard x.isFinite else { return x > 0 ? "inf" : "-inf" }
    let r = (x * 100).rounded() / 100
    if r == r.rounded() { return String(Int(r)) }
    let s = String(r)
    return s
}
