import Report

/// Progress reports as the nodes send them, for the metrics tests.
enum ProgressFixtures {
    /// An orchestrator's report: one RU's power in the last period and actions so far.
    static func orchestrator(ruPowerW: Double, actions: [String: UInt64]) -> NodeProgress {
        var p = NodeProgress(node: "orch", slot: 200, lateSlots: 0)
        var o = OrchestrationProgress()
        o.power = [.init(periodIndex: 0, timeMs: 100, node: "ru1", kind: "ru", powerW: ruPowerW, energyJ: ruPowerW / 10)]
        o.actionsByKind = actions
        p.orchestration = o
        return p
    }
}
