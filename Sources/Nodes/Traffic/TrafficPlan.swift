import Radio
import Scenario

/// Run-wide traffic rules every node applies the same way.
public enum TrafficPlan {
    /// The N6 data network server's address (10.46.0.1).
    public static let dataNetworkIPv4: UInt32 = 0x0A2E_0001

    /// Sources stop before the end so packets in flight can arrive: 10% of the run, at most 200 ms.
    public static func stopNs(_ t: Topology) -> UInt64 {
        let totalNs = t.totalSlots * t.slotDurationNs
        return totalNs - min(totalNs / 10, 200_000_000)
    }

    /// Offered rate of a flow. A full-buffer source offers at least 1.2x the cell's peak
    /// rate, so the cell, not the source, is the bottleneck.
    public static func rateBps(_ config: TrafficConfig, cell: Int, _ t: Topology) -> Double {
        let configured = config.rateMbps * 1e6
        guard config.kind == .fullBuffer else { return configured }
        return max(configured, 1.2 * CellCapacity.peakDownlinkBps(t.scenario.cells[cell], numerology: t.numerology))
    }
}

/// TEIDs are derived from the UE id so every node can check what it receives.
public enum TEIDPlan {
    public static func coreUplink(_ ue: UInt32) -> UInt32 { 0x1000_0000 | ue }
    public static func cuDownlink(_ ue: UInt32) -> UInt32 { 0x2000_0000 | ue }
    public static func cuUplink(_ ue: UInt32) -> UInt32 { 0x3000_0000 | ue }
    public static func duDownlink(_ ue: UInt32) -> UInt32 { 0x4000_0000 | ue }
}
