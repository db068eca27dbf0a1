import Report
import Scenario

/// Joins the nodes' reports into summary.json: each UE's flows from both ends, each cell's
/// DU counters, each process's own counters.
struct SummaryBuilder {
    let topology: Topology

    func build(reports: [String: NodeReport], restarts: [String: [NodeReport]] = [:], exitStatuses: [String: Int32], memory: [String: MemorySamples] = [:], status: RunSummary.Status, wallDurationS: Double,
               captures: CaptureCollector, failure: RunSummary.Failure?) -> RunSummary {
        let scenario = topology.scenario
        let window = TrafficPlan.measurementWindow(topology)
        let windowSeconds = Double(window.lengthNs) / 1e9
        var flows: [UInt32: (dlSent: FlowReport?, dlReceived: FlowReport?, ulSent: FlowReport?, ulReceived: FlowReport?)] = [:]
        for report in reports.values {
            for f in report.flows {
                var entry = flows[f.ueId] ?? (nil, nil, nil, nil)
                switch (f.direction, report.role == "core") {
                case (.downlink, true): entry.dlSent = f
                case (.downlink, false): entry.dlReceived = f
                case (.uplink, false): entry.ulSent = f
                case (.uplink, true): entry.ulReceived = f
                }
                flows[f.ueId] = entry
            }
        }
        func direction(sent: FlowReport?, received: FlowReport?) -> RunSummary.Direction {
            var d = RunSummary.Direction()
            d.sentPackets = sent?.sentPackets ?? 0
            d.receivedPackets = received?.receivedPackets ?? 0
            d.receivedBytes = received?.receivedBytes ?? 0
            d.latency = received?.latency ?? LatencySummary()
            d.wallLatency = received?.wallLatency
            d.reassemblyDiscards = received?.reassemblyDiscards
            d.duplicatesDiscarded = received?.duplicatesDiscarded
            let failures = (sent?.harqFailures ?? 0) + (received?.harqFailures ?? 0)
            d.harqFailures = failures > 0 ? failures : nil
            // Both ends may know the radio side: the UE node for DL (SINR, MCS) and UL (grants).
            let radio = [sent, received].compactMap { $0 }.filter { $0.transportBlocks > 0 || $0.sinrSamples > 0 }
            let blocks = radio.reduce(0) { $0 + $1.transportBlocks }, mcs = radio.reduce(0) { $0 + $1.mcsSum }
            let samples = radio.reduce(0) { $0 + $1.sinrSamples }, sinr = radio.reduce(0) { $0 + $1.sinrSumDb }
            d.meanMCS = blocks == 0 ? 0 : (Double(mcs) / Double(blocks)).rounded(toPlaces: 2)
            d.meanSINRDb = samples == 0 ? 0 : (sinr / Double(samples)).rounded(toPlaces: 2)
            // Throughput: the bytes the sink received inside the measurement window over its length.
            // Loss: of the packets the source created inside the window, those the sink never
            // received (the run drains after the sources stop; what is still in flight at the end
            // counts as lost).
            d.windowSentPackets = sent?.windowSentPackets ?? 0
            d.windowDeliveredPackets = received?.windowDeliveredPackets ?? 0
            if windowSeconds > 0 {
                d.throughputMbps = (Double(received?.windowReceivedBytes ?? 0) * 8 / windowSeconds / 1e6).rounded(toPlaces: 3)
                d.offeredMbps = (Double(sent?.windowSentBytes ?? 0) * 8 / windowSeconds / 1e6).rounded(toPlaces: 3)
            }
            if d.windowSentPackets > 0 {
                let lost = d.windowSentPackets - min(d.windowSentPackets, d.windowDeliveredPackets)
                d.loss = (Double(lost) / Double(d.windowSentPackets)).rounded(toPlaces: 5)
            }
            return d
        }
        let radio = Dictionary(reports.values.flatMap(\.ueRadio).map { ($0.ueId, $0) }, uniquingKeysWith: { a, b in
            var m = a
            m.add(b)
            return m
        })
        let ues = topology.ues.map { ue in
            let f = flows[ue.id]
            var u = RunSummary.UE(id: ue.id, name: ue.name, group: ue.group, cell: scenario.cells[ue.cell].name,
                                  downlink: direction(sent: f?.dlSent, received: f?.dlReceived),
                                  uplink: direction(sent: f?.ulSent, received: f?.ulReceived))
            u.attached = f?.dlReceived?.attached ?? f?.ulSent?.attached
            u.radioLinkFailures = f?.dlReceived?.radioLinkFailures
            u.uplink.queueDrops = f?.ulSent?.queueDrops
            if let r = radio[ue.id] {
                // The DU measures each uplink block's PUSCH SINR; the UE node cannot.
                if r.uplinkSINRSamples > 0 { u.uplink.meanSINRDb = (r.uplinkSINRSumDb / Double(r.uplinkSINRSamples)).rounded(toPlaces: 2) }
                if r.downlinkQueueDrops > 0 { u.downlink.queueDrops = r.downlinkQueueDrops }
                if r.uplinkHARQFailures > 0 { u.uplink.harqFailures = (u.uplink.harqFailures ?? 0) + r.uplinkHARQFailures }
            }
            return u
        }
        let cellReports = Dictionary(reports.values.flatMap(\.cells).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let cells = scenario.cells.map { cell -> RunSummary.Cell in
            let r = cellReports[cell.name] ?? CellReport(name: cell.name)
            let members = ues.filter { $0.cell == cell.name }
            func ratio(_ a: UInt64, _ b: UInt64) -> Double { b == 0 ? 0 : (Double(a) / Double(b)).rounded(toPlaces: 4) }
            var summary = RunSummary.Cell(
                name: cell.name, du: cell.du, ru: cell.ru,
                downlinkThroughputMbps: members.reduce(0) { $0 + $1.downlink.throughputMbps }.rounded(toPlaces: 3),
                uplinkThroughputMbps: members.reduce(0) { $0 + $1.uplink.throughputMbps }.rounded(toPlaces: 3),
                expectedPeakDownlinkMbps: r.expectedPeakDLMbps,
                downlinkPRBUtilization: ratio(r.dlPRBsUsed, r.dlPRBsAvailable),
                uplinkPRBUtilization: ratio(r.ulPRBsUsed, r.ulPRBsAvailable),
                meanDownlinkMCS: r.dlTransmissions == 0 ? 0 : (Double(r.dlMCSSum) / Double(r.dlTransmissions)).rounded(toPlaces: 2),
                downlinkTransmissions: r.dlTransmissions, downlinkRetransmissions: r.dlRetransmissions,
                uplinkTransmissions: r.ulTransmissions, uplinkRetransmissions: r.ulRetransmissions,
                harqFailures: r.harqFailures, uplinkHARQFailures: r.ulHARQFailures, queueDrops: r.queueDrops,
                downlinkLatency: merged(reports, group: members.map(\.group), direction: "downlink"),
                uplinkLatency: merged(reports, group: members.map(\.group), direction: "uplink"),
                downlinkFairness: jain(members.map(served)))
            summary.handoverDiscards = r.handoverDiscards
            if r.mac.slots > 0 { summary.mac = RunSummary.MAC(r.mac) }
            return summary
        }
        let nodeList: [NodeConfig] = scenario.nodes
        let processes = nodeList.map { node -> RunSummary.Process in
            let r = reports[node.name]
            return RunSummary.Process(node: node.name, role: node.role.rawValue, vendor: node.vendor,
                                      pid: r?.pid ?? 0, exitStatus: exitStatuses[node.name],
                                      complete: r?.complete ?? false, cpuSeconds: (r?.cpuSeconds ?? 0).rounded(toPlaces: 3),
                                      slotsRun: r?.slotsRun ?? 0, lateSlots: r?.lateSlots ?? 0,
                                      messagesIn: r?.messagesIn ?? 0, messagesOut: r?.messagesOut ?? 0,
                                      bytesIn: r?.bytesIn ?? 0, bytesOut: r?.bytesOut ?? 0, decodeErrors: r?.decodeErrors ?? 0)
        }.map { p -> RunSummary.Process in
            var p = p
            if let refused = reports[p.node]?.refusedUnits, !refused.isEmpty { p.refusedUnits = refused }
            if let impaired = reports[p.node]?.impairedUnits, !impaired.isEmpty { p.impairedUnits = impaired }
            if let frozen = reports[p.node]?.frozenSlots, frozen > 0 { p.frozenSlots = frozen }
            p.uplinkDuplicatesDiscarded = reports[p.node]?.uplinkDuplicatesDiscarded
            if let killed = restarts[p.node], !killed.isEmpty {
                let ms = topology.numerology.slotDurationUs / 1000
                p.restarts = zip(killed, topology.restarts(of: p.node)).map { report, down in
                    RunSummary.Restart(killedAtMs: (Double(down.lowerBound) * ms).rounded(toPlaces: 3),
                                       backAtMs: (Double(down.upperBound) * ms).rounded(toPlaces: 3), killedPid: report.pid,
                                       lost: report.lostOnKill)
                }
            }
            if let m = memory[p.node] { p.rssAfterWarmupKB = m.afterWarmupKB; p.rssMaxKB = m.maxKB; p.rssEndKB = m.lastKB }
            return p
        }
        let slices = scenario.slices.map { slice -> RunSummary.Slice in
            let groups = scenario.ueGroups.filter { $0.slice == slice.name }.map(\.name)
            let members = ues.filter { groups.contains($0.group) }
            let dl = merged(reports, group: groups, direction: "downlink")
            let ul = merged(reports, group: groups, direction: "uplink")
            let met: Bool? = slice.latencyTargetMs > 0
                ? [dl, ul].filter { $0.count > 0 }.allSatisfy { $0.p99Ms <= slice.latencyTargetMs } : nil
            return RunSummary.Slice(name: slice.name, ues: members.count,
                                    downlinkThroughputMbps: members.reduce(0) { $0 + $1.downlink.throughputMbps }.rounded(toPlaces: 3),
                                    uplinkThroughputMbps: members.reduce(0) { $0 + $1.uplink.throughputMbps }.rounded(toPlaces: 3),
                                    downlinkLatency: dl, uplinkLatency: ul, latencyTargetMs: slice.latencyTargetMs,
                                    latencyTargetMet: met)
        }
        let reached = processes.map(\.slotsRun).min() ?? 0
        // Emulated time actually run: a run stopped early is not credited with the whole duration.
        let reachedMs = Double(reached) * topology.numerology.slotDurationUs / 1000
        let emulatedMs = scenario.durationMs
        var summary = RunSummary(scenario: scenario.name, seed: scenario.seed, clock: scenario.clock.rawValue,
                          numerology: scenario.numerology, status: status, emulatedDurationMs: emulatedMs,
                          emulatedReachedMs: (Double(reached) * topology.numerology.slotDurationUs / 1000).rounded(toPlaces: 3),
                          slots: topology.totalSlots, wallDurationS: wallDurationS.rounded(toPlaces: 3),
                          wallRealTimeFactor: wallDurationS > 0 ? (reachedMs / 1000 / wallDurationS).rounded(toPlaces: 3) : 0,
                          ues: ues, cells: cells, processes: processes, captureRecords: captures.records.count,
                          captureRecordsSkipped: captures.skipped, failure: failure)
        summary.slices = slices
        summary.flaggedUEs = ues.flatMap(Self.flags)
        summary.measurementWindow = RunSummary.Window(startMs: Double(window.startNs) / 1e6, endMs: Double(window.endNs) / 1e6)
        summary.ntn = reports.values.flatMap(\.ntnCells).sorted { $0.cell < $1.cell }.map(RunSummary.NTNCell.init)
        if let o = reports.values.compactMap(\.orchestration).first {
            summary.policy = o.policy
            summary.energy = o.energy
            summary.attainment = o.attainment
            var actions = RunSummary.Actions()
            actions.count = o.actions.filter(\.accepted).count
            actions.refused = o.actions.filter { !$0.accepted }.count
            actions.externalTimeouts = o.externalTimeouts
            actions.externalUnusable = o.externalUnusable
            actions.fallback = o.fallback
            actions.unreachablePeriods = o.unreachablePeriods
            summary.actions = actions
        }
        let late = reports.values.compactMap(\.computeLateSlots)
        if !late.isEmpty { summary.computeLateSlots = late.reduce(0, +) }
        let handovers = reports.values.compactMap(\.interDUHandovers)
        if !handovers.isEmpty { summary.interDUHandovers = handovers.reduce(0, +) }
        let dropped = reports.values.compactMap(\.computeDroppedPackets)
        if !dropped.isEmpty { summary.computeDroppedPackets = dropped.reduce(0, +) }
        return summary
    }

    /// SINR under which a link is called too weak to carry data: below the lowest CQI's
    /// threshold (about -6 dB, TS 38.214 Table 5.2.2.1-2 at 10% BLER).
    static let lowSINRDb = -6.0

    /// Why a UE's figures are not service: never attached, or at least half its packets due in
    /// a direction lost, with the most likely cause from what the run measured.
    static func flags(_ ue: RunSummary.UE) -> [RunSummary.FlaggedUE] {
        if ue.attached == false {
            return [RunSummary.FlaggedUE(ue: ue.name, cell: ue.cell, direction: nil, loss: nil, reason: "never attached")]
        }
        return [("downlink", ue.downlink), ("uplink", ue.uplink)].compactMap { name, d in
            guard d.windowSentPackets > 0, d.loss >= 0.5 else { return nil }
            var causes: [String] = []
            if d.meanSINRDb < lowSINRDb, d.meanSINRDb != 0 || d.meanMCS > 0 {
                causes.append("low SINR (\(String(format: "%.1f", d.meanSINRDb)) dB)")
            }
            if let drops = d.queueDrops { causes.append("queue drops (\(drops) SDUs)") }
            if let failures = d.harqFailures { causes.append("HARQ failures (\(failures) blocks)") }
            if causes.isEmpty {
                causes.append(d.meanMCS == 0 ? "never scheduled" : "not scheduled enough (backlog at the end)")
            }
            return RunSummary.FlaggedUE(ue: ue.name, cell: ue.cell, direction: name, loss: d.loss, reason: causes.joined(separator: ", "))
        }
    }

    private func merged(_ reports: [String: NodeReport], group: [String], direction: String) -> LatencySummary {
        var all = LatencyRecorder()
        for g in Set(group).sorted() {
            for r in reports.values { if let h = r.latencyByGroup["\(g)/\(direction)"] { all.add(h) } }
        }
        return all.summary
    }

    /// Share of its offered downlink rate (what its source created in the measurement window) a
    /// UE received, 1 when it offered nothing: fairness compares service relative to demand, so
    /// UEs asking for little do not count as starved.
    private func served(_ ue: RunSummary.UE) -> Double {
        ue.downlink.offeredMbps > 0 ? min(1, ue.downlink.throughputMbps / ue.downlink.offeredMbps) : 1
    }

    private func jain(_ x: [Double]) -> Double {
        let sum = x.reduce(0, +), squares = x.reduce(0) { $0 + $1 * $1 }
        guard squares > 0 else { return 0 }
        return (sum * sum / (Double(x.count) * squares)).rounded(toPlaces: 4)
    }
}
