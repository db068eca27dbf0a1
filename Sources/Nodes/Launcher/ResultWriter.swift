import Foundation
import Interfaces
import Report
import ReportHTML
import Scenario
import Transport

/// Writes the run folder: summary.json, timeseries.csv, latency/*.hgrm, report.html and, when the
/// scenario's capture is enabled, capture.pcap (logs/ is written by the nodes' output as they run).
struct ResultWriter {
    let folder: String
    let scenario: Scenario

    func write(summary: RunSummary, samples: [CellSample], ntnSamples: [NTNSample], reports: [String: NodeReport],
               captures: CaptureCollector) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(summary).write(to: URL(fileURLWithPath: "\(folder)/summary.json"))

        var csv = "time_ms,cell,dl_mbps,ul_mbps,dl_prb_util,ul_prb_util,mean_dl_mcs,harq_retx,queued_bytes,connected_ues\n"
        for s in samples.sorted(by: { ($0.timeMs, $0.cell) < ($1.timeMs, $1.cell) }) {
            csv += "\(s.timeMs),\(s.cell),\(s.dlMbps),\(s.ulMbps),\(s.dlPRBUtilization),\(s.ulPRBUtilization),"
                + "\(s.meanDLMCS),\(s.harqRetransmissions),\(s.queuedBytes),\(s.connectedUEs)\n"
        }
        try csv.write(toFile: "\(folder)/timeseries.csv", atomically: true, encoding: .utf8)

        if !ntnSamples.isEmpty {
            var ntn = "time_ms,cell,platform,elevation_deg,one_way_delay_ms,doppler_hz,path_loss_db,sinr_db,served_ues,handovers\n"
            for s in ntnSamples.sorted(by: { ($0.timeMs, $0.cell) < ($1.timeMs, $1.cell) }) {
                ntn += "\(s.timeMs),\(s.cell),\(s.platform),\(s.elevationDeg),\(s.oneWayDelayMs),\(s.dopplerHz),"
                    + "\(s.pathLossDb),\(s.sinrDb),\(s.servedUEs),\(s.handovers)\n"
            }
            try ntn.write(toFile: "\(folder)/ntn_timeseries.csv", atomically: true, encoding: .utf8)
        }

        if let o = reports.values.compactMap(\.orchestration).first {
            var actions = "id,period,slot,node,type,detail,reason,accepted,refusal,applied_slot\n"
            for a in o.actions {
                actions += "\(a.id),\(a.periodIndex),\(a.slot),\(a.node),\(a.type),\(csvField(a.detail)),\(csvField(a.reason)),"
                    + "\(a.accepted),\(csvField(a.refusal ?? "")),\(a.appliedAtSlot.map(String.init) ?? "")\n"
            }
            try actions.write(toFile: "\(folder)/actions.csv", atomically: true, encoding: .utf8)
            var power = "period,time_ms,node,kind,power_w,energy_j\n"
            for p in o.power {
                power += "\(p.periodIndex),\(p.timeMs),\(p.node),\(p.kind),\(p.powerW.rounded(toPlaces: 3)),\(p.energyJ.rounded(toPlaces: 4))\n"
            }
            try power.write(toFile: "\(folder)/power.csv", atomically: true, encoding: .utf8)
        }

        var byGroup: [String: LatencyRecorder] = [:]
        for r in reports.values { for (key, h) in r.latencyByGroup { byGroup[key, default: LatencyRecorder()].add(h) } }
        for (key, h) in byGroup where h.count > 0 {
            let name = key.replacingOccurrences(of: "/", with: "-")
            try h.percentileDistribution().write(toFile: "\(folder)/latency/\(name).hgrm", atomically: true, encoding: .utf8)
        }

        if scenario.capture.enabled { try writeCapture(captures) }
        // Last, from the files above, exactly as `b5g report` writes it again.
        try HTMLReport.writeRun(folder: folder)
    }

    /// capture.pcap: the node table first (so the capture names its nodes), then every record in
    /// time order (equal times in arrival order).
    private func writeCapture(_ captures: CaptureCollector) throws {
        let pcap = try PcapFileWriter(path: "\(folder)/capture.pcap")
        let table = CaptureNodeTable(scenario: scenario.name, nodes: scenario.nodes.enumerated().map { i, node in
            CaptureNodeTable.Node(index: UInt16(i), name: node.name, role: node.role.rawValue, vendor: node.vendor)
        })
        let first = table.captureRecord
        pcap.write(frame: first.frame, originalLength: first.originalLength, timestampNs: 0)
        let ordered = captures.records.enumerated().sorted { ($0.element.timestampNs, $0.offset) < ($1.element.timestampNs, $1.offset) }
        for (_, entry) in ordered {
            pcap.write(frame: entry.record.frame, originalLength: entry.record.originalLength, timestampNs: entry.timestampNs)
        }
        pcap.close()
    }
}

/// An RFC 4180 field: quoted when it holds a comma, quote or line break.
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
