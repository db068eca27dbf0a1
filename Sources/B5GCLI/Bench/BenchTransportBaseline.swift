import Foundation

/// Finds tools/zmq-baseline and builds the C baseline when it is missing or stale.
enum BenchTransportBaseline {
    /// - Parameters:
    ///   - toolsDir: Folder holding `zmq-baseline/`; default: `tools/` in the current folder or an ancestor.
    ///   - baselineDir: Output folder; default: `.build/zmq-baseline` beside that `tools/`.
    /// - Returns: Path of the built `zmq-baseline` program.
    static func prepare(toolsDir: String?, baselineDir: String?) throws -> String {
        let files = FileManager.default
        let tools = try toolsDir ?? locateTools()
        let sourceFolder = tools + "/zmq-baseline"
        let script = sourceFolder + "/build.sh"
        guard files.fileExists(atPath: script) else {
            throw BenchTransportFailure(message: "no \(script); pass --tools-dir or --no-baseline")
        }
        let root = URL(fileURLWithPath: tools).deletingLastPathComponent().path
        let output = baselineDir ?? root + "/.build/zmq-baseline"
        let program = output + "/zmq-baseline"
        if isStale(program, sources: [script, sourceFolder + "/zmq_baseline.c"]) {
            let build = Process()
            build.executableURL = URL(fileURLWithPath: "/bin/sh")
            build.arguments = [script, output]
            try build.run()
            build.waitUntilExit()
            guard build.terminationStatus == 0 else {
                throw BenchTransportFailure(message:
                    "building the C baseline failed (needs cc and libzmq3-dev); pass --no-baseline to skip it")
            }
        }
        return program
    }

    private static func locateTools() throws -> String {
        var folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        while true {
            let candidate = folder.appendingPathComponent("tools/zmq-baseline/build.sh").path
            if FileManager.default.fileExists(atPath: candidate) { return folder.appendingPathComponent("tools").path }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path {
                throw BenchTransportFailure(message:
                    "tools/zmq-baseline not found here or above; pass --tools-dir or --no-baseline")
            }
            folder = parent
        }
    }

    private static func isStale(_ program: String, sources: [String]) -> Bool {
        func modified(_ path: String) -> Date? {
            (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        guard let built = modified(program) else { return true }
        return sources.contains { (modified($0) ?? .distantFuture) > built }
    }
}
