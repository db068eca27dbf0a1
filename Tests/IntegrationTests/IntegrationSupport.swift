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

    /// Runs `b5g ARGS` and waits for it to exit; `timeoutS` only bounds a run that hangs.
    @discardableResult
    static func run(_ args: [String], timeoutS: Double = 120) throws -> Result {
        let p = Process()
        let err = Pipe()
        p.standardError = err
        let errBox = DataBox(), reader = DispatchGroup()
        return try run(p, args, timeoutS: timeoutS) {
            DispatchQueue.global().async(group: reader) { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        } stderr: {
            _ = reader.wait(timeout: .now() + 5)
            return errBox.data
        }
    }

    /// The launcher's live progress line: the emulated time every node reporting so far has
    /// reached, and how many of the scenario's nodes report.
    struct Progress {
        var emulatedS: Double
        var nodesReporting: Int
        var nodes: Int

        /// Parses `  t=0.300 s  slot 600/1200  real-time factor 1.02x  late slots 0  nodes 6/6 `.
        init?(_ line: String) {
            let words = line.split(separator: " ")
            guard let t = words.first(where: { $0.hasPrefix("t=") }), let emulatedS = Double(t.dropFirst(2)),
                  let k = words.firstIndex(of: "nodes"), k + 1 < words.count else { return nil }
            let counts = words[k + 1].split(separator: "/")
            guard counts.count == 2, let reporting = Int(counts[0]), let nodes = Int(counts[1]) else { return nil }
            self.emulatedS = emulatedS; nodesReporting = reporting; self.nodes = nodes
        }
    }

    /// Runs `b5g ARGS` with its standard error on a pseudo-terminal, so the launcher draws its
    /// progress line as on a console, and calls `action` with the launcher once a progress line
    /// satisfies `condition`. Returns the run's result and whether `action` was called.
    static func run(_ args: [String], timeoutS: Double = 120, when condition: @escaping @Sendable (Progress) -> Bool,
                    do action: @escaping @Sendable (Process) -> Void) throws -> (result: Result, acted: Bool) {
        let acted = Flag()
        let result = try run(args, timeoutS: timeoutS) { line, p in
            guard !acted.value, let progress = Progress(line), condition(progress) else { return }
            acted.value = true
            action(p)
        }
        return (result, acted.value)
    }

    /// Runs `b5g ARGS` with its standard error on a pseudo-terminal (progress lines drawn as on a
    /// console) and calls `line` with every line it writes there, in order, while it runs.
    static func run(_ args: [String], timeoutS: Double = 120,
                    eachLine line: @escaping @Sendable (String, Process) -> Void) throws -> Result {
        let terminal = try PseudoTerminal()
        let p = Process()
        p.standardError = FileHandle(fileDescriptor: terminal.secondary, closeOnDealloc: false)
        let errBox = DataBox(), reader = DispatchGroup()
        defer { terminal.closeUnread() }
        return try run(p, args, timeoutS: timeoutS) {
            terminal.closeSecondary()
            terminal.read(in: reader) { text in
                errBox.data.append(contentsOf: Array(text.utf8) + [10])
                line(text, p)
            }
        } stderr: {
            _ = reader.wait(timeout: .now() + 5)
            return errBox.data
        }
    }

    /// Starts `p` as `b5g ARGS`, waits for its exit (or kills it after `timeoutS`) and collects its output.
    private static func run(_ p: Process, _ args: [String], timeoutS: Double, started: () -> Void,
                            stderr: () -> Data) throws -> Result {
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = repositoryRoot
        let out = Pipe()
        p.standardOutput = out
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        try p.run()
        started()
        let outBox = DataBox(), reader = DispatchGroup()
        DispatchQueue.global().async(group: reader) { outBox.data = out.fileHandleForReading.readDataToEndOfFile() }
        if exited.wait(timeout: .now() + timeoutS) == .timedOut {
            p.terminate()
            XCTFail("b5g \(args.joined(separator: " ")) timed out")
        }
        p.waitUntilExit()
        _ = reader.wait(timeout: .now() + 5)
        return Result(status: p.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
                      stderr: String(decoding: stderr(), as: UTF8.self))
    }

    /// Skips the test unless python3 can import `module` (from the pip package `package`).
    static func requirePython(module: String, package: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import \(module)"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { throw XCTSkip("python3 is not available") }
        p.waitUntilExit()
        if p.terminationStatus != 0 { throw XCTSkip("\(package) is not installed (python3 -m pip install \(package))") }
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

    /// Runs a bundled scenario in one process into `dir/run`, checks it ended `ok` and returns
    /// its summary with its `processes` by node name.
    static func runBundledInProcess(_ bundled: String, in dir: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> (summary: [String: Any], processes: [String: [String: Any]]) {
        let path = try scenario(bundled, in: dir)
        let result = try run(["run", path, "--in-process", "--quiet", "--out", "\(dir)/run"])
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        let summary = try summary("\(dir)/run")
        XCTAssertEqual(summary["status"] as? String, "ok", file: file, line: line)
        // Faults lose ACKs, so HARQ delivers some blocks twice: PDCP must drop the duplicates.
        for ue in summary["ues"] as? [[String: Any]] ?? [] {
            for direction in ["downlink", "uplink"] {
                let d = ue[direction] as? [String: Any] ?? [:]
                XCTAssertLessThanOrEqual(d["receivedPackets"] as? Int ?? 0, d["sentPackets"] as? Int ?? 0,
                                         "\(ue["name"] ?? "?") \(direction) received more packets than were sent", file: file, line: line)
            }
        }
        let processes = Dictionary(uniqueKeysWithValues: (summary["processes"] as? [[String: Any]] ?? []).map {
            ($0["node"] as? String ?? "", $0)
        })
        return (summary, processes)
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
final class Flag: @unchecked Sendable { var value = false }

/// A pseudo-terminal pair: a child writing to `secondary` sees a terminal (`isatty`), the test
/// reads what it wrote from the primary side.
final class PseudoTerminal: @unchecked Sendable {
    let primary: Int32
    let secondary: Int32

    init() throws {
        // glibc has these, but the Glibc module leaves them out (they need _XOPEN_SOURCE).
        let openpt = try Self.libc("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
        let grantpt = try Self.libc("grantpt", as: (@convention(c) (Int32) -> Int32).self)
        let unlockpt = try Self.libc("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
        let ptsname = try Self.libc("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32).self)
        primary = openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        var name = [CChar](repeating: 0, count: 128)
        guard primary >= 0, grantpt(primary) == 0, unlockpt(primary) == 0, ptsname(primary, &name, name.count) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        secondary = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard secondary >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }

    private static func libc<F>(_ name: String, as type: F.Type) throws -> F {
        guard let symbol = dlsym(nil, name) else { throw POSIXError(.ENOSYS) }
        return unsafeBitCast(symbol, to: type)
    }

    private var secondaryOpen = true, primaryOpen = true

    /// The parent's copy of the secondary side, closed once the child has its own, so that
    /// reading ends when the child exits.
    func closeSecondary() {
        if secondaryOpen { close(secondary); secondaryOpen = false }
    }

    /// Closes both sides if the terminal was never read (the child did not start).
    func closeUnread() {
        closeSecondary()
        if primaryOpen { close(primary); primaryOpen = false }
    }

    /// On another thread, calls `line` with each line (ended by a carriage return or a line feed)
    /// until every writer has closed the terminal, then closes the primary side.
    func read(in group: DispatchGroup, _ line: @escaping @Sendable (String) -> Void) {
        primaryOpen = false
        DispatchQueue.global().async(group: group) { self.readLines(line) }
    }

    private func readLines(_ line: (String) -> Void) {
        var pending: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = Glibc.read(primary, &buffer, buffer.count)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }   // EIO once the last writer has gone
            for byte in buffer[0..<n] {
                if byte == 13 || byte == 10 {
                    if !pending.isEmpty { line(String(decoding: pending, as: UTF8.self)) }
                    pending.removeAll(keepingCapacity: true)
                } else {
                    pending.append(byte)
                }
            }
        }
        if !pending.isEmpty { line(String(decoding: pending, as: UTF8.self)) }
        close(primary)
    }
}
