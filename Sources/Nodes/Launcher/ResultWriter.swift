import Foundation
import Interfaces
import Report
import ReportHTML
import Scenario
import Transport

/// The time series the launcher gathered beyond the cell samples.
struct TimeSeries {
    /// Cell intervals joined from the sinks (latency per cell and direction).
    var cellTraffic: [IntervalTraffic] = []
    /// Per-UE samples; ue-timeseries.csv is written only with `output.ueTimeseries`.
    var ues: [UESample] = []
    /// UE names by id.
    var ueNames: [UInt32: String] = [:]
}

/// Writes the run folder: summary.json, timeseries.csv, ue-timeseries.csv, latency/*.hgrm, report.html and, when the
/// scenario's capture is enabled, capture.pcap (logs/ is written by the nodes' output as they run).
struct ResultWriter {
    let folder: String
    let scenario: Scenario

    /// Writes every file it can: a file that fails (disk full, a path that cannot be created)
    /// does not stop the others, so as much of the run as possible is kept.
    /// - Throws: ``ResultWriteError`` naming each file that could not be written, after trying all.
    func write(summary: RunSummary, samples: [CellSample], ntnSamples: [NTNSample], series: TimeSeries, reports: [String: NodeReport],
               captures: CaptureCollector) throws(ResultWriteError) {
        var failures: [ResultWriteError.Failure] = []
        func attempt(_ file: String, _ body: () throws -> Void) {
            do { try body() } catch { failures.append(.init(file: "\(folder)/\(file)", reason: ResultWriteError.reason(error))) }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        attempt("summary.json") { try Self.write(try encoder.encode(summary), to: "\(folder)/summary.json") }

        let csv = TimeSeriesCSV.cells(samples, traffic: series.cellTraffic)
        attempt("timeseries.csv") { try Self.write(csv, to: "\(folder)/timeseries.csv") }
        if scenario.output.ueTimeseries {
            let ues = TimeSeriesCSV.ues(series.ues, names: series.ueNames)
            attempt("ue-timeseries.csv") { try Self.write(ues, to: "\(folder)/ue-timeseries.csv") }
        }

        if !ntnSamples.isEmpty {
            var ntn = "time_ms,cell,platform,elevation_deg,one_way_delay_ms,doppler_hz,path_loss_db,sinr_db,served_ues,handovers\n"
            for s in ntnSamples.sorted(by: { ($0.timeMs, $0.cell) < ($1.timeMs, $1.cell) }) {
                ntn += "\(s.timeMs),\(s.cell),\(s.platform),\(s.elevationDeg),\(s.oneWayDelayMs),\(s.dopplerHz),"
                    + "\(s.pathLossDb),\(s.sinrDb),\(s.servedUEs),\(s.handovers)\n"
            }
            attempt("ntn_timeseries.csv") { try Self.write(ntn, to: "\(folder)/ntn_timeseries.csv") }
        }

        if let o = reports.values.compactMap(\.orchestration).first {
            attempt("actions.csv") { try Self.write(Self.actionsCSV(o), to: "\(folder)/actions.csv") }
            var power = "period,time_ms,node,kind,power_w,energy_j\n"
            for p in o.power {
                power += "\(p.periodIndex),\(p.timeMs),\(p.node),\(p.kind),\(p.powerW.rounded(toPlaces: 3)),\(p.energyJ.rounded(toPlaces: 4))\n"
            }
            attempt("power.csv") { try Self.write(power, to: "\(folder)/power.csv") }
        }

        var byGroup: [String: LatencyRecorder] = [:]
        for r in reports.values { for (key, h) in r.latencyByGroup { byGroup[key, default: LatencyRecorder()].add(h) } }
        // The distributions' text (HdrHistogram's generic formatter, slow with many groups) is
        // made on every core; the files are written in order.
        let groups = byGroup.sorted(by: { $0.key < $1.key }).filter { $0.value.count > 0 }
        let texts = ParallelResults<String>(count: groups.count)
        DispatchQueue.concurrentPerform(iterations: groups.count) { i in texts.set(i, groups[i].value.percentileDistribution()) }
        for (i, (key, _)) in groups.enumerated() {
            let name = key.replacingOccurrences(of: "/", with: "-")
            attempt("latency/\(name).hgrm") { try Self.write(texts.values[i] ?? "", to: "\(folder)/latency/\(name).hgrm") }
        }

        if scenario.capture.enabled { attempt("capture.pcap") { try writeCapture(captures) } }
        // Last, from the files above, exactly as `b5g report` writes it again.
        if failures.contains(where: { $0.file.hasSuffix("/summary.json") }) {
            failures.append(.init(file: "\(folder)/report.html", reason: "not written: it is drawn from summary.json"))
        } else {
            attempt("report.html") { try HTMLReport.writeRun(folder: folder, summary: summary) }
        }
        guard failures.isEmpty else { throw ResultWriteError(failures: failures) }
    }

    /// Writes in place (no temporary file and rename), so a write error such as a full disk
    /// is reported by the write itself and a file that names a device is written to.
    /// actions.csv: every action decided, with its status (`accepted` or `refused`), and a
    /// `fallback` row where a built-in policy took over from an external one. Actions the
    /// policy sent that could not be read have no id (type `unreadable`).
    static func actionsCSV(_ o: OrchestrationReport) -> String {
        var csv = "id,period,slot,node,type,detail,reason,accepted,refusal,applied_slot,status\n"
        var fallback = o.fallback
        for a in o.actions {
            if let f = fallback, f.periodIndex <= a.periodIndex { csv += fallbackRow(f); fallback = nil }
            csv += "\(a.id == 0 ? "" : String(a.id)),\(a.periodIndex),\(a.slot),\(a.node),\(a.type),\(csvField(a.detail)),"
                + "\(csvField(a.reason)),\(a.accepted),\(csvField(a.refusal ?? "")),\(a.appliedAtSlot.map(String.init) ?? ""),"
                + (a.accepted ? "accepted" : "refused") + "\n"
        }
        if let f = fallback { csv += fallbackRow(f) }
        return csv
    }

    private static func fallbackRow(_ f: OrchestrationReport.Fallback) -> String {
        ",\(f.periodIndex),\(f.slot),,fallback,\(csvField("{\"from\":\"\(f.from)\",\"to\":\"\(f.to)\"}")),\(csvField(f.reason)),false,,,fallback\n"
    }

    static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    private static func write(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        defer { try? handle.close() }
        try handle.write(contentsOf: data)
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
        try pcap.finish()
    }
}

/// Files of the run folder that could not be written; the run ends with
/// ``RunExitCode/resultsNotWritten`` and this one-line message.
public struct ResultWriteError: Error, CustomStringConvertible, Sendable {
    public struct Failure: Sendable {
        public var file: String
        public var reason: String
    }
    public var failures: [Failure]

    public var description: String {
        "could not write " + failures.map { "\($0.file) (\($0.reason))" }.joined(separator: ", ")
    }

    /// The cause in a few words (`No space left on device`), not a Foundation error dump.
    static func reason(_ error: any Error) -> String {
        if let transport = error as? TransportError { return transport.reason }
        if let report = error as? HTMLReportError { return report.description }
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}

/// An RFC 4180 field: quoted when it holds a comma, quote or line break.
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
