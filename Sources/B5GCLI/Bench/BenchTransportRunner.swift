import Foundation

/// Starts the sink and source processes of each run and reads the sink's result.
struct BenchTransportRunner {
    /// How to start one implementation's sink or source: a program and the arguments
    /// that precede the role's own.
    struct Invocation {
        let program: String
        let sink: (_ endpoint: String, _ control: String, _ warmup: Int) -> [String]
        let source: (_ endpoint: String, _ control: String, _ size: Int, _ warmup: Int) -> [String]
    }

    let ours: Invocation
    let baseline: Invocation?
    let messages: Int
    let seconds: Double
    let zeroCopyThresholdBytes: Int

    init(ours: Invocation, baseline: String?, messages: Int, seconds: Double, zeroCopyThresholdBytes: Int) {
        self.ours = ours
        self.messages = messages
        self.seconds = seconds
        self.zeroCopyThresholdBytes = zeroCopyThresholdBytes
        self.baseline = baseline.map { program in
            Invocation(
                program: program,
                sink: { ["sink", $0, $1, String($2)] },
                source: { [messages, seconds, zeroCopyThresholdBytes] endpoint, control, size, warmup in
                    ["source", endpoint, control, String(size), String(messages), String(seconds),
                     String(warmup), String(zeroCopyThresholdBytes)]
                })
        }
    }

    /// This binary, re-executed with the same subcommand path (`b5g bench transport`) and a hidden role.
    static func selfInvocation(messages: Int, seconds: Double, zeroCopyThresholdBytes: Int, curve: BenchCurveKeys? = nil) -> Invocation {
        let program = FileManager.default.fileExists(atPath: "/proc/self/exe")
            ? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            : CommandLine.arguments[0]
        let arguments = CommandLine.arguments.dropFirst()
        let prefix = (arguments.firstIndex(of: "transport").map { Array(arguments[...$0]) } ?? ["bench", "transport"])
            + (curve.map { ["--curve-keys", $0.argument] } ?? [])
        return Invocation(
            program: program,
            sink: { prefix + ["--role", "sink", "--endpoint", $0, "--control-endpoint", $1, "--warmup", String($2)] },
            source: { endpoint, control, size, warmup in
                prefix + ["--role", "source", "--endpoint", endpoint, "--control-endpoint", control,
                          "--size", String(size), "--warmup", String(warmup), "--messages", String(messages),
                          "--seconds", String(seconds), "--zero-copy-threshold", String(zeroCopyThresholdBytes)]
            })
    }

    /// Measures one case, alternating which implementation goes first, and keeps each one's best run.
    func measure(transport: BenchTransportKind, sizeBytes: Int, repeats: Int) throws -> BenchTransportRow {
        // Bounded warm-up: 10 % of the messages, at most 10,000 messages and 64 MB.
        let warmup = max(1, min(messages / 10, 10_000, 64_000_000 / sizeBytes))
        var bestOurs: BenchTransportFigures?
        var bestBaseline: BenchTransportFigures?
        for index in 0..<repeats {
            let order = index.isMultiple(of: 2) ? [true, false] : [false, true]
            for isOurs in order {
                guard let invocation = isOurs ? ours : baseline else { continue }
                let figures = try run(invocation, transport: transport, sizeBytes: sizeBytes, warmup: warmup)
                if isOurs {
                    if figures.messagesPerSecond > bestOurs?.messagesPerSecond ?? 0 { bestOurs = figures }
                } else if figures.messagesPerSecond > bestBaseline?.messagesPerSecond ?? 0 {
                    bestBaseline = figures
                }
            }
        }
        return BenchTransportRow(
            transport: transport, sizeBytes: sizeBytes, ours: bestOurs!, baseline: bestBaseline,
            ratioMessagesPerSecond: bestBaseline.map { bestOurs!.messagesPerSecond / $0.messagesPerSecond })
    }

    private func run(_ invocation: Invocation, transport: BenchTransportKind, sizeBytes: Int, warmup: Int) throws
        -> BenchTransportFigures
    {
        let (data, control, files) = endpoints(transport)
        defer { for file in files { try? FileManager.default.removeItem(atPath: file) } }

        let sink = Process()
        sink.executableURL = URL(fileURLWithPath: invocation.program)
        sink.arguments = invocation.sink(data, control, warmup)
        let sinkOutput = Pipe()
        sink.standardOutput = sinkOutput
        try sink.run()
        let watchdog = Watchdog(pids: [sink.processIdentifier], afterSeconds: seconds + 60)

        let reader = sinkOutput.fileHandleForReading
        var text = ""
        while !text.contains("\n") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let announced = text.split(separator: "\n").first?.split(separator: " ") ?? []
        guard announced.count == 3, announced[0] == "endpoints" else {
            sink.waitUntilExit()
            throw BenchTransportFailure(message: "\(invocation.program): sink did not announce its endpoints")
        }

        let source = Process()
        source.executableURL = URL(fileURLWithPath: invocation.program)
        source.arguments = invocation.source(String(announced[1]), String(announced[2]), sizeBytes, warmup)
        let sourceOutput = Pipe()
        source.standardOutput = sourceOutput
        try source.run()
        watchdog.add(source.processIdentifier)

        text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        let sourceText = String(decoding: sourceOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        sink.waitUntilExit()
        source.waitUntilExit()
        watchdog.cancel()
        guard sink.terminationStatus == 0, source.terminationStatus == 0,
              let result = text.split(separator: "\n").first(where: { $0.hasPrefix("result ") })?.split(separator: " "),
              result.count == 4, let count = Int(result[1]), let elapsedNs = Double(result[2]),
              let receiverCpuNs = Double(result[3]), count > 0, elapsedNs > 0,
              let sent = sourceText.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") })?.split(separator: " "),
              sent.count == 2, let senderCpuNs = Double(sent[1])
        else {
            throw BenchTransportFailure(message:
                "\(invocation.program): run failed (sink exit \(sink.terminationStatus), source exit \(source.terminationStatus))")
        }
        return BenchTransportFigures(
            messages: count, elapsedSeconds: elapsedNs / 1e9, sizeBytes: sizeBytes,
            senderCpuNs: senderCpuNs, receiverCpuNs: receiverCpuNs)
    }

    /// Endpoints the sink binds; tcp uses port 0 and the sink announces the real ports.
    private func endpoints(_ transport: BenchTransportKind) -> (String, String, [String]) {
        switch transport {
        case .tcp:
            return ("tcp://127.0.0.1:0", "tcp://127.0.0.1:0", [])
        case .ipc:
            let directory = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
            let stem = "\(directory)/b5g-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            return ("ipc://\(stem).data", "ipc://\(stem).control", ["\(stem).data", "\(stem).control"])
        }
    }
}

/// Terminates the processes of a run (by their ids) if it overruns its bound.
private final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var pids: [Int32]
    private var cancelled = false

    init(pids: [Int32], afterSeconds: Double) {
        self.pids = pids
        DispatchQueue.global().asyncAfter(deadline: .now() + afterSeconds) { [self] in fire() }
    }

    func add(_ pid: Int32) { lock.withLock { pids.append(pid) } }
    func cancel() { lock.withLock { cancelled = true } }

    private func fire() {
        lock.withLock {
            guard !cancelled else { return }
            for pid in pids { kill(pid, SIGTERM) }
        }
    }
}
