import Foundation

/// The run's output folder: `runs/<name>-<UTC timestamp>/` unless `--out` names one.
enum RunFolder {
    static func create(scenarioName: String, requested: String?) throws -> String {
        let path: String
        if let requested {
            path = requested
        } else {
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyyMMdd-HHmmss"
            formatter.timeZone = TimeZone(identifier: "UTC")
            path = "runs/\(scenarioName)-\(formatter.string(from: Date()))"
        }
        try FileManager.default.createDirectory(atPath: "\(path)/logs", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(path)/latency", withIntermediateDirectories: true)
        return path
    }

    /// A short private folder for ipc:// sockets (socket paths are limited to 107 bytes) and
    /// the run's keys: mode 0700, so other users can neither connect to the sockets nor read keys.
    static func makeIPCDirectory() throws -> String {
        let path = "/tmp/b5g-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        return path
    }
}
