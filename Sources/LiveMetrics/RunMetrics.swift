import Prometheus
import Report

/// The live metrics of one run, updated from the nodes' progress reports as the launcher takes
/// them and served as Prometheus text (`GET /metrics`).
///
/// Updated from the launcher's thread only; ``text()`` may be called from any thread (the
/// registry is thread-safe).
public final class RunMetrics {
    /// The families as served; the HTTP endpoint reads it.
    public let registry = PrometheusCollectorRegistry()
    private let slotDurationS: Double
    private var feed = CounterFeed()
    private var emulatedS: [String: Double]
    private var runEmulatedS = 0.0

    /// - Parameters:
    ///   - nodes: every node of the scenario (the run's emulated time is the least any has reached).
    ///   - slotDurationS: the slot duration of the scenario's numerology.
    public init(nodes: [String], slotDurationS: Double) {
        self.slotDurationS = slotDurationS
        emulatedS = Dictionary(uniqueKeysWithValues: nodes.map { ($0, 0) })
    }

    /// The metrics in Prometheus text format.
    public func text() -> String { registry.emitToString() }

    private func counter(_ f: MetricFamilies.Family, _ labels: [(String, String)]) -> Counter {
        registry.makeCounter(descriptor: f.descriptor, labels: labels)
    }

    private func gauge(_ f: MetricFamilies.Family, _ labels: [(String, String)]) -> Gauge {
        registry.makeGauge(descriptor: f.descriptor, labels: labels)
    }

    private func advance(_ f: MetricFamilies.Family, _ labels: [(String, String)], to total: Double) {
        let id = f.fullName + labels.map { "|\($0.0)=\($0.1)" }.joined()
        feed.advance(counter(f, labels), id: id, to: total)
    }

    /// Takes a node's periodic progress report (not its waiting or alive reports).
    public func record(_ p: NodeProgress, role: String) {
        let node = [("node", p.node), ("role", role)]
        let nodeS = Double(p.slot) * slotDurationS
        gauge(MetricFamilies.nodeEmulatedTime, node).set(to: nodeS)
        emulatedS[p.node] = nodeS
        advance(MetricFamilies.emulatedTime, [], to: emulatedS.values.min() ?? 0)
        advance(MetricFamilies.nodeLateSlots, node, to: Double(p.lateSlots))
        if let cpu = p.cpuSeconds { advance(MetricFamilies.nodeCPU, node, to: cpu) }
        if let n = p.messagesIn { advance(MetricFamilies.nodeMessages, node + [("direction", "in")], to: Double(n)) }
        if let n = p.messagesOut { advance(MetricFamilies.nodeMessages, node + [("direction", "out")], to: Double(n)) }
        for (cause, n) in p.refusedUnits ?? [:] { advance(MetricFamilies.nodeRefusedUnits, node + [("cause", cause)], to: Double(n)) }
        if let kB = p.rssKB { gauge(MetricFamilies.nodeMemory, node).set(to: Double(kB) * 1024) }
        for c in p.cells { record(c) }
        for n in p.ntn { record(n) }
        if let o = p.orchestration { record(o) }
    }

    private func record(_ c: CellSample) {
        let cell = [("cell", c.cell)]
        counter(MetricFamilies.cellDownlinkBytes, cell).increment(by: Int64(clamping: c.dlBits / 8))
        counter(MetricFamilies.cellUplinkBytes, cell).increment(by: Int64(clamping: c.ulBits / 8))
        gauge(MetricFamilies.cellDownlinkThroughput, cell).set(to: c.dlMbps * 1e6 / 8)
        gauge(MetricFamilies.cellUplinkThroughput, cell).set(to: c.ulMbps * 1e6 / 8)
        gauge(MetricFamilies.cellDownlinkPeak, cell).set(to: c.peakDLMbps * 1e6 / 8)
        gauge(MetricFamilies.cellPRBUtilization, cell + [("direction", "downlink")]).set(to: c.dlPRBUtilization)
        gauge(MetricFamilies.cellPRBUtilization, cell + [("direction", "uplink")]).set(to: c.ulPRBUtilization)
        gauge(MetricFamilies.cellMeanMCS, cell).set(to: c.meanDLMCS)
        counter(MetricFamilies.cellHARQRetransmissions, cell + [("direction", "downlink")]).increment(by: Int64(clamping: c.harqRetransmissions))
        counter(MetricFamilies.cellHARQRetransmissions, cell + [("direction", "uplink")]).increment(by: Int64(clamping: c.ulHARQRetransmissions))
        counter(MetricFamilies.cellGrants, cell + [("direction", "downlink")]).increment(by: Int64(clamping: c.dlGrants))
        counter(MetricFamilies.cellGrants, cell + [("direction", "uplink")]).increment(by: Int64(clamping: c.ulGrants))
        gauge(MetricFamilies.cellQueued, cell).set(to: Double(c.queuedBytes))
        gauge(MetricFamilies.cellConnectedUEs, cell).set(to: Double(c.connectedUEs))
    }

    private func record(_ n: NTNSample) {
        let cell = [("cell", n.cell)]
        gauge(MetricFamilies.ntnElevation, cell).set(to: n.elevationDeg)
        gauge(MetricFamilies.ntnDelay, cell).set(to: n.oneWayDelayMs / 1000)
        gauge(MetricFamilies.ntnSINR, cell).set(to: n.sinrDb)
        advance(MetricFamilies.ntnHandovers, cell, to: Double(n.handovers))
    }

    private func record(_ o: OrchestrationProgress) {
        for p in o.power { gauge(MetricFamilies.power, [("component", p.node), ("kind", p.kind)]).set(to: p.powerW) }
        for (kind, n) in o.actionsByKind { advance(MetricFamilies.orchestratorActions, [("kind", kind)], to: Double(n)) }
    }

    /// Takes a cell's, group's or slice's finished interval (every sink's share added).
    public func record(_ t: IntervalTraffic) {
        typealias F = MetricFamilies
        let (label, p50, p99, received, throughput): (String, F.Family, F.Family, F.Family?, F.Family?) = switch t.scope {
        case .cell: ("cell", F.cellLatencyP50, F.cellLatencyP99, nil, nil)
        case .group: ("group", F.group.latencyP50, F.group.latencyP99, F.group.receivedBytes, F.group.throughput)
        case .slice: ("slice", F.slice.latencyP50, F.slice.latencyP99, F.slice.receivedBytes, F.slice.throughput)
        }
        let subject = [(label, t.name), ("direction", t.direction.rawValue)]
        if let ms = t.latencyP50Ms { gauge(p50, subject).set(to: ms / 1000) }
        if let ms = t.latencyP99Ms { gauge(p99, subject).set(to: ms / 1000) }
        if let received { counter(received, subject).increment(by: Int64(clamping: t.receivedBytes)) }
        if let throughput { gauge(throughput, subject).set(to: t.bitsPerSecond / 8) }
    }
}
