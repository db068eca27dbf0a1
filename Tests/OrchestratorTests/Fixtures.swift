import Power
@testable import Orchestrator

/// A four-cell site cluster on three O-Cloud servers, fully provisioned: every server on,
/// every vDU with 12 cores, every RU active. Neighbours form a ring.
enum Fixtures {
    static let cellIDs = ["cell1", "cell2", "cell3", "cell4"]

    static func model(vduCores: Int = 12, switchOnTimeS: Double = 0.5) -> ResourceModel {
        let power = ServerPowerModel(cores: 32, idlePowerW: 120, fullLoadPowerW: 400, switchOnTimeS: switchOnTimeS)
        let servers = ["srv1", "srv2", "srv3"].map { OCloudServer(id: $0, power: power) }
        let placement = ["srv1", "srv2", "srv3", "srv3"]
        let vdus = (0..<4).map { i in
            VirtualDU(id: "du\(i + 1)", serverID: placement[i], cores: vduCores, compute: .softwareLDPC, cellIDs: [cellIDs[i]], layers: 4)
        }
        let rus = (0..<4).map { i in
            RadioUnit(id: "ru\(i + 1)", cellID: cellIDs[i], power: RUPowerModel(type: .rrh),
                      neighbourRUIDs: ["ru\((i + 3) % 4 + 1)", "ru\((i + 1) % 4 + 1)"])
        }
        let cells = (0..<4).map { i in
            Cell(id: cellIDs[i], ruID: "ru\(i + 1)", duID: "du\(i + 1)", cuID: "cu1", prbs: 273,
                 slices: [SliceQuota(sliceID: "embb", minShare: 0.5, maxShare: 1), SliceQuota(sliceID: "urllc", minShare: 0.2, maxShare: 0.5)],
                 activeUEs: 20)
        }
        return ResourceModel(servers: servers, vdus: vdus, vcus: [VirtualCU(id: "cu1", serverID: "srv1", cores: 2)], rus: rus, cells: cells)
    }

    static let targets = OrchestrationTargets(sliceLatencyP99Ms: ["embb": 30, "urllc": 5], sliceThroughputFloorMbps: ["embb": 100])

    static var environment: ModelEnvironment {
        ModelEnvironment(sliceMix: ["embb": 0.8, "urllc": 0.2], baseP99Ms: ["embb": 8, "urllc": 1])
    }

    /// A day in 24 periods: busy cells peak at 70 %, quiet ones at 30 %; nights at 3-5 %.
    static var day: DemandProfile {
        .compressedDay(periods: 24, cells: ["cell1": (0.05, 0.7, 0), "cell2": (0.04, 0.5, 1), "cell3": (0.03, 0.35, -1), "cell4": (0.03, 0.3, 2)])
    }

    /// 2 s periods at 30 kHz.
    static let periodSlots = 4000

    /// A snapshot with given per-cell loads and per-vDU utilisation, p99 from the environment's law.
    static func snapshot(loads: [String: Double], slot: UInt64 = 3999, model: ResourceModel = model()) -> KPISnapshot {
        var rng = SplitMix64(seed: 1)
        var env = environment
        env.noiseFraction = 0
        return env.snapshot(periodIndex: Int(slot) / periodSlots, periodSlots: periodSlots, model: model, demand: loads, rng: &rng)
    }
}
