import Foundation

/// One node started by the launcher as a separate OS process, its output in a log file.
final class NodeProcess {
    let node: String
    let role: String
    let logPath: String
    let process = Process()
    private(set) var exitStatus: Int32?

    init(node: String, role: String, executable: String, arguments: [String], logPath: String,
         environment: [String: String]) throws {
        self.node = node; self.role = role; self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        process.environment = environment
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }

    /// Polls without blocking; records the exit status once the process is gone.
    var hasExited: Bool {
        if exitStatus != nil { return true }
        guard !process.isRunning else { return false }
        exitStatus = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return true
    }

    func signal(_ sig: Int32) {
        if !hasExited { kill(process.processIdentifier, sig) }
    }

    /// The last lines of the node's log, for the failure report.
    func lastLogLines(_ n: Int) -> [String] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return Array(text.split(separator: "\n", omittingEmptySubsequences: true).suffix(n).map(String.init))
    }
}
