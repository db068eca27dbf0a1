/// The text of the run folder's time series: timeseries.csv (per cell) and ue-timeseries.csv
/// (per UE), every 100 ms of emulated time. Latency fields are empty when no packet arrived.
public enum TimeSeriesCSV {
    /// The header line of timeseries.csv.
    public static let cellHeader = "time_ms,cell,dl_mbps,ul_mbps,dl_prb_util,ul_prb_util,mean_dl_mcs,harq_retx,queued_bytes,"
        + "connected_ues,dl_latency_p50_ms,dl_latency_p99_ms,ul_latency_p50_ms,ul_latency_p99_ms\n"
    /// The header line of ue-timeseries.csv.
    public static let ueHeader = "time_ms,ue,cell,dl_mbps,ul_mbps,dl_latency_p50_ms,dl_latency_p99_ms,ul_latency_p50_ms,"
        + "ul_latency_p99_ms,dl_mcs,dl_sinr_db\n"

    /// timeseries.csv: the DU's cell samples, each with its cell's latency in the same interval.
    /// - Parameters:
    ///   - samples: the cells' progress samples.
    ///   - traffic: the cells' intervals joined from the sinks (group intervals are ignored).
    public static func cells(_ samples: [CellSample], traffic: [IntervalTraffic]) -> String {
        struct Key: Hashable { var cell: String; var timeMs: Double; var direction: FlowReport.Direction }
        var latency: [Key: IntervalTraffic] = [:]
        for t in traffic where t.scope == .cell { latency[Key(cell: t.name, timeMs: t.timeMs, direction: t.direction)] = t }
        var csv = cellHeader
        for s in samples.sorted(by: { ($0.timeMs, $0.cell) < ($1.timeMs, $1.cell) }) {
            let dl = latency[Key(cell: s.cell, timeMs: s.timeMs, direction: .downlink)]
            let ul = latency[Key(cell: s.cell, timeMs: s.timeMs, direction: .uplink)]
            csv += "\(s.timeMs),\(s.cell),\(s.dlMbps),\(s.ulMbps),\(s.dlPRBUtilization),\(s.ulPRBUtilization),"
                + "\(s.meanDLMCS),\(s.harqRetransmissions),\(s.queuedBytes),\(s.connectedUEs),"
                + "\(field(dl?.latencyP50Ms)),\(field(dl?.latencyP99Ms)),\(field(ul?.latencyP50Ms)),\(field(ul?.latencyP99Ms))\n"
        }
        return csv
    }

    /// ue-timeseries.csv: one row per UE and interval, its downlink half from the UE node and
    /// its uplink half from the core.
    /// - Parameters:
    ///   - samples: the sinks' per-UE samples.
    ///   - names: UE names by id (`phones-0`).
    public static func ues(_ samples: [UESample], names: [UInt32: String]) -> String {
        struct Key: Hashable { var timeMs: Double; var ueId: UInt32 }
        var rows: [Key: (dl: UESample?, ul: UESample?)] = [:]
        for s in samples {
            let key = Key(timeMs: s.timeMs, ueId: s.ueId)
            if s.direction == .downlink { rows[key, default: (nil, nil)].dl = s } else { rows[key, default: (nil, nil)].ul = s }
        }
        var csv = ueHeader
        for key in rows.keys.sorted(by: { ($0.timeMs, $0.ueId) < ($1.timeMs, $1.ueId) }) {
            guard let (dl, ul) = rows[key] else { continue }
            let cell = dl?.cell ?? ul?.cell ?? ""
            csv += "\(key.timeMs),\(names[key.ueId] ?? "ue\(key.ueId)"),\(cell),\(dl?.mbps ?? 0),\(ul?.mbps ?? 0),"
                + "\(field(dl?.latencyP50Ms)),\(field(dl?.latencyP99Ms)),\(field(ul?.latencyP50Ms)),\(field(ul?.latencyP99Ms)),"
                + "\(field(dl?.meanMCS)),\(field(dl?.meanSINRDb))\n"
        }
        return csv
    }

    private static func field(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
}
