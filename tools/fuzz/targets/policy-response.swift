// An external policy's response (a peer's bytes too): read element by element, then every
// readable action checked and applied by the orchestration loop against a small model, where
// slot arithmetic meets the policy's numbers.
import Orchestrator

private let model = ResourceModel(
    servers: [OCloudServer(id: "srv1"), OCloudServer(id: "srv2", state: .off)],
    vdus: [VirtualDU(id: "du1", serverID: "srv1", cores: 8, cellIDs: ["cell1", "cell2"])],
    vcus: [VirtualCU(id: "cu1", serverID: "srv1", cores: 2, duIDs: ["du1"])],
    rus: [RadioUnit(id: "ru1", cellID: "cell1", neighbourRUIDs: ["ru2"]), RadioUnit(id: "ru2", cellID: "cell2", neighbourRUIDs: ["ru1"])],
    cells: ["cell1", "cell2"].enumerated().map { i, id in
        Cell(id: id, ruID: "ru\(i + 1)", duID: "du1", cuID: "cu1", prbs: 106,
             slices: [SliceQuota(sliceID: "embb", minShare: 0.5, maxShare: 1), SliceQuota(sliceID: "urllc", minShare: 0.2, maxShare: 0.5)],
             activeUEs: 4)
    })
private let snapshot = KPISnapshot(periodIndex: 4, slot: 999, periodSlots: 200, cells: [])
private let targets = OrchestrationTargets(sliceLatencyP99Ms: ["urllc": 10])

func fuzzOne(_ bytes: [UInt8]) {
    let policy = ExternalPolicyAdapter { _ in bytes }
    var loop = OrchestrationLoop(model: model, policy: policy, targets: targets)
    _ = loop.step(snapshot)
}
