import Foundation
import Report

/// What a report shows of a run, read back from its folder: summary.json and whichever of
/// timeseries.csv, ntn_timeseries.csv, power.csv, actions.csv and latency/*.hgrm it holds.
/// Rows a file cannot parse are skipped; a missing file leaves its part empty.
public struct RunFolderData: Sendable {
    public var folder: String
    public var summary: RunSummary
    public var cells: [CellSample] = []
    public var ntn: [NTNSample] = []
    public var power: [OrchestrationReport.PowerSample] = []
    public var actions: [OrchestrationReport.Action] = []
    /// Sorted by direction, then group.
    public var latency: [PercentileDistribution] = []

    /// One slot in ms, for turning action slots into time.
    public var slotMs: Double { 1 / Double(1 << max(0, min(summary.numerology, 6))) }

    public init(folder: String, summary: RunSummary) { self.folder = folder; self.summary = summary }

    /// Reads a run folder.
    /// - Parameter written: the summary just written to the folder's summary.json, when the
    ///   caller has it (decoding it again costs more than drawing the page, with many UEs).
    /// - Throws: ``HTMLReportError`` when summary.json is missing or not a run summary.
    public static func load(folder: String, summary written: RunSummary? = nil) throws -> RunFolderData {
        let summary: RunSummary
        if let written {
            summary = written
        } else {
            let summaryPath = "\(folder)/summary.json"
            guard let data = FileManager.default.contents(atPath: summaryPath) else {
                throw HTMLReportError.notAResultFolder(folder)
            }
            do { summary = try JSONDecoder().decode(RunSummary.self, from: data) } catch {
                throw HTMLReportError.unreadable(path: summaryPath, reason: "\(error)")
            }
        }
        var run = RunFolderData(folder: folder, summary: summary)
        if let t = table("\(folder)/timeseries.csv") { run.cells = parseCells(t) }
        if let t = table("\(folder)/ntn_timeseries.csv") { run.ntn = parseNTN(t) }
        if let t = table("\(folder)/power.csv") { run.power = parsePower(t) }
        if let t = table("\(folder)/actions.csv") { run.actions = parseActions(t) }
        let latencyFolder = "\(folder)/latency"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: latencyFolder)) ?? []
        run.latency = names.filter { $0.hasSuffix(".hgrm") }.compactMap { name in
            guard let text = try? String(contentsOfFile: "\(latencyFolder)/\(name)", encoding: .utf8) else { return nil }
            return PercentileDistribution(name: String(name.dropLast(".hgrm".count)), text: text)
        }.sorted { ($0.direction, $0.group) < ($1.direction, $1.group) }
        return run
    }

    private static func table(_ path: String) -> CSVTable? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return CSVTable(text: text)
    }

    /// Reads each row through named columns; rows missing a required value are skipped.
    private static func rows<T>(_ t: CSVTable, _ make: (_ field: (String) -> String?) -> T?) -> [T] {
        t.rows.compactMap { row in
            make { name in t.column(name).map { row[$0] } }
        }
    }

    static func parseCells(_ t: CSVTable) -> [CellSample] {
        rows(t) { f in
            guard let time = f("time_ms").flatMap(Double.init), let cell = f("cell") else { return nil }
            return CellSample(cell: cell, timeMs: time, dlMbps: f("dl_mbps").flatMap(Double.init) ?? .nan,
                              ulMbps: f("ul_mbps").flatMap(Double.init) ?? .nan,
                              dlPRBUtilization: f("dl_prb_util").flatMap(Double.init) ?? .nan,
                              ulPRBUtilization: f("ul_prb_util").flatMap(Double.init) ?? .nan,
                              meanDLMCS: f("mean_dl_mcs").flatMap(Double.init) ?? .nan,
                              harqRetransmissions: f("harq_retx").flatMap { UInt64($0) } ?? 0,
                              queuedBytes: f("queued_bytes").flatMap { UInt64($0) } ?? 0,
                              connectedUEs: f("connected_ues").flatMap { Int($0) } ?? 0)
        }
    }

    static func parseNTN(_ t: CSVTable) -> [NTNSample] {
        rows(t) { f in
            guard let time = f("time_ms").flatMap(Double.init), let cell = f("cell") else { return nil }
            return NTNSample(cell: cell, timeMs: time, platform: f("platform") ?? "",
                             elevationDeg: f("elevation_deg").flatMap(Double.init) ?? .nan,
                             oneWayDelayMs: f("one_way_delay_ms").flatMap(Double.init) ?? .nan,
                             dopplerHz: f("doppler_hz").flatMap(Double.init) ?? .nan,
                             pathLossDb: f("path_loss_db").flatMap(Double.init) ?? .nan,
                             sinrDb: f("sinr_db").flatMap(Double.init) ?? .nan,
                             servedUEs: f("served_ues").flatMap { Int($0) } ?? 0,
                             handovers: f("handovers").flatMap { Int($0) } ?? 0)
        }
    }

    static func parsePower(_ t: CSVTable) -> [OrchestrationReport.PowerSample] {
        rows(t) { f in
            guard let time = f("time_ms").flatMap(Double.init), let node = f("node"),
                  let power = f("power_w").flatMap(Double.init) else { return nil }
            return OrchestrationReport.PowerSample(periodIndex: f("period").flatMap { Int($0) } ?? 0, timeMs: time, node: node,
                                                   kind: f("kind") ?? "", powerW: power,
                                                   energyJ: f("energy_j").flatMap(Double.init) ?? .nan)
        }
    }

    static func parseActions(_ t: CSVTable) -> [OrchestrationReport.Action] {
        rows(t) { f in
            guard let id = f("id").flatMap({ Int($0) }), let slot = f("slot").flatMap({ UInt64($0) }) else { return nil }
            let refusal = f("refusal") ?? ""
            var a = OrchestrationReport.Action(id: id, periodIndex: f("period").flatMap { Int($0) } ?? 0, slot: slot,
                                               node: f("node") ?? "", type: f("type") ?? "", detail: f("detail") ?? "",
                                               reason: f("reason") ?? "", accepted: f("accepted") == "true",
                                               refusal: refusal.isEmpty ? nil : refusal)
            a.appliedAtSlot = f("applied_slot").flatMap { UInt64($0) }
            return a
        }
    }
}

/// Why a folder could not be reported.
public enum HTMLReportError: Error, CustomStringConvertible, Equatable {
    /// Neither summary.json nor compare.json is in the folder.
    case notAResultFolder(String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notAResultFolder(let folder):
            return "\(folder) is neither a run folder (summary.json) nor a compare folder (compare.json)"
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        }
    }
}
