import Foundation
import Logging

/// Writes one node's log lines to its own file when every node runs in the launcher's
/// process, in the format a node process writes to its log (swift-log's stream format).
struct FileLogHandler: LogHandler {
    let label: String
    let file: FileHandle
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let meta = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let stamp = ISO8601DateFormatter().string(from: Date())
        file.write(Data("\(stamp) \(event.level) \(label):\(meta) [\(event.source)] \(event.message)\n".utf8))
    }

    /// A logger per node writing to `folder/<node>.log`, at `B5G_LOG_LEVEL` (default info).
    static func makeLogger(node: String, role: String, folder: String) -> Logger {
        let path = "\(folder)/\(node).log"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let level = Logger.Level(rawValue: ProcessInfo.processInfo.environment["B5G_LOG_LEVEL"] ?? "info") ?? .info
        let handle = FileHandle(forWritingAtPath: path) ?? FileHandle.standardError
        var logger = Logger(label: "b5g.\(role)") { label in FileLogHandler(label: label, file: handle, logLevel: level) }
        logger[metadataKey: "node"] = "\(node)"
        return logger
    }
}
