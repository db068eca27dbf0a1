import Foundation

/// The rank a UE reports (RI, TS 38.214 clause 5.2.2.2) and the per-layer SINR of a
/// multi-layer transmission.
///
/// Spatial multiplexing splits the transmit power over the layers (-10 log10 v dB each) and
/// the layers interfere with one another on a real, correlated channel. This emulator models
/// the latter as ``penaltyPerExtraLayerDb`` per layer beyond the first (about what a
/// correlated 4x4 urban macro channel loses between its eigenmodes); the UE picks the rank
/// whose layers together carry the most bits.
public enum RankIndicator {
    /// Inter-layer loss per layer beyond the first, dB.
    public static let penaltyPerExtraLayerDb = 1.5

    /// SINR of each of `layers` layers when the wideband single-layer SINR is `sinrDb`.
    @inlinable
    public static func layerSINRDb(_ sinrDb: Double, layers: Int) -> Double {
        guard layers > 1 else { return sinrDb }
        return sinrDb - 10 * log10(Double(layers)) - penaltyPerExtraLayerDb * Double(layers - 1)
    }

    /// The rank (1...`maxRank`) whose layers carry the most bits, and the per-layer CQI at it.
    /// Rank is chosen on capacity, v x log2(1 + per-layer SINR) capped at the table's highest
    /// efficiency, as a UE's RI search does on its channel estimate, rather than on quantized
    /// CQIs (which would let one CQI step flip the rank back and forth).
    public static func select(sinrDb: Double, maxRank: Int, table: CQITable) -> (rank: Int, cqi: Int) {
        let cap = table.efficiency(cqi: 15)
        var rank = 1
        var best = capacity(sinrDb, layers: 1, cap: cap)
        if maxRank > 1 {
            for v in 2...maxRank {
                let bits = capacity(sinrDb, layers: v, cap: cap)
                if bits > best + 1e-9 { rank = v; best = bits }
            }
        }
        return (rank, CQITable.cqi(sinrDb: layerSINRDb(sinrDb, layers: rank), table: table))
    }

    /// Bits per resource element of `layers` layers at the wideband SINR.
    public static func capacity(_ sinrDb: Double, layers: Int, cap: Double) -> Double {
        Double(layers) * min(cap, log2(1 + pow(10, layerSINRDb(sinrDb, layers: layers) / 10)))
    }
}
