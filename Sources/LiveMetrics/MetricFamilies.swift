import Prometheus

/// Every metric family `b5g run` serves, by Prometheus naming conventions (as `promtool check
/// metrics` applies them): `b5g_` then the subject, the base unit last (bytes, seconds), `_total`
/// for counters, and no `quantile` label outside a summary (latency percentiles are gauges). The Grafana dashboard in tools/grafana uses
/// exactly these names (a test checks it).
public enum MetricFamilies {
    /// A family's name parts and help text.
    public struct Family: Sendable {
        /// What it is about: `cell`, `ue_group`, `slice`, `node`, `ntn`, `orchestrator`, `run` (or none).
        public let subsystem: String
        /// The measured thing: `downlink`, `latency_p99`.
        public let name: String
        /// The base unit, with `_total` for a counter: `bytes_total`, `seconds`.
        public let unit: String
        /// The `# HELP` text.
        public let help: String
        /// A counter (only grows) rather than a gauge.
        public let isCounter: Bool

        /// The full name as served: `b5g_cell_downlink_bits_total`.
        public var fullName: String { ["b5g", subsystem, name, unit].filter { !$0.isEmpty }.joined(separator: "_") }

        var descriptor: MetricNameDescriptor {
            MetricNameDescriptor(namespace: "b5g", subsystem: subsystem, metricName: name, unitName: unit, helpText: help)
        }
    }

    static func counter(_ subsystem: String, _ name: String, _ unit: String, _ help: String) -> Family {
        Family(subsystem: subsystem, name: name, unit: unit.isEmpty ? "total" : "\(unit)_total", help: help, isCounter: true)
    }
    static func gauge(_ subsystem: String, _ name: String, _ unit: String, _ help: String) -> Family {
        Family(subsystem: subsystem, name: name, unit: unit, help: help, isCounter: false)
    }

    // Run
    public static let emulatedTime = counter("run", "emulated", "seconds", "Emulated time every node has reached.")

    // Cells (from the DU's progress reports)
    public static let cellDownlinkBytes = counter("cell", "downlink", "bytes", "Bytes of new downlink transport blocks sent.")
    public static let cellUplinkBytes = counter("cell", "uplink", "bytes", "Bytes of uplink transport blocks decoded.")
    public static let cellDownlinkThroughput = gauge("cell", "downlink_throughput", "bytes_per_second",
                                                     "Downlink throughput over the last 100 ms of emulated time.")
    public static let cellUplinkThroughput = gauge("cell", "uplink_throughput", "bytes_per_second",
                                                   "Uplink throughput over the last 100 ms of emulated time.")
    public static let cellDownlinkPeak = gauge("cell", "downlink_peak", "bytes_per_second",
                                               "TS 38.214 downlink peak of the cell's configuration.")
    public static let cellPRBUtilization = gauge("cell", "prb_utilization", "ratio",
                                                 "Share of the cell's PRBs granted over the last 100 ms, per direction.")
    public static let cellMeanMCS = gauge("cell", "downlink_mcs", "mean", "Mean MCS of downlink grants over the last 100 ms.")
    public static let cellHARQRetransmissions = counter("cell", "harq_retransmissions", "",
                                                        "HARQ retransmissions, per direction.")
    public static let cellGrants = counter("cell", "grants", "", "Grants (transport blocks scheduled), per direction.")
    public static let cellQueued = gauge("cell", "queued", "bytes", "Bytes waiting in the cell's downlink RLC queues.")
    public static let cellConnectedUEs = gauge("cell", "connected_ues", "", "UEs the cell serves.")
    public static let cellLatencyP50 = gauge("cell", "latency_p50", "seconds",
                                             "Median packet latency over the last 100 ms of emulated time, per direction.")
    public static let cellLatencyP99 = gauge("cell", "latency_p99", "seconds",
                                             "99th percentile of packet latency over the last 100 ms of emulated time, per direction.")

    /// The families of what a set of UEs received (a UE group, a slice), from the sinks: the UE
    /// nodes for downlink, the core for uplink.
    public struct TrafficFamilies: Sendable {
        public let latencyP50: Family
        public let latencyP99: Family
        public let receivedBytes: Family
        public let throughput: Family

        init(_ subsystem: String, _ whose: String) {
            let last = "over the last 100 ms of emulated time, per direction."
            latencyP50 = gauge(subsystem, "latency_p50", "seconds", "Median packet latency of \(whose) UEs \(last)")
            latencyP99 = gauge(subsystem, "latency_p99", "seconds", "99th percentile of the packet latency of \(whose) UEs \(last)")
            receivedBytes = counter(subsystem, "received", "bytes", "Bytes \(whose) UEs' sinks received, per direction.")
            throughput = gauge(subsystem, "throughput", "bytes_per_second", "Throughput of \(whose) UEs \(last)")
        }

        var all: [Family] { [latencyP50, latencyP99, receivedBytes, throughput] }
    }

    public static let group = TrafficFamilies("ue_group", "the group's")
    /// UE groups that name a slice.
    public static let slice = TrafficFamilies("slice", "the slice's")

    // Nodes
    public static let nodeLateSlots = counter("node", "late_slots", "", "Slots that finished after their end (real time).")
    public static let nodeCPU = counter("node", "cpu", "seconds", "CPU time of the node.")
    public static let nodeMessages = counter("node", "messages", "", "Messages in and out on the node's links.")
    public static let nodeRefusedUnits = counter("node", "refused_units", "", "Units refused, by cause.")
    public static let nodeMemory = gauge("node", "resident_memory", "bytes", "Resident memory of the node's process.")
    public static let nodeEmulatedTime = gauge("node", "emulated", "seconds", "Emulated time the node has reached.")

    // Energy (from the orchestrator)
    public static let power = gauge("", "power", "watts", "Power per component in the orchestrator's last period.")
    public static let orchestratorActions = counter("orchestrator", "actions", "", "Actions the orchestrator sent, by kind.")

    // NTN (from the channel)
    public static let ntnElevation = gauge("ntn", "elevation", "degrees", "Mean elevation of the NTN cell's serving platform.")
    public static let ntnDelay = gauge("ntn", "one_way_delay", "seconds", "Mean one-way delay of the NTN cell's links.")
    public static let ntnSINR = gauge("ntn", "sinr", "decibels", "Mean downlink SINR of the NTN cell's links.")
    public static let ntnHandovers = counter("ntn", "handovers", "", "Handovers between platforms in the NTN cell.")

    /// Every family, for the dashboard check and the docs.
    public static let all: [Family] = [
        emulatedTime, cellDownlinkBytes, cellUplinkBytes, cellDownlinkThroughput, cellUplinkThroughput, cellDownlinkPeak,
        cellPRBUtilization, cellMeanMCS, cellHARQRetransmissions, cellGrants, cellQueued, cellConnectedUEs,
        cellLatencyP50, cellLatencyP99,
        nodeLateSlots, nodeCPU, nodeMessages, nodeRefusedUnits, nodeMemory, nodeEmulatedTime,
        power, orchestratorActions, ntnElevation, ntnDelay, ntnSINR, ntnHandovers,
    ] + group.all + slice.all
}
