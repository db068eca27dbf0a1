import Report
import Scenario

extension Launcher {
    /// The final reports, each with what the node's killed predecessors (restart faults) measured.
    var reportsWithRestarts: [String: NodeReport] {
        var all = reports
        for (node, earlier) in restartReports {
            // A node that never sent its final report (the run stopped while it was down) is
            // reported by its last incarnation.
            var others = earlier
            guard var r = all[node] ?? others.popLast() else { continue }
            for e in others { r.absorb(earlier: e) }
            all[node] = r
        }
        return all
    }

    /// Rows of timeseries.csv for the cells of a DU that was down (a restart fault): no DU
    /// reported them, and the cell carried nothing, so each 100 ms boundary while it was down
    /// gets a row of zeros.
    var outageSamples: [CellSample] {
        let every = max(1, UInt64(100_000 / topology.numerology.slotDurationUs))
        var rows: [CellSample] = []
        for cell in options.scenario.cells {
            for down in topology.restarts(of: cell.du) {
                var slot = (down.lowerBound / every + 1) * every
                while slot <= down.upperBound, slot <= topology.totalSlots {
                    let timeMs = Double(topology.slotStartNs(slot)) / 1e6
                    if !samples.contains(where: { $0.cell == cell.name && $0.timeMs == timeMs }) {
                        rows.append(CellSample(cell: cell.name, timeMs: timeMs, dlMbps: 0, ulMbps: 0, dlPRBUtilization: 0,
                                               ulPRBUtilization: 0, meanDLMCS: 0, harqRetransmissions: 0, queuedBytes: 0,
                                               connectedUEs: 0))
                    }
                    slot += every
                }
            }
        }
        return rows
    }
}
