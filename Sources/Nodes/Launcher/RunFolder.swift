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
        for sub in ["logs", "latency"] {
            do {
                try FileManager.default.createDirectory(atPath: "\(path)/\(sub)", withIntermediateDirectories: true)
            } catch {
                throw RunFolderError(path: path, reason: cause(creating: "\(path)/\(sub)", error))
            }
        }
        guard access(path, W_OK) == 0 else { throw RunFolderError(path: path, reason: String(cString: strerror(errno))) }
        return path
    }

    /// Why a folder cannot be created, in a few words: the first part of the path that is a
    /// file, else the system's reason (permission denied, read-only file system).
    private static func cause(creating path: String, _ error: any Error) -> String {
        var prefix = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            prefix = prefix.isEmpty ? "/\(part)" : prefix == "." ? String(part) : "\(prefix)/\(part)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: prefix, isDirectory: &isDirectory), !isDirectory.boolValue {
                return "\(prefix) is a file, not a folder"
            }
        }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
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

/// The run folder cannot be created or written: a bad `--out` (exit 2, nothing started).
public struct RunFolderError: Error, CustomStringConvertible, Sendable {
    /// The folder as requested.
    public var path: String
    /// The cause in a few words.
    public var reason: String

    public var description: String { "cannot use \(path) as the run folder: \(reason)" }
}
