import Foundation
import XCTest

/// Runs the real `b5g` binary (built next to the test bundle) as a user would.
enum B5G {
    static var binary: String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir.appendingPathComponent("b5g"), dir.deletingLastPathComponent().appendingPathComponent("b5g")]
        where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate.path
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/b5g").path
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    /// Runs `b5g ARGS` and waits (bounded) for it to exit.
    @discardableResult
    static func run(_ args: [String], timeoutS: Double = 120, onStart: ((Process) -> Void)? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = repositoryRoot
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        onStart?(p)
        let deadline = Date().addingTimeInterval(timeoutS)
        var outData = Data(), errData = Data()
        let reader = DispatchGroup()
        let outBox = DataBox(), errBox = DataBox()
        DispatchQueue.global().async(group: reader) { outBox.data = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: reader) { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        while p.isRunning, Date() < deadline { usleep(50_000) }
        if p.isRunning { p.terminate(); XCTFail("b5g \(args.joined(separator: " ")) timed out") }
        p.waitUntilExit()
        _ = reader.wait(timeout: .now() + 5)
        outData = outBox.data; errData = errBox.data
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    static func temporaryDirectory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "b5g-test-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func summary(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/summary.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// A copy of a bundled scenario with some top-level fields replaced, written to `dir`.
    static func scenario(_ bundled: String, in dir: String, replacing: [String: String] = [:]) throws -> String {
        var text = try String(contentsOf: repositoryRoot.appendingPathComponent("Scenarios/\(bundled)"), encoding: .utf8)
        for (key, value) in replacing {
            text = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("\(key):") ? "\(key): \(value)" : String(line)
            }.joined(separator: "\n")
        }
        let path = "\(dir)/\(bundled)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

final class DataBox: @unchecked Sendable { var data = Data() }
