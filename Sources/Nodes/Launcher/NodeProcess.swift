import Foundation

/// One node started by the launcher as a separate OS process, its output in a log file.
final class NodeProcess {
    let node: String
    let role: String
    let logPath: String
    let process = Process()
    private(set) var exitStatus: Int32?

    /// - Parameter appendingLog: a node started again after a restart fault writes after its
    ///   predecessor's lines.
    init(node: String, role: String, executable: String, arguments: [String], logPath: String,
         environment: [String: String], appendingLog: Bool = false) throws {
        self.node = node; self.role = role; self.logPath = logPath
        if !appendingLog || !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        if appendingLog { try log.seekToEnd() }
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

    /// SIGKILL, then waits until the process is gone (a restart fault).
    func killAndWait() {
        guard !hasExited else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        _ = hasExited
    }

    /// The last lines of the node's log, for the failure report.
    func lastLogLines(_ n: Int) -> [String] {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return [] }
        return Array(text.split(separator: "\n", omittingEmptySubsequences: true).suffix(n).map(String.init))
    }
}
