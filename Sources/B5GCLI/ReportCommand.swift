import ArgumentParser
import Foundation
import ReportHTML

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write report.html again for a run folder, a compare folder (policies side by side) or a sweep folder.",
        discussion: """
        A run folder (summary.json) gets its own report: end tables, cells over time, latency, processes, \
        energy and actions, NTN. A compare folder (compare.json) gets the policies side by side, and each of \
        its runs its own report. A sweep folder (sweep.json) gets its KPIs against the swept values. The page is self-contained: inline SVG, no script, nothing fetched.
        """)

    @Argument(help: "A run folder, a compare folder or a sweep folder.")
    var folder: String

    func run() throws {
        let path: String
        do {
            path = try HTMLReport.write(folder: folder.hasSuffix("/") && folder.count > 1 ? String(folder.dropLast()) : folder)
        } catch let error as HTMLReportError {
            throw ValidationError(error.description)
        }
        print(path)
    }
}
