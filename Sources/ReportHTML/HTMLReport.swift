import Foundation
import Report

/// report.html: one self-contained page (inline SVG charts, no script, nothing fetched) made
/// from the files of a run folder or a `b5g compare` folder, so it can be written again at any
/// time from the folder alone.
public enum HTMLReport {
    public static let fileName = "report.html"

    /// What a folder holds.
    public enum FolderKind: Sendable, Equatable { case run, comparison, sweep }

    /// The kind of a result folder: compare.json makes a comparison, sweep.json a sweep, summary.json a run.
    /// - Throws: ``HTMLReportError/notAResultFolder(_:)`` when it has neither.
    public static func kind(of folder: String) throws -> FolderKind {
        let fm = FileManager.default
        if fm.fileExists(atPath: "\(folder)/compare.json") { return .comparison }
        if fm.fileExists(atPath: "\(folder)/sweep.json") { return .sweep }
        if fm.fileExists(atPath: "\(folder)/summary.json") { return .run }
        throw HTMLReportError.notAResultFolder(folder)
    }

    /// Writes the run folder's report.html.
    /// - Returns: the path written.
    @discardableResult
    /// - Parameter summary: the summary just written to the folder, when the caller has it.
    public static func writeRun(folder: String, summary: RunSummary? = nil) throws -> String {
        let html = RunReportPage(run: try RunFolderData.load(folder: folder, summary: summary)).html()
        return try write(html, into: folder)
    }

    /// Writes the compare folder's report.html and, again, each of its runs' own.
    /// - Returns: the path of the comparison's report.
    @discardableResult
    public static func writeComparison(folder: String) throws -> String {
        let page = try ComparisonReportPage.load(folder: folder)
        for entry in page.entries where entry.run != nil { try writeRun(folder: "\(folder)/\(entry.folderName)") }
        return try write(page.html(), into: folder)
    }

    /// Writes report.html for whichever kind of folder `folder` is.
    /// - Returns: the path written.
    @discardableResult
    public static func write(folder: String) throws -> String {
        switch try kind(of: folder) {
        case .run: return try writeRun(folder: folder)
        case .comparison: return try writeComparison(folder: folder)
        case .sweep: return try writeSweep(folder: folder)
        }
    }

    private static func write(_ html: String, into folder: String) throws -> String {
        let path = "\(folder)/\(fileName)"
        try html.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
