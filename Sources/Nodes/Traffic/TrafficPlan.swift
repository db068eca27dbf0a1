import Report
import Radio
import Scenario

/// Run-wide traffic rules every node applies the same way.
public enum TrafficPlan {
    /// The N6 data network server's address (10.46.0.1).
    public static let dataNetworkIPv4: UInt32 = 0x0A2E_0001

    /// Sources stop before the end so packets in flight can arrive: 10% of the run (at most
    /// 200 ms) plus the longest one-way path (backhaul and NTN delays included), at most half the run.
    public static func stopNs(_ t: Topology) -> UInt64 {
        let totalNs = t.totalSlots * t.slotDurationNs
        let d = t.linkDelays
        let ntnMs = t.scenario.cells.compactMap { cell in cell.ntn.flatMap { c in t.ntnGeometry()?.maxOneWayDelayMs(c) } }.max() ?? 0
        let pathNs = UInt64((d.ngUs + d.f1Us + d.fronthaulUs + d.airUs) * 1000 + ntnMs * 1e6)
        return totalNs - min(min(totalNs / 10, 200_000_000) + pathNs, totalNs / 2)
    }

    /// The span KPIs are measured over: from the end of the scenario's warm-up to the instant the
    /// sources stop. The validator keeps the warm-up under half the duration, so it is never empty.
    public static func measurementWindow(_ t: Topology) -> MeasurementWindow {
        let stop = stopNs(t)
        return MeasurementWindow(startNs: min(UInt64(t.scenario.warmupMs * 1e6), stop), endNs: stop)
    }

    /// Offered rate of a flow. The full-buffer sources of a cell together offer 1.5x the cell's
    /// peak rate (at least their configured rate each), so the cell, not the sources, is the
    /// bottleneck while the excess stays bounded (it is dropped at the RLC buffer and counted).
    public static func rateBps(_ config: TrafficConfig, cell: Int, _ t: Topology) -> Double {
        let configured = config.rateMbps * 1e6
        guard config.kind == .fullBuffer else { return configured }
        let sharing = t.ues.filter { ue in
            let group = t.scenario.ueGroups[ue.groupIndex]
            return ue.cell == cell && (group.downlink.kind == .fullBuffer || group.uplink.kind == .fullBuffer)
        }.count
        let peak = CellCapacity.peakDownlinkBps(t.scenario.cells[cell], numerology: t.numerology)
        return max(configured, 1.5 * peak / Double(max(1, sharing)))
    }

    /// RLC transmit buffer per UE: 20 ms of the cell's peak rate, at least 64 kB.
    public static func rlcQueueBytes(cell: Int, _ t: Topology) -> Int {
        let peak = CellCapacity.peakDownlinkBps(t.scenario.cells[cell], numerology: t.numerology)
        return max(64_000, Int(peak * 0.020 / 8))
    }
}

/// TEIDs are derived from the UE id so every node can check what it receives.
public enum TEIDPlan {
    public static func coreUplink(_ ue: UInt32) -> UInt32 { 0x1000_0000 | ue }
    public static func cuDownlink(_ ue: UInt32) -> UInt32 { 0x2000_0000 | ue }
    public static func cuUplink(_ ue: UInt32) -> UInt32 { 0x3000_0000 | ue }
    public static func duDownlink(_ ue: UInt32) -> UInt32 { 0x4000_0000 | ue }
}
